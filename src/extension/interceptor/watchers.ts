/**
 * Watchers for what bypasses the guard: commands typed or run in terminals (shell integration) and
 * changes to protected files that did not come through Agent Guard. Each is checked against policy,
 * recorded (audit log + recent list), fed to the anomaly detector, and, for protected files, the
 * developer is offered to put back the last known content.
 */
import * as vscode from 'vscode';
import type { AuditEntryInput } from '../../engine/audit/auditEntry';
import type { Decision } from '../../engine/decision';
import type { DecisionPort } from '../../engine/interceptor';
import type { AgentEvent } from '../../engine/anomaly/types';
import { inert } from '../../engine/display/inertLinks';

export const REVERT_COMMAND = 'agentGuard.revertProtectedFile';
/** A protected file larger than this is not snapshotted (it can still be reported). */
const MAX_SNAPSHOT_BYTES = 1024 * 1024;

export interface BypassDeps {
  workspace: string;
  engine: DecisionPort;
  log: vscode.LogOutputChannel;
  record(entry: AuditEntryInput): void;
  observe?(event: AgentEvent): void;
  /** True when Agent Guard itself just wrote this path (its own edits are not a bypass). */
  wroteRecently(path: string): boolean;
}

/** What Agent Guard last knew of a protected file: its bytes, or that it did not exist. */
type Snapshot = { content: Uint8Array } | { absent: true };
type Snapshots = Map<string, Snapshot>;

export function registerBypassWatchers(deps: BypassDeps): vscode.Disposable {
  const snapshots: Snapshots = new Map();
  const savedByEditor = new Map<string, number>();
  const disposables: vscode.Disposable[] = [];
  if (vscode.window.onDidStartTerminalShellExecution) {
    disposables.push(vscode.window.onDidStartTerminalShellExecution((event) => void onTerminalCommand(deps, event)));
  }
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(deps.workspace, '**/*'));
  const onFile = (kind: FileEvent) => (uri: vscode.Uri) => void onFileChange(deps, snapshots, savedByEditor, uri, kind);
  disposables.push(
    watcher, watcher.onDidChange(onFile('change')), watcher.onDidCreate(onFile('create')), watcher.onDidDelete(onFile('delete')),
    // A developer saving in the editor is not a bypass; their version becomes the known content.
    vscode.workspace.onWillSaveTextDocument((event) => savedByEditor.set(event.document.uri.fsPath, Date.now())),
    vscode.commands.registerCommand(REVERT_COMMAND, (path: string) => revert(deps, snapshots, path)),
  );
  void snapshotProtectedFiles(deps, snapshots);
  return vscode.Disposable.from(...disposables);
}

async function onTerminalCommand(deps: BypassDeps, event: vscode.TerminalShellExecutionStartEvent): Promise<void> {
  const command = event.execution.commandLine.value.trim();
  if (command === '') return;
  const cwd = event.execution.cwd?.fsPath ?? deps.workspace;
  const decision = await evaluate(() => deps.engine.checkCommand(command, cwd));
  const agent = `terminal:${event.terminal.name}`.slice(0, 64);
  deps.record({
    agent, operation: 'command.observed', target: command, result: 'recorded', source: 'terminal-watcher',
    reason: `ran in a terminal outside Agent Guard; policy would ${decision.decision}: ${decision.reasons.slice(0, 2).join('; ')}`,
    details: { risk: decision.risk, verdict: decision.decision },
  });
  deps.observe?.({ agent, kind: 'command', target: command, verdict: decision.decision });
  if (decision.decision === 'deny') {
    void vscode.window.showWarningMessage(inert(`Agent Guard: a command its policy denies ran in terminal "${event.terminal.name}" outside Agent Guard: ${command.slice(0, 120)}`));
  }
}

type FileEvent = 'create' | 'change' | 'delete';

async function onFileChange(deps: BypassDeps, snapshots: Snapshots, savedByEditor: Map<string, number>, uri: vscode.Uri, event: FileEvent): Promise<void> {
  const path = uri.fsPath;
  if (deps.wroteRecently(path)) return;
  if (event === 'create' && await isDirectory(uri)) {
    // A new folder may be reported without the files created in it (inotify): look inside.
    const inside = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*'), undefined, 500);
    for (const file of inside) await onFileChange(deps, snapshots, savedByEditor, file, 'create');
    return;
  }
  const kind = event === 'delete' ? 'delete' : 'write';
  const decision = await evaluate(() => deps.engine.checkPath(kind, path));
  if (!isProtected(decision)) return;
  if (event !== 'delete' && Date.now() - (savedByEditor.get(path) ?? 0) < 2000) {
    await remember(snapshots, uri);
    return;
  }
  // A protected file that appears was absent before: undoing the bypass means deleting it.
  if (event === 'create' && !snapshots.has(path)) snapshots.set(path, { absent: true });
  deps.record({
    agent: 'unknown', operation: `file.${event}.observed`, target: path, result: 'recorded', source: 'file-watcher',
    reason: `a protected file was changed outside Agent Guard: ${decision.reasons.slice(0, 2).join('; ')}`, details: { risk: decision.risk },
  });
  deps.observe?.({ agent: 'unknown', kind, target: path, verdict: decision.decision, sensitive: true });
  const known = snapshots.get(path);
  const action = known === undefined ? undefined : 'absent' in known ? 'Delete it' : 'Restore last known content';
  const choice = await vscode.window.showWarningMessage(inert(`Agent Guard: protected file ${vscode.workspace.asRelativePath(path)} was changed outside Agent Guard.`), ...(action ? [action] : []));
  if (choice) await revert(deps, snapshots, path);
}

/** Puts a protected file back as Agent Guard last knew it (deleting it if it did not exist). */
async function revert(deps: BypassDeps, snapshots: Snapshots, path: string): Promise<boolean> {
  const known = snapshots.get(path);
  if (!known) return false;
  const uri = vscode.Uri.file(path);
  if ('absent' in known) await vscode.workspace.fs.delete(uri, { useTrash: false });
  else await vscode.workspace.fs.writeFile(uri, known.content);
  deps.record({ agent: 'agent-guard', operation: 'file.revert', target: path, result: 'reviewed', source: 'ui', reason: 'restored the last known content of a protected file' });
  return true;
}

/** Remembers protected files as they are now; a file that did not exist is remembered as absent. */
async function snapshotProtectedFiles(deps: BypassDeps, snapshots: Snapshots): Promise<void> {
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(deps.workspace, '**/*'), '**/node_modules/**', 5000);
  for (const uri of files) {
    const decision = await evaluate(() => deps.engine.checkPath('write', uri.fsPath));
    if (isProtected(decision)) await remember(snapshots, uri);
  }
  deps.log.info(`bypass watcher: ${snapshots.size} protected file(s) remembered`);
}

/** Keeps the file's current bytes; a file too large or unreadable is forgotten (never "restored" as empty). */
async function remember(snapshots: Snapshots, uri: vscode.Uri): Promise<void> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_SNAPSHOT_BYTES) snapshots.delete(uri.fsPath);
    else snapshots.set(uri.fsPath, { content: await vscode.workspace.fs.readFile(uri) });
  } catch {
    snapshots.delete(uri.fsPath);
  }
}

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try {
    return (await vscode.workspace.fs.stat(uri)).type === vscode.FileType.Directory;
  } catch {
    return false;
  }
}

/** Protected by the engine's built-in sets (credentials, agent/editor configuration, git hooks...). */
function isProtected(decision: Decision): boolean {
  return decision.matchedRules.some((rule) => rule.ruleId.startsWith('builtin:protected-path:')) || decision.matchedRules.length === 0 && decision.decision === 'deny';
}

async function evaluate(check: () => Decision | Promise<Decision>): Promise<Decision> {
  try {
    return await check();
  } catch (error) {
    return { decision: 'deny', risk: 'high', reasons: [`policy could not be evaluated (${error instanceof Error ? error.message : 'error'})`], matchedRules: [], subcommands: [] };
  }
}

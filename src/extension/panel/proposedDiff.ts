/**
 * "Show diff" for a waiting file edit: the current file against the agent's proposed content, in VS
 * Code's diff editor. The proposal is served from memory by a read-only content provider; it is never
 * written to disk and never sent to the webview.
 */
import * as vscode from 'vscode';
import type { ApprovalRequest } from '../../engine/approval/queue';
import { applyEdits } from '../../engine/interceptor/edits';
import type { ActionResult } from '../../protocol/panelMessages';

const SCHEME = 'agent-guard-panel-proposed';
const MAX_KEPT = 50;
const proposals = new Map<string, string>();

export function registerProposedDiffProvider(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
    provideTextDocumentContent: (uri) => proposals.get(uri.path.replace(/^\//, '')) ?? '',
  });
}

export async function showProposedDiff(request: ApprovalRequest): Promise<ActionResult> {
  const op = request.operation;
  if (op.kind !== 'write' && op.kind !== 'create') return { ok: false, message: 'Only file edits have a diff.' };
  const target = vscode.Uri.file(op.path);
  let current = '';
  try {
    current = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
  } catch {
    // A new file: compare against empty.
  }
  const proposed = op.content !== undefined ? { ok: true as const, text: op.content } : applyEdits(current, op.edits ?? [], op.path);
  if (!proposed.ok) return { ok: false, message: 'The proposed edits do not apply to the current file.' };
  proposals.set(request.id, proposed.text);
  if (proposals.size > MAX_KEPT) proposals.delete(proposals.keys().next().value as string);
  const left = current === '' ? vscode.Uri.parse(`${SCHEME}:/empty`) : target;
  const title = `Proposed by ${request.agentId}: ${vscode.workspace.asRelativePath(op.path)}`;
  await vscode.commands.executeCommand('vscode.diff', left, vscode.Uri.parse(`${SCHEME}:/${request.id}`), title);
  return { ok: true, message: 'Opened the diff in an editor.' };
}

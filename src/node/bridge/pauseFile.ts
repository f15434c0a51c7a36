/**
 * The pause switch, kept where the hook can read it without VS Code (issue 12 item 5): offline mode
 * must not let agents run while the developer (or the anomaly detector) has paused them. The extension
 * writes `paused-<workspace key>.json` in the user-only state directory on every change; the hook
 * checks the file of its workspace and every ancestor. A file it cannot trust (not ours, writable by
 * others, unreadable) counts as paused: fail closed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditStateDir } from '../audit/headStore';
import { candidateWorkspaces, privateFileProblem, workspaceKey, writePrivateFile } from './paths';

export type PersistedPause = { paused: false } | { paused: true; reason: string; since: number };

export function pauseFile(workspace: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(auditStateDir(env), `paused-${workspaceKey(workspace)}.json`);
}

export function writePause(workspace: string, state: PersistedPause, env: NodeJS.ProcessEnv = process.env): void {
  const file = pauseFile(workspace, env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (!state.paused) {
    fs.rmSync(file, { force: true });
    return;
  }
  writePrivateFile(file, JSON.stringify(state));
}

/** The pause recorded for `cwd`'s workspace (or an ancestor), with the reason; undefined when none. */
export function readPause(cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const workspace of candidateWorkspaces(cwd)) {
    const file = pauseFile(workspace, env);
    if (!fs.existsSync(file)) continue;
    const problem = privateFileProblem(file);
    if (problem) return `the recorded pause state cannot be trusted (${problem})`;
    try {
      const state = JSON.parse(fs.readFileSync(file, 'utf8')) as { paused?: unknown; reason?: unknown };
      return state.paused === false ? undefined : `Agent Guard is paused: ${typeof state.reason === 'string' ? state.reason : 'no reason given'}`;
    } catch {
      return 'the recorded pause state cannot be read';
    }
  }
  return undefined;
}

// Runs the built `agent-guard hook <agent>` as an agent would, against the extension under test.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './extension';
import { workspace } from './workspace';

/** Runs `dist/cli.js hook <agent>` with `input` on stdin and the given environment. */
export function runHook(agent: string, input: unknown, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  const cli = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'hook', agent], { env: { ...env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['pipe', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
    child.stdin.end(JSON.stringify(input));
  });
}

/** Claude Code's PreToolUse input for a Bash call in the test workspace, in session `session`. */
export const claudeBash = (command: string, session = 'it') => ({
  session_id: session, transcript_path: '/tmp/t.jsonl', cwd: workspace(), permission_mode: 'default',
  hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: 'toolu_it',
});

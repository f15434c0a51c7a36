/**
 * The bridge directory when there is no XDG_RUNTIME_DIR (issue 12 item 5). A fixed `/tmp/agent-guard-<uid>`
 * can be created first by any other local user, which stops the bridge from starting. Instead the server
 * makes a fresh directory with `mkdtemp` (a random name, created 0700 atomically, so nobody can have made
 * it before) and publishes its path in `bridge-dir` inside the user-only state directory (0700, the file
 * 0600; the same directory as the audit head, headStore.ts). Clients read that file and trust the path only
 * when it is a private directory of ours.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditStateDir } from '../audit/headStore';
import { privateDirProblem, privateFileProblem } from './paths';

export function hasRuntimeDir(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.XDG_RUNTIME_DIR && path.posix.isAbsolute(env.XDG_RUNTIME_DIR));
}

export function bridgeDirPointer(env: NodeJS.ProcessEnv): string {
  return path.join(auditStateDir(env), 'bridge-dir');
}

/** The published directory, when the pointer and the directory it names are both private and ours. */
export function readPublishedBridgeDir(env: NodeJS.ProcessEnv): string | undefined {
  const pointer = bridgeDirPointer(env);
  if (privateDirProblem(path.dirname(pointer)) || privateFileProblem(pointer)) return undefined;
  const dir = fs.readFileSync(pointer, 'utf8').trim();
  return path.isAbsolute(dir) && privateDirProblem(dir) === undefined ? dir : undefined;
}

/** The published directory, or a new one made and published now. Throws when the state directory is not ours. */
export function publishBridgeDir(env: NodeJS.ProcessEnv, tmpdir: string, uid: number | undefined): string {
  const existing = readPublishedBridgeDir(env);
  if (existing) return existing;
  const pointer = bridgeDirPointer(env);
  fs.mkdirSync(path.dirname(pointer), { recursive: true, mode: 0o700 });
  const problem = privateDirProblem(path.dirname(pointer));
  if (problem) throw new Error(`the bridge cannot publish its directory: ${problem}`);
  const dir = fs.mkdtempSync(path.join(tmpdir, `agent-guard-${uid ?? 'user'}-`));
  const temp = `${pointer}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temp, dir, { mode: 0o600, flag: 'wx' });
  fs.renameSync(temp, pointer);
  // Two windows starting at once may both publish; the last rename wins and both use that directory.
  const winner = readPublishedBridgeDir(env);
  if (winner && winner !== dir) fs.rmSync(dir, { recursive: true, force: true });
  return winner ?? dir;
}

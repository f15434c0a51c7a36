// A stand-in for VS Code's bridge that fails on purpose (`npm run test:agents`, scripts/lib/agentFaults.mjs).
// It publishes itself for one workspace exactly as the extension does (a 0700 `agent-guard` folder under
// XDG_RUNTIME_DIR, `<key>.json` discovery and `<key>.token`, 0600, a Unix socket `<key>.sock`), so the
// real hook finds it and sends its request; then, per mode:
//   kill    - the bridge process dies of SIGKILL with the request read and unanswered
//   hang    - it reads the request and never answers (the hook's own wait runs out)
//   garbage - it answers one line that is not a bridge answer (an allow-looking JSON of the wrong shape)
// Run as a child: `node faultBridge.mjs <mode> <runtimeDir> <workspace>`; prints "ready" once listening.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MALFORMED_ALLOW = '{"v":1,"ok":true,"result":{"verdict":"allow"}}\n';

function serve(mode, runtimeDir, workspace) {
  const dir = join(runtimeDir, 'agent-guard');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  // The key as src/node/bridge/paths.ts computes it on POSIX: sha256 of the real path, 16 hex.
  const key = createHash('sha256').update(realpathSync(workspace)).digest('hex').slice(0, 16);
  const socketPath = join(dir, `${key}.sock`);
  const tokenPath = join(dir, `${key}.token`);
  writeFileSync(tokenPath, 'fault-bridge-token', { mode: 0o600 });
  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk;
      if (!buffer.includes('\n')) return;
      if (mode === 'kill') process.kill(process.pid, 'SIGKILL');
      if (mode === 'garbage') socket.write(MALFORMED_ALLOW);
      // hang: nothing, the connection stays open
    });
    socket.on('error', () => undefined);
  });
  server.listen(socketPath, () => {
    chmodSync(socketPath, 0o600);
    writeFileSync(join(dir, `${key}.json`), JSON.stringify({ v: 1, socketPath, tokenPath, workspace: realpathSync(workspace), pid: process.pid }), { mode: 0o600 });
    process.stdout.write('ready\n');
  });
}

/** Starts the fault bridge for `workspace` in a child process; resolves once it listens. `stop()` ends it. */
export function startFaultBridge(mode, runtimeDir, workspace) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), mode, runtimeDir, workspace], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`the fault bridge exited before listening (${code ?? signal})`)));
    child.stdout.once('data', () => {
      child.removeAllListeners('exit');
      resolve({ child, stop: () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); } });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) serve(process.argv[2], process.argv[3], process.argv[4]);

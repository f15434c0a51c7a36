// Small process helpers shared by the scripts: run a command to completion, time a stage,
// and find a free loopback port. Everything here is plain node so it works before `npm ci`.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** Runs `command args` with inherited stdio (or captured, with `capture: true`); rejects on non-zero exit. */
export function run(command, args, options = {}) {
  const { capture = false, env = process.env, cwd = process.cwd(), quiet = false } = options;
  if (!quiet) console.log(`$ ${[command, ...args].join(' ')}${cwd === process.cwd() ? '' : `   (in ${cwd})`}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => { stdout += chunk; });
    child.stderr?.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})${stderr ? `\n${stderr.slice(-4000)}` : ''}`));
    });
  });
}

/** Whether `command` is on PATH (used to detect missing system packages). */
export async function commandExists(command) {
  try {
    await run('sh', ['-c', `command -v ${command}`], { capture: true, quiet: true });
    return true;
  } catch {
    return false;
  }
}

/** Formats milliseconds as seconds with one decimal, for the per-stage timings. */
export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Runs `body`, printing the stage name before and its wall time after (also when it fails). */
export async function stage(name, body) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  try {
    return await body();
  } finally {
    console.log(`=== ${name}: ${seconds(Date.now() - started)} ===`);
  }
}

/** Asks the kernel for a free port on 127.0.0.1 (there is a tiny race until the caller binds it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

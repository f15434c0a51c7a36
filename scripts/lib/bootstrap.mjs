// Makes a fresh clone runnable: system packages (Debian/root: installed with apt-get; otherwise the
// exact command is printed and we fail), npm dependencies (npm ci when node_modules is missing or does
// not match package-lock.json) and the code-server test bed. Plain node only: runs before npm ci.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandExists, run } from './proc.mjs';

/** Debian package → how we detect that it is present. */
const SYSTEM_PACKAGES = [
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'bubblewrap', present: () => commandExists('bwrap') },
  { pkg: 'ripgrep', present: () => existsSync('/usr/bin/rg') },
  { pkg: 'libkrb5-dev', present: () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h') },
  // node-gyp builds code-server's native modules from source (offline: no prebuilt downloads).
  { pkg: 'g++', present: () => commandExists('g++') },
  { pkg: 'make', present: () => commandExists('make') },
  { pkg: 'python3', present: () => commandExists('python3') },
  // The team's syslog collector in the audit-forwarding tests and bench (TLS through its gnutls driver).
  { pkg: 'rsyslog', present: () => existsSync('/usr/sbin/rsyslogd') },
  { pkg: 'rsyslog-gnutls', present: () => existsSync('/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so') },
  { pkg: 'openssl', present: () => commandExists('openssl') },
  // The sandbox's per-domain egress: relays 127.0.0.1 inside the sandbox to the proxy's unix socket.
  { pkg: 'socat', present: () => commandExists('socat') },
  // The differential oracle: Debian's own bash (--pretty-print) is the ground truth for the command analyzer.
  { pkg: 'bash', present: () => existsSync('/bin/bash') },
];

export async function ensureSystemPackages() {
  const missing = [];
  for (const { pkg, present } of SYSTEM_PACKAGES) if (!(await present())) missing.push(pkg);
  if (missing.length === 0) return;
  const isDebian = existsSync('/etc/debian_version');
  const isRoot = process.getuid?.() === 0;
  if (!isDebian || !isRoot) {
    throw new Error(`Missing system packages: ${missing.join(' ')}\nInstall them, then run again:\n`
      + `  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n`
      + '(names are Debian/Ubuntu packages; on other systems install the equivalents: chromium at /usr/bin/chromium '
      + 'or AGENT_GUARD_CHROMIUM=<path>, bwrap, rg at /usr/bin/rg, kerberos headers, a C++ toolchain and python3)');
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env });
  await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
}

const lockHash = (root) => createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');
const stampPath = (root) => join(root, 'node_modules', '.agent-guard-lock-sha256');

/**
 * Whether node_modules already holds exactly what package-lock.json asks for, judged by npm's own record
 * of the installed tree (node_modules/.package-lock.json). Avoids wiping node_modules needlessly.
 */
function installedTreeMatchesLock(root) {
  const hiddenPath = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(hiddenPath)) return false;
  const wanted = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {};
  const installed = JSON.parse(readFileSync(hiddenPath, 'utf8')).packages ?? {};
  for (const [path, entry] of Object.entries(wanted)) {
    if (path === '' || entry.link) continue;
    const have = installed[path];
    if (!have) {
      if (entry.optional) continue; // optional packages for other platforms are never installed
      return false;
    }
    if (have.version !== entry.version) return false;
  }
  return Object.keys(installed).every((path) => path in wanted);
}

export async function ensureNodeModules(root) {
  const hash = lockHash(root);
  const stamp = existsSync(stampPath(root)) ? readFileSync(stampPath(root), 'utf8').trim() : '';
  if (stamp === hash) return 'up to date';
  if (existsSync(join(root, 'node_modules')) && installedTreeMatchesLock(root)) {
    writeFileSync(stampPath(root), hash);
    return 'up to date (matches package-lock.json)';
  }
  // npm 11 skips dependencies' install scripts unless approved; nothing in our own tree needs them
  // (esbuild ships its binary as an optional package, tree-sitter runs as WebAssembly).
  await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root });
  writeFileSync(stampPath(root), hash);
  return 'installed with npm ci';
}

// `npm run test:windows`: the hook bridge's Windows transport (a named pipe), tested with the real
// Windows node binary under wine. A bridge server with the scripted test policy runs in one Windows
// process; the real `dist/cli.js hook claude` runs in others and is fed real-format Claude Code
// PreToolUse input (test/fixtures/hooks/claude). Exits non-zero on any failed check; prints timings.
// Wine is not Windows: see the notes printed at the end and docs/hooks.md for what this does not show.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, seconds, stage } from './lib/proc.mjs';
import { ensureWindowsNode, ensureWine, ensureWinePrefix, runWine, startWine, toUnixPath, toWindowsPath } from './lib/wine.mjs';
import { withDirectoryLock } from './lib/lock.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(root, 'test', 'fixtures', 'hooks', 'claude');
const PIPE = /^\\\\\.\\pipe\\agent-guard-[0-9a-f]{32}$/;
const results = [];

async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ name, ok: true, ms: Date.now() - started });
    console.log(`  ✔ ${name} (${seconds(Date.now() - started)})`);
  } catch (error) {
    results.push({ name, ok: false, ms: Date.now() - started });
    console.log(`  ✘ ${name} (${seconds(Date.now() - started)})\n    ${String(error?.message ?? error).replaceAll('\n', '\n    ')}`);
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** A Claude Code fixture with its cwd moved to `cwd` (the fixtures were captured on Linux). */
function claudeInput(name, cwd) {
  const input = JSON.parse(readFileSync(join(FIXTURES, `${name}.input.json`), 'utf8'));
  return JSON.stringify({ ...input, cwd });
}

function lastJsonLine(text) {
  const line = text.trim().split('\n').filter(Boolean).pop();
  return line ? JSON.parse(line) : undefined;
}

async function waitFor(probe, what, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function build(outDir) {
  await run(process.execPath, ['esbuild.mjs'], { cwd: root, capture: true });
  await esbuild.build({
    entryPoints: [join(root, 'test', 'windows', 'bridgeHarness.ts')],
    outfile: join(outDir, 'bridgeHarness.js'),
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning',
  });
}

async function main() {
  const total = Date.now();
  const { wine, nodeExe, prefix } = await stage('wine + Windows node (installed on first use, then cached)', async () => {
    const wine = await ensureWine();
    const nodeExe = await ensureWindowsNode();
    const prefix = await ensureWinePrefix(wine);
    return { wine, nodeExe, prefix };
  });
  mkdirSync(join(root, 'out'), { recursive: true });
  const outDir = mkdtempSync(join(root, 'out', 'windows-'));
  try {
    await stage('build (dist/cli.js + bridge harness)', () => build(outDir));
    // One run at a time per prefix: the runs share %LOCALAPPDATA%\agent-guard and the wineserver.
    await withDirectoryLock(`${prefix}.run.lock`, () => stage('checks under wine', () => checks({ wine, nodeExe, prefix, outDir })));
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok);
  console.log(`\n${results.length - failed.length} passed, ${failed.length} failed; total ${seconds(Date.now() - total)}`);
  process.exitCode = failed.length === 0 && results.length > 0 ? 0 : 1;
}

/** What every check needs: one workspace, the Windows paths, and ways to run the harness and the hook. */
function testContext({ wine, nodeExe, prefix, outDir }) {
  const folder = `Project-${randomBytes(4).toString('hex')}`;
  const unixWorkspace = join(prefix, 'drive_c', 'agw', folder);
  mkdirSync(join(unixWorkspace, 'src'), { recursive: true });
  const harness = toWindowsPath(prefix, join(outDir, 'bridgeHarness.js'));
  const cli = toWindowsPath(prefix, join(root, 'dist', 'cli.js'));
  const stopFile = join(unixWorkspace, 'stop');
  const t = {
    prefix, unixWorkspace, stopFile,
    // VS Code reports a lower-case drive letter; an agent's hook may send C:\ and run in a subfolder.
    serverWorkspace: `c:\\agw\\${folder}`,
    hookCwd: `C:\\agw\\${folder}\\src`,
    server: undefined,
    discovery: undefined,
    harness: (args) => runWine(wine, prefix, [nodeExe, harness, ...args]).then((r) => lastJsonLine(r.stdout)),
    startServer: () => startWine(wine, prefix, [nodeExe, harness, 'serve', t.serverWorkspace, toWindowsPath(prefix, stopFile)]),
    /** Runs the real `dist/cli.js hook claude` on a fixture; returns its hookSpecificOutput. */
    hook: async (fixture) => {
      const result = await runWine(wine, prefix, [nodeExe, cli, 'hook', 'claude'], { stdin: claudeInput(fixture, t.hookCwd), env: { AGENT_GUARD_HOOK_WAIT_MS: '60000' } });
      expect(result.code === 0, `hook exit ${result.code}: ${result.stderr.slice(-1500)}`);
      return JSON.parse(result.stdout).hookSpecificOutput;
    },
  };
  return t;
}

async function serverReady(server) {
  return waitFor(() => {
    if (server.child.exitCode !== null) throw new Error(`server exited: ${server.stdout()}`);
    const line = lastJsonLine(server.stdout());
    return line?.ready || line?.error ? line : undefined;
  }, 'the bridge server');
}

const onlineAnswer = (fixture) => JSON.parse(readFileSync(join(FIXTURES, `${fixture}.expected.json`), 'utf8')).online.stdout.hookSpecificOutput;
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const CHECKS = [
  ['server starts on a \\\\.\\pipe\\agent-guard-<128-bit hex> pipe; discovery + token in %LOCALAPPDATA%\\agent-guard', async (t) => {
    t.server = t.startServer();
    const ready = await serverReady(t.server);
    expect(ready.ready, `server failed: ${JSON.stringify(ready)}`);
    const discovery = ready.discovery;
    expect(PIPE.test(discovery.socketPath), `discovery socketPath is ${discovery.socketPath}`);
    expect(/^C:\\users\\[^\\]+\\AppData\\Local\\agent-guard\\[0-9a-f]{16}\.token$/i.test(discovery.tokenPath), `token path ${discovery.tokenPath}`);
    expect(discovery.pid === ready.pid, 'discovery names the server process');
    t.discovery = discovery;
    console.log(`    pipe ${discovery.socketPath}`);
  }],
  ['hook claude: "npm test" is answered allow (bridge found from a C:\\ subfolder of the c:\\ workspace)', async (t) => {
    const answer = await t.hook('bash-allow');
    expect(same(answer, onlineAnswer('bash-allow')), `got ${JSON.stringify(answer)}`);
  }],
  ['hook claude: "rm -rf /" is answered deny', async (t) => {
    const answer = await t.hook('bash-deny');
    expect(same(answer, onlineAnswer('bash-deny')), `got ${JSON.stringify(answer)}`);
  }],
  ['a wrong token is refused (the hook denies), and the server keeps serving', async (t) => {
    const tokenFile = toUnixPath(t.prefix, t.discovery.tokenPath);
    const token = readFileSync(tokenFile, 'utf8');
    writeFileSync(tokenFile, randomBytes(32).toString('base64url'));
    let answer;
    try {
      answer = await t.hook('bash-allow');
    } finally {
      writeFileSync(tokenFile, token);
    }
    expect(answer.permissionDecision === 'deny' && /wrong bridge token/.test(answer.permissionDecisionReason), `got ${JSON.stringify(answer)}`);
    const again = await t.hook('bash-allow');
    expect(again.permissionDecision === 'allow', `after restoring the token: ${JSON.stringify(again)}`);
  }],
  ['listening on the existing pipe name is refused with a clear error', async (t) => {
    const report = await t.harness(['collide', t.discovery.socketPath]);
    expect(/already exists, so another process created it/.test(report?.bridge?.refused ?? ''), `got ${JSON.stringify(report)}`);
    console.log(`    the OS alone, for a raw listen on the same name: ${JSON.stringify(report.os)}`
      + (report.os?.listened ? ' (wine ignores FILE_FLAG_FIRST_PIPE_INSTANCE; Windows refuses it)' : ''));
    const answer = await t.hook('bash-allow');
    expect(answer.permissionDecision === 'allow', `the first server still answers: ${JSON.stringify(answer)}`);
  }],
  ['close removes discovery + token; the hook falls back to the committed policy', async (t) => {
    writeFileSync(t.stopFile, '');
    const outcome = await t.server.result();
    const closed = lastJsonLine(outcome.stdout);
    expect(closed?.closed && closed.left.length === 0, `server close: ${JSON.stringify(closed)} ${outcome.stderr.slice(-500)}`);
    const answer = await t.hook('bash-ask');
    expect(/VS Code is not running/.test(answer.permissionDecisionReason), `got ${JSON.stringify(answer)}`);
  }],
  ['after a crash (server killed), its left-over discovery file is not trusted', async (t) => {
    rmSync(t.stopFile, { force: true });
    t.server = t.startServer();
    const ready = await serverReady(t.server);
    expect(ready.ready && ready.discovery.socketPath !== t.discovery.socketPath, 'a new pipe name per start');
    t.server.child.kill('SIGKILL');
    await t.server.result();
    const left = toUnixPath(t.prefix, ready.discoveryPath);
    expect(existsSync(left), 'the killed server left its discovery file');
    const answer = await t.hook('bash-ask');
    // "not running" (the pid check) rather than "not reachable" (a failed connection).
    expect(/VS Code is not running/.test(answer.permissionDecisionReason), `got ${JSON.stringify(answer)}`);
    rmSync(left, { force: true });
    rmSync(toUnixPath(t.prefix, ready.discovery.tokenPath), { force: true });
  }],
  ['a second window for the same workspace takes the bridge over (the first stops serving, and exits cleanly)', async (t) => {
    rmSync(t.stopFile, { force: true });
    t.server = t.startServer();
    const ready = await serverReady(t.server);
    const report = await t.harness(['second', t.serverWorkspace]);
    expect(report?.started === true && report.endpoint !== ready.discovery.socketPath, `got ${JSON.stringify(report)}`);
    writeFileSync(t.stopFile, '');
    const closed = lastJsonLine((await t.server.result()).stdout);
    expect(closed?.closed === true, `first server: ${JSON.stringify(closed)}`);
  }],
];

async function checks(setup) {
  const t = testContext(setup);
  try {
    for (const [name, body] of CHECKS) {
      await check(name, () => body(t));
      if (!t.discovery) return; // nothing else can run without a server
    }
  } finally {
    if (t.server && t.server.child.exitCode === null) t.server.child.kill('SIGKILL');
    rmSync(t.unixWorkspace, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error?.stack ?? error);
  process.exitCode = 1;
});

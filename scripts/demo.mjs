// `npm run demo`: bootstraps like `npm test`, builds, then serves a real VS Code (code-server) on
// 127.0.0.1 with Agent Guard loaded from this checkout and a fresh copy of demo/workspace open, plus the
// scripted demo agent (demo/agent), which starts once the workbench is up. Ctrl-C stops it.
// AGENT_GUARD_DEMO_PORT picks the port (default: 8080 if free, else any free port);
// AGENT_GUARD_DEMO_PACE_MS the pause between the agent's steps (default 4000);
// `npm run demo -- --no-agent` (or AGENT_GUARD_DEMO_AGENT=0) keeps the agent from starting by itself.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules, ensureSystemPackages } from './lib/bootstrap.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { freePort, run, stage } from './lib/proc.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function portIsFree(port) {
  return new Promise((done) => {
    const probe = createServer().once('error', () => done(false)).listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

async function choosePort() {
  if (process.env.AGENT_GUARD_DEMO_PORT) return Number(process.env.AGENT_GUARD_DEMO_PORT);
  return (await portIsFree(8080)) ? 8080 : freePort();
}

await stage('bootstrap', async () => {
  await ensureSystemPackages();
  console.log(await ensureNodeModules(root));
});
await stage('build', async () => {
  await run('npm', ['run', '--silent', 'build'], { cwd: root });
  const esbuild = await import('esbuild'); // only after bootstrap: a fresh clone has no node_modules before it
  await esbuild.build({
    entryPoints: [join(root, 'demo', 'agent', 'src', 'extension.ts')], outfile: join(root, 'demo', 'agent', 'dist', 'extension.js'),
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning',
  });
});

/** A throw-away copy, so what the demo changes (an "always allow" rule, files) never lands in the checkout. */
function copyWorkspace() {
  const scratch = mkdtempSync(join(tmpdir(), 'agent-guard-demo-'));
  const workspace = join(scratch, 'workspace');
  cpSync(join(root, 'demo', 'workspace'), workspace, { recursive: true });
  execFileSync('git', ['init', '--quiet', workspace], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { scratch, workspace };
}

const agentOff = process.argv.includes('--no-agent') || process.env.AGENT_GUARD_DEMO_AGENT === '0';
const { scratch, workspace } = copyWorkspace();
const env = {
  AGENT_GUARD_DEMO: '1', // lets Agent Guard (run from source) hand the demo agent its vault seeding hook
  AGENT_GUARD_DEMO_AGENT: agentOff ? '0' : '1',
  ...(process.env.AGENT_GUARD_DEMO_PACE_MS ? { AGENT_GUARD_DEMO_PACE_MS: process.env.AGENT_GUARD_DEMO_PACE_MS } : {}),
};
const server = await stage('start code-server', async () => startCodeServer({ workspace, env, port: await choosePort() }));

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping code-server`);
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

const url = server.workbenchUrl([
  ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${root}`],
  ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${join(root, 'demo', 'agent')}`],
  ['skipWelcome', 'true'],
]);
console.log(`\nAgent Guard demo is running (workspace: a fresh copy of demo/workspace in ${workspace}).`);
console.log(`Open this URL in a browser on this machine:\n\n  ${url}\n`);
console.log(agentOff
  ? 'The demo agent waits: run "Agent Guard Demo: Run the Scripted Demo Agent" from the command palette to start it.'
  : 'The scripted demo agent starts when the page has loaded. What to click: README.md, section "Run the demo".');
console.log('Press Ctrl-C to stop.');
// The child process keeps us alive; if code-server dies on its own, say so and fail.
server.exited.then((how) => {
  if (stopping) return;
  console.error(`code-server stopped unexpectedly (${JSON.stringify(how)}):\n${server.output.slice(-20).join('\n')}`);
  void server.stop().then(() => { rmSync(scratch, { recursive: true, force: true }); process.exit(1); });
});

// `npm run demo`: bootstraps like `npm test`, builds, then serves a real VS Code (code-server) on
// 127.0.0.1 with Agent Guard loaded from this checkout and demo/workspace open. Ctrl-C stops it.
// AGENT_GUARD_DEMO_PORT picks the port (default: 8080 if free, else any free port).
import { createServer } from 'node:net';
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
await stage('build', () => run('npm', ['run', '--silent', 'build'], { cwd: root }));
const workspace = join(root, 'demo', 'workspace');
const server = await stage('start code-server', async () => startCodeServer({ workspace, port: await choosePort() }));

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping code-server`);
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

const url = server.workbenchUrl([
  ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${root}`],
  ['skipWelcome', 'true'],
]);
console.log(`\nAgent Guard demo is running. Open this URL in a browser on this machine:\n\n  ${url}\n`);
console.log('Then run "Agent Guard: Show Security Panel" from the command palette. Press Ctrl-C to stop.');
// The child process keeps us alive; if code-server dies on its own, say so and fail.
server.exited.then((how) => {
  if (stopping) return;
  console.error(`code-server stopped unexpectedly (${JSON.stringify(how)}):\n${server.output.slice(-20).join('\n')}`);
  void server.stop().then(() => process.exit(1));
});

/**
 * Runs under Windows node.exe (in wine, driven by scripts/windows-bridge.mjs): the real bridge server
 * with the scripted test policy of test/fixtures/hooks/README.md, and the refusals that need a second
 * process. Each mode prints one JSON line on stdout, because wine's node cannot write to a Unix pipe:
 * the driver gives it files.
 *
 *   serve <workspace> <stopFile>   start a bridge; print {ready, discovery}; close when stopFile appears
 *   second <workspace>             start another bridge for the same workspace (takes over from the running one), then close it
 *   collide <pipeName>             listen on an existing pipe name with the bridge's listen (must be
 *                                  refused), then report whether a raw listen is refused by the OS too
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { bridgeDecider } from '../../src/node/bridge/decider';
import { listenExclusive } from '../../src/node/bridge/listen';
import { startBridgeServer } from '../../src/node/bridge/server';
import { scriptedGuard } from '../unit/cli/hookHarness';

type Report = Record<string, unknown>;

function print(report: Report): void {
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function testDecider() {
  return bridgeDecider(scriptedGuard([['hook:claude', 'Claude Code']]));
}

async function serve(workspace: string, stopFile: string): Promise<void> {
  const refused: string[] = [];
  const server = await startBridgeServer({ workspace, decide: testDecider(), onRefused: (code) => refused.push(code) });
  const discovery = JSON.parse(fs.readFileSync(server.paths.discoveryPath, 'utf8')) as Report;
  print({ ready: true, pid: process.pid, discoveryPath: server.paths.discoveryPath, discovery });
  while (!fs.existsSync(stopFile)) await new Promise((resolve) => setTimeout(resolve, 100));
  await server.close();
  const left = [server.paths.discoveryPath, server.paths.tokenPath].filter((file) => fs.existsSync(file));
  print({ closed: true, refused, left });
}

async function second(workspace: string): Promise<void> {
  try {
    const server = await startBridgeServer({ workspace, decide: testDecider() });
    print({ started: true, endpoint: server.paths.endpoint });
    await server.close();
  } catch (error) {
    print({ refused: (error as Error).message });
  }
}

async function collide(pipeName: string): Promise<void> {
  let bridge: Report;
  const server = net.createServer();
  try {
    await listenExclusive(server, { transport: 'named-pipe', endpoint: pipeName });
    bridge = { listened: true };
    await new Promise((resolve) => server.close(resolve));
  } catch (error) {
    bridge = { refused: (error as Error).message };
  }
  // What the OS alone does (libuv asks for FILE_FLAG_FIRST_PIPE_INSTANCE): informational only.
  const raw = net.createServer();
  const os = await new Promise<Report>((resolve) => {
    raw.once('error', (error: NodeJS.ErrnoException) => resolve({ refused: error.code }));
    raw.listen(pipeName, () => resolve({ listened: true }));
  });
  if (raw.listening) await new Promise((resolve) => raw.close(resolve));
  print({ bridge, os });
}

async function main(): Promise<void> {
  const [mode, a, b] = process.argv.slice(2);
  if (mode === 'serve' && a && b) return serve(a, b);
  if (mode === 'second' && a) return second(a);
  if (mode === 'collide' && a) return collide(a);
  print({ error: `usage: serve <workspace> <stopFile> | second <workspace> | collide <pipeName> (got ${mode})` });
  process.exitCode = 2;
}

main().catch((error: unknown) => {
  print({ error: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
});

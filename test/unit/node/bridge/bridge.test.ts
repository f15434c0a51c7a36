import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createGuard, type InterceptAuditEntry } from '../../../../src/engine/interceptor';
import { discoverBridge, requestDecision } from '../../../../src/node/bridge/client';
import { bridgeDecider } from '../../../../src/node/bridge/decider';
import { startBridgeServer, type BridgeServer } from '../../../../src/node/bridge/server';
import type { BridgeErrorCode } from '../../../../src/protocol/bridge';
import { FakeClock } from '../../engine/approval/fakeClock';
import { decisionOf } from '../../engine/interceptor/harness';

/** Sends raw bytes on a fresh connection and collects response lines until the server closes or `lines` arrive. */
function rawExchange(socketPath: string, payload: string | Buffer, lines = 1): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let buffer = '';
    const done = () => { socket.destroy(); resolve(buffer.split('\n').filter(Boolean)); };
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (chunk: string) => { buffer += chunk; if (buffer.split('\n').filter(Boolean).length >= lines) done(); });
    socket.on('end', done);
    socket.on('error', (error) => (buffer ? done() : reject(error)));
  });
}

describe('bridge server', function () {
  this.timeout(20_000);
  let runtime: string;
  let workspace: string;
  let env: NodeJS.ProcessEnv;
  let server: BridgeServer | undefined;
  let audited: InterceptAuditEntry[];
  let refused: BridgeErrorCode[];
  let decideCalls: number;

  async function start(policy: (command: string) => ReturnType<typeof decisionOf> = () => decisionOf('allow', 'low')) {
    const guard = createGuard({
      clock: new FakeClock(),
      rateLimit: { burst: 10_000, perSecond: 10_000, perHour: 1_000_000 },
      engine: { checkCommand: (c) => policy(c), checkPath: () => decisionOf('allow', 'low') },
      executor: { execute: async () => { throw new Error('hooks never execute'); } },
      audit: { record: (e) => { audited.push(e); } },
    });
    guard.agents.register('hook:claude', 'Claude Code');
    guard.agents.approve('hook:claude', 'execute');
    const decide = bridgeDecider(guard);
    server = await startBridgeServer({
      workspace, env,
      decide: (request) => { decideCalls++; return decide(request); },
      maxLineBytes: 4096,
      firstLineTimeoutMs: 300,
      onRefused: (code) => refused.push(code),
    });
    return { guard, server };
  }

  beforeEach(() => {
    runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-rt-'));
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-ws-'));
    env = { XDG_RUNTIME_DIR: runtime };
    audited = [];
    refused = [];
    decideCalls = 0;
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(runtime, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('creates a 0700 directory, a 0600 socket and token, and a discovery file found from a subfolder', async () => {
    const { server: s } = await start();
    const mode = (p: string) => fs.statSync(p).mode & 0o777;
    assert.equal(mode(s.paths.dir), 0o700);
    assert.equal(mode(s.paths.endpoint), 0o600);
    assert.equal(mode(s.paths.tokenPath), 0o600);
    assert.equal(mode(s.paths.discoveryPath), 0o600);
    const sub = path.join(workspace, 'src', 'deep');
    fs.mkdirSync(sub, { recursive: true });
    const found = discoverBridge(sub, env);
    assert.ok(found.found);
    assert.equal(found.endpoint.address, s.paths.endpoint);
    assert.equal(found.endpoint.token.length, 43);
    assert.equal(discoverBridge(os.tmpdir(), env).found, false);
  });

  it('answers 200 concurrent requests, each audited', async () => {
    await start((command) => (command.endsWith('7') ? decisionOf('deny', 'high', 'no sevens') : decisionOf('allow', 'low')));
    const found = discoverBridge(workspace, env);
    assert.ok(found.found);
    const agent = { id: 'hook:claude', name: 'Claude Code' };
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      requestDecision(found.endpoint, agent, { kind: 'command', command: `echo ${i}`, cwd: workspace }, 10_000)));
    const verdicts = outcomes.map((o, i) => {
      assert.equal(o.kind, 'response', `request ${i}`);
      const response = o.kind === 'response' ? o.response : undefined;
      assert.ok(response?.ok && 'result' in response, `request ${i} answered`);
      return response.result.verdict;
    });
    assert.equal(verdicts.filter((v) => v === 'deny').length, 20);
    assert.equal(audited.length, 200);
    assert.equal(new Set(audited.map((e) => e.summary)).size, 200);
  });

  it('refuses a wrong token without deciding or auditing anything', async () => {
    await start();
    const found = discoverBridge(workspace, env);
    assert.ok(found.found);
    const outcome = await requestDecision({ ...found.endpoint, token: 'x'.repeat(43) }, { id: 'hook:claude', name: 'c' }, { kind: 'command', command: 'ls', cwd: '/' }, 5000);
    assert.equal(outcome.kind === 'response' && !outcome.response.ok && outcome.response.error.code, 'unauthorized');
    assert.equal(decideCalls, 0);
    assert.equal(audited.length, 0);
    assert.deepEqual(refused, ['unauthorized']);
  });

  it('refuses malformed and oversized requests without effect, and keeps serving', async () => {
    const { server: s } = await start();
    const token = fs.readFileSync(s.paths.tokenPath, 'utf8');
    const [notJson] = await rawExchange(s.paths.endpoint, '{not json\n');
    assert.match(notJson ?? '', /"code":"malformed"/);
    const [wrongShape] = await rawExchange(s.paths.endpoint, `${JSON.stringify({ v: 1, id: 'a1', token, method: 'decide', operation: { kind: 'command' } })}\n`);
    assert.match(wrongShape ?? '', /"id":"a1".*"code":"malformed"/);
    const [notHookAgent] = await rawExchange(s.paths.endpoint, `${JSON.stringify({ v: 1, id: 'a5', token, method: 'decide', agent: { id: 'it-agent', name: 'x' }, operation: { kind: 'command', command: 'ls', cwd: '/' } })}\n`);
    assert.match(notHookAgent ?? '', /"code":"malformed"/, 'bridge clients may only speak as hook:* agents');
    const [extraField] = await rawExchange(s.paths.endpoint, `${JSON.stringify({ v: 1, id: 'a2', token, method: 'ping', exec: 'rm -rf /' })}\n`);
    assert.match(extraField ?? '', /"code":"malformed"/);
    const [future] = await rawExchange(s.paths.endpoint, `${JSON.stringify({ v: 2, id: 'a3', token, method: 'ping' })}\n`);
    assert.match(future ?? '', /"code":"unsupported-version"/);
    const [tooLong] = await rawExchange(s.paths.endpoint, Buffer.alloc(10_000, 0x61));
    assert.match(tooLong ?? '', /"code":"too-large"/);
    const oversizedValid = JSON.stringify({ v: 1, id: 'a4', token, method: 'decide', agent: { id: 'hook:claude', name: 'c' }, operation: { kind: 'command', command: `echo ${'x'.repeat(5000)}`, cwd: '/' } });
    const [tooLongLine] = await rawExchange(s.paths.endpoint, `${oversizedValid}\n`);
    assert.match(tooLongLine ?? '', /"code":"too-large"/);
    assert.equal(decideCalls, 0);
    assert.equal(audited.length, 0);
    assert.deepEqual(refused, ['malformed', 'malformed', 'malformed', 'malformed', 'unsupported-version', 'too-large', 'too-large']);
    const [pong] = await rawExchange(s.paths.endpoint, `${JSON.stringify({ v: 1, id: 'p', token, method: 'ping' })}\n`);
    assert.equal(pong, '{"v":1,"id":"p","ok":true,"pong":true}');
  });

  it('closes a connection that sends no complete request line in time, and keeps serving others', async () => {
    const { server: s } = await start();
    const silent = await rawExchange(s.paths.endpoint, '');
    assert.match(silent[0] ?? '', /no complete request line in time/);
    const half = await rawExchange(s.paths.endpoint, '{"v":1,"id":"x"');
    assert.match(half[0] ?? '', /no complete request line in time/);
    assert.deepEqual(refused, ['malformed', 'malformed']);
    assert.equal(decideCalls, 0);
    const token = fs.readFileSync(s.paths.tokenPath, 'utf8').trim();
    const ok = await rawExchange(s.paths.endpoint, `${JSON.stringify({ v: 1, id: 'p', token, method: 'ping' })}\n`);
    assert.match(ok[0] ?? '', /"pong":true/);
  });

  it('answers several requests pipelined on one connection by id', async () => {
    const { server: s } = await start();
    const token = fs.readFileSync(s.paths.tokenPath, 'utf8');
    const line = (id: string, command: string) => JSON.stringify({ v: 1, id, token, method: 'decide', agent: { id: 'hook:claude', name: 'c' }, operation: { kind: 'command', command, cwd: '/' } });
    const lines = await rawExchange(s.paths.endpoint, `${line('r1', 'ls')}\n${line('r2', 'pwd')}\n`, 2);
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { id: string }).id).sort(), ['r1', 'r2']);
  });

  it('refuses a replayed request id without deciding it again', async () => {
    const { server: s } = await start();
    const token = fs.readFileSync(s.paths.tokenPath, 'utf8');
    const line = `${JSON.stringify({ v: 1, id: 'once', token, method: 'decide', agent: { id: 'hook:claude', name: 'c' }, operation: { kind: 'command', command: 'ls', cwd: '/' } })}\n`;
    const [first] = await rawExchange(s.paths.endpoint, line);
    assert.match(first ?? '', /"id":"once","ok":true,"result"/);
    const [again] = await rawExchange(s.paths.endpoint, line);
    assert.match(again ?? '', /"id":"once","ok":false.*"code":"replayed"/);
    const [pipelined] = await rawExchange(s.paths.endpoint, line.replace('"decide"', '"ping"').replace('"once"', '"twice"').replace(/,"agent".*\}\}/, '}').repeat(2), 2).then((l) => [l[1]]);
    assert.match(pipelined ?? '', /"code":"replayed"/);
    assert.equal(decideCalls, 1);
    assert.equal(audited.length, 1);
    assert.deepEqual(refused, ['replayed', 'replayed']);
  });

  it('an unapproved hook agent is refused with a reason', async () => {
    await start();
    const found = discoverBridge(workspace, env);
    assert.ok(found.found);
    const outcome = await requestDecision(found.endpoint, { id: 'hook:gemini', name: 'Gemini CLI' }, { kind: 'command', command: 'ls', cwd: '/' }, 5000);
    assert.ok(outcome.kind === 'response' && outcome.response.ok && 'result' in outcome.response);
    assert.equal(outcome.response.result.verdict, 'deny');
    assert.match(outcome.response.result.reason, /waiting for a developer to approve/);
  });

  it('cleans up on close; a stale socket is replaced; the client reports unavailable', async () => {
    const { server: s } = await start();
    const found = discoverBridge(workspace, env);
    assert.ok(found.found);
    await s.close();
    server = undefined;
    for (const p of [s.paths.endpoint, s.paths.tokenPath, s.paths.discoveryPath]) assert.equal(fs.existsSync(p), false, p);
    const down = await requestDecision(found.endpoint, { id: 'hook:claude', name: 'c' }, { kind: 'command', command: 'ls', cwd: '/' }, 2000);
    assert.equal(down.kind, 'unavailable');
    fs.writeFileSync(s.paths.endpoint, '');
    await start();
    assert.ok(discoverBridge(workspace, env).found);
  });

  it('does not trust a runtime directory other users can enter', async () => {
    const dir = path.join(runtime, 'agent-guard');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    const found = discoverBridge(workspace, env);
    assert.equal(found.found, false);
    assert.match(found.found ? '' : found.reason, /accessible to other users/);
    await assert.rejects(start(), /accessible to other users/);
  });
});

// A reopened window takes the bridge over (issue 17): the old extension host keeps running with nobody
// looking at it, so the newer window asks it to hand over; hooks waiting on the old one are told to ask
// again, and nothing the new server owns is removed when the old one finally closes.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverBridge, requestDecision } from '../../../../src/node/bridge/client';
import { startBridgeServer, type BridgeServer } from '../../../../src/node/bridge/server';
import type { BridgeDecision } from '../../../../src/protocol/bridge';

const agent = { id: 'hook:claude', name: 'Claude Code' };
const allow: BridgeDecision = { verdict: 'allow', reason: 'new window', risk: 'low' };

describe('bridge handover to a newer window', function () {
  this.timeout(20_000);
  let runtime: string;
  let workspace: string;
  let env: NodeJS.ProcessEnv;
  const servers: BridgeServer[] = [];

  beforeEach(() => {
    runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-rt-'));
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-ws-'));
    env = { XDG_RUNTIME_DIR: runtime };
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    fs.rmSync(runtime, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('the old window stops serving, its waiting request is answered handed-over, and the new window answers', async () => {
    let oldHandedOver = 0;
    const old = await startBridgeServer({ workspace, env, decide: () => new Promise<BridgeDecision>(() => undefined), onHandedOver: () => { oldHandedOver++; } });
    servers.push(old);
    const first = discoverBridge(workspace, env);
    assert.ok(first.found);
    const waiting = requestDecision(first.endpoint, agent, { kind: 'command', command: 'npm test', cwd: workspace }, 10_000);
    await new Promise((done) => setTimeout(done, 100));

    const fresh = await startBridgeServer({ workspace, env, decide: async () => allow });
    servers.push(fresh);
    const answered = await waiting;
    assert.equal(answered.kind, 'response');
    assert.ok(answered.kind === 'response' && !answered.response.ok && answered.response.error.code === 'handed-over', JSON.stringify(answered));
    assert.equal(oldHandedOver, 1);

    const second = discoverBridge(workspace, env);
    assert.ok(second.found);
    assert.notEqual(second.endpoint.token, first.endpoint.token, 'the discovery file still names the old server');
    const outcome = await requestDecision(second.endpoint, agent, { kind: 'command', command: 'npm test', cwd: workspace }, 5_000);
    assert.ok(outcome.kind === 'response' && outcome.response.ok && 'result' in outcome.response && outcome.response.result.reason === 'new window');

    // The old host closing later (its window finally unloaded) leaves the new server's files alone.
    await old.close();
    assert.ok(fs.existsSync(fresh.paths.discoveryPath) && fs.existsSync(fresh.paths.tokenPath) && fs.existsSync(fresh.paths.endpoint));
    const third = discoverBridge(workspace, env);
    assert.ok(third.found);
    const still = await requestDecision(third.endpoint, agent, { kind: 'command', command: 'ls', cwd: workspace }, 5_000);
    assert.ok(still.kind === 'response' && still.response.ok);
  });

  it('a handover needs the token: a wrong one is refused and the server keeps serving', async () => {
    const old = await startBridgeServer({ workspace, env, decide: async () => allow });
    servers.push(old);
    const found = discoverBridge(workspace, env);
    assert.ok(found.found);
    const forged = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(found.endpoint.address);
      let buffer = '';
      socket.setEncoding('utf8');
      socket.on('connect', () => socket.write(`${JSON.stringify({ v: 1, id: 'h1', token: 'not-the-token', method: 'handover' })}\n`));
      socket.on('data', (chunk: string) => { buffer += chunk; if (buffer.includes('\n')) { socket.destroy(); resolve(buffer); } });
      socket.on('error', reject);
    });
    assert.match(forged, /"code":"unauthorized"/);
    assert.doesNotMatch(forged, /handedOver/);
    const outcome = await requestDecision(found.endpoint, agent, { kind: 'command', command: 'ls', cwd: workspace }, 5_000);
    assert.ok(outcome.kind === 'response' && outcome.response.ok);
  });

  it('removes the file sets of windows that are gone at start, and keeps those of live ones', async () => {
    const first = await startBridgeServer({ workspace, env, decide: async () => allow });
    servers.push(first);
    const dir = first.paths.dir;
    const exited = spawnSync(process.execPath, ['-e', '0']).pid;
    const dead = 'deaddeaddeaddead';
    for (const [file, body] of [[`${dead}.json`, JSON.stringify({ v: 1, socketPath: path.join(dir, `${dead}.sock`), tokenPath: path.join(dir, `${dead}.token`), workspace: '/gone', pid: exited, startedAt: 1 })], [`${dead}.token`, 'x'], [`${dead}.sock`, '']] as const) {
      fs.writeFileSync(path.join(dir, file), body, { mode: 0o600 });
    }
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-ws-'));
    try {
      servers.push(await startBridgeServer({ workspace: other, env, decide: async () => allow }));
      assert.deepEqual(fs.readdirSync(dir).filter((name) => name.startsWith(dead)), [], 'the dead set is still there');
      assert.ok(fs.existsSync(first.paths.discoveryPath) && fs.existsSync(first.paths.tokenPath), 'a live set was removed');
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

/**
 * Live forwarding to a real rsyslog (issue 16): every entry written locally arrives, in order, after a
 * collector crash (kill -9), a cut connection, a forwarder crash and a long outage; the collected chain
 * verifies; duplicates are whole entries and reported as such; no vault value leaves.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { verifySyslogLines, type AuditEntryInput } from '../../../../src/engine/audit';
import { openAuditLog, type OpenedAuditLog } from '../../../../src/node/audit';
import { SyslogForwarder, type ForwardTarget } from '../../../../src/node/audit/forwarder';
import { freePort, RsyslogCollector, rsyslogAvailable } from '../../../support/rsyslogCollector';

const entry = (i: number, extra: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  agent: `agent-${i % 10}`, operation: 'command.run', target: `npm test -- shard ${i}`, result: i % 7 === 0 ? 'denied' : 'allowed',
  source: 'hook', rule: i % 7 === 0 ? 'danger.rm-rf' : undefined, ...extra,
});

async function until(probe: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Every local entry arrived, in order, the chain verifies; returns the report (duplicates allowed). */
function assertComplete(lines: string[], expectedEntries: number) {
  const report = verifySyslogLines(lines);
  assert.deepEqual(report.problems, [], JSON.stringify(report.problems.slice(0, 3)));
  assert.deepEqual(report.gaps, []);
  assert.equal(report.logs.length, 1);
  assert.equal(report.logs[0]?.entries, expectedEntries);
  assert.equal(report.logs[0]?.firstSeq, 0);
  assert.equal(report.logs[0]?.lastSeq, expectedEntries - 1);
  assert.equal(lines.length, expectedEntries + report.duplicates.length, 'every extra line is a whole duplicate');
  return report;
}

/** A TCP relay on 127.0.0.1 that, while `cutting`, resets a connection after relaying `cutAfterBytes` bytes of it. */
class CuttingProxy {
  cuts = 0;
  cutting = true;
  private constructor(private readonly server: Server, readonly port: number) {}
  static async start(upstreamPort: number, cutAfterBytes: number): Promise<CuttingProxy> {
    const port = await freePort();
    const holder: { proxy?: CuttingProxy } = {};
    const server = createServer((client: Socket) => {
      const upstream = connect(upstreamPort, '127.0.0.1');
      let bytes = 0;
      client.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        const proxy = holder.proxy;
        if (proxy?.cutting && bytes > cutAfterBytes) {
          upstream.write(chunk.subarray(0, Math.max(0, chunk.length - (bytes - cutAfterBytes))));
          proxy.cuts++;
          proxy.cutting = proxy.cuts < 3;
          // A cut network: the connection is reset (RST), as a dropped link or a killed middlebox does.
          client.resetAndDestroy();
          upstream.resetAndDestroy();
          return;
        }
        upstream.write(chunk);
      });
      client.on('end', () => upstream.end());
      upstream.on('end', () => client.end());
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
    holder.proxy = new CuttingProxy(server, port);
    return holder.proxy;
  }
  close(): Promise<void> {
    return new Promise((done) => this.server.close(() => done()));
  }
}

describe('audit forwarding to a real rsyslog', function () {
  this.timeout(120_000);
  let dir: string;
  let collector: RsyslogCollector | undefined;
  let forwarder: SyslogForwarder | undefined;
  let opened: OpenedAuditLog | undefined;

  before(function () {
    if (!rsyslogAvailable()) {
      console.error('\n  !!! rsyslogd (Debian rsyslog + rsyslog-gnutls) is missing: the forwarding tests cannot run. npm test installs it.\n');
      this.skip();
    }
  });
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'ag-forward-')); });
  afterEach(async () => {
    await forwarder?.stop();
    await opened?.close();
    await collector?.stop();
    forwarder = undefined;
    opened = undefined;
    collector = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const target = (port: number, extra: Partial<ForwardTarget> = {}): ForwardTarget => ({ transport: 'tcp', host: '127.0.0.1', port, ...extra });
  const startForwarder = (t: ForwardTarget) => {
    forwarder = new SyslogForwarder({ dir: join(dir, 'log'), target: t, cursorFile: join(dir, 'forward.cursor.json'), hostname: 'dev-1', batchSize: 100, pollMs: 100, retryMs: { initial: 50, max: 400 } });
    forwarder.start();
    return forwarder;
  };
  const write = async (from: number, count: number) => {
    for (let i = from; i < from + count; i++) {
      const record = await opened!.log.append(entry(i));
      forwarder?.kick(record.seq);
    }
  };

  it('forwards every entry over TCP; the collected chain verifies and carries hash, previous hash, agent, decision and rule', async () => {
    collector = await RsyslogCollector.start();
    opened = await openAuditLog(join(dir, 'log'), { now: Date.now });
    startForwarder(target(collector.port));
    await write(1, 50);
    await until(() => collector!.lines().length >= 51, '51 collected lines');
    assertComplete(collector.lines(), 51);
    const denied = collector.lines().find((line) => line.includes('result="denied"'));
    assert.match(denied ?? '', /^<108>1 \S+ dev-1 agent-guard - denied \[agentguard@32473 log="[^"]+" seq="\d+" hash="[0-9a-f]{64}" prev="[0-9a-f]{64}" agent="agent-\d" result="denied" rule="danger\.rm-rf"\] \{/);
    await until(() => forwarder!.state.behind === 0 && forwarder!.state.deliveredSeq === 50, 'the cursor at the head');
  });

  it('forwards over TLS to a collector whose certificate a throwaway CA signed, and refuses one it cannot verify', async () => {
    collector = await RsyslogCollector.start({ tls: true });
    opened = await openAuditLog(join(dir, 'log'), { now: Date.now });
    startForwarder(target(collector.port, { transport: 'tls', caFile: collector.tls!.ca }));
    await write(1, 20);
    await until(() => collector!.lines().length >= 21, '21 lines over TLS');
    assertComplete(collector.lines(), 21);
    await forwarder!.stop();

    // Without the CA the certificate is not trusted: nothing is sent, the error says why, the cursor stays.
    const untrusted = new SyslogForwarder({ dir: join(dir, 'log'), target: target(collector.port, { transport: 'tls' }), cursorFile: join(dir, 'other.cursor.json'), hostname: 'dev-1', pollMs: 100, retryMs: { initial: 50, max: 200 } });
    untrusted.start();
    await until(() => untrusted.state.lastError !== undefined, 'a TLS error');
    assert.match(untrusted.state.lastError ?? '', /certificate|self.signed|issuer/i);
    assert.equal(untrusted.state.deliveredSeq, -1);
    await untrusted.stop();
    assert.equal(collector.lines().length, 21);
  });

  it('loses nothing when rsyslog is killed with -9 mid-stream and restarted', async () => {
    collector = await RsyslogCollector.start();
    opened = await openAuditLog(join(dir, 'log'), { now: Date.now });
    startForwarder(target(collector.port));
    const writing = write(1, 3000);
    await until(() => collector!.lines().length > 300, 'the stream under way');
    await collector.crash();
    await new Promise((done) => setTimeout(done, 300));
    await collector.launch();
    await writing;
    await until(() => forwarder!.state.deliveredSeq === 3000, 'delivery of all 3001 entries', 60_000);
    const report = assertComplete(collector.lines(), 3001);
    console.log(`      (kill -9: ${report.duplicates.length} whole duplicates after the restart; forwarder last error: ${forwarder!.state.lastError ?? 'none'})`);
  });

  it('loses nothing when the connection is cut mid-message, three times', async () => {
    collector = await RsyslogCollector.start();
    const proxy = await CuttingProxy.start(collector.port, 20_000);
    try {
      opened = await openAuditLog(join(dir, 'log'), { now: Date.now });
      await write(1, 1000); // first, so the forwarder sends full batches (~45 KB) that the proxy cuts
      startForwarder(target(proxy.port));
      await until(() => forwarder!.state.deliveredSeq === 1000, 'delivery through the cutting proxy', 60_000);
      assert.equal(proxy.cuts, 3);
      const lines = collector.lines();
      // rsyslog keeps what it had of a frame cut in the middle; such a fragment is never mistaken for an entry.
      const whole = lines.filter((line) => verifySyslogLines([line]).problems.length === 0);
      assertComplete(whole, 1001);
      assert.ok(lines.length - whole.length <= proxy.cuts, `${lines.length - whole.length} fragments for ${proxy.cuts} cuts`);
    } finally {
      await proxy.close();
    }
  });

  it('never blocks the log while the collector is down; catches up when it is back (behind-by shown meanwhile)', async () => {
    const port = await freePort();
    opened = await openAuditLog(join(dir, 'log'), { now: Date.now });
    startForwarder(target(port));
    await write(1, 2000);
    await until(() => forwarder!.state.lastError !== undefined, 'a connection error');
    assert.equal(forwarder!.state.behind, 2001, 'forwarding 2001 entries behind: the anchor and the 2000 written');
    assert.match(forwarder!.state.lastError ?? '', /ECONNREFUSED/);
    collector = await RsyslogCollector.start({ port });
    await until(() => forwarder!.state.deliveredSeq === 2000, 'catching up', 60_000);
    assertComplete(collector.lines(), 2001);
    assert.equal(forwarder!.state.behind, 0);
  });

  it('resumes from its cursor after the forwarding process is killed with -9', async () => {
    collector = await RsyslogCollector.start();
    opened = await openAuditLog(join(dir, 'log'), { now: Date.now });
    // Enough entries that the kill lands mid-stream: with 2,000 a quiet machine sent them all before it.
    const entries = 10_000;
    await write(1, entries);
    const cli = resolve(__dirname, '../../../../src/cli/main.ts');
    const args = ['--import', 'tsx', cli, 'audit', 'forward', join(dir, 'log'), '--host', '127.0.0.1', '--port', String(collector.port), '--cursor', join(dir, 'cli.cursor.json'), '--hostname', 'dev-1'];
    const first = spawn(process.execPath, args, { stdio: 'ignore' });
    await until(() => collector!.lines().length > 200, 'the CLI forwarder under way');
    first.kill('SIGKILL');
    await new Promise((done) => first.once('exit', done));
    const before = collector.lines().length;
    assert.ok(before < entries + 1, `killed before it finished (${before} collected)`);
    const second = spawn(process.execPath, [...args, '--until-caught-up'], { stdio: 'ignore' });
    const code = await new Promise((done) => second.once('exit', done));
    assert.equal(code, 0);
    const report = assertComplete(collector.lines(), entries + 1);
    assert.ok(report.duplicates.length <= 500, `at most one batch resent, got ${report.duplicates.length}`);
  });

  it('sends no vault value: entries are redacted before they are written, so before they are forwarded', async () => {
    const secrets = ['sk-live-Forward-Test-0123456789abcdef', 'hunter2-but-longer-and-planted'];
    collector = await RsyslogCollector.start();
    opened = await openAuditLog(join(dir, 'log'), { now: Date.now, vaultValues: () => secrets });
    startForwarder(target(collector.port));
    await opened.log.append(entry(1, { target: `curl -H "Authorization: Bearer ${secrets[0]}" https://api.example`, reason: `used ${secrets[1]}` }));
    forwarder!.kick();
    await until(() => collector!.lines().length >= 2, 'the planted entry collected');
    const collected = collector.lines().join('\n');
    for (const secret of secrets) assert.ok(!collected.includes(secret), 'a vault value reached the collector');
    assertComplete(collector.lines(), 2);
  });
});

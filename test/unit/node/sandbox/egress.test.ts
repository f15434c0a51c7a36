import { strict as assert } from 'node:assert';
import { copyFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';
import { EgressEvent, probeBwrap, runSandboxed, SandboxRequest } from '../../../../src/node/sandbox';
import { createEgressNet, EgressNet, HTTP_PORT, HTTPS_PORT } from './egressNet';
import { tempDir } from './helpers';

// Issue 12 item 4: per-domain egress against real bubblewrap, curl, and servers in a namespace the test makes.
describe('node/sandbox egress by domain (real bwrap, real servers)', function () {
  this.timeout(60_000);
  let net: EgressNet;
  let ws: ReturnType<typeof tempDir>;
  let loopback: Server;
  let loopbackPort = 0;
  let loopbackHits = 0;
  const names = ['allowed.example', 'evil.example', 'rebind.example', 'mixed.example', 'api.allowed.example'];

  before(async () => {
    assert.ok((await probeBwrap('/usr/bin/bwrap')).usable, 'bubblewrap must be usable for these tests');
    net = await createEgressNet(names);
    loopback = createServer((_req, res) => { loopbackHits++; res.end('host loopback\n'); });
    await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve));
    loopbackPort = (loopback.address() as { port: number }).port;
  });
  after(() => {
    net?.dispose();
    loopback?.close();
  });
  beforeEach(() => {
    ws = tempDir('ag-egress-ws-');
    copyFileSync(net.caFile, join(ws.path, 'ca.pem'));
  });
  afterEach(() => ws.remove());

  /** The test resolver: allowed and evil names point at the namespace; rebind points at the host loopback. */
  const lookup = async (host: string): Promise<string[]> => {
    if (host === 'rebind.example') return ['127.0.0.1'];
    if (host === 'mixed.example') return [net.address, '10.0.0.1'];
    if (names.includes(host)) return [net.address];
    throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  };

  async function run(command: string, allowedHosts: string[], extra: Partial<SandboxRequest> = {}) {
    const events: EgressEvent[] = [];
    const result = await runSandboxed({ command, workspace: ws.path, egress: { allowedHosts, lookup }, onEgress: (e) => events.push(e), ...extra });
    return { result, events };
  }

  const curl = (url: string) => `curl -sS --max-time 10 --cacert ca.pem ${url}`;

  it('reaches an allowed host over HTTPS and refuses the next host on the same command line', async () => {
    const { result, events } = await run(`${curl(`https://allowed.example:${HTTPS_PORT}/`)} && ${curl(`https://evil.example:${HTTPS_PORT}/`)}`, ['allowed.example']);
    assert.equal(result.sandboxed, true);
    assert.match(result.stdout, /hello from allowed\.example/);
    assert.doesNotMatch(result.stdout, /evil/);
    assert.notEqual(result.exitCode, 0, 'the second curl must fail');
    assert.deepEqual(events.map((e) => [e.host, e.port, e.method, e.decision]),
      [['allowed.example', HTTPS_PORT, 'CONNECT', 'allow'], ['evil.example', HTTPS_PORT, 'CONNECT', 'deny']]);
    assert.equal(events[0]?.address, net.address);
  });

  it('forwards plain HTTP (absolute URI) to an allowed *.suffix host and refuses the suffix itself', async () => {
    const { result, events } = await run(`${curl(`http://api.allowed.example:${HTTP_PORT}/x`)}; ${curl(`http://allowed.example:${HTTP_PORT}/`)}`, ['*.allowed.example']);
    assert.match(result.stdout, /hello from api\.allowed\.example/);
    assert.match(result.stdout, /not in the allowed hosts/);
    assert.deepEqual(events.map((e) => [e.host, e.method, e.decision]), [['api.allowed.example', 'GET', 'allow'], ['allowed.example', 'GET', 'deny']]);
  });

  it('refuses an allowed name that resolves to 127.0.0.1 (DNS rebinding) or to any private address', async () => {
    loopbackHits = 0;
    const { result, events } = await run(`${curl(`http://rebind.example:${loopbackPort}/`)}; ${curl(`https://mixed.example:${HTTPS_PORT}/`)}`,
      ['rebind.example', 'mixed.example']);
    assert.equal(loopbackHits, 0, 'the host loopback server must not see a request');
    assert.doesNotMatch(result.stdout, /host loopback|hello from/);
    assert.deepEqual(events.map((e) => [e.host, e.decision]), [['rebind.example', 'deny'], ['mixed.example', 'deny']]);
    assert.match(events[0]?.reason ?? '', /127\.0\.0\.1, loopback/);
    assert.match(events[1]?.reason ?? '', /10\.0\.0\.1, a private network/);
  });

  it('refuses a raw IP through the proxy unless the allow-list names that address', async () => {
    const denied = await run(curl(`http://${net.address}:${HTTP_PORT}/`), ['allowed.example']);
    assert.doesNotMatch(denied.result.stdout, /hello from/);
    assert.equal(denied.events[0]?.decision, 'deny');
    assert.match(denied.events[0]?.reason ?? '', /raw IP/);
    const listed = await run(curl(`http://${net.address}:${HTTP_PORT}/`), [net.address]);
    assert.match(listed.result.stdout, /hello from/);
  });

  it('gives a direct TCP connect (no proxy) no route, while shared network reaches the same server', async () => {
    const direct = `exec 3<>/dev/tcp/${net.address}/${HTTP_PORT} && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && head -n1 <&3`;
    const { result, events } = await run(`/bin/bash -c "${direct.replace(/"/g, '\\"')}"; curl -sS --noproxy '*' --max-time 5 http://${net.address}:${HTTP_PORT}/`,
      [net.address]);
    assert.doesNotMatch(result.stdout, /HTTP\/1\.|hello from/);
    assert.equal(events.length, 0, 'nothing went through the proxy');
    const shared = await runSandboxed({ argv: ['/bin/bash', '-c', direct], workspace: ws.path, network: true });
    assert.match(shared.stdout, /HTTP\/1\.1 200/, 'with the network shared the same connect works, so the check above can fail');
  });

  it('speaks SOCKS5 (socks5h: the proxy resolves) with the same allow-list and rebinding checks', async () => {
    const socks = (url: string) => `curl -sS --max-time 10 --cacert ca.pem --proxy "$ALL_PROXY" ${url}`;
    const { result, events } = await run(`${socks(`https://allowed.example:${HTTPS_PORT}/`)}; ${socks(`https://evil.example:${HTTPS_PORT}/`)}; `
      + socks(`http://rebind.example:${loopbackPort}/`), ['allowed.example', 'rebind.example']);
    assert.match(result.stdout, /hello from allowed\.example/);
    assert.equal(result.stdout.match(/hello from/g)?.length, 1);
    assert.deepEqual(events.map((e) => [e.host, e.method, e.decision]),
      [['allowed.example', 'SOCKS5', 'allow'], ['evil.example', 'SOCKS5', 'deny'], ['rebind.example', 'SOCKS5', 'deny']]);
  });

  it('answers and audits 200 concurrent HTTPS requests from one sandboxed curl', async () => {
    // One file per transfer (URL globbing), so parallel bodies cannot interleave on a shared stdout.
    const { result, events } = await run(`curl -sS --parallel --parallel-max 200 --max-time 30 --cacert ca.pem --create-dirs `
      + `-o 'out/#1' 'https://allowed.example:${HTTPS_PORT}/[1-200]' && cat out/* | grep -c 'hello from allowed.example'`, ['allowed.example'],
    { limits: { maxProcesses: 1024 } });
    const allowed = events.filter((e) => e.decision === 'allow' && e.host === 'allowed.example' && e.error === undefined).length;
    assert.equal(result.exitCode, 0, `${result.stderr.slice(0, 500)} (${allowed} audited as allowed)`);
    assert.equal(result.stdout.trim(), '200');
    assert.equal(allowed, 200);
    assert.equal(events.length, 200);
  });

  it('runs with no network at all when socat is missing (fails closed) and says so', async () => {
    const events: EgressEvent[] = [];
    const r = await runSandboxed({ command: curl(`https://allowed.example:${HTTPS_PORT}/`), workspace: ws.path,
      egress: { allowedHosts: ['allowed.example'], lookup }, onEgress: (e) => events.push(e) }, { socatPath: null });
    assert.notEqual(r.exitCode, 0);
    assert.equal(events.length, 0);
    assert.ok(r.notes.some((n) => /socat is missing/.test(n)), r.notes.join(' '));
  });
});

import { strict as assert } from 'node:assert';
import { existsSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runSandboxed, probeBwrap } from '../../../../src/node/sandbox';
import { tempDir } from './helpers';

// Real bubblewrap: these are node-adapter tests, they prove the isolation rather than the argument list.
describe('node/sandbox isolation (real bwrap)', () => {
  let ws: ReturnType<typeof tempDir>;
  let outside: ReturnType<typeof tempDir>;

  before(async () => {
    const probe = await probeBwrap('/usr/bin/bwrap');
    assert.ok(probe.usable, `bubblewrap must be usable for these tests: ${probe.reason}`);
  });
  beforeEach(() => {
    ws = tempDir('ag-ws-');
    outside = tempDir('ag-outside-');
  });
  afterEach(() => {
    ws.remove();
    outside.remove();
  });

  it('runs inside bubblewrap with a non-root uid and no capabilities', async () => {
    const r = await runSandboxed({ command: 'id -u; grep CapEff /proc/self/status; hostname', workspace: ws.path });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.sandboxed, true);
    const [uid, caps, host] = r.stdout.trim().split('\n');
    assert.notEqual(uid, '0');
    assert.match(caps ?? '', /CapEff:\s+0+$/);
    assert.equal(host, 'agent-guard-sandbox');
  });

  describe('network', () => {
    let server: Server;
    let port = 0;
    let connections = 0;
    before(async () => {
      server = createServer((socket) => { connections++; socket.end('hello\n'); });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    after(() => server.close());
    const connect = () => `exec 3<>/dev/tcp/127.0.0.1/${port} && head -n1 <&3`;

    it('cannot reach a TCP listener on the host loopback by default', async () => {
      connections = 0;
      const r = await runSandboxed({ argv: ['/bin/bash', '-c', connect()], workspace: ws.path });
      assert.notEqual(r.exitCode, 0);
      assert.equal(connections, 0);
    });

    it('reaches it when the policy grants network (so the test above can fail)', async () => {
      connections = 0;
      const r = await runSandboxed({ argv: ['/bin/bash', '-c', connect()], workspace: ws.path, network: true });
      assert.equal(r.exitCode, 0, r.stderr);
      assert.equal(r.stdout, 'hello\n');
      assert.equal(connections, 1);
    });
  });

  it('writes the workspace but nothing outside it', async () => {
    const script = [
      'echo made > inside.txt',
      `(echo x > ${outside.path}/bound-ro.txt) 2>/dev/null && echo WROTE-BOUND`,
      `test -e ${outside.path}/marker && echo SAW-UNBOUND`,
      '(echo x > /usr/agent-guard-x) 2>/dev/null && echo WROTE-USR',
      '(echo x > /etc/agent-guard-x) 2>/dev/null && echo WROTE-ETC',
      'echo x > /tmp/private.txt && echo TMP-OK',
    ].join('; ');
    const unbound = tempDir('ag-unbound-');
    writeFileSync(join(unbound.path, 'marker'), 'x');
    try {
      const r = await runSandboxed({ command: script.replace(`${outside.path}/marker`, `${unbound.path}/marker`), workspace: ws.path,
        extraBinds: [{ path: outside.path }] });
      assert.equal(r.stdout, 'TMP-OK\n', r.stderr);
      assert.ok(existsSync(join(ws.path, 'inside.txt')));
      assert.ok(!existsSync(join(outside.path, 'bound-ro.txt')));
      assert.ok(!existsSync('/usr/agent-guard-x') && !existsSync('/etc/agent-guard-x'));
      assert.ok(!existsSync('/tmp/private.txt'), 'the sandbox /tmp must be private');
    } finally {
      unbound.remove();
    }
  });

  it('keeps a read-only workspace read-only', async () => {
    const r = await runSandboxed({ command: 'echo x > f.txt', workspace: ws.path, workspaceWritable: false });
    assert.notEqual(r.exitCode, 0);
    assert.ok(!existsSync(join(ws.path, 'f.txt')));
  });

  it('cannot read a file in the home directory', async () => {
    const dir = join(homedir(), `.agent-guard-test-${randomBytes(6).toString('hex')}`);
    mkdirSync(dir);
    const content = `home-secret-${randomBytes(8).toString('hex')}`;
    writeFileSync(join(dir, 'credentials'), content);
    try {
      const r = await runSandboxed({ command: `cat ${join(dir, 'credentials')}; ls -a ${homedir()}`, workspace: ws.path });
      assert.notEqual(r.exitCode, 0);
      assert.ok(!r.stdout.includes(content) && !r.stderr.includes(content), 'home file content was readable');
      assert.ok(!r.stdout.includes('.agent-guard-test-'), 'home directory was listable');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scrubs the environment to the allow-list', async () => {
    process.env.AG_TEST_HIDDEN = 'hidden-value';
    process.env.AG_TEST_PASSED = 'passed-value';
    try {
      const r = await runSandboxed({ command: 'env', workspace: ws.path, envAllowList: ['AG_TEST_PASSED'], env: { EXPLICIT: '1' } });
      assert.ok(!r.stdout.includes('AG_TEST_HIDDEN'));
      assert.match(r.stdout, /^AG_TEST_PASSED=passed-value$/m);
      assert.match(r.stdout, /^EXPLICIT=1$/m);
      assert.match(r.stdout, /^HOME=\/tmp$/m);
    } finally {
      delete process.env.AG_TEST_HIDDEN;
      delete process.env.AG_TEST_PASSED;
    }
  });

  it('refuses a working directory outside the workspace and a malformed request', async () => {
    const r1 = await runSandboxed({ command: 'true', workspace: ws.path, cwd: outside.path });
    assert.match(r1.refused ?? '', /not inside the workspace/);
    assert.equal(r1.exitCode, null);
    const r2 = await runSandboxed({ command: 'true', argv: ['true'], workspace: ws.path });
    assert.match(r2.refused ?? '', /exactly one/);
    for (const workspace of ['/', homedir()]) {
      const r3 = await runSandboxed({ command: 'true', workspace });
      assert.match(r3.refused ?? '', /refusing to expose it/);
    }
  });
});

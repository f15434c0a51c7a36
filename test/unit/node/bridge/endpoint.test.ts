import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { bridgeEndpoint, bridgeLocation, endpointProblem, workspaceKeyInput } from '../../../../src/node/bridge/endpoint';
import { listenExclusive } from '../../../../src/node/bridge/listen';
import { privateDirProblem, privateFileProblem, processAlive } from '../../../../src/node/bridge/paths';

const ID = '0123456789abcdef0123456789abcdef';
const posixFallback = { tmpdir: '/tmp', uid: 1000 };

describe('bridge endpoint (per platform)', () => {
  describe('POSIX', () => {
    it('a Unix socket in $XDG_RUNTIME_DIR/agent-guard, else in the tmp dir per uid; owner and mode are checked', () => {
      assert.deepEqual(bridgeLocation('linux', { XDG_RUNTIME_DIR: '/run/user/1000' }, posixFallback),
        { transport: 'unix-socket', dir: '/run/user/1000/agent-guard', checksOwnerAndMode: true });
      assert.equal(bridgeLocation('darwin', {}, posixFallback).dir, '/tmp/agent-guard-1000');
      assert.equal(bridgeLocation('linux', { XDG_RUNTIME_DIR: 'relative/dir' }, posixFallback).dir, '/tmp/agent-guard-1000');
      assert.equal(bridgeLocation('linux', {}, { tmpdir: '/tmp', uid: undefined }).dir, '/tmp/agent-guard-user');
      assert.equal(bridgeLocation('linux', { LOCALAPPDATA: 'C:\\x' }, posixFallback).transport, 'unix-socket');
    });

    it('listens on <key>.sock beside the token and trusts only a socket in that directory', () => {
      const location = bridgeLocation('linux', { XDG_RUNTIME_DIR: '/run/user/1000' }, posixFallback);
      const endpoint = bridgeEndpoint(location, 'abc123', ID);
      assert.equal(endpoint, '/run/user/1000/agent-guard/abc123.sock');
      assert.equal(endpointProblem(location, endpoint), undefined);
      assert.match(endpointProblem(location, '/tmp/evil/abc123.sock') ?? '', /outside the private directory/);
      assert.match(endpointProblem(location, '/run/user/1000/agent-guard/sub/x.sock') ?? '', /outside/);
      assert.match(endpointProblem(location, `\\\\.\\pipe\\agent-guard-${ID}`) ?? '', /outside/);
    });

    it('keeps workspace keys case-sensitive', () => {
      assert.notEqual(workspaceKeyInput('/home/dev/Project', 'linux'), workspaceKeyInput('/home/dev/project', 'linux'));
    });
  });

  describe('Windows', () => {
    const env = { LOCALAPPDATA: 'C:\\Users\\dev\\AppData\\Local', XDG_RUNTIME_DIR: '/run/user/1000' };

    it('token and discovery in %LOCALAPPDATA%\\agent-guard; no owner/mode checks (they do not exist there)', () => {
      assert.deepEqual(bridgeLocation('win32', env, posixFallback),
        { transport: 'named-pipe', dir: 'C:\\Users\\dev\\AppData\\Local\\agent-guard', checksOwnerAndMode: false });
    });

    it('refuses to place the bridge without a local, absolute %LOCALAPPDATA%', () => {
      for (const LOCALAPPDATA of [undefined, '', 'AppData\\Local', '\\\\server\\share\\dev\\AppData\\Local']) {
        assert.throws(() => bridgeLocation('win32', { LOCALAPPDATA }, posixFallback), /LOCALAPPDATA/, String(LOCALAPPDATA));
      }
    });

    it('listens on \\\\.\\pipe\\agent-guard-<128-bit hex> and trusts only that shape', () => {
      const location = bridgeLocation('win32', env, posixFallback);
      const endpoint = bridgeEndpoint(location, 'abc123', ID);
      assert.equal(endpoint, `\\\\.\\pipe\\agent-guard-${ID}`);
      assert.equal(endpointProblem(location, endpoint), undefined);
      for (const bad of [
        `\\\\server\\pipe\\agent-guard-${ID}`, // a remote pipe
        `\\\\.\\pipe\\agent-guard-${ID.toUpperCase()}`,
        `\\\\.\\pipe\\agent-guard-${ID}x`,
        `\\\\.\\pipe\\agent-guard-${ID.slice(1)}`,
        `\\\\.\\pipe\\other-${ID}`,
        `\\\\.\\pipe\\agent-guard-${ID}\\..\\evil`,
        'C:\\Users\\dev\\AppData\\Local\\agent-guard\\abc123.sock',
        '/run/user/1000/agent-guard/abc123.sock',
      ]) assert.match(endpointProblem(location, bad) ?? '', /does not create/, bad);
      assert.throws(() => bridgeEndpoint(location, 'abc123', 'predictable'), /128 bits/);
      assert.throws(() => bridgeEndpoint(location, 'abc123', ID.toUpperCase()), /128 bits/);
    });

    it('gives c:\\Work and C:\\work the same workspace key (paths are case-insensitive)', () => {
      assert.equal(workspaceKeyInput('c:\\Work\\Proj', 'win32'), workspaceKeyInput('C:\\work\\proj', 'win32'));
    });
  });

  describe('privacy checks', () => {
    let dir: string;
    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-priv-')); });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('POSIX (the default) refuses a directory or file others can read; the Windows branch does not look at modes', () => {
      fs.chmodSync(dir, 0o755);
      assert.match(privateDirProblem(dir) ?? '', /accessible to other users \(mode 755\)/);
      assert.match(privateDirProblem(dir, true) ?? '', /accessible to other users/);
      assert.equal(privateDirProblem(dir, false), undefined);
      fs.chmodSync(dir, 0o700);
      assert.equal(privateDirProblem(dir), undefined);
      const file = path.join(dir, 'x.token');
      fs.writeFileSync(file, 't', { mode: 0o644 });
      fs.chmodSync(file, 0o644);
      assert.match(privateFileProblem(file) ?? '', /readable by other users/);
      assert.equal(privateFileProblem(file, false), undefined);
    });

    it('both branches refuse links and wrong file types', () => {
      const target = path.join(dir, 'real');
      fs.mkdirSync(target, { mode: 0o700 });
      const link = path.join(dir, 'link');
      fs.symlinkSync(target, link);
      for (const ownerAndMode of [true, false]) {
        assert.match(privateDirProblem(link, ownerAndMode) ?? '', /not a directory/);
        assert.match(privateFileProblem(target, ownerAndMode) ?? '', /not a regular file/);
        assert.match(privateDirProblem(path.join(dir, 'missing'), ownerAndMode) ?? '', /does not exist/);
      }
    });

    it('a process that has exited is not alive', () => {
      const child = spawnSync(process.execPath, ['-e', '0']);
      assert.equal(processAlive(process.pid), true);
      assert.equal(processAlive(child.pid ?? 0), false);
    });
  });

  describe('listenExclusive, named-pipe branch (a Unix socket stands in for the pipe on Linux)', () => {
    let dir: string;
    const servers: net.Server[] = [];
    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-lx-')); });
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('refuses an address another server is listening on, and one that exists without a listener', async () => {
      const endpoint = path.join(dir, 'taken.sock');
      const squatter = net.createServer();
      servers.push(squatter);
      await new Promise<void>((r) => squatter.listen(endpoint, r));
      await assert.rejects(listenExclusive(net.createServer(), { transport: 'named-pipe', endpoint }), /already exists, so another process created it/);
      // No listener: the probe finds nothing to talk to, and listen itself fails with EADDRINUSE.
      const stale = path.join(dir, 'stale.sock');
      fs.writeFileSync(stale, '');
      await assert.rejects(listenExclusive(net.createServer(), { transport: 'named-pipe', endpoint: stale }), /already exists/);
      const mine = net.createServer();
      servers.push(mine);
      await listenExclusive(mine, { transport: 'named-pipe', endpoint: path.join(dir, 'free.sock') });
      assert.ok(mine.listening);
    });
  });
});

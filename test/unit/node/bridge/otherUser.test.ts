import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverBridge, requestDecision } from '../../../../src/node/bridge/client';
import { startBridgeServer, type BridgeServer } from '../../../../src/node/bridge/server';
import type { BridgeDecision } from '../../../../src/protocol/bridge';
import { bridgeDirPointer } from '../../../../src/node/bridge/publishedBridgeDir';

const ATTACKER = 'agtest-other';
const allowAll = async (): Promise<BridgeDecision> => ({ verdict: 'allow', reason: 'test', risk: 'low' });

/** A real second local user, created here when missing; undefined (with the reason) where the machine cannot. */
function secondUser(): { uid: number; gid: number } | string {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'needs root on Linux to create and act as a second local user';
  try {
    execFileSync('id', ['-u', ATTACKER], { stdio: 'ignore' });
  } catch {
    try {
      execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', ATTACKER], { stdio: 'ignore' });
    } catch (error) {
      return `useradd failed: ${(error as Error).message}`;
    }
  }
  const uid = Number(execFileSync('id', ['-u', ATTACKER], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', ATTACKER], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** Runs argv as the second user (setpriv: real uid/gid switch, no supplementary groups). */
function asOtherUser(user: { uid: number; gid: number }, argv: string[]): void {
  execFileSync('setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', ...argv], { stdio: 'pipe' });
}

// Issue 12 item 5: with XDG_RUNTIME_DIR unset, another local user who creates the bridge's directory
// in /tmp first must not stop the bridge. Real second user, real /tmp-style sticky directory.
describe('bridge directory and another local user (real second user)', function () {
  this.timeout(20_000);
  let user: { uid: number; gid: number };
  let tmp: string;
  let home: string;
  let workspace: string;
  let env: NodeJS.ProcessEnv;
  let server: BridgeServer | undefined;
  const savedTmpdir = process.env.TMPDIR;

  before(function () {
    const found = secondUser();
    if (typeof found === 'string') {
      console.warn(`\n  !!! SKIPPED: the second-user bridge test cannot run here: ${found}\n`);
      this.skip();
    }
    user = found;
  });
  beforeEach(() => {
    // A shared sticky directory like /tmp, so the other user can create in it, and os.tmpdir() points there.
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-shared-tmp-'));
    fs.chmodSync(tmp, 0o1777);
    process.env.TMPDIR = tmp;
    home = fs.mkdtempSync(path.join(savedTmpdir ?? '/tmp', 'ag-home-'));
    workspace = fs.mkdtempSync(path.join(home, 'ws-'));
    env = { HOME: home, AGENT_GUARD_STATE_DIR: path.join(home, 'state') }; // no XDG_RUNTIME_DIR
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('starts and answers although the other user made /tmp/agent-guard-<uid> first', async () => {
    const squatted = path.join(tmp, `agent-guard-${process.getuid?.()}`);
    asOtherUser(user, ['mkdir', '-m', '0777', squatted]);
    assert.equal(fs.statSync(squatted).uid, user.uid, 'the other user owns the squatted directory');
    server = await startBridgeServer({ workspace, env, decide: allowAll });
    assert.notEqual(server.paths.dir, squatted);
    assert.equal(path.dirname(server.paths.dir), tmp);
    assert.equal(fs.statSync(server.paths.dir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(bridgeDirPointer(env)).mode & 0o777, 0o600);
    const found = discoverBridge(workspace, env);
    assert.ok(found.found, found.found ? '' : found.reason);
    assert.equal(found.endpoint.address, server.paths.endpoint);
    const outcome = await requestDecision(found.endpoint, { id: 'hook:claude', name: 'Claude Code' }, { kind: 'command', command: 'echo hi', cwd: workspace }, 5000);
    assert.equal(outcome.kind, 'response');
  });

  it('the other user cannot plant a bridge directory for the hook: the pointer is user-only and only names private directories', async () => {
    const planted = path.join(tmp, 'planted');
    asOtherUser(user, ['mkdir', '-m', '0700', planted]);
    fs.mkdirSync(path.dirname(bridgeDirPointer(env)), { recursive: true, mode: 0o700 });
    fs.writeFileSync(bridgeDirPointer(env), planted, { mode: 0o600 });
    server = await startBridgeServer({ workspace, env, decide: allowAll });
    assert.notEqual(server.paths.dir, planted, 'a directory of another user is never used');
    assert.equal(fs.readFileSync(bridgeDirPointer(env), 'utf8'), server.paths.dir, 'a fresh directory was published instead');
  });
});

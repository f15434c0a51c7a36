/**
 * The warm decider's lifecycle (issue 15), against the real built bundle (dist/cli.js) and real
 * processes: started on demand, exits when idle, reloads a changed policy, steps aside for VS Code's
 * bridge, and a decider killed with SIGKILL leaves the hook deciding correctly by itself. Every case
 * also checks the decision is the committed policy's. Timings are in `npm run bench -- hook`, not here.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DECIDER_ALLOW_REASON } from '../../../src/cli/decider/serve';
import { startGuardBridge } from './hookHarness';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const OFFLINE_ALLOW = 'allowed by the committed policy (VS Code not running)';

interface Answer { decision: string; reason: string }

/** Decider processes serving `root`, found by their command line (this test's own temp folder). */
function deciderPids(root: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes('__decider') && args.includes(root)) pids.push(Number(entry));
    } catch { /* the process exited meanwhile */ }
  }
  return pids;
}

async function until<T>(what: string, probe: () => T | undefined, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('the warm decider lifecycle (dist/cli.js, real processes)', function () {
  this.timeout(90_000);
  let base: string;
  let ws: string;
  let env: NodeJS.ProcessEnv;

  /** One hook run, asynchronous so that a bridge served by this test process can answer it. */
  const hook = (command: string): Promise<Answer> => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'hook', 'claude'], { cwd: ws, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk; });
    child.on('error', reject);
    child.on('close', () => {
      try {
        const parsed = JSON.parse(out) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
        resolve({ decision: parsed.hookSpecificOutput.permissionDecision, reason: parsed.hookSpecificOutput.permissionDecisionReason });
      } catch (error) { reject(new Error(`no answer: ${out} (${String(error)})`)); }
    });
    child.stdin.end(JSON.stringify({ session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } }));
  });
  const policy = (rules: object[]) => fs.writeFileSync(path.join(ws, '.vscode', 'agent-guard.json'), JSON.stringify({ version: 1, commands: { rules } }));
  const warmDecider = async (): Promise<number> => {
    await hook('echo hi');
    const pid = await until('a decider', () => deciderPids(ws)[0]);
    const warm = await deciderAnswers('echo hi');
    assert.match(warm.reason, new RegExp(escape(DECIDER_ALLOW_REASON)), 'the decider answers once it listens');
    return pid;
  };
  /** Asks until the decider (not the in-process fallback) answers: its process starts before it listens. */
  const deciderAnswers = async (command: string): Promise<Answer> => {
    for (let attempt = 0; ; attempt++) {
      const answer = await hook(command);
      if (answer.reason.includes(DECIDER_ALLOW_REASON) || attempt >= 30) return answer;
      await new Promise((done) => setTimeout(done, 200));
    }
  };

  before(() => {
    const build = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });
  beforeEach(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ag-decider-')));
    ws = path.join(base, 'ws');
    fs.mkdirSync(path.join(ws, '.git'), { recursive: true });
    fs.mkdirSync(path.join(ws, '.vscode'));
    policy([{ id: 'no-frob', effect: 'deny', command: 'frobnicate' }, { id: 'echo-ok', effect: 'allow', command: 'echo' }]);
    const run = path.join(base, 'run');
    fs.mkdirSync(run, { mode: 0o700 });
    env = { PATH: process.env.PATH, HOME: path.join(base, 'home'), XDG_RUNTIME_DIR: run, AGENT_GUARD_MANAGED_POLICY: path.join(base, 'none.json') };
  });
  afterEach(() => {
    for (const pid of deciderPids(ws)) process.kill(pid, 'SIGKILL');
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('starts on demand: the first call decides in-process and starts it, the next calls are its answers', async () => {
    assert.deepEqual(deciderPids(ws), []);
    const first = await hook('echo hi');
    assert.equal(first.decision, 'allow');
    assert.match(first.reason, new RegExp(escape(OFFLINE_ALLOW)));
    await until('a decider', () => deciderPids(ws)[0]);
    const warm = await deciderAnswers('echo hi');
    assert.equal(warm.decision, 'allow');
    assert.match(warm.reason, new RegExp(escape(DECIDER_ALLOW_REASON)));
    const denied = await hook('frobnicate');
    assert.equal(denied.decision, 'deny');
    assert.match(denied.reason, /no-frob/);
    assert.equal(deciderPids(ws).length, 1, 'one decider per workspace');
  });

  it('exits when idle, and the hook then still decides correctly', async () => {
    env.AGENT_GUARD_DECIDER_IDLE_MS = '1500';
    const pid = await warmDecider();
    await until('the idle decider to exit', () => (isAlive(pid) ? undefined : true));
    const denied = await hook('frobnicate');
    assert.equal(denied.decision, 'deny');
    assert.match(denied.reason, /no-frob/);
  });

  it('reloads a changed policy: the next answer follows the new file', async () => {
    await warmDecider();
    const before = await deciderAnswers('echo hi');
    assert.equal(before.decision, 'allow');
    assert.match(before.reason, new RegExp(escape(DECIDER_ALLOW_REASON)));
    policy([{ id: 'no-frob', effect: 'deny', command: 'frobnicate' }, { id: 'no-echo-now', effect: 'deny', command: 'echo' }]);
    const after = await hook('echo hi');
    assert.equal(after.decision, 'deny', after.reason);
    assert.match(after.reason, /no-echo-now/);
    assert.equal(deciderPids(ws).length, 1, 'the same decider answered (reloaded, not restarted)');
  });

  it('steps aside when VS Code\'s bridge starts: the bridge answers and the decider exits', async () => {
    const pid = await warmDecider();
    const { server } = await startGuardBridge(env.XDG_RUNTIME_DIR ?? '', ws);
    try {
      // The scripted bridge policy (hookHarness) allows `npm test` with its own reason, denies `rm -rf /`.
      const viaBridge = await hook('npm test');
      assert.equal(viaBridge.decision, 'allow');
      assert.match(viaBridge.reason, /allowed by policy/);
      assert.doesNotMatch(viaBridge.reason, /background decider/);
      await until('the decider to step aside', () => (isAlive(pid) ? undefined : true));
      const denied = await hook('rm -rf /');
      assert.equal(denied.decision, 'deny');
      assert.deepEqual(deciderPids(ws), [], 'no decider restarted while the bridge serves the folder');
    } finally {
      await server.close();
    }
  });

  it('a decider killed with SIGKILL: the hook still decides correctly by itself and starts a new one', async () => {
    const pid = await warmDecider();
    process.kill(pid, 'SIGKILL');
    await until('the killed decider to be gone', () => (isAlive(pid) ? undefined : true));
    const denied = await hook('frobnicate');
    assert.equal(denied.decision, 'deny');
    assert.match(denied.reason, /no-frob/);
    const allowed = await hook('echo hi');
    assert.equal(allowed.decision, 'allow');
    const fresh = await until('a new decider', () => deciderPids(ws).find((p) => p !== pid));
    assert.notEqual(fresh, pid);
  });
});

function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Hook round-trip latency of the tiny entry `node dist/cli.js hook claude`, each paired with a bare
// `node -e 0` start in the same run (interleaved, median): (1) VS Code running: a real bridge server in
// this process (full interceptor, the real evaluator on the default policy, in-memory audit); (2) VS
// Code closed: the first call (no decider yet: decides in-process and starts one), then the warm
// decider. Also the in-process bridge round trip alone. Figures are printed, never asserted.
// dist/ is rebuilt first (esbuild.mjs) so the figures are current.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/engine/approval/clock';
import { createEvaluator } from '../src/engine/evaluator';
import { createGuard, type Guard } from '../src/engine/interceptor';
import { nodeCommandAnalyzer } from '../src/node/commandAnalyzerLoader';
import { cliLayerFiles, loadLayers, nodeFileSystemPort, nodePathEnvironment } from '../src/node/policyFiles';
import { discoverBridge, requestDecision } from '../src/node/bridge/client';
import { bridgeDecider } from '../src/node/bridge/decider';
import { startBridgeServer } from '../src/node/bridge/server';

const RUNS = 20;
const WARMUP = 3;
const CLI = join(__dirname, '..', 'dist', 'cli.js');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

function timedSpawn(args: string[], env: NodeJS.ProcessEnv, stdin: string, check: (stdout: string) => void): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.on('error', reject);
    child.on('close', () => {
      const elapsed = performance.now() - started;
      try {
        check(stdout);
        resolve(elapsed);
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(stdin);
  });
}

async function measure(run: () => Promise<number>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await run());
  return times;
}

function line(label: string, times: number[], baseline?: number[]): string {
  const median = percentile(times, 50);
  const ratio = baseline ? `   ratio ${(median / percentile(baseline, 50)).toFixed(2)}x (median)` : '';
  return `${label.padEnd(44)} median ${median.toFixed(2)} ms   p95 ${percentile(times, 95).toFixed(2)} ms${ratio}`;
}

async function guardWithDefaultPolicy(workspace: string): Promise<{ guard: Guard; audited: () => number }> {
  const loaded = loadLayers(cliLayerFiles({ workspace, env: process.env }));
  const evaluator = createEvaluator({ policy: loaded.policy, analyzer: await nodeCommandAnalyzer(), fs: nodeFileSystemPort(), env: nodePathEnvironment(process.env) });
  let audited = 0;
  const guard = createGuard({
    clock: systemClock,
    rateLimit: { burst: 1000, perSecond: 1000, perHour: 1_000_000 },
    engine: {
      checkCommand: (command, cwd) => evaluator.checkCommand({ command, cwd, workspace }),
      checkPath: (kind, path) => evaluator.checkPath({ op: kind === 'create' ? 'write' : kind, path, cwd: workspace, workspace }),
    },
    executor: { execute: async () => ({ error: 'hooks never execute' }) },
    audit: { record: () => { audited++; } },
  });
  return { guard, audited: () => audited };
}

/** `node -e 0` and `run` alternately, so both see the same machine load; returns both series. */
async function paired(run: () => Promise<number>, env: NodeJS.ProcessEnv): Promise<{ bare: number[]; hook: number[] }> {
  const bare: number[] = [];
  const hook: number[] = [];
  for (let i = 0; i < WARMUP; i++) { await run(); await timedSpawn(['-e', '0'], env, '', () => undefined); }
  for (let i = 0; i < RUNS; i++) {
    bare.push(await timedSpawn(['-e', '0'], env, '', () => undefined));
    hook.push(await run());
  }
  return { bare, hook };
}

function hookInput(cwd: string): string {
  return JSON.stringify({
    session_id: 'bench', transcript_path: '/tmp/t.jsonl', cwd, permission_mode: 'default',
    hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_use_id: 'toolu_bench',
  });
}

const expectAllow = (stdout: string) => {
  if (!stdout.includes('"permissionDecision":"allow"')) throw new Error(`hook did not allow: ${stdout}`);
};

async function withBridge(): Promise<void> {
  const runtime = mkdtempSync(join(tmpdir(), 'ag-bench-hook-'));
  const workspace = mkdtempSync(join(tmpdir(), 'ag-bench-ws-'));
  const { guard, audited } = await guardWithDefaultPolicy(workspace);
  guard.agents.register('hook:claude', 'Claude Code');
  guard.agents.approve('hook:claude', 'execute');
  const env = { ...process.env, XDG_RUNTIME_DIR: runtime };
  const server = await startBridgeServer({ workspace, env, decide: bridgeDecider(guard) });
  try {
    const input = hookInput(workspace);
    const { bare, hook } = await paired(() => timedSpawn([CLI, 'hook', 'claude'], env, input, expectAllow), env);
    const found = discoverBridge(workspace, env);
    if (!found.found) throw new Error(found.reason);
    const bridgeOnly = await measure(async () => {
      const started = performance.now();
      const outcome = await requestDecision(found.endpoint, { id: 'hook:claude', name: 'Claude Code' }, { kind: 'command', command: 'npm test', cwd: workspace }, 5000);
      if (outcome.kind !== 'response' || !outcome.response.ok) throw new Error('bridge request failed');
      return performance.now() - started;
    });
    console.log(`VS Code running (bridge server in this process), ${RUNS} paired runs after ${WARMUP} warm-up, interleaved with node -e 0:`);
    console.log(line('bare `node -e 0` start', bare));
    console.log(line('`node dist/cli.js hook claude` (bridge)', hook, bare));
    console.log(line('bridge request alone (in-process client)', bridgeOnly));
    console.log(`decisions audited: ${audited()} (expected ${2 * RUNS + WARMUP + WARMUP}: hook runs + bridge requests)`);
  } finally {
    await server.close();
    guard.dispose();
    rmSync(runtime, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** Decider processes serving `root` (found by command line, so the bench can stop the one it started). */
function deciderPids(root: string): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((e) => {
    try {
      const args = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
      return args.includes('__decider') && args.includes(root);
    } catch {
      return false;
    }
  }).map(Number);
}

async function withDecider(): Promise<void> {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'ag-bench-decider-')));
  const workspace = join(base, 'ws');
  mkdirSync(join(workspace, '.git'), { recursive: true });
  const runtime = join(base, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  const env = { ...process.env, XDG_RUNTIME_DIR: runtime, HOME: join(base, 'home'), AGENT_GUARD_MANAGED_POLICY: join(base, 'none.json') };
  const input = hookInput(workspace);
  try {
    const cold = await timedSpawn([CLI, 'hook', 'claude'], env, input, expectAllow);
    let warmed = false;
    for (let i = 0; i < 50 && !warmed; i++) {
      await new Promise((done) => setTimeout(done, 100));
      await timedSpawn([CLI, 'hook', 'claude'], env, input, (out) => { warmed = out.includes('background decider'); });
    }
    if (!warmed) throw new Error('the decider never answered');
    const expectDecider = (out: string) => {
      expectAllow(out);
      if (!out.includes('background decider')) throw new Error(`not the decider's answer: ${out}`);
    };
    const { bare, hook } = await paired(() => timedSpawn([CLI, 'hook', 'claude'], env, input, expectDecider), env);
    console.log(`VS Code closed, ${RUNS} paired runs after ${WARMUP} warm-up, interleaved with node -e 0:`);
    console.log(line('first call, decider cold (in-process, starts it)', [cold]));
    console.log(line('bare `node -e 0` start', bare));
    console.log(line('`node dist/cli.js hook claude` (warm decider)', hook, bare));
  } finally {
    for (const pid of deciderPids(workspace)) process.kill(pid, 'SIGTERM');
    rmSync(base, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [join(__dirname, '..', 'esbuild.mjs')], { cwd: join(__dirname, '..'), encoding: 'utf8' });
  if (build.status !== 0) throw new Error(build.stderr);
  await withBridge();
  await withDecider();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

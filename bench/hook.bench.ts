// Hook round-trip latency: wall time of `node dist/cli.js hook claude` answering an allow decision
// through a real bridge server in this process (full interceptor: agent check, profile, rate limit,
// the real policy evaluator on the default policy, an in-memory audit port), against a bare `node -e 0` start. Also the in-process bridge round trip
// alone. Figures are printed, never asserted. dist/cli.js is rebuilt first so the figure is current.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { systemClock } from '../src/engine/approval/clock';
import { createEvaluator } from '../src/engine/evaluator';
import { createGuard, type Guard } from '../src/engine/interceptor';
import { nodeCommandAnalyzer } from '../src/node/commandAnalyzerLoader';
import { cliLayerFiles, loadLayers, nodeFileSystemPort, nodePathEnvironment } from '../src/node/policyFiles';
import { discoverBridge, requestDecision } from '../src/node/bridge/client';
import { bridgeDecider } from '../src/node/bridge/decider';
import { startBridgeServer } from '../src/node/bridge/server';

const RUNS = 40;
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

async function main(): Promise<void> {
  await esbuild.build({
    entryPoints: [join(__dirname, '..', 'src', 'cli', 'main.ts')], outfile: CLI, bundle: true, platform: 'node',
    format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' }, logLevel: 'warning', sourcemap: true, sourcesContent: false,
  });
  const runtime = mkdtempSync(join(tmpdir(), 'ag-bench-hook-'));
  const workspace = mkdtempSync(join(tmpdir(), 'ag-bench-ws-'));
  const { guard, audited } = await guardWithDefaultPolicy(workspace);
  guard.agents.register('hook:claude', 'Claude Code');
  guard.agents.approve('hook:claude', 'execute');
  const env = { ...process.env, XDG_RUNTIME_DIR: runtime };
  const server = await startBridgeServer({ workspace, env, decide: bridgeDecider(guard) });
  try {
    const input = JSON.stringify({
      session_id: 'bench', transcript_path: '/tmp/t.jsonl', cwd: workspace, permission_mode: 'default',
      hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_use_id: 'toolu_bench',
    });
    const expectAllow = (stdout: string) => {
      if (!stdout.includes('"permissionDecision":"allow"')) throw new Error(`hook did not allow: ${stdout}`);
    };
    const bare = await measure(() => timedSpawn(['-e', '0'], env, '', () => undefined));
    const hook = await measure(() => timedSpawn([CLI, 'hook', 'claude'], env, input, expectAllow));
    const found = discoverBridge(workspace, env);
    if (!found.found) throw new Error(found.reason);
    const bridgeOnly = await measure(async () => {
      const started = performance.now();
      const outcome = await requestDecision(found.endpoint, { id: 'hook:claude', name: 'Claude Code' }, { kind: 'command', command: 'npm test', cwd: workspace }, 5000);
      if (outcome.kind !== 'response' || !outcome.response.ok) throw new Error('bridge request failed');
      return performance.now() - started;
    });
    console.log(`runs per figure: ${RUNS} (after ${WARMUP} warm-up); allow decision, bridge server in this process`);
    console.log(line('bare `node -e 0` start', bare));
    console.log(line('`node dist/cli.js hook claude` round trip', hook, bare));
    console.log(line('bridge request alone (in-process client)', bridgeOnly));
    console.log(`decisions audited: ${audited()} (expected ${2 * (RUNS + WARMUP)}: hook runs + bridge requests)`);
  } finally {
    await server.close();
    guard.dispose();
    rmSync(runtime, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

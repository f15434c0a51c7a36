// Sandbox start overhead: median wall time of `true` through runSandboxed (bwrap + prlimit + cgroup set-up,
// as used for real) against plain `sh -c true`, both spawned from node. Figures are printed, never asserted.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSandboxed } from '../src/node/sandbox';
import { benchEgress } from './sandboxEgress';

const RUNS = 40;
const WARMUP = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function plainShell(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', 'true'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - started));
  });
}

async function sandboxed(workspace: string, cgroups: boolean): Promise<number> {
  const started = performance.now();
  const r = await runSandboxed({ argv: ['true'], workspace }, { cgroups });
  if (r.exitCode !== 0 || !r.sandboxed) throw new Error(`sandboxed true failed: ${r.refused ?? r.stderr}`);
  return performance.now() - started;
}

/** Interleaved (one of each per round) so a load spike from elsewhere hits every variant alike. */
async function measureInterleaved(runs: (() => Promise<number>)[]): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) for (const run of runs) await run();
  const times: number[][] = runs.map(() => []);
  for (let i = 0; i < RUNS; i++) for (const [k, run] of runs.entries()) times[k]?.push(await run());
  return times.map(median);
}

async function main(): Promise<void> {
  const workspace = mkdtempSync(join(tmpdir(), 'ag-bench-'));
  try {
    const [plain = 0, full = 0, noCgroup = 0] = await measureInterleaved([plainShell, () => sandboxed(workspace, true), () => sandboxed(workspace, false)]);
    console.log(`runs per figure: ${RUNS} (after ${WARMUP} warm-up), interleaved`);
    console.log(`plain sh -c true            median ${plain.toFixed(2)} ms`);
    console.log(`sandboxed true (bwrap+cgroup) median ${full.toFixed(2)} ms   ratio ${(full / plain).toFixed(1)}x`);
    console.log(`sandboxed true (bwrap only)   median ${noCgroup.toFixed(2)} ms   ratio ${(noCgroup / plain).toFixed(1)}x`);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
  await benchEgress();
}

void main();

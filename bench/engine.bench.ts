/**
 * Permission engine throughput: a 10,000-command mixed corpus (everyday commands, bypass attempts,
 * variations of both) against a 500-rule policy, single process, real analyzer, through checkCommand.
 * Also path checks. Target: p99 < 0.5 ms per command and >= 20,000 decisions/s, cold: every line is
 * distinct and each pass uses a fresh evaluator, so the analysis cache never hits (the bench checks
 * this); cache hits are measured separately. The per-policy memos of candidate rules and concrete-path
 * findings do fill up during a pass (paths and programs recur across distinct lines, as in real use).
 * Run: npm run bench -- engine
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { CommandAnalyzer } from '../src/engine/command/analysis';
import { treeCopyKind } from '../src/engine/command/analyzer';
import { createEvaluator, mergeLayers, type FileSystemPort } from '../src/engine/evaluator';
import type { EffectivePolicy } from '../src/engine/policy/merge';
import { validatePolicy } from '../src/engine/policy/load';
import { nodeCommandAnalyzer } from '../src/node/commandAnalyzerLoader';
import { benchPaths, engineCorpus, policyFileWith500Rules } from './engineCorpus';

const WS = '/home/dev/project';
const ENV = { home: '/home/dev', vars: { HOME: '/home/dev' } };
function policyWith500Rules() {
  const file = policyFileWith500Rules();
  const checked = validatePolicy(file, 'bench-policy.json');
  if (checked.problems.length > 0) throw new Error(JSON.stringify(checked.problems.slice(0, 3)));
  return mergeLayers([{ source: 'workspace', origin: 'bench-policy.json', policy: file, trusted: true }]);
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function report(label: string, times: Float64Array, totalMs: number): void {
  const sorted = Float64Array.from(times).sort();
  console.log(`${label}: ${times.length} decisions in ${totalMs.toFixed(0)} ms = ${Math.round((times.length / totalMs) * 1000)} decisions/s; ` +
    `p50 ${(percentile(sorted, 50) * 1000).toFixed(1)} µs, p99 ${(percentile(sorted, 99) * 1000).toFixed(1)} µs, max ${(sorted[sorted.length - 1] ?? 0).toFixed(2)} ms`);
}

const load = () => `load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;

/** One cold pass: a fresh evaluator (empty analysis cache) over every line once. */
function coldPass(policy: EffectivePolicy, analyzer: CommandAnalyzer, fs: FileSystemPort, lines: string[], label: string): number {
  let analyzed = 0;
  const counting: CommandAnalyzer = { analyze: (line) => { analyzed++; return analyzer.analyze(line); } };
  const evaluator = createEvaluator({ policy, analyzer: counting, fs, env: ENV });
  const times = new Float64Array(lines.length);
  const counts = { allow: 0, ask: 0, deny: 0 };
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < lines.length; i++) {
    const t0 = performance.now();
    const decision = evaluator.checkCommand({ command: lines[i] ?? '', cwd: WS, workspace: WS });
    times[i] = performance.now() - t0;
    counts[decision.decision]++;
  }
  const totalMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  if (analyzed !== lines.length) throw new Error(`cold pass had ${lines.length - analyzed} cache hits`);
  // CPU time of this process (incl. GC threads) per decision: less sensitive to other processes than wall time.
  report(`${label} [${load()}, ${((cpu.user + cpu.system) / lines.length).toFixed(1)} CPU-µs/decision]`, times, totalMs);
  console.log(`    verdicts: ${counts.allow} allow, ${counts.ask} ask, ${counts.deny} deny; analyzer ran for all ${analyzed} lines (0 cache hits)`);
  return lines.length / totalMs * 1000;
}

async function main(): Promise<void> {
  const compileStart = performance.now();
  const policy = policyWith500Rules();
  const fs: FileSystemPort = { caseInsensitive: false, realpath: (p) => p };
  const analyzer = await nodeCommandAnalyzer();
  const evaluator = createEvaluator({ policy, analyzer, fs, env: ENV });
  const own = policy.commandRules.filter((r) => r.source === 'workspace').length + policy.paths.rules.length;
  console.log(`policy: ${own} workspace rules (400 command incl. 40 with globbed programs, 100 path) on top of the balanced template's ${policy.commandRules.length - 400} command rules; validate+merge+compile ${(performance.now() - compileStart).toFixed(1)} ms`);
  const lines = engineCorpus();
  console.log(`syntax tree copy: ${treeCopyKind} (raw: tree-sitter's cursor exports called directly, see src/engine/command/rawCopy.ts)`);
  // JIT warm-up (one pass) on a separate evaluator, so the measured ones start with empty caches.
  for (const line of lines) evaluator.checkCommand({ command: line, cwd: WS, workspace: WS });

  console.log(`checkCommand cold (${lines.length} distinct lines, analyzer + evaluator, no cache hits), 3 passes:`);
  const rates = [1, 2, 3].map((pass) => coldPass(policy, analyzer, fs, lines, `  pass ${pass}`));
  console.log(`  cold headline (median of 3): ${Math.round(rates.sort((a, b) => a - b)[1] ?? 0)} decisions/s`);

  // Agents repeat themselves: a working set that fits the default analysis cache, seen again.
  const repeated = lines.slice(0, 500);
  const warm = createEvaluator({ policy, analyzer, fs, env: ENV });
  for (const line of repeated) warm.checkCommand({ command: line, cwd: WS, workspace: WS });
  const hitTimes = new Float64Array(lines.length);
  const hitStart = performance.now();
  for (let i = 0; i < lines.length; i++) {
    const t0 = performance.now();
    warm.checkCommand({ command: repeated[i % repeated.length] ?? '', cwd: WS, workspace: WS });
    hitTimes[i] = performance.now() - t0;
  }
  report(`checkCommand, analysis cache hits (500 repeated lines) [${load()}]`, hitTimes, performance.now() - hitStart);

  const analyzeTimes = new Float64Array(lines.length);
  const analyzeStart = performance.now();
  for (let i = 0; i < lines.length; i++) {
    const t0 = performance.now();
    analyzer.analyze(lines[i] ?? '');
    analyzeTimes[i] = performance.now() - t0;
  }
  report(`  analyzer alone (same lines) [${load()}]`, analyzeTimes, performance.now() - analyzeStart);

  // The evaluator's own share: the same lines with their analyses computed beforehand.
  const analyses = new Map(lines.map((line) => [line, analyzer.analyze(line)]));
  const replay = createEvaluator({ policy, analyzer: { analyze: (line) => analyses.get(line) ?? analyzer.analyze(line) }, fs, env: ENV, analysisCacheSize: 0 });
  const evalTimes = new Float64Array(lines.length);
  const evalStart = performance.now();
  for (let i = 0; i < lines.length; i++) {
    const t0 = performance.now();
    replay.checkCommand({ command: lines[i] ?? '', cwd: WS, workspace: WS });
    evalTimes[i] = performance.now() - t0;
  }
  report(`  evaluator alone (analyses precomputed) [${load()}]`, evalTimes, performance.now() - evalStart);

  const paths = benchPaths();
  const ops = ['read', 'write', 'delete', 'execute'] as const;
  const pathTimes = new Float64Array(paths.length);
  const pathStart = performance.now();
  for (let i = 0; i < paths.length; i++) {
    const t0 = performance.now();
    evaluator.checkPath({ op: ops[i % 4] ?? 'read', path: paths[i] ?? '', cwd: WS, workspace: WS });
    pathTimes[i] = performance.now() - t0;
  }
  report('checkPath', pathTimes, performance.now() - pathStart);
}

void main().then(() => {
  // Figures on a shared machine swing with its load; print it so a slow run can be read correctly.
  console.log(`load average while running: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
});

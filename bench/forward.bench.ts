// Audit forwarding against a real rsyslog on 127.0.0.1 (issue 16): 10 agents × 1,000 decisions each,
// appended concurrently (each agent one decision at a time, as an agent waits for its answer). Prints the
// append latency (the audit write on the decision path) with forwarding off and on, as a ratio, the
// forwarding throughput, and the forwarding lag (append → line in the collector's file) p50/p99.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifySyslogLines, type AuditEntryInput } from '../src/engine/audit';
import { openAuditLog } from '../src/node/audit';
import { SyslogForwarder } from '../src/node/audit/forwarder';
import { RsyslogCollector, rsyslogAvailable } from '../test/support/rsyslogCollector';

const AGENTS = 10;
const PER_AGENT = 1000;

const entry = (agent: number, i: number): AuditEntryInput => ({
  agent: `agent-${agent}`, operation: 'command.run', target: `npm test -- --shard ${i}`, result: i % 9 ? 'allowed' : 'denied',
  rule: 'workspace:tests', source: 'hook', details: { risk: 'low' },
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Runs the 10 × 1,000 load; returns per-append latencies (ms) and the append time of each seq. */
async function load(dir: string, onAppend?: (seq: number) => void) {
  const opened = await openAuditLog(dir, { now: Date.now });
  const latencies: number[] = [];
  const appendedAt = new Map<number, number>();
  const started = performance.now();
  await Promise.all(Array.from({ length: AGENTS }, async (_, agent) => {
    for (let i = 0; i < PER_AGENT; i++) {
      const t0 = performance.now();
      const record = await opened.log.append(entry(agent, i));
      const t1 = performance.now();
      latencies.push(t1 - t0);
      appendedAt.set(record.seq, t1);
      onAppend?.(record.seq);
    }
  }));
  const elapsed = performance.now() - started;
  await opened.close();
  return { latencies: latencies.sort((a, b) => a - b), appendedAt, elapsed };
}

async function main(): Promise<void> {
  if (!rsyslogAvailable()) throw new Error('rsyslogd is missing (npm test installs Debian rsyslog + rsyslog-gnutls)');
  const root = await mkdtemp(join(tmpdir(), 'ag-forward-bench-'));
  const collector = await RsyslogCollector.start();
  try {
    const off = await load(join(root, 'off'));

    const dir = join(root, 'on');
    let forwarder: SyslogForwarder | undefined;
    const seenAt = new Map<number, number>();
    let offset = 0;
    let partial = '';
    // Reads only what rsyslog appended since the last look, so watching costs the load nothing much.
    const watch = setInterval(() => {
      if (!existsSync(collector.output)) return;
      const size = statSync(collector.output).size;
      if (size <= offset) return;
      const buffer = Buffer.alloc(size - offset);
      const fd = openSync(collector.output, 'r');
      readSync(fd, buffer, 0, buffer.length, offset);
      closeSync(fd);
      offset = size;
      const lines = (partial + buffer.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      const now = performance.now();
      for (const line of lines) {
        const seq = /seq="(\d+)"/.exec(line)?.[1];
        if (seq !== undefined && !seenAt.has(Number(seq))) seenAt.set(Number(seq), now);
      }
    }, 5);
    const forwardStarted = performance.now();
    const on = await load(dir, (seq) => {
      if (!forwarder) {
        forwarder = new SyslogForwarder({ dir, target: { transport: 'tcp', host: '127.0.0.1', port: collector.port }, cursorFile: join(root, 'cursor.json'), hostname: 'bench', pollMs: 50 });
        forwarder.start();
      }
      forwarder.kick(seq);
    });
    const total = AGENTS * PER_AGENT + 1;
    while (seenAt.size < total) await new Promise((done) => setTimeout(done, 10));
    const forwardMs = performance.now() - forwardStarted;
    clearInterval(watch);
    await forwarder?.stop();

    const lags = [...on.appendedAt].map(([seq, at]) => (seenAt.get(seq) ?? NaN) - at).filter(Number.isFinite).sort((a, b) => a - b);
    const report = verifySyslogLines(collector.lines());
    const p = (xs: number[], q: number) => percentile(xs, q).toFixed(2);
    console.log(`load: ${AGENTS} agents × ${PER_AGENT} decisions, each agent one at a time (durable appends, group commit)`);
    console.log(`append latency, forwarding off: p50 ${p(off.latencies, 50)} ms, p99 ${p(off.latencies, 99)} ms; ${(AGENTS * PER_AGENT / (off.elapsed / 1000)).toFixed(0)} appends/s`);
    console.log(`append latency, forwarding on:  p50 ${p(on.latencies, 50)} ms, p99 ${p(on.latencies, 99)} ms; ${(AGENTS * PER_AGENT / (on.elapsed / 1000)).toFixed(0)} appends/s`);
    console.log(`ratio on/off: p50 ${(percentile(on.latencies, 50) / percentile(off.latencies, 50)).toFixed(2)}×, p99 ${(percentile(on.latencies, 99) / percentile(off.latencies, 99)).toFixed(2)}×`);
    console.log(`forwarded ${total} entries in ${(forwardMs / 1000).toFixed(2)} s (${(total / (forwardMs / 1000)).toFixed(0)} entries/s to rsyslog incl. the load itself)`);
    console.log(`forwarding lag (append → in the collector's file): p50 ${p(lags, 50)} ms, p99 ${p(lags, 99)} ms, max ${lags.at(-1)?.toFixed(1)} ms`);
    console.log(`collected chain: ${report.ok ? 'verifies' : 'DOES NOT VERIFY'}; ${report.logs[0]?.entries ?? 0} entries, ${report.duplicates.length} duplicates, ${report.gaps.length} gaps`);
    if (!report.ok) process.exitCode = 1;
  } finally {
    await collector.stop();
    await rm(root, { recursive: true, force: true });
  }
}

void main();

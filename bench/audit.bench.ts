// Audit log figures: durable append rate (hash chain + redaction + group-commit fdatasync), one-by-one
// durable append latency for contrast, verify rate over 100,000 entries, and newest-first tail latency.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntryInput } from '../src/engine/audit';
import { openAuditLog, queryAudit, verifyAuditPath } from '../src/node/audit';

const ENTRIES = 100_000;
const IN_FLIGHT = 2_000;

const entry = (i: number): AuditEntryInput => ({
  agent: i % 3 ? 'claude-code' : 'copilot', operation: 'command.run', target: `npm run build -- --filter pkg-${i % 97}`,
  result: i % 7 ? 'allowed' : 'denied', rule: 'workspace:allow-npm-scripts', reason: 'matched an allow rule', source: 'hook',
  details: { exitCode: 0, durationMs: i % 1000, sandboxed: true },
});

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ag-audit-bench-'));
  try {
    const opened = await openAuditLog(dir, { now: Date.now, vaultValues: () => ['bench-vault-value-1234'] });
    let start = performance.now();
    for (let i = 0; i < ENTRIES; i += IN_FLIGHT) {
      await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, ENTRIES - i) }, (_, j) => opened.log.append(entry(i + j))));
    }
    const appendMs = performance.now() - start;
    const commits = opened.sink.commits;
    start = performance.now();
    const ONE_BY_ONE = 300;
    for (let i = 0; i < ONE_BY_ONE; i++) await opened.log.append(entry(i));
    const singleMs = performance.now() - start;
    await opened.close();
    console.log(`append (batched, ${IN_FLIGHT} in flight, chain + redaction + fdatasync): ${ENTRIES} entries in ${appendMs.toFixed(0)} ms = ${Math.round(ENTRIES / (appendMs / 1000)).toLocaleString('en')} entries/s (${commits} group commits, ${(ENTRIES / commits).toFixed(0)} entries/commit)`);
    console.log(`append (one at a time, each awaited = one fdatasync): ${(singleMs / ONE_BY_ONE).toFixed(2)} ms/entry = ${Math.round(ONE_BY_ONE / (singleMs / 1000)).toLocaleString('en')} entries/s`);

    const verifyTimes: number[] = [];
    let report = await verifyAuditPath(dir); // warm-up (JIT), untimed
    for (let run = 0; run < 3; run++) {
      start = performance.now();
      report = await verifyAuditPath(dir);
      verifyTimes.push(performance.now() - start);
      if (!report.ok) throw new Error(`bench log does not verify: ${report.problem?.message}`);
    }
    const [first = 0] = verifyTimes;
    const verifyMs = [...verifyTimes].sort((a, b) => a - b)[1] ?? first;
    console.log(`verify: ${report.entries.toLocaleString('en')} entries in ${report.files} files: median of 3 ${verifyMs.toFixed(0)} ms = ${Math.round(report.entries / (verifyMs / 1000)).toLocaleString('en')} entries/s (runs: ${verifyTimes.map((t) => t.toFixed(0)).join(', ')} ms; after one untimed warm-up run)`);

    start = performance.now();
    let n = 0;
    for await (const _record of queryAudit(dir, { newestFirst: true, limit: 50, results: ['denied'] })) n++;
    console.log(`tail: newest ${n} denied entries in ${(performance.now() - start).toFixed(1)} ms`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void main();

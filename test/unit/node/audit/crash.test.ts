import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAuditLog, queryAudit, verifyAuditPath } from '../../../../src/node/audit';

const WRITER = join(__dirname, 'fixtures', 'crashWriter.ts');

/** Runs the writer until it has acknowledged at least `minAcks` entries, then SIGKILLs it. */
function runAndKill(dir: string, round: number, minAcks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, String(round)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) if (line.startsWith('ack ')) acked.push(line.slice(4));
      // Kill at an arbitrary moment while writes are in flight.
      if (acked.length >= minAcks && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited on its own (code ${code}): ${stderr}`));
    });
  });
}

describe('audit log: kill -9 crash safety (real child processes)', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'ag-audit-crash-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('keeps every acknowledged entry across repeated SIGKILLs, and the log verifies and stays appendable', async () => {
    const acknowledged: string[] = [];
    for (let round = 1; round <= 3; round++) {
      acknowledged.push(...(await runAndKill(dir, round, 1500 + round * 700)));
    }
    assert.ok(acknowledged.length >= 4500, `only ${acknowledged.length} acks`);

    // Opening recovers a torn tail if the kill left one, and the chain continues.
    const opened = await openAuditLog(dir, { now: Date.now });
    await opened.log.append({ agent: 'crash-test', operation: 'command.run', target: 'after-crash', result: 'executed', source: 'system' });
    await opened.close();

    const report = await verifyAuditPath(dir);
    assert.ok(report.ok, JSON.stringify(report.problem));
    assert.ok(report.files > 1, 'rotation should have happened under load');

    const present = new Set<string>();
    for await (const record of queryAudit(dir, { agent: 'crash-test' })) present.add(record.target);
    const missing = acknowledged.filter((id) => !present.has(`op ${id}`));
    assert.deepEqual(missing, [], `${missing.length} acknowledged entries lost`);
    assert.ok(present.has('after-crash'));
  });
});

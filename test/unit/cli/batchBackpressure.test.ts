/**
 * `agent-guard check --batch` behind a slow reader: every line is answered, in order, and the process
 * exits 0. It once died with `write ENOBUFS` after 68,576 of 200,000 lines (issue 11): it wrote decisions
 * faster than the reader took them, without waiting for 'drain'. Runs the built bundle as agents do.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { checkCommand } from '../../../src/cli/check';
import type { CliIo } from '../../../src/cli/io';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');
/** Through the real process (about 8 s); the in-process test below takes 200,000. */
const LINES = Number(process.env.AG_BATCH_LINES ?? 50_000);
const IN_PROCESS_LINES = 200_000;
const HIGH_WATER = 16 * 1024;

/** A CliIo whose stdout is a slow pipe: write says false past HIGH_WATER, and it empties only on a timer. */
function slowPipeIo(count: number, cwd: string) {
  const stats = { answered: 0, maxBuffered: 0 };
  let buffered = 0;
  let waiting: (() => void) | undefined;
  const flush = setInterval(() => {
    buffered = 0;
    waiting?.();
    waiting = undefined;
  }, 1);
  function* requests() {
    for (let i = 0; i < count; i++) yield REQUESTS[i % REQUESTS.length] as string;
  }
  const io: CliIo = {
    stdin: Readable.from(requests()),
    write: (text) => {
      stats.answered += text.split('\n').length - 1;
      buffered += text.length;
      stats.maxBuffered = Math.max(stats.maxBuffered, buffered);
      return buffered < HIGH_WATER;
    },
    drained: () => new Promise<void>((done) => { waiting = done; }),
    error: () => undefined,
    env: { AGENT_GUARD_MANAGED_POLICY: join(cwd, 'none.json'), HOME: cwd },
    cwd,
  };
  return { io, stats, stop: () => clearInterval(flush) };
}

const REQUESTS = ['git status', 'ls -la src', 'rm -rf /', 'cat .env', 'npm test && ls'].map((cmd) => `${JSON.stringify({ kind: 'command', cmd })}\n`);

/** Feeds `count` requests and reads the answers slowly (a pause every 64 KiB). Resolves with the count answered. */
export function slowBatch(count: number, cwd: string): Promise<{ answered: number; code: number | null; stderr: string; ordered: boolean }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, 'check', '--batch'], { cwd, env: { ...process.env, AGENT_GUARD_MANAGED_POLICY: join(cwd, 'none.json') } });
    let stderr = '';
    let answered = 0;
    let ordered = true;
    let pending = '';
    let sinceBreak = 0;
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const expected = answered % REQUESTS.length;
        const verdict = (JSON.parse(line) as { decision: string }).decision;
        if ((expected === 0 || expected === 1 || expected === 4) !== (verdict === 'allow')) ordered = false;
        answered++;
      }
      sinceBreak += chunk.length;
      if (sinceBreak > 64 * 1024) {
        sinceBreak = 0;
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 5);
      }
    });
    child.on('error', fail);
    child.on('close', (code) => done({ answered, code, stderr, ordered }));
    let sent = 0;
    const feed = (): void => {
      while (sent < count) {
        const ok = child.stdin.write(REQUESTS[sent % REQUESTS.length] as string);
        sent++;
        if (!ok) { child.stdin.once('drain', feed); return; }
      }
      child.stdin.end();
    };
    feed();
  });
}

describe('agent-guard check --batch: backpressure (dist/cli.js)', function () {
  this.timeout(120_000);
  before(() => {
    const build = spawnSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });

  it(`in process: waits for drain, so at most one answer is buffered past the high-water mark (${IN_PROCESS_LINES} lines)`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-batch-'));
    const { io, stats, stop } = slowPipeIo(IN_PROCESS_LINES, dir);
    try {
      assert.equal(await checkCommand(['--batch'], io), 0);
    } finally {
      stop();
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(stats.answered, IN_PROCESS_LINES);
    assert.ok(stats.maxBuffered < HIGH_WATER + 4096, `buffered up to ${stats.maxBuffered} characters`);
  });

  it(`answers all ${LINES} lines through a slow reader and exits 0 [slow]`, async () => {
    const result = await slowBatch(LINES, ROOT);
    assert.equal(result.stderr.replace(/agent-guard: policy problem.*\n/g, ''), '');
    assert.equal(result.answered, LINES);
    assert.equal(result.code, 0);
    assert.ok(result.ordered, 'answers come in the order of the requests');
  });
});

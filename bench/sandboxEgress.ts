// Egress proxy latency, part of `npm run bench -- sandbox`: the same small HTTP GET direct and through the
// per-domain egress proxy, both from node on the host (fresh connection per request: the proxy's own cost)
// and from curl inside the sandbox (direct with the network shared, against the relay + proxy path).
// Needs root for the test bed (a veth-joined network namespace); says so and skips otherwise.
import { request, RequestOptions } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSandboxed } from '../src/node/sandbox';
import { startEgressProxy } from '../src/node/sandbox/egress/proxy';
import { createEgressNet, HTTP_PORT } from '../test/unit/node/sandbox/egressNet';

const RUNS = 200;
const IN_SANDBOX = 100;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function timedGet(options: RequestOptions): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ ...options, agent: false }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

async function inSandboxMedian(workspace: string, urls: string, egress: boolean, lookup: (h: string) => Promise<string[]>): Promise<number> {
  const r = await runSandboxed({ command: `curl -sS -o /dev/null -w '%{time_total}\\n' ${urls}`, workspace,
    ...(egress ? { egress: { allowedHosts: ['allowed.example'], lookup } } : { network: true }), limits: { maxProcesses: 512 } });
  if (r.exitCode !== 0) throw new Error(`curl in the sandbox failed: ${r.stderr || r.refused}`);
  // -o applies to the first URL only: the bodies of the others come out too, between the timings.
  const times = r.stdout.split('\n').filter((line) => /^\d+\.\d+$/.test(line)).map((s) => Number(s) * 1000);
  if (times.length !== urls.split(' ').length) throw new Error(`expected a timing per request, got ${times.length}`);
  return median(times);
}

export async function benchEgress(): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.log('egress proxy: SKIPPED (the test bed needs root to make a network namespace)');
    return;
  }
  const net = await createEgressNet(['allowed.example']);
  const dir = mkdtempSync(join(tmpdir(), 'ag-bench-egress-'));
  const lookup = async () => [net.address];
  const proxy = await startEgressProxy({ allowedHosts: ['allowed.example'], socketPath: join(dir, 'proxy.sock'), lookup });
  try {
    const direct: number[] = [];
    const proxied: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      direct.push(await timedGet({ host: net.address, port: HTTP_PORT, path: '/' }));
      proxied.push(await timedGet({ socketPath: proxy.socketPath, path: `http://allowed.example:${HTTP_PORT}/`, headers: { host: `allowed.example:${HTTP_PORT}` } }));
    }
    const [d, p] = [median(direct), median(proxied)];
    console.log(`egress, from node (${RUNS} GETs each, fresh connections, interleaved)`);
    console.log(`  direct GET                 median ${d.toFixed(3)} ms`);
    console.log(`  through the egress proxy   median ${p.toFixed(3)} ms   added ${(p - d).toFixed(3)} ms/request   ratio ${(p / d).toFixed(2)}x`);
    const directUrls = Array.from({ length: IN_SANDBOX }, () => `http://${net.address}:${HTTP_PORT}/`).join(' ');
    const proxiedUrls = Array.from({ length: IN_SANDBOX }, () => `http://allowed.example:${HTTP_PORT}/`).join(' ');
    const sd = await inSandboxMedian(dir, directUrls, false, lookup);
    const sp = await inSandboxMedian(dir, proxiedUrls, true, lookup);
    console.log(`egress, curl inside the sandbox (${IN_SANDBOX} sequential GETs in one curl, curl's time_total)`);
    console.log(`  direct (network shared)    median ${sd.toFixed(3)} ms`);
    console.log(`  relay + egress proxy       median ${sp.toFixed(3)} ms   added ${(sp - sd).toFixed(3)} ms/request   ratio ${(sp / sd).toFixed(2)}x`);
  } finally {
    await proxy.close();
    net.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Security panel responsiveness with 10,000 audit entries and 100 pending requests.
// Host side (node): building the snapshot/updates from engine state, validating them as the webview does,
// and answering an audit page out of 10,000 records. Webview side (headless Chromium, the production
// bundle minified): rendering the snapshot, the Approvals tab with 100 cards, an update that adds one,
// and the Audit log tab / a filter over 10,000 entries. Figures are medians and p95 of repeated runs,
// measured to forced layout (script + style + layout), printed; never asserted.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApprovalRequest } from '../src/engine/approval/queue';
import type { AuditRecord } from '../src/engine/audit/auditEntry';
import { matchesQuery } from '../src/engine/audit/query';
import { auditQueryFromFilter } from '../src/protocol/panelAudit';
import { HostToWebviewMessage, PANEL_PROTOCOL_VERSION } from '../src/protocol/panelMessages';
import { auditRowDto, buildSections, emptyTally, type PanelState } from '../src/protocol/panelSnapshot';

const AUDIT_ENTRIES = 10_000;
const PENDING = 100;
const RUNS = 30;

function approval(i: number): ApprovalRequest {
  const command = `rm -r build/out-${i} && echo '<img src=x onerror=alert(${i})>'`;
  return {
    id: `apr-${i}`, agentId: `agent-${i % 5}`, operation: { kind: 'command', agentId: `agent-${i % 5}`, command, cwd: '/ws' }, summary: `run: ${command}`,
    decision: {
      decision: 'ask', risk: i % 10 === 0 ? 'critical' : 'medium', reasons: ['rm build: removes files (ask by defaults rule ask.rm)'],
      matchedRules: [{ source: 'defaults', ruleId: 'ask.rm', effect: 'ask', description: 'rm removes files' }], subcommands: [],
    },
    createdAt: 1_700_000_000_000 + i * 1000, expiresAt: 1_700_000_300_000 + i * 1000,
    ...(i % 10 === 0 ? { confirmationWord: 'rm' } : { suggestedRule: { kind: 'command', effect: 'allow', match: command, description: `allow exactly \`${command}\`` } }),
  };
}

const RESULTS = ['executed', 'denied', 'allowed', 'approved', 'failed'] as const;
function auditRecord(seq: number): AuditRecord {
  return {
    seq, time: new Date(1_700_000_000_000 + seq * 1000).toISOString(), agent: `agent-${seq % 5}`, operation: seq % 7 === 0 ? 'file.write' : 'command.run',
    target: seq % 7 === 0 ? `/ws/src/module-${seq}.ts` : `npm run test -- --grep case-${seq}`, result: RESULTS[seq % RESULTS.length]!, source: 'api',
    reason: 'allowed by defaults rule read.npm-test', prevHash: '0'.repeat(64), hash: 'f'.repeat(64),
  };
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms (n=${samples.length})`;
}

function timeHost(label: string, fn: () => unknown): void {
  for (let i = 0; i < 5; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  console.log(`host    ${label.padEnd(58)} ${stats(samples)}`);
}

const approvals = Array.from({ length: PENDING }, (_, i) => approval(i));
const records = Array.from({ length: AUDIT_ENTRIES }, (_, i) => auditRecord(i));
const state: PanelState = {
  pause: { paused: false }, approvals, agents: [], pausedAgents: new Set(), anomalies: [], recent: records.slice(-100), tally: emptyTally(),
  audit: { state: 'open', dir: '/tmp/a', seq: AUDIT_ENTRIES }, lastVerify: { ok: true, entries: AUDIT_ENTRIES, message: 'ok' },
  sandbox: { found: true, usable: true, required: false }, vault: { ready: true, secrets: [] }, policy: undefined,
};
const snapshot = { protocolVersion: PANEL_PROTOCOL_VERSION, extensionVersion: 'bench', status: 'active' as const, ...buildSections(state) };
const snapshotMessage = { method: 'snapshot', params: snapshot };

function auditPage(filter: { agent?: string; result?: string }, page: number, pageSize: number) {
  const parsed = auditQueryFromFilter(filter, Date.now());
  if (!parsed.ok) throw new Error(parsed.message);
  const matching: AuditRecord[] = [];
  for (let i = records.length - 1; i >= 0 && matching.length <= (page + 1) * pageSize; i--) if (matchesQuery(records[i]!, parsed.query)) matching.push(records[i]!);
  return { rows: matching.slice(page * pageSize, (page + 1) * pageSize).map(auditRowDto), page, pageSize, hasMore: matching.length > (page + 1) * pageSize };
}

console.log(`Security panel: ${AUDIT_ENTRIES} audit entries, ${PENDING} pending requests; snapshot ${(JSON.stringify(snapshotMessage).length / 1024).toFixed(0)} KiB`);
timeHost('build full snapshot (100 pending)', () => buildSections(state));
timeHost('build approvals+counters update', () => buildSections(state, ['approvals', 'counters']));
timeHost('validate snapshot with zod (as the webview does)', () => HostToWebviewMessage.parse(snapshotMessage));
timeHost('audit page 1 x100 of 10,000 (no filter)', () => auditPage({}, 0, 100));
timeHost('audit page 1 x100, filter agent+result (scans 10,000)', () => auditPage({ agent: 'agent-3', result: 'failed' }, 0, 100));

async function browserFigures(): Promise<void> {
  const bundle = await build({ entryPoints: [join('src', 'webview', 'main.ts')], bundle: true, format: 'iife', platform: 'browser', minify: true, write: false, logLevel: 'silent' });
  const script = bundle.outputFiles[0]!.text;
  // @ts-expect-error: plain ESM helper shared with the integration runner
  const { launchBrowser } = await import('../scripts/lib/browser.mjs') as { launchBrowser: () => Promise<{ page: import('playwright-core').Page; close(): Promise<void> }> };
  const browser = await launchBrowser();
  try {
    const page = browser.page;
    if (process.env.PANEL_BENCH_DEBUG) page.on('console', (m) => console.log(`[page] ${m.text()}`)).on('pageerror', (e) => console.log(`[page error] ${e.message}`));
    // tsx compiles the functions handed to page.evaluate with esbuild's keep-names helper; give the page one.
    await page.evaluate('window.__name = (fn) => fn');
    await page.setContent('<!DOCTYPE html><html><head></head><body><main id="root"></main></body></html>');
    await page.evaluate('window.__name = (fn) => fn');
    await page.addStyleTag({ content: readFileSync(join('media', 'panel.css'), 'utf8') });
    const allRows = records.map(auditRowDto).reverse();
    await page.evaluate((rows) => { (globalThis as Record<string, unknown>).__rows = rows; }, allRows);
    // The fake host answers audit queries from 10,000 in-page rows (in VS Code the extension host does this).
    await page.evaluate(`window.acquireVsCodeApi = () => ({
      getState: () => undefined, setState: () => undefined,
      postMessage: (message) => {
        if (message.method !== 'auditQuery' || message.id === undefined) return;
        const { filter = {}, page = 0, pageSize = 100 } = message.params;
        const matching = window.__rows.filter((r) => (!filter.agent || r.agent === filter.agent) && (!filter.result || r.result === filter.result));
        const result = { rows: matching.slice(page * pageSize, (page + 1) * pageSize), page, pageSize, hasMore: matching.length > (page + 1) * pageSize };
        window.dispatchEvent(new MessageEvent('message', { data: { id: message.id, result } }));
      },
    })`);
    await page.addScriptTag({ content: script });
    const measure = async (label: string, action: string, done: string) => {
      const samples = await page.evaluate(`(async () => {
        const out = [];
        for (let i = 0; i < ${RUNS}; i++) {
          const start = performance.now();
          ${action}
          while (!(() => { ${done} })()) await new Promise((r) => setTimeout(r, 0));
          document.body.getBoundingClientRect(); // force style + layout
          out.push(performance.now() - start);
        }
        return out;
      })()`) as number[];
      console.log(`webview ${label.padEnd(58)} ${stats(samples)}`);
    };
    await page.evaluate((m) => { (globalThis as Record<string, unknown>).__snapshot = m; }, snapshotMessage);
    const dispatch = (expr: string) => `window.dispatchEvent(new MessageEvent('message', { data: ${expr} }));`;
    await measure('snapshot → Overview rendered', dispatch('window.__snapshot'), 'return !!document.querySelector("#layers")');
    await measure('open Approvals tab (100 cards, built once, then reused)', `document.getElementById('tab-overview').click(); document.getElementById('tab-approvals').click();`, 'return document.querySelectorAll("[data-approval-id]").length === 100');
    await measure('update: a 101st request arrives (Approvals visible)',
      `const s = window.__snapshot.params; const extra = { ...s.approvals[0], id: 'new-' + Math.random() }; ${dispatch('{ method: "update", params: { approvals: [extra, ...s.approvals], counters: s.counters } }')}`,
      'return document.querySelectorAll("[data-approval-id]").length === 101');
    await measure('update: 100 all-new requests (every card built)',
      `const s = window.__snapshot.params; const run = Math.random(); ${dispatch('{ method: "update", params: { approvals: s.approvals.map((a) => ({ ...a, id: a.id + run })) } }')}`,
      'return document.querySelectorAll("[data-approval-id]").length === 100');
    await measure('update: audit entry appended (other tab visible)', dispatch('{ method: "update", params: { recent: window.__snapshot.params.recent, counters: window.__snapshot.params.counters } }'), 'return true');
    await measure('open Audit log tab (page of 100 of 10,000)', `document.getElementById('tab-overview').click(); document.getElementById('tab-audit').click();`, 'return document.querySelectorAll("#audit-table tbody tr").length === 100');
    await measure('filter by agent over 10,000, render page', `window.__agent = 'agent-' + ((Number(String(window.__agent ?? 'agent-0').slice(6)) + 1) % 5); document.getElementById('audit-agent').value = window.__agent; document.querySelector('.audit-apply').click();`,
      'const cells = [...document.querySelectorAll("#audit-table tbody tr td:nth-child(3)")]; return cells.length === 100 && cells.every((c) => c.textContent === window.__agent)');
    const xss = await page.evaluate(`document.querySelectorAll('#tabpanel img').length`);
    console.log(`webview <img> elements created from 100 agent strings with markup: ${xss}`);
  } finally {
    await browser.close();
  }
}

browserFigures().catch((error: unknown) => { console.error(error); process.exitCode = 1; });

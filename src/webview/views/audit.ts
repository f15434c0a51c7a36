import type { App } from '../app';
import { replaceKeepingFocus } from '../app';
import { badge, button, el, empty, formatTime, input } from '../dom';
import type { PanelRequestResults } from '../../protocol/panelMessages';
import { runAction } from './approvals';

type Page = PanelRequestResults['auditQuery'];
const RESULTS = ['', 'allowed', 'asked', 'denied', 'approved', 'rejected', 'executed', 'failed', 'paused', 'resumed', 'anomaly', 'reviewed', 'vault', 'policy-changed', 'recorded'];

/** The loaded page and what it was loaded for; rows are data from the host, not UI state. */
const view: { page?: Page; loadedFor?: string; loading: boolean; verify?: string; verifyOk?: boolean } = { loading: false };

const queryKey = (app: App) => JSON.stringify(app.ui.audit);

let latestLoad = 0;

export async function loadAudit(app: App): Promise<void> {
  const key = queryKey(app);
  const load = ++latestLoad;
  view.loading = true;
  let page: Page;
  try {
    page = await app.rpc.request('auditQuery', app.ui.audit);
  } catch (error) {
    page = { rows: [], page: app.ui.audit.page, pageSize: app.ui.audit.pageSize, hasMore: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (load !== latestLoad) return; // a newer query (other filters) is on its way; this answer is stale
  view.page = page;
  view.loadedFor = key;
  view.loading = false;
  // Only the results are replaced: the filter inputs keep their nodes, focus and typing.
  const results = document.getElementById('audit-results');
  if (results && app.ui.tab === 'audit') replaceKeepingFocus(results, table(app));
}

/** Called when new entries were appended: the first page is reloaded so it shows them. */
export function auditChanged(app: App): void {
  if (app.ui.tab === 'audit' && app.ui.audit.page === 0 && !view.loading) void loadAudit(app);
  else view.loadedFor = undefined;
}

export function renderAudit(app: App): Node[] {
  if (view.loadedFor !== queryKey(app) && !view.loading) void loadAudit(app);
  const filter = app.ui.audit.filter;
  const field = (name: 'since' | 'agent' | 'operation', label: string, placeholder: string) => {
    const box = input({ id: `audit-${name}`, 'data-key': `audit-${name}`, value: filter[name] ?? '', placeholder, 'aria-label': label });
    box.addEventListener('keydown', (event) => { if (event.key === 'Enter') apply(); });
    return el('label', {}, `${label} `, box);
  };
  const result = el('select', { id: 'audit-result', 'data-key': 'audit-result', 'aria-label': 'Result' },
    ...RESULTS.map((r) => el('option', { value: r, ...(r === (filter.result ?? '') ? { selected: '' } : {}) }, r || 'any result')));
  const apply = () => {
    const value = (id: string) => (document.getElementById(id) as HTMLInputElement | null)?.value.trim() || undefined;
    app.ui.audit.filter = { since: value('audit-since'), result: result.value || undefined, agent: value('audit-agent'), operation: value('audit-operation') };
    app.ui.audit.page = 0;
    app.saveUi();
    void loadAudit(app);
  };
  const form = el('div', { class: 'filters', role: 'search' },
    field('since', 'Since', '15m, 2h, 7d, 2026-01-31'), el('label', {}, 'Result ', result), field('agent', 'Agent', 'agent id'), field('operation', 'Operation', 'command.run, vault.*'),
    button('Filter', apply, { icon: 'filter', class: 'audit-apply', title: 'Apply the filters' }));
  const tools = el('div', { class: 'actions' },
    button('Verify chain', () => void verify(app), { icon: 'verified', class: 'audit-verify', secondary: true }),
    button('Export JSONL', () => void runAction(app, 'auditExport', { filter: app.ui.audit.filter, format: 'jsonl' }), { icon: 'export', secondary: true }),
    button('Export CSV', () => void runAction(app, 'auditExport', { filter: app.ui.audit.filter, format: 'csv' }), { icon: 'export', secondary: true }),
    el('span', { id: 'audit-verify-result', class: view.verifyOk === false ? 'error-text' : '', role: 'status' }, view.verify ?? ''));
  return [form, tools, forwardingLine(app), el('div', { id: 'audit-results' }, ...table(app))];
}

/** Where the log is forwarded (when the policy names a collector): target, entries behind, last error. */
function forwardingLine(app: App): HTMLElement {
  const layer = app.data?.layers.find((l) => l.id === 'forwarding');
  return el('p', { id: 'audit-forwarding', class: layer?.state === 'warning' ? 'warning-text' : 'muted', role: 'status' },
    layer ? `${layer.label}: ${layer.detail}` : 'Audit forwarding: off (the policy names no collector).');
}

/** Called when the layers changed: the forwarding line is replaced in place (the filters keep focus). */
export function forwardingChanged(app: App): void {
  const line = document.getElementById('audit-forwarding');
  if (line && app.ui.tab === 'audit') line.replaceWith(forwardingLine(app));
}

function table(app: App): Node[] {
  const page = view.page;
  if (!page || view.loadedFor !== queryKey(app)) return [el('p', { id: 'audit-status', class: 'muted' }, 'Loading…')];
  if (page.message) return [el('p', { id: 'audit-status', class: 'error-text' }, page.message)];
  const first = page.page * page.pageSize;
  const status = el('p', { id: 'audit-status', class: 'muted' }, page.rows.length === 0 ? 'No entries match.' : `Entries ${first + 1}–${first + page.rows.length}${page.hasMore ? ' (more on the next page)' : ''}, newest first`);
  const go = (delta: number) => () => { app.ui.audit.page = Math.max(0, app.ui.audit.page + delta); app.saveUi(); void loadAudit(app); };
  const pager = el('div', { class: 'actions pager' },
    button('Previous', go(-1), { icon: 'chevron-left', secondary: true, class: 'audit-prev' }),
    button('Next', go(1), { icon: 'chevron-right', secondary: true, class: 'audit-next' }));
  (pager.children[0] as HTMLButtonElement).disabled = page.page === 0;
  (pager.children[1] as HTMLButtonElement).disabled = !page.hasMore;
  if (page.rows.length === 0) return [status, empty('Nothing recorded for these filters.'), pager];
  const grid = el('table', { class: 'grid', id: 'audit-table' },
    el('thead', {}, el('tr', {}, ...['#', 'Time', 'Agent', 'Operation', 'Target', 'Result', 'Reason'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...page.rows.map((row) => el('tr', { 'data-seq': String(row.seq) },
      el('td', {}, String(row.seq)), el('td', { class: 'nowrap' }, formatTime(row.time)), el('td', { class: 'nowrap' }, row.agent), el('td', { class: 'mono nowrap' }, row.operation),
      el('td', { class: 'mono target' }, row.target), el('td', {}, badge(row.result, row.result)), el('td', {}, row.reason ?? '')))));
  return [status, grid, pager];
}

function showVerify(): void {
  const node = document.getElementById('audit-verify-result');
  if (!node) return;
  node.textContent = view.verify ?? '';
  node.className = view.verifyOk === false ? 'error-text' : '';
}

async function verify(app: App): Promise<void> {
  view.verify = 'Verifying…';
  view.verifyOk = undefined;
  showVerify();
  try {
    const report = await app.rpc.request('auditVerify', {});
    view.verify = `${report.ok ? 'Verified' : 'FAILED'}: ${report.message}`;
    view.verifyOk = report.ok;
  } catch (error) {
    view.verify = error instanceof Error ? error.message : String(error);
    view.verifyOk = false;
  }
  showVerify();
}

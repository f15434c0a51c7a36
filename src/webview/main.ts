// The Security panel's browser code. Imports src/protocol only. Renders with textContent (never
// innerHTML), so nothing the host sends can become markup or script. The host pushes a snapshot after
// `ready` and then updates; this code never polls.
import { parseHostMessage, type HostToWebviewMessage } from '../protocol/panelMessages';
import { PANEL_TABS, type PanelTab } from '../protocol/panelUiState';
import { applyUpdate, createUiState, neighbourTab, replaceKeepingFocus, TAB_ICONS, TAB_LABELS, type App } from './app';
import { button, el, icon } from './dom';
import { Rpc, type VsCodeApi } from './rpc';
import { renderAgents } from './views/agents';
import { renderAnomalies } from './views/anomalies';
import { renderApprovals } from './views/approvals';
import { auditChanged, forwardingChanged, renderAudit } from './views/audit';
import { renderOverview } from './views/overview';
import { renderPolicy } from './views/policy';
import { renderVault } from './views/vault';

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body;
const status = el('p', { id: 'status', role: 'status' }, 'Waiting for the extension…');
const pauseSlot = el('span', { class: 'pause-slot' });
const notice = el('p', { id: 'action-result', 'aria-live': 'polite' });
const tabList = el('div', { role: 'tablist', 'aria-label': 'Security panel sections', id: 'tabs' });
const tabPanel = el('div', { role: 'tabpanel', id: 'tabpanel', tabindex: '0' });

const app: App = {
  rpc: new Rpc(api),
  data: undefined,
  ui: createUiState(api),
  drafts: new Map(),
  saveUi: () => api.setState(app.ui),
  notify: (message, ok) => {
    notice.textContent = message;
    notice.className = ok ? 'ok-text' : 'error-text';
  },
  refresh: () => render(),
  selectTab: (tab, focus = false) => {
    app.ui.tab = tab;
    app.saveUi();
    render();
    if (focus) document.getElementById(`tab-${tab}`)?.focus();
  },
};

/** Sections each tab shows: an update re-renders the visible tab only when one of them changed. */
const TAB_SECTIONS: Record<PanelTab, readonly string[]> = {
  overview: ['layers', 'counters', 'recent', 'pause'], approvals: ['approvals'], agents: ['agents', 'hooks'],
  anomalies: ['anomalies'], vault: ['vault'], audit: [], policy: ['policy'],
};

/** The tab buttons are created once and updated in place, so a click never lands on a replaced node. */
const tabButtons = new Map<PanelTab, { node: HTMLButtonElement; count: HTMLElement }>();

function createTabs(): void {
  for (const tab of PANEL_TABS) {
    const count = el('span', { class: 'count' });
    const node = el('button', { type: 'button', role: 'tab', id: `tab-${tab}`, 'aria-controls': 'tabpanel', class: 'tab' }, icon(TAB_ICONS[tab]), TAB_LABELS[tab], count);
    node.addEventListener('click', () => app.selectTab(tab));
    node.addEventListener('keydown', (event) => {
      const next = neighbourTab(tab, event.key);
      if (!next) return;
      event.preventDefault();
      app.selectTab(next, true);
    });
    tabButtons.set(tab, { node, count });
    tabList.append(node);
  }
}

function updateTabs(): void {
  const counts: Partial<Record<PanelTab, number>> = {
    approvals: app.data?.approvals.length,
    agents: app.data?.agents.filter((a) => a.status === 'pending').length,
    anomalies: app.data?.anomalies.filter((a) => !a.reviewed).length,
  };
  for (const [tab, { node, count }] of tabButtons) {
    const selected = tab === app.ui.tab;
    node.setAttribute('aria-selected', String(selected));
    node.tabIndex = selected ? 0 : -1;
    const value = counts[tab] ?? 0;
    count.textContent = value > 0 ? String(value) : '';
    count.hidden = value === 0;
  }
}

function content(): Node[] {
  const data = app.data;
  if (!data) return [el('p', { class: 'muted' }, 'Loading…')];
  switch (app.ui.tab) {
    case 'overview': return renderOverview(app, data);
    case 'approvals': return renderApprovals(app, data.approvals);
    case 'agents': return renderAgents(app, data.agents, data.hooks);
    case 'anomalies': return renderAnomalies(app, data.anomalies);
    case 'vault': return renderVault(app, data.vault);
    case 'audit': return renderAudit(app);
    case 'policy': return renderPolicy(app, data.policy);
  }
}

let shownPaused: boolean | undefined;

function header(): void {
  const data = app.data;
  if (!data) return;
  const paused = data.pause.paused;
  status.textContent = paused
    ? `Agent Guard ${data.extensionVersion} is paused: ${data.pause.reason ?? 'no reason given'}. Every agent operation is denied.`
    : `Agent Guard ${data.extensionVersion} is active.`;
  status.dataset.status = data.status;
  if (shownPaused === paused) return;
  shownPaused = paused;
  const toggle = paused
    ? button('Resume', () => void act(false), { icon: 'debug-continue', class: 'pause-toggle', title: 'Let agents act again' })
    : button('Pause all agents', () => void act(true), { icon: 'debug-pause', class: 'pause-toggle danger', title: 'Deny every agent operation, including those waiting' });
  toggle.dataset.key = 'pause-toggle';
  replaceKeepingFocus(pauseSlot, [toggle]);
}

async function act(paused: boolean): Promise<void> {
  try {
    const result = await app.rpc.request('setPaused', { paused });
    app.notify(result.message, result.ok);
  } catch (error) {
    app.notify(error instanceof Error ? error.message : String(error), false);
  }
}

let renderedTab: PanelTab | undefined;

/** Re-renders the header and tab states; the tab's content only when `changed` concerns it (all when omitted). */
function render(changed?: readonly string[]): void {
  header();
  updateTabs();
  const tab = app.ui.tab;
  if (changed && tab === renderedTab && !changed.some((name) => TAB_SECTIONS[tab].includes(name))) return;
  renderedTab = tab;
  tabPanel.setAttribute('aria-labelledby', `tab-${tab}`);
  replaceKeepingFocus(tabPanel, content());
}

function onHostMessage(message: HostToWebviewMessage): void {
  if ('id' in message) {
    app.rpc.settle(message.id, 'result' in message ? { result: message.result } : { error: message.error.message });
    return;
  }
  if (message.method === 'snapshot') {
    app.data = message.params;
    render();
    return;
  }
  if (!app.data) return;
  app.data = applyUpdate(app.data, message.params);
  if (message.params.recent) auditChanged(app);
  if (message.params.layers) forwardingChanged(app);
  render(Object.keys(message.params));
}

root.replaceChildren(
  el('header', { class: 'top' }, el('h1', {}, icon('shield'), ' Agent Guard — Security'), status, pauseSlot),
  tabList, notice, tabPanel,
);
createTabs();
render();
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (message) onHostMessage(message); // not ours or malformed: ignore rather than guess
});
api.postMessage({ method: 'ready', params: {} });

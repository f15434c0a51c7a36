// The panel's state in the browser: the latest data from the host, the UI state (persisted with
// setState), and re-rendering that keeps focus and typed text across updates.
import type { PanelUpdate, Snapshot } from '../protocol/panelMessages';
import { PANEL_TABS, restoreUiState, type PanelTab, type PanelUiState } from '../protocol/panelUiState';
import type { Rpc, VsCodeApi } from './rpc';

export interface App {
  readonly rpc: Rpc;
  data: Snapshot | undefined;
  readonly ui: PanelUiState;
  saveUi(): void;
  /** Shows the outcome of an action in the live region (announced to screen readers). */
  notify(message: string, ok: boolean): void;
  /** Re-renders the header and the visible tab. */
  refresh(): void;
  selectTab(tab: PanelTab, focus?: boolean): void;
  /** Local drafts (deny reasons, edited commands) by key, so a re-render never loses typing. */
  readonly drafts: Map<string, string>;
}

export function createUiState(api: VsCodeApi): PanelUiState {
  return restoreUiState(api.getState());
}

export function applyUpdate(current: Snapshot, update: PanelUpdate): Snapshot {
  return { ...current, ...update };
}

export const TAB_LABELS: Record<PanelTab, string> = {
  overview: 'Overview', approvals: 'Approvals', agents: 'Agents', anomalies: 'Anomalies', vault: 'Vault', audit: 'Audit log', policy: 'Policy',
};

export const TAB_ICONS: Record<PanelTab, string> = {
  overview: 'dashboard', approvals: 'checklist', agents: 'hubot', anomalies: 'warning', vault: 'key', audit: 'history', policy: 'law',
};

export function neighbourTab(tab: PanelTab, key: string): PanelTab | undefined {
  const index = PANEL_TABS.indexOf(tab);
  const last = PANEL_TABS.length - 1;
  if (key === 'ArrowRight' || key === 'ArrowDown') return PANEL_TABS[index === last ? 0 : index + 1];
  if (key === 'ArrowLeft' || key === 'ArrowUp') return PANEL_TABS[index === 0 ? last : index - 1];
  if (key === 'Home') return PANEL_TABS[0];
  if (key === 'End') return PANEL_TABS[last];
  return undefined;
}

/** Replaces `container`'s children, then puts focus and caret back on the element with the same data-key. */
export function replaceKeepingFocus(container: HTMLElement, children: Node[]): void {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && container.contains(active) ? active.dataset.key : undefined;
  const caret = active instanceof HTMLInputElement ? [active.selectionStart, active.selectionEnd] as const : undefined;
  container.replaceChildren(...children);
  if (!key) return;
  const again = container.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
  if (!again) return;
  again.focus();
  if (again instanceof HTMLInputElement && caret && caret[0] !== null && caret[1] !== null) again.setSelectionRange(caret[0], caret[1]);
}

// The panel's DOM-free logic: tab order and keyboard moves, labels, UI state restore, applying updates.
import type { PanelUpdate, Snapshot } from '../protocol/panelMessages';
import { PANEL_TABS, restoreUiState, type PanelTab, type PanelUiState } from '../protocol/panelUiState';
import type { VsCodeApi } from './rpc';

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

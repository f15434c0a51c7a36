// The panel's state in the browser: the latest data from the host, the UI state (persisted with
// setState), and re-rendering that keeps focus and typed text across updates.
import type { Snapshot } from '../protocol/panelMessages';
import type { PanelTab, PanelUiState } from '../protocol/panelUiState';
import type { Rpc } from './rpc';

export { applyUpdate, createUiState, neighbourTab, TAB_ICONS, TAB_LABELS } from './tabs';

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

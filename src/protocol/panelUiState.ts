/**
 * The panel's UI state (tab, filters, page, what-if input), kept with the webview's setState so it
 * survives hide/show and reload. UI state only: never data from the host, never anything secret.
 */
import { z } from 'zod';
import { AuditFilter } from './panelMessages';

export const PANEL_TABS = ['overview', 'approvals', 'agents', 'anomalies', 'vault', 'audit', 'policy'] as const;
export type PanelTab = (typeof PANEL_TABS)[number];

export const PanelUiState = z.object({
  tab: z.enum(PANEL_TABS).catch('overview'),
  audit: z.object({
    filter: AuditFilter.catch({}),
    page: z.number().int().nonnegative().max(1_000_000).catch(0),
    pageSize: z.number().int().min(1).max(500).catch(100),
  }).catch({ filter: {}, page: 0, pageSize: 100 }),
  whatIf: z.object({
    kind: z.enum(['command', 'read', 'write', 'delete']).catch('command'),
    text: z.string().max(8192).catch(''),
  }).catch({ kind: 'command', text: '' }),
});
export type PanelUiState = z.infer<typeof PanelUiState>;

/** Whatever was stored (possibly by an older version) becomes a valid state; bad parts fall back. */
export function restoreUiState(stored: unknown): PanelUiState {
  const parsed = PanelUiState.safeParse(stored ?? {});
  return parsed.success ? parsed.data : PanelUiState.parse({});
}

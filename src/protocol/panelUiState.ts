/**
 * The panel's UI state (tab, filters, page, what-if input), kept with the webview's setState so it
 * survives hide/show and reload. UI state only: never data from the host, never anything secret.
 */
import * as z from 'zod/mini';
import { AuditFilter } from './panelMessages';

export const PANEL_TABS = ['overview', 'approvals', 'agents', 'anomalies', 'vault', 'audit', 'policy'] as const;
export type PanelTab = (typeof PANEL_TABS)[number];

export const PanelUiState = z.object({
  tab: z.catch(z.enum(PANEL_TABS), 'overview'),
  audit: z.catch(z.object({
    filter: z.catch(AuditFilter, {}),
    page: z.catch(z.int().check(z.nonnegative(), z.maximum(1_000_000)), 0),
    pageSize: z.catch(z.int().check(z.minimum(1), z.maximum(500)), 100),
  }), { filter: {}, page: 0, pageSize: 100 }),
  whatIf: z.catch(z.object({
    kind: z.catch(z.enum(['command', 'read', 'write', 'delete']), 'command'),
    text: z.catch(z.string().check(z.maxLength(8192)), ''),
  }), { kind: 'command', text: '' }),
});
export type PanelUiState = z.infer<typeof PanelUiState>;

/** Whatever was stored (possibly by an older version) becomes a valid state; bad parts fall back. */
export function restoreUiState(stored: unknown): PanelUiState {
  const parsed = PanelUiState.safeParse(stored ?? {});
  return parsed.success ? parsed.data : PanelUiState.parse({});
}

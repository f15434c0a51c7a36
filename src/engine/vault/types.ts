/** The vault's public types; the service itself is in vault.ts. */
import type { SecretStorePort } from './layout';
import type { LegacyIndexPort } from './load';

/** Metadata-only record of what happened; never a value. */
export interface VaultAuditEvent {
  action: 'add' | 'rotate' | 'delete' | 'edit' | 'use' | 'refused' | 'migrate' | 'recover';
  secrets: string[];
  command?: string;
  agent?: string;
  reason?: string;
}

export type VaultResult = { ok: true } | { ok: false; reason: string };
export type InjectionResult = { ok: true; values: Record<string, string> } | { ok: false; reason: string };
export type RecoverResult = { ok: true; recovered: string[]; notFound: string[] } | { ok: false; reason: string };

export interface SecretDetails {
  service: string;
  label: string;
  allowedCommands: string[];
  allowedAgents: string[];
}

export interface NewSecret extends SecretDetails {
  id: string;
}

export type VaultState = { kind: 'loading' } | { kind: 'ready' } | { kind: 'unreadable' } | { kind: 'unavailable'; detail: string };

export interface VaultDeps {
  secrets: SecretStorePort;
  /** The old globalState index, for migration (load.ts). */
  legacy?: LegacyIndexPort;
  /** Identifies this editor session (vscode.env.sessionId): the old index is deleted in a later one. */
  session: string;
  audit: (event: VaultAuditEvent) => void;
  /** After every (re)load, whether it changed anything or failed. */
  onDidLoad?: () => void;
  now?: () => Date;
}


/**
 * NOTE FOR THE PANEL ENGINEER: this is the ONE object the Security panel reads and acts on. It is built
 * in the composition root (src/extension/services.ts → createGuardServices in ./index.ts) and passed to
 * the panel host. Everything here is already wired to the real engines: the interceptor, the
 * tamper-evident audit log in the workspace's extension storage, the anomaly detector, the single pause
 * switch, the vault, the sandbox probe and the layered policy. Every collection has a change event so
 * the panel can push updates instead of polling. Nothing here ever returns a secret value.
 *
 * Stability: the shape below is the contract; fields may be added, none removed without telling you.
 */
import type * as vscode from 'vscode';
import type { Anomaly, PauseState } from '../../engine/anomaly';
import type { AuditEntryInput, AuditRecord } from '../../engine/audit/auditEntry';
import type { AuditQuery } from '../../engine/audit/query';
import type { VerifyReport } from '../../engine/audit/verify';
import type { ForwardState } from '../../node/audit/forwarder';
import type { Decision } from '../../engine/decision';
import type { CommandCheckOptions, Operation } from '../../engine/interceptor';
import type { TaintView } from '../../engine/taint/taintGuard';
import type { EffectivePolicy, PolicyProblem } from '../../engine/evaluator';
import type { VaultEntry } from '../../engine/vault/model';
import type { VaultStatus } from '../../protocol/panelSnapshot';
import type { VaultResult } from '../../engine/vault/vault';
import type { InterceptorServices } from '../interceptor';
import type { PolicyWriter } from './policyWriter';

export interface GuardServices {
  /** The first workspace folder, or undefined (then there is no interceptor and no policy file). */
  readonly workspace: string | undefined;
  /** Queue (`guard.queue`), agents (`guard.agents`), the guard itself and the public agent API. */
  readonly interceptor: InterceptorServices | undefined;
  readonly audit: GuardAudit;
  readonly anomalies: GuardAnomalies;
  readonly pause: GuardPause;
  readonly vault: GuardVault;
  readonly sandbox: GuardSandbox;
  readonly policy: GuardPolicy;
  /** "Always allow": confirms the rule and target with the developer, writes it, audits, approves. */
  readonly policyWriter?: PolicyWriter;
  /** Live forwarding of the audit log to the team's collector, when the policy names one. */
  readonly forwarding?: GuardForwarding;
}

export interface GuardForwarding {
  /** undefined while the policy names no collector. */
  state(): ForwardState | undefined;
  readonly onDidChange: vscode.Event<ForwardState | undefined>;
}

/** Whether agent operations are being recorded. While not `open`, every agent operation is denied. */
export type AuditStatus =
  | { state: 'opening'; dir: string }
  | { state: 'open'; dir: string; seq: number; recovered?: string }
  | { state: 'unavailable'; dir: string; reason: string };

export interface GuardAudit {
  /** The audit directory (context.storageUri/audit, or globalStorageUri/audit without a workspace). */
  readonly dir: string;
  status(): AuditStatus;
  readonly onDidChangeStatus: vscode.Event<AuditStatus>;
  /** Fires after each entry is durable on disk (already redacted: safe to show). */
  readonly onDidAppend: vscode.Event<AuditRecord>;
  /** Appends one entry; rejects when the log is unavailable (the operation is then not audited). */
  append(entry: AuditEntryInput): Promise<AuditRecord>;
  /** Streams the files of `dir`; `limit` defaults to 500, newest first unless told otherwise. */
  query(query?: AuditQuery): Promise<AuditRecord[]>;
  /** Verifies the whole chain in `dir` (the same check as `agent-guard audit verify`). */
  verify(): Promise<VerifyReport>;
}

export interface GuardAnomalies {
  list(filter?: { unreviewed?: boolean; agent?: string }): Anomaly[];
  /** Returns false for an unknown id. The review is audited. */
  markReviewed(id: string, by?: string): boolean;
  /** Fires with the full list after an anomaly is raised or reviewed. */
  readonly onDidChange: vscode.Event<readonly Anomaly[]>;
}

/** The ONE "paused" switch: anomaly auto-pause, the palette commands and the panel all use it. */
export interface GuardPause {
  state(): PauseState;
  /** Pauses every agent (denies everything waiting too); audited as by the developer. */
  pause(reason: string): void;
  /** Resumes; returns false when it was not paused. Audited. */
  resume(by?: string): boolean;
  readonly onDidChange: vscode.Event<PauseState>;
}

export interface GuardVault {
  /** Metadata and status only (names, descriptions, allow-lists, dates); values never leave SecretStorage. */
  list(): VaultEntry[];
  /** Loaded and usable, still loading, or why not (unreadable index, SecretStorage failing). */
  status(): VaultStatus;
  /** The palette flows (input boxes in VS Code, never in the webview): add, rotate, edit, import .env. */
  add(): Promise<void>;
  rotate(): Promise<void>;
  edit(): Promise<void>;
  importEnv(): Promise<void>;
  /** Deletes one entry by id after a modal confirmation; `ok: false` when cancelled or unknown. */
  remove(id: string): Promise<VaultResult>;
  readonly onDidChange: vscode.Event<void>;
}

export interface SandboxAvailability {
  /** Path of bwrap when found on PATH. */
  bwrapPath?: string;
  found: boolean;
  usable: boolean;
  userNamespace: boolean;
  /** Why it is not usable, in plain words, plus an install hint when not found. */
  reason?: string;
  /** The effective policy's `sandbox.required`: without a usable sandbox, commands are refused. */
  required: boolean;
}

export interface GuardSandbox {
  /** Probes lazily on first call (cached); never on the activation path. */
  availability(): Promise<SandboxAvailability>;
}

export interface PolicySnapshot {
  policy: EffectivePolicy;
  /** Problems of every layer, with file and JSON path (also shown as diagnostics). */
  problems: PolicyProblem[];
  /** True when a broken layer made Agent Guard fall back (last good version or strict defaults). */
  degraded: boolean;
  /** Workspace Trust: an untrusted workspace's policy cannot loosen anything. */
  trusted: boolean;
}

export interface GuardPolicy {
  /** Loads (or returns the cached) effective policy. */
  current(): Promise<PolicySnapshot>;
  /** What-if checks with the live evaluator; nothing runs, nothing is audited. */
  checkCommand(command: string, cwd?: string, options?: CommandCheckOptions): Promise<Decision>;
  checkPath(op: 'read' | 'write' | 'create' | 'delete', path: string): Promise<Decision>;
  /** Taint settings and what an operation exposes (the interceptor's taint step, src/engine/taint). */
  taintView(operation: Operation): Promise<TaintView>;
  /** Fires after the policy was reloaded (file, settings or trust changed). */
  readonly onDidChange: vscode.Event<PolicySnapshot>;
}

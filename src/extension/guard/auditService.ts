/**
 * The audit log of this window: opened in the background (never on activation's hot path) in the
 * extension's storage, with vault values passed for redaction. If it cannot be opened (another window
 * holds the lock, a damaged last line, a disk error) or a write fails, the status becomes `unavailable`,
 * the developer is told in a notification with "Open Log", and agent operations are denied until it is
 * fixed (see auditGate.ts): Agent Guard never runs agent operations unaudited.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AuditEntryInput, AuditRecord } from '../../engine/audit/auditEntry';
import type { AuditQuery } from '../../engine/audit/query';
import type { VerifyReport } from '../../engine/audit/verify';
import { listAuditFiles, openAuditLog, queryAudit, verifyAuditPath, type AuditHeadStore, type OpenedAuditLog } from '../../node/audit';
import type { AuditStatus, GuardAudit } from './guardServices';

export const DEFAULT_QUERY_LIMIT = 500;

export interface AuditServiceOptions {
  dir: string;
  log: vscode.LogOutputChannel;
  /** Exact vault values to redact; read on every append. Loaded before the log accepts entries. */
  vaultValues: () => readonly string[];
  /** Resolves once vaultValues() is complete, so no entry is written before the values are known. */
  vaultValuesReady: Promise<unknown>;
  /** The effective policy's fingerprint, stamped on every entry (details.policyFingerprint) once known. */
  policyFingerprint?: () => string | undefined;
  /**
   * Where the log's id, MAC mode and latest head are kept outside it (SecretStorage and the CLI's state
   * file, auditHeadSecrets.ts). Checked on open: a cut tail, a keyless rewrite or a replaced log makes
   * the log unavailable, loudly; every durable entry updates it.
   */
  headStore?: () => Promise<AuditHeadStore>;
  /** Tells the developer the log is unavailable; an error notification with "Open Log" by default. */
  notifyUnavailable?: (dir: string, reason: string) => void;
}

export interface AuditService extends GuardAudit, vscode.Disposable {
  /** Resolves when the log is open or has failed to open (never rejects). */
  readonly ready: Promise<AuditStatus>;
  /** Closes the log once every head is recorded (dispose does the same without waiting). */
  close(): Promise<void>;
}

/** The audit directory: per workspace when there is one, otherwise the global storage. */
export function auditDirectory(context: vscode.ExtensionContext): string {
  return join((context.storageUri ?? context.globalStorageUri).fsPath, 'audit');
}

export function createAuditService(options: AuditServiceOptions): AuditService {
  const { dir, log } = options;
  const statusEmitter = new vscode.EventEmitter<AuditStatus>();
  const appendEmitter = new vscode.EventEmitter<AuditRecord>();
  let status: AuditStatus = { state: 'opening', dir };
  let opened: OpenedAuditLog | undefined;
  let headStore: AuditHeadStore | undefined;
  let disposed = false;

  const setStatus = (next: AuditStatus) => {
    status = next;
    statusEmitter.fire(next);
  };
  const fail = (reason: string) => {
    if (status.state === 'unavailable') return;
    setStatus({ state: 'unavailable', dir, reason });
    log.error(`audit log unavailable: ${reason}`);
    if (options.notifyUnavailable) options.notifyUnavailable(dir, reason);
    else void notifyUnavailable(dir, reason, log);
  };

  const ready = (async (): Promise<AuditStatus> => {
    try {
      await options.vaultValuesReady;
      headStore = await options.headStore?.();
      opened = await openAuditLog(dir, {
        now: Date.now, vaultValues: options.vaultValues,
        ...(headStore ? { headStore, onHeadStoreError: (error: unknown) => log.warn(`the audit head could not be recorded in ${headStore?.where}: ${messageOf(error)}`) } : {}),
      });
      if (disposed) {
        await opened.close();
        return status;
      }
      const recovered = opened.recovered ? `a torn last line (${opened.recovered.bytes} bytes) was set aside as ${opened.recovered.savedAs}` : undefined;
      setStatus({ state: 'open', dir, seq: opened.log.head.seq, ...(recovered ? { recovered } : {}) });
      log.info(`audit log open in ${dir} (seq ${opened.log.head.seq})${recovered ? `; ${recovered}` : ''}`);
    } catch (error) {
      fail(`it could not be opened: ${messageOf(error)}`);
    }
    return status;
  })();

  const append = async (entry: AuditEntryInput): Promise<AuditRecord> => {
    await ready;
    if (!opened || status.state !== 'open') throw new Error(`the audit log is unavailable${status.state === 'unavailable' ? `: ${status.reason}` : ''}`);
    try {
      const fingerprint = options.policyFingerprint?.();
      const record = await opened.log.append(fingerprint ? { ...entry, details: { ...entry.details, policyFingerprint: fingerprint } } : entry);
      status = { ...status, seq: record.seq };
      appendEmitter.fire(record);
      return record;
    } catch (error) {
      // An invalid entry leaves the chain untouched; anything else means the disk failed us.
      if (!messageOf(error).startsWith('invalid audit entry')) fail(`a write failed: ${messageOf(error)}`);
      throw error;
    }
  };

  return {
    dir,
    ready,
    status: () => status,
    onDidChangeStatus: statusEmitter.event,
    onDidAppend: appendEmitter.event,
    append,
    query: async (query: AuditQuery = {}) => {
      const files = await listAuditFiles(dir).catch(() => []);
      if (files.length === 0) return [];
      const records: AuditRecord[] = [];
      for await (const record of queryAudit(dir, { newestFirst: true, limit: DEFAULT_QUERY_LIMIT, ...query })) records.push(record);
      return records;
    },
    verify: async (): Promise<VerifyReport> => {
      // The recorded head first: the live head must be taken right before the files are read, or
      // entries appended meanwhile look like a log that grew past its end.
      const recordedHead = await headStore?.read().catch(() => undefined);
      const head = opened && status.state === 'open' ? opened.log.head : undefined;
      return verifyAuditPath(dir, { ...(head ? { expectedHead: { seq: head.seq, hash: head.hash } } : {}), ...(recordedHead ? { recordedHead } : {}) });
    },
    close: async () => {
      disposed = true;
      statusEmitter.dispose();
      appendEmitter.dispose();
      await opened?.close().catch(() => undefined);
    },
    dispose: () => {
      disposed = true;
      void opened?.close().catch(() => undefined);
      statusEmitter.dispose();
      appendEmitter.dispose();
    },
  };
}

async function notifyUnavailable(dir: string, reason: string, log: vscode.LogOutputChannel): Promise<void> {
  const choice = await vscode.window.showErrorMessage(
    `Agent Guard: the audit log is unavailable (${reason}). Agent operations are denied until it works again; run "agent-guard audit verify ${dir}" or reload the window.`,
    'Open Log',
  );
  if (choice !== 'Open Log') return;
  const files = await listAuditFiles(dir).catch(() => []);
  const last = files[files.length - 1];
  if (last) await vscode.window.showTextDocument(vscode.Uri.file(join(dir, last)), { preview: true });
  else log.show();
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

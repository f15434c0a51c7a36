/**
 * Checks an audit log being opened against the head recorded outside it (headStore.ts), and keeps
 * that record current afterwards. On open the fast path compares the log's last entry with the
 * record; anything else (the log grew past it after a crash between write and record, or it differs)
 * is settled by verifying the whole chain against the record.
 */
import type { RecordedHead } from '../../engine/audit';
import { coalescingWriter } from './headStore';
import { AuditLogDamagedError } from './damaged';
import type { OpenAuditOptions } from './openLog';
import { verifyAuditPath } from './verifyFiles';

type Mac = RecordedHead['mac'];

export async function checkRecordedHead(dir: string, found: RecordedHead, recorded: RecordedHead | undefined, options: OpenAuditOptions): Promise<void> {
  const keyMac: Mac = options.key === undefined ? 'sha256' : 'hmac-sha256';
  if (keyMac === 'hmac-sha256' && found.mac !== 'hmac-sha256') {
    throw new AuditLogDamagedError(`audit log damaged: it is opened with an HMAC key but its anchor says ${found.mac}: it was rewritten without the key; run 'agent-guard audit verify'`);
  }
  if (!recorded) return;
  if (recorded.logId === found.logId && recorded.mac === found.mac && recorded.seq === found.seq && recorded.hash === found.hash) return;
  const report = await verifyAuditPath(dir, { key: options.key, recordedHead: recorded });
  if (!report.ok) throw new AuditLogDamagedError(`audit log damaged: ${report.problem?.message ?? 'it does not match its recorded head'} (recorded in ${options.headStore?.where}); run 'agent-guard audit verify'`);
}

export function keepHeads(options: OpenAuditOptions, logId: string, mac: Mac): { onDurable?(head: { seq: number; hash: string }): void; settled(): Promise<void> } {
  const store = options.headStore;
  if (!store) return { settled: () => Promise.resolve() };
  const writer = coalescingWriter(store, (error) => options.onHeadStoreError?.(error));
  return { onDurable: (head) => writer.push({ logId, mac, seq: head.seq, hash: head.hash }), settled: writer.settled };
}

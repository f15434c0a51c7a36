/**
 * Query and export over audit files, streamed: records are read line by line (forward, or backward for
 * newest-first `tail`), filtered, and yielded until `limit`; nothing holds the whole history.
 * Lines that are not valid records are skipped here (verify is the tool that reports them).
 */
import { isAuditRecord, matchesQuery, toSyslogLine, type AuditQuery, type AuditRecord } from '../../engine/audit';
import { filePath, resolveAuditPath } from './files';
import { readLinesBackward, readLinesForward } from './lines';

function parseLine(text: string): AuditRecord | undefined {
  try {
    const json: unknown = JSON.parse(text);
    return isAuditRecord(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

export async function* queryAudit(path: string, query: AuditQuery = {}): AsyncGenerator<AuditRecord> {
  const { dir, files } = await resolveAuditPath(path);
  const ordered = query.newestFirst ? [...files].reverse() : files;
  const limit = query.limit ?? Number.POSITIVE_INFINITY;
  let count = 0;
  if (limit <= 0) return;
  for (const name of ordered) {
    const lines = query.newestFirst ? readLinesBackward(filePath(dir, name)) : readLinesForward(filePath(dir, name));
    for await (const line of lines) {
      if (!line.terminated) continue;
      const record = parseLine(line.text);
      if (!record || !matchesQuery(record, query)) continue;
      yield record;
      if (++count >= limit) return;
    }
  }
}

export type ExportFormat = 'jsonl' | 'syslog';

/** Writes matching records as JSON Lines (the records as stored) or RFC 5424 syslog lines. */
export async function exportAudit(path: string, format: ExportFormat, query: AuditQuery, write: (text: string) => void, hostname = '-'): Promise<number> {
  let count = 0;
  for await (const record of queryAudit(path, query)) {
    write(`${format === 'jsonl' ? JSON.stringify(record) : toSyslogLine(record, hostname)}\n`);
    count++;
  }
  return count;
}

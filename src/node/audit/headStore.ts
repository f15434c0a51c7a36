/**
 * The audit log's id, MAC mode and latest durable head, kept outside the log so that rewriting the
 * log (keyless, truncated, or wholesale) cannot also rewrite what it is checked against. The CLI reads
 * a user-only state file per log directory; the extension writes the same file and, as its own copy,
 * SecretStorage (src/extension/guard/auditHeadSecrets.ts). Both go through this port.
 */
import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, realpath, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { RecordedHead } from '../../engine/audit';

export interface AuditHeadStore {
  /** Undefined when nothing was recorded for this log yet; throws when the record cannot be trusted. */
  read(): Promise<RecordedHead | undefined>;
  write(head: RecordedHead): Promise<void>;
  /** Where it lives, for messages. */
  readonly where: string;
}

/** `$AGENT_GUARD_STATE_DIR`, else `$XDG_STATE_HOME/agent-guard`, else `~/.local/state/agent-guard`. */
export function auditStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AGENT_GUARD_STATE_DIR && isAbsolute(env.AGENT_GUARD_STATE_DIR)) return env.AGENT_GUARD_STATE_DIR;
  const base = env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'agent-guard');
}

/** One state file per log directory (by its real path), so two windows never write the same file. */
export async function auditHeadFile(logDir: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const real = await realpath(logDir).catch(() => resolve(logDir));
  return join(auditStateDir(env), `audit-head-${createHash('sha256').update(real).digest('hex').slice(0, 16)}.json`);
}

export function parseRecordedHead(text: string): RecordedHead | undefined {
  try {
    const json = JSON.parse(text) as Partial<RecordedHead>;
    const ok = typeof json.logId === 'string' && (json.mac === 'sha256' || json.mac === 'hmac-sha256')
      && Number.isInteger(json.seq) && typeof json.hash === 'string' && /^[0-9a-f]{64}$/.test(json.hash);
    return ok ? (json as RecordedHead) : undefined;
  } catch {
    return undefined;
  }
}

/** The user-only state file: a 0700 directory and a 0600 file, both ours, written atomically. */
export function fileHeadStore(file: string): AuditHeadStore {
  const dir = join(file, '..');
  return {
    where: file,
    async read() {
      let text: string;
      try {
        const info = await lstat(file);
        if (!info.isFile()) throw new Error(`${file} is not a regular file`);
        if (typeof process.getuid === 'function' && info.uid !== process.getuid()) throw new Error(`${file} belongs to another user`);
        if ((info.mode & 0o022) !== 0) throw new Error(`${file} is writable by other users`);
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const head = parseRecordedHead(text);
      if (!head) throw new Error(`${file} is not a recorded audit head`);
      return head;
    },
    async write(head) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(head), { mode: 0o600 });
      await rename(temp, file);
    },
  };
}

/**
 * Writes heads one at a time, always the latest (heads arrive faster than files are renamed; a
 * skipped middle head is no loss). `settled()` resolves once everything asked so far is written.
 */
export function coalescingWriter(store: AuditHeadStore, onError: (error: unknown) => void): { push(head: RecordedHead): void; settled(): Promise<void> } {
  let next: RecordedHead | undefined;
  let running: Promise<void> | undefined;
  const drain = async () => {
    while (next) {
      const head = next;
      next = undefined;
      await store.write(head).catch(onError);
    }
    running = undefined;
  };
  return {
    push(head) {
      if (!next || head.seq > next.seq) next = head;
      running ??= drain();
    },
    settled: () => running ?? Promise.resolve(),
  };
}

/**
 * Several copies of the record, checked together: the first copy is the trusted one (the extension
 * puts SecretStorage first, which a process that can rewrite files cannot), and the others can only
 * make the check stricter: a later head of the same log, or a stronger MAC mode, wins. So rewriting
 * the state file together with the log still fails against the SecretStorage copy, and a copy that
 * lags behind (a write lost on a crash) never loosens it. Writes go to every copy.
 */
export function mirroredHeadStore(stores: readonly AuditHeadStore[]): AuditHeadStore {
  return {
    where: stores.map((store) => store.where).join(' and '),
    async read() {
      const records = await Promise.all(stores.map((store) => store.read()));
      return strictestHead(records);
    },
    async write(head) {
      await Promise.all(stores.map((store) => store.write(head)));
    },
  };
}

export function strictestHead(records: readonly (RecordedHead | undefined)[]): RecordedHead | undefined {
  const found = records.filter((record): record is RecordedHead => record !== undefined);
  let head = found[0];
  if (!head) return undefined;
  for (const other of found.slice(1)) {
    if (other.logId === head.logId && other.mac === head.mac && other.seq > head.seq) head = other;
  }
  return found.some((record) => record.mac === 'hmac-sha256') ? { ...head, mac: 'hmac-sha256' } : head;
}

/**
 * Per agent session, what untrusted content it read, which credential files it read and which files it
 * downloaded. Pure, clock passed in by the caller.
 *
 * A session is an agent id plus, where the agent gives one, its own session id (the hook input's
 * `session_id` / `sessionId`): two Claude Code sessions are two sessions. An agent that names no session
 * (an extension-API or language-model-tool agent, a hook CLI whose input carries none) has one record for
 * the agent, and that record counts for every session of the agent: a read whose session is unknown may
 * have been any of them. For the same reason, an operation that names no session sees every record of
 * its agent. Fail closed: not knowing the session can only add taint, never hide it.
 *
 * Bounded: per record the newest MAX_SOURCES sources (one per kind and label, refreshed when read again)
 * and MAX_PATHS paths, none older than the longest window a policy may set; at most MAX_TAINT_SESSIONS
 * session records in all. When a new session would exceed that, the least recently used one is evicted
 * and what it recorded moves to its agent's record, so an agent cannot shed a taint by opening sessions.
 */
import { MAX_WINDOW_MINUTES, type TaintSettings, type TaintSource } from './types';

const MAX_WINDOW_MS = MAX_WINDOW_MINUTES * 60_000;
const MAX_SOURCES = 20;
const MAX_PATHS = 50;
/** Session records kept (agent-wide records are one per agent and not counted). */
export const MAX_TAINT_SESSIONS = 200;
/** The key of an agent's own record: the reads of sessions it could not tell apart. */
const AGENT_WIDE = '';

/** Which session an operation belongs to; `session` only when the agent named one. */
export interface TaintSessionRef {
  agentId: string;
  session?: string;
}

interface Stamped { path: string; at: number }

interface SessionTaint {
  sources: TaintSource[];
  credentials: Stamped[];
  downloads: Stamped[];
  /** Last write, for eviction. */
  touched: number;
}

/** One tainted record as the panel shows it: its active sources, newest first, and since when. */
export interface TaintedSession {
  agentId: string;
  /** Absent for the agent-wide record (reads whose session was not known). */
  session?: string;
  sources: TaintSource[];
  since: number;
}

export class TaintTracker {
  private readonly agents = new Map<string, Map<string, SessionTaint>>();
  private readonly listeners = new Set<() => void>();
  private sessions = 0;

  /** The untainted fast path: no recorded untrusted read that could count for this session. */
  hasSources(ref: TaintSessionRef): boolean {
    return this.recordsFor(ref).some((record) => record.sources.length > 0);
  }

  noteSources(ref: TaintSessionRef, sources: readonly Omit<TaintSource, 'at'>[], at: number): void {
    if (sources.length === 0) return;
    addSources(this.record(ref, at), sources.map((source) => ({ kind: source.kind, label: source.label, at })));
    this.changed();
  }

  noteCredentials(ref: TaintSessionRef, paths: readonly string[], at: number): void {
    if (paths.length > 0) stamp(this.record(ref, at).credentials, paths.map((path) => ({ path, at })));
  }

  noteDownloads(ref: TaintSessionRef, paths: readonly string[], at: number): void {
    if (paths.length > 0) stamp(this.record(ref, at).downloads, paths.map((path) => ({ path, at })));
  }

  /** Sources that still taint the session under these settings, newest first. */
  active(ref: TaintSessionRef, settings: TaintSettings, now: number): TaintSource[] {
    if (!settings.enabled) return [];
    return activeOf(this.recordsFor(ref).flatMap((record) => record.sources), settings, now);
  }

  /** Credential files this session read within the window (paths, no contents). */
  credentialsRead(ref: TaintSessionRef, settings: TaintSettings, now: number): string[] {
    return within(this.recordsFor(ref).flatMap((record) => record.credentials), now - settings.windowMinutes * 60_000);
  }

  downloaded(ref: TaintSessionRef, settings: TaintSettings, now: number): string[] {
    return within(this.recordsFor(ref).flatMap((record) => record.downloads), now - settings.windowMinutes * 60_000);
  }

  /** Every record with an active source, newest taint first. */
  tainted(settings: TaintSettings, now: number): TaintedSession[] {
    this.prune(now);
    const out: TaintedSession[] = [];
    for (const [agentId, records] of this.agents) {
      for (const [session, record] of records) {
        const entry = settings.enabled ? taintedEntry(agentId, session, activeOf(record.sources, settings, now)) : undefined;
        if (entry) out.push(entry);
      }
    }
    return out.sort((a, b) => (b.sources[0]?.at ?? 0) - (a.sources[0]?.at ?? 0));
  }

  /**
   * A developer's "I checked it": this one record starts clean again (the agent-wide record is its own
   * row in the panel, cleared with no session). False when there was nothing to clear.
   */
  clear(ref: TaintSessionRef): boolean {
    const records = this.agents.get(ref.agentId);
    const key = ref.session ?? AGENT_WIDE;
    if (!records?.delete(key)) return false;
    if (key !== AGENT_WIDE) this.sessions--;
    if (records.size === 0) this.agents.delete(ref.agentId);
    this.changed();
    return true;
  }

  /** Records held, agent-wide ones included (for the bound's test). */
  sessionCount(): number {
    let count = 0;
    for (const records of this.agents.values()) count += records.size;
    return count;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A named session sees its own record and its agent's; an unnamed one sees all of the agent's. */
  private recordsFor(ref: TaintSessionRef): SessionTaint[] {
    const records = this.agents.get(ref.agentId);
    if (!records) return [];
    if (ref.session === undefined) return [...records.values()];
    return [records.get(ref.session), records.get(AGENT_WIDE)].filter((record): record is SessionTaint => record !== undefined);
  }

  private record(ref: TaintSessionRef, at: number): SessionTaint {
    const key = ref.session ?? AGENT_WIDE;
    let records = this.agents.get(ref.agentId);
    if (!records) {
      records = new Map();
      this.agents.set(ref.agentId, records);
    }
    let record = records.get(key);
    if (!record) {
      if (key !== AGENT_WIDE && this.sessions >= MAX_TAINT_SESSIONS) this.evictOldest(at);
      record = { sources: [], credentials: [], downloads: [], touched: at };
      records.set(key, record);
      if (key !== AGENT_WIDE) this.sessions++;
    }
    record.touched = Math.max(record.touched, at);
    return record;
  }

  /** Drops the least recently used session record; what it recorded moves to its agent's record. */
  private evictOldest(at: number): void {
    let oldest: { agentId: string; session: string; record: SessionTaint } | undefined;
    for (const [agentId, records] of this.agents) {
      for (const [session, record] of records) {
        if (session !== AGENT_WIDE && (!oldest || record.touched < oldest.record.touched)) oldest = { agentId, session, record };
      }
    }
    if (!oldest) return;
    this.agents.get(oldest.agentId)?.delete(oldest.session);
    this.sessions--;
    const { record } = oldest;
    if (record.sources.length + record.credentials.length + record.downloads.length === 0) return;
    const agentWide = this.record({ agentId: oldest.agentId }, at);
    addSources(agentWide, record.sources);
    stamp(agentWide.credentials, record.credentials);
    stamp(agentWide.downloads, record.downloads);
  }

  private prune(now: number): void {
    const since = now - MAX_WINDOW_MS;
    for (const [agentId, records] of this.agents) {
      for (const [session, record] of records) {
        record.sources = record.sources.filter((s) => s.at >= since);
        record.credentials = record.credentials.filter((s) => s.at >= since);
        record.downloads = record.downloads.filter((s) => s.at >= since);
        if (record.sources.length + record.credentials.length + record.downloads.length > 0) continue;
        records.delete(session);
        if (session !== AGENT_WIDE) this.sessions--;
      }
      if (records.size === 0) this.agents.delete(agentId);
    }
  }

  private changed(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // A failing listener (the panel) must not break recording.
      }
    }
  }
}

function taintedEntry(agentId: string, session: string, sources: TaintSource[]): TaintedSession | undefined {
  const oldest = sources[sources.length - 1];
  if (!oldest) return undefined;
  return { agentId, ...(session !== AGENT_WIDE ? { session } : {}), sources, since: oldest.at };
}

/** Within the window and of a counted kind, newest first; one per kind and label (the newest). */
function activeOf(sources: readonly TaintSource[], settings: TaintSettings, now: number): TaintSource[] {
  const since = now - settings.windowMinutes * 60_000;
  const newest = new Map<string, TaintSource>();
  // Last noted first, so that of two reads at the same instant the later one leads (the sort is stable).
  for (const source of [...sources].reverse()) {
    if (source.at < since || !settings.sources.includes(source.kind)) continue;
    const key = `${source.kind}\u0000${source.label}`;
    const known = newest.get(key);
    if (!known || known.at < source.at) newest.set(key, source);
  }
  return [...newest.values()].sort((a, b) => b.at - a.at);
}

function addSources(record: SessionTaint, sources: readonly TaintSource[]): void {
  for (const source of sources) {
    record.sources = record.sources.filter((s) => s.kind !== source.kind || s.label !== source.label);
    record.sources.push(source);
  }
  record.sources.sort((a, b) => a.at - b.at);
  if (record.sources.length > MAX_SOURCES) record.sources.splice(0, record.sources.length - MAX_SOURCES);
}

function stamp(list: Stamped[], entries: readonly Stamped[]): void {
  for (const entry of entries) {
    const index = list.findIndex((s) => s.path === entry.path);
    if (index >= 0) list.splice(index, 1);
    list.push(entry);
  }
  list.sort((a, b) => a.at - b.at);
  if (list.length > MAX_PATHS) list.splice(0, list.length - MAX_PATHS);
}

function within(list: readonly Stamped[], since: number): string[] {
  return [...new Set(list.filter((s) => s.at >= since).map((s) => s.path))];
}

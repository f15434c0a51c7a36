/**
 * Per agent session, what untrusted content it read, which credential files it read and which files it
 * downloaded. Pure, clock passed in by the caller. Bounded: per agent the newest MAX_SOURCES sources
 * (one per kind and label, refreshed when read again) and MAX_PATHS paths, none older than the longest
 * window a policy may set. Sessions are agent ids: one agent's reads never taint another.
 */
import { MAX_WINDOW_MINUTES, type TaintSettings, type TaintSource } from './types';

const MAX_WINDOW_MS = MAX_WINDOW_MINUTES * 60_000;
const MAX_SOURCES = 20;
const MAX_PATHS = 50;

interface Stamped { path: string; at: number }

interface SessionTaint {
  sources: TaintSource[];
  credentials: Stamped[];
  downloads: Stamped[];
}

/** One tainted session as the panel shows it: its active sources, newest first, and since when. */
export interface TaintedSession {
  agentId: string;
  sources: TaintSource[];
  since: number;
}

export class TaintTracker {
  private readonly sessions = new Map<string, SessionTaint>();
  private readonly listeners = new Set<() => void>();

  /** The untainted fast path: no recorded untrusted read at all for this agent. */
  hasSources(agentId: string): boolean {
    return (this.sessions.get(agentId)?.sources.length ?? 0) > 0;
  }

  noteSources(agentId: string, sources: readonly Omit<TaintSource, 'at'>[], at: number): void {
    if (sources.length === 0) return;
    const session = this.session(agentId);
    for (const source of sources) {
      session.sources = session.sources.filter((s) => s.kind !== source.kind || s.label !== source.label);
      session.sources.push({ kind: source.kind, label: source.label, at });
    }
    if (session.sources.length > MAX_SOURCES) session.sources.splice(0, session.sources.length - MAX_SOURCES);
    this.changed();
  }

  noteCredentials(agentId: string, paths: readonly string[], at: number): void {
    if (paths.length > 0) stamp(this.session(agentId).credentials, paths, at);
  }

  noteDownloads(agentId: string, paths: readonly string[], at: number): void {
    if (paths.length > 0) stamp(this.session(agentId).downloads, paths, at);
  }

  /** Sources that still taint the session under these settings, newest first. */
  active(agentId: string, settings: TaintSettings, now: number): TaintSource[] {
    const session = this.sessions.get(agentId);
    if (!session || !settings.enabled) return [];
    const since = now - settings.windowMinutes * 60_000;
    return session.sources.filter((s) => s.at >= since && settings.sources.includes(s.kind)).reverse();
  }

  /** Credential files this session read within the window (paths, no contents). */
  credentialsRead(agentId: string, settings: TaintSettings, now: number): string[] {
    return within(this.sessions.get(agentId)?.credentials, now - settings.windowMinutes * 60_000);
  }

  downloaded(agentId: string, settings: TaintSettings, now: number): string[] {
    return within(this.sessions.get(agentId)?.downloads, now - settings.windowMinutes * 60_000);
  }

  /** Every session with an active source, newest taint first. */
  tainted(settings: TaintSettings, now: number): TaintedSession[] {
    this.prune(now);
    const out: TaintedSession[] = [];
    for (const agentId of this.sessions.keys()) {
      const sources = this.active(agentId, settings, now);
      const oldest = sources[sources.length - 1];
      if (oldest) out.push({ agentId, sources, since: oldest.at });
    }
    return out.sort((a, b) => (b.sources[0]?.at ?? 0) - (a.sources[0]?.at ?? 0));
  }

  /** A developer's "I checked it": the session starts clean again. */
  clear(agentId: string): boolean {
    const had = this.sessions.delete(agentId);
    if (had) this.changed();
    return had;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private session(agentId: string): SessionTaint {
    let session = this.sessions.get(agentId);
    if (!session) {
      session = { sources: [], credentials: [], downloads: [] };
      this.sessions.set(agentId, session);
    }
    return session;
  }

  private prune(now: number): void {
    const since = now - MAX_WINDOW_MS;
    for (const [agentId, session] of this.sessions) {
      session.sources = session.sources.filter((s) => s.at >= since);
      session.credentials = session.credentials.filter((s) => s.at >= since);
      session.downloads = session.downloads.filter((s) => s.at >= since);
      if (session.sources.length + session.credentials.length + session.downloads.length === 0) this.sessions.delete(agentId);
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

function stamp(list: Stamped[], paths: readonly string[], at: number): void {
  for (const path of paths) {
    const index = list.findIndex((s) => s.path === path);
    if (index >= 0) list.splice(index, 1);
    list.push({ path, at });
  }
  if (list.length > MAX_PATHS) list.splice(0, list.length - MAX_PATHS);
}

function within(list: readonly Stamped[] | undefined, since: number): string[] {
  return (list ?? []).filter((s) => s.at >= since).map((s) => s.path);
}

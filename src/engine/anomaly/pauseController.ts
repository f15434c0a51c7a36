/**
 * The auto-pause switch. While paused, every agent operation must be denied with the reason (the
 * interceptor asks `pauseState` before anything else; the shape matches its PauseGate port). The anomaly
 * detector pauses on an emergency; only a developer resumes. Both are written to the audit log.
 */
import type { AuditEntryInput } from '../audit/auditEntry';

export type PauseState = { paused: false } | { paused: true; reason: string; since: number };

/** Where pause/resume/anomaly entries go (AuditLog.append, usually). Failures are the log's to report. */
export type AuditWriter = (entry: AuditEntryInput) => unknown;

export type PauseListener = (state: PauseState) => void;

export function writeAudit(audit: AuditWriter | undefined, entry: AuditEntryInput): void {
  if (!audit) return;
  try {
    const result = audit(entry);
    if (result instanceof Promise) result.catch(() => undefined);
  } catch {
    // The audit log reports its own failures; pausing must never fail because of it.
  }
}

export class PauseController {
  private state: PauseState = { paused: false };
  private readonly listeners = new Set<PauseListener>();

  constructor(private readonly deps: { now: () => number; audit?: AuditWriter }) {}

  get paused(): boolean {
    return this.state.paused;
  }

  get current(): PauseState {
    return this.state;
  }

  /** Same answer for every agent: an emergency pauses them all. */
  pauseState(_agentId?: string): PauseState {
    return this.state;
  }

  /** Pauses (or, if already paused, keeps the first reason and records the new cause too). */
  pause(reason: string, cause: { by: 'anomaly-detector' | 'developer'; anomalyId?: string; agent?: string }): void {
    if (!this.state.paused) this.state = { paused: true, reason, since: this.deps.now() };
    writeAudit(this.deps.audit, {
      agent: cause.agent ?? 'agent-guard', operation: 'guard.pause', target: 'all agents', result: 'paused', reason,
      source: cause.by === 'developer' ? 'ui' : 'system', details: { by: cause.by, ...(cause.anomalyId ? { anomalyId: cause.anomalyId } : {}) },
    });
    this.emit();
  }

  /** Only a developer resumes; `by` names who, for the audit trail. Returns false when not paused. */
  resume(by: string, note?: string): boolean {
    if (!this.state.paused) return false;
    const pausedFor = this.deps.now() - this.state.since;
    const reason = this.state.reason;
    this.state = { paused: false };
    writeAudit(this.deps.audit, {
      agent: 'agent-guard', operation: 'guard.resume', target: 'all agents', result: 'resumed',
      reason: note ?? `resumed by ${by}`, source: 'ui', details: { by, pausedForMs: pausedFor, pauseReason: reason },
    });
    this.emit();
    return true;
  }

  onChange(listener: PauseListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) {
      try {
        listener(this.state);
      } catch {
        // A failing listener (status bar, webview) must not stop the switch.
      }
    }
  }
}

/**
 * The interceptor's taint step. `check` runs after the policy decision: for a session with no recorded
 * untrusted read it returns at once (one map lookup), so untainted agents pay nothing. `observe` runs
 * after an operation was allowed (and, for the extension API, executed) and records what it brought in.
 */
import type { Decision } from '../decision';
import type { Operation } from '../interceptor/operation';
import { classifyExposure, raiseDecision, taintReason } from './trifecta';
import type { TaintSessionRef, TaintTracker } from './tracker';
import { LABEL_MAX, type Exposure, type TaintRaise, type TaintSettings } from './types';

/** What the policy side knows about one operation: the taint settings in force and its exposure. */
export interface TaintView {
  settings: TaintSettings;
  exposure: Exposure;
  /** A short display form of a path (absolute, or relative to the operation's cwd): workspace-relative, `~/…`. */
  label(path: string): string;
}

export interface TaintViewPort {
  taintView(operation: Operation): TaintView | Promise<TaintView>;
}

export interface TaintCheck {
  decision: Decision;
  raise?: TaintRaise;
  /** Kept for `observe`, so the exposure is computed once per operation. */
  view?: TaintView;
}

/** What the executor learnt while running a read: the inbound scanner's finding kinds, if any. */
export interface ObservedOutcome {
  flagged?: readonly string[];
}

export class TaintGuard {
  constructor(
    private readonly tracker: TaintTracker,
    private readonly port: TaintViewPort,
    private readonly now: () => number,
  ) {}

  async check(operation: Operation, decision: Decision): Promise<TaintCheck> {
    const session = sessionOf(operation);
    if (decision.decision === 'deny' || !this.tracker.hasSources(session)) return { decision };
    let view: TaintView;
    try {
      view = await this.port.taintView(operation);
    } catch {
      return { decision: raiseDecision(decision, unknownExposure()) };
    }
    const now = this.now();
    const sources = this.tracker.active(session, view.settings, now);
    if (sources.length === 0) return { decision, view };
    const history = {
      credentialsRead: this.tracker.credentialsRead(session, view.settings, now),
      downloaded: this.tracker.downloaded(session, view.settings, now),
    };
    const classified = classifyExposure(view.exposure, history, (path) => view.label(path));
    if (classified.classes.length === 0) return { decision, view };
    const raise: TaintRaise = { classes: classified.classes, sources, reason: taintReason(sources, classified, now) };
    return { decision: raiseDecision(decision, raise), raise, view };
  }

  /** Records an allowed operation's credential reads, downloads and untrusted content. Never throws. */
  async observe(operation: Operation, known: TaintView | undefined, outcome?: ObservedOutcome): Promise<void> {
    try {
      const view = known ?? await this.port.taintView(operation);
      if (!view.settings.enabled) return;
      const at = this.now();
      const session = sessionOf(operation);
      this.tracker.noteCredentials(session, view.exposure.credentials, at);
      this.tracker.noteDownloads(session, view.exposure.downloads, at);
      const brings = [...view.exposure.brings];
      if (operation.kind === 'read' && outcome?.flagged && outcome.flagged.length > 0) {
        brings.push({ kind: 'flagged', label: view.label(operation.path).slice(-LABEL_MAX) });
      }
      this.tracker.noteSources(session, brings, at);
    } catch {
      // Recording is best effort: a failure here leaves the session as it was, it never blocks the agent.
    }
  }
}

/** The taint record an operation belongs to: its agent, and its session where the agent named one. */
export function sessionOf(operation: Operation): TaintSessionRef {
  return operation.session !== undefined ? { agentId: operation.agentId, session: operation.session } : { agentId: operation.agentId };
}

/** The policy side could not describe a tainted session's operation: ask rather than guess. */
function unknownExposure(): TaintRaise {
  return {
    classes: [],
    sources: [],
    reason: 'this agent read untrusted content earlier, and what this operation touches could not be determined: a developer must approve it',
  };
}

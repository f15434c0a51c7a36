/**
 * The anomaly detector: pure, clock injected. It keeps a per-agent behavioural baseline (operations per
 * minute and per hour, by kind) and applies rules for rate spikes, repeated denials, dangerous paths,
 * never-seen hosts, self-modification, exfiltration sequences (secret read then egress) and loops.
 * An emergency anomaly pauses every agent through the PauseController until a developer resumes.
 * State is bounded: one hour of minute buckets, sliding windows trimmed by time, capped maps.
 */
import { redact } from '../sanitizer/redact';
import { hostOf, isDangerousPath, isSecretFile, isSelfModifyingPath, pathsInCommand } from './paths';
import { writeAudit, type AuditWriter, type PauseController } from './pauseController';
import {
  DEFAULT_ANOMALY_CONFIG, type AgentEvent, type AgentEventKind, type Anomaly, type AnomalyConfig, type AnomalyRule, type AnomalySeverity,
} from './types';

const MINUTE = 60_000;
const HOUR_MINUTES = 60;
const MAX_REPEAT_KEYS = 2000;
const MAX_HOSTS = 10_000;
const EVIDENCE_CHARS = 300;
const KINDS: readonly AgentEventKind[] = ['command', 'read', 'write', 'delete', 'network', 'other'];

interface AgentState {
  firstMinute: number;
  total: number;
  /** minute index → operations that minute, by kind. */
  minutes: Map<number, Record<AgentEventKind, number>>;
  denials: number[];
  repeats: Map<string, number[]>;
  lastSecretRead?: { at: number; evidence: string };
  hosts: Set<string>;
  fired: Set<string>;
}

export interface Baseline {
  /** Average operations per minute over the retained hour, by kind. */
  perMinute: Record<AgentEventKind, number>;
  /** Operations in the retained hour, by kind. */
  perHour: Record<AgentEventKind, number>;
  minutesObserved: number;
}

export interface AnomalyDetectorDeps {
  now: () => number;
  pause?: PauseController;
  audit?: AuditWriter;
  config?: Partial<AnomalyConfig>;
}

const emptyCounts = (): Record<AgentEventKind, number> => ({ command: 0, read: 0, write: 0, delete: 0, network: 0, other: 0 });
const evidenceOf = (event: AgentEvent): string => `${event.kind} ${redact(event.target).slice(0, EVIDENCE_CHARS)}${event.verdict ? ` (${event.verdict})` : ''}`;

export class AnomalyDetector {
  private readonly config: AnomalyConfig;
  private readonly agents = new Map<string, AgentState>();
  private readonly anomalies: Anomaly[] = [];
  private counter = 0;
  private readonly listeners = new Set<(anomaly: Anomaly) => void>();

  constructor(private readonly deps: AnomalyDetectorDeps) {
    this.config = { ...DEFAULT_ANOMALY_CONFIG, ...deps.config };
  }

  /** Feeds one operation; returns the anomalies it raised (usually none). */
  observe(event: AgentEvent): Anomaly[] {
    const at = event.at ?? this.deps.now();
    const state = this.stateOf(event.agent, at);
    const raised: Anomaly[] = [];
    const raise = (rule: AnomalyRule, severity: AnomalySeverity, message: string, evidence: string[]): void => {
      raised.push(this.record({ id: '', agent: event.agent, rule, severity, message, evidence, at, reviewed: false }));
    };
    this.count(state, event.kind, at);
    this.checkRate(state, event, at, raise);
    this.checkDenials(state, event, at, raise);
    this.checkPaths(state, event, at, raise);
    this.checkNetwork(state, event, at, raise);
    this.checkLoop(state, event, at, raise);
    return raised;
  }

  baseline(agent: string): Baseline {
    const state = this.agents.get(agent);
    const perHour = emptyCounts();
    if (!state) return { perMinute: emptyCounts(), perHour, minutesObserved: 0 };
    for (const counts of state.minutes.values()) for (const kind of KINDS) perHour[kind] += counts[kind];
    const minutes = Math.max(1, Math.min(HOUR_MINUTES, Math.max(...state.minutes.keys()) - state.firstMinute + 1));
    const perMinute = emptyCounts();
    for (const kind of KINDS) perMinute[kind] = perHour[kind] / minutes;
    return { perMinute, perHour, minutesObserved: minutes };
  }

  list(filter: { unreviewed?: boolean; agent?: string } = {}): Anomaly[] {
    return this.anomalies.filter((a) => (!filter.unreviewed || !a.reviewed) && (filter.agent === undefined || a.agent === filter.agent)).map((a) => ({ ...a, evidence: [...a.evidence] }));
  }

  markReviewed(id: string, by = 'developer'): boolean {
    const anomaly = this.anomalies.find((a) => a.id === id);
    if (!anomaly || anomaly.reviewed) return false;
    anomaly.reviewed = true;
    anomaly.reviewedBy = by;
    writeAudit(this.deps.audit, {
      agent: anomaly.agent, operation: `anomaly.${anomaly.rule}`, target: id, result: 'reviewed', reason: `marked reviewed by ${by}`, source: 'ui', details: { anomalyId: id },
    });
    return true;
  }

  onAnomaly(listener: (anomaly: Anomaly) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private stateOf(agent: string, at: number): AgentState {
    let state = this.agents.get(agent);
    if (!state) {
      state = { firstMinute: Math.floor(at / MINUTE), total: 0, minutes: new Map(), denials: [], repeats: new Map(), hosts: new Set(), fired: new Set() };
      this.agents.set(agent, state);
    }
    return state;
  }

  private count(state: AgentState, kind: AgentEventKind, at: number): void {
    const minute = Math.floor(at / MINUTE);
    const counts = state.minutes.get(minute) ?? emptyCounts();
    counts[kind]++;
    state.minutes.set(minute, counts);
    state.total++;
    for (const key of state.minutes.keys()) if (key <= minute - HOUR_MINUTES) state.minutes.delete(key);
  }

  /** Fires each (rule, key) once, so a sustained condition is one anomaly, not thousands. */
  private once(state: AgentState, key: string): boolean {
    if (state.fired.has(key)) return false;
    if (state.fired.size > 5000) state.fired.clear();
    state.fired.add(key);
    return true;
  }

  private checkRate(state: AgentState, event: AgentEvent, at: number, raise: Raise): void {
    const minute = Math.floor(at / MINUTE);
    const current = sumCounts(state.minutes.get(minute));
    const history = Math.min(HOUR_MINUTES - 1, minute - state.firstMinute);
    let previous = 0;
    for (const [key, counts] of state.minutes) if (key < minute) previous += sumCounts(counts);
    const average = history > 0 ? previous / history : 0;
    const trusted = history >= this.config.baselineMinutes;
    const threshold = Math.max(this.config.spikeFloorPerMinute, trusted ? this.config.spikeMultiplier * average : 0);
    const detail = `${current} operations this minute; baseline ${average.toFixed(1)}/min over ${history} min`;
    if (current > threshold * 4 && this.once(state, `rate:${minute}:critical`)) {
      raise('rate-spike', 'critical', `${event.agent} is running far above its normal rate (${detail})`, [evidenceOf(event)]);
    } else if (current > threshold && this.once(state, `rate:${minute}:warning`)) {
      raise('rate-spike', 'warning', `${event.agent} is running above its normal rate (${detail})`, [evidenceOf(event)]);
    }
  }

  private checkDenials(state: AgentState, event: AgentEvent, at: number, raise: Raise): void {
    if (event.verdict !== 'deny') return;
    state.denials.push(at);
    while ((state.denials[0] ?? at) < at - this.config.denialWindowMs) state.denials.shift();
    const n = state.denials.length;
    const window = `${Math.round(this.config.denialWindowMs / 1000)} s`;
    if (n === this.config.denialCritical) raise('repeated-denials', 'critical', `${event.agent} was denied ${n} times within ${window}: it keeps trying what policy forbids`, [evidenceOf(event)]);
    else if (n === this.config.denialWarning) raise('repeated-denials', 'warning', `${event.agent} was denied ${n} times within ${window}`, [evidenceOf(event)]);
  }

  private checkPaths(state: AgentState, event: AgentEvent, at: number, raise: Raise): void {
    const paths = event.kind === 'command' ? pathsInCommand(event.target) : event.kind === 'network' ? [] : [event.target];
    const writes = event.kind === 'write' || event.kind === 'delete';
    const evidence = evidenceOf(event);
    for (const path of paths) {
      if (isSelfModifyingPath(path) && (writes || event.kind === 'command')) {
        const unapprovedAllow = writes && event.verdict === 'allow' && !event.approvedByDeveloper;
        const severity: AnomalySeverity = unapprovedAllow ? 'emergency' : writes ? 'critical' : 'warning';
        raise('self-modification', severity, `${event.agent} ${writes ? 'tried to change' : 'ran a command touching'} ${redact(path)}, which controls agents or automation${unapprovedAllow ? ' — and it was allowed without a developer' : ''}`, [evidence]);
      }
      if (isDangerousPath(path)) {
        if (this.once(state, `path:${event.kind}:${path}:${Math.floor(at / (10 * MINUTE))}`)) {
          raise('dangerous-path', writes ? 'critical' : 'warning', `${event.agent} accessed a credential or system-secret location: ${redact(path)}`, [evidence]);
        }
        if (event.verdict !== 'deny' && !writes) state.lastSecretRead = { at, evidence };
      } else if (isSecretFile(path) && event.verdict !== 'deny' && !writes) {
        state.lastSecretRead = { at, evidence };
      }
    }
    if (event.sensitive && event.verdict !== 'deny') state.lastSecretRead = { at, evidence };
  }

  private checkNetwork(state: AgentState, event: AgentEvent, at: number, raise: Raise): void {
    const host = event.host?.toLowerCase() ?? (event.kind === 'network' ? hostOf(event.target) : undefined);
    if (host === undefined && event.kind !== 'network') return;
    const secret = state.lastSecretRead;
    if (secret && at - secret.at <= this.config.exfiltrationWindowMs) {
      const blocked = event.verdict === 'deny';
      raise('exfiltration', blocked ? 'critical' : 'emergency',
        `${event.agent} sent data over the network ${Math.round((at - secret.at) / 1000)} s after reading a secret${blocked ? ' (the egress was denied)' : ''}`,
        [secret.evidence, evidenceOf(event)]);
      state.lastSecretRead = undefined;
    }
    if (host !== undefined && !state.hosts.has(host)) {
      if (state.hosts.size < MAX_HOSTS) state.hosts.add(host);
      const learning = state.total <= this.config.hostLearningOperations;
      raise('new-host', learning ? 'info' : 'warning', `${event.agent} contacted ${host} for the first time`, [evidenceOf(event)]);
    }
  }

  private checkLoop(state: AgentState, event: AgentEvent, at: number, raise: Raise): void {
    const key = `${event.kind}\u0000${event.target}`;
    const times = state.repeats.get(key) ?? [];
    times.push(at);
    while ((times[0] ?? at) < at - this.config.loopWindowMs) times.shift();
    state.repeats.delete(key);
    state.repeats.set(key, times); // re-insert: the map stays in least-recently-used order
    if (state.repeats.size > MAX_REPEAT_KEYS) {
      const oldest = state.repeats.keys().next().value;
      if (oldest !== undefined) state.repeats.delete(oldest);
    }
    const n = times.length;
    const window = `${Math.round(this.config.loopWindowMs / 1000)} s`;
    if (n === this.config.loopCritical) raise('loop', 'critical', `${event.agent} repeated the same operation ${n} times within ${window}: it looks stuck in a loop`, [evidenceOf(event)]);
    else if (n === this.config.loopWarning) raise('loop', 'warning', `${event.agent} repeated the same operation ${n} times within ${window}`, [evidenceOf(event)]);
  }

  private record(anomaly: Anomaly): Anomaly {
    anomaly.id = `anomaly-${++this.counter}`;
    this.anomalies.push(anomaly);
    if (this.anomalies.length > this.config.maxAnomalies) {
      const reviewed = this.anomalies.findIndex((a) => a.reviewed);
      this.anomalies.splice(reviewed >= 0 ? reviewed : 0, 1);
    }
    writeAudit(this.deps.audit, {
      agent: anomaly.agent, operation: `anomaly.${anomaly.rule}`, target: anomaly.evidence.join(' | '), result: 'anomaly',
      reason: anomaly.message, source: 'system', details: { anomalyId: anomaly.id, severity: anomaly.severity },
    });
    for (const listener of this.listeners) {
      try {
        listener({ ...anomaly });
      } catch {
        // Listeners are UI; the detector keeps going.
      }
    }
    if (anomaly.severity === 'emergency') {
      this.deps.pause?.pause(`Emergency anomaly ${anomaly.id}: ${anomaly.message}`, { by: 'anomaly-detector', anomalyId: anomaly.id, agent: anomaly.agent });
    }
    return anomaly;
  }
}

type Raise = (rule: AnomalyRule, severity: AnomalySeverity, message: string, evidence: string[]) => void;

function sumCounts(counts: Record<AgentEventKind, number> | undefined): number {
  if (!counts) return 0;
  let total = 0;
  for (const kind of KINDS) total += counts[kind];
  return total;
}

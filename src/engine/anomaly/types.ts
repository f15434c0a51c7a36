/** What the anomaly detector watches and what it reports. */

export type AgentEventKind = 'command' | 'read' | 'write' | 'delete' | 'network' | 'other';

export interface AgentEvent {
  agent: string;
  kind: AgentEventKind;
  /** Command line, path or URL. Redacted before it is kept as evidence. */
  target: string;
  /** The engine's verdict for the operation, when it had one. */
  verdict?: 'allow' | 'ask' | 'deny';
  /** True when a developer approved this operation explicitly. */
  approvedByDeveloper?: boolean;
  /** Destination host for network egress (commands with network reach included). */
  host?: string;
  /** The caller knows this touched a secret (vault use, protected secret path). */
  sensitive?: boolean;
  /** Epoch ms; the detector's clock when absent. */
  at?: number;
}

export type AnomalySeverity = 'info' | 'warning' | 'critical' | 'emergency';
export const ANOMALY_SEVERITIES: readonly AnomalySeverity[] = ['info', 'warning', 'critical', 'emergency'];

export type AnomalyRule = 'rate-spike' | 'repeated-denials' | 'dangerous-path' | 'new-host' | 'self-modification' | 'exfiltration' | 'loop';

export interface Anomaly {
  id: string;
  agent: string;
  rule: AnomalyRule;
  severity: AnomalySeverity;
  /** Plain words for the developer. */
  message: string;
  /** The operations that triggered it (redacted). */
  evidence: string[];
  at: number;
  reviewed: boolean;
  reviewedBy?: string;
}

export interface AnomalyConfig {
  /** A minute with more operations than this is a spike whatever the baseline. */
  spikeFloorPerMinute: number;
  /** ...or more than this many times the agent's average minute. */
  spikeMultiplier: number;
  /** Minutes of history needed before the baseline is trusted. */
  baselineMinutes: number;
  denialWindowMs: number;
  denialWarning: number;
  denialCritical: number;
  loopWindowMs: number;
  loopWarning: number;
  loopCritical: number;
  /** A network egress this soon after a secret read is an exfiltration sequence. */
  exfiltrationWindowMs: number;
  /** Operations an agent must have made before a never-seen host is more than info. */
  hostLearningOperations: number;
  /** Anomalies kept in memory (oldest reviewed ones dropped first). */
  maxAnomalies: number;
}

export const DEFAULT_ANOMALY_CONFIG: AnomalyConfig = {
  spikeFloorPerMinute: 60,
  spikeMultiplier: 5,
  baselineMinutes: 5,
  denialWindowMs: 120_000,
  denialWarning: 5,
  denialCritical: 15,
  loopWindowMs: 60_000,
  loopWarning: 10,
  loopCritical: 30,
  exfiltrationWindowMs: 10 * 60_000,
  hostLearningOperations: 20,
  maxAnomalies: 1000,
};

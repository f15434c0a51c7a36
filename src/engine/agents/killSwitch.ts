/**
 * Pause / resume (the kill switch): while paused, every operation is denied. Global or per agent.
 * The anomaly detector (src/engine/anomaly) can pause an agent through the same PauseGate port; this
 * is the minimal state holder for when it is not wired in.
 */

export type PauseState = { paused: false } | { paused: true; reason: string; since: number };

/** What the interceptor asks before anything else. */
export interface PauseGate {
  pauseState(agentId: string): PauseState;
}

export type KillSwitchListener = (event: { agentId?: string; paused: boolean; reason?: string }) => void;

export class KillSwitch implements PauseGate {
  private global: PauseState = { paused: false };
  private readonly perAgent = new Map<string, PauseState & { paused: true }>();
  private readonly listeners = new Set<KillSwitchListener>();

  constructor(private readonly now: () => number) {}

  pauseAll(reason: string): void {
    this.global = { paused: true, reason, since: this.now() };
    this.emit({ paused: true, reason });
  }

  resumeAll(): void {
    this.global = { paused: false };
    this.perAgent.clear();
    this.emit({ paused: false });
  }

  pauseAgent(agentId: string, reason: string): void {
    this.perAgent.set(agentId, { paused: true, reason, since: this.now() });
    this.emit({ agentId, paused: true, reason });
  }

  resumeAgent(agentId: string): void {
    this.perAgent.delete(agentId);
    this.emit({ agentId, paused: false });
  }

  get globallyPaused(): boolean {
    return this.global.paused;
  }

  pauseState(agentId: string): PauseState {
    if (this.global.paused) return this.global;
    return this.perAgent.get(agentId) ?? { paused: false };
  }

  onChange(listener: KillSwitchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: Parameters<KillSwitchListener>[0]): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // Listeners (status bar, audit) must not stop the switch from flipping.
      }
    }
  }
}

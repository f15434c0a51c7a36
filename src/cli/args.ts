/**
 * The one argument parser of every `agent-guard` sub-command, on Node's `util.parseArgs` in strict mode:
 * each sub-command declares its value options and switches; anything else (an unknown flag, a value given
 * to a switch, a value option without one) is a usage error that the caller prints with its usage text and
 * exit code 2. `--help` / `-h` is accepted everywhere and reported as `help`.
 */
import { parseArgs as nodeParseArgs } from 'node:util';

export interface ArgSpec {
  /** Options that take a value: `--name value` or `--name=value`. */
  readonly values?: readonly string[];
  /** Switches: `--name`, no value. */
  readonly switches?: readonly string[];
}

export interface ParsedArgs {
  positional: string[];
  /** Value options by name (without the dashes); the last one given wins. */
  options: Map<string, string>;
  /** Switches given (without the dashes). */
  flags: Set<string>;
  /** `--help` or `-h` was given: the caller prints its usage and exits 0. */
  help: boolean;
}

type NodeOptions = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Says in plain words why the arguments were refused (Node's own messages are about its API). */
function explain(error: unknown, args: readonly string[]): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const named = /'(-[^' ]+)/.exec(message)?.[1] ?? args.find((arg) => arg.startsWith('-')) ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': return `unknown option ${named.split('=')[0]}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('does not take an argument')) return `option ${named.split('=')[0]} takes no value`;
      return message.includes('ambiguous') ? `option ${named} needs a value (for a value starting with -, write ${named}=VALUE)` : `option ${named} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': return `unexpected argument '${named}'`;
    default: return message.split('\n')[0] ?? 'bad arguments';
  }
}

/** Parses `args` against `spec`; returns the reason as a string when they do not fit. */
export function parseCliArgs(args: readonly string[], spec: ArgSpec): ParsedArgs | string {
  const options: NodeOptions = { help: { type: 'boolean', short: 'h' } };
  for (const name of spec.values ?? []) options[name] = { type: 'string' };
  for (const name of spec.switches ?? []) options[name] = { type: 'boolean' };
  let parsed: ReturnType<typeof nodeParseArgs>;
  try {
    parsed = nodeParseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    return explain(error, args);
  }
  const result: ParsedArgs = { positional: [...parsed.positionals], options: new Map(), flags: new Set(), help: false };
  for (const [name, value] of Object.entries(parsed.values)) {
    if (name === 'help') result.help = value === true;
    else if (typeof value === 'string') result.options.set(name, value);
    else if (value === true) result.flags.add(name);
  }
  return result;
}

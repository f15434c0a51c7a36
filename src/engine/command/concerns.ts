/**
 * Obfuscation and hijack signs on a single command: a command name that is not a plain static word,
 * and environment assignments that change which programs actually run.
 */
import type { Assignment } from './commands';
import type { AnalysisRun } from './run';
import { loadsCode } from './programs/environment';
import type { ResolvedWord } from './words';

/** Variables that make a program load or run other code, or change where commands are found (programs/environment.ts). */
export function isHijackVariable(name: string): boolean {
  return loadsCode(name);
}

export function checkAssignments(run: AnalysisRun, assignments: readonly Assignment[], index: number): void {
  for (const { name, value, dynamic } of assignments) {
    if (isHijackVariable(name)) {
      run.concern('env-hijack', 'ask', `sets ${name}, which changes which programs or code actually run`, index);
    }
    if (!dynamic) checkDeferredCode(run, name, value, index);
  }
}

/** `$(`, a backquote or `${` in a value that is literal text: bash runs it if the value is later expanded as code. */
const CODE_IN_TEXT = /\$\(|`|\$\{/;

/**
 * A literal value that holds a command substitution is inert until bash evaluates the value again: as
 * a prompt string (`${x@P}`), or as an arithmetic expression (`$((x))`, `[[ $x -eq 0 ]]`, `let`, array
 * subscripts evaluate `a[$(cmd)]`). The analyzer does not follow values that far, so it asks.
 */
export function checkDeferredCode(run: AnalysisRun, name: string, value: string, index: number): void {
  if (CODE_IN_TEXT.test(value)) {
    run.concern('dynamic-command', 'ask', `${name} is given text with a command substitution in it, which bash runs if the value is evaluated again (as a prompt or in arithmetic)`, index);
  }
}

/** The command name must be a plain static word; anything else hides what runs. */
export function checkCommandName(run: AnalysisRun, head: ResolvedWord | undefined, index: number): void {
  if (!head) return;
  if (head.ifs) run.concern('obfuscation', 'ask', 'uses $IFS to hide word boundaries', index);
  if (head.dynamic) {
    run.concern('dynamic-command', 'ask', `the command name comes from an expansion (${truncate(head.value)})`, index);
  } else if (head.ansiC) {
    run.concern('obfuscation', 'ask', `the command name is written with ANSI-C escapes ($'...' decodes to ${truncate(head.value)})`, index);
  }
  if (head.glob) run.concern('obfuscation', 'ask', `the command name is a glob pattern (${truncate(head.value)}) that the shell expands`, index);
  if (head.brace) run.concern('obfuscation', 'ask', `the command name uses brace expansion (${truncate(head.value)})`, index);
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The programs `decodes` knows; every other program is answered without looking at its arguments. */
const DECODERS = new Set(['base64', 'base32', 'basenc', 'xxd', 'openssl', 'uudecode', 'rev', 'gunzip', 'zcat', 'bzcat', 'xzcat', 'unxz', 'gzip', 'tr', 'printf', 'echo']);

/** Does this command decode an encoded payload (the middle of `echo … | base64 -d | sh`)? */
export function decodes(program: string, argv: readonly ResolvedWord[]): boolean {
  if (!DECODERS.has(program)) return false;
  const args = argv.slice(1).map((w) => w.value);
  const flag = (...names: string[]) => args.some((a) => names.includes(a) || (/^-[a-zA-Z]+$/.test(a) && names.some((n) => n.length === 2 && a.includes(n[1] as string))));
  switch (program) {
    case 'base64': case 'base32': case 'basenc': return flag('-d', '--decode', '-D');
    case 'xxd': return flag('-r', '-revert');
    case 'openssl': return args.includes('-d') || args.includes('base64') || args.includes('enc');
    case 'uudecode': case 'rev': case 'gunzip': case 'zcat': case 'bzcat': case 'xzcat': case 'unxz': case 'gzip':
      return program !== 'gzip' || flag('-d', '--decompress');
    case 'tr': return args.length >= 2;
    case 'printf': return /\\(x[0-9a-fA-F]|[0-7]{3}|u[0-9a-fA-F])/.test(args[0] ?? '');
    case 'echo': return flag('-e') && args.some((a) => /\\(x[0-9a-fA-F]|0?[0-7]{3})/.test(a));
    default: return false;
  }
}

/**
 * From one simple command's words to the commands that really run: wrappers are peeled off, shell
 * strings and eval are re-parsed, `find -exec` / `xargs` / package runners yield their inner command.
 */
import type { CommandContext } from './analysis';
import { basename, operands, spec } from './argv';
import { checkCommandName, checkAssignments, decodes } from './concerns';
import { embeddedCommands } from './embedded';
import { fileEffects, sedScriptEffects } from './fileEffects';
import { analyzeGit } from './git';
import { FETCHERS, INTERPRETER_CODE_FLAGS, inlineCodeTraits, isInterpreter, networkEffects } from './network';
import { awkProgramWrites, programTableEffects } from './programs/programKnowledge';
import { programEnvironmentReads } from './environmentReads';
import { pytestPaths } from './programs/testRunners';
import type { AnalysisRun, Frame } from './run';
import type { ResolvedWord } from './words';
import { isPrivileged, isUvScript, packageRunnerFetches, packageRunnerStart, SU_LIKE, WRAPPERS, wrappedCommandStart, xargsCommandStart } from './wrappers';

export interface Assignment { name: string; value: string; dynamic: boolean }

export interface ArgvInput {
  words: ResolvedWord[];
  assignments: Assignment[];
  text: string;
  frame: Frame;
}

export interface ArgvResult {
  /** The command that owns the line's redirects (first command run), -1 if none. */
  index: number;
  /** Positions in the input words whose content is run as code (`bash -c W`, `eval W`, `source W`). */
  codeWords: number[];
  /** Commands produced by re-parsing code words, [from, to). */
  from: number;
}

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'fish', 'busybox', 'tcsh', 'csh', 'rbash']);
const SHELL_VALUES = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);

interface Peeled {
  start: number;
  wrappers: string[];
  assignments: Assignment[];
  context: CommandContext;
  /** `xargs -I TOKEN`: the token xargs replaces with each input line. */
  xargsToken?: string;
}

function xargsToken(words: readonly ResolvedWord[], from: number, to: number): string | undefined {
  for (let i = from; i < to; i++) {
    const value = (words[i] as ResolvedWord).value;
    if (value === '-I' || value === '--replace') return words[i + 1]?.value ?? '{}';
    if (value.startsWith('-I')) return value.slice(2);
    if (value.startsWith('--replace=')) return value.slice(10) || '{}';
    if (value === '-i' || value.startsWith('-i')) return value.slice(2) || '{}';
  }
  return undefined;
}

function withWrapper(peeled: Peeled, name: string, next: number, context: CommandContext = 'wrapper'): Peeled {
  // xargs and package runners say more about how the command runs than the pipeline around them.
  const generic = ['top', 'wrapper', 'pipeline', 'background'].includes(peeled.context);
  const outer = context === 'wrapper' ? peeled.context === 'top' || peeled.context === 'wrapper' : generic;
  return { ...peeled, start: next, wrappers: [...peeled.wrappers, name], context: outer ? context : peeled.context };
}

/** `env [-i] [-u NAME] [-C DIR] [-S STRING] [NAME=value...] command`. Returns the command start or -1. */
function peelEnv(run: AnalysisRun, words: readonly ResolvedWord[], peeled: Peeled, frame: Frame): Peeled | 'done' | null {
  let i = peeled.start + 1;
  const assignments = [...peeled.assignments];
  while (i < words.length) {
    const value = (words[i] as ResolvedWord).value;
    if (['-u', '--unset', '-C', '--chdir', '-P'].includes(value)) i += 2;
    else if (value === '-S' || value === '--split-string' || value.startsWith('--split-string=') || /^-[iv0]*S./.test(value)) {
      const str = value.startsWith('--split-string=') ? value.slice(15) : value === '-S' || value === '--split-string' ? (words[i + 1]?.value ?? '') : value.replace(/^-[iv0]*S/, '');
      const rest = words.slice(i + (value === '-S' || value === '--split-string' ? 2 : 1)).map((w) => w.value).join(' ');
      run.reparse(`${str} ${rest}`, { ...frame, wrappers: [...peeled.wrappers, 'env'], reparseDepth: frame.reparseDepth + 1 });
      return 'done';
    } else if (value === '--') i += 1;
    else if (value.startsWith('-') && value.length > 1) i += 1;
    else break;
  }
  while (i < words.length) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec((words[i] as ResolvedWord).value);
    if (!m) break;
    assignments.push({ name: m[1] as string, value: m[2] as string, dynamic: (words[i] as ResolvedWord).dynamic });
    i++;
  }
  if (i >= words.length) return null;
  return { ...withWrapper(peeled, 'env', i), assignments };
}

/** Peels wrappers one by one. Returns null when the command was fully handled by a re-parse. */
function peel(run: AnalysisRun, words: readonly ResolvedWord[], input: ArgvInput): Peeled | null {
  let peeled: Peeled = { start: 0, wrappers: [...input.frame.wrappers], assignments: input.assignments, context: input.frame.context };
  for (let guard = 0; guard < words.length; guard++) {
    run.tick();
    const word = words[peeled.start];
    if (!word || word.dynamic) return peeled;
    const name = basename(word.value);
    if (name === 'env') {
      const next = peelEnv(run, words, peeled, input.frame);
      if (next === 'done') return null;
      if (!next) return peeled;
      peeled = next;
      continue;
    }
    if (name === 'xargs') {
      const next = xargsCommandStart(words, peeled.start + 1);
      if (next >= words.length) return peeled;
      peeled = { ...withWrapper(peeled, 'xargs', next, 'xargs'), xargsToken: xargsToken(words, peeled.start + 1, next) };
      continue;
    }
    const runner = packageRunnerStart(name, words, peeled.start + 1);
    if (runner >= 0) {
      if (packageRunnerFetches(name, words, peeled.start + 1)) run.effect('network', 'registry.npmjs.org', name, -1);
      peeled = withWrapper(peeled, name, runner, 'package-runner');
      continue;
    }
    const next = wrappedCommandStart(name, words, peeled.start + 1);
    if (next < 0) return peeled;
    if (isPrivileged(name)) run.concern('privilege-escalation', 'ask', `${name} runs the command with elevated privileges`, -1);
    // The wrapper's own options can write or run things too (`time -o FILE`).
    programTableEffects(run, name, words.slice(peeled.start, next), -1);
    if (WRAPPERS[name]?.createsOperand) run.effect('write', (words[next - 1] as ResolvedWord).value, name, -1);
    peeled = withWrapper(peeled, name, next);
  }
  return peeled;
}

/** `flock FILE -c CODE` (or `--command`) runs CODE with `$SHELL -c`, exactly like `sh -c CODE` (flock(1)). */
function flockCode(words: readonly ResolvedWord[], peeled: Peeled): { mode: 'string'; at: number } | undefined {
  const flag = words[peeled.start]?.value;
  if (peeled.wrappers[peeled.wrappers.length - 1] !== 'flock' || (flag !== '-c' && flag !== '--command')) return undefined;
  return peeled.start + 1 < words.length ? { mode: 'string', at: peeled.start + 1 } : undefined;
}

/** Where a shell invocation gets its code: `-c STRING`, a script file, or standard input. */
function shellCode(words: readonly ResolvedWord[], start: number): { mode: 'string' | 'script' | 'stdin'; at: number } {
  let commandMode = false;
  let i = start + 1;
  for (; i < words.length; i++) {
    const value = (words[i] as ResolvedWord).value;
    if (value === '--' || value === '-') { i++; break; }
    if (!/^[-+]/.test(value) || value.length < 2) break;
    if (SHELL_VALUES.has(value)) { i++; continue; }
    if (!value.startsWith('--') && value.slice(1).includes('c')) commandMode = true;
    if (!value.startsWith('--') && value.slice(1).includes('s')) return { mode: 'stdin', at: -1 };
  }
  if (i >= words.length) return { mode: 'stdin', at: -1 };
  return { mode: commandMode ? 'string' : 'script', at: i };
}

/** Re-parses static code (shell strings, eval); dynamic code becomes a concern. */
function runCode(run: AnalysisRun, code: ResolvedWord[], via: string, context: CommandContext, peeled: Peeled, frame: Frame): boolean {
  if (code.some((w) => w.dynamic)) {
    run.concern('dynamic-command', 'ask', `${via} runs code that is only known at run time`, -1);
    return false;
  }
  const wrappers = [...peeled.wrappers, via];
  const source = code.map((w) => w.value).join(' ');
  const reparseFrame: Frame = { context, wrappers, reparseDepth: frame.reparseDepth + 1 };
  // eval runs in the current shell (its cd persists); `bash -c` / `su -c` start a new one.
  if (context === 'eval') run.reparse(source, reparseFrame);
  else run.inChildShell(() => run.reparse(source, reparseFrame));
  return true;
}

function findExecs(run: AnalysisRun, words: readonly ResolvedWord[], peeled: Peeled, input: ArgvInput): void {
  for (let i = peeled.start + 1; i < words.length; i++) {
    if (!['-exec', '-execdir', '-ok', '-okdir'].includes((words[i] as ResolvedWord).value)) continue;
    let end = i + 1;
    while (end < words.length && ![';', '+'].includes((words[end] as ResolvedWord).value)) end++;
    const inner = words.slice(i + 1, end);
    if (inner.length) {
      const saved = run.placeholder;
      run.placeholder = { token: '{}', roots: findRoots(words, peeled.start + 1) };
      try {
        handleArgv(run, { words: inner, assignments: [], text: inner.map((w) => w.value).join(' '),
          frame: { ...input.frame, context: 'find-exec', wrappers: [...peeled.wrappers, 'find'] } });
      } finally {
        run.placeholder = saved;
      }
    }
    i = end;
  }
}

/** find's start paths: the words before the first expression (`-name`, `(`, `!`); `.` by default. */
function findRoots(words: readonly ResolvedWord[], from: number): string[] {
  const roots: string[] = [];
  for (let i = from; i < words.length && !/^[-(!)]/.test((words[i] as ResolvedWord).value); i++) roots.push((words[i] as ResolvedWord).value);
  return roots.length ? roots : ['.'];
}

/** Tools that change files: under xargs their file arguments come from the input, unseen. */
const MUTATING = new Set(['rm', 'rmdir', 'unlink', 'shred', 'mv', 'cp', 'install', 'ln', 'chmod', 'chown', 'chgrp', 'truncate', 'touch', 'mkdir', 'tee', 'dd', 'sed', 'perl', 'tar', 'unzip', 'patch']);

function interpreterCode(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], index: number): boolean {
  const flags = INTERPRETER_CODE_FLAGS[program] ?? INTERPRETER_CODE_FLAGS.python ?? [];
  const at = argv.findIndex((w, i) => i > 0 && (flags.includes(w.value) || /^-[a-zA-Z]*[ce]$/.test(w.value)));
  if (at < 0) return false;
  const code = argv[at + 1];
  if (!code) return true;
  const traits = inlineCodeTraits(code.value);
  if (traits.network) run.effect('network', traits.host, `${program} ${argv[at]?.value}`, index);
  if (traits.spawns) run.concern('dynamic-command', 'ask', `the inline ${program} code starts other programs the analyzer cannot see`, index);
  if (code.dynamic) run.concern('dynamic-command', 'ask', `the inline ${program} code is only known at run time`, index);
  return true;
}

/** Commands run through options (`tar --to-command`, `rsync -e` ...): re-parsed when static, else a concern. */
function embedded(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], peeled: Peeled, frame: Frame, index: number): void {
  for (const { option, code } of embeddedCommands(program, argv)) {
    if (!code || code.dynamic || !code.value.trim()) {
      run.concern('dynamic-command', 'ask', `${program} runs other commands through ${option}, which the analyzer cannot see`, index);
      continue;
    }
    const reparseFrame: Frame = { context: 'wrapper', wrappers: [...peeled.wrappers, program], reparseDepth: frame.reparseDepth + 1 };
    run.inChildShell(() => run.reparse(code.value, reparseFrame));
  }
}

/** Does this command run whatever arrives on its standard input as code? */
function runsStdinAsCode(program: string, argv: readonly ResolvedWord[], shell: ReturnType<typeof shellCode> | undefined): boolean {
  if (shell?.mode === 'stdin') return true;
  if (isInterpreter(program)) {
    const args = argv.slice(1);
    if (!args.some((w) => !w.value.startsWith('-')) || args.some((w) => w.value === '-' || w.value === '/dev/stdin')) return true;
  }
  return (program === 'source' || program === '.') && /^\/dev\/(stdin|fd\/0)$/.test(argv[1]?.value ?? '');
}

/** Program-specific knowledge: directory changes, nested commands, effects. */
function deriveFromProgram(run: AnalysisRun, program: string, words: readonly ResolvedWord[], argv: readonly ResolvedWord[], peeled: Peeled, input: ArgvInput, index: number): void {
  const xargsHere = peeled.wrappers.indexOf('xargs', input.frame.wrappers.length) >= 0;
  if (xargsHere && !peeled.xargsToken && MUTATING.has(program)) {
    run.concern('dynamic-command', 'ask', `xargs appends its input to ${program}'s arguments, so the files it changes are only known at run time`, index);
  }
  const saved = run.placeholder;
  if (peeled.xargsToken) run.placeholder = { token: peeled.xargsToken, roots: null };
  try {
    derivePrograms(run, program, words, argv, peeled, input, index);
  } finally {
    run.placeholder = saved;
  }
}

/**
 * Programs whose behaviour does not depend on files of the directory they run in (only on the paths
 * they are given, which are judged as reads and writes): a cd before them needs no judging of its own.
 * Everything else after a cd is judged as running that directory's code (fail closed).
 */
const DIRECTORY_NEUTRAL = new Set(['cd', 'pushd', 'popd', 'pwd', 'ls', 'll', 'tree', 'du', 'df', 'stat', 'file', 'realpath', 'readlink',
  'basename', 'dirname', 'cat', 'head', 'tail', 'wc', 'less', 'more', 'grep', 'egrep', 'fgrep', 'find', 'sort', 'uniq', 'cut', 'tr', 'diff',
  'cmp', 'echo', 'printf', 'test', '[', 'true', 'false', 'mkdir', 'touch', 'cp', 'mv', 'rm', 'rmdir', 'ln', 'chmod', 'sha256sum', 'md5sum']);

function derivePrograms(run: AnalysisRun, program: string, words: readonly ResolvedWord[], argv: readonly ResolvedWord[], peeled: Peeled, input: ArgvInput, index: number): void {
  if (program === 'cd' || program === 'pushd') {
    const target = operands(argv, 1, spec(''))[0];
    run.changeDirectory(!target ? '~' : target.dynamic || target.value === '-' ? null : target.value);
  } else if (run.cwd && !DIRECTORY_NEUTRAL.has(program)) {
    // After a cd, most programs run the new directory's own code (package.json scripts, Makefile,
    // conftest.py, eslint/jest config, .git/config hooks and pager): judged like a program path there.
    run.effect('execute', '.', `${program} runs in ${run.cwd}, with its configuration`, index);
  }
  if (program === 'popd') run.changeDirectory(null);
  if (program === 'find') findExecs(run, words, peeled, input);
  if (program === 'git') analyzeGit(run, input.frame, argv, index);
  if (isInterpreter(program)) interpreterCode(run, program, argv, index);
  embedded(run, program, argv, peeled, input.frame, index);
  if (program === 'alias' && argv.length > 1) run.concern('obfuscation', 'ask', 'defines an alias, which can make one command name run another', index);
  fileEffects(run, program, argv, index);
  if (program === 'sed') sedScriptEffects(run, argv, index);
  networkEffects(run, program, argv, index);
  programTableEffects(run, program, argv, index);
  awkProgramWrites(run, program, argv, index);
  programEnvironmentReads(run, program, argv, index);
  pytestPaths(run, program, argv, index);
}

/** Emits the final command and everything derived from it. Returns its index. */
function emitFinal(run: AnalysisRun, words: readonly ResolvedWord[], peeled: Peeled, input: ArgvInput, result: ArgvResult, runsInput = false): number {
  const argv = words.slice(peeled.start);
  const head = argv[0];
  const program = head && !head.dynamic ? basename(head.value) : '';
  const dynamic = runsInput || argv.some((w) => w.dynamic || (w === head && w.glob)) || peeled.assignments.some((a) => a.dynamic);
  const shell = SHELLS.has(program) ? shellCode(words, peeled.start) : flockCode(words, peeled);
  const index = run.emit({
    argv: argv.map((w) => w.value), program, wrappers: peeled.wrappers,
    assignments: peeled.assignments.map(({ name, value }) => ({ name, value })), dynamic, context: peeled.context, text: input.text,
  }, { decodes: decodes(program, argv), runsStdin: runsInput || runsStdinAsCode(program, argv, shell), fetches: FETCHERS.has(program) });
  checkCommandName(run, head, index);
  if (isPrivileged(program)) run.concern('privilege-escalation', 'ask', `${program} starts a privileged session`, index);
  checkAssignments(run, peeled.assignments, index);
  if (head && !head.dynamic && head.value.includes('/')) run.effect('execute', head.value, 'program path', index);
  if (shell?.mode === 'script' || program === 'source' || program === '.') {
    const at = shell ? shell.at : peeled.start + 1;
    const script = words[at];
    if (script) {
      run.effect('execute', script.value, program, index);
      result.codeWords.push(at);
    }
  }
  deriveFromProgram(run, program, words, argv, peeled, input, index);
  return index;
}

/** `uv run FILE.py` is judged as `uv run python FILE.py` (wrappers.ts isUvScript): the script as executed. */
function withUvInterpreter(words: ResolvedWord[], peeled: Peeled): ResolvedWord[] {
  const head = words[peeled.start];
  if (!head || !isUvScript(peeled.wrappers, head)) return words;
  return [...words.slice(0, peeled.start), { ...head, value: 'python' }, ...words.slice(peeled.start)];
}

export function handleArgv(run: AnalysisRun, input: ArgvInput): ArgvResult {
  const result: ArgvResult = { index: -1, codeWords: [], from: run.commands.length };
  const peeled = peel(run, input.words, input);
  if (!peeled) return result;
  const words = withUvInterpreter(input.words, peeled);
  const head = words[peeled.start];
  const program = head && !head.dynamic ? basename(head.value) : '';
  const shell = SHELLS.has(program) ? shellCode(words, peeled.start) : flockCode(words, peeled);
  if (shell?.mode === 'string') {
    const code = words[shell.at] as ResolvedWord;
    result.codeWords.push(shell.at);
    // `… | xargs -I{} sh -c '{}'` runs its input as code: judged like a shell reading a pipe.
    if (peeled.xargsToken && code.value.includes(peeled.xargsToken)) {
      result.index = emitFinal(run, words, peeled, input, result, true);
      return result;
    }
    // Code without a command (`bash -c '#x'`) leaves the shell itself to be judged below.
    if (runCode(run, [code], program, 'shell-string', peeled, input.frame) && result.from < run.commands.length) {
      // The string's commands were judged; what the prefix sets (BASH_ENV, PS4, SHELLOPTS…) runs code of its own.
      checkAssignments(run, peeled.assignments, -1);
      result.index = result.from < run.commands.length ? result.from : -1;
      return result;
    }
  } else if ((program === 'eval' || SU_LIKE.has(program)) && words.length > peeled.start + 1) {
    const codeStart = program === 'eval' ? peeled.start + 1 : words.findIndex((w, i) => i > peeled.start && (w.value === '-c' || w.value === '--command')) + 1;
    if (codeStart > 0 && codeStart < words.length) {
      if (program !== 'eval') run.concern('privilege-escalation', 'ask', `${program} runs the command as another user`, -1);
      const code = program === 'eval' ? words.slice(codeStart) : [words[codeStart] as ResolvedWord];
      for (let i = codeStart; i < codeStart + code.length; i++) result.codeWords.push(i);
      if (runCode(run, code, program, program === 'eval' ? 'eval' : 'shell-string', peeled, input.frame)) {
        checkAssignments(run, peeled.assignments, -1);
        result.index = result.from < run.commands.length ? result.from : -1;
        return result;
      }
    }
  }
  result.index = emitFinal(run, words, peeled, input, result);
  return result;
}

/** Operands of a program, for callers outside this module. */
export function programOperands(words: readonly ResolvedWord[]): ResolvedWord[] {
  return operands(words, 1, spec(''));
}

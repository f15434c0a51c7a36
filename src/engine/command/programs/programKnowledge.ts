/**
 * Applies the program table (`programTable.ts`) to one command, and judges a line that writes a file
 * which a later command in the same line runs or trusts (write-then-run).
 */
import type { SimpleCommand } from '../analysis';
import type { AnalysisRun } from '../run';
import type { ResolvedWord } from '../words';
import { loadsCode } from './environment';
import { programFacts, type CompilerFacts, type ConfiguredEndpoint, type ProgramFacts, type ScriptFacts, type SubcommandFacts } from './programTable';

/** stdout and stderr are where output goes anyway; they are not files a flag writes. */
const NOT_A_FILE = /^(-|\/dev\/(null|stdout|stderr|fd\/[12]))$/;

const SHORT_BUNDLE = /^-[A-Za-z0-9]+$/;

/**
 * The value of `option` at argv[i]: the next word, the attached text (`--opt=v`, `-xv`, a bundle ending
 * in the letter), '' for a flag with no value, or null when argv[i] is not that option.
 */
export function optionAt(argv: readonly ResolvedWord[], i: number, option: string, bundles = true): ResolvedWord | null {
  const word = argv[i] as ResolvedWord;
  const text = word.value;
  const next = argv[i + 1] ?? { ...word, value: '' };
  if (text === option) return next;
  if (text.startsWith(`${option}=`)) return { ...word, value: text.slice(option.length + 1) };
  const letter = option.length === 2 && option[0] === '-' ? option[1] as string : '';
  if (!letter || text.startsWith('--')) return null;
  if (text.startsWith(option)) return { ...word, value: text.slice(2) };
  if (!bundles || !SHORT_BUNDLE.test(text)) return null;
  // `-avze CMD` / `-aeCMD`: getopt reads the letters left to right, the rest of the word or the next word is the value.
  const at = text.indexOf(letter, 1);
  if (at < 0) return null;
  return at === text.length - 1 ? next : { ...word, value: text.slice(at + 1) };
}

/** The first operand after global options (the sub-command), '' when there is none. */
function subcommandOf(argv: readonly ResolvedWord[], facts: ProgramFacts): string {
  for (let i = 1; i < argv.length; i++) {
    const value = (argv[i] as ResolvedWord).value;
    if (!value.startsWith('-')) return value;
    if (facts.globalValues?.includes(value)) i++;
  }
  return '';
}

function execConcern(run: AnalysisRun, program: string, what: string, index: number): void {
  run.concern('dynamic-command', 'ask', `${program} ${what} runs another program or loads code or settings the analyzer does not judge here`, index);
}

function scanOptions(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], facts: ProgramFacts, extra: SubcommandFacts | undefined, index: number): void {
  // Judged by dedicated code (interpreter one-liners, find -exec, env -S); the table documents them.
  const exec = [...facts.judgedBy ? [] : facts.exec ?? [], ...extra?.exec ?? []];
  const write = [...facts.write ?? [], ...extra?.write ?? []];
  const runsFile = facts.runsFile ?? [];
  const execWhen = facts.execWhen ? Object.entries(facts.execWhen) : [];
  const bundles = !facts.noBundles;
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i] as ResolvedWord;
    if (!word.value.startsWith('-')) continue;
    for (const option of exec) if (optionAt(argv, i, option, bundles)) execConcern(run, program, option, index);
    for (const [option, values] of execWhen) {
      const value = optionAt(argv, i, option, bundles);
      if (value && (value.dynamic || values.test(value.value))) execConcern(run, program, `${option} ${value.value.slice(0, 40)}`, index);
    }
    for (const option of runsFile) {
      const file = optionAt(argv, i, option, bundles);
      if (!file) continue;
      // `--import=data:…` / `-r https://…` is code in the line or from the network, not a file.
      if (file.dynamic || !file.value || /^[A-Za-z][A-Za-z0-9+.-]+:/.test(file.value)) execConcern(run, program, option, index);
      else run.effect('execute', file.value, `${program} ${option}`, index);
    }
    for (const option of write) {
      const target = optionAt(argv, i, option, bundles);
      if (target && target.value && !NOT_A_FILE.test(target.value)) run.effect('write', target.value, `${program} ${option}`, index);
    }
    if (word.value === '--' && !word.dynamic) break;
  }
}

/** Builtins that set the variables their words name: `read PATH`, `printf -v LD_PRELOAD …`, `mapfile -t BASH_ENV`. */
const SETS_NAMED_VARIABLES = new Set(['read', 'mapfile', 'readarray', 'getopts', 'printf']);

function namedVariables(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], index: number): void {
  const words = program === 'printf' ? argv.filter((_w, i) => argv[i - 1]?.value === '-v') : argv.slice(1);
  for (const word of words) {
    const name = word.value.replace(/\[.*$/, '');
    if (word.dynamic) run.concern('env-hijack', 'ask', `${program} sets a variable whose name is only known at run time`, index);
    else if (loadsCode(name)) run.concern('env-hijack', 'ask', `${program} sets ${name}, which changes which programs or code actually run`, index);
  }
}

/** The first word a command rule sees as positional (commandPattern.ts shapeArgv): after `--`, or not a flag. */
function firstPositional(argv: readonly ResolvedWord[]): ResolvedWord | undefined {
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i] as ResolvedWord;
    if (word.value === '--') return argv[i + 1];
    if (word.value === '-' || !word.value.startsWith('-')) return word;
  }
  return undefined;
}

/** Index of the script in `INTERPRETER [harmless options] [mode] SCRIPT [its arguments]`, -1 for any other shape. */
function plainScriptAt(argv: readonly ResolvedWord[], facts: ScriptFacts): number {
  let i = 1;
  while (i < argv.length && (argv[i] as ResolvedWord).value.startsWith('-') && !(argv[i] as ResolvedWord).dynamic) {
    if (!facts.harmless.includes((argv[i] as ResolvedWord).value)) return -1;
    i++;
  }
  if (facts.modes?.includes(argv[i]?.value ?? '') && !argv[i]?.dynamic) i++;
  const script = argv[i];
  return script && !script.dynamic && facts.names.test(script.value) && !script.value.startsWith('-') ? i : -1;
}

/**
 * `node app.js`: the script is judged as executed (a workspace file under balanced, like the code `npm
 * test` runs; outside the workspace it asks). When a rule could read the line as a script run but the
 * shape is another (`node --inspect app.js`, `node -r x a.js`, `node $S.js`), it asks: what runs or
 * listens is not only the script.
 */
function scriptRun(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], facts: ScriptFacts, index: number): void {
  const first = firstPositional(argv);
  // Only options before the script count: `node /tmp/x.js --test` passes --test to the script.
  const options = argv.slice(1, first ? argv.indexOf(first) : argv.length);
  if (options.some((w) => facts.otherModes?.includes(w.value))) return;
  const at = plainScriptAt(argv, facts);
  if (at > 0) {
    run.effect('execute', (argv[at] as ResolvedWord).value, program, index);
    return;
  }
  if (first && (facts.names.test(first.value) || facts.modes?.includes(first.value))) {
    run.concern('dynamic-command', 'ask', `${program}: only \`${program} SCRIPT\` with no other option before the script is judged as running a workspace file; this line also loads, listens or reads code another way`, index);
  }
}

/**
 * `gcc -Wall -c main.c -o build/main.o`: the sources are read (so `/etc/passwd` as a source asks like
 * `cat` would); an option outside the compiler's known-harmless list, a response file (`@args`) or a
 * word known only at run time asks.
 */
function compilerRun(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], facts: CompilerFacts, index: number): void {
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i] as ResolvedWord;
    const option = word.value.startsWith('-') && word.value !== '-';
    if (word.dynamic || word.value.startsWith('@') || (option && !facts.options.test(word.value))) {
      run.concern('dynamic-command', 'ask', `${program} ${word.dynamic ? '(a word known only at run time)' : word.value.slice(0, 40)}: not an option the analyzer knows to be harmless (plugins, tool prefixes, response files and class paths load code)`, index);
      return;
    }
    if (option && facts.valued.includes(word.value)) i++;
    else if (!option) run.effect('read', word.value, program, index);
  }
}

/** A configured endpoint stays unnamed (no network effect) unless the line points the program elsewhere. */
function configuredEndpoint(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], endpoint: ConfiguredEndpoint, index: number): void {
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i] as ResolvedWord;
    if (word.dynamic || (word.value.startsWith('-') && endpoint.overrides.some((option) => optionAt(argv, i, option, false)))) {
      run.effect('network', '', `${program} ${word.dynamic ? '(a word known only at run time)' : word.value.split('=')[0] as string}`, index);
      return;
    }
  }
}

/** Cluster Secrets hold credentials in their values; naming them (any case, `secret/x`, `pods,secrets`) asks. */
function namesClusterSecrets(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], index: number): void {
  if (program !== 'kubectl' && program !== 'helm') return;
  if (argv.slice(1).some((w) => !w.value.startsWith('-') && /secret/i.test(w.value))) {
    run.concern('dynamic-command', 'ask', `${program} names Secrets, whose values are credentials`, index);
  }
}

/** Execute, write and network knowledge of the table for one command (argv[0] is `program`). */
export function programTableEffects(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], index: number): void {
  if (SETS_NAMED_VARIABLES.has(program)) namedVariables(run, program, argv, index);
  const facts = programFacts(program);
  if (!facts || argv.length < 2 && !facts.network) return;
  const sub = facts.execSubcommands || facts.subcommands ? subcommandOf(argv, facts) : '';
  if (sub && facts.execSubcommands?.includes(sub)) execConcern(run, program, sub, index);
  const extra = sub ? facts.subcommands?.[sub] : undefined;
  if (facts.exec || facts.execWhen || facts.runsFile || facts.write || extra) scanOptions(run, program, argv, facts, extra, index);
  if (facts.runsOperands && argv.slice(1).some((w) => !w.value.startsWith('-'))) {
    run.concern('dynamic-command', 'ask', `${program} runs the command given as its arguments, which the analyzer does not judge here`, index);
  }
  if (facts.script) scriptRun(run, program, argv, facts.script, index);
  if (facts.compiler) compilerRun(run, program, argv, facts.compiler, index);
  if (facts.endpoint) configuredEndpoint(run, program, argv, facts.endpoint, index);
  if (facts.network === 'configured') namesClusterSecrets(run, program, argv, index);
  if (facts.network === 'forge') run.effect('network', forgeHost(argv, facts.defaultHost ?? ''), program, index);
  if (facts.network === 'unknown' || facts.network === 'operand') {
    const host = facts.network === 'operand' ? argv.slice(1).filter((w) => !w.value.startsWith('-')).pop() : undefined;
    run.effect('network', host && !host.dynamic ? host.value.toLowerCase() : '', program, index);
  }
}

/** `gh --hostname HOST …`, `gh -R HOST/OWNER/REPO …`; a dynamic value is an unknown host (''). */
function forgeHost(argv: readonly ResolvedWord[], fallback: string): string {
  for (let i = 1; i < argv.length; i++) {
    const named = optionAt(argv, i, '--hostname') ?? optionAt(argv, i, '-R') ?? optionAt(argv, i, '--repo');
    if (!named) continue;
    if (named.dynamic) return '';
    const parts = named.value.replace(/^[a-z]+:\/\//i, '').split('/');
    if ((argv[i] as ResolvedWord).value.startsWith('--hostname')) return named.value.toLowerCase();
    if (parts.length >= 3) return (parts[0] as string).toLowerCase();
  }
  return fallback;
}

/** awk's own output redirections (`print > "file"`, `printf ... >> "file"`) write files. */
export function awkProgramWrites(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], index: number): void {
  if (!/^[gmn]?awk$/.test(program)) return;
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i] as ResolvedWord;
    if (['-f', '-v', '-F'].includes(word.value)) { i++; continue; }
    if (word.value.startsWith('-')) continue;
    for (const m of word.value.matchAll(/\b(?:print|printf)\b[^;}|]*?>>?\s*("([^"]*)"|[A-Za-z_$(][^;}\s]*)/g)) {
      if (m[2] !== undefined) run.effect('write', m[2], `${program} print >`, index);
      else run.concern('dynamic-command', 'ask', `the ${program} program writes to a file named at run time`, index);
    }
    return;
  }
}

/** Files a later program runs or trusts, by name, and the programs that do. */
const TRUSTED_FILES: readonly [RegExp, RegExp][] = [
  [/(^|\/)package\.json$/, /^(npm|pnpm|yarn|bun|npx|pnpx|bunx|node)$/],
  [/(^|\/)(GNUmakefile|[Mm]akefile|[^/]*\.mk)$/, /^(make|gmake|cmake)$/],
  [/(^|\/)(CMakeLists\.txt|[^/]*\.cmake)$/, /^(cmake|ctest)$/],
  [/(^|\/)\.git\/(hooks\/|config$)/, /^git$/],
  [/(^|\/)(conftest\.py|pytest\.ini|setup\.py|setup\.cfg|pyproject\.toml|tox\.ini|sitecustomize\.py|usercustomize\.py|[^/]*\.pth)$/, /^(pytest|pip|pip3|python[0-9.]*|tox|uv|poetry)$/],
  [/(^|\/)(build\.rs|Cargo\.toml|\.cargo\/config(\.toml)?)$/, /^cargo$/],
  [/(^|\/)[^/]*\.config\.[cm]?[jt]s$|(^|\/)\.mocharc|(^|\/)\.eslintrc|(^|\/)\.babelrc/, /^(npx|npm|pnpm|yarn|bunx|jest|vitest|vite|webpack|rollup|eslint|prettier|mocha|tsup|babel|next)$/],
  [/(^|\/)(build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradlew|init\.gradle)$/, /^(gradle|gradlew)$/],
  [/(^|\/)pom\.xml$|(^|\/)\.mvn\//, /^(mvn|mvnw)$/],
  [/(^|\/)\.envrc$/, /^direnv$/],
  [/(^|\/)node_modules\//, /^(npx|npm|pnpm|yarn|node|bunx|pnpx)$/],
  [/(^|\/)(go\.mod|[^/]*\.go)$/, /^go$/],
  [/(^|\/)(Gemfile|Rakefile|[^/]*\.gemspec)$/, /^(bundle|rake|gem|ruby)$/],
  [/(^|\/)\.(bashrc|bash_profile|profile|zshrc|zshenv|bash_login)$/, /^(bash|sh|zsh)$/],
  [/(^|\/)\.npmrc$/, /^(npm|npx|pnpm|yarn)$/],
];

function sameFile(written: string, word: string): boolean {
  const w = written.replace(/^(\.\/)+/, '');
  const a = word.replace(/^(\.\/)+/, '');
  return a !== '' && (w === a || w.endsWith(`/${a}`) || a.endsWith(`/${w}`));
}

const RUNNERS = /^(sh|bash|zsh|dash|ksh|ash|fish|source|\.|node|tsx|ts-node|deno|bun|python[0-9.]*|ruby|perl|php|lua|Rscript|tclsh|expect|make|awk|gawk|env|xargs|timeout|nohup|nice|exec)$/;

function laterRuns(written: string, command: SimpleCommand): boolean {
  if (command.argv[0] !== undefined && sameFile(written, command.argv[0])) return true;
  if (RUNNERS.test(command.program) && command.argv.slice(1).some((word) => sameFile(written, word))) return true;
  return TRUSTED_FILES.some(([file, runner]) => file.test(written) && runner.test(command.program));
}

/** A write followed, in the same line, by a command that runs or trusts the written file: ask. */
export function writeThenRun(run: AnalysisRun): void {
  for (const write of run.effects) {
    if (write.kind !== 'write' || write.target === '') continue;
    for (let i = Math.max(write.commandIndex + 1, 0); i < run.commands.length; i++) {
      const command = run.commands[i] as SimpleCommand;
      if (!laterRuns(write.target, command)) continue;
      run.concern('dynamic-command', 'ask', `the line writes ${write.target} and then ${command.program || 'a command'} runs or trusts it, so what runs is not what was checked`, i);
      return;
    }
  }
}

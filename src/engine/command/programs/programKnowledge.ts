/**
 * Applies the program table (`programTable.ts`) to one command, and judges a line that writes a file
 * which a later command in the same line runs or trusts (write-then-run).
 */
import type { SimpleCommand } from '../analysis';
import type { AnalysisRun } from '../run';
import type { ResolvedWord } from '../words';
import { programFacts } from './programTable';

/**
 * Programs whose executing options are judged by dedicated code that re-parses the inner command
 * (embedded.ts, commands.ts, network.ts) or by template rules; for them the table documents only.
 */
const JUDGED_ELSEWHERE = new Set(['find', 'node', 'python', 'python3', 'ruby', 'perl', 'php', 'lua', 'env', 'su', 'sed', 'awk', 'gawk', 'mawk', 'nawk',
  'tar', 'gtar', 'bsdtar', 'rsync', 'ssh', 'scp', 'sftp', 'npx', 'zip', 'git', 'vim', 'vi', 'nvim', 'ex', 'script', 'trap', 'nc', 'ncat',
  'docker', 'podman', 'pip', 'pip3', 'npm']);
const NOT_A_FILE = /^(-|\/dev\/(null|stdout|stderr|fd\/[12]))$/;

/** The value of `option` in `word` (or the next word), or null when the word is not that option. */
function optionValue(argv: readonly ResolvedWord[], i: number, option: string): ResolvedWord | null | undefined {
  const word = (argv[i] as ResolvedWord).value;
  if (word === option) return argv[i + 1];
  const longish = option.startsWith('--') || option.length > 2;
  if (longish && (word.startsWith(`${option}=`) || (!option.startsWith('--') && word.startsWith(`${option}:`)))) {
    return { ...(argv[i] as ResolvedWord), value: word.slice(option.length + 1) };
  }
  if (!longish && word.startsWith(option) && !word.startsWith('--') && word.length > 2) return { ...(argv[i] as ResolvedWord), value: word.slice(2) };
  return null;
}

function firstOperand(argv: readonly ResolvedWord[]): string {
  return argv.slice(1).find((w) => !w.value.startsWith('-'))?.value ?? '';
}

export function programTableEffects(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], index: number): void {
  const facts = programFacts(program);
  if (!facts) return;
  const sub = !JUDGED_ELSEWHERE.has(program) && facts.execSubcommands ? firstOperand(argv) : '';
  if (sub && facts.execSubcommands?.includes(sub)) {
    run.concern('dynamic-command', 'ask', `${program} ${sub} runs other programs or changes what runs (${facts.source})`, index);
  }
  for (let i = 1; i < argv.length; i++) {
    if ((argv[i] as ResolvedWord).value === '--') break;
    for (const option of JUDGED_ELSEWHERE.has(program) ? [] : facts.execOptions ?? []) {
      if (optionValue(argv, i, option) !== null) run.concern('dynamic-command', 'ask', `${program} runs other programs through ${option} (${facts.source})`, index);
    }
    for (const option of facts.writeOptions ?? []) {
      const target = optionValue(argv, i, option);
      if (target && !target.dynamic && !NOT_A_FILE.test(target.value)) run.effect('write', target.value, `${program} ${option}`, index);
    }
  }
}

/** Files a later program runs or trusts, by name, and the programs that do. */
const TRUSTED_FILES: readonly [RegExp, RegExp][] = [
  [/(^|\/)package\.json$/, /^(npm|pnpm|yarn|bun|npx|pnpx|bunx|node)$/],
  [/(^|\/)(GNUmakefile|[Mm]akefile|.*\.mk)$/, /^(make|gmake|cmake)$/],
  [/(^|\/)\.git\/(hooks\/|config$)/, /^git$/],
  [/(^|\/)(conftest\.py|pytest\.ini|setup\.py|setup\.cfg|pyproject\.toml|tox\.ini)$/, /^(pytest|pip|pip3|python|python3|tox|uv|poetry)$/],
  [/(^|\/)(build\.rs|Cargo\.toml|\.cargo\/config(\.toml)?)$/, /^cargo$/],
  [/(^|\/)(jest|vitest|vite|webpack|rollup|eslint|prettier|babel|tsup|mocha)\.config\.[cm]?[jt]s$|(^|\/)\.mocharc/, /^(npx|npm|pnpm|yarn|jest|vitest|vite|webpack|rollup|eslint|prettier|mocha|tsup)$/],
  [/(^|\/)(build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradlew)$/, /^(gradle|gradlew)$/],
  [/(^|\/)pom\.xml$/, /^mvn$/],
  [/(^|\/)\.envrc$/, /^direnv$/],
  [/(^|\/)node_modules\/\.bin\//, /^(npx|npm|pnpm|yarn)$/],
  [/(^|\/)(go\.mod|.*\.go)$/, /^go$/],
  [/(^|\/)(Gemfile|Rakefile|.*\.gemspec)$/, /^(bundle|rake|gem)$/],
  [/(^|\/)\.(bashrc|bash_profile|profile|zshrc|zshenv)$/, /^(bash|sh|zsh)$/],
];

function sameFile(written: string, word: string): boolean {
  const w = written.replace(/^(\.\/)+/, '');
  const a = word.replace(/^(\.\/)+/, '');
  return a !== '' && (w === a || w.endsWith(`/${a}`));
}

const RUNNERS = /^(sh|bash|zsh|dash|ksh|ash|fish|source|\.|node|deno|bun|python[0-9.]*|ruby|perl|php|lua|Rscript|tclsh|expect|make|awk|gawk|env|xargs|timeout|nohup|nice|exec)$/;

function laterRuns(written: string, command: SimpleCommand): boolean {
  if (command.argv[0] !== undefined && sameFile(written, command.argv[0])) return true;
  if (RUNNERS.test(command.program) && command.argv.slice(1).some((word) => sameFile(written, word))) return true;
  return TRUSTED_FILES.some(([file, runner]) => file.test(written) && runner.test(command.program));
}

/** A write followed, in the same line, by a command that runs or trusts the written file: ask. */
export function writeThenRun(run: AnalysisRun): void {
  const writes = run.effects.filter((e) => e.kind === 'write' && e.target !== '');
  if (writes.length === 0) return;
  for (const write of writes) {
    for (let i = Math.max(write.commandIndex + 1, 0); i < run.commands.length; i++) {
      const command = run.commands[i] as SimpleCommand;
      if (!laterRuns(write.target, command)) continue;
      run.concern('dynamic-command', 'ask', `the line writes ${write.target} and then ${command.program || 'a command'} runs or trusts it, so what it runs is not what was checked`, i);
      return;
    }
  }
}

/** awk's own output redirections (`print > "file"`, `printf ... >> "file"`) write files. */
export function awkProgramWrites(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], index: number): void {
  if (!/^[gmn]?awk$/.test(program)) return;
  for (const word of argv.slice(1)) {
    if (word.value.startsWith('-')) continue;
    for (const m of word.value.matchAll(/\b(?:print|printf)\b[^;}|]*?>>?\s*("([^"]*)"|[A-Za-z_$][\w$]*)/g)) {
      if (m[2] !== undefined) run.effect('write', m[2], `${program} print >`, index);
      else run.concern('dynamic-command', 'ask', `the ${program} program writes to a file named at run time`, index);
    }
    break;
  }
}

/**
 * git: global options (`-C dir`, `-c key=value`), aliases visible on the line, config keys that make git
 * run other programs, and the file and network effects of the subcommands.
 */
import { operands, optionValues, spec } from './argv';
import { hostOf } from './network';
import type { AnalysisRun, Frame } from './run';
import type { ResolvedWord } from './words';

const GLOBAL_VALUES = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env', '--super-prefix']);

/** Config keys whose value is a program or shell snippet git will run. */
const PROGRAM_KEYS = /^(core\.(sshcommand|pager|editor|fsmonitor|askpass|hookspath|gitproxy)|sequence\.editor|diff\.external|diff\..+\.(textconv|command)|merge\..+\.driver|filter\..+\.(clean|smudge|process)|credential(\..+)?\.helper|gpg(\..+)?\.program|pager\..+|alias\..+|uploadpack\.packobjectshook|remote\..+\.(uploadpack|receivepack|proxy)|http\.proxy|include\.path|includeif\..+|url\..+\.insteadof|protocol\.allow|protocol\..+\.allow|core\.sshcommand|difftool\..+\.cmd|mergetool\..+\.cmd|instaweb\..+|web\.browser|browser\..+\.cmd|man\..+\.cmd|sendemail\..+)$/i;

export interface GitInvocation {
  /** `git -C dir`: where relative paths of the subcommand are resolved. */
  directory: string;
  subcommand: string;
  /** Arguments after the subcommand. */
  args: ResolvedWord[];
}

function splitGlobal(argv: readonly ResolvedWord[]): { configs: string[]; directory: string; rest: ResolvedWord[] } {
  const configs: string[] = [];
  let directory = '';
  let i = 1;
  while (i < argv.length) {
    const word = argv[i] as ResolvedWord;
    if (!word.value.startsWith('-') || word.dynamic) break;
    const value = argv[i + 1]?.value ?? '';
    if (word.value === '-c') configs.push(value);
    if (word.value.startsWith('--config-env')) configs.push(word.value.split('=').slice(1).join('=') || value);
    if (word.value === '-C') directory = directory ? `${directory}/${value}` : value;
    i += GLOBAL_VALUES.has(word.value) ? 2 : 1;
  }
  return { configs, directory, rest: argv.slice(i) };
}

function inDirectory(directory: string, target: string): string {
  if (!directory || target.startsWith('/')) return target;
  return target === '.' ? directory : `${directory}/${target}`;
}

/** Judges `-c key=value` and `git config key value`: program-running keys are re-parsed and flagged. */
function checkConfig(run: AnalysisRun, frame: Frame, key: string, value: string, index: number): void {
  if (!PROGRAM_KEYS.test(key)) return;
  run.concern('env-hijack', 'ask', `git config ${key} makes git run another program or load other config`, index);
  // Aliases are git subcommands unless they start with `!`; helpers take `!shell code` or a program.
  const isAlias = key.toLowerCase().startsWith('alias.');
  const code = value.startsWith('!') ? value.slice(1) : isAlias ? '' : value;
  if (code && !/^(include|url|protocol|http|remote)|hookspath$/i.test(key)) {
    run.reparse(code, { ...frame, context: 'git-alias-or-config', wrappers: [...frame.wrappers, 'git'], reparseDepth: frame.reparseDepth + 1 });
  }
}

function gitEffects(run: AnalysisRun, git: GitInvocation, index: number): void {
  const { directory, subcommand, args } = git;
  const at = (target: string) => inDirectory(directory, target);
  const ops = operands(args, 0, spec('-m -b -B -o -u --branch --origin --depth --reference --template -c --config --upload-pack -e --exclude --separate-git-dir'));
  const opValues = ops.map((w) => w.value);
  switch (subcommand) {
    case 'push': case 'fetch': case 'pull': case 'ls-remote': case 'send-pack': case 'fetch-pack':
      run.effect('network', hostOf(opValues[0] ?? ''), `git ${subcommand}`, index);
      if (subcommand === 'pull') run.effect('write', at('.'), 'git pull', index);
      return;
    case 'clone': {
      run.effect('network', hostOf(opValues[0] ?? ''), 'git clone', index);
      const source = opValues[0] ?? '';
      const derived = source.replace(/\/+$/, '').split(/[/:]/).pop()?.replace(/\.git$/, '') ?? '.';
      run.effect('write', at(opValues[1] ?? derived), 'git clone', index);
      return;
    }
    case 'remote':
      if (['add', 'set-url'].includes(opValues[0] ?? '')) run.effect('network', hostOf(opValues[opValues.length - 1] ?? ''), `git remote ${opValues[0]}`, index);
      if (['update', 'prune', 'show'].includes(opValues[0] ?? '')) run.effect('network', '', `git remote ${opValues[0]}`, index);
      return;
    case 'submodule':
      if (['update', 'add', 'sync', 'foreach'].includes(opValues[0] ?? '')) run.effect('network', hostOf(opValues[1] ?? ''), 'git submodule', index);
      return;
    case 'archive':
      if (optionValues(args, ['--remote']).length) run.effect('network', hostOf(optionValues(args, ['--remote'])[0]?.value ?? ''), 'git archive', index);
      for (const out of optionValues(args, ['-o', '--output'])) run.effect('write', at(out.value), 'git archive', index);
      return;
    case 'clean':
      run.effect('delete', at(opValues[0] ?? '.'), 'git clean', index);
      return;
    case 'rm':
      ops.forEach((w) => run.effect('delete', at(w.value), 'git rm', index));
      return;
    case 'mv':
      ops.forEach((w, i) => run.effect(i === ops.length - 1 ? 'write' : 'delete', at(w.value), 'git mv', index));
      return;
    case 'checkout': case 'restore': case 'switch': case 'reset': case 'apply': case 'am': case 'stash':
    case 'merge': case 'rebase': case 'cherry-pick': case 'revert': case 'worktree': {
      const dashDash = args.findIndex((w) => w.value === '--');
      const paths = dashDash >= 0 ? args.slice(dashDash + 1).map((w) => w.value) : [];
      const targets = paths.length ? paths : ['.'];
      // Read-only forms: `git stash list/show`, `git worktree list`, `git reset` without --hard is index-only.
      if ((subcommand === 'stash' || subcommand === 'worktree') && ['list', 'show'].includes(opValues[0] ?? '')) return;
      if (subcommand === 'reset' && !args.some((w) => w.value === '--hard' || w.value === '--merge' || w.value === '--keep')) return;
      targets.forEach((t) => run.effect('write', at(t), `git ${subcommand}`, index));
      return;
    }
    default:
  }
}

/** Subcommands that run shell code given on the command line (`git rebase --exec`, `submodule foreach` ...). */
function subcommandCode(subcommand: string, args: readonly ResolvedWord[]): ResolvedWord[] {
  switch (subcommand) {
    case 'rebase': return optionValues(args, ['--exec', '-x']);
    case 'submodule': {
      const at = args.findIndex((w) => w.value === 'foreach');
      const rest = at >= 0 ? args.slice(at + 1).filter((w) => w.value !== '--recursive' && w.value !== '--quiet' && w.value !== '-q') : [];
      return rest.length ? [{ ...(rest[0] as ResolvedWord), value: rest.map((w) => w.value).join(' '), dynamic: rest.some((w) => w.dynamic) }] : [];
    }
    case 'bisect': {
      const rest = args[0]?.value === 'run' ? args.slice(1) : [];
      return rest.length ? [{ ...(rest[0] as ResolvedWord), value: rest.map((w) => w.value).join(' '), dynamic: rest.some((w) => w.dynamic) }] : [];
    }
    case 'filter-branch':
      return optionValues(args, ['--tree-filter', '--index-filter', '--msg-filter', '--commit-filter', '--env-filter', '--parent-filter', '--tag-name-filter']);
    case 'difftool': case 'mergetool': return optionValues(args, ['-x', '--extcmd', '--tool-cmd']);
    case 'archive': case 'fetch-pack': case 'send-pack': return optionValues(args, ['--exec']);
    default: return [];
  }
}

/**
 * Analyses one git invocation (argv[0] is git). Returns the subcommand actually run, after expanding an
 * alias defined with `-c alias.NAME=...` on the same line.
 */
export function analyzeGit(run: AnalysisRun, frame: Frame, argv: readonly ResolvedWord[], index: number): GitInvocation {
  const { configs, directory, rest } = splitGlobal(argv);
  const aliases = new Map<string, string>();
  for (const config of configs) {
    const eq = config.indexOf('=');
    const key = eq >= 0 ? config.slice(0, eq) : config;
    const value = eq >= 0 ? config.slice(eq + 1) : '';
    if (/^alias\./i.test(key)) aliases.set(key.slice(6).toLowerCase(), value);
    checkConfig(run, frame, key, value, index);
  }
  let subcommand = rest[0]?.value ?? '';
  let args = rest.slice(1);
  const alias = aliases.get(subcommand.toLowerCase());
  if (alias !== undefined && !alias.startsWith('!')) {
    const expanded = alias.trim().split(/\s+/).map((value) => ({ value, dynamic: false, glob: false, brace: false, ansiC: false, ifs: false }));
    subcommand = expanded[0]?.value ?? '';
    args = [...expanded.slice(1), ...args];
  }
  if (rest[0]?.dynamic) run.concern('dynamic-command', 'ask', 'the git subcommand comes from an expansion', index);
  if (subcommand === 'config') {
    const ops = operands(args, 0, spec('-f --file --type --default --comment'));
    const keyed = ops.filter((w) => !w.value.startsWith('-'));
    if (keyed.length >= 2) checkConfig(run, frame, keyed[0]?.value ?? '', keyed[1]?.value ?? '', index);
  }
  for (const config of subcommand === 'clone' ? optionValues(args, ['-c', '--config']) : []) {
    const eq = config.value.indexOf('=');
    checkConfig(run, frame, eq >= 0 ? config.value.slice(0, eq) : config.value, eq >= 0 ? config.value.slice(eq + 1) : '', index);
  }
  const codeFrame: Frame = { ...frame, context: 'git-alias-or-config', wrappers: [...frame.wrappers, 'git'], reparseDepth: frame.reparseDepth + 1 };
  for (const code of subcommandCode(subcommand, args)) {
    if (code.dynamic) run.concern('dynamic-command', 'ask', `git ${subcommand} runs a command that is only known at run time`, index);
    else run.inChildShell(() => run.reparse(code.value, codeFrame));
  }
  const git = { directory, subcommand, args };
  gitEffects(run, git, index);
  return git;
}

/**
 * Wrappers that run another command given as their arguments (`sudo`, `env`, `timeout`, `xargs`, `npx` ...):
 * how many words each one consumes before the wrapped command starts.
 */
import { isOption, skipOptions, spec, type OptionSpec } from './argv';
import type { ResolvedWord } from './words';

interface WrapperSpec extends OptionSpec {
  /** Fixed operands before the command (the duration of `timeout`, the lock file of `flock`). */
  operands?: number;
  privileged?: boolean;
  /** The last fixed operand is a file the wrapper creates when missing (`flock`'s lock file). */
  createsOperand?: boolean;
}

function wrapper(withValue: string, operands = 0, privileged = false): WrapperSpec {
  return { ...spec(withValue), operands, privileged };
}

export const WRAPPERS: Record<string, WrapperSpec> = {
  sudo: wrapper('-u -g -C -D -h -p -r -t -U -T -R --user --group --chdir --host --prompt --role --type --other-user --close-from --command-timeout --chroot', 0, true),
  doas: wrapper('-u -C', 0, true),
  pkexec: wrapper('--user', 0, true),
  run0: wrapper('-u --user -D --chdir', 0, true),
  nice: wrapper('-n --adjustment'),
  ionice: wrapper('-c -n -t --class --classdata'),
  nohup: wrapper(''),
  setsid: wrapper(''),
  timeout: wrapper('-s -k --signal --kill-after', 1),
  time: wrapper('-f -o --format --output'),
  stdbuf: wrapper('-i -o -e --input --output --error'),
  unbuffer: wrapper(''),
  command: wrapper(''),
  builtin: wrapper(''),
  exec: wrapper('-a'),
  coproc: wrapper(''),
  chronic: wrapper(''),
  // flock(1) opens its lock file with O_CREAT.
  flock: { ...wrapper('-w -E --timeout --conflict-exit-code', 1), createsOperand: true },
  taskset: wrapper('', 1),
  chrt: wrapper('', 1),
  caffeinate: wrapper('-t -w'),
  torsocks: wrapper(''),
  proxychains: wrapper('-f'),
  proxychains4: wrapper('-f'),
  catchsegv: wrapper(''),
  'dotenv': wrapper('-e -v -c'),
};

/** Privilege elevation that takes a command only through a shell string (`su -c '...'`). */
export const SU_LIKE = new Set(['su', 'runuser']);

export const XARGS = wrapper('-a -d -E -I -L -n -P -s --arg-file --delimiter --eof --replace --max-lines --max-args --max-procs --max-chars --process-slot-var');
const XARGS_OPTIONAL_VALUE = /^-(i|e|l)/;

/** Index of the first word of xargs' command (or words.length when it runs the default `echo`). */
export function xargsCommandStart(words: readonly ResolvedWord[], from: number): number {
  let i = from;
  while (i < words.length && isOption(words[i])) {
    const value = (words[i] as ResolvedWord).value;
    if (value === '--') return i + 1;
    i += XARGS.withValue.has(value) && !XARGS_OPTIONAL_VALUE.test(value) ? 2 : 1;
  }
  return i;
}

/** Index of the wrapped command's first word, or -1 when the wrapper has no command (`sudo -v`, `time`). */
export function wrappedCommandStart(name: string, words: readonly ResolvedWord[], from: number): number {
  const wrapperSpec = WRAPPERS[name];
  if (!wrapperSpec) return -1;
  // `command -v x` / `command -V x` only look a name up; nothing runs.
  if (name === 'command' && words.slice(from).some((w) => /^-[a-zA-Z]*[vV]/.test(w.value))) return -1;
  let i = skipOptions(words, from, wrapperSpec);
  // `nice -10 cmd`, `timeout 5 cmd`: numeric pseudo-options and fixed operands.
  i += wrapperSpec.operands ?? 0;
  return i < words.length ? i : -1;
}

export function isPrivileged(name: string): boolean {
  return WRAPPERS[name]?.privileged === true || SU_LIKE.has(name);
}

/**
 * `uv run CMD`, `poetry run CMD`, `bundle exec CMD`: CMD runs in the project's own environment (what
 * `uv sync`/`poetry install`/`bundle install` set up from the lockfile), so CMD is judged as the command.
 * Only with nothing between the sub-command and CMD: `--with PKG`, `--python PATH`, `--index-url`,
 * `--gemfile` change what is installed or run, and are left to the rules (no rule: ask).
 */
const PROJECT_RUNNERS: Readonly<Record<string, string>> = { uv: 'run', poetry: 'run', bundle: 'exec', bundler: 'exec' };

function projectCommandStart(words: readonly ResolvedWord[], at: number): number {
  const first = words[at];
  return first && !first.dynamic && !first.value.startsWith('-') ? at : -1;
}

/**
 * `uv run FILE.py` runs FILE.py with the project's Python, exactly like `uv run python FILE.py`, after
 * installing what the script's own inline metadata (PEP 723) names, as `uv run pytest` installs what
 * pyproject.toml names (https://docs.astral.sh/uv/guides/scripts/ ; https://docs.astral.sh/uv/reference/cli/#uv-run:
 * "a file ending in .py ... will be treated as a script"). Only a literal relative or absolute file name:
 * a URL is code from the network, a glob or a run-time word is not one known file.
 */
export function isUvScript(wrappers: readonly string[], head: ResolvedWord | undefined): boolean {
  if (wrappers[wrappers.length - 1] !== 'uv' || !head || head.dynamic || head.glob) return false;
  return /\.py$/.test(head.value) && !head.value.startsWith('-') && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(head.value);
}

/** `npx pkg`, `npm exec pkg`, `pnpm dlx pkg`, `yarn dlx pkg`, `bunx pkg`, `uvx pkg`, `pipx run pkg`, and the project runners above. */
export function packageRunnerStart(program: string, words: readonly ResolvedWord[], from: number): number {
  const sub = words[from]?.value ?? '';
  const runnerSpec = spec('-p --package -c --call --cache --registry --prefix -w --workspace --from --python --with');
  let next: number;
  if (program === 'npx' || program === 'bunx' || program === 'uvx') next = from;
  else if (program === 'npm' && (sub === 'exec' || sub === 'x')) next = from + 1;
  else if (program === 'pnpm' && (sub === 'dlx' || sub === 'exec')) next = from + 1;
  else if (program === 'yarn' && (sub === 'dlx' || sub === 'exec')) next = from + 1;
  else if (program === 'bun' && sub === 'x') next = from + 1;
  else if (program === 'pipx' && sub === 'run') next = from + 1;
  else if (PROJECT_RUNNERS[program] === sub) return projectCommandStart(words, from + 1);
  else return -1;
  const start = skipOptions(words, next, runnerSpec);
  return start < words.length ? start : -1;
}

/** Downloads the package when it is not installed; dlx-style runners always do. */
export function packageRunnerFetches(program: string, words: readonly ResolvedWord[], from: number): boolean {
  const sub = words[from]?.value ?? '';
  if (program === 'bunx' || program === 'uvx' || sub === 'dlx' || (program === 'pipx' && sub === 'run')) return true;
  return words.slice(from).some((w) => ['-y', '--yes', '-p', '--package'].includes(w.value) || w.value.startsWith('--package='));
}

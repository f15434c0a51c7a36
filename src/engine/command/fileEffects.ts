/**
 * File-system effects of common tools: which operands are read, written or deleted. Paths are reported
 * as written (the path engine normalises them); a dynamic operand is reported as its source text.
 */
import { hasFlag, operands, optionValues, spec, type OptionSpec } from './argv';
import type { AnalysisRun } from './run';
import type { ResolvedWord } from './words';

type Emit = (kind: 'read' | 'write' | 'delete', word: ResolvedWord | string) => void;
type ToolEffects = (args: readonly ResolvedWord[], emit: Emit) => void;

const NO_VALUES = spec('');

function all(kind: 'read' | 'write' | 'delete', options: OptionSpec = NO_VALUES, skipFirst = 0): ToolEffects {
  return (args, emit) => operands(args, 0, options).slice(skipFirst).forEach((word) => emit(kind, word));
}

/** `cp a b dir` reads the sources and writes the last operand (or the -t directory). */
function copyLike(sourceKind: 'read' | 'delete', options: OptionSpec): ToolEffects {
  return (args, emit) => {
    const targetDir = optionValues(args, ['-t', '--target-directory']);
    const ops = operands(args, 0, options);
    const sources = targetDir.length ? ops : ops.slice(0, -1);
    sources.forEach((word) => emit(sourceKind, word));
    const target = targetDir[0] ?? (ops.length > 1 ? ops[ops.length - 1] : undefined);
    if (target) emit('write', target);
  };
}

/** sed/perl: with -i the file operands are rewritten in place, otherwise only read. */
function inPlaceEditor(options: OptionSpec, scriptFlags: string[]): ToolEffects {
  return (args, emit) => {
    const inPlace = args.some((w) => !w.dynamic && /^-[a-zA-Z]*i/.test(w.value) && !w.value.startsWith('--')) ||
      args.some((w) => w.value.startsWith('--in-place'));
    const ops = operands(args, 0, options);
    const scriptGiven = optionValues(args, scriptFlags).length > 0;
    ops.slice(scriptGiven ? 0 : 1).forEach((word) => emit(inPlace ? 'write' : 'read', word));
  };
}

function tar(args: readonly ResolvedWord[], emit: Emit): void {
  const first = args[0]?.value ?? '';
  const bundled = /^[a-zA-Z]+$/.test(first) ? first : '';
  const has = (letter: string, long: string) => bundled.includes(letter) || hasFlag(args, letter, long);
  const extracting = has('x', '--extract') || hasFlag(args, 'x', '--get');
  const creating = has('c', '--create') || has('r', '--append') || has('u', '--update');
  const cluster = args.findIndex((w) => /^-[a-zA-Z]*f$/.test(w.value));
  const archive = (cluster >= 0 ? args[cluster + 1] : undefined) ?? optionValues(args, ['--file'])[0] ??
    (bundled.includes('f') ? operands(args, 1, NO_VALUES)[0] : undefined);
  if (archive) emit(creating ? 'write' : 'read', archive);
  if (extracting) {
    const dirs = optionValues(args, ['-C', '--directory']);
    if (dirs.length) dirs.forEach((dir) => emit('write', dir));
    else emit('write', '.');
  }
  if (creating) {
    operands(args, bundled ? 1 : 0, spec('-f --file -C --directory -T --files-from -X --exclude-from'))
      .filter((word) => word !== archive).forEach((word) => emit('read', word));
  }
}

function dd(args: readonly ResolvedWord[], emit: Emit): void {
  for (const word of args) {
    if (word.value.startsWith('if=')) emit('read', { ...word, value: word.value.slice(3) });
    if (word.value.startsWith('of=')) emit('write', { ...word, value: word.value.slice(3) });
  }
}

/** zip writes the archive (its first operand) and reads the files it adds. */
function zip(args: readonly ResolvedWord[], emit: Emit): void {
  const ops = operands(args, 0, spec('-b -n -t -tt -P -O -Z -s -x -i --output-file --temp-path --suffixes --password'));
  ops.forEach((word, i) => emit(i === 0 ? 'write' : 'read', word));
}

function unzip(args: readonly ResolvedWord[], emit: Emit): void {
  const ops = operands(args, 0, spec('-d -x'));
  if (ops[0]) emit('read', ops[0]);
  const dir = optionValues(args, ['-d'])[0];
  emit('write', dir ?? '.');
}

/** Options of text tools whose first operand is a pattern or script, not a file. */
const PATTERN_FIRST = spec('-e -f -m -A -B -C --regexp --file --max-count -g --glob -t --type --include --exclude');

function grepLike(args: readonly ResolvedWord[], emit: Emit): void {
  const patternGiven = optionValues(args, ['-e', '--regexp', '-f', '--file']).length > 0;
  operands(args, 0, PATTERN_FIRST).slice(patternGiven ? 0 : 1).forEach((word) => emit('read', word));
}

/** find reads its start paths; `-delete` deletes what it matches under them; `-fprint FILE` writes. */
function find(args: readonly ResolvedWord[], emit: Emit): void {
  const firstExpression = args.findIndex((w) => /^[-(!)]/.test(w.value));
  const starts = firstExpression < 0 ? args : args.slice(0, firstExpression);
  const roots = starts.length ? starts : ['.'];
  const deletes = args.some((w) => w.value === '-delete');
  roots.forEach((root) => emit(deletes ? 'delete' : 'read', root));
  args.forEach((w, i) => {
    const file = args[i + 1];
    if (file && ['-fprint', '-fprint0', '-fprintf', '-fls'].includes(w.value)) emit('write', file);
  });
}

const READERS = ['cat', 'head', 'tail', 'less', 'more', 'wc', 'sort', 'uniq', 'diff', 'cmp', 'file', 'stat', 'nl',
  'od', 'hexdump', 'xxd', 'strings', 'base64', 'md5sum', 'sha1sum', 'sha256sum', 'tac', 'bat', 'cut', 'paste'];

const TOOLS: Record<string, ToolEffects> = {
  rm: all('delete'), rmdir: all('delete'), unlink: all('delete'), shred: all('delete', spec('-n -s --iterations --size')),
  mv: copyLike('delete', spec('-t -S --suffix --target-directory')),
  cp: copyLike('read', spec('-t -S --suffix --target-directory')),
  install: copyLike('read', spec('-t -m -o -g -S --mode --owner --group --target-directory')),
  ln: copyLike('read', spec('-t -S --suffix --target-directory')),
  chmod: all('write', NO_VALUES, 1), chown: all('write', NO_VALUES, 1), chgrp: all('write', NO_VALUES, 1),
  truncate: all('write', spec('-s -r --size --reference')), touch: all('write', spec('-d -t -r --date --reference')),
  mkdir: all('write', spec('-m --mode')), mkfifo: all('write', spec('-m --mode')), tee: all('write'),
  dd, tar, zip, unzip, find,
  sed: inPlaceEditor(spec('-e -f -l --expression --file'), ['-e', '--expression', '-f', '--file']),
  perl: inPlaceEditor(spec('-e -E -M -I -l -0'), ['-e', '-E']),
  grep: grepLike, egrep: grepLike, fgrep: grepLike, rg: grepLike, jq: grepLike,
  awk: all('read', spec('-f -v -F'), 1),
  source: all('read', NO_VALUES, 0), '.': all('read', NO_VALUES, 0),
  patch: (args, emit) => operands(args, 0, spec('-p -i -o -d -r')).forEach((word) => emit('write', word)),
};
for (const reader of READERS) TOOLS[reader] = all('read', spec('-n -c -s -w -t -o -k --lines --bytes'));

/**
 * GNU sed scripts can run commands (`e`, `s///e`) and write files (`w FILE`, `s///w FILE`), which
 * makes `sed -n '1e rm -rf /' x` far more than a text filter.
 */
export function sedScriptEffects(run: AnalysisRun, argv: readonly ResolvedWord[], index: number): void {
  const scripts = optionValues(argv, ['-e', '--expression']);
  if (scripts.length === 0) {
    const first = operands(argv, 1, spec('-e -f -l --expression --file'))[0];
    if (first) scripts.push(first);
  }
  for (const script of scripts.map((w) => w.value)) {
    if (script.length > 2048) {
      run.concern('unknown-construct', 'ask', 'the sed script is too long to check for commands it runs', index);
      continue;
    }
    const substituteExec = /s(.)(?:\\.|(?!\1)[^\\])*\1(?:\\.|(?!\1)[^\\])*\1[a-zA-Z0-9]*e/.test(script);
    if (substituteExec || /(^|[;\n{}])\s*[0-9,$]*\s*e(\s|;|$)/.test(script)) {
      run.concern('dynamic-command', 'ask', 'the sed script runs shell commands (the e command or s///e)', index);
    }
    // `w FILE` after any address (`1w`, `$w`, `1,5w`, `/re/w`) or as the s/// flag.
    for (const m of script.matchAll(/(?:^|[;\n{}]|\/[gpiImM0-9]*)\s*[0-9$,~+!]*\s*[wW]\s*([^;\n}\s][^;\n}]*)/g)) {
      run.effect('write', (m[1] as string).trim(), 'sed w', index);
    }
  }
}

/** Devices whose use is routine (`2>/dev/null`) and never a path-policy question. */
const HARMLESS_DEVICES = /^\/dev\/(null|stdout|stderr|stdin|tty|fd\/\d+)$/;

export function fileEffects(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], index: number): void {
  const tool = TOOLS[program];
  if (!tool) return;
  tool(argv.slice(1), (kind, word) => {
    const target = typeof word === 'string' ? word : word.value;
    if (!HARMLESS_DEVICES.test(target)) run.effect(kind, target, program, index);
  });
}

export function redirectEffect(run: AnalysisRun, operator: string, target: string, index: number): void {
  if (HARMLESS_DEVICES.test(target)) return;
  // `>&2`, `2>&1`, `<&-` duplicate descriptors; they do not name files.
  if ((operator === '>&' || operator === '<&') && /^(\d+|-)$/.test(target)) return;
  const kind = operator === '<' || operator === '<&' ? 'read' : 'write';
  run.effect(kind, target, `redirect ${operator}`, index);
}

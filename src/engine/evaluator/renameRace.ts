/**
 * Rename races (issue 11 §3): every word of a line is judged against the file system as it is before
 * the line runs, but `mv dir other` (or `ln -sfn /etc x`, `cp -r`, `git mv`, `rename`) changes what a
 * later word resolves to: `mv dir other && echo x > other/link/file` writes through dir/link wherever
 * it points. Rather than simulate the file system, a line that relocates or links something and then
 * reads, writes, deletes or runs under one of those names, or enters one (`cd`/`pushd`), asks.
 */
import type { CommandAnalysis, SimpleCommand } from '../command/analysis';
import { isInside, normalisePath, type PathEnvironment } from '../path/normalize';
import { addFinding, type Judgement } from './judgement';

const RELOCATING = new Set(['mv', 'rename', 'ln', 'link', 'install', 'rsync']);
const RECURSIVE_COPY = /^-(-recursive|-archive|[A-Za-z]*[rRa][A-Za-z]*)$/;

function relocates(command: SimpleCommand): boolean {
  if (RELOCATING.has(command.program)) return true;
  if (command.program === 'git') return command.argv.includes('mv');
  return command.program === 'cp' && command.argv.some((w) => RECURSIVE_COPY.test(w));
}

/** The names a relocating command may have changed: every operand and option value, normalised. */
function touchedNames(command: SimpleCommand, cwd: string, env: PathEnvironment): string[] | undefined {
  const names: string[] = [];
  for (const word of command.argv.slice(1)) {
    const operand = word.startsWith('--') && word.includes('=') ? word.slice(word.indexOf('=') + 1) : word.startsWith('-') ? '' : word;
    if (operand === '' || (command.program === 'git' && operand === 'mv')) continue;
    const resolved = normalisePath(operand, cwd, env);
    if (!resolved.ok || resolved.hasGlob) return undefined;
    names.push(resolved.path);
  }
  return names;
}

export function checkRenameRaces(into: Judgement, analysis: CommandAnalysis, cwd: string, env: PathEnvironment): void {
  const commands = analysis.commands;
  const first = commands.findIndex(relocates);
  if (first < 0) return;
  const moved: string[] = [];
  let unknown = false;
  for (const command of commands.slice(first)) {
    if (!relocates(command)) continue;
    const names = command.dynamic ? undefined : touchedNames(command, cwd, env);
    if (names) moved.push(...names);
    else unknown = true;
  }
  const under = (path: string) => {
    const resolved = normalisePath(path, cwd, env);
    return unknown || !resolved.ok || moved.some((name) => isInside(resolved.path, name));
  };
  // A redirect may be reported on the command before it (`mv a b && echo x > b/f`), so effects are
  // taken from the first relocating command on, leaving out only that command's own operands.
  const ownOperand = (index: number, via: string) => relocates(commands[index] as SimpleCommand) && via === (commands[index] as SimpleCommand).program;
  // Reads count too: a moved or copied symlink (`mv dir other && cat other/link/f`) reads wherever it points.
  const touched = (read: boolean) => analysis.effects.some((e) => (e.commandIndex < 0 || e.commandIndex >= first) && (e.kind === 'read') === read
    && e.kind !== 'network' && !ownOperand(e.commandIndex, e.via) && under(e.target));
  const writes = touched(false);
  const enters = commands.slice(first + 1).some((c) => (c.program === 'cd' || c.program === 'pushd') && c.argv.slice(1).some((w) => !w.startsWith('-') && under(w)));
  const reads = !writes && !enters && touched(true);
  if (!writes && !enters && !reads) return;
  const name = unknown ? 'something it cannot name exactly' : moved.map((m) => m.slice(m.lastIndexOf('/') + 1)).join(', ');
  const reason = `the line moves or links ${name}, then ${enters ? 'enters' : writes ? 'writes under' : 'reads under'} it: the earlier command changes where the later path leads, so it cannot be checked in advance`;
  addFinding(into, { verdict: 'ask', risk: 'high', reason, firm: true, rule: { source: 'builtin', ruleId: 'builtin:path:rename-race', effect: 'ask', description: reason } });
}

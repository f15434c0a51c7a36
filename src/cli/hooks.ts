/**
 * `agent-guard hooks status [--workspace DIR] [--json]`: per agent, whether the Agent Guard hook is
 * installed in the workspace and whether that agent will actually run it (its trust and review state,
 * its version). Exit 0 when every installed hook is active, 3 when one is installed but inactive or
 * cannot be checked, so scripts can gate on it. Reads only; a fix is printed for the developer to run.
 */
import { resolve } from 'node:path';
import { parseCliArgs } from './args';
import { assessHookHealth, type HookHealth } from '../engine/hooks/health';
import { probeAgentFacts } from './hook/healthProbe';
import { EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';

const HOOKS_USAGE = `usage:
  agent-guard hooks status [--workspace DIR] [--json]   (exit 3 when an installed hook will not run)
`;
export const EXIT_HOOK_INACTIVE = 3;

function usage(io: CliIo, message: string): number {
  io.error(`agent-guard hooks: ${message}\n${HOOKS_USAGE}`);
  return EXIT_USAGE;
}

const MARK: Record<HookHealth['state'], string> = { active: 'ok  ', inactive: 'WARN', unknown: 'WARN', 'not-installed': '--  ' };

export function formatHealth(rows: readonly HookHealth[]): string {
  return rows.map((row) => {
    const lines = [`${MARK[row.state]} ${row.agentName}${row.version ? ` ${row.version}` : ''}: ${row.state} — ${row.summary}`];
    if (row.installed && row.failOpenOnCrash) lines.push(`     note: ${row.failOpenOnCrash}`);
    if (row.fix && row.state !== 'active') lines.push(`     fix:  ${row.fix}`);
    else if (row.fix) lines.push(`     advice: ${row.fix}`);
    return lines.join('\n');
  }).join('\n') + '\n';
}

export const hooksCommand: CliCommand = async (args, io) => {
  const parsed = parseCliArgs(args, { values: ['workspace'], switches: ['json'] });
  if (typeof parsed === 'string') return usage(io, parsed);
  if (parsed.help) {
    io.write(HOOKS_USAGE);
    return EXIT_OK;
  }
  if (parsed.positional.length !== 1 || parsed.positional[0] !== 'status') return usage(io, 'say `hooks status`');
  const workspace = resolve(io.cwd, parsed.options.get('workspace') ?? '.');
  const rows = assessHookHealth(await probeAgentFacts({ workspace, env: io.env }));
  io.write(parsed.flags.has('json') ? `${JSON.stringify(rows, null, 2)}\n` : formatHealth(rows));
  return rows.some((row) => row.state === 'inactive' || row.state === 'unknown') ? EXIT_HOOK_INACTIVE : EXIT_OK;
};

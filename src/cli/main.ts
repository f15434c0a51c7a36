import { version } from '../../package.json';
import { auditCommand } from './audit';
import { checkCommand } from './check';
import { hookCommand, offlineAnswer } from './hook';
import { hooksCommand } from './hooks';
export { runDecider } from './decider/serve';
import { committedPolicyEvaluator } from './hook/committedPolicy';
import { EXIT_BLOCK, guardHookProcess } from './hook/failClosed';
import { HOOK_AGENTS, HOOK_FORMATS, type HookAgentName, type HookAnswer, type HookFormat, type ToolCall } from './hook/formats';
import { SUPERVISED_ENV, superviseHook, type OfflineRequest } from './hook/supervisor';
import { EXIT_INTERNAL, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { policyCommand } from './policy';
import { processIo } from './processIo';
import { scanCommand } from './scan';

const SUBCOMMANDS: Record<string, CliCommand> = {
  check: checkCommand,
  policy: policyCommand,
  audit: auditCommand,
  scan: scanCommand,
  hook: hookCommand,
  hooks: hooksCommand,
};

const USAGE = `usage: agent-guard <command> [options]     (agent-guard <command> --help for each; --version)
commands:
  check command "<cmd>" | check path --op <op> <path> | check --batch
  policy validate [FILE] | policy init --template <name> | policy explain "<cmd>"
  scan --inbound|--outbound [--json] [FILE] | scan --batch
  audit verify <file|dir> | audit tail [filters] | audit export --format jsonl|syslog
  hook <claude|copilot|codex|gemini>
  hooks status [--workspace DIR] [--json]   (is each agent's hook installed, and will it run?)
`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    io.write(`agent-guard ${version}\n`);
    return 0;
  }
  if (name === '--help' || name === '-h') {
    io.write(USAGE);
    return 0;
  }
  if (name === undefined) {
    io.error(`agent-guard: missing command\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (name === 'help') return rest.length === 0 ? runCli(['--help'], io) : runCli([rest[0] ?? '', '--help'], io);
  const command = SUBCOMMANDS[name];
  if (!command) {
    io.error(`agent-guard: unknown command '${name}'\n${USAGE}`);
    return EXIT_USAGE;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    // An internal error is never a silent allow: callers treat exit 1 as "not allowed".
    io.error(`agent-guard ${name}: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_INTERNAL;
  }
}

/** `hook <agent>` runs get the process-level fail-closed guard (a crash must not read as an allow). */
function isHookRun(argv: string[]): argv is ['hook', HookAgentName] {
  return argv.length === 2 && argv[0] === 'hook' && (HOOK_AGENTS as readonly string[]).includes(argv[1] ?? '');
}

/**
 * Runs the CLI as this process (argv, stdio, exit code); also what the tiny entry (entry.ts) hands over to
 * for everything but the hook. A hook run is watched from a parent process: an out-of-memory abort
 * must not read as an allow (supervisor.ts).
 */
export function runAsProcess(argv: string[]): void {
  const io = processIo();
  if (isHookRun(argv) && io.env[SUPERVISED_ENV] !== '1') {
    superviseHook(argv[1], process, { write: io.write, error: io.error }).then((code) => { process.exitCode = code; }, () => { process.exitCode = EXIT_BLOCK; });
    return;
  }
  const guard = isHookRun(argv) ? guardHookProcess(argv[1], process, { write: io.write, error: io.error, exit: (code) => process.exit(code) }) : undefined;
  runCli(argv, io).then(
    (code) => { guard?.answered(); process.exitCode = code; },
    () => { process.exitCode = EXIT_INTERNAL; },
  );
}

/** The hook's in-process decision (committed policy, tighten-only), loaded by entry.ts only when nobody else answers. */
export function offlineHookAnswer(io: CliIo, call: ToolCall, format: HookFormat, whyOffline: string): Promise<HookAnswer> {
  return offlineAnswer(call, format, committedPolicyEvaluator(io), whyOffline, io.env);
}

/**
 * `__offline <agent>`: the tiny entry's in-process fallback, run in a supervised child (supervisor.ts):
 * reads {call, whyOffline} on stdin and prints the HookAnswer as JSON. Its parent is the hook itself.
 */
export async function runOfflineChild(agent: HookAgentName, io: CliIo): Promise<number> {
  let text = '';
  for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  const request = JSON.parse(text) as OfflineRequest;
  const answer = await offlineHookAnswer(io, request.call, HOOK_FORMATS[agent], request.whyOffline);
  io.write(JSON.stringify(answer));
  await io.drained?.();
  return 0;
}

if (require.main === module) runAsProcess(process.argv.slice(2));

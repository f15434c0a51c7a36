import { once } from 'node:events';
import { version } from '../../package.json';
import { auditCommand } from './audit';
import { checkCommand } from './check';
import { hookCommand } from './hook';
import { EXIT_BLOCK, guardHookProcess } from './hook/failClosed';
import { SUPERVISED_ENV, superviseHook } from './hook/supervisor';
import { HOOK_AGENTS, type HookAgentName } from './hook/formats';
import { EXIT_INTERNAL, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { policyCommand } from './policy';
import { scanCommand } from './scan';

const SUBCOMMANDS: Record<string, CliCommand> = {
  check: checkCommand,
  policy: policyCommand,
  audit: auditCommand,
  scan: scanCommand,
  hook: hookCommand,
};

const USAGE = `usage: agent-guard <command> [options]     (agent-guard <command> --help for each; --version)
commands:
  check command "<cmd>" | check path --op <op> <path> | check --batch
  policy validate [FILE] | policy init --template <name> | policy explain "<cmd>"
  scan --inbound|--outbound [--json] [FILE] | scan --batch
  audit verify <file|dir> | audit tail [filters] | audit export --format jsonl|syslog
  hook <claude|copilot|codex|gemini>
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

if (require.main === module) {
  const io: CliIo = {
    stdin: process.stdin,
    write: (text) => process.stdout.write(text),
    drained: () => (process.stdout.writableNeedDrain ? once(process.stdout, 'drain').then(() => undefined) : Promise.resolve()),
    error: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  };
  const argv = process.argv.slice(2);
  // A hook run is watched from a parent process: an out-of-memory abort must not read as an allow.
  if (isHookRun(argv) && process.env[SUPERVISED_ENV] !== '1') {
    superviseHook(argv[1], process, { write: io.write, error: io.error }).then((code) => { process.exitCode = code; }, () => { process.exitCode = EXIT_BLOCK; });
  } else {
    runGuarded(argv, io);
  }
}

function runGuarded(argv: string[], io: CliIo): void {
  const guard = isHookRun(argv) ? guardHookProcess(argv[1], process, { write: io.write, error: io.error, exit: (code) => process.exit(code) }) : undefined;
  runCli(argv, io).then(
    (code) => { guard?.answered(); process.exitCode = code; },
    () => { process.exitCode = EXIT_INTERNAL; },
  );
}

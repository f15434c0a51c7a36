/**
 * `agent-guard audit`: verify, tail and export the tamper-evident audit log.
 *   audit verify <file|dir> [--json] [--head SEQ:HASH]        exit 0 intact, 3 problem found, 2 usage
 *   audit tail [DIR] [--since T] [--until T] [--result r,..] [--agent A] [--operation OP|PREFIX*] [--limit N] [--json]
 *   audit export --format jsonl|syslog [DIR] [same filters] [--hostname H]
 * DIR defaults to $AGENT_GUARD_AUDIT_DIR. HMAC-protected logs read the key from $AGENT_GUARD_AUDIT_KEY.
 * `verify DIR` also checks the log against the id, MAC mode and head the extension recorded outside it
 * (a user-only file under $AGENT_GUARD_STATE_DIR or ~/.local/state/agent-guard; src/node/audit/headStore.ts).
 */
import { readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isAuditResult, parseTimeBound, verifySyslogLines, type AuditQuery, type AuditRecord, type AuditResult } from '../engine/audit';
import { SyslogForwarder, type ForwardTarget } from '../node/audit/forwarder';
import { auditHeadFile, exportAudit, fileHeadStore, queryAudit, verifyAuditPath } from '../node/audit';
import type { RecordedHead } from '../engine/audit';
import { parseCliArgs } from './args';
import { EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';

export const EXIT_PROBLEM = 3;

const USAGE = `usage: agent-guard audit verify <file|dir> [--json] [--head SEQ:HASH]
       agent-guard audit verify --syslog FILE [--json]   (a collector's file of forwarded entries: chain per log, gaps, duplicates)
       agent-guard audit forward [DIR] --host H --port P [--transport tcp|tls] [--ca F] [--cert F --key F] [--cursor F] [--hostname H] [--until-caught-up]
       agent-guard audit tail [DIR] [--since T] [--until T] [--result R[,R]] [--agent A] [--operation OP] [--limit N] [--json]
       agent-guard audit export --format jsonl|syslog [DIR] [filters] [--hostname H]
  DIR defaults to $AGENT_GUARD_AUDIT_DIR; T is ISO 8601, epoch ms, or 15m/2h/7d ago.
`;

const VALUE_OPTIONS = ['since', 'until', 'result', 'agent', 'operation', 'limit', 'format', 'hostname', 'head', 'dir',
  'syslog', 'host', 'port', 'transport', 'ca', 'cert', 'key', 'cursor'];
const SWITCHES = ['json', 'until-caught-up'];

interface Parsed {
  positional: string[];
  /** Keyed by the option as written, e.g. `--since`. */
  options: Map<string, string>;
  switches: Set<string>;
  help: boolean;
}

function parse(args: readonly string[]): Parsed | string {
  const parsed = parseCliArgs(args, { values: VALUE_OPTIONS, switches: SWITCHES });
  if (typeof parsed === 'string') return parsed;
  return {
    positional: parsed.positional,
    options: new Map([...parsed.options].map(([name, value]) => [`--${name}`, value])),
    switches: new Set([...parsed.flags].map((name) => `--${name}`)),
    help: parsed.help,
  };
}

function buildQuery(parsed: Parsed, now: number): AuditQuery | string {
  const query: AuditQuery = {};
  for (const [flag, key] of [['--since', 'since'], ['--until', 'until']] as const) {
    const text = parsed.options.get(flag);
    if (text === undefined) continue;
    const value = parseTimeBound(text, now);
    if (value === undefined) return `${flag}: cannot read time '${text}'`;
    query[key] = value;
  }
  const results = parsed.options.get('--result');
  if (results !== undefined) {
    const list = results.split(',').map((r) => r.trim());
    const bad = list.find((r) => !isAuditResult(r));
    if (bad !== undefined) return `--result: unknown result '${bad}'`;
    query.results = list as AuditResult[];
  }
  const agent = parsed.options.get('--agent');
  if (agent !== undefined) query.agent = agent;
  const operation = parsed.options.get('--operation');
  if (operation !== undefined) query.operation = operation;
  const limit = parsed.options.get('--limit');
  if (limit !== undefined) {
    if (!/^\d{1,9}$/.test(limit)) return '--limit must be a whole number';
    query.limit = Number(limit);
  }
  return query;
}

function logDir(parsed: Parsed, io: CliIo): string | undefined {
  return parsed.options.get('--dir') ?? parsed.positional[0] ?? io.env.AGENT_GUARD_AUDIT_DIR;
}

function formatRecord(r: AuditRecord): string {
  const why = r.reason ?? r.rule;
  return `${r.time}  #${r.seq}  ${r.result.padEnd(8)} ${r.agent}  ${r.operation}  ${r.target}${why ? `  — ${why}` : ''}\n`;
}

async function verifySyslog(file: string, parsed: Parsed, io: CliIo): Promise<number> {
  if (parsed.positional.length > 0) return usage(io, 'verify --syslog takes the file as its value, nothing else');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.error(`agent-guard audit: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}\n`);
    return EXIT_PROBLEM;
  }
  const report = verifySyslogLines(text.split('\n'), io.env.AGENT_GUARD_AUDIT_KEY);
  if (parsed.switches.has('--json')) {
    io.write(`${JSON.stringify(report)}\n`);
    return report.ok ? EXIT_OK : EXIT_PROBLEM;
  }
  for (const log of report.logs) io.write(`log ${log.logId} from ${log.hostname}: ${log.entries} entries, seq ${log.firstSeq}..${log.lastSeq}\n`);
  for (const gap of report.gaps) io.write(`GAP: log ${gap.logId}: seq ${gap.fromSeq}..${gap.toSeq} never arrived (noticed at line ${gap.line})\n`);
  for (const problem of report.problems) io.write(`PROBLEM: line ${problem.line}: ${problem.message}\n`);
  if (report.duplicates.length > 0) io.write(`${report.duplicates.length} whole duplicate entr${report.duplicates.length === 1 ? 'y' : 'ies'} (at-least-once delivery; not an error)\n`);
  io.write(report.ok ? `ok: every chain is continuous and every hash matches\n` : `NOT OK: ${report.gaps.length} gap(s), ${report.problems.length} problem(s)\n`);
  return report.ok ? EXIT_OK : EXIT_PROBLEM;
}

async function verify(parsed: Parsed, io: CliIo): Promise<number> {
  const syslogFile = parsed.options.get('--syslog');
  if (syslogFile !== undefined) return verifySyslog(syslogFile, parsed, io);
  const path = parsed.positional[0];
  if (path === undefined || parsed.positional.length > 1) return usage(io, 'verify needs one file or directory');
  const headText = parsed.options.get('--head');
  const head = headText === undefined ? undefined : /^(\d+):([0-9a-f]{64})$/.exec(headText);
  if (headText !== undefined && !head) return usage(io, '--head must be SEQ:HASH');
  const recorded = await recordedHeadFor(path, io);
  if (typeof recorded === 'string') {
    io.write(`TAMPERED: ${recorded}\n`);
    return EXIT_PROBLEM;
  }
  if (recorded && !parsed.switches.has('--json')) io.write(`checking against the head recorded in ${recorded.where}: seq ${recorded.head.seq} (${recorded.head.mac})\n`);
  const report = await verifyAuditPath(path, {
    key: io.env.AGENT_GUARD_AUDIT_KEY,
    ...(recorded ? { recordedHead: recorded.head } : {}),
    ...(head ? { expectedHead: { seq: Number(head[1]), hash: head[2] ?? '' } } : {}),
  });
  if (parsed.switches.has('--json')) {
    io.write(`${JSON.stringify(report)}\n`);
  } else {
    for (const w of report.warnings) io.write(`warning: ${w.file}:${w.line}: ${w.message}\n`);
    if (report.ok) io.write(`ok: ${report.entries} entries in ${report.files} file(s) verified; head seq ${report.head?.seq} ${report.head?.hash}\n`);
    else if (report.problem?.kind === 'empty') io.write(`EMPTY: no audit entries found in ${path}\n`);
    else io.write(`TAMPERED: ${report.problem?.file}:${report.problem?.line}${report.problem?.seq !== undefined ? ` (seq ${report.problem.seq})` : ''}: ${report.problem?.kind}: ${report.problem?.message}\n`);
  }
  return report.ok ? EXIT_OK : EXIT_PROBLEM;
}

/** The head recorded outside a log directory, undefined when none (or a single file), a message when untrustworthy. */
async function recordedHeadFor(path: string, io: CliIo): Promise<{ head: RecordedHead; where: string } | string | undefined> {
  const isDir = await stat(path).then((info) => info.isDirectory(), () => false);
  if (!isDir) return undefined;
  const store = fileHeadStore(await auditHeadFile(path, io.env));
  try {
    const head = await store.read();
    return head ? { head, where: store.where } : undefined;
  } catch (error) {
    return `the recorded head cannot be trusted: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function tail(parsed: Parsed, io: CliIo, now: number): Promise<number> {
  const dir = logDir(parsed, io);
  const query = buildQuery(parsed, now);
  if (dir === undefined) return usage(io, 'no log directory (argument, --dir or $AGENT_GUARD_AUDIT_DIR)');
  if (typeof query === 'string') return usage(io, query);
  for await (const record of queryAudit(dir, { limit: 20, ...query, newestFirst: true })) {
    io.write(parsed.switches.has('--json') ? `${JSON.stringify(record)}\n` : formatRecord(record));
  }
  return EXIT_OK;
}

async function exportCommand(parsed: Parsed, io: CliIo, now: number): Promise<number> {
  const dir = logDir(parsed, io);
  const format = parsed.options.get('--format');
  const query = buildQuery(parsed, now);
  if (format !== 'jsonl' && format !== 'syslog') return usage(io, '--format must be jsonl or syslog');
  if (dir === undefined) return usage(io, 'no log directory (argument, --dir or $AGENT_GUARD_AUDIT_DIR)');
  if (typeof query === 'string') return usage(io, query);
  await exportAudit(dir, format, query, (text) => io.write(text), parsed.options.get('--hostname') ?? hostname());
  return EXIT_OK;
}

function forwardTarget(parsed: Parsed): ForwardTarget | string {
  const host = parsed.options.get('--host');
  const port = Number(parsed.options.get('--port'));
  const transport = parsed.options.get('--transport') ?? 'tcp';
  if (!host) return 'forward needs --host';
  if (!Number.isInteger(port) || port < 1 || port > 65535) return 'forward needs --port 1-65535';
  if (transport !== 'tcp' && transport !== 'tls') return '--transport must be tcp or tls';
  const cert = parsed.options.get('--cert');
  const key = parsed.options.get('--key');
  if ((cert === undefined) !== (key === undefined)) return '--cert and --key go together';
  const ca = parsed.options.get('--ca');
  return { transport, host, port, ...(ca ? { caFile: ca } : {}), ...(cert && key ? { certFile: cert, keyFile: key } : {}) };
}

/** Forwards the log live (until interrupted), or with --until-caught-up until everything on disk was delivered. */
async function forward(parsed: Parsed, io: CliIo): Promise<number> {
  const dir = logDir(parsed, io);
  if (dir === undefined) return usage(io, 'no log directory (argument, --dir or $AGENT_GUARD_AUDIT_DIR)');
  const target = forwardTarget(parsed);
  if (typeof target === 'string') return usage(io, target);
  const forwarder = new SyslogForwarder({
    dir, target, cursorFile: parsed.options.get('--cursor') ?? join(dir, 'forward.cursor.json'), hostname: parsed.options.get('--hostname') ?? hostname(),
    onState: (state) => { if (state.lastError) io.error(`agent-guard audit forward: ${state.lastError}\n`); },
  });
  forwarder.start();
  if (parsed.switches.has('--until-caught-up')) {
    await forwarder.caughtUp();
    await forwarder.stop();
    io.write(`forwarded up to seq ${forwarder.state.deliveredSeq} to ${forwarder.state.target}\n`);
    return EXIT_OK;
  }
  await new Promise<void>((resolve) => { process.once('SIGINT', resolve); process.once('SIGTERM', resolve); });
  await forwarder.stop();
  return EXIT_OK;
}

function usage(io: CliIo, why: string): number {
  io.error(`agent-guard audit: ${why}\n${USAGE}`);
  return EXIT_USAGE;
}

export const auditCommand: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  const parsed = parse(rest);
  if (typeof parsed === 'string') return usage(io, parsed);
  if (parsed.help || sub === '--help' || sub === '-h') {
    io.write(USAGE);
    return EXIT_OK;
  }
  const now = Date.now();
  switch (sub) {
    case 'verify': return verify(parsed, io);
    case 'tail': return tail(parsed, io, now);
    case 'export': return exportCommand(parsed, io, now);
    case 'forward': return forward(parsed, io);
    default: return usage(io, sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`);
  }
};

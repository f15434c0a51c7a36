/**
 * `agent-guard audit`: verify, tail and export the tamper-evident audit log.
 *   audit verify <file|dir> [--json] [--head SEQ:HASH]        exit 0 intact, 3 problem found, 2 usage
 *   audit tail [DIR] [--since T] [--until T] [--result r,..] [--agent A] [--operation OP|PREFIX*] [--limit N] [--json]
 *   audit export --format jsonl|syslog [DIR] [same filters] [--hostname H]
 * DIR defaults to $AGENT_GUARD_AUDIT_DIR. HMAC-protected logs read the key from $AGENT_GUARD_AUDIT_KEY.
 */
import { hostname } from 'node:os';
import { isAuditResult, parseTimeBound, type AuditQuery, type AuditRecord, type AuditResult } from '../engine/audit';
import { exportAudit, queryAudit, verifyAuditPath } from '../node/audit';
import { parseCliArgs } from './args';
import { EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';

export const EXIT_PROBLEM = 3;

const USAGE = `usage: agent-guard audit verify <file|dir> [--json] [--head SEQ:HASH]
       agent-guard audit tail [DIR] [--since T] [--until T] [--result R[,R]] [--agent A] [--operation OP] [--limit N] [--json]
       agent-guard audit export --format jsonl|syslog [DIR] [filters] [--hostname H]
  DIR defaults to $AGENT_GUARD_AUDIT_DIR; T is ISO 8601, epoch ms, or 15m/2h/7d ago.
`;

const VALUE_OPTIONS = ['since', 'until', 'result', 'agent', 'operation', 'limit', 'format', 'hostname', 'head', 'dir'];
const SWITCHES = ['json'];

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

async function verify(parsed: Parsed, io: CliIo): Promise<number> {
  const path = parsed.positional[0];
  if (path === undefined || parsed.positional.length > 1) return usage(io, 'verify needs one file or directory');
  const headText = parsed.options.get('--head');
  const head = headText === undefined ? undefined : /^(\d+):([0-9a-f]{64})$/.exec(headText);
  if (headText !== undefined && !head) return usage(io, '--head must be SEQ:HASH');
  const report = await verifyAuditPath(path, {
    key: io.env.AGENT_GUARD_AUDIT_KEY,
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
    default: return usage(io, sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`);
  }
};

/**
 * `agent-guard scan`: the content sanitizer from the command line.
 *   scan --inbound|--outbound [--json] [FILE]   (stdin when no FILE)  exit 0 clean, 3 findings, 2 usage
 *   scan --batch   JSON lines {"direction","text"} in → one {"findings":[...]} line out per input, in order.
 * Output never contains the scanned text or the secret: only category, severity, span and kind.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { scanInbound, scanOutbound, type Finding, type ScanDirection } from '../engine/sanitizer';
import { parseCliArgs } from './args';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, readAll, type CliCommand, type CliIo } from './io';

export const EXIT_FINDINGS = 3;

const USAGE = 'usage: agent-guard scan --inbound|--outbound [--json] [FILE] | agent-guard scan --batch\n';

const batchLineSchema = z.object({ direction: z.enum(['inbound', 'outbound']), text: z.string() });

function scan(direction: ScanDirection, text: string): Finding[] {
  return direction === 'inbound' ? scanInbound(text) : scanOutbound(text);
}

/** Only the fields the contract names, so nothing else (never text) can slip into the output. */
function publicFinding(f: Finding): Finding {
  return { category: f.category, severity: f.severity, start: f.start, end: f.end, kind: f.kind };
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return `${line}:${offset - lineStart + 1}`;
}

async function runBatch(io: CliIo): Promise<number> {
  let exit = EXIT_OK;
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let parsed: z.infer<typeof batchLineSchema> | undefined;
    try {
      const result = batchLineSchema.safeParse(JSON.parse(line));
      parsed = result.success ? result.data : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed) {
      io.write(`${JSON.stringify({ findings: [], error: 'invalid input line: expected {"direction":"inbound"|"outbound","text":"..."}' })}\n`);
      exit = EXIT_USAGE;
      continue;
    }
    const findings = scan(parsed.direction, parsed.text).map(publicFinding);
    if (findings.length > 0 && exit === EXIT_OK) exit = EXIT_FINDINGS;
    io.write(`${JSON.stringify({ findings })}\n`);
  }
  return exit;
}

function usage(io: CliIo, why: string): number {
  io.error(`agent-guard scan: ${why}\n${USAGE}`);
  return EXIT_USAGE;
}

export const scanCommand: CliCommand = async (args, io) => {
  const parsed = parseCliArgs(args, { switches: ['inbound', 'outbound', 'json', 'batch'] });
  if (typeof parsed === 'string') return usage(io, parsed);
  if (parsed.help) {
    io.write(USAGE);
    return EXIT_OK;
  }
  const { flags, positional: files } = parsed;
  if (flags.has('batch')) return flags.size > 1 || files.length > 0 ? usage(io, '--batch takes no other arguments') : runBatch(io);
  if (flags.has('inbound') === flags.has('outbound')) return usage(io, 'say --inbound or --outbound');
  if (files.length > 1) return usage(io, 'at most one FILE');
  const direction: ScanDirection = flags.has('inbound') ? 'inbound' : 'outbound';
  let text: string;
  try {
    text = files[0] !== undefined && files[0] !== '-' ? await readFile(files[0], 'utf8') : await readAll(io.stdin);
  } catch (error) {
    io.error(`agent-guard scan: cannot read ${files[0]}: ${(error as NodeJS.ErrnoException).code ?? 'error'}\n`);
    return EXIT_INTERNAL;
  }
  const findings = scan(direction, text).map(publicFinding);
  if (flags.has('json')) {
    io.write(`${JSON.stringify({ findings })}\n`);
  } else if (findings.length === 0) {
    io.write(`clean: no ${direction === 'inbound' ? 'prompt-injection' : 'secret'} findings\n`);
  } else {
    for (const f of findings) io.write(`${lineAndColumn(text, f.start)}\t${f.severity}\t${f.category}\t${f.kind}\t(${f.end - f.start} chars)\n`);
  }
  return findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
};

import type { AuditSink } from '../../../../src/engine/audit';
import { ChainVerifier, type VerifyOptions, type VerifyReport } from '../../../../src/engine/audit';

/** In-memory sink for pure tests: files as arrays of lines, acknowledged at once. */
export class MemorySink implements AuditSink {
  readonly files = new Map<string, string[]>();
  private current = '';

  async write(line: string, options?: { newFile?: string }): Promise<void> {
    if (options?.newFile !== undefined) {
      if (this.files.has(options.newFile)) throw new Error(`${options.newFile} exists`);
      this.current = options.newFile;
      this.files.set(this.current, []);
    }
    this.files.get(this.current)?.push(line);
  }
}

/** Feeds files (name → lines) through the verifier; `torn` marks a last line with no newline. */
export function verifyFiles(files: Map<string, string[]>, options: VerifyOptions = {}, torn?: string): VerifyReport {
  const verifier = new ChainVerifier(options);
  for (const [name, lines] of [...files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    verifier.startFile(name);
    lines.forEach((line, index) => verifier.line(line, !(torn === name && index === lines.length - 1)));
  }
  return verifier.finish();
}

export function cloneFiles(files: Map<string, string[]>): Map<string, string[]> {
  return new Map([...files.entries()].map(([name, lines]) => [name, [...lines]]));
}

/** What a CLI subcommand may touch, injected so subcommands can be tested without a process. */
export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  /** Returns false when the output is backed up (a stream's write): callers that write a lot then await `drained`. */
  write(text: string): boolean | void;
  /**
   * Resolves once buffered output has been flushed to the reader. Batch modes await it whenever `write`
   * returns false, so a slow reader slows the batch down instead of growing memory until a write fails.
   */
  drained?(): Promise<void>;
  error(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** A subcommand returns its exit code. Exit codes: 0 ok/allow, 1 internal error, 2 usage error (others per subcommand). */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;

/** Reads all of stdin as UTF-8. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

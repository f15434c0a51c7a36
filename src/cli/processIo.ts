import { once } from 'node:events';
import type { CliIo } from './io';

/** The real process's stdin/stdout/stderr, environment and working directory as a CliIo. */
export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    write: (text) => process.stdout.write(text),
    drained: () => (process.stdout.writableNeedDrain ? once(process.stdout, 'drain').then(() => undefined) : Promise.resolve()),
    error: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  };
}

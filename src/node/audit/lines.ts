/**
 * Line readers over audit files that never load a whole file: forward (streamed in chunks) and backward
 * (fixed-size chunks read from the end, for `tail`). Both say whether the final line ended in a newline,
 * which is how a torn write is recognised.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

export interface FileLine {
  text: string;
  /** False only for a last line without a trailing newline (a torn write). */
  terminated: boolean;
}

export async function* readLinesForward(path: string): AsyncGenerator<FileLine> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      yield { text: text.slice(start, nl), terminated: true };
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) yield { text: rest, terminated: false };
}

const BACKWARD_CHUNK = 64 * 1024;

/** Lines from the last to the first. Splits on byte 0x0A, so multi-byte characters are never cut. */
export async function* readLinesBackward(path: string): AsyncGenerator<FileLine> {
  const handle = await open(path, 'r');
  try {
    let position = (await handle.stat()).size;
    let carry: Buffer = Buffer.alloc(0);
    let first = true;
    while (position > 0) {
      const size = Math.min(BACKWARD_CHUNK, position);
      position -= size;
      const chunk = Buffer.alloc(size);
      await handle.read(chunk, 0, size, position);
      let buffer = Buffer.concat([chunk, carry]);
      if (first) {
        first = false;
        if (buffer.length > 0 && buffer[buffer.length - 1] !== 0x0a) {
          const nl = buffer.lastIndexOf(0x0a);
          yield { text: buffer.subarray(nl + 1).toString('utf8'), terminated: false };
          buffer = buffer.subarray(0, nl + 1);
        }
        if (buffer.length > 0 && buffer[buffer.length - 1] === 0x0a) buffer = buffer.subarray(0, buffer.length - 1);
      }
      let end = buffer.length;
      while (end > 0) {
        const nl = buffer.lastIndexOf(0x0a, end - 1);
        if (nl === -1) break;
        yield { text: buffer.subarray(nl + 1, end).toString('utf8'), terminated: true };
        end = nl;
      }
      carry = Buffer.from(buffer.subarray(0, end));
    }
    if (carry.length > 0) yield { text: carry.toString('utf8'), terminated: true };
  } finally {
    await handle.close();
  }
}

// The body faults: an answer whose body trickles in a few bytes at a time, and a well-formed list
// far larger than any real one. Both write to the socket themselves (the headers first) and stop
// as soon as the client goes away, so a client that gives up frees the emulator too.
import type { ServerResponse } from 'node:http';
import type { Dialect } from './requestLog';

/** Writes `body` `bytesPerChunk` at a time, `wait(intervalMs)` between writes. */
export async function trickle(res: ServerResponse, body: string, options: { bytesPerChunk: number; intervalMs: number }, wait: (ms: number) => Promise<boolean>): Promise<void> {
  const bytes = Buffer.from(body);
  for (let at = 0; at < bytes.length; at += options.bytesPerChunk) {
    if (res.destroyed) return;
    res.write(bytes.subarray(at, at + options.bytesPerChunk));
    if (!(await wait(options.intervalMs))) return;
  }
  if (!res.destroyed) res.end();
}

const CHUNK_BYTES = 64 * 1024;

/**
 * `bytes` bytes of a list in the dialect's shape, a chunk at a time: entries with an id and a
 * long name, padded with spaces (valid JSON whitespace) to the exact size.
 */
export function* oversizedList(dialect: Dialect, bytes: number): Generator<string> {
  const [open, close] = dialect === 'v1' ? ['{"success":true,"data":[', ']}'] : ['[', ']'];
  const entry = (n: number) => `{"id":"oversized-${String(n).padStart(8, '0')}","name":"${'x'.repeat(200)}"}`;
  let left = bytes - open.length - close.length;
  yield open;
  let n = 0;
  let chunk = '';
  while (left > 0) {
    const next = (n > 0 ? ',' : '') + entry(n + 1);
    if (next.length > left) {
      chunk += ' '.repeat(left);
      left = 0;
    } else {
      chunk += next;
      left -= next.length;
      n++;
    }
    if (chunk.length >= CHUNK_BYTES || left === 0) {
      yield chunk;
      chunk = '';
    }
  }
  yield close;
}

/** Writes the chunks, waiting for the socket to drain between them; stops when the client is gone. */
export async function stream(res: ServerResponse, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) {
      const goOn = await new Promise<boolean>((resolve) => {
        const done = (value: boolean) => {
          res.off('drain', onDrain);
          res.off('close', onClose);
          resolve(value);
        };
        const onDrain = () => done(true);
        const onClose = () => done(false);
        res.once('drain', onDrain);
        res.once('close', onClose);
      });
      if (!goOn) return;
    }
  }
  if (!res.destroyed) res.end();
}

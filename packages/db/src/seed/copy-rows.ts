import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

// Lines are sent in chunks of this many characters: large enough to keep the per-chunk stream overhead
// negligible, small enough that memory stays flat however many rows a load generates.
const CHUNK_CHARS = 256 * 1024;

async function* chunked(lines: Iterable<string>, onRows: (rows: number) => void): AsyncGenerator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const line of lines) {
    parts.push(line);
    size += line.length;
    if (size >= CHUNK_CHARS) {
      yield parts.join('');
      onRows(parts.length);
      parts = [];
      size = 0;
    }
  }
  if (parts.length) {
    yield parts.join('');
    onRows(parts.length);
  }
}

/**
 * Stream generated COPY text lines into `statement` (a `COPY ... FROM STDIN`) on one connection.
 * Backpressure comes from the socket: lines are generated only as fast as the server takes them.
 */
export async function copyRows(
  client: pg.ClientBase,
  statement: string,
  lines: Iterable<string>,
  onRows: (rows: number) => void = () => {},
): Promise<number> {
  const sink = client.query(copyFrom(statement));
  await pipeline(Readable.from(chunked(lines, onRows), { objectMode: false }), sink);
  return sink.rowCount;
}

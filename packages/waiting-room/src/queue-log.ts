import type { CatalogDb } from '@boxoffice/db';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { queueKeys } from './keys';

/** One line as the Lua `finish` writes it; a line that does not parse (a process of another version) is dropped. */
const logLine = z.object({
  seq: z.number().int().positive(),
  member: z.boolean(),
  joined: z.number().int().positive(),
  admitted: z.number().int().positive().optional(),
  left: z.number().int().positive(),
  reason: z.enum(['reserved', 'access_expired', 'stream_closed']),
});

/**
 * Move the event's queue log lines from Redis (written atomically with the state change they record) to
 * PostgreSQL. LMPOP hands each line to one flusher; the per-event sequence makes a replayed insert a no-op.
 */
export async function flushQueueLog(
  redis: Redis,
  catalog: CatalogDb,
  eventId: string,
  batch = 1000,
): Promise<number> {
  const key = queueKeys(eventId).log;
  let written = 0;
  for (;;) {
    const popped = (await redis.call('LMPOP', 1, key, 'LEFT', 'COUNT', batch)) as [string, string[]] | null;
    if (!popped) return written;
    const lines = popped[1].flatMap((raw) => {
      const parsed = logLine.safeParse(JSON.parse(raw));
      return parsed.success ? [parsed.data] : [];
    });
    if (lines.length === 0) return written;
    try {
      await insertLines(catalog, eventId, lines);
    } catch (error) {
      // Back to the head of the list for the next flush: analytics are not lost to a database hiccup.
      await redis.lpush(key, ...popped[1].reverse());
      throw error;
    }
    written += lines.length;
    if (popped[1].length < batch) return written;
  }
}

function insertLines(catalog: CatalogDb, eventId: string, lines: z.infer<typeof logLine>[]) {
  return catalog
    .insertInto('queue_log')
    .values(
      lines.map((line) => ({
        event_id: eventId,
        seq: line.seq,
        member: line.member,
        joined_at: new Date(line.joined),
        admitted_at: line.admitted ? new Date(line.admitted) : null,
        left_at: new Date(line.left),
        leave_reason: line.reason,
      })),
    )
    .onConflict((oc) => oc.columns(['event_id', 'seq']).doNothing())
    .execute();
}

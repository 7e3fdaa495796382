import { type Databases, isUuid } from '@boxoffice/db';
import { keys, type QueueCache, reserveQueueName } from '@boxoffice/queue';
import type { Redis } from 'ioredis';

/** A worker closes an event's queue after this long without reservations (apps/worker's default). */
export const idleAfterMs = 10 * 60_000;

export const pinCommand = (eventId: string) =>
  `WORKER_EVENTS=${eventId} WORKER_SERVES=reserve pnpm --filter @boxoffice/worker start`;

/**
 * The reserve queues in the workers' registry (the sorted set the API scores with each event's
 * latest reservation), busiest first, with BullMQ's job counts and how many workers are connected.
 */
export async function reserveQueueOverview(
  db: Databases,
  redis: Redis,
  queues: QueueCache,
  options: { limit: number; includeIdle: boolean },
) {
  const since = options.includeIdle ? '-inf' : Date.now() - idleAfterMs;
  const flat = await redis.zrevrangebyscore(
    keys.activeReserveQueues,
    '+inf',
    since,
    'WITHSCORES',
    'LIMIT',
    0,
    options.limit,
  );
  const entries: { eventId: string; lastActivity: number }[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    entries.push({ eventId: flat[i] as string, lastActivity: Number(flat[i + 1]) });
  const eventIds = entries.map((entry) => entry.eventId).filter(isUuid);
  const events = eventIds.length
    ? await db.catalog
        .selectFrom('events')
        .select(['id', 'name', 'status'])
        .where('id', 'in', eventIds)
        .execute()
    : [];
  const byId = new Map(events.map((event) => [event.id, event]));
  const now = Date.now();
  const rows = await Promise.all(
    entries.map(async ({ eventId, lastActivity }) => {
      const queue = queues.get(reserveQueueName(eventId));
      const [counts, workers] = await Promise.all([
        queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed'),
        queue.getWorkersCount(),
      ]);
      return {
        eventID: eventId,
        name: byId.get(eventId)?.name ?? null,
        status: byId.get(eventId)?.status ?? null,
        queue: reserveQueueName(eventId),
        lastActivity: new Date(lastActivity).toISOString(),
        idle: now - lastActivity > idleAfterMs,
        workers,
        counts: {
          waiting: counts.waiting ?? 0,
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          completed: counts.completed ?? 0,
          failed: counts.failed ?? 0,
        },
        pinCommand: pinCommand(eventId),
      };
    }),
  );
  // Backlog first: the queue with the most waiting jobs is the one that needs workers of its own.
  return rows.sort((a, b) => b.counts.waiting + b.counts.active - (a.counts.waiting + a.counts.active));
}

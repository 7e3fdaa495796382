import { randomUUID } from 'node:crypto';
import { parseEnv, redisEnv } from '@boxoffice/config';
import { keys, QueueCache, reserveQueueName, workerConnection } from '@boxoffice/queue';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReserveQueues } from '../src/reserve-queues';

const env = parseEnv(redisEnv);
const redis = workerConnection(env.REDIS_URL);
const queues = new QueueCache(workerConnection(env.REDIS_URL));
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  await redis.ping();
});
afterAll(async () => {
  await queues.close();
  await redis.quit();
});

describe('ReserveQueues', () => {
  it('serves the queues of active events, processes their jobs, and closes them once idle', async () => {
    const eventId = randomUUID();
    const seen: unknown[] = [];
    const manager = new ReserveQueues({
      redis,
      connection: () => workerConnection(env.REDIS_URL),
      concurrency: 2,
      logger,
      idleMs: 60_000,
      process: async (data) => {
        seen.push(data);
        return 'done';
      },
    });
    await manager.start(60_000);
    await redis.zadd(keys.activeReserveQueues, Date.now(), eventId);
    await redis.publish(keys.activeReserveQueuesChanged, eventId);
    const deadline = Date.now() + 5000;
    while (!manager.served.includes(eventId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(manager.served).toContain(eventId);

    await queues.get(reserveQueueName(eventId)).add('reserve', { n: 1 });
    while (seen.length === 0 && Date.now() < deadline + 5000) await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([{ n: 1 }]);

    await redis.zadd(keys.activeReserveQueues, Date.now() - 120_000, eventId);
    await manager.refresh();
    expect(manager.served).not.toContain(eventId);
    await manager.close();
    await redis.zrem(keys.activeReserveQueues, eventId);
  });

  it('serves only pinned events when pinned', async () => {
    const pinned = randomUUID();
    const manager = new ReserveQueues({
      redis,
      connection: () => workerConnection(env.REDIS_URL),
      concurrency: 1,
      logger,
      pinnedEvents: [pinned],
      process: async () => null,
    });
    await redis.zadd(keys.activeReserveQueues, Date.now(), randomUUID());
    await manager.start(60_000);
    expect(manager.served).toEqual([pinned]);
    await manager.close();
  });
});

import { randomUUID } from 'node:crypto';
import { parseEnv, redisEnv } from '@boxoffice/config';
import { producerConnection, QueueCache, type ReserveJob, reserveQueueName } from '@boxoffice/queue';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReserveBatcher } from './reserve-batcher';

const env = parseEnv(redisEnv);
let redis: Redis;
let queues: QueueCache;

beforeAll(() => {
  redis = producerConnection(env.REDIS_URL);
  queues = new QueueCache(redis);
});
afterAll(async () => {
  await queues.close();
  await redis.quit();
});

const request = (eventId: string): ReserveJob => ({
  reservationId: randomUUID(),
  eventId,
  userId: randomUUID(),
  selection: { kind: 'seats', ticketIds: [randomUUID()] },
  idempotencyKey: null,
  replyTo: null,
  requestedAt: Date.now(),
});

/** The reserve jobs in an event's real BullMQ queue, oldest first: how many requests each carried and when it was added. */
async function jobsOf(eventId: string) {
  const jobs = await queues.get(reserveQueueName(eventId)).getJobs(['waiting'], 0, -1, true);
  return jobs.map((job) => ({ size: (job.data as { requests: ReserveJob[] }).requests.length, at: job.timestamp }));
}

describe('ReserveBatcher', () => {
  it('sends a lone request at once, and what arrives while an add is in flight as the next job', async () => {
    const eventId = randomUUID();
    const batcher = new ReserveBatcher(queues, 64, 0);
    await batcher.add(request(eventId));
    expect(await jobsOf(eventId)).toMatchObject([{ size: 1 }]);
    await Promise.all(Array.from({ length: 30 }, () => batcher.add(request(eventId))));
    const sizes = (await jobsOf(eventId)).map((job) => job.size);
    // The first of the 30 leaves alone; the other 29 gathered behind it.
    expect(sizes).toEqual([1, 1, 29]);
  });

  it('never puts more than the maximum in one job', async () => {
    const eventId = randomUUID();
    const batcher = new ReserveBatcher(queues, 10, 0);
    await Promise.all(Array.from({ length: 35 }, () => batcher.add(request(eventId))));
    expect((await jobsOf(eventId)).map((job) => job.size)).toEqual([1, 10, 10, 10, 4]);
  });

  it('under load spaces an event’s jobs at least the spacing apart; a small batch does not wait', async () => {
    const eventId = randomUUID();
    const spacingMs = 400;
    const batcher = new ReserveBatcher(queues, 8, spacingMs, 8);
    // 1 alone, then 8 (busy: the next waits), then 8 (busy), then 3.
    await Promise.all(Array.from({ length: 20 }, () => batcher.add(request(eventId))));
    const jobs = await jobsOf(eventId);
    expect(jobs.map((job) => job.size)).toEqual([1, 8, 8, 3]);
    const gaps = jobs.slice(1).map((job, i) => job.at - (jobs[i]?.at ?? 0));
    // After the lone first request nothing waited; after each full batch the next one did.
    expect(gaps[0]).toBeLessThan(spacingMs);
    expect(gaps[1]).toBeGreaterThanOrEqual(spacingMs - 5);
    expect(gaps[2]).toBeGreaterThanOrEqual(spacingMs - 5);
  });
});

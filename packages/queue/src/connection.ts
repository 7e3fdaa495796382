import { type DefaultJobOptions, Queue } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

/** Workers block on Redis and must retry forever (BullMQ requires maxRetriesPerRequest: null). */
export function workerConnection(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, ...options });
  redis.on('error', () => {});
  return redis;
}

/**
 * Plain commands on the hot path (locks, publishes, registry), auto-pipelined: a reserve batch's
 * replies, seat changes, reservation updates and lock releases leave in one write instead of one
 * each. Safe because every script goes through LuaScript's EVALSHA: ioredis 5.11's auto-pipelining
 * loses commands added with defineCommand, so no library that uses it may share this connection.
 */
export function commandConnection(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
  redis.on('error', () => {});
  return redis;
}

/** Producers fail fast so the API can answer 503 instead of queueing requests in memory. */
export function producerConnection(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => {});
  return redis;
}

export const defaultJobOptions: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 200 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 24 * 3600, count: 10_000 },
};

/** Queues are cached per process: one Queue object per name. */
export class QueueCache {
  private readonly queues = new Map<string, Queue>();
  constructor(private readonly connection: Redis) {}

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // No QueueEvents listeners here (answers go on reply channels), so keep no event stream.
      queue = new Queue(name, { connection: this.connection, defaultJobOptions, streams: { events: { maxLen: 0 } } });
      queue.on('error', () => {});
      this.queues.set(name, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}

import { eventIdOfReserveQueue, keys, reserveQueueName } from '@boxoffice/queue';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface ReserveQueuesOptions {
  redis: Redis;
  connection: () => Redis;
  concurrency: number;
  /** Serve only these events (a hot event's own worker processes); otherwise every active one. */
  pinnedEvents?: string[];
  process: (data: unknown) => Promise<unknown>;
  logger: Logger;
  /** An event whose API traffic stopped this long ago has its worker closed. */
  idleMs?: number;
  onCompleted?: (queue: string, result: unknown) => void;
}

/**
 * Keeps one BullMQ worker per reserve queue of the events on sale now. The API scores each
 * event in a sorted set with the time of its latest reservation; events gone quiet are closed,
 * so the number of queues served stays in the dozens even with many events on the books.
 */
export class ReserveQueues {
  private readonly workers = new Map<string, Worker>();
  private timer: NodeJS.Timeout | undefined;
  private subscriber: Redis | undefined;

  constructor(private readonly options: ReserveQueuesOptions) {}

  async start(intervalMs = 2000): Promise<void> {
    if (!this.options.pinnedEvents?.length) {
      const subscriber = this.options.connection();
      subscriber.on('message', () => void this.refresh().catch(() => {}));
      await subscriber.subscribe(keys.activeReserveQueuesChanged);
      this.subscriber = subscriber;
    }
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch((err) => this.options.logger.error({ err }, 'refreshing reserve queues failed')), intervalMs);
  }

  get served(): string[] {
    return [...this.workers.keys()];
  }

  async refresh(): Promise<void> {
    const idleMs = this.options.idleMs ?? 10 * 60_000;
    const active = this.options.pinnedEvents?.length
      ? this.options.pinnedEvents
      : await this.options.redis.zrangebyscore(keys.activeReserveQueues, Date.now() - idleMs, '+inf');
    for (const eventId of active) if (!this.workers.has(eventId)) this.open(eventId);
    for (const [eventId, worker] of this.workers) {
      if (!active.includes(eventId)) {
        this.workers.delete(eventId);
        await worker.close();
        this.options.logger.info({ eventId }, 'closed idle reserve queue');
      }
    }
  }

  private open(eventId: string) {
    const name = reserveQueueName(eventId);
    const worker = new Worker(name, (job) => this.options.process(job.data), {
      connection: this.options.connection(),
      concurrency: this.options.concurrency,
      // Reservation jobs take milliseconds: a short lock lets a crashed worker's jobs be retaken fast.
      lockDuration: 10_000,
      stalledInterval: 5_000,
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 24 * 3600, count: 10_000 },
    });
    worker.on('error', (err) => this.options.logger.error({ err, queue: name }, 'reserve worker error'));
    worker.on('failed', (job, err) => this.options.logger.warn({ err, queue: name, jobId: job?.id }, 'reserve job failed'));
    if (this.options.onCompleted) worker.on('completed', (_job, result) => this.options.onCompleted?.(name, result));
    this.workers.set(eventId, worker);
    this.options.logger.info({ eventId: eventIdOfReserveQueue(name) }, 'serving reserve queue');
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.subscriber?.quit().catch(() => {});
    await Promise.all([...this.workers.values()].map((worker) => worker.close()));
    this.workers.clear();
  }
}

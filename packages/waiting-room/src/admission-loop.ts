import type { CatalogDb, ShardRouter } from '@boxoffice/db';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { queueKeys } from './keys';
import { flushQueueLog } from './queue-log';
import { tickScript } from './scripts';
import type { QueueSettings } from './settings';

export interface AdmissionDeps {
  redis: Redis;
  catalog: CatalogDb;
  shards: ShardRouter;
}

export interface AdmissionOptions {
  /** How long an admitted fan has to reserve (the access token's life). */
  accessSeconds: number;
  /** How long a fan may be gone (no stream, no status call) before losing the place. */
  graceSeconds: number;
  tickMs: number;
  /** At most this many fans admitted, expired or reaped by one tick (bounds one script's time). */
  batchCap?: number;
  /** Seat counts are re-read at most this often. */
  stockTtlMs?: number;
}

export interface TickResult {
  admitted: string[];
  expired: number;
  reaped: number;
  soldOut: boolean;
  /** Redis time of the tick, ms. */
  at: number;
}

/** Seats still available on the event's shard (held and sold ones are not). */
export async function countAvailableSeats(shards: ShardRouter, eventId: string): Promise<number> {
  const row = await shards
    .forEvent(eventId)
    .db.selectFrom('tickets')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('event_id', '=', eventId)
    .where('status', '=', 'available')
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Admits one event's fans at its configured rate. Any number of these may run for the same event on
 * any number of machines: each tick is one Lua script that works out the allowance from Redis' clock and
 * the previous tick, so together they admit the configured rate and never the same fan twice.
 * Admission follows stock: it pauses while live grants cover every available seat and reports sold
 * out when none is left; it resumes when holds expire and seats come back.
 */
export class AdmissionLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stock: { value: number; at: number } | undefined;
  /** Nobody waiting and no live grant at the last tick: seats are re-counted less often. */
  private idle = false;
  private lastFlush = 0;

  constructor(
    private readonly deps: AdmissionDeps,
    private settings: QueueSettings,
    private readonly options: AdmissionOptions,
    private readonly onTick?: (result: TickResult) => void,
    private readonly onError?: (error: unknown) => void,
  ) {}

  get eventId(): string {
    return this.settings.eventId;
  }

  update(settings: QueueSettings): void {
    this.settings = settings;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return; // a slow tick is never overlapped by the next one
      this.running = this.tick()
        .then((result) => this.onTick?.(result))
        .catch((error) => this.onError?.(error))
        .finally(() => {
          this.running = undefined;
        });
    }, this.options.tickMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await flushQueueLog(this.deps.redis, this.deps.catalog, this.eventId).catch((error) =>
      this.onError?.(error),
    );
  }

  private async availableSeats(): Promise<number> {
    const ttl = this.idle ? 2000 : (this.options.stockTtlMs ?? 250);
    if (!this.stock || this.stock.at <= Date.now() - ttl) {
      this.stock = { value: await countAvailableSeats(this.deps.shards, this.eventId), at: Date.now() };
    }
    return this.stock.value;
  }

  async tick(): Promise<TickResult> {
    const k = queueKeys(this.eventId);
    const stock = await this.availableSeats();
    const reply = (await tickScript.run(
      this.deps.redis,
      [k.queue, k.admitted, k.seen, k.fans, k.state, k.rate, k.log],
      [
        this.settings.admissionRatePerSecond,
        stock,
        this.options.accessSeconds * 1000,
        this.options.graceSeconds * 1000,
        this.settings.opensAt?.getTime() ?? 0,
        this.options.batchCap ?? 1000,
        this.options.batchCap ?? 1000,
      ],
    )) as (number | string)[];
    const [, expired, reaped, soldOut, at, waiting, grants] = reply;
    this.idle = Number(waiting) === 0 && Number(grants) === 0;
    // Log lines are written in batches, about once a second, whoever wrote them.
    if (Date.now() - this.lastFlush > 1000) {
      this.lastFlush = Date.now();
      await flushQueueLog(this.deps.redis, this.deps.catalog, this.eventId);
    }
    return {
      admitted: reply.slice(7).map(String),
      expired: Number(expired),
      reaped: Number(reaped),
      soldOut: Number(soldOut) === 1,
      at: Number(at),
    };
  }
}

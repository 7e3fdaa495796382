import { LuaScript } from '@boxoffice/queue';
import type { ShardRouter } from '@boxoffice/db';
import type { SeatStatus } from '@boxoffice/search';
import type { Redis } from 'ioredis';
import { seatKeys } from './seat-keys';

const statuses = new Set<string>(['available', 'reserved', 'sold']);

// Add only the seats the hash does not know: a worker's HSET that landed while we read the shard is
// newer than our snapshot and must win.
const fillScript = new LuaScript(`
for i = 1, #ARGV - 1, 2 do
  redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('EXPIRE', KEYS[1], ARGV[#ARGV])
return 1
`);

/** A Map, or a WeakMap for object keys. */
interface InFlight<K, T> {
  get(key: K): Promise<T> | undefined;
  set(key: K, value: Promise<T>): unknown;
  delete(key: K): unknown;
}

interface Reading {
  /** The hash's value for each requested ticket, in order (null where the hash has none). */
  values: (string | null)[];
  seq: number;
}

export interface SeatSnapshot {
  /** One status per requested ticket, in the same order. */
  statuses: SeatStatus[];
  /** The seat-change sequence the snapshot includes (read atomically with the hash). */
  seq: number;
}

/**
 * Live seat statuses for event pages: the `seats:status:{eventId}` hash the booking workers update
 * after every committed change, completed from the event's shard the first time a seat is missing.
 * Concurrent reads of the same ticket list (one static page's) share one Redis round trip.
 */
export class SeatStatusStore {
  /** Reads in flight by ticket list: one static page's list, so the statuses line up with it. */
  private readonly reads = new WeakMap<readonly string[], Promise<Reading>>();
  private readonly fills = new Map<string, Promise<void>>();

  constructor(
    private readonly redis: Redis,
    private readonly shards: ShardRouter,
  ) {}

  async snapshot(eventId: string, ticketIds: readonly string[]): Promise<SeatSnapshot> {
    let reading = await this.read(eventId, ticketIds);
    if (reading.values.some((status) => !statuses.has(status ?? ''))) {
      await this.fill(eventId);
      reading = await this.read(eventId, ticketIds);
    }
    return {
      statuses: reading.values.map((status) => (statuses.has(status ?? '') ? (status as SeatStatus) : 'available')),
      seq: reading.seq,
    };
  }

  private read(eventId: string, ticketIds: readonly string[]): Promise<Reading> {
    return this.shared(this.reads, ticketIds, () => this.readNow(eventId, ticketIds));
  }

  /**
   * HMGET in the caller's ticket order: an array back, where HGETALL made ioredis build an object of
   * a thousand keys and each status then cost a lookup in it (a quarter of an event page's build).
   */
  private async readNow(eventId: string, ticketIds: readonly string[]): Promise<Reading> {
    const step = this.redis.multi().get(seatKeys.sequence(eventId));
    if (ticketIds.length > 0) step.hmget(seatKeys.status(eventId), ...ticketIds);
    const [seq, values = []] = ((await step.exec()) ?? []).map(([error, reply]) => {
      if (error) throw error;
      return reply;
    }) as [string | null, (string | null)[]?];
    return { values, seq: Number(seq ?? 0) };
  }

  private fill(eventId: string): Promise<void> {
    return this.shared(this.fills, eventId, async () => {
      const rows = await this.shards
        .forEvent(eventId)
        .db.selectFrom('tickets')
        .select(['id', 'status'])
        .where('event_id', '=', eventId)
        .execute();
      for (let i = 0; i < rows.length; i += 2000) {
        const pairs = rows.slice(i, i + 2000).flatMap((row) => [row.id, row.status]);
        await fillScript.run(this.redis, [seatKeys.status(eventId)], [...pairs, seatKeys.ttlSeconds]);
      }
    });
  }

  /** One `work` in flight per key: later callers get the same promise until it settles. */
  private shared<K, T>(inFlight: InFlight<K, T>, key: K, work: () => Promise<T>): Promise<T> {
    const pending = inFlight.get(key);
    if (pending) return pending;
    const started = work().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  }
}

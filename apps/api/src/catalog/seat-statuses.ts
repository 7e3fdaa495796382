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

interface Reading {
  byTicket: Record<string, string>;
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
 * Concurrent reads of one event share one Redis round trip.
 */
export class SeatStatusStore {
  private readonly reads = new Map<string, Promise<Reading>>();
  private readonly fills = new Map<string, Promise<void>>();

  constructor(
    private readonly redis: Redis,
    private readonly shards: ShardRouter,
  ) {}

  async snapshot(eventId: string, ticketIds: readonly string[]): Promise<SeatSnapshot> {
    let reading = await this.read(eventId);
    if (ticketIds.some((id) => !statuses.has(reading.byTicket[id] ?? ''))) {
      await this.fill(eventId);
      reading = await this.read(eventId);
    }
    return {
      statuses: ticketIds.map((id) => {
        const status = reading.byTicket[id] ?? '';
        return statuses.has(status) ? (status as SeatStatus) : 'available';
      }),
      seq: reading.seq,
    };
  }

  private read(eventId: string): Promise<Reading> {
    return this.shared(this.reads, eventId, async () => {
      const replies = await this.redis
        .multi()
        .get(seatKeys.sequence(eventId))
        .hgetall(seatKeys.status(eventId))
        .exec();
      const [seq, byTicket] = (replies ?? []).map(([error, reply]) => {
        if (error) throw error;
        return reply;
      }) as [string | null, Record<string, string>];
      return { byTicket, seq: Number(seq ?? 0) };
    });
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

  private shared<T>(inFlight: Map<string, Promise<T>>, eventId: string, work: () => Promise<T>): Promise<T> {
    const pending = inFlight.get(eventId);
    if (pending) return pending;
    const started = work().finally(() => inFlight.delete(eventId));
    inFlight.set(eventId, started);
    return started;
  }
}

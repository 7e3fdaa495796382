import { randomUUID } from 'node:crypto';
import { databaseEnv, parseEnv, redisEnv } from '@boxoffice/config';
import { connectDatabases, type Databases, newInventoryId } from '@boxoffice/db';
import type { ReserveJob } from '@boxoffice/queue';
import { keys } from '@boxoffice/queue';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingDeps } from './deps';
import { releaseExpiredHold } from './release-holds';
import { reserveSeats, reserveSeatsBatch } from './reserve-seats';
import { createTicketLocks } from './ticket-locks';

const env = parseEnv(databaseEnv.extend(redisEnv.shape));
let db: Databases;
let redis: Redis;
let deps: BookingDeps;

beforeAll(() => {
  db = connectDatabases(env);
  redis = new Redis(env.REDIS_URL);
  deps = { catalog: db.catalog, shards: db.shards, redis, holdSeconds: 900, paymentCapSeconds: 600, lockTtlMs: 200 };
});
afterAll(async () => {
  await redis.quit();
  await db.destroy();
});

async function seats(count: number, onShard?: number) {
  let eventId = randomUUID();
  while (onShard !== undefined && db.shards.forEvent(eventId).index !== onShard) eventId = randomUUID();
  const shard = db.shards.forEvent(eventId);
  const ids = Array.from({ length: count }, () => newInventoryId(shard.index));
  await shard.db
    .insertInto('tickets')
    .values(ids.map((id, i) => ({ id, event_id: eventId, section: 'A', row_label: '1', seat_number: i + 1, seat_label: `A-1-${i + 1}`, price_tier: 'P1', price_amount: 1000, currency: 'USD' })))
    .execute();
  return { eventId, ids, shard };
}

const job = (eventId: string, ticketIds: string[]): ReserveJob => ({
  reservationId: newInventoryId(db.shards.forEvent(eventId).index),
  eventId,
  userId: randomUUID(),
  selection: { kind: 'seats', ticketIds },
  idempotencyKey: null,
  replyTo: null,
  requestedAt: Date.now(),
});

describe('reserveSeats', () => {
  it('a worker paused past its lock TTL cannot overwrite the seats someone else took meanwhile', async () => {
    const { eventId, ids, shard } = await seats(2);
    const stale = job(eventId, ids);
    let resume: () => void = () => {};
    const paused = new Promise<void>((resolve) => {
      resume = resolve;
    });
    let reachedWrite: () => void = () => {};
    const atWrite = new Promise<void>((resolve) => {
      reachedWrite = resolve;
    });
    const slow = reserveSeats({ ...deps, beforeWrite: () => (reachedWrite(), paused) }, stale);
    await atWrite;
    await new Promise((r) => setTimeout(r, deps.lockTtlMs + 100)); // its Redis locks have lapsed
    const fast = await reserveSeats(deps, job(eventId, ids));
    expect(fast.ok).toBe(true);
    resume();
    const late = await slow;
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.code).toBe('TICKETS_UNAVAILABLE');
    const rows = await shard.db.selectFrom('tickets').select(['reservation_id']).where('id', 'in', ids).execute();
    expect(rows.every((r) => r.reservation_id === fast.reservationId)).toBe(true);
    expect(await shard.db.selectFrom('reservations').select('id').where('id', '=', stale.reservationId).executeTakeFirst()).toBeUndefined();
  });

  it('is idempotent: the same job twice answers the same reservation', async () => {
    const { eventId, ids } = await seats(1);
    const once = job(eventId, ids);
    const first = await reserveSeats(deps, once);
    const second = await reserveSeats(deps, once);
    expect(first).toEqual(second);
  });

  it('takes all locks or none, and releases only its own', async () => {
    const { ids } = await seats(3);
    const locks = createTicketLocks(redis, keys.ticketLock);
    expect(await locks.acquire([ids[1] as string], 'a', 5000)).toEqual([]);
    expect(await locks.acquire(ids, 'b', 5000)).toEqual([ids[1]]);
    expect(await redis.exists(keys.ticketLock(ids[0] as string))).toBe(0);
    expect(await locks.release([ids[1] as string], 'b')).toBe(0);
    expect(await locks.release([ids[1] as string], 'a')).toBe(1);
  });

  it('expires a due hold, frees its seats and announces them', async () => {
    const { eventId, ids, shard } = await seats(2);
    const reply = await reserveSeats({ ...deps, holdSeconds: 1 }, job(eventId, ids));
    expect(reply.ok).toBe(true);
    const early = await releaseExpiredHold(deps, reply.reservationId);
    expect(early.released).toBe(false);
    const subscriber = new Redis(env.REDIS_URL);
    const heard = new Promise<string>((resolve) => subscriber.on('message', (_c, m) => resolve(m)));
    await subscriber.subscribe(keys.seatsChannel(eventId));
    await new Promise((r) => setTimeout(r, 1100));
    expect((await releaseExpiredHold(deps, reply.reservationId)).released).toBe(true);
    const message = JSON.parse(await heard);
    // The database returns released rows in no guaranteed order.
    const byId = (a: { ticketID: string }, b: { ticketID: string }) => a.ticketID.localeCompare(b.ticketID);
    expect([...message.changes].sort(byId)).toEqual(ids.map((ticketID) => ({ ticketID, status: 'available' })).sort(byId));
    await subscriber.quit();
    const rows = await shard.db.selectFrom('tickets').select(['status', 'reservation_id']).where('id', 'in', ids).execute();
    expect(rows).toEqual([{ status: 'available', reservation_id: null }, { status: 'available', reservation_id: null }]);
  });
});

describe('reserveSeatsBatch', () => {
  it('holds a batch in one call, each reservation all or nothing on its own, first in the batch first served', async () => {
    const { eventId, ids, shard } = await seats(6);
    const [a, b, c, d, e, f] = ids as [string, string, string, string, string, string];
    const locks = createTicketLocks(redis, keys.ticketLock);
    expect(await locks.acquire([f], 'someone-else', 5000)).toEqual([]);
    const first = job(eventId, [a, b]);
    const jobs = [
      first,
      job(eventId, [b, c]), // wants a seat the first job of the batch takes
      job(eventId, [d]),
      first, // the same request twice (a redelivered job): the same reservation
      job(eventId, [e, newInventoryId(shard.index)]), // one ticket does not exist
      job(eventId, [f]), // locked by another worker right now
    ];
    const subscriber = new Redis(env.REDIS_URL);
    const messages: string[] = [];
    const updates: Record<string, unknown> = {};
    // The seat-change message and the two 'held' updates (one command for all of them).
    let pending = 3;
    const heard = new Promise<void>((resolve) =>
      subscriber.on('message', (channel, message) => {
        if (channel === keys.seatsChannel(eventId)) messages.push(message);
        else updates[channel] = JSON.parse(message);
        if (--pending === 0) resolve();
      }),
    );
    await subscriber.subscribe(keys.seatsChannel(eventId), ...new Set(jobs.map((j) => keys.reservationChannel(j.reservationId))));

    const replies = await reserveSeatsBatch(deps, jobs);
    expect(replies.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['ok', 'TICKETS_UNAVAILABLE', 'ok', 'ok', 'TICKET_NOT_FOUND', 'TICKETS_UNAVAILABLE']);
    expect(replies[3]).toEqual(replies[0]);
    expect(replies.map((r) => r.reservationId)).toEqual(jobs.map((j) => j.reservationId));

    const rows = await shard.db.selectFrom('tickets').select(['id', 'status', 'reservation_id']).where('id', 'in', ids).orderBy('seat_number').execute();
    expect(rows.map((r) => [r.status, r.reservation_id])).toEqual([
      ['reserved', first.reservationId],
      ['reserved', first.reservationId],
      ['available', null],
      ['reserved', jobs[2]?.reservationId],
      ['available', null],
      ['available', null],
    ]);
    const made = await shard.db.selectFrom('reservations').select('id').where('event_id', '=', eventId).execute();
    expect(made.map((r) => r.id).sort()).toEqual([first.reservationId, jobs[2]?.reservationId].sort());
    // Our locks are released; the other worker's lock is still its own.
    expect(await redis.exists(...[a, b, c, d, e].map(keys.ticketLock))).toBe(0);
    expect(await redis.get(keys.ticketLock(f))).toBe('someone-else');

    // One seat-change message for the batch, with every seat it held (published before the call returned).
    await heard;
    expect(messages).toHaveLength(1);
    const changes = JSON.parse(messages[0] as string).changes as { ticketID: string }[];
    expect(changes.map((ch) => ch.ticketID).sort()).toEqual([a, b, d].sort());
    // Each reservation held in the batch, and only those, told its listeners it is held.
    const held = (r: (typeof replies)[number]) => ({ reservationID: r.reservationId, status: 'held', expiresAt: r.ok ? r.expiresAt : null });
    expect(updates).toEqual({
      [keys.reservationChannel(first.reservationId)]: held(replies[0] as (typeof replies)[number]),
      [keys.reservationChannel(jobs[2]?.reservationId as string)]: held(replies[2] as (typeof replies)[number]),
    });
    await subscriber.quit();
  });

  it('takes locks for several owners in one call, each all or none, later owners seeing earlier ones', async () => {
    const { ids } = await seats(3);
    const [a, b, c] = ids as [string, string, string];
    const locks = createTicketLocks(redis, keys.ticketLock);
    const taken = await locks.acquireMany(
      [
        { owner: 'one', ticketIds: [a, b] },
        { owner: 'two', ticketIds: [b, c] },
        { owner: 'three', ticketIds: [c] },
      ],
      5000,
    );
    expect(taken).toEqual([[], [b], []]);
    expect(await redis.mget(...ids.map(keys.ticketLock))).toEqual(['one', 'one', 'three']);
    expect(await locks.releaseMany([{ owner: 'one', ticketIds: [a, b] }, { owner: 'two', ticketIds: [c] }])).toBe(2);
    expect(await redis.get(keys.ticketLock(c))).toBe('three');
  });
});

describe('reserve_seats_set (the batch hold in one statement)', () => {
  type Row = { request_id: string; outcome: string; reservation_id: string; expires_at: Date | null; details: unknown };
  const call = async (eventId: string, holds: { id: string; user: string; tickets: string[]; key?: string }[]) => {
    const shard = db.shards.forEvent(eventId);
    const result = await sql<Row>`
      select * from reserve_seats_set(${holds.map((h) => h.id)}::uuid[], ${eventId}, ${holds.map((h) => h.user)}::uuid[],
        ${JSON.stringify(holds.map((h) => h.tickets))}::jsonb, 900, ${holds.map((h) => h.key ?? null)}::text[])`.execute(shard.db);
    return result.rows;
  };
  const hold = (eventId: string, tickets: string[], key?: string) => ({
    id: newInventoryId(db.shards.forEvent(eventId).index),
    user: randomUUID(),
    tickets,
    ...(key ? { key } : {}),
  });

  it('judges each reservation on its own: held, taken, unknown, another event, replayed', async () => {
    const { eventId, ids, shard } = await seats(6);
    const other = await seats(1, shard.index); // another event on the same shard
    const [a, b, c, d, e] = ids as [string, string, string, string, string];
    const earlier = hold(eventId, [e], 'key-1');
    expect((await call(eventId, [earlier])).map((r) => r.outcome)).toEqual(['held']);

    const unknown = newInventoryId(shard.index);
    const holds = [
      hold(eventId, [a, b]),
      hold(eventId, [e, c]), // e is held by `earlier`
      hold(eventId, [d, unknown]),
      hold(eventId, [c, other.ids[0] as string]),
      earlier, // the same job again
      { ...hold(eventId, [c]), user: earlier.user, key: 'key-1' }, // the same Idempotency-Key replayed with a new id
    ];
    const rows = await call(eventId, holds);
    expect(rows.map((r) => r.outcome)).toEqual(['held', 'taken', 'missing', 'foreign', 'exists', 'exists']);
    expect(rows.map((r) => r.request_id)).toEqual(holds.map((h) => h.id));
    expect(rows[1]?.details).toEqual([{ ticketID: e, status: 'reserved' }]);
    expect(rows[2]?.details).toEqual([{ ticketID: unknown, status: 'unknown' }]);
    expect(rows[3]?.details).toEqual([{ ticketID: other.ids[0], field: 'ticketIDs', reason: 'belongs to another event' }]);
    expect(rows[4]?.reservation_id).toBe(earlier.id);
    expect(rows[5]?.reservation_id).toBe(earlier.id);
    expect(rows[5]?.details).toEqual([e]);

    const tickets = await shard.db.selectFrom('tickets').select(['id', 'status', 'reservation_id', 'version']).where('id', 'in', ids).orderBy('seat_number').execute();
    expect(tickets.map((t) => [t.status, t.reservation_id, t.version])).toEqual([
      ['reserved', holds[0]?.id, 1],
      ['reserved', holds[0]?.id, 1],
      ['available', null, 0],
      ['available', null, 0],
      ['reserved', earlier.id, 1],
      ['available', null, 0],
    ]);
    const reservation = await shard.db.selectFrom('reservations').selectAll().where('id', '=', holds[0]?.id as string).executeTakeFirstOrThrow();
    expect(reservation).toMatchObject({ status: 'held', ticket_ids: [a, b], total_amount: 2000, currency: 'USD', event_id: eventId });
  });

  it('two holds of one batch wanting the same seat: the statement is undone and the first one in the batch gets it', async () => {
    const { eventId, ids, shard } = await seats(3);
    const [a, b, c] = ids as [string, string, string];
    const holds = [hold(eventId, [a, b]), hold(eventId, [b, c]), hold(eventId, [c])];
    const rows = await call(eventId, holds);
    // reserve_seats_batch, one reservation at a time: the second finds b taken by the first, the third still gets c.
    expect(rows.map((r) => r.outcome)).toEqual(['held', 'taken', 'held']);
    expect(rows[1]?.details).toEqual([{ ticketID: b, status: 'reserved' }]);
    const tickets = await shard.db.selectFrom('tickets').select(['status', 'reservation_id']).where('id', 'in', ids).orderBy('seat_number').execute();
    expect(tickets.map((t) => t.reservation_id)).toEqual([holds[0]?.id, holds[0]?.id, holds[2]?.id]);
    const made = await shard.db.selectFrom('reservations').select('id').where('event_id', '=', eventId).execute();
    expect(made.map((r) => r.id).sort()).toEqual([holds[0]?.id, holds[2]?.id].sort());
  });
});

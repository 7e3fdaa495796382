import { randomUUID } from 'node:crypto';
import { databaseEnv, parseEnv, redisEnv } from '@boxoffice/config';
import { connectDatabases, type Databases } from '@boxoffice/db';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdmissionLoop, type AdmissionOptions, type TickResult } from './admission-loop';
import { queueKeys } from './keys';
import { QueueSettingsCache, type QueueSettings } from './settings';
import { createQueuedEvent, until } from './test-fixtures';
import { createQueueTokens } from './tokens';
import { WaitingRoom } from './waiting-room';

const env = parseEnv(databaseEnv.extend(redisEnv.shape));
let db: Databases;
const connections: Redis[] = [];
let room: WaitingRoom;
let settingsCache: QueueSettingsCache;

const connect = () => {
  const redis = new Redis(env.REDIS_URL);
  connections.push(redis);
  return redis;
};

beforeAll(() => {
  db = connectDatabases(env);
  settingsCache = new QueueSettingsCache(db.catalog, 3_600_000);
  room = new WaitingRoom(
    {
      redis: connect(),
      catalog: db.catalog,
      settings: settingsCache,
      tokens: createQueueTokens('x'.repeat(32)),
    },
    0,
  );
});
afterAll(async () => {
  await Promise.all(connections.map((redis) => redis.quit()));
  await db.destroy();
});

/**
 * The queue is switched on for this process only (not in the catalog), so admission loops of other
 * processes sharing the test database never tick these events while a test counts admissions.
 */
async function queuedEvent(seats: number, overrides: Partial<Omit<QueueSettings, 'eventId'>> = {}) {
  const event = await createQueuedEvent(db, seats);
  const settings: QueueSettings = {
    eventId: event.eventId,
    enabled: true,
    opensAt: null,
    admissionRatePerSecond: 100,
    memberPriority: true,
    ...overrides,
  };
  settingsCache.set(settings);
  return { ...event, settings };
}

const fans = (count: number) => Array.from({ length: count }, () => ({ id: randomUUID(), isMember: false }));

function loop(settings: QueueSettings, options: Partial<AdmissionOptions>, results: TickResult[]) {
  return new AdmissionLoop(
    { redis: connect(), catalog: db.catalog, shards: db.shards },
    settings,
    { accessSeconds: 600, graceSeconds: 3600, tickMs: 50, ...options },
    (result) => results.push(result),
  );
}

/** Each admitted fan's admission time (Redis clock, ms), read from the queue's fan records. */
async function admissionTimes(eventId: string): Promise<number[]> {
  const records = await connections[0]?.hvals(queueKeys(eventId).fans);
  return (records ?? [])
    .map((record) => record.split(':')[2])
    .filter((at): at is string => Boolean(at))
    .map(Number);
}

describe('admission loops', () => {
  it('two loops together admit the configured rate (within 5% over 10 s) and nobody twice', async () => {
    const { eventId, settings } = await queuedEvent(3000, { admissionRatePerSecond: 100 });
    const joined = fans(1600);
    for (let i = 0; i < joined.length; i += 200)
      await Promise.all(joined.slice(i, i + 200).map((fan) => room.join(fan, eventId)));

    const results: TickResult[] = [];
    const loops = [loop(settings, {}, results), loop(settings, {}, results)];
    for (const l of loops) l.start();
    const admittedCount = () => connections[0]?.zcard(queueKeys(eventId).admitted) ?? Promise.resolve(0);
    await until(admittedCount, (n) => n >= 1150, 40_000);
    await Promise.all(loops.map((l) => l.stop()));

    // Nobody twice: the loops' own reports hold no duplicate, and every fan is either still queued or admitted once.
    const reported = results.flatMap((result) => result.admitted);
    expect(new Set(reported).size).toBe(reported.length);
    const k = queueKeys(eventId);
    const [waiting, admitted] = await Promise.all([
      connections[0]?.zcard(k.queue),
      connections[0]?.zcard(k.admitted),
    ]);
    expect((waiting ?? 0) + (admitted ?? 0)).toBe(joined.length);
    expect(reported.length).toBeLessThanOrEqual(admitted ?? 0);

    // The rate, on Redis' clock: admissions in the ticks after the first one, up to the first tick 10 s later.
    const times = (await admissionTimes(eventId)).sort((a, b) => a - b);
    const first = times[0] ?? 0;
    const end = times.find((t) => t >= first + 10_000) ?? 0;
    expect(end).toBeGreaterThan(0);
    const inWindow = times.filter((t) => t > first && t <= end).length;
    const rate = inWindow / ((end - first) / 1000);
    expect(Math.abs(rate - 100) / 100).toBeLessThan(0.05);
  }, 60_000);

  it('admits no more fans than available seats, says sold out at zero, and resumes when seats come back', async () => {
    const { eventId, ticketIds, settings } = await queuedEvent(3, { admissionRatePerSecond: 200 });
    const joined = fans(6);
    for (const fan of joined) await room.join(fan, eventId);
    const results: TickResult[] = [];
    const admission = loop(settings, { stockTtlMs: 0 }, results);
    const k = queueKeys(eventId);
    const redis = connections[0] as Redis;

    // Three seats: three live grants, then admission pauses (not sold out: the seats are still available).
    await until(
      () => admission.tick().then(() => redis.zcard(k.admitted)),
      (n) => n >= 3,
    );
    // Well past the time the rate would allow more, it stays at three.
    const later = Date.now() + 300;
    await until(
      () => admission.tick(),
      () => Date.now() > later,
    );
    expect(await redis.zcard(k.admitted)).toBe(3);
    expect((await room.pulse(eventId)).soldOut).toBe(false);

    // Every seat held: sold out, and the admitted fans' grants are used up.
    const shard = db.shards.forEvent(eventId);
    await shard.db
      .updateTable('tickets')
      .set({ status: 'reserved', reservation_id: randomUUID() })
      .where('event_id', '=', eventId)
      .execute();
    for (const user of await redis.zrange(k.admitted, 0, -1))
      expect(await room.markReserved(eventId, user, 0)).toBe(true);
    await admission.tick();
    expect((await room.pulse(eventId)).soldOut).toBe(true);
    const [waiter] = await redis.zrange(k.queue, 0, 0);
    const soldOut = await room.status(waiter ?? '', eventId);
    expect(soldOut.state).toBe('sold_out');
    expect(soldOut.etaSeconds).toBeNull();
    expect(await redis.zcard(k.queue)).toBe(3);

    // A hold expires: one seat back, one more fan admitted, no longer sold out.
    await shard.db
      .updateTable('tickets')
      .set({ status: 'available', reservation_id: null })
      .where('id', '=', ticketIds[0] ?? '')
      .execute();
    await until(
      () => admission.tick().then(() => redis.zcard(k.admitted)),
      (n) => n >= 1,
    );
    expect((await room.pulse(eventId)).soldOut).toBe(false);
    const settled = Date.now() + 300;
    await until(
      () => admission.tick(),
      () => Date.now() > settled,
    );
    expect(await redis.zcard(k.admitted)).toBe(1);
    expect(await redis.zcard(k.queue)).toBe(2);
    await admission.stop();

    const log = await db.catalog
      .selectFrom('queue_log')
      .select(['leave_reason', 'admitted_at'])
      .where('event_id', '=', eventId)
      .execute();
    expect(log.map((row) => row.leave_reason)).toEqual(['reserved', 'reserved', 'reserved']);
    expect(log.every((row) => row.admitted_at !== null)).toBe(true);
  });

  it('a fan gone longer than the grace period loses the place; an unused grant frees its slot', async () => {
    const { eventId, settings } = await queuedEvent(1, { admissionRatePerSecond: 1000 });
    const [first, second, third] = fans(3) as [
      { id: string; isMember: boolean },
      { id: string; isMember: boolean },
      { id: string; isMember: boolean },
    ];
    for (const fan of [first, second, third]) await room.join(fan, eventId);
    const admission = loop(settings, { stockTtlMs: 0, accessSeconds: 1, graceSeconds: 1 }, []);
    const k = queueKeys(eventId);
    const redis = connections[0] as Redis;

    await admission.tick(); // starts the clock
    await until(
      () => admission.tick().then(() => redis.zscore(k.admitted, first.id)),
      (score) => score !== null,
    );
    // One seat: the first fan holds the only slot. The third keeps showing up; the second does not.
    const standings = await until(
      async () => {
        await room.standings(eventId, [third.id], true);
        await admission.tick();
        return room.standings(eventId, [first.id, second.id, third.id], false);
      },
      ({ standings }) => standings[1]?.kind === 'absent' && standings[0]?.kind === 'absent',
    );
    // The second fan was reaped; the first fan's grant ran out unused, so the third fan is admitted.
    expect(standings.standings.map((s) => s.kind)).toEqual(['absent', 'absent', 'admitted']);
    await admission.stop();

    const log = await db.catalog
      .selectFrom('queue_log')
      .select(['leave_reason', 'admitted_at', 'member'])
      .where('event_id', '=', eventId)
      .orderBy('seq')
      .execute();
    expect(log.map((row) => row.leave_reason).sort()).toEqual(['access_expired', 'stream_closed']);
    expect(log.find((row) => row.leave_reason === 'access_expired')?.admitted_at).not.toBeNull();
    expect(log.find((row) => row.leave_reason === 'stream_closed')?.admitted_at).toBeNull();
  });

  it('joining twice keeps the place', async () => {
    const { eventId } = await queuedEvent(10);
    const joined = fans(5);
    for (const fan of joined) await room.join(fan, eventId);
    const again = await room.join(joined[2] as { id: string; isMember: boolean }, eventId);
    expect(again.state).toBe('waiting');
    expect(again.position).toBe(3);
    expect(await connections[0]?.zcard(queueKeys(eventId).queue)).toBe(5);
  });
});

import { randomUUID } from 'node:crypto';
import { createTokenSigner } from '@boxoffice/auth';
import { bookingDeps } from '@boxoffice/booking';
import { catalogCacheKeys } from '@boxoffice/cache';
import { databaseEnv, parseEnv, redisEnv } from '@boxoffice/config';
import { connectDatabases, type Databases, newInventoryId } from '@boxoffice/db';
import { LocalPaymentGateway } from '@boxoffice/payments';
import { keys, producerConnection, QueueCache, reserveQueueName } from '@boxoffice/queue';
import { TRPCError } from '@trpc/server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type Services } from './context';
import { createRateLimits } from './rate-limit';
import { appRouter } from './root';
import { createCallerFactory, describeError } from './trpc';

const env = parseEnv(databaseEnv.extend(redisEnv.shape));
const signer = createTokenSigner('admin-test-secret-'.repeat(3), 3600);
let db: Databases;
let redis: Redis;
let queues: QueueCache;
let gateway: LocalPaymentGateway;
let services: Services;

beforeAll(async () => {
  db = connectDatabases(env);
  redis = new Redis(env.REDIS_URL);
  queues = new QueueCache(producerConnection(env.REDIS_URL));
  gateway = new LocalPaymentGateway({
    webhookSecret: 'whsec_admin_test',
    webhookUrl: 'http://127.0.0.1:9/unused',
  });
  const deps = {
    ...bookingDeps({ HOLD_SECONDS: 900, PAYMENT_HOLD_CAP_SECONDS: 600, TICKET_LOCK_TTL_MS: 2000 }, db, redis),
    gateway,
  };
  // Admin procedures use the databases, Redis, the payment gateway and the queue registry; the
  // fans' catalog reads and reply channels are not part of them and stay unset.
  services = {
    db,
    redis,
    signer,
    rateLimits: createRateLimits(redis, { disabled: true }),
    config: { refreshTtlDays: 30 },
    booking: { deps, confirmWaitMs: 0, requester: { queues } },
  } as unknown as Services;
});
afterAll(async () => {
  await queues.close();
  await gateway.close();
  await redis.quit();
  await db.destroy();
});

const call = createCallerFactory(appRouter);
async function as(role?: 'admin' | 'customer') {
  const headers: Record<string, string> = {};
  if (role)
    headers.authorization = `Bearer ${(await signer.sign({ id: randomUUID(), email: `${role}@example.test`, role, isMember: false })).token}`;
  return call(await createContext(services, { headers, ip: '127.0.0.1' }));
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, ...describeError(error) };
    throw error;
  }
  throw new Error('expected the call to fail');
}

const unique = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`;

/** A venue of 14 seats: section A (tier P1, 2 rows of 5) and section B (tier P2, 1 row of 4). */
async function createVenue() {
  const section = (code: string, tier: string, rows: number[], y: number) => ({
    code,
    name: `Section ${code}`,
    tier,
    x: 100,
    y,
    rotation: 0,
    seatPitch: 10,
    rowPitch: 10,
    rows: rows.map((seats, i) => ({ label: String(i + 1), seats })),
  });
  const map = {
    version: 1,
    width: 1000,
    height: 1000,
    sections: [section('A', 'P1', [5, 5], 100), section('B', 'P2', [4], 400)],
  };
  const venue = await db.catalog
    .insertInto('venues')
    .values({
      name: unique('Admin Hall'),
      address: '1 Test St',
      city: 'Testville',
      country: 'US',
      capacity: 14,
      seating_map: JSON.stringify(map),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return venue.id;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function draftEvent(name = unique('Admin Gala')) {
  const venueID = await createVenue();
  const admin = await as('admin');
  const created = await admin.admin.createEvent({
    name,
    description: 'A night of tests.',
    type: 'concert',
    startsAt: inDays(30),
    onSaleAt: inDays(1),
    venueID,
    currency: 'USD',
    priceTiers: [
      { code: 'P1', name: 'Front', price: 12_500 },
      { code: 'P2', name: 'Back', price: 4_000 },
    ],
  });
  return { admin, venueID, name, ...created };
}

describe('admin procedures', () => {
  it('answer 401 without a token and 403 to customers', async () => {
    expect((await failure((await as()).admin.events({}))).code).toBe('UNAUTHORIZED');
    expect((await failure((await as('customer')).admin.events({}))).code).toBe('FORBIDDEN');
    expect((await failure((await as('customer')).admin.createEvent({} as never))).code).toBe('FORBIDDEN');
  });

  it('creates a draft event with a ticket per seat, priced by tier, and lists it with its counts', async () => {
    const { admin, eventID, name, tickets } = await draftEvent();
    expect(tickets).toBe(14);
    const shard = db.shards.forEvent(eventID);
    const rows = await shard.db
      .selectFrom('tickets')
      .select(['section', 'price_amount', 'status'])
      .where('event_id', '=', eventID)
      .execute();
    expect(rows).toHaveLength(14);
    expect(rows.filter((t) => t.section === 'A').every((t) => t.price_amount === 12_500)).toBe(true);
    expect(rows.filter((t) => t.section === 'B').every((t) => t.price_amount === 4_000)).toBe(true);

    const listed = await admin.admin.events({ query: name });
    expect(listed.meta.total).toBe(1);
    expect(listed.events[0]).toMatchObject({
      eventID,
      status: 'draft',
      counts: { available: 14, reserved: 0, sold: 0, total: 14 },
      revenue: { amount: 0, currency: 'USD' },
    });
    expect((await admin.admin.events({ query: name, status: 'on_sale' })).meta.total).toBe(0);
    expect((await admin.admin.events({ query: eventID })).events.map((e) => e.eventID)).toEqual([eventID]);
  });

  it('refuses bad input with the field and writes nothing', async () => {
    const venueID = await createVenue();
    const admin = await as('admin');
    const name = unique('Broken');
    const base = {
      name,
      type: 'concert' as const,
      startsAt: inDays(30),
      onSaleAt: inDays(1),
      venueID,
      priceTiers: [
        { code: 'P1', name: 'Front', price: 100 },
        { code: 'P2', name: 'Back', price: 50 },
      ],
    };

    const missingTier = await failure(
      admin.admin.createEvent({ ...base, priceTiers: [{ code: 'P1', name: 'Front', price: 100 }] }),
    );
    expect(missingTier).toMatchObject({ code: 'BAD_REQUEST', details: [{ field: 'priceTiers' }] });
    expect(missingTier.message).toMatch(/P2/);
    const late = await failure(admin.admin.createEvent({ ...base, onSaleAt: inDays(40) }));
    expect(late).toMatchObject({ code: 'BAD_REQUEST', details: [{ field: 'onSaleAt' }] });
    const fractional = await failure(
      admin.admin.createEvent({ ...base, priceTiers: [{ code: 'P1', name: 'Front', price: 10.5 }] }),
    );
    expect(fractional).toMatchObject({ code: 'BAD_REQUEST', details: [{ field: 'priceTiers.0.price' }] });
    const noVenue = await failure(admin.admin.createEvent({ ...base, venueID: randomUUID() }));
    expect(noVenue).toMatchObject({
      code: 'BAD_REQUEST',
      details: [{ field: 'venueID', reason: 'no such venue' }],
    });
    const badDate = await failure(admin.admin.createEvent({ ...base, startsAt: 'next tuesday' }));
    expect(badDate).toMatchObject({ code: 'BAD_REQUEST', details: [{ field: 'startsAt' }] });

    expect((await admin.admin.events({ query: name })).meta.total).toBe(0);
  });

  it("edits conditionally on the version, re-mints a draft's tickets for new prices, and drops the cached page", async () => {
    const { admin, eventID } = await draftEvent();
    await redis.set(catalogCacheKeys.eventPage(eventID), '{"stale":true}');
    const renamed = await admin.admin.updateEvent({ eventID, version: 0, name: 'Renamed Gala' });
    expect(renamed).toEqual({ eventID, version: 1, tickets: null });
    expect(await redis.exists(catalogCacheKeys.eventPage(eventID))).toBe(0);

    const stale = await failure(admin.admin.updateEvent({ eventID, version: 0, name: 'Lost update' }));
    expect(stale).toMatchObject({
      code: 'CONFLICT',
      details: [{ field: 'version', reason: 'stale', current: 1 }],
    });

    const repriced = await admin.admin.updateEvent({
      eventID,
      version: 1,
      priceTiers: [
        { code: 'P1', name: 'Front', price: 15_000 },
        { code: 'P2', name: 'Back', price: 5_000 },
      ],
    });
    expect(repriced).toEqual({ eventID, version: 2, tickets: 14 });
    const detail = await admin.admin.event({ eventID });
    expect(detail).toMatchObject({
      name: 'Renamed Gala',
      version: 2,
      status: 'draft',
      counts: { available: 14, total: 14 },
    });
    expect(detail.priceTiers).toEqual([
      { code: 'P1', name: 'Front', price: 15_000 },
      { code: 'P2', name: 'Back', price: 5_000 },
    ]);
    const prices = await db.shards
      .forEvent(eventID)
      .db.selectFrom('tickets')
      .select('price_amount')
      .where('event_id', '=', eventID)
      .where('section', '=', 'A')
      .execute();
    expect(prices.every((t) => t.price_amount === 15_000)).toBe(true);
  });

  it('moves status along the allowed transitions only, fenced by the version', async () => {
    const { admin, eventID, name } = await draftEvent();
    const onSale = await admin.admin.setEventStatus({ eventID, status: 'on_sale', version: 0 });
    expect(onSale).toEqual({ eventID, status: 'on_sale', version: 1 });
    expect(
      (await admin.admin.events({ query: name, status: 'on_sale' })).events.map((e) => e.eventID),
    ).toEqual([eventID]);

    expect(
      await failure(admin.admin.setEventStatus({ eventID, status: 'cancelled', version: 0 })),
    ).toMatchObject({ code: 'CONFLICT', details: [{ field: 'version' }] });
    expect(await failure(admin.admin.setEventStatus({ eventID, status: 'draft', version: 1 }))).toMatchObject(
      { code: 'CONFLICT', details: [{ status: 'on_sale' }] },
    );
    const repriceLive = await failure(
      admin.admin.updateEvent({
        eventID,
        version: 1,
        priceTiers: [
          { code: 'P1', name: 'Front', price: 1 },
          { code: 'P2', name: 'Back', price: 1 },
        ],
      }),
    );
    expect(repriceLive).toMatchObject({ code: 'CONFLICT' });
    expect((await admin.admin.event({ eventID })).priceTiers.map((t) => t.price)).toEqual([12_500, 4_000]);

    expect((await admin.admin.event({ eventID })).nextStatuses).toEqual([
      'sold_out',
      'completed',
      'cancelled',
    ]);
    expect((await admin.admin.setEventStatus({ eventID, status: 'cancelled', version: 1 })).status).toBe(
      'cancelled',
    );
    expect(
      await failure(admin.admin.setEventStatus({ eventID, status: 'on_sale', version: 2 })),
    ).toMatchObject({ code: 'CONFLICT' });
    expect(
      await failure(admin.admin.setEventStatus({ eventID: randomUUID(), status: 'on_sale', version: 0 })),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows seats by section, revenue, and the latest orders; refunds an order once, through the gateway', async () => {
    const { admin, eventID } = await draftEvent();
    const shard = db.shards.forEvent(eventID);
    const buyerEmail = `buyer-${randomUUID().slice(0, 8)}@example.test`;
    const buyer = await db.catalog
      .insertInto('users')
      .values({ email: buyerEmail, password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const seats = await shard.db
      .selectFrom('tickets')
      .select(['id', 'price_amount'])
      .where('event_id', '=', eventID)
      .where('section', '=', 'A')
      .limit(2)
      .execute();
    const reservationId = newInventoryId(shard.index);
    const orderId = newInventoryId(shard.index);
    const total = seats.reduce((sum, seat) => sum + seat.price_amount, 0);
    // A paid order exactly as the payment webhook leaves it: seats sold, reservation confirmed, payment succeeded.
    await shard.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('reservations')
        .values({
          id: reservationId,
          event_id: eventID,
          user_id: buyer.id,
          status: 'confirmed',
          ticket_ids: seats.map((s) => s.id),
          total_amount: total,
          currency: 'USD',
          expires_at: new Date(),
        })
        .execute();
      await trx
        .updateTable('tickets')
        .set({ status: 'sold', reservation_id: reservationId })
        .where(
          'id',
          'in',
          seats.map((s) => s.id),
        )
        .execute();
      await trx
        .insertInto('orders')
        .values({
          id: orderId,
          reservation_id: reservationId,
          event_id: eventID,
          user_id: buyer.id,
          total_amount: total,
          currency: 'USD',
        })
        .execute();
      await trx
        .insertInto('payments')
        .values({
          id: newInventoryId(shard.index),
          reservation_id: reservationId,
          order_id: orderId,
          provider: 'local',
          provider_payment_id: `pi_local_${randomUUID().replaceAll('-', '')}`,
          amount: total,
          currency: 'USD',
          status: 'succeeded',
        })
        .execute();
    });

    const detail = await admin.admin.event({ eventID });
    expect(detail.counts).toEqual({ available: 12, reserved: 0, sold: 2, total: 14 });
    expect(detail.revenue).toEqual({ amount: 25_000, currency: 'USD' });
    expect(detail.sections).toEqual([
      { section: 'A', name: 'Section A', available: 8, reserved: 0, sold: 2 },
      { section: 'B', name: 'Section B', available: 4, reserved: 0, sold: 0 },
    ]);
    expect(detail.orders).toEqual([
      expect.objectContaining({ orderID: orderId, email: buyerEmail, status: 'confirmed' }),
    ]);
    expect(detail.reservations).toEqual([
      expect.objectContaining({ reservationID: reservationId, seats: 2, status: 'confirmed' }),
    ]);

    const byEmail = await admin.admin.orders({ email: buyerEmail.toUpperCase() });
    expect(byEmail.orders).toEqual([
      expect.objectContaining({
        orderID: orderId,
        status: 'confirmed',
        version: 0,
        total: { amount: 25_000, currency: 'USD' },
      }),
    ]);
    expect(byEmail.orders[0]?.seats).toHaveLength(2);
    expect(byEmail.orders[0]?.seats.every((label) => /^A-\d-\d$/.test(label))).toBe(true);
    expect((await admin.admin.orders({ orderID: orderId })).orders.map((o) => o.orderID)).toEqual([orderId]);
    expect((await admin.admin.orders({ orderID: randomUUID() })).orders).toEqual([]);
    expect(await failure(admin.admin.orders({}))).toMatchObject({
      code: 'BAD_REQUEST',
      details: [{ field: 'orderID' }],
    });

    const refunded = await admin.admin.refundOrder({ orderID: orderId, version: 0 });
    expect(refunded).toMatchObject({
      orderID: orderId,
      status: 'refunded',
      version: 1,
      payment: { status: 'refunded' },
    });
    expect(refunded.payment?.refundID).toMatch(/^re_local_/);
    expect(await failure(admin.admin.refundOrder({ orderID: orderId, version: 0 }))).toMatchObject({
      code: 'CONFLICT',
      details: [{ field: 'version' }],
    });
    expect(await failure(admin.admin.refundOrder({ orderID: orderId, version: 1 }))).toMatchObject({
      code: 'CONFLICT',
      message: 'This order is already refunded',
    });
    expect((await admin.admin.event({ eventID })).revenue.amount).toBe(0);
  });

  it('lists active reserve queues with their job counts and the command that pins workers to one', async () => {
    const admin = await as('admin');
    const eventId = randomUUID();
    const quietId = randomUUID();
    const queue = queues.get(reserveQueueName(eventId));
    try {
      await redis.zadd(keys.activeReserveQueues, Date.now() - 20 * 60_000, quietId);
      // Delayed, so a worker serving the test Redis cannot take it before we look.
      await queue.add('reserve', { probe: true }, { delay: 3_600_000 });
      await redis.zadd(keys.activeReserveQueues, Date.now() + 60_000, eventId);
      const { queues: listed } = await admin.admin.reserveQueues({ limit: 200 });
      const mine = listed.find((q) => q.eventID === eventId);
      expect(listed.every((q) => !q.idle)).toBe(true);
      expect(mine).toMatchObject({
        queue: `reserve-${eventId}`,
        idle: false,
        name: null,
        counts: { delayed: 1, failed: 0 },
      });
      expect(mine?.pinCommand).toBe(
        `WORKER_EVENTS=${eventId} WORKER_SERVES=reserve pnpm --filter @boxoffice/worker start`,
      );
      expect(listed.some((q) => q.eventID === quietId)).toBe(false);
      const withIdle = await admin.admin.reserveQueues({ limit: 200, includeIdle: true });
      expect(withIdle.queues.find((q) => q.eventID === quietId)).toMatchObject({
        idle: true,
        counts: { waiting: 0 },
      });
    } finally {
      await redis.zrem(keys.activeReserveQueues, eventId, quietId);
      await queue.obliterate({ force: true });
    }
  });
});

import { newInventoryId } from '@boxoffice/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEvent, fanToken } from './fixtures';
import { call, startTestApi, type TestApi } from './helpers';
import { checkInventory } from './invariants';
import { startWorker, type WorkerProcess } from './workers';

let api: TestApi;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  api = await startTestApi();
  // Two worker processes compete for the same event queues, as in production.
  workers = await Promise.all([startWorker({ RESERVE_CONCURRENCY: '8' }), startWorker({ RESERVE_CONCURRENCY: '8' })]);
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await api?.close();
});

/** Overlapping sets of 1-4 adjacent-ish seats out of `pool`. */
function overlappingSet(pool: string[], i: number): string[] {
  const size = (i % 4) + 1;
  const start = (i * 7) % pool.length;
  return Array.from({ length: size }, (_, k) => pool[(start + k * 3) % pool.length] as string).filter((id, k, all) => all.indexOf(id) === k);
}

describe('reserve under contention', () => {
  it('200 fans racing for 20 seats: every seat held at most once, no partial holds', async () => {
    const event = await createTestEvent(api.services, 20);
    const fans = await Promise.all(Array.from({ length: 200 }, () => fanToken(api.services)));
    const results = await Promise.all(
      fans.map((fan, i) =>
        call(api.url, '/reserve', { token: fan.token, body: { eventID: event.eventId, userID: fan.id, ticketIDs: overlappingSet(event.ticketIds, i) } }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => [201, 409, 429].includes(s))).toBe(true);
    const won = results.filter((r) => r.status === 201);
    expect(won.length).toBeGreaterThan(0);
    for (const res of results.filter((r) => r.status === 409)) {
      expect(res.body.error.code).toBe(409);
      expect(res.body.error.details.length).toBeGreaterThan(0);
      expect(res.body.error.details[0]).toHaveProperty('ticketID');
      expect(res.body.error.details[0]).toHaveProperty('status');
    }
    const inventory = await checkInventory(api.services, event.eventId);
    expect(inventory.problems).toEqual([]);
    expect(inventory.live.map((r) => r.id).sort()).toEqual(won.map((r) => r.body.reservationID).sort());
    for (const res of won) expect(res.body.expiresIn).toBeGreaterThan(890);
  });

  it('answers the seed shape and keeps the hold live for GET /reservations/{id}', async () => {
    const event = await createTestEvent(api.services, 4);
    const fan = await fanToken(api.services);
    const res = await call(api.url, '/reserve', { token: fan.token, body: { eventID: event.eventId, userID: fan.id, ticketIDs: event.ticketIds.slice(0, 2) } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ reservationID: expect.any(String), expiresIn: expect.any(Number), status: 'held' });
    const view = await call(api.url, `/reservations/${res.body.reservationID}`, { token: fan.token });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'held', total: { amount: 10000, currency: 'USD' } });
    expect(view.body.tickets.map((t: { status: string }) => t.status)).toEqual(['reserved', 'reserved']);
    const stranger = await fanToken(api.services);
    expect((await call(api.url, `/reservations/${res.body.reservationID}`, { token: stranger.token })).status).toBe(404);
  });

  it('picks best available seats together', async () => {
    const event = await createTestEvent(api.services, 20);
    const fan = await fanToken(api.services);
    const res = await call(api.url, '/reserve', { token: fan.token, body: { eventID: event.eventId, userID: fan.id, quantity: 3 } });
    expect(res.status).toBe(201);
    expect(res.body.ticketIDs).toEqual(event.ticketIds.slice(0, 3));
  });

  it('same Idempotency-Key, same answer; a different body with it is refused', async () => {
    const event = await createTestEvent(api.services, 4);
    const fan = await fanToken(api.services);
    const body = { eventID: event.eventId, userID: fan.id, ticketIDs: [event.ticketIds[0]] };
    const headers = { 'idempotency-key': `k-${fan.id}` };
    const first = await call(api.url, '/reserve', { token: fan.token, body, headers });
    const again = await call(api.url, '/reserve', { token: fan.token, body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.reservationID).toBe(first.body.reservationID);
    const other = await call(api.url, '/reserve', { token: fan.token, body: { ...body, ticketIDs: [event.ticketIds[1]] }, headers });
    expect(other.status).toBe(422);
  });
});

describe('reserve refuses bad requests', () => {
  it('400 for duplicates, too many, other events and malformed ids; 403 for another user; 404 unknown', async () => {
    const event = await createTestEvent(api.services, 10);
    const other = await createTestEvent(api.services, 2);
    const fan = await fanToken(api.services);
    const reserve = (body: Record<string, unknown>) => call(api.url, '/reserve', { token: fan.token, body: { eventID: event.eventId, userID: fan.id, ...body } });

    const dup = await reserve({ ticketIDs: [event.ticketIds[0], event.ticketIds[0]] });
    expect(dup.status).toBe(400);
    expect(dup.body.error.details[0].field).toBe('ticketIDs');
    expect((await reserve({ ticketIDs: event.ticketIds.slice(0, 9) })).status).toBe(400);
    expect((await reserve({ ticketIDs: ['nope'] })).status).toBe(400);
    const foreign = await reserve({ ticketIDs: [other.ticketIds[0]] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0]).toMatchObject({ ticketID: other.ticketIds[0] });
    expect((await reserve({ ticketIDs: [newInventoryId(event.shard)] })).status).toBe(404);
    expect((await call(api.url, '/reserve', { token: fan.token, body: { eventID: '00000000-0000-4000-8000-000000000000', userID: fan.id, ticketIDs: [event.ticketIds[0]] } })).status).toBe(404);
    expect((await reserve({ userID: '00000000-0000-4000-8000-000000000000', ticketIDs: [event.ticketIds[0]] })).status).toBe(403);
    expect((await call(api.url, '/reserve', { body: { eventID: event.eventId, userID: fan.id, ticketIDs: [event.ticketIds[0]] } })).status).toBe(401);
    const inventory = await checkInventory(api.services, event.eventId);
    expect(inventory.live).toEqual([]);
  });

  it('409 for an event that is not on sale yet', async () => {
    const event = await createTestEvent(api.services, 2, { onSale: false });
    const fan = await fanToken(api.services);
    const res = await call(api.url, '/reserve', { token: fan.token, body: { eventID: event.eventId, userID: fan.id, ticketIDs: [event.ticketIds[0]] } });
    expect(res.status).toBe(409);
  });

  it('429 with Retry-After once a fan spends the reserve limit', async () => {
    const event = await createTestEvent(api.services, 40);
    const fan = await fanToken(api.services);
    const results = [];
    for (let i = 0; i < 32; i++) {
      results.push(await call(api.url, '/reserve', { token: fan.token, body: { eventID: event.eventId, userID: fan.id, ticketIDs: [event.ticketIds[i]] } }));
    }
    expect(results.slice(0, 30).every((r) => r.status === 201)).toBe(true);
    expect(results.slice(30).map((r) => r.status)).toEqual([429, 429]);
    expect(Number(results[31]?.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

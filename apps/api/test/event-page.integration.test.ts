import { randomUUID } from 'node:crypto';
import { publishSeatChanges } from '@boxoffice/booking';
import { catalogCacheKeys, invalidateEventCaches } from '@boxoffice/cache';
import { fromBitmap, fromRunLength } from '@boxoffice/search';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogServices } from '../src/catalog/catalog-services';
import { EventPageBodies } from '../src/catalog/event-page-bodies';
import { createCatalogEvent, uniqueWord } from './catalog-fixtures';
import { fanToken } from './fixtures';
import { call, startTestApi, type TestApi, until } from './helpers';

let api: TestApi;

beforeAll(async () => {
  // These tests read the Redis layers and live seat status on every call: no microcache in front
  // (response-cache.integration.test.ts covers that layer).
  api = await startTestApi({ RESPONSE_CACHE_MS: '0' });
});
afterAll(async () => {
  await api?.close();
});

const fresh = (seats = 20) =>
  createCatalogEvent(api.services, {
    name: `Page Test ${uniqueWord()}`,
    city: 'Pageville',
    performers: ['Headliner', 'Support'],
    seats,
  });

async function counter(name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${api.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return Number(line?.split(' ')[1] ?? 0);
}

describe('GET /event/{eventID}', () => {
  it('answers the seed shape plus venue details, seating map, price tiers and the seat sequence', async () => {
    const event = await fresh(20);
    const res = await call(api.url, `/event/${event.eventId}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['event']);
    const body = res.body.event;
    expect(body).toMatchObject({
      eventID: event.eventId,
      name: expect.stringMatching(/^Page Test /),
      date: expect.any(String),
      status: 'on_sale',
      venue: { venueID: event.venueId, city: 'Pageville', location: null },
      performers: [
        { performerID: event.performerIds[0], name: 'Headliner', type: 'artist' },
        { performerID: event.performerIds[1], name: 'Support', type: 'artist' },
      ],
      seatingMap: { version: 1, sections: [] },
      priceTiers: [
        { code: 'P1', name: 'Floor', price: { amount: 5000, currency: 'USD' } },
        { code: 'P2', name: 'Balcony', price: { amount: 3000, currency: 'USD' } },
      ],
      seq: expect.any(Number),
    });
    expect(body.tickets).toHaveLength(20);
    expect(body.tickets[0]).toEqual({
      ticketID: event.ticketIds[0],
      seatNumber: 'A-1-1',
      section: 'A',
      row: '1',
      price: 5000,
      status: 'available',
    });
    expect(body.tickets.map((t: { ticketID: string }) => t.ticketID).sort()).toEqual(
      [...event.ticketIds].sort(),
    );
  });

  it('404 for an unknown event, 400 naming eventID for a malformed id', async () => {
    const unknown = await call(api.url, `/event/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe(404);
    const malformed = await call(api.url, '/event/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].field).toBe('eventID');
  });

  it('fills seat status from the shard on first use, then follows the workers live past the cached static part', async () => {
    const event = await fresh(6);
    const shard = api.services.db.shards.forEvent(event.eventId);
    // Sold before anyone looked: the status hash does not exist yet and must come from the shard.
    await shard.db
      .updateTable('tickets')
      .set({ status: 'sold', reservation_id: randomUUID() })
      .where('id', '=', event.ticketIds[0] as string)
      .execute();
    const first = await call(api.url, `/event/${event.eventId}`);
    expect(first.body.event.tickets[0].status).toBe('sold');

    const seq = first.body.event.seq;
    await publishSeatChanges(api.services.redis, event.eventId, [
      { ticketID: event.ticketIds[1] as string, status: 'reserved' },
      { ticketID: event.ticketIds[2] as string, status: 'sold' },
    ]);
    const second = await call(api.url, `/event/${event.eventId}`);
    expect(second.body.event.tickets.slice(0, 4).map((t: { status: string }) => t.status)).toEqual([
      'sold',
      'reserved',
      'sold',
      'available',
    ]);
    expect(second.body.event.seq).toBe(seq + 1);
    expect(await api.services.redis.exists(catalogCacheKeys.eventPage(event.eventId))).toBe(1);
  });

  it('a worker HSET that lands while the hash is filled from the shard is not overwritten', async () => {
    const event = await fresh(4);
    // The worker's newer status is in the hash; the shard (as read a moment earlier) still says available.
    await publishSeatChanges(api.services.redis, event.eventId, [
      { ticketID: event.ticketIds[3] as string, status: 'reserved' },
    ]);
    const res = await call(api.url, `/event/${event.eventId}`);
    expect(res.body.event.tickets.map((t: { status: string }) => t.status)).toEqual([
      'available',
      'available',
      'available',
      'reserved',
    ]);
  });

  it('serves the static part from Redis until invalidateEventCaches, then reloads it', async () => {
    const event = await fresh(4);
    const hits = await counter('cache_requests_total', 'cache="event",result="hit"');
    // Signed in, through the tRPC procedure: every answer reads the static part (anonymous readers
    // get bodies built from it once per page generation, below).
    const { token } = await fanToken(api.services);
    await call(api.url, `/event/${event.eventId}`, { token });
    await call(api.url, `/event/${event.eventId}`, { token });
    expect(await counter('cache_requests_total', 'cache="event",result="hit"')).toBe(hits + 1);

    await api.services.db.catalog
      .updateTable('events')
      .set({ name: 'Renamed Show' })
      .where('id', '=', event.eventId)
      .execute();
    expect((await call(api.url, `/event/${event.eventId}`)).body.event.name).not.toBe('Renamed Show');
    await invalidateEventCaches(api.services.redis, [event.eventId]);
    expect((await call(api.url, `/event/${event.eventId}`)).body.event.name).toBe('Renamed Show');
  });

  it('serialises an answer once per seat state and page generation, the same answer tRPC gives', async () => {
    const event = await fresh(8);
    const path = `/event/${event.eventId}`;
    const bodyHits = () => counter('cache_requests_total', 'cache="event-body",result="hit"');
    const bodyMisses = () => counter('cache_requests_total', 'cache="event-body",result="miss"');
    const [hits, misses] = [await bodyHits(), await bodyMisses()];
    const first = await call(api.url, path);
    const again = await call(api.url, path);
    expect(again.body).toEqual(first.body);
    expect([await bodyHits(), await bodyMisses()]).toEqual([hits + 1, misses + 1]);
    // A signed-in reader goes through the tRPC procedure and its output schema: the same answer.
    const { token } = await fanToken(api.services);
    expect((await call(api.url, path, { token })).body).toEqual(first.body);

    // A seat change is in the very next answer (no second of lag), with its sequence.
    await publishSeatChanges(api.services.redis, event.eventId, [{ ticketID: event.ticketIds[5] as string, status: 'sold' }]);
    const changed = await call(api.url, path);
    expect(changed.body.event.seq).toBe(first.body.event.seq + 1);
    expect(changed.body.event.tickets[5].status).toBe('sold');
    expect((await call(api.url, path, { token })).body).toEqual(changed.body);

    // So is a change of the page itself, once invalidated.
    await api.services.db.catalog.updateTable('events').set({ name: 'Now Renamed' }).where('id', '=', event.eventId).execute();
    await invalidateEventCaches(api.services.redis, [event.eventId]);
    const renamed = await call(api.url, path);
    expect(renamed.body.event.name).toBe('Now Renamed');
    expect(renamed.body.event.tickets[5].status).toBe('sold');
    expect(await bodyMisses()).toBe(misses + 3);
  });

  it('readers of an event share the build in flight, even when its seats changed since it began', async () => {
    const event = await fresh(4);
    let builds = 0;
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    // The catalog's reads as they are, the statuses held at a gate so the first build stays in flight.
    const catalog: CatalogServices = {
      ...api.services.catalog,
      seatSnapshot: async (eventId, ticketIds) => {
        const snapshot = await api.services.catalog.seatSnapshot(eventId, ticketIds);
        builds++;
        await gate;
        return snapshot;
      },
    };
    const bodies = new EventPageBodies(api.services.catalogRedis, catalog);
    const first = bodies.get(event.eventId);
    await until(async () => builds, (n) => n === 1);
    // A hold lands mid-build: the next reader sees a newer sequence, and still joins the build.
    await publishSeatChanges(api.services.redis, event.eventId, [{ ticketID: event.ticketIds[0] as string, status: 'reserved' }]);
    const second = bodies.get(event.eventId);
    await api.services.catalogRedis.ping();
    open();
    expect(await second).toBe(await first);
    expect(builds).toBe(1);
    // Once it is done, the newer sequence makes the next reader build again, with the hold in it.
    const third = JSON.parse(await bodies.get(event.eventId));
    expect(builds).toBe(2);
    expect(third.event.tickets.find((t: { ticketID: string }) => t.ticketID === event.ticketIds[0]).status).toBe('reserved');
  });

  it('1,000 concurrent first requests make one database load', async () => {
    const event = await fresh(10);
    const loads = await counter('cache_loads_total', 'cache="event"');
    const results = await Promise.all(
      Array.from({ length: 1000 }, () => call(api.url, `/event/${event.eventId}`)),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(await counter('cache_loads_total', 'cache="event"')).toBe(loads + 1);
  });
});

describe('GET /event/{eventID}/availability', () => {
  it('encodes every seat in ticket order, run-length or bitmap, with section counts and the sequence', async () => {
    const event = await fresh(40);
    await publishSeatChanges(api.services.redis, event.eventId, [
      { ticketID: event.ticketIds[0] as string, status: 'sold' },
      { ticketID: event.ticketIds[1] as string, status: 'sold' },
      { ticketID: event.ticketIds[25] as string, status: 'reserved' },
    ]);
    const page = await call(api.url, `/event/${event.eventId}`);
    const expected = page.body.event.tickets.map((t: { status: string }) => t.status);

    const rle = await call(api.url, `/event/${event.eventId}/availability`);
    expect(rle.status).toBe(200);
    expect(rle.body).toMatchObject({
      eventID: event.eventId,
      encoding: 'rle',
      ticketCount: 40,
      seq: page.body.event.seq,
      counts: { available: 37, reserved: 1, sold: 2 },
    });
    expect(rle.body.statuses).toBe('S2A23R1A14');
    expect(fromRunLength(rle.body.statuses)).toEqual(expected);
    expect(rle.body.sections).toEqual([
      { section: 'A', available: 18, reserved: 0, sold: 2 },
      { section: 'B', available: 19, reserved: 1, sold: 0 },
    ]);

    const bitmap = await call(api.url, `/event/${event.eventId}/availability?encoding=bitmap`);
    expect(bitmap.body.encoding).toBe('bitmap');
    expect(fromBitmap(bitmap.body.statuses, bitmap.body.ticketCount)).toEqual(expected);
  });

  it('400 for an unknown encoding, 404 for an unknown event', async () => {
    const event = await fresh(2);
    const bad = await call(api.url, `/event/${event.eventId}/availability?encoding=zip`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('encoding');
    expect((await call(api.url, `/event/${randomUUID()}/availability`)).status).toBe(404);
  });
});

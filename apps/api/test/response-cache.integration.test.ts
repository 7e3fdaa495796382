import { publishSeatChanges } from '@boxoffice/booking';
import { invalidateEventCaches } from '@boxoffice/cache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogEvent, uniqueWord } from './catalog-fixtures';
import { call, startTestApi, type TestApi, until } from './helpers';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ RESPONSE_CACHE_MS: '1000' });
});
afterAll(async () => {
  await api?.close();
});

const fresh = () =>
  createCatalogEvent(api.services, { name: `Micro ${uniqueWord()}`, city: 'Microville', performers: ['Solo'], seats: 4 });

async function counter(labels: string): Promise<number> {
  const text = await (await fetch(`${api.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`cache_requests_total{${labels}}`));
  return Number(line?.split(' ')[1] ?? 0);
}

const statuses = (body: { event: { tickets: { status: string }[] } }) => body.event.tickets.map((t) => t.status);

describe('the per-process microcache of public reads', () => {
  it('answers a repeated event page without Redis, byte for byte', async () => {
    const event = await fresh();
    const first = await call(api.url, `/event/${event.eventId}`);
    const [responseHits, redisHits] = [await counter('cache="response",result="hit"'), await counter('cache="event",result="hit"')];
    const second = await call(api.url, `/event/${event.eventId}`);
    expect(second.status).toBe(200);
    expect(second.headers.get('content-type')).toMatch(/^application\/json/);
    expect(second.body).toEqual(first.body);
    expect(await counter('cache="response",result="hit"')).toBe(responseHits + 1);
    expect(await counter('cache="event",result="hit"')).toBe(redisHits);
  });

  it('shows a seat change within a second (the page may lag live status by that much, no more)', async () => {
    const event = await fresh();
    expect(statuses((await call(api.url, `/event/${event.eventId}`)).body)).toEqual(['available', 'available', 'available', 'available']);
    await publishSeatChanges(api.services.redis, event.eventId, [{ ticketID: event.ticketIds[0] as string, status: 'reserved' }]);
    const seen = await until(
      () => call(api.url, `/event/${event.eventId}`),
      (res) => statuses(res.body)[0] === 'reserved',
      5_000,
    );
    expect(statuses(seen.body)).toEqual(['reserved', 'available', 'available', 'available']);
  });

  it('is emptied by invalidateEventCaches, so a catalog change shows on the next read', async () => {
    const event = await fresh();
    await call(api.url, `/event/${event.eventId}`);
    await api.services.db.catalog.updateTable('events').set({ name: 'Renamed Micro' }).where('id', '=', event.eventId).execute();
    expect((await call(api.url, `/event/${event.eventId}`)).body.event.name).not.toBe('Renamed Micro');
    await invalidateEventCaches(api.services.redis, [event.eventId]);
    const renamed = await until(
      () => call(api.url, `/event/${event.eventId}`),
      (res) => res.body.event.name === 'Renamed Micro',
      5_000,
    );
    expect(renamed.body.event.name).toBe('Renamed Micro');
    expect(api.services.responses.size).toBeLessThanOrEqual(1);
  });

  it('keeps errors out of it and still refuses bad input', async () => {
    const missing = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    expect((await call(api.url, `/event/${missing}`)).status).toBe(404);
    expect((await call(api.url, `/event/${missing}`)).status).toBe(404);
    expect((await call(api.url, '/search?page=0')).status).toBe(400);
    const ok = await call(api.url, `/search?query=${uniqueWord()}`);
    expect(ok.status).toBe(200);
    expect((await call(api.url, `/search?query=${uniqueWord()}&size=1000`)).body.error.details[0].field).toBe('size');
  });
});

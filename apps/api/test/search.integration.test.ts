import { catalogCacheKeys, invalidateEventCaches } from '@boxoffice/cache';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { normalisedSearch } from '../src/catalog/search-key';
import { type CatalogEvent, createCatalogEvent, uniqueWord } from './catalog-fixtures';
import { call, startTestApi, type TestApi } from './helpers';

let api: TestApi;
let city: string;
let word: string;
let eras: CatalogEvent;
let decoy: CatalogEvent;
let comedy: CatalogEvent;

const day = (iso: string) => new Date(`${iso}T20:00:00.000Z`);

beforeAll(async () => {
  api = await startTestApi();
  word = uniqueWord();
  city = `Searchville ${word}`;
  eras = await createCatalogEvent(api.services, {
    name: `Taylor Swift | The Eras Tour ${word}`,
    city,
    performers: ['Taylor Swift'],
    startsAt: day('2031-03-10'),
    location: { lat: 40.75, lon: -73.99 },
  });
  decoy = await createCatalogEvent(api.services, {
    name: `Tay Sweet Live ${word}`,
    city,
    performers: ['Tay Sweet'],
    startsAt: day('2031-03-12'),
  });
  comedy = await createCatalogEvent(api.services, {
    name: `Taylor Mason Laughs ${word}`,
    city,
    type: 'comedy',
    startsAt: day('2031-03-15'),
  });
  await createCatalogEvent(api.services, {
    name: `Taylor Swift Draft ${word}`,
    city,
    status: 'draft',
    startsAt: day('2031-03-11'),
  });
});
afterAll(async () => {
  await api?.close();
});
// Many searches from one address; the limiter itself is tested in rate-limit.integration.test.ts.
beforeEach(async () => {
  await api.services.redis.del('rl:search:ip:127.0.0.1');
});

const search = (params: Record<string, string | number>) =>
  call(
    api.url,
    `/search?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]))}`,
  );
const ids = (body: { events: { eventID: string }[] }) => body.events.map((e) => e.eventID);

async function cacheCounter(cache: string, result: 'hit' | 'miss'): Promise<number> {
  const text = await (await fetch(`${api.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`cache_requests_total{cache="${cache}",result="${result}"}`));
  return Number(line?.split(' ')[1] ?? 0);
}

describe('GET /search', () => {
  it('answers the seed shape: events with eventID, name, date, location, and meta', async () => {
    const res = await search({ query: word, location: city });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['events', 'meta']);
    expect(res.body.meta).toEqual({ total: 3, page: 1, size: 20 });
    const hit = res.body.events.find((e: { eventID: string }) => e.eventID === eras.eventId);
    expect(hit).toMatchObject({
      eventID: eras.eventId,
      name: `Taylor Swift | The Eras Tour ${word}`,
      date: '2031-03-10T20:00:00.000Z',
      location: expect.stringContaining(city),
      type: 'concert',
      performers: ['Taylor Swift'],
      lowestPrice: { amount: 3000, currency: 'USD' },
      venue: { venueID: eras.venueId, city },
    });
  });

  it('ranks "tayl swif" Taylor Swift first and leaves drafts out', async () => {
    const res = await search({ query: 'tayl swif', location: city });
    expect(res.status).toBe(200);
    expect(ids(res.body)[0]).toBe(eras.eventId);
    expect(res.body.events.every((e: { name: string }) => !e.name.includes('Draft'))).toBe(true);
  });

  it('filters by a day, a range, a type and coordinates', async () => {
    expect(ids((await search({ location: city, date: '2031-03-12' })).body)).toEqual([decoy.eventId]);
    expect(ids((await search({ location: city, date: '2031-03-10..2031-03-12' })).body)).toEqual([
      eras.eventId,
      decoy.eventId,
    ]);
    expect(ids((await search({ location: city, type: 'comedy' })).body)).toEqual([comedy.eventId]);
    const near = await search({ query: word, location: '40.76,-73.98', radius: 5 });
    expect(ids(near.body)).toEqual([eras.eventId]);
  });

  it('pages with size and page, keeping the total', async () => {
    const first = await search({ location: city, size: 2 });
    const second = await search({ location: city, size: 2, page: 2 });
    expect(first.body.meta).toEqual({ total: 3, page: 1, size: 2 });
    expect(second.body.meta).toEqual({ total: 3, page: 2, size: 2 });
    expect([...ids(first.body), ...ids(second.body)]).toEqual([eras.eventId, decoy.eventId, comedy.eventId]);
  });

  it.each([
    [{ page: 0 }, 'page'],
    [{ size: 1000 }, 'size'],
    [{ size: 0 }, 'size'],
    [{ size: 'ten' }, 'size'],
    [{ page: 600, size: 20 }, 'page'],
    [{ date: '2026-13-45' }, 'date'],
    [{ date: '2026-02-30' }, 'date'],
    [{ date: 'tomorrow' }, 'date'],
    [{ date: '2026-12-31..2026-12-01' }, 'date'],
    [{ type: 'opera' }, 'type'],
    [{ location: '95.1,10' }, 'location'],
  ] as [Record<string, string | number>, string][])('400 naming the field for %o', async (params, field) => {
    const res = await search(params);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(400);
    expect(res.body.error.details[0].field).toBe(field);
  });

  it('never fails on odd text', async () => {
    for (const query of ["'&|!:*()", '\\', 'a'.repeat(200), 'ŉ ½ ß', '   ']) {
      expect((await search({ query })).status).toBe(200);
    }
  });

  it('serves a repeated search from Redis until invalidateEventCaches retires it', async () => {
    const params = { query: `Eras ${word}`, location: city.toUpperCase() };
    const key = catalogCacheKeys.search(
      normalisedSearch({ text: params.query, city: params.location, page: 1, size: 20 }),
    );
    const hitsBefore = await cacheCounter('search', 'hit');
    const first = await search(params);
    expect(await api.services.redis.exists(key)).toBe(1);
    const second = await search({ ...params, query: `  eras   ${word.toUpperCase()}!` });
    expect(second.body).toEqual(first.body);
    expect(await cacheCounter('search', 'hit')).toBe(hitsBefore + 1);

    await api.services.db.catalog
      .updateTable('events')
      .set({ name: `Taylor Swift | Eras Reloaded ${word}` })
      .where('id', '=', eras.eventId)
      .execute();
    expect((await search(params)).body.events[0].name).toBe(`Taylor Swift | The Eras Tour ${word}`);
    await invalidateEventCaches(api.services.redis, [eras.eventId]);
    expect((await search(params)).body.events[0].name).toBe(`Taylor Swift | Eras Reloaded ${word}`);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = await call(api.url, '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/search', '/event/{eventID}', '/event/{eventID}/availability']),
    );
  });
});

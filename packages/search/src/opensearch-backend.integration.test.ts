import { randomUUID } from 'node:crypto';
import { databaseEnv, parseEnv } from '@boxoffice/config';
import { type CatalogDB, type CatalogDb, createKysely } from '@boxoffice/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDocument, EventType } from './backend';
import { describeSearchContract } from './contract';
import {
  createOpenSearchClient,
  deleteEventsIndex,
  ensureEventsIndex,
  eventsIndexName,
  OpenSearchBackend,
  type OpenSearchClient,
  reindexAll,
} from './opensearch';

// Against the real OpenSearch the test runner starts (infra/lib/opensearch.mjs) and the test databases
// (DATABASE_URL=.../boxoffice_test). Every index here is this run's own and is deleted afterwards; the
// database rows these tests create are theirs alone (unique ids and names) and are removed too.
const url = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:59200';
const run = `${process.pid}-${Date.now().toString(36)}`;
const prefix = `boxoffice-test-${run}`;
const index = eventsIndexName(prefix);

let client: OpenSearchClient;
let backend: OpenSearchBackend;

beforeAll(async () => {
  client = createOpenSearchClient(url);
  backend = new OpenSearchBackend(client, { index, indexSettings: { refreshInterval: '200ms' } });
  expect(await backend.ensureIndex()).toBe(true);
});

afterAll(async () => {
  await deleteEventsIndex(client, index);
  await backend.close();
  await client.close();
});

const t0 = Date.UTC(2031, 5, 1, 19, 0);
const day = 86_400_000;

function doc(overrides: Partial<EventDocument> & { name: string }): EventDocument {
  return {
    id: randomUUID(),
    version: 1,
    description: '',
    type: 'concert',
    startsAt: new Date(t0).toISOString(),
    status: 'on_sale',
    venue: {
      id: randomUUID(),
      name: 'Test Hall',
      city: 'Springfield',
      country: 'US',
      location: { lat: 40, lon: -75 },
    },
    performers: [],
    lowestPrice: { amount: 5000, currency: 'USD' },
    ...overrides,
  };
}

async function source(id: string): Promise<(EventDocument & { _version: number }) | null> {
  const res = await client.get({ index, id }, { ignore: [404] });
  if (!res.body.found) return null;
  return { ...(res.body._source as EventDocument), _version: res.body._version as number };
}

// The suite both backends pass. Its hook indexes the whole test catalog (the fixture's events included,
// drafts and cancelled ones too) into this run's own contract index, then refreshes it.
describeSearchContract('opensearch', async () => {
  const catalog = createKysely<CatalogDB>(parseEnv(databaseEnv).DATABASE_URL, 2);
  const contractIndex = eventsIndexName(`${prefix}-contract`);
  const contractBackend = new OpenSearchBackend(client, { index: contractIndex });
  return {
    backend: contractBackend,
    catalog,
    afterSeed: async (ids) => {
      const result = await reindexAll(client, catalog, { index: contractIndex, batchSize: 500 });
      expect(result.read).toBeGreaterThanOrEqual(ids.length);
    },
    teardown: async () => {
      await deleteEventsIndex(client, contractIndex);
      await catalog.destroy();
    },
  };
});

describe('the events index', () => {
  it('analyses text into 3-character grams (analysis-common is loaded)', async () => {
    const res = await client.indices.analyze({ index, body: { analyzer: 'event_ngram', text: 'Beyoncé' } });
    expect(res.body.tokens?.map((t) => t.token)).toEqual(['bey', 'eyo', 'yon', 'onc', 'nce']);
  });

  it('has the mapping the queries rely on', async () => {
    const res = await client.indices.getMapping({ index });
    const props = (res.body[index]?.mappings?.properties ?? {}) as Record<string, Record<string, unknown>>;
    expect(props.startsAt?.type).toBe('date');
    expect(props.status?.type).toBe('keyword');
    const venue = props.venue?.properties as Record<string, Record<string, unknown>>;
    expect(venue.location?.type).toBe('geo_point');
    expect(venue.city?.fields).toMatchObject({ keyword: { normalizer: 'caseless' } });
    const settings = await client.indices.getSettings({ index });
    expect(settings.body[index]?.settings?.index?.refresh_interval).toBe('200ms');
  });
});

describe('external versioning', () => {
  it('never lets an older version replace a newer one', async () => {
    const v2 = doc({ name: 'Versioned Show v2', version: 2 });
    expect(await backend.indexEvents([v2], { refresh: true })).toMatchObject({ applied: 1, stale: 0 });

    const v1 = { ...v2, version: 1, name: 'Versioned Show v1' };
    expect(await backend.indexEvents([v1], { refresh: true })).toMatchObject({ applied: 0, stale: 1 });
    expect(await source(v2.id)).toMatchObject({ name: 'Versioned Show v2', version: 2, _version: 2 });

    // The same version again: 'external' treats it as already applied; a repair ('external_gte') rewrites it.
    const sameVersion = { ...v2, name: 'Versioned Show v2 (venue renamed)' };
    expect(await backend.indexEvents([sameVersion])).toMatchObject({ applied: 0, stale: 1 });
    expect(await backend.indexEvents([sameVersion], { versionMode: 'external_gte' })).toMatchObject({
      applied: 1,
    });
    expect(await source(v2.id)).toMatchObject({ name: 'Versioned Show v2 (venue renamed)', _version: 2 });

    const v3 = { ...v2, version: 3, name: 'Versioned Show v3' };
    expect(await backend.indexEvents([v3, v1], { refresh: true })).toMatchObject({ applied: 1, stale: 1 });
    expect(await source(v2.id)).toMatchObject({ name: 'Versioned Show v3', _version: 3 });
  });

  it('deletes only what is not newer than the delete, and a late older write stays deleted', async () => {
    const v5 = doc({ name: 'Deleted Show', version: 5 });
    await backend.indexEvents([v5], { refresh: true });

    expect(await backend.deleteEvents([v5.id], 4)).toMatchObject({ applied: 0, stale: 1 });
    expect(await source(v5.id)).toMatchObject({ version: 5 });

    expect(await backend.deleteEvents([v5.id], 5, { refresh: true })).toMatchObject({ applied: 1 });
    expect(await source(v5.id)).toBeNull();

    // A change event of version 5 replayed after the delete (at-least-once delivery) does not resurrect it.
    expect(await backend.indexEvents([v5], { refresh: true })).toMatchObject({ applied: 0, stale: 1 });
    expect(await source(v5.id)).toBeNull();

    // Nor does a repair that read the row just before it was deleted ('external_gte' at the same version).
    expect(await backend.indexEvents([v5], { versionMode: 'external_gte', refresh: true })).toMatchObject({
      stale: 1,
    });
    expect(await source(v5.id)).toBeNull();

    // A delete that overtakes the create (change events out of order) still wins.
    const early = doc({ name: 'Overtaken Show', version: 2 });
    expect(await backend.deleteEvents([early.id], 2)).toMatchObject({ applied: 0, missing: 1 });
    expect(await backend.indexEvents([early], { refresh: true })).toMatchObject({ applied: 0, stale: 1 });
    expect(await source(early.id)).toBeNull();

    // An unversioned delete removes whatever is there.
    const other = doc({ name: 'Other Deleted Show' });
    await backend.indexEvents([other]);
    expect(await backend.deleteEvents([other.id])).toMatchObject({ applied: 1 });
  });

  it('indexes a batch in one bulk request and reports each outcome', async () => {
    const docs = Array.from({ length: 250 }, (_, i) => doc({ name: `Bulk Show ${i}`, version: 7 }));
    expect(await backend.indexEvents(docs)).toEqual({ applied: 250, stale: 0, missing: 0 });
    const older = docs.map((d) => ({ ...d, version: 6 }));
    expect(await backend.indexEvents(older, { refresh: true })).toEqual({
      applied: 0,
      stale: 250,
      missing: 0,
    });
    await backend.deleteEvents(
      docs.map((d) => d.id),
      7,
      { refresh: true },
    );
  });
});

describe('relevance', () => {
  const tag = `rel${run.replace(/\W/g, '')}`;
  const venue = (city: string) => ({
    id: randomUUID(),
    name: `${tag} Arena`,
    city,
    country: 'US',
    location: { lat: 34.05, lon: -118.24 },
  });
  const swift1 = doc({
    name: `Taylor Swift | The Eras Tour ${tag}`,
    performers: ['Taylor Swift', 'Sabrina Carpenter'],
    venue: venue('Los Angeles'),
  });
  const swift2 = doc({
    name: `Taylor Swift | The Eras Tour ${tag}`,
    performers: ['Taylor Swift'],
    venue: venue('London'),
    startsAt: new Date(t0 + 30 * day).toISOString(),
  });
  const lookalikes = [
    doc({ name: `Taylor Mac ${tag}`, performers: ['Taylor Mac'], type: 'theater', venue: venue('Tayloria') }),
    doc({ name: `Swift River Band ${tag}`, performers: ['Swift River Band'] }),
    doc({ name: `Tayla Parx ${tag}`, performers: ['Tayla Parx'] }),
    doc({ name: `Sway with Swifties ${tag}`, description: 'A tribute night for fans of swift pop songs.' }),
    doc({ name: `Stay Swim Fit ${tag}`, type: 'family' }),
  ];

  beforeAll(async () => {
    await backend.indexEvents([swift1, swift2, ...lookalikes], { refresh: true });
  });

  it('ranks Taylor Swift first for a partial, misspelled "tayl swif"', async () => {
    const result = await backend.search({ text: 'tayl swif', page: 1, size: 10 });
    expect(
      result.events
        .slice(0, 2)
        .map((e) => e.eventID)
        .sort(),
    ).toEqual([swift1.id, swift2.id].sort());
    expect(result.events[0]?.performers).toContain('Taylor Swift');
  });

  it.each(['taylor swift', 'Taylor Swift', 'taylr swfit', 'tailor swift', 'swift taylor', 'TAYLOR SW'])(
    'ranks Taylor Swift first for "%s"',
    async (text) => {
      const result = await backend.search({ text, page: 1, size: 10 });
      expect(
        result.events
          .slice(0, 2)
          .map((e) => e.eventID)
          .sort(),
      ).toEqual([swift1.id, swift2.id].sort());
    },
  );

  it('returns the seed shape with location "Venue, City" and the lowest price', async () => {
    const result = await backend.search({ text: `tayl swif ${tag}`, city: 'los angeles', page: 1, size: 10 });
    expect(result.total).toBe(1);
    expect(result.events[0]).toEqual({
      eventID: swift1.id,
      name: swift1.name,
      date: swift1.startsAt,
      location: `${tag} Arena, Los Angeles`,
      type: 'concert',
      venue: { id: swift1.venue.id, name: `${tag} Arena`, city: 'Los Angeles' },
      performers: ['Taylor Swift', 'Sabrina Carpenter'],
      lowestPrice: { amount: 5000, currency: 'USD' },
    });
  });

  it('does not match unrelated events on shared letters alone', async () => {
    const result = await backend.search({ text: `tayl swif`, page: 1, size: 100 });
    const ids = result.events.map((e) => e.eventID);
    expect(ids).not.toContain(lookalikes[4]?.id); // "Stay Swim Fit"
  });
});

describe('filters and paging', () => {
  const city = `Filterville ${run}`;
  const base = (i: number, type: EventType, status = 'on_sale') =>
    doc({
      name: `Filter Event ${i}`,
      type,
      status,
      startsAt: new Date(t0 + i * day).toISOString(),
      venue: {
        id: randomUUID(),
        name: `Filter Venue ${i}`,
        city,
        country: 'US',
        // i < 5: Denver, else Boulder (about 40 km away)
        location: i < 5 ? { lat: 39.7392, lon: -104.9903 } : { lat: 40.015, lon: -105.2705 },
      },
    });
  const docs = [
    ...Array.from({ length: 8 }, (_, i) => base(i, i % 2 === 0 ? 'sports' : 'comedy')),
    base(8, 'sports', 'draft'),
    base(9, 'sports', 'cancelled'),
    base(10, 'sports', 'sold_out'),
  ];

  beforeAll(async () => {
    await backend.indexEvents(docs, { refresh: true });
  });

  it('filters by city case-insensitively and hides draft and cancelled events', async () => {
    const result = await backend.search({ city: city.toUpperCase(), page: 1, size: 100 });
    expect(result.total).toBe(9);
    expect(result.events.map((e) => e.name)).not.toContain('Filter Event 8');
    expect(result.events.map((e) => e.name)).not.toContain('Filter Event 9');
    // Filter-only searches come soonest first.
    expect(result.events.map((e) => e.name).slice(0, 2)).toEqual(['Filter Event 0', 'Filter Event 1']);
  });

  it('filters by type, date range and distance', async () => {
    const q = { city, page: 1, size: 100 };
    expect((await backend.search({ ...q, type: 'comedy' })).total).toBe(4);
    const range = await backend.search({ ...q, from: new Date(t0 + 2 * day), to: new Date(t0 + 4 * day) });
    expect(range.events.map((e) => e.name)).toEqual(['Filter Event 2', 'Filter Event 3', 'Filter Event 4']);
    const denver = await backend.search({ ...q, near: { lat: 39.7392, lon: -104.9903, radiusKm: 10 } });
    expect(denver.total).toBe(5);
    const both = await backend.search({ ...q, near: { lat: 39.7392, lon: -104.9903, radiusKm: 60 } });
    expect(both.total).toBe(9);
  });

  it('pages with page/size and keeps the total', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const result = await backend.search({ city, page, size: 3 });
      expect(result).toMatchObject({ total: 9, page, size: 3 });
      seen.push(...result.events.map((e) => e.eventID));
    }
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    const beyond = await backend.search({ city, page: 200, size: 100 });
    expect(beyond).toMatchObject({ total: 9, events: [] });
  });
});

describe('a refused search', () => {
  it('throws with the status and the node\'s reason rather than an empty result', async () => {
    const missing = new OpenSearchBackend(client, { index: `${prefix}-missing-events` });
    try {
      await expect(missing.search({ text: 'anything', page: 1, size: 20 })).rejects.toMatchObject({
        name: 'SearchRequestError',
        statusCode: 404,
        message: expect.stringContaining('index_not_found_exception'),
      });
    } finally {
      await missing.close();
    }
  });
});

describe('bulk reindex from PostgreSQL', () => {
  const env = parseEnv(databaseEnv);
  const reindexTarget = eventsIndexName(`${prefix}-reindex`);
  const tag = `Reindex${run.replace(/\W/g, '')}`;
  let catalog: CatalogDb;
  const venueId = randomUUID();
  const performerIds = [randomUUID(), randomUUID()];
  const eventIds = [randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    catalog = createKysely<CatalogDB>(env.DATABASE_URL, 2);
    await catalog
      .insertInto('venues')
      .values({
        id: venueId,
        name: `${tag} Stadium`,
        address: '1 Test Way',
        city: 'Reindex City',
        country: 'US',
        latitude: 47.6,
        longitude: -122.3,
        capacity: 100,
      })
      .execute();
    await catalog
      .insertInto('performers')
      .values([
        { id: performerIds[0] as string, name: `${tag} Headliner`, type: 'artist' },
        { id: performerIds[1] as string, name: `${tag} Opener`, type: 'artist' },
      ])
      .execute();
    const onSale = new Date(t0 - 30 * day);
    await catalog
      .insertInto('events')
      .values(
        eventIds.map((id, i) => ({
          id,
          name: `${tag} Night ${i}`,
          description: `Event ${i} of the reindex test`,
          type: 'concert' as const,
          starts_at: new Date(t0 + i * day),
          on_sale_at: onSale,
          venue_id: venueId,
          status: i === 2 ? ('draft' as const) : ('on_sale' as const),
          version: 3,
        })),
      )
      .execute();
    await catalog
      .insertInto('event_performers')
      .values([
        { event_id: eventIds[0] as string, performer_id: performerIds[1] as string, billing_order: 1 },
        { event_id: eventIds[0] as string, performer_id: performerIds[0] as string, billing_order: 0 },
      ])
      .execute();
    await catalog
      .insertInto('event_price_tiers')
      .values([
        { event_id: eventIds[0] as string, code: 'A', name: 'Front', price_amount: 12000, currency: 'USD' },
        { event_id: eventIds[0] as string, code: 'B', name: 'Back', price_amount: 4500, currency: 'USD' },
      ])
      .execute();
  });

  afterAll(async () => {
    await deleteEventsIndex(client, reindexTarget);
    await catalog.deleteFrom('events').where('id', 'in', eventIds).execute();
    await catalog.deleteFrom('performers').where('id', 'in', performerIds).execute();
    await catalog.deleteFrom('venues').where('id', '=', venueId).execute();
    await catalog.destroy();
  });

  const get = async (id: string) => {
    const res = await client.get({ index: reindexTarget, id }, { ignore: [404] });
    return res.body.found ? { ...(res.body._source as EventDocument), _version: res.body._version } : null;
  };

  it('loads every event with its venue, performers and lowest price, at its version', async () => {
    const result = await reindexAll(client, catalog, { index: reindexTarget, batchSize: 50 });
    expect(result.created).toBe(true);
    expect(result.read).toBeGreaterThanOrEqual(3);
    expect(result.indexed).toBe(result.read);

    expect(await get(eventIds[0] as string)).toEqual({
      id: eventIds[0],
      version: 3,
      _version: 3,
      name: `${tag} Night 0`,
      description: 'Event 0 of the reindex test',
      type: 'concert',
      startsAt: new Date(t0).toISOString(),
      status: 'on_sale',
      venue: {
        id: venueId,
        name: `${tag} Stadium`,
        city: 'Reindex City',
        country: 'US',
        location: { lat: 47.6, lon: -122.3 },
      },
      performers: [`${tag} Headliner`, `${tag} Opener`],
      lowestPrice: { amount: 4500, currency: 'USD' },
    });
    expect(await get(eventIds[1] as string)).toMatchObject({ performers: [], lowestPrice: null });

    // The draft is indexed (CDC repairs need it) but never found.
    expect(await get(eventIds[2] as string)).toMatchObject({ status: 'draft' });
    const search = new OpenSearchBackend(client, { index: reindexTarget });
    const found = await search.search({ text: `${tag} night`, page: 1, size: 10 });
    expect(found.events.map((e) => e.eventID).sort()).toEqual([eventIds[0], eventIds[1]].sort());
    expect(found.total).toBe(2);
  });

  it('refreshes changed rows, keeps newer documents, and prunes deleted events', async () => {
    // A same-version change in a joined table (a venue rename) reaches the index on a reindex.
    await catalog
      .updateTable('venues')
      .set({ name: `${tag} Dome` })
      .where('id', '=', venueId)
      .execute();
    // A change the CDC path already indexed at a newer version than the database row says.
    const { _version, ...indexed } = (await get(eventIds[1] as string)) ?? {};
    expect(_version).toBe(3);
    const newer = { ...(indexed as EventDocument), version: 9, name: `${tag} From CDC` };
    await new OpenSearchBackend(client, { index: reindexTarget }).indexEvents([newer]);
    // An event deleted from PostgreSQL while its document stayed behind.
    const orphan = doc({ name: `${tag} Orphan` });
    await new OpenSearchBackend(client, { index: reindexTarget }).indexEvents([orphan]);

    const result = await reindexAll(client, catalog, { index: reindexTarget, batchSize: 50 });
    expect(result.created).toBe(false);
    expect(result.stale).toBe(1);
    expect(result.pruned).toBe(1);

    expect(await get(eventIds[0] as string)).toMatchObject({ venue: { name: `${tag} Dome` } });
    expect(await get(eventIds[1] as string)).toMatchObject({ version: 9, name: `${tag} From CDC` });
    expect(await get(orphan.id)).toBeNull();
  });

  it('creates its target with the events mapping', async () => {
    expect(await ensureEventsIndex(client, reindexTarget)).toBe(false);
  });
});

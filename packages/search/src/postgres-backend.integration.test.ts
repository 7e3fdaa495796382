import { randomUUID } from 'node:crypto';
import { databaseEnv, parseEnv } from '@boxoffice/config';
import { type CatalogDb, connectDatabases, type Databases } from '@boxoffice/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSearchContract } from './contract';
import { seedContractFixture } from './contract-fixture';
import { eventDocumentPages, loadEventDocuments } from './event-documents';
import { PostgresSearchBackend } from './postgres-backend';

const env = parseEnv(databaseEnv);

describeSearchContract('postgres', async () => {
  const db = connectDatabases(env);
  return {
    backend: new PostgresSearchBackend(db.catalog),
    catalog: db.catalog,
    teardown: () => db.destroy(),
  };
});

describe('postgres search projection', () => {
  let db: Databases;
  let catalog: CatalogDb;
  beforeAll(() => {
    db = connectDatabases(env);
    catalog = db.catalog;
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('follows renamed performers and venues, status changes and price changes in the same transaction', async () => {
    const fixture = await seedContractFixture(catalog);
    const backend = new PostgresSearchBackend(catalog);
    const scoped = (text: string) =>
      backend.search({ text, from: fixture.window.from, to: fixture.window.to, page: 1, size: 20 });
    const eras = fixture.ids.byName['eras-a'] as string;

    const newName = `Zephyrine ${fixture.token}`;
    await catalog
      .updateTable('performers')
      .set({ name: newName })
      .where('id', '=', (qb) =>
        qb.selectFrom('event_performers').select('performer_id').where('event_id', '=', eras).limit(1),
      )
      .execute();
    const renamed = await scoped('zephyrine');
    expect(renamed.events.map((e) => e.eventID)).toContain(eras);
    expect(renamed.events.find((e) => e.eventID === eras)?.performers).toEqual([newName]);

    const venue = await catalog
      .selectFrom('events')
      .select('venue_id')
      .where('id', '=', eras)
      .executeTakeFirstOrThrow();
    await catalog
      .updateTable('venues')
      .set({ name: 'Quillfeather Dome' })
      .where('id', '=', venue.venue_id)
      .execute();
    const byVenue = await scoped('quillfeather');
    expect(byVenue.total).toBe(fixture.ids.inCityA.length);
    expect(byVenue.events[0]?.location).toBe(`Quillfeather Dome, ${fixture.cities.a}`);

    await catalog
      .updateTable('event_price_tiers')
      .set({ price_amount: 100 })
      .where('event_id', '=', eras)
      .where('code', '=', 'P1')
      .execute();
    expect((await scoped('quillfeather')).events.find((e) => e.eventID === eras)?.lowestPrice).toEqual({
      amount: 100,
      currency: 'USD',
    });

    await catalog.updateTable('events').set({ status: 'cancelled' }).where('id', '=', eras).execute();
    expect((await scoped('quillfeather')).events.map((e) => e.eventID)).not.toContain(eras);
    await catalog.updateTable('events').set({ status: 'on_sale' }).where('id', '=', eras).execute();
    expect((await scoped('quillfeather')).events.map((e) => e.eventID)).toContain(eras);
  });

  it('answers the same from the postings list as from the GIN index, and keeps the postings current', async () => {
    const fixture = await seedContractFixture(catalog);
    const backend = new PostgresSearchBackend(catalog);
    const window = { from: fixture.window.from, to: fixture.window.to, page: 1, size: 20 };
    // A distance filter is answered through the GIN index; without one, through event_search_words.
    const everywhere = { ...fixture.venueA, radiusKm: 20_000 };
    for (const text of ['tayl swif', 'taylr swift', 'tay', 'eras tour', 'miserables', 'harbr']) {
      const posted = await backend.search({ ...window, text });
      const indexed = await backend.search({ ...window, text, near: everywhere });
      expect(posted, text).toEqual(indexed);
    }

    const words = () =>
      sql<{ posted: number; documented: number }>`
        select (select count(*) from event_search_words where event_id = any(${fixture.ids.all}::uuid[]))::int as posted,
               (select coalesce(sum(length(document)), 0) from event_search where event_id = any(${fixture.ids.all}::uuid[]))::int as documented`
        .execute(catalog)
        .then((r) => r.rows[0]);
    expect((await words())?.posted).toBe((await words())?.documented);
    const eras = fixture.ids.byName['eras-a'] as string;
    await catalog.updateTable('events').set({ name: `Quillon ${fixture.token}` }).where('id', '=', eras).execute();
    expect((await backend.search({ ...window, text: 'quillon' })).events.map((e) => e.eventID)).toEqual([eras]);
    await catalog.updateTable('events').set({ status: 'cancelled' }).where('id', '=', eras).execute();
    expect((await backend.search({ ...window, text: 'quillon' })).total).toBe(0);
    const after = await words();
    expect(after?.posted).toBe(after?.documented);
  });

  it('continues past the ranked window in date order without gaps or repeats', async () => {
    const fixture = await seedContractFixture(catalog);
    const narrow = new PostgresSearchBackend(catalog, { rankWindow: 3 });
    const query = { text: 'tay', from: fixture.window.from, to: fixture.window.to };
    const pages = await Promise.all([1, 2, 3].map((page) => narrow.search({ ...query, page, size: 2 })));
    const paged = pages.flatMap((p) => p.events.map((e) => e.eventID));
    const whole = (await narrow.search({ ...query, page: 1, size: 100 })).events.map((e) => e.eventID);
    expect(paged).toEqual(whole);
    expect(new Set(paged).size).toBe(5);
    // Past the window, soonest first.
    const tail = whole.slice(3).map((id) => fixture.startsAt[id]?.getTime() ?? 0);
    expect(tail).toEqual([...tail].sort((a, b) => a - b));
  });

  it('loads event documents with venue, performers in billing order and the lowest price', async () => {
    const fixture = await seedContractFixture(catalog);
    const erasB = fixture.ids.byName['eras-b'] as string;
    const missing = randomUUID();
    const docs = await loadEventDocuments(catalog, [erasB, fixture.ids.byName.secret as string, missing]);
    expect(docs.map((d) => d.id).sort()).toEqual([erasB, fixture.ids.byName.secret].sort());
    expect(docs.find((d) => d.id === erasB)).toMatchObject({
      name: 'Taylor Swift | The Eras Tour',
      status: 'sold_out',
      type: 'concert',
      version: 0,
      performers: ['Taylor Swift', 'Sabrina Carpenter'],
      lowestPrice: { amount: 12000, currency: 'USD' },
      venue: {
        name: 'Ridge Hall',
        city: fixture.cities.b,
        country: 'NZ',
        location: { lat: expect.any(Number), lon: expect.any(Number) },
      },
    });
    expect(await loadEventDocuments(catalog, [])).toEqual([]);
  });

  it('pages every document by id', async () => {
    let seen = 0;
    let last = '';
    for await (const page of eventDocumentPages(catalog, 500)) {
      for (const doc of page) {
        expect(doc.id > last).toBe(true);
        last = doc.id;
      }
      seen += page.length;
      if (seen >= 1500) break;
    }
    expect(seen).toBeGreaterThan(0);
  });
});

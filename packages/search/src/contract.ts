import type { CatalogDb } from '@boxoffice/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchBackend, SearchQuery, SearchResult } from './backend';
import { type ContractFixture, seedContractFixture } from './contract-fixture';

export interface SearchContractSubject {
  backend: SearchBackend;
  /** Where the fixture's events are inserted: the catalog the backend reads or is indexed from. */
  catalog: CatalogDb;
  /**
   * Make the freshly inserted events searchable, e.g. index their documents and refresh the index.
   * Gets every inserted id, draft and cancelled ones included. The PostgreSQL backend needs nothing.
   */
  afterSeed?: (eventIds: readonly string[]) => Promise<void>;
  teardown?: () => Promise<void>;
}

/**
 * The behaviour every search backend owes the API, run against real engines. Usage, in a
 * `*.integration.test.ts`:
 *
 *   describeSearchContract('opensearch', async () => ({ backend, catalog, afterSeed: (ids) => index(ids) }));
 */
export function describeSearchContract(name: string, setup: () => Promise<SearchContractSubject>): void {
  describe(`search contract: ${name}`, () => {
    let subject: SearchContractSubject;
    let fixture: ContractFixture;
    /** Searches inside this run's window, so other data in the database cannot change the answers. */
    const search = (query: Partial<SearchQuery>): Promise<SearchResult> =>
      subject.backend.search({
        from: fixture.window.from,
        to: fixture.window.to,
        page: 1,
        size: 20,
        ...query,
      });
    const ids = (result: SearchResult) => result.events.map((hit) => hit.eventID);
    const sorted = (values: readonly string[]) => [...values].sort();

    beforeAll(async () => {
      subject = await setup();
      fixture = await seedContractFixture(subject.catalog);
      await subject.afterSeed?.(fixture.ids.all);
    });
    afterAll(async () => {
      await subject?.teardown?.();
    });

    it('ranks Taylor Swift events first for the partial query "tayl swif"', async () => {
      const result = await search({ text: 'tayl swif' });
      expect(sorted(ids(result).slice(0, 2))).toEqual(sorted(fixture.ids.taylorSwift));
    });

    it('forgives a misspelling: "taylr swift"', async () => {
      const result = await search({ text: 'taylr swift' });
      expect(sorted(ids(result).slice(0, 2))).toEqual(sorted(fixture.ids.taylorSwift));
    });

    it('forgives a swapped first pair of letters: "tyalor swift"', async () => {
      const result = await search({ text: 'tyalor swift' });
      expect(sorted(ids(result).slice(0, 2))).toEqual(sorted(fixture.ids.taylorSwift));
    });

    it('ranks a Taylor Swift event first across the whole catalog too', async () => {
      const result = await subject.backend.search({ text: 'tayl swif', page: 1, size: 5 });
      expect(result.events[0]?.name).toMatch(/taylor swift/i);
    });

    it('ignores case and accents: "miserables" and "MISÉRABLES" find "Les Misérables"', async () => {
      expect(ids(await search({ text: 'miserables' }))[0]).toBe(fixture.ids.byName['les-mis']);
      expect(ids(await search({ text: 'MISÉRABLES' }))[0]).toBe(fixture.ids.byName['les-mis']);
      expect(ids(await search({ text: 'BLUEY' }))[0]).toBe(fixture.ids.byName.bluey);
    });

    it('lists every listed event and no draft or cancelled one, soonest first without text', async () => {
      const result = await search({ size: 100 });
      expect(result.total).toBe(fixture.ids.listed.length);
      expect(sorted(ids(result))).toEqual(sorted(fixture.ids.listed));
      const dates = result.events.map((hit) => hit.date);
      expect(dates).toEqual([...dates].sort());
      const hidden = await search({ text: 'taylor swift', size: 100 });
      for (const id of fixture.ids.hidden) expect(ids(hidden)).not.toContain(id);
    });

    it('answers hits in the shared shape', async () => {
      const result = await search({ text: 'eras tour', city: fixture.cities.a });
      expect(result.events[0]).toEqual({
        eventID: fixture.ids.byName['eras-a'],
        name: 'Taylor Swift | The Eras Tour',
        date: fixture.startsAt[fixture.ids.byName['eras-a'] as string]?.toISOString(),
        location: `Harbor Arena, ${fixture.cities.a}`,
        type: 'concert',
        venue: { id: expect.any(String), name: 'Harbor Arena', city: fixture.cities.a },
        performers: ['Taylor Swift'],
        lowestPrice: { amount: 9000, currency: 'USD' },
      });
    });

    it('filters by city, case-insensitively, alone and with text', async () => {
      const a = await search({ city: fixture.cities.a });
      expect(sorted(ids(a))).toEqual(sorted(fixture.ids.inCityA));
      expect(a.total).toBe(fixture.ids.inCityA.length);
      const b = await search({ city: fixture.cities.b.toUpperCase() });
      expect(sorted(ids(b))).toEqual(sorted(fixture.ids.inCityB));
      const both = await search({ text: 'taylor swift', city: fixture.cities.b });
      expect(ids(both)[0]).toBe(fixture.ids.byName['eras-b']);
    });

    it('filters by distance from a point', async () => {
      const close = await search({ near: { ...fixture.venueA, radiusKm: 50 } });
      expect(sorted(ids(close))).toEqual(sorted(fixture.ids.inCityA));
      const wide = await search({ near: { ...fixture.venueA, radiusKm: 500 } });
      expect(sorted(ids(wide))).toEqual(sorted(fixture.ids.listed));
    });

    it('filters by a date range, both ends inclusive', async () => {
      const first = fixture.startsAt[fixture.ids.byName['eras-a'] as string] as Date;
      const third = fixture.startsAt[fixture.ids.byName['eras-b'] as string] as Date;
      const result = await subject.backend.search({ from: first, to: third, page: 1, size: 20 });
      expect(ids(result)).toEqual([
        fixture.ids.byName['eras-a'],
        fixture.ids.byName['tay-sweet'],
        fixture.ids.byName['eras-b'],
      ]);
      const dayStart = new Date(Date.UTC(third.getUTCFullYear(), third.getUTCMonth(), third.getUTCDate()));
      const oneDay = await subject.backend.search({
        from: dayStart,
        to: new Date(dayStart.getTime() + 86_400_000 - 1),
        page: 1,
        size: 20,
      });
      expect(ids(oneDay)).toEqual([fixture.ids.byName['eras-b']]);
    });

    it('filters by type', async () => {
      expect(ids(await search({ type: 'comedy' }))).toEqual([fixture.ids.byName.mason]);
      expect(ids(await search({ type: 'theater' }))).toEqual([fixture.ids.byName['les-mis']]);
      expect((await search({ type: 'family', city: fixture.cities.b })).total).toBe(0);
    });

    it('pages without gaps or repeats, with the same total on every page', async () => {
      const pages = await Promise.all([1, 2, 3, 4].map((page) => search({ page, size: 4 })));
      expect(pages.map((p) => p.events.length)).toEqual([4, 4, 1, 0]);
      expect(pages.map((p) => p.total)).toEqual([9, 9, 9, 9].map(() => fixture.ids.listed.length));
      expect(pages.map((p) => [p.page, p.size])).toEqual([
        [1, 4],
        [2, 4],
        [3, 4],
        [4, 4],
      ]);
      const all = pages.flatMap(ids);
      expect(new Set(all).size).toBe(all.length);
      expect(sorted(all)).toEqual(sorted(fixture.ids.listed));
    });

    it('pages ranked text results consistently too', async () => {
      const whole = ids(await search({ text: 'tay', size: 100 }));
      const paged = (
        await Promise.all([1, 2, 3].map((page) => search({ text: 'tay', page, size: 2 })))
      ).flatMap(ids);
      expect(paged).toEqual(whole.slice(0, 6));
    });

    it('honours the page size, from one hit to the maximum', async () => {
      const one = await search({ size: 1 });
      expect(one.events).toHaveLength(1);
      expect(one.total).toBe(fixture.ids.listed.length);
      const max = await search({ size: 100 });
      expect(max.events).toHaveLength(fixture.ids.listed.length);
    });

    it('answers an empty page, not an error, for text that matches nothing', async () => {
      const result = await search({ text: 'qqzzxv' });
      expect(result).toMatchObject({ events: [], total: 0, page: 1, size: 20 });
    });
  });
}

import { randomUUID } from 'node:crypto';
import { databaseEnv, parseEnv } from '@boxoffice/config';
import { type CatalogDB, createKysely } from '@boxoffice/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadEventDocuments } from '../event-documents';
import { createOpenSearchClient } from './client';
import { checkConsistency, formatConsistencyReport, repairConsistency } from './consistency';
import {
  deleteEventsIndex,
  eventsIndexName,
  indexEvents,
} from './events-index';
import { reindexAll } from './reindex';

// Against the real OpenSearch and the test catalog: an index of this run's own, loaded by the bulk reindex,
// then damaged in each of the three ways the check knows (missing, extra, stale), then repaired. The two
// events damaged are this run's own rows.
const run = `${process.pid}-${Date.now().toString(36)}`;
const index = eventsIndexName(`boxoffice-test-consistency-${run}`);
const client = createOpenSearchClient(process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:59200');
const catalog = createKysely<CatalogDB>(parseEnv(databaseEnv).DATABASE_URL, 2);
const ids = [randomUUID(), randomUUID()] as const;
const missingId = randomUUID();
let venueId = '';

beforeAll(async () => {
  const venue = await catalog
    .insertInto('venues')
    .values({
      name: `Consistency Hall ${run}`,
      address: '1 Test Way',
      city: 'Testville',
      country: 'US',
      capacity: 10,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  venueId = venue.id;
  await catalog
    .insertInto('events')
    .values(
      ids.map((id, i) => ({
        id,
        name: `Consistency ${i} ${run}`,
        type: 'concert' as const,
        venue_id: venueId,
        starts_at: new Date(Date.UTC(2250, 0, 1)),
        on_sale_at: new Date(Date.UTC(2249, 0, 1)),
        version: 3,
      })),
    )
    .execute();
  await reindexAll(client, catalog, { index });
});

afterAll(async () => {
  await deleteEventsIndex(client, index);
  await client.close();
  await catalog
    .deleteFrom('events')
    .where('id', 'in', [...ids, missingId])
    .execute();
  await catalog.deleteFrom('venues').where('id', '=', venueId).execute();
  await catalog.destroy();
});

it('finds missing, extra and stale documents and repairs them through the bulk write path', async () => {
  expect((await checkConsistency(client, catalog, index)).extra).toEqual([]);
  const [extraSource, stale] = await loadEventDocuments(catalog, [...ids]);
  if (!extraSource || !stale) throw new Error('fixture events not found');
  const extraId = randomUUID();
  // Missing: a row written after the load, as if its change had been lost. Extra: a document with no row.
  // Stale: the row moves on while the index keeps version 3. (Deleting documents and writing them
  // back would race the delete tombstones' collection and be refused now and then.)
  const missing = { id: missingId };
  await catalog
    .insertInto('events')
    .values({
      id: missingId,
      name: `Consistency missing ${run}`,
      type: 'concert' as const,
      venue_id: venueId,
      starts_at: new Date(Date.UTC(2250, 0, 1)),
      on_sale_at: new Date(Date.UTC(2249, 0, 1)),
      version: 3,
    })
    .execute();
  await indexEvents(client, index, [{ ...extraSource, id: extraId }]);
  await catalog.updateTable('events').set({ version: 4 }).where('id', '=', stale.id).execute();

  const damaged = await checkConsistency(client, catalog, index);
  expect(damaged.missing).toContain(missing.id);
  expect(damaged.extra).toEqual([extraId]);
  expect(damaged.stale).toContainEqual({ id: stale.id, postgres: 4, index: 3 });
  expect(damaged.opensearch.checksum).not.toBe(damaged.postgres.checksum);
  expect(formatConsistencyReport(damaged).join('\n')).toContain(`extra   ${extraId}`);

  const repaired = await repairConsistency(client, catalog, damaged);
  expect(repaired).toMatchObject({ deleted: 1, ahead: [] });
  const after = await checkConsistency(client, catalog, index);
  // Nothing feeds this index: only events other suites created meanwhile may be missing now.
  expect(after.missing.filter((id) => damaged.missing.includes(id))).toEqual([]);
  expect(after.extra).toEqual([]);
  expect(after.stale.filter((s) => s.id === stale.id)).toEqual([]);
});

import { randomUUID } from 'node:crypto';
import { databaseEnv, parseEnv } from '@boxoffice/config';
import { type CatalogDB, createKysely } from '@boxoffice/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadEventDocuments } from '../event-documents';
import { createOpenSearchClient } from './client';
import { checkConsistency, formatConsistencyReport, repairConsistency } from './consistency';
import {
  deleteEvents,
  deleteEventsIndex,
  eventsIndexName,
  indexEvents,
  refreshEventsIndex,
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
  // Without delete tombstones the damage below looks like documents that were never written (a lost change).
  await client.indices.putSettings({ index, body: { index: { gc_deletes: '0s' } } });
});

afterAll(async () => {
  await deleteEventsIndex(client, index);
  await client.close();
  await catalog
    .deleteFrom('events')
    .where('id', 'in', [...ids])
    .execute();
  await catalog.deleteFrom('venues').where('id', '=', venueId).execute();
  await catalog.destroy();
});

it('finds missing, extra and stale documents and repairs them through the bulk write path', async () => {
  expect((await checkConsistency(client, catalog, index)).extra).toEqual([]);
  const [missing, stale] = await loadEventDocuments(catalog, [...ids]);
  if (!missing || !stale) throw new Error('fixture events not found');
  const extraId = randomUUID();

  await deleteEvents(client, index, [missing.id, stale.id]);
  await refreshEventsIndex(client, index);
  await indexEvents(client, index, [
    { ...stale, version: 2 },
    { ...missing, id: extraId },
  ]);

  const damaged = await checkConsistency(client, catalog, index);
  expect(damaged.missing).toContain(missing.id);
  expect(damaged.extra).toEqual([extraId]);
  expect(damaged.stale).toContainEqual({ id: stale.id, postgres: 3, index: 2 });
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

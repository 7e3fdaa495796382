import { catalogCacheKeys } from '@boxoffice/cache';
import { type CatalogDB, type CatalogDb, createKysely } from '@boxoffice/db';
import {
  createOpenSearchClient,
  deleteEventsIndex,
  OpenSearchBackend,
  type OpenSearchClient,
} from '@boxoffice/search';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../src/change-event';
import { cdcNames } from '../src/connector';
import { parseIndexerEnv } from '../src/env';
import { createApplySteps, type Indexer, startIndexer } from '../src/indexer';
import { createIndexerMetrics } from '../src/metrics';
import { createEvent, createPerformer, createVenue, indexed, run, until } from './helpers';

// Real PostgreSQL (the test catalog), Kafka, Kafka Connect with Debezium, OpenSearch and Redis, as npm test
// starts them. This run has its own index and consumer group; the rows it writes have unique names.
const env = parseIndexerEnv({
  ...process.env,
  OPENSEARCH_INDEX_PREFIX: `cdc-test-${run}`,
  INDEXER_PORT: '0',
});
// The product target is < 1 s (measured by bench/src/cdc.ts); a test on a loaded CI machine gets more room.
const deadline = 15_000;

let indexer: Indexer;
let client: OpenSearchClient;
let catalog: CatalogDb;
let redis: Redis;
let search: OpenSearchBackend;
let cacheVenue: string;

beforeAll(async () => {
  client = createOpenSearchClient(env.OPENSEARCH_URL);
  catalog = createKysely<CatalogDB>(env.DATABASE_URL, 2);
  redis = new Redis(env.REDIS_URL);
  // Created before the consumer group exists (it starts at the newest change), so its own change event is
  // never applied: the cache test counts the invalidations of its event exactly.
  cacheVenue = await createVenue(catalog, `Cache Hall ${run}`);
  indexer = await startIndexer(env, pino({ level: 'warn' }));
  search = new OpenSearchBackend(client, { index: indexer.index });
  // The first start registers the connector and Debezium creates its slot: give it time once.
  const health = await until(
    () => indexer.healthy(),
    (h) => h.ok,
    120_000,
  );
  expect(health).toMatchObject({ ok: true, consumer: true });
}, 180_000);

afterAll(async () => {
  await indexer?.close();
  await deleteEventsIndex(client, indexer.index);
  await client.close();
  await redis.quit();
  await catalog.destroy();
});

const searchIds = async (text: string) =>
  (await search.search({ text, page: 1, size: 20 })).events.map((hit) => hit.eventID);

describe('change data capture into the events index', () => {
  it('makes a created event searchable, an update replace it and a delete remove it', async () => {
    const venue = await createVenue(catalog, `Cdc Hall ${run}`);
    const name = `Zyxcreate ${run}`;
    const id = await createEvent(catalog, name, venue);
    expect(
      await until(
        () => searchIds(`Zyxcreate ${run}`),
        (ids) => ids.includes(id),
        deadline,
      ),
    ).toContain(id);

    const renamed = `Qwvrenamed ${run}`;
    await catalog.updateTable('events').set({ name: renamed, version: 1 }).where('id', '=', id).execute();
    expect(
      await until(
        () => searchIds(renamed),
        (ids) => ids.includes(id),
        deadline,
      ),
    ).toContain(id);
    expect(await indexed(client, indexer.index, id)).toMatchObject({ name: renamed, version: 1 });
    expect(await searchIds(`Zyxcreate ${run}`)).not.toContain(id);

    await catalog.deleteFrom('events').where('id', '=', id).execute();
    expect(
      await until(
        () => indexed(client, indexer.index, id),
        (doc) => doc === null,
        deadline,
      ),
    ).toBeNull();
    // Gone from the document store at once, from search results at the next refresh.
    expect(
      await until(
        () => searchIds(renamed),
        (ids) => !ids.includes(id),
        deadline,
      ),
    ).not.toContain(id);
  });

  it('re-indexes the events of a renamed venue and of a renamed performer', async () => {
    const venue = await createVenue(catalog, `Old Venue ${run}`);
    const performer = await createPerformer(catalog, `Old Performer ${run}`);
    const ids = [
      await createEvent(catalog, `Venue Show A ${run}`, venue, [performer]),
      await createEvent(catalog, `Venue Show B ${run}`, venue),
    ];
    const docs = () => Promise.all(ids.map((id) => indexed(client, indexer.index, id)));
    expect(await until(docs, (all) => all.every((doc) => doc !== null), deadline)).not.toContain(null);

    await catalog
      .updateTable('venues')
      .set({ name: `New Venue ${run}` })
      .where('id', '=', venue)
      .execute();
    const renamed = await until(
      docs,
      (all) => all.every((doc) => doc?.venue.name === `New Venue ${run}`),
      deadline,
    );
    expect(renamed.map((doc) => doc?.venue.name)).toEqual([`New Venue ${run}`, `New Venue ${run}`]);
    // The event rows did not change, so neither did their versions.
    expect(renamed.map((doc) => doc?.version)).toEqual([0, 0]);

    await catalog
      .updateTable('performers')
      .set({ name: `New Performer ${run}` })
      .where('id', '=', performer)
      .execute();
    const [first] = await until(docs, ([doc]) => doc?.performers[0] === `New Performer ${run}`, deadline);
    expect(first?.performers).toEqual([`New Performer ${run}`]);
  });

  it('invalidates the event page cache when the event changes directly in PostgreSQL', async () => {
    // The invalidations the indexer announces, so the test knows when the creation's own one is done.
    const subscriber = redis.duplicate();
    const announced: string[][] = [];
    subscriber.on('message', (_channel, message: string) => announced.push(JSON.parse(message) as string[]));
    await subscriber.subscribe(catalogCacheKeys.invalidated);
    const invalidations = async (id: string) => announced.filter((ids) => ids.includes(id)).length;
    try {
      const id = await createEvent(catalog, `Cached Show ${run}`, cacheVenue);
      expect(
        await until(
          () => invalidations(id),
          (n) => n >= 1,
          deadline,
        ),
      ).toBe(1);

      // An API process caches the page, then the event changes behind its back.
      const key = catalogCacheKeys.eventPage(id);
      await redis.set(key, JSON.stringify({ stale: true }), 'EX', 600);
      const generation = Number((await redis.get(catalogCacheKeys.searchGeneration)) ?? 0);
      await catalog
        .updateTable('events')
        .set({ description: 'Doors at seven', version: 1 })
        .where('id', '=', id)
        .execute();

      expect(
        await until(
          () => invalidations(id),
          (n) => n >= 2,
          deadline,
        ),
      ).toBe(2);
      expect(await redis.exists(key)).toBe(0);
      expect(Number(await redis.get(catalogCacheKeys.searchGeneration))).toBeGreaterThan(generation);
    } finally {
      await subscriber.quit();
    }
  });

  it('lets replayed, duplicated and out-of-order change events change nothing', async () => {
    const venue = await createVenue(catalog, `Replay Hall ${run}`);
    const id = await createEvent(catalog, `Replay v0 ${run}`, venue);
    await catalog
      .updateTable('events')
      .set({ name: `Replay v1 ${run}`, version: 1 })
      .where('id', '=', id)
      .execute();
    await catalog
      .updateTable('events')
      .set({ name: `Replay v2 ${run}`, version: 2 })
      .where('id', '=', id)
      .execute();
    const current = await until(
      () => indexed(client, indexer.index, id),
      (doc) => doc?.version === 2,
      deadline,
    );
    expect(current).toMatchObject({ name: `Replay v2 ${run}`, version: 2 });
    const stored = await client.get({ index: indexer.index, id });

    // What a consumer replaying the topic after a crash sees again: the old creates and updates, twice,
    // newest first, plus a stale delete of a row that still exists.
    const change = (op: ChangeEvent['op'], version: number, ts: number): ChangeEvent => ({
      op,
      before: op === 'c' ? null : { id },
      after: op === 'd' ? null : { id, name: `Replay v${version} ${run}`, version },
      source: { table: 'events', ts_ms: ts },
    });
    const steps = createApplySteps({
      client,
      catalog,
      redis,
      index: indexer.index,
      metrics: createIndexerMetrics(),
    });
    const read = await steps.read([
      change('u', 1, 2),
      change('c', 0, 1),
      change('u', 1, 2),
      change('c', 0, 1),
      change('d', 0, 3),
    ]);
    await steps.invalidate(await steps.write(read));

    const after = await client.get({ index: indexer.index, id });
    expect(after.body._source).toEqual(stored.body._source);
    expect(after.body._version).toBe(2);
  });

  it('consumes a change again from the last committed offset when its write fails', async () => {
    const venue = await createVenue(catalog, `Blocked Hall ${run}`);
    const id = await createEvent(catalog, `Blocked v0 ${run}`, venue);
    expect(await until(() => indexed(client, indexer.index, id), Boolean, deadline)).not.toBeNull();

    const admin = new Kafka({ brokers: env.KAFKA_BROKERS, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const topic = cdcNames(env.DATABASE_URL).topic('events');
    const end = async () => Number((await admin.fetchTopicOffsets(topic))[0]?.high ?? 0);
    const committed = async () => {
      const [offsets] = await admin.fetchOffsets({ groupId: indexer.groupId, topics: [topic] });
      return Number(offsets?.partitions[0]?.offset ?? -1);
    };
    const failures = async () => (await indexer.metrics.failures.get()).values[0]?.value ?? 0;
    const setWriteBlock = (write: boolean) =>
      client.indices.putSettings({ index: indexer.index, body: { index: { blocks: { write } } } });
    const failed = await failures();
    const before = await end();
    await setWriteBlock(true);
    try {
      await catalog
        .updateTable('events')
        .set({ name: `Blocked v1 ${run}`, version: 1 })
        .where('id', '=', id)
        .execute();
      // The change is in Kafka, and its batch has failed, been sought back to and failed again.
      await until(end, (offset) => offset > before, deadline);
      await until(failures, (n) => n >= failed + 2, deadline);
      // Its offset is not committed: a write that failed is never skipped.
      expect(await committed()).toBeLessThan(await end());
    } finally {
      await setWriteBlock(false);
      await admin.disconnect();
    }
    expect(
      await until(
        () => indexed(client, indexer.index, id),
        (doc) => doc?.version === 1,
        deadline,
      ),
    ).toMatchObject({ name: `Blocked v1 ${run}`, version: 1 });
  });

  it("keeps a new group's start position when its first process stops before any change", async () => {
    // A group of its own: committed nothing yet. Healthy means changes from now on reach the index, even if
    // this process stops before it has seen one and another takes over.
    const fresh = parseIndexerEnv({
      ...process.env,
      OPENSEARCH_INDEX_PREFIX: `cdc-fresh-${run}`,
      INDEXER_PORT: '0',
    });
    const first = await startIndexer(fresh, pino({ level: 'warn' }));
    try {
      expect(
        await until(
          () => first.healthy(),
          (h) => h.ok,
          60_000,
        ),
      ).toMatchObject({ ok: true });
    } finally {
      await first.close();
    }
    const venue = await createVenue(catalog, `Fresh Hall ${run}`);
    const id = await createEvent(catalog, `Freshgroup ${run}`, venue);

    const second = await startIndexer(fresh, pino({ level: 'warn' }));
    try {
      expect(
        await until(
          () => indexed(client, second.index, id),
          (doc) => doc !== null,
          deadline,
        ),
      ).toMatchObject({ name: `Freshgroup ${run}` });
    } finally {
      await second.close();
      await deleteEventsIndex(client, second.index);
    }
  });

  it('reports the commit-to-index lag on /metrics and its health on /healthz', async () => {
    const metrics = await (await fetch(`${indexer.url}/metrics`)).text();
    expect(metrics).toMatch(/^cdc_lag_seconds_count\{table="events"\} [1-9]/m);
    expect(metrics).toMatch(/^cdc_lag_seconds_bucket\{le="1",table="venues"\} [1-9]/m);
    const health = await fetch(`${indexer.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, index: indexer.index, state: 'RUNNING/RUNNING' });
  });
});

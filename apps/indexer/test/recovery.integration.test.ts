import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { databaseEnv, parseEnv, searchEnv } from '@boxoffice/config';
import { type CatalogDB, createKysely } from '@boxoffice/db';
import {
  checkConsistency,
  createOpenSearchClient,
  deleteEventsIndex,
  eventsIndexName,
  reindexAll,
} from '@boxoffice/search';
import { afterAll, expect, it } from 'vitest';
import { createEvent, createVenue, healthy, type IndexerProcess, run, spawnIndexer, until } from './helpers';

// Faults against the real stack: the indexer is SIGKILLed while changes stream in, Kafka Connect is restarted
// while more are committed, then both come back. The index must converge to PostgreSQL: the consistency
// check (count + checksum of id and version over the whole test catalog) reports zero differences.
const prefix = `cdc-recovery-${run}`;
const index = eventsIndexName(prefix);
const { DATABASE_URL } = parseEnv(databaseEnv);
const { OPENSEARCH_URL } = parseEnv(searchEnv);
const client = createOpenSearchClient(OPENSEARCH_URL);
const catalog = createKysely<CatalogDB>(DATABASE_URL, 4);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const running: IndexerProcess[] = [];

afterAll(async () => {
  for (const { child } of running) if (child.exitCode === null) child.kill('SIGKILL');
  await deleteEventsIndex(client, index);
  await client.close();
  await catalog.destroy();
});

async function changesApplied(url: string): Promise<number> {
  const text = await fetch(`${url}/metrics`).then(
    (res) => res.text(),
    () => '',
  );
  return [...text.matchAll(/^cdc_changes_total\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

async function start(): Promise<IndexerProcess> {
  const indexer = await spawnIndexer({ OPENSEARCH_INDEX_PREFIX: prefix });
  running.push(indexer);
  expect(await until(() => healthy(indexer.url), Boolean, 120_000)).toBe(true);
  return indexer;
}

function engines(command: 'start' | 'stop', name: string) {
  const res = spawnSync(process.execPath, ['infra/engines.mjs', command, name], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(res.status, `${command} ${name}: ${res.stdout}${res.stderr}`).toBe(0);
}

it('converges to PostgreSQL after the indexer is killed mid-stream and Kafka Connect restarts', async () => {
  const first = await start();
  // The initial load, as `npm start -- --full` does it: after the consumer group exists, so nothing falls between.
  await reindexAll(client, catalog, { index });

  const venue = await createVenue(catalog, `Recovery Hall ${run}`);
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push(await createEvent(catalog, `Recovery ${i} ${run}`, venue));
  let n = 0;
  const updates = async (count: number, onEach?: () => void) => {
    for (let i = 0; i < count; i++, n++) {
      const id = ids[n % ids.length] as string;
      await catalog
        .updateTable('events')
        .set((eb) => ({ name: `Recovery ${n} ${run}`, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .execute();
      onEach?.();
    }
  };

  // Mid-stream: once the indexer has applied some of a burst, kill it while the burst goes on.
  await updates(100);
  await until(
    () => changesApplied(first.url),
    (count) => count > 0,
    30_000,
  );
  let killed = false;
  await updates(200, () => {
    if (!killed && n % 50 === 0) {
      killed = first.child.kill('SIGKILL');
    }
  });
  await first.exited;
  expect(killed).toBe(true);

  // Changes committed while Kafka Connect is down wait in the replication slot.
  if (!process.env.KAFKA_CONNECT_URL) {
    engines('stop', 'kafka-connect');
    try {
      await updates(50);
      await catalog.deleteFrom('events').where('id', 'in', ids.slice(0, 3)).execute();
      ids.splice(0, 3);
      ids.push(await createEvent(catalog, `Recovery late ${run}`, venue));
    } finally {
      // Whatever happened, the engines npm test started are left running for the suites after this one.
      engines('start', 'kafka-connect');
    }
  }
  await updates(50);

  // The same consumer group resumes from its last committed offset (replaying whatever was in flight).
  const second = await start();
  const report = await until(
    () => checkConsistency(client, catalog, index),
    (r) => r.differences === 0,
    120_000,
  );
  expect({
    differences: report.differences,
    missing: report.missing,
    extra: report.extra,
    stale: report.stale,
  }).toEqual({
    differences: 0,
    missing: [],
    extra: [],
    stale: [],
  });
  expect(report.opensearch).toEqual(report.postgres);

  // Graceful shutdown: SIGTERM finishes the batch in flight, commits, leaves the group, exits 0.
  second.child.kill('SIGTERM');
  await second.exited;
  expect(second.child.exitCode).toBe(0);
}, 400_000);

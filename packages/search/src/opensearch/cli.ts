#!/usr/bin/env tsx
// OpenSearch commands (env: OPENSEARCH_URL, OPENSEARCH_INDEX_PREFIX, OPENSEARCH_REFRESH_INTERVAL, DATABASE_URL):
//   reindex [--index NAME] [--batch-size N] [--recreate] [--standard-only] [--no-prune] [--refresh-interval 200ms]
//       load every event of the catalog database into the events index (creates it when missing)
//   create-index | delete-index [--index NAME] [--standard-only] [--refresh-interval 200ms]
//   check [--index NAME] [--json]          compare PostgreSQL and the index: counts, checksum of (id, version), differences
//   repair [--index NAME]                  check, rewrite what differs through the bulk write path, check again
//   stats [--index NAME] [--compact]        documents and primary store size (--compact: flush + force-merge first)
//   search TEXT [--city C] [--type T] [--page N] [--size N] [--index NAME]
//   latency [--index NAME] [--queries 200] [--rate 200]   p50/p99 of a query mix built from the index
import { parseArgs } from 'node:util';
import { databaseEnv, parseEnv } from '@boxoffice/config';
import { type CatalogDB, createKysely } from '@boxoffice/db';
import type { EventType } from '../backend';
import { OpenSearchBackend } from './backend';
import { createOpenSearchClient } from './client';
import { checkConsistency, formatConsistencyReport, repairConsistency } from './consistency';
import { parseOpenSearchEnv } from './env';
import { deleteEventsIndex, ensureEventsIndex, eventsIndexName, eventsIndexStats } from './events-index';
import { measureFixedRate, measureSequential, sampleQueries } from './latency';
import type { EventsIndexSettings } from './mapping';
import { reindexAll } from './reindex';

const usage = `usage: search <reindex|check|repair|create-index|delete-index|stats|search|latency> [options]
  --index NAME            index to use (default: <OPENSEARCH_INDEX_PREFIX>-events)
  --batch-size N          reindex: events per page and per bulk request (default 1000)
  --recreate              reindex: delete the index first
  --standard-only         create without the ngram subfields (size comparisons)
  --no-prune              reindex: keep documents of events deleted from PostgreSQL
  --refresh-interval T    refresh_interval of a newly created index (default OPENSEARCH_REFRESH_INTERVAL)
  --compact               stats: flush and force-merge to one segment first
  --json                  check: print the whole report as JSON (exit code 1 when there are differences)
  --queries N --rate R    latency: number of queries (default 200), fixed arrival rate per second (optional)
  --city C --type T --page N --size N   search filters`;

const log = (line: string) => console.log(`[search] ${line}`);

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      index: { type: 'string' },
      'batch-size': { type: 'string' },
      recreate: { type: 'boolean', default: false },
      'standard-only': { type: 'boolean', default: false },
      'no-prune': { type: 'boolean', default: false },
      'refresh-interval': { type: 'string' },
      compact: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      queries: { type: 'string' },
      rate: { type: 'string' },
      city: { type: 'string' },
      type: { type: 'string' },
      page: { type: 'string' },
      size: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    console.log(usage);
    return;
  }
  const env = parseOpenSearchEnv();
  const index = values.index ?? eventsIndexName(env.OPENSEARCH_INDEX_PREFIX);
  const settings: EventsIndexSettings = {
    refreshInterval: values['refresh-interval'] ?? env.OPENSEARCH_REFRESH_INTERVAL,
    ngram: !values['standard-only'],
  };
  const client = createOpenSearchClient(env.OPENSEARCH_URL, { requestTimeoutMs: 120_000 });
  const int = (value: string | undefined, fallback: number) =>
    value === undefined ? fallback : Number(value);
  try {
    switch (command) {
      case 'reindex': {
        const db = parseEnv(databaseEnv);
        const catalog = createKysely<CatalogDB>(db.DATABASE_URL, 2);
        try {
          if (values.recreate) {
            await deleteEventsIndex(client, index);
            log(`deleted ${index}`);
          }
          log(
            `reindexing ${new URL(db.DATABASE_URL).pathname.slice(1)} into ${index} at ${env.OPENSEARCH_URL}`,
          );
          await reindexAll(client, catalog, {
            index,
            batchSize: int(values['batch-size'], 1000),
            settings,
            prune: !values['no-prune'],
            log,
          });
        } finally {
          await catalog.destroy();
        }
        return;
      }
      case 'check':
      case 'repair': {
        const db = parseEnv(databaseEnv);
        const catalog = createKysely<CatalogDB>(db.DATABASE_URL, 2);
        try {
          const report = await checkConsistency(client, catalog, index);
          for (const line of formatConsistencyReport(report)) log(line);
          if (command === 'check') {
            if (values.json) console.log(JSON.stringify(report));
            if (report.differences > 0) process.exitCode = 1;
            return;
          }
          if (report.differences === 0) return;
          const repaired = await repairConsistency(client, catalog, report);
          log(`repaired: ${repaired.indexed} written, ${repaired.deleted} deleted`);
          if (repaired.ahead.length > 0) {
            log(
              `${repaired.ahead.length} documents are newer than their rows (a restored database?): run \`search reindex --recreate\``,
            );
          }
          const after = await checkConsistency(client, catalog, index);
          for (const line of formatConsistencyReport(after)) log(`after repair: ${line}`);
          // Changes committed while repairing can show up here; CDC applies them, a second run settles it.
          if (after.differences > 0) process.exitCode = 1;
        } finally {
          await catalog.destroy();
        }
        return;
      }
      case 'create-index':
        log(
          (await ensureEventsIndex(client, index, settings)) ? `created ${index}` : `${index} already exists`,
        );
        return;
      case 'delete-index':
        await deleteEventsIndex(client, index);
        log(`deleted ${index}`);
        return;
      case 'stats': {
        const stats = await eventsIndexStats(client, index, values.compact);
        log(
          `${index}: ${stats.docs} documents, ${(stats.storeBytes / 1024 / 1024).toFixed(1)} MiB primary store`,
        );
        console.log(JSON.stringify({ index, ...stats }));
        return;
      }
      case 'search': {
        const backend = new OpenSearchBackend(client, { index });
        const result = await backend.search({
          text: rest.join(' ') || undefined,
          city: values.city,
          type: values.type as EventType | undefined,
          page: int(values.page, 1),
          size: int(values.size, 20),
        });
        console.log(JSON.stringify(result, null, 2));
        return;
      }
      case 'latency': {
        const backend = new OpenSearchBackend(client, { index });
        const queries = await sampleQueries(client, index, int(values.queries, 200));
        // Warm the JIT and the connection pool with a different slice of the mix first.
        await measureSequential(backend, await sampleQueries(client, index, 100, 7));
        const reports = [await measureSequential(backend, queries)];
        if (values.rate) reports.push(await measureFixedRate(backend, queries, Number(values.rate)));
        for (const r of reports) {
          log(
            `${index} ${r.mode}: ${r.queries} queries, p50 ${r.p50} ms, p90 ${r.p90} ms, p99 ${r.p99} ms, max ${r.max} ms, errors ${r.errors}`,
          );
        }
        console.log(JSON.stringify(reports));
        return;
      }
      default:
        throw new Error(`unknown command "${command}"\n${usage}`);
    }
  } finally {
    await client.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(`[search] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

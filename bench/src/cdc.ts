// CDC lag: catalog updates committed in PostgreSQL at a fixed rate, each timed until a search shows it.
//
//   pnpm --filter @boxoffice/bench cdc -- [--rate 100] [--duration 60] [--refresh-interval 200ms] [--empty-index | --keep-index]
//
// Needs the full profile's engines (node infra/engines.mjs start postgres redis opensearch kafka kafka-connect)
// and the bench catalog (see README). Starts its own indexer (apps/indexer) into its own index, which
// registers the Debezium connector of boxoffice_bench. The index is deleted first and, as in production,
// loaded with the whole catalog by the project's bulk reindex (`search reindex`, packages/search) before
// anything is measured; --empty-index skips the load (the index then holds only the updated events);
// --keep-index measures the index the runs before left (full and updated again, as production's is).
// Open model: update i is due at start + i / rate whatever happened before, on a pool of connections; each is a different event, so
// every update is one version bump to watch for. Lag = (first search that returns the event at its new version) - (the
// moment COMMIT returned). A poller searches every pending id at once every --poll-ms; its period is
// part of each lag it reports.
//
// Baseline in the same run: the same poller timing documents written straight into OpenSearch (no
// PostgreSQL, Debezium, Kafka or indexer): the floor the refresh interval sets.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { databaseEnv, parseEnv, repoRoot } from '@boxoffice/config';
import { type CatalogDB, createKysely } from '@boxoffice/db';
import { sql } from 'kysely';
import { startApp, waitForHttp } from './lib/processes';
import { percentile, round } from './lib/stats';
import { cliArgs } from './lib/cli';

const { values } = parseArgs({
  args: cliArgs(),
  options: {
    rate: { type: 'string', default: '100' },
    duration: { type: 'string', default: '60' },
    'refresh-interval': { type: 'string', default: '200ms' },
    'poll-ms': { type: 'string', default: '20' },
    'baseline-seconds': { type: 'string', default: '10' },
    port: { type: 'string', default: '3590' },
    'empty-index': { type: 'boolean', default: false },
    'keep-index': { type: 'boolean', default: false },
  },
});
const rate = Number(values.rate);
const durationS = Number(values.duration);
const pollMs = Number(values['poll-ms']);
const refreshInterval = values['refresh-interval'];
const keepIndex = values['keep-index'];
if (keepIndex && values['empty-index']) throw new Error('--empty-index and --keep-index exclude each other');
const fullIndex = !values['empty-index'] && !keepIndex;
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://boxoffice@127.0.0.1:55432/boxoffice_bench';
const opensearchUrl = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:59200';
const prefix = 'bench-cdc';
const index = `${prefix}-events`;
const baselineIndex = `${prefix}-baseline-events`;

const catalog = createKysely<CatalogDB>(parseEnv(databaseEnv, { DATABASE_URL: databaseUrl }).DATABASE_URL, 8);
/** OpenSearch's REST API with fetch (the bench needs four calls, not a client). */
// biome-ignore lint/suspicious/noExplicitAny: OpenSearch answers are read ad hoc, each at its call site.
async function opensearch(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${opensearchUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok && res.status !== 404) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Loads every event of the bench catalog into `index` with the project's bulk reindex (`search reindex`). */
async function reindexCatalog(): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/opensearch/cli.ts', 'reindex', '--index', index, '--refresh-interval', refreshInterval],
    {
      cwd: join(repoRoot, 'packages', 'search'),
      env: { ...process.env, DATABASE_URL: databaseUrl, OPENSEARCH_URL: opensearchUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`search reindex exited with ${code}`);
  return Math.round(performance.now() - started);
}

/** Refresh, merge, indexing and segment counters of the bench's index (deltas show a run's share). */
async function indexStats() {
  const res = await opensearch('GET', `/${index}/_stats/docs,refresh,merge,indexing,segments`);
  const p = res.indices?.[index]?.primaries ?? {};
  return {
    docs: p.docs?.count ?? 0,
    deletedDocs: p.docs?.deleted ?? 0,
    segments: p.segments?.count ?? 0,
    refreshes: p.refresh?.total ?? 0,
    refreshMs: p.refresh?.total_time_in_millis ?? 0,
    merges: p.merges?.total ?? 0,
    mergeMs: p.merges?.total_time_in_millis ?? 0,
    mergedDocs: p.merges?.total_docs ?? 0,
    currentMerges: p.merges?.current ?? 0,
    indexed: p.indexing?.index_total ?? 0,
    indexMs: p.indexing?.index_time_in_millis ?? 0,
  };
}
type IndexStats = Awaited<ReturnType<typeof indexStats>>;
function statsDelta(before: IndexStats, after: IndexStats) {
  const refreshes = after.refreshes - before.refreshes;
  const merges = after.merges - before.merges;
  return {
    refreshes,
    refreshMeanMs: round((after.refreshMs - before.refreshMs) / Math.max(1, refreshes)),
    merges,
    mergeMs: after.mergeMs - before.mergeMs,
    mergedDocs: after.mergedDocs - before.mergedDocs,
    indexed: after.indexed - before.indexed,
    segmentsBefore: before.segments,
    segmentsAfter: after.segments,
    docs: after.docs,
    deletedDocs: after.deletedDocs,
  };
}

/** Watches ids until a search (not a realtime get) returns each at its expected version. */
class SearchPoller {
  private readonly pending = new Map<string, { version: number; committedAt: number }>();
  readonly lags: number[] = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(private readonly target: string) {
    this.loop = this.poll();
  }

  expect(id: string, version: number, committedAt: number) {
    this.pending.set(id, { version, committedAt });
  }

  get waiting() {
    return this.pending.size;
  }

  private async poll() {
    while (this.running) {
      const ids = [...this.pending.keys()];
      if (ids.length > 0) {
        const res = await opensearch('POST', `/${this.target}/_search`, {
          size: ids.length,
          _source: ['version'],
          query: { ids: { values: ids } },
        });
        const now = performance.now();
        for (const hit of res.hits.hits as Array<{ _id: string; _source?: { version: number } }>) {
          const want = this.pending.get(hit._id);
          if (want && (hit._source?.version ?? -1) >= want.version) {
            this.lags.push(now - want.committedAt);
            this.pending.delete(hit._id);
          }
        }
      }
      await sleep(pollMs);
    }
  }

  async stop() {
    this.running = false;
    await this.loop;
  }
}

/** Fires `count` calls of `task(i)` on a fixed schedule (open model) and waits for all of them. */
async function fixedRate(count: number, perSecond: number, task: (i: number) => Promise<void>) {
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(task(i));
  }
  await Promise.all(inFlight);
}

async function settle(poller: SearchPoller, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (poller.waiting > 0 && Date.now() < deadline) await sleep(50);
}

/** cdc_step_duration_seconds as { step: mean ms } from its _sum and _count lines. */
function stepMeans(metrics: string): Record<string, number> {
  const sums = new Map<string, number>();
  const means: Record<string, number> = {};
  for (const m of metrics.matchAll(/^cdc_step_duration_seconds_(sum|count)\{step="(\w+)"\} ([\d.e+-]+)$/gm)) {
    const [, kind, step, value] = m;
    if (!step) continue;
    if (kind === 'sum') sums.set(step, Number(value));
    else means[step] = round(((sums.get(step) ?? 0) / Math.max(1, Number(value))) * 1000);
  }
  return means;
}

const ms = (values: number[]) => ({
  count: values.length,
  p50: round(percentile(values, 50)),
  p99: round(percentile(values, 99)),
  max: round(Math.max(0, ...values)),
});

async function main() {
  const total = Math.round(rate * durationS);
  const { rows } = await sql<{ id: string }>`
    select id from events tablesample system (20) limit ${total}`.execute(catalog);
  if (rows.length < total)
    throw new Error(`boxoffice_bench has too few events (${rows.length} < ${total}); seed it (see README)`);

  // A fresh index each run: updates accumulated over earlier runs (tens of thousands of versions and
  // their merges) made every refresh several times slower, so results depended on the runs before.
  // Then, by default, the whole catalog, as production's index holds it; its load's merges finish
  // before the indexer starts, so the run measures a full index, not the tail of a bulk load.
  if (!keepIndex) await opensearch('DELETE', `/${index}`);
  let reindexMs: number | undefined;
  if (fullIndex) {
    reindexMs = await reindexCatalog();
    const deadline = Date.now() + 120_000;
    while ((await indexStats()).currentMerges > 0 && Date.now() < deadline) await sleep(500);
    console.log(`[cdc] loaded the catalog into ${index} in ${(reindexMs / 1000).toFixed(1)} s`);
  }
  const indexer = startApp('indexer', {
    DATABASE_URL: databaseUrl,
    OPENSEARCH_URL: opensearchUrl,
    OPENSEARCH_INDEX_PREFIX: prefix,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:56379/2',
    INDEXER_PORT: values.port,
    INDEXER_REFRESH_INTERVAL: refreshInterval,
    LOG_LEVEL: 'warn',
  });
  try {
    await waitForHttp(`http://127.0.0.1:${values.port}/healthz`, 180_000);
    console.log(
      `[cdc] indexer healthy; ${total} updates at ${rate}/s for ${durationS} s, index ${index} refresh ${refreshInterval}`,
    );

    // Warm-up: a second of changes, not measured.
    const warm = new SearchPoller(index);
    await fixedRate(rate, rate, async (i) => {
      const id = rows[i]?.id as string;
      const row = await catalog
        .updateTable('events')
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .returning('version')
        .executeTakeFirstOrThrow();
      warm.expect(id, row.version, performance.now());
    });
    await settle(warm);
    await warm.stop();

    const load = loadavg()[0] ?? 0;
    const statsBefore = await indexStats();
    const poller = new SearchPoller(index);
    const commitMs: number[] = [];
    await fixedRate(total, rate, async (i) => {
      const id = rows[i]?.id as string;
      const begin = performance.now();
      const row = await catalog
        .updateTable('events')
        .set((eb) => ({ version: eb('version', '+', 1), description: `cdc bench update ${i}` }))
        .where('id', '=', id)
        .returning('version')
        .executeTakeFirstOrThrow();
      const committedAt = performance.now();
      commitMs.push(committedAt - begin);
      poller.expect(id, row.version, committedAt);
    });
    await settle(poller);
    const unseen = poller.waiting;
    await poller.stop();
    const statsAfter = await indexStats();
    const loadAfter = loadavg();
    const metrics = await (await fetch(`http://127.0.0.1:${values.port}/metrics`)).text();

    // Baseline: straight into OpenSearch, same refresh interval, same poller.
    await opensearch('DELETE', `/${baselineIndex}`);
    await opensearch('PUT', `/${baselineIndex}`, {
      settings: { index: { number_of_replicas: 0, refresh_interval: refreshInterval } },
      mappings: { properties: { version: { type: 'long' } } },
    });
    const baseline = new SearchPoller(baselineIndex);
    const baselineCount = Math.round(rate * Number(values['baseline-seconds']));
    await fixedRate(baselineCount, rate, async (i) => {
      const id = `baseline-${i}`;
      await opensearch('PUT', `/${baselineIndex}/_doc/${id}`, { version: 1 });
      baseline.expect(id, 1, performance.now());
    });
    await settle(baseline);
    await baseline.stop();
    await opensearch('DELETE', `/${baselineIndex}`);

    const result = {
      at: new Date().toISOString(),
      rate,
      durationS,
      refreshInterval,
      pollMs,
      loadAverage1m: load,
      loadAverageAfter: loadAfter,
      fullIndex,
      keepIndex,
      reindexMs,
      // The measured phase's share of the index's work: refreshes (mean time), merges, segments.
      index: statsDelta(statsBefore, statsAfter),
      cdc: { ...ms(poller.lags), unseen },
      commit: ms(commitMs),
      baselineDirectWrite: ms(baseline.lags),
      captureLagHistogram: metrics
        .split('\n')
        .filter(
          (line) =>
            line.startsWith('cdc_capture_lag_seconds_bucket') ||
            line.startsWith('cdc_capture_lag_seconds_count'),
        ),
      fetchLagHistogram: subSecondBuckets(metrics, 'cdc_fetch_lag_seconds'),
      // Mean time of each step of a batch (read and write hold up the next batch; invalidate and commit do not).
      stepMeanMs: stepMeans(metrics),
      indexerLagHistogram: subSecondBuckets(metrics, 'cdc_lag_seconds'),
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(
      `[cdc] commit-to-searchable p50 ${result.cdc.p50.toFixed(0)} ms, p99 ${result.cdc.p99.toFixed(0)} ms, max ${result.cdc.max.toFixed(0)} ms ` +
        `(${result.cdc.count} updates, ${unseen} unseen; refresh ${refreshInterval}, ${result.index.docs} documents, ` +
        `refresh mean ${result.index.refreshMeanMs} ms); ` +
        `direct write to searchable p50 ${result.baselineDirectWrite.p50.toFixed(0)} ms, p99 ${result.baselineDirectWrite.p99.toFixed(0)} ms; load ${load.toFixed(1)}`,
    );
    mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
    const file = join(
      repoRoot,
      'bench',
      'results',
      `cdc-${result.at.replaceAll(':', '-').slice(0, 19)}.json`,
    );
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`[cdc] wrote ${file}`);
  } finally {
    await indexer.stop();
    await catalog.destroy();
  }
}

await main();

/** A histogram's buckets up to 1 s and its count, from a Prometheus text page. */
function subSecondBuckets(metrics: string, name: string): string[] {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(`${name}_bucket{le="0.`) || line.startsWith(`${name}_bucket{le="1"`) || line.startsWith(`${name}_count`));
}

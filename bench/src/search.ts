// Search and event-page benchmark on the 150,000-event scale set: uncached search on PostgreSQL and
// on OpenSearch, cached search, cached event pages and the hit ratio under a Zipf-skewed key mix, each
// next to a bare Fastify route measured in the same run. Not a test: run it by hand (see bench/README.md).
//   pnpm --filter @boxoffice/bench search -- --uncached-rate 200 --uncached-duration 15 --cached-rates 1000,2000,3000
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { apiEnv, parseEnv, repoRoot } from '@boxoffice/config';
import { publishSeatChanges } from '@boxoffice/booking';
import { connectDatabases } from '@boxoffice/db';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { startBareFastify } from './lib/bare';
import { runClosedLoad } from './lib/closed-load';
import { type CpuGroups, type CpuSnapshot, cpuBetween, cpuSnapshot, pidsMatching, threadTicks } from './lib/cpu';
import { type Sample, runOpenLoad } from './lib/open-load';
import { runTool, startApp, waitForHttp } from './lib/processes';
import { createQueryMix, type Query, queryKind, searchPath } from './lib/search-queries';
import { percentile, round } from './lib/stats';
import { benchDatabaseUrl, benchRedisUrl, redisAofRewrites } from './lib/engines';
import { cliArgs } from './lib/cli';

const { values: args } = parseArgs({
  args: cliArgs(),
  options: {
    'uncached-rate': { type: 'string', default: '200' },
    'uncached-duration': { type: 'string', default: '15' },
    // Distinct warm-up queries at the same rate before each uncached phase: a JVM keeps compiling for
    // thousands of queries after a start, and a long-running node has long finished.
    'uncached-warmup': { type: 'string', default: '1000' },
    'cached-rates': { type: 'string', default: '1000,2000,3000' },
    'cached-duration': { type: 'string', default: '5' },
    'closed-seconds': { type: 'string', default: '5' },
    'closed-connections': { type: 'string', default: '32' },
    'zipf-keys': { type: 'string', default: '10000' },
    'zipf-requests': { type: 'string', default: '20000' },
    'zipf-s': { type: 'string', default: '1.0' },
    'zipf-rate': { type: 'string', default: '800' },
    // Passes of zipf-requests each, one after another on the same cache: the first is a cold start,
    // the last the steady state (4 × 20,000 over 10,000 keys at s=1 allows at most ~96%).
    'zipf-passes': { type: 'string', default: '4' },
    'popular-queries': { type: 'string', default: '50' },
    'event-pages': { type: 'string', default: '200' },
    // 1,000-seat pages are ~140 KB each: far fewer per second than the small answers.
    'seat-map-rates': { type: 'string', default: '100,200' },
    // Seat changes a second, spread over the 1,000-seat events, published as the booking workers do,
    // while the same pages are read again: what live status costs when every page keeps changing.
    'seat-changes': { type: 'string', default: '200' },
    connections: { type: 'string', default: '128' },
    seed: { type: 'string', default: '42' },
    // `--only uncached` stops after the uncached phases (quicker while tuning a backend);
    // `--only event-pages` measures the bare routes and the event pages alone (PostgreSQL backend,
    // no OpenSearch needed). The published figures come from the full run.
    only: { type: 'string' },
    backends: { type: 'string', default: 'postgres,opensearch' },
    // Another index of the same events (another mapping, say), reindexed by `pnpm --filter
    // @boxoffice/search search reindex --index <prefix>-events`, for A/B runs.
    'opensearch-prefix': { type: 'string', default: 'boxoffice-bench' },
    // Queries sent one at a time after the fixed-rate part (default 200). Thousands of them make its
    // CPU per query a steadier figure for comparing two versions of a backend's query.
    serial: { type: 'string', default: '200' },
    // A JSON file ({backend} replaced) for each uncached phase's requests: due index, latency, path.
    'dump-samples': { type: 'string' },
  },
});
const uncachedRate = Number(args['uncached-rate']);
const uncachedDuration = Number(args['uncached-duration']);
const cachedRates = (args['cached-rates'] ?? '').split(',').map(Number).filter(Boolean);
const cachedDuration = Number(args['cached-duration']);
const closedSeconds = Number(args['closed-seconds']);
const closedConnections = Number(args['closed-connections']);
const connections = Number(args.connections);
const onlyUncached = args.only === 'uncached';
const onlyEventPages = args.only === 'event-pages';
if (args.only !== undefined && !onlyUncached && !onlyEventPages) throw new Error(`--only takes "uncached" or "event-pages", not ${args.only}`);
const backends = onlyEventPages ? [] : (args.backends ?? '').split(',').filter(Boolean);
// A full run keeps the OpenSearch API up for the cached phases, so that backend goes last.
if (backends.some((b) => b !== 'postgres' && b !== 'opensearch') || (!onlyUncached && !onlyEventPages && backends.join() !== 'postgres,opensearch')) {
  throw new Error('--backends takes postgres and/or opensearch; a full run needs postgres,opensearch');
}

const apiPort = 3310;
const barePort = 3311;
const api = `http://127.0.0.1:${apiPort}`;
const bare = `http://127.0.0.1:${barePort}`;
const redisDb = '3';
const indexName = `${args['opensearch-prefix']}-events`;
const databaseUrl = benchDatabaseUrl;
const baseEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  SHARD_COUNT: '2',
  REDIS_URL: benchRedisUrl(Number(redisDb)),
  PORT: String(apiPort),
  LOG_LEVEL: 'warn',
  API_PROCESSES: '1',
  // Every request comes from 127.0.0.1: the per-address limiter would answer most of them with 429.
  RATE_LIMIT_DISABLED: 'true',
  OPENSEARCH_URL: 'http://127.0.0.1:59200',
  OPENSEARCH_INDEX_PREFIX: args['opensearch-prefix'] as string,
  JWT_SECRET: parseEnv(apiEnv, {}).JWT_SECRET,
  STRIPE_WEBHOOK_SECRET: parseEnv(apiEnv, {}).STRIPE_WEBHOOK_SECRET,
};

// ---- The query mix (lib/search-queries.ts): drawn from the data, deterministic for a seed.
const manifest = JSON.parse(readFileSync(join(repoRoot, '.data', 'scale-seed.json'), 'utf8')) as { shards: string[]; hotEvents: { id: string }[] };
const db = connectDatabases(parseEnv(apiEnv, { ...baseEnv }));
const { random, distinctQueries } = await createQueryMix(db.catalog, Number(args.seed));
await db.destroy();

// ---- Measurement helpers.
function summary(samples: Sample[], elapsedMs: number) {
  const latencies = samples.map((s) => s.latencyMs);
  const statuses: Record<string, number> = {};
  for (const s of samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  return {
    requests: samples.length,
    statuses,
    answeredPerSecond: round(samples.length / (elapsedMs / 1000)),
    latencyMs: { p50: round(percentile(latencies, 50), 2), p99: round(percentile(latencies, 99), 2), max: round(Math.max(...latencies), 1) },
    bodyBytesP50: percentile(
      samples.map((s) => s.bodyLength ?? 0),
      50,
    ),
  };
}

async function openGet(url: string, rate: number, durationSeconds: number, path: (i: number) => string) {
  const { samples, elapsedMs } = await runOpenLoad({ url, rate, durationSeconds, connections, method: 'GET', keepBodies: false, request: (i) => ({ path: path(i), body: '', headers: {} }) });
  return { rate, durationSeconds, ...summary(samples, elapsedMs) };
}

/**
 * A search is a hit when the API's microcache answers it, or, past that, Redis does; only Redis
 * misses load from the backend. (During the search phases no other route is asked, so the
 * microcache's counters, shared with the event pages, count searches only.)
 */
async function cacheCounters(): Promise<{ hit: number; miss: number; microcacheHit: number }> {
  const text = await (await fetch(`${api}/metrics`)).text();
  const value = (cache: string, result: string) =>
    Number(new RegExp(`cache_requests_total\\{cache="${cache}",result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  const microcacheHit = value('response', 'hit');
  return { hit: microcacheHit + value('search', 'hit'), miss: value('search', 'miss'), microcacheHit };
}

type Counters = Awaited<ReturnType<typeof cacheCounters>>;
const hitRatio = (before: Counters, after: Counters) => {
  const hits = after.hit - before.hit;
  const misses = after.miss - before.miss;
  return { hits, misses, fromMicrocache: after.microcacheHit - before.microcacheHit, ratio: round(hits / (hits + misses), 4) };
};

function flushCache() {
  runTool('redis-cli', ['-n', redisDb, '-p', '56379', 'flushdb']);
}

async function startApi(backend: 'postgres' | 'opensearch', env: Record<string, string> = {}) {
  // An API left behind by a crashed run would answer the health check, and be measured, while ours
  // fails with EADDRINUSE.
  const stray = await fetch(`${api}/healthz`).then(() => true, () => false);
  if (stray) throw new Error(`something already answers on ${api} (an API from an earlier run?): stop it first`);
  const app = startApp('api', { ...baseEnv, SEARCH_BACKEND: backend, ...env });
  await waitForHttp(`${api}/healthz`);
  return app;
}

/** Uncached search: a warm-up of distinct queries, then the measured distinct queries at a fixed rate. */

/** Busy and total ticks of the whole machine (/proc/stat), to tell how much else was running. */
function machineTicks(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  // idle + iowait
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

/**
 * Where an uncached query's CPU goes, whatever else shares the machine: the API, the bench catalog's
 * PostgreSQL backends, OpenSearch's JVM, Redis and this load generator, in ms per answered query; and
 * the share of the machine busy, of which "others" is what none of these groups used.
 */
function cpuPerQuery(from: { cpu: CpuSnapshot; machine: ReturnType<typeof machineTicks>; jit: number }, to: typeof from, queries: number) {
  const { wallSeconds, cpuSeconds } = cpuBetween(from.cpu, to.cpu);
  // Its JIT compiler threads alone, also counted in `opensearch` (clock ticks are 1/100 s).
  const jitMs = (to.jit - from.jit) * 10;
  const ticks = to.machine.total - from.machine.total || 1;
  const machineCores = round(((to.machine.busy - from.machine.busy) / ticks) * cpus().length, 2);
  const measuredCores = Object.values(cpuSeconds).reduce((sum, s) => sum + s, 0) / wallSeconds;
  return {
    wallSeconds: round(wallSeconds, 2),
    msPerQuery: { ...Object.fromEntries(Object.entries(cpuSeconds).map(([name, s]) => [name, round((s * 1000) / queries, 2)])), opensearchJit: round(jitMs / queries, 2) },
    coresBusy: { ...Object.fromEntries(Object.entries(cpuSeconds).map(([name, s]) => [name, round(s / wallSeconds, 2)])), opensearchJit: round(jitMs / 1000 / wallSeconds, 2), others: round(Math.max(machineCores - measuredCores, 0), 2), machine: machineCores },
  };
}

/**
 * CPU ticks of OpenSearch's JIT compiler threads (C1, C2), read per thread from /proc/<pid>/task: a
 * freshly started node compiles for thousands of queries, and the compiling is not the queries' cost.
 */
function jitTicks(): number {
  return pidsMatching(/java .*BoxofficeOpenSearch/)
    .flatMap(threadTicks)
    .filter((thread) => /^C\d CompilerThre/.test(thread.name))
    .reduce((sum, thread) => sum + thread.ticks, 0);
}

const searchCpuGroups = (app: Awaited<ReturnType<typeof startApi>>): CpuGroups => ({
  api: () => (app.child.pid ? [app.child.pid] : []),
  // The bench catalog's sessions (not its shards', nor other databases'), and the cluster's writers.
  postgres: () => pidsMatching(/^postgres: (\S+ boxoffice_bench (\d|\[local\])|walwriter|background writer|checkpointer)/),
  opensearch: () => pidsMatching(/java .*BoxofficeOpenSearch/),
  redis: () => pidsMatching(/^\S*redis-server /),
  loadGenerator: () => [process.pid],
});

/**
 * Uncached search: a warm-up of distinct queries, then the measured distinct queries at a fixed rate
 * (latency by kind of query too), then `serial` more one at a time: the backend's cost without queueing.
 * CPU per query is read for both parts.
 */
async function benchUncached(backend: 'postgres' | 'opensearch', warmup: Query[], measured: Query[], serial: Query[]) {
  flushCache();
  const app = await startApi(backend);
  await runOpenLoad({ url: api, rate: uncachedRate, durationSeconds: warmup.length / uncachedRate, connections, method: 'GET', keepBodies: false, request: (i) => ({ path: searchPath(warmup[i] as Query), body: '', headers: {} }) });
  const before = await cacheCounters();
  const groups = searchCpuGroups(app);
  const snapshot = () => ({ cpu: cpuSnapshot(groups), machine: machineTicks(), jit: jitTicks() });
  let loadStart = snapshot();
  let loadEnd = loadStart;
  // Read outside the CPU window: asking costs a redis-cli process, counted with the load generator.
  let rewritesBefore = 0;
  let rewritesAfter = 0;
  const { samples, elapsedMs } = await runOpenLoad({
    url: api,
    rate: uncachedRate,
    durationSeconds: uncachedDuration,
    connections,
    method: 'GET',
    keepBodies: false,
    onLoadStart: () => {
      rewritesBefore = redisAofRewrites();
      loadStart = snapshot();
    },
    onLoadEnd: () => {
      loadEnd = snapshot();
      rewritesAfter = redisAofRewrites();
    },
    request: (i) => ({ path: searchPath(measured[i] as Query), body: '', headers: {} }),
  });
  const cpu = cpuPerQuery(loadStart, loadEnd, samples.length);
  // Every request of the fixed-rate part, in the order it was due: whether slow answers are single
  // queries or a stall that every request of a moment waited out.
  const samplesFile = args['dump-samples'];
  if (samplesFile) {
    const timeline = samples.map((s) => ({ i: s.index, ms: round(s.latencyMs, 2), doneAtMs: round(s.doneAtMs, 1), path: searchPath(measured[s.index] as Query) }));
    writeFileSync(samplesFile.replace('{backend}', backend), JSON.stringify(timeline.sort((a, b) => a.i - b.i)));
  }
  const after = await cacheCounters();
  const byKind: Record<string, { requests: number; p50: number; p99: number }> = {};
  for (const kind of new Set(measured.map(queryKind))) {
    const latencies = samples.filter((s) => queryKind(measured[s.index] as Query) === kind).map((s) => s.latencyMs);
    byKind[kind] = { requests: latencies.length, p50: round(percentile(latencies, 50), 1), p99: round(percentile(latencies, 99), 1) };
  }
  // Whether the tail is spread over the run or comes in bursts (by the second each request was due),
  // and how late the generator itself sent each second's requests (a stall of its own, not the server's).
  const bySecond = Array.from({ length: Math.ceil(uncachedDuration) }, () => [] as Sample[]);
  for (const s of samples) bySecond[Math.floor(s.index / uncachedRate)]?.push(s);
  const p99BySecond = bySecond.map((second) => round(percentile(second.map((s) => s.latencyMs), 99), 0));
  const sentLateMaxBySecond = bySecond.map((second) => round(Math.max(0, ...second.map((s) => s.sentLateMs ?? 0)), 0));
  const serialLatencies: number[] = [];
  const serialStart = snapshot();
  for (const q of serial) {
    const started = performance.now();
    await fetch(`${api}${searchPath(q)}`).then((r) => r.text());
    serialLatencies.push(performance.now() - started);
  }
  const serialCpu = cpuPerQuery(serialStart, snapshot(), serial.length);
  // The slowest queries name the shapes worth profiling.
  const slowest = serial
    .map((q, i) => ({ path: searchPath(q), ms: round(serialLatencies[i] as number, 1) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  const serialResult = { requests: serial.length, p50: round(percentile(serialLatencies, 50), 1), p99: round(percentile(serialLatencies, 99), 1), max: round(Math.max(...serialLatencies), 1), slowest, cpu: serialCpu };
  return {
    app,
    result: { backend, rate: uncachedRate, durationSeconds: uncachedDuration, ...summary(samples, elapsedMs), cache: { hits: after.hit - before.hit, misses: after.miss - before.miss }, redisAofRewrites: rewritesAfter - rewritesBefore, cpu, byKind, p99BySecond, sentLateMaxBySecond, serial: serialResult },
  };
}

/** A bare Fastify route returning a cached search answer's JSON: the ceiling for any route of this server stack. */
const startBare = (body: string) => {
  // A file, not an environment variable: one variable holds at most 128 KiB (Linux's MAX_ARG_STRLEN).
  const bodyFile = join(tmpdir(), `boxoffice-bare-${process.pid}.json`);
  writeFileSync(bodyFile, body);
  const server = startBareFastify(barePort, ["const answer = JSON.parse(require('node:fs').readFileSync(process.env.BARE_BODY_FILE, 'utf8'));", "app.get('/bare', async () => answer);"], { BARE_BODY_FILE: bodyFile });
  return { stop: () => server.stop().finally(() => rmSync(bodyFile, { force: true })) };
};

/** Zipf(s) sampler over ranks 0..n-1 by binary search on the cumulative weights. */
function zipfSampler(n: number, s: number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** s;
    cumulative[k] = total;
  }
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

// ---- The run.
const bestUnder10 = (runs: { rate: number; answeredPerSecond: number; latencyMs: { p99: number } }[]) =>
  runs.filter((r) => r.latencyMs.p99 < 10).reduce((best, r) => Math.max(best, r.rate), 0);
const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const warmup = distinctQueries(Number(args['uncached-warmup']));
const measured = distinctQueries(Math.round(uncachedRate * uncachedDuration));
const serial = distinctQueries(Number(args.serial));

const uncached: Partial<Record<'postgres' | 'opensearch', Awaited<ReturnType<typeof benchUncached>>['result'] & { loadAverageBefore: number[] }>> = {};
let apiApp: Awaited<ReturnType<typeof startApi>> | undefined;
for (const backend of backends as ('postgres' | 'opensearch')[]) {
  log(`uncached search, ${backend}: ${measured.length} distinct queries at ${uncachedRate}/s (cache flushed)`);
  const loadAverageBefore = loadavg().map((n) => round(n, 2));
  const run = await benchUncached(backend, warmup, measured, serial);
  uncached[backend] = { ...run.result, loadAverageBefore };
  log(`${JSON.stringify(run.result.latencyMs)} p99 by second ${JSON.stringify(run.result.p99BySecond)} cpu ${JSON.stringify(run.result.cpu)} serial ${JSON.stringify(run.result.serial)} byKind ${JSON.stringify(run.result.byKind)}`);
  // The OpenSearch API stays up for the cached phases.
  if (backend === 'opensearch' && !onlyUncached) apiApp = run.app;
  else await run.app.stop();
}
mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
const resultFile = (at: string) => join(repoRoot, 'bench', 'results', `search-${at.replaceAll(':', '-').slice(0, 19)}.json`);
if (onlyEventPages) apiApp = await startApi('postgres');
if (onlyUncached || !apiApp) {
  const at = new Date().toISOString();
  const file = resultFile(at);
  writeFileSync(file, `${JSON.stringify({ at, only: 'uncached', params: { uncachedRate, uncachedDuration, uncachedWarmup: warmup.length, connections, seed: Number(args.seed), opensearchIndex: indexName }, uncached }, null, 2)}\n`);
  console.log(`written to ${file}`);
  process.exit(0);
}

// Popular queries: the first ones a Zipf mix would draw most; warmed once each, then only hits.
const popular = [{ query: 'taylor swift' }, ...distinctQueries(Number(args['popular-queries']) - 1)];
const answers: string[] = [];
for (const q of popular) answers.push(await fetch(`${api}${searchPath(q)}`).then((r) => r.text()));
// The bare route answers with the popular answer of median size.
const sampleAnswer = answers.sort((a, b) => a.length - b.length)[Math.floor(answers.length / 2)] as string;

/** A bare Fastify route answering `body` (parsed, serialised again per request as any route's object is). */
async function benchBare(label: string, body: string, rates: number[]) {
  log(`bare Fastify route (${body.length} B, ${label})`);
  const bareServer = startBare(body);
  await waitForHttp(`${bare}/healthz`);
  await runClosedLoad({ url: bare, connections: closedConnections, durationSeconds: 1, path: () => '/bare' }); // JIT warm-up
  const closed = await runClosedLoad({ url: bare, connections: closedConnections, durationSeconds: closedSeconds, path: () => '/bare' });
  const open = [];
  for (const rate of rates) open.push(await openGet(bare, rate, cachedDuration, () => '/bare'));
  await bareServer.stop();
  log(`bare: ${closed.perSecond}/s closed; ${open.map((r) => `${r.rate}/s p99 ${r.latencyMs.p99}`).join(', ')}`);
  return { bodyBytes: body.length, closed, open, bestRateP99Under10ms: bestUnder10(open) };
}
const bareResult = await benchBare('a cached search answer', sampleAnswer, cachedRates);
const bareClosed = bareResult.closed;

const popularPath = (i: number) => searchPath(popular[i % popular.length] as Query);
async function benchCachedSearch() {
  log(`cached search: ${popular.length} popular queries`);
  const before = await cacheCounters();
  await runClosedLoad({ url: api, connections: closedConnections, durationSeconds: 1, path: popularPath });
  const closed = await runClosedLoad({ url: api, connections: closedConnections, durationSeconds: closedSeconds, path: popularPath });
  const open = [];
  for (const rate of cachedRates) open.push(await openGet(api, rate, cachedDuration, popularPath));
  const after = await cacheCounters();
  log(`cached search: ${closed.perSecond}/s closed; ${open.map((r) => `${r.rate}/s p99 ${r.latencyMs.p99}`).join(', ')}`);
  return { queries: popular.length, closed, open, bestRateP99Under10ms: bestUnder10(open), ratioToBare: round(closed.perSecond / bareClosed.perSecond, 2), cache: hitRatio(before, after) };
}
const cachedSearch = onlyEventPages ? undefined : await benchCachedSearch();

// Event pages with small seat maps (≤ 1,000 tickets): the hot 10k/50k events are the availability route's job.
const hotIds = new Set(manifest.hotEvents.map((e) => e.id));
const smallEvents = manifest.shards
  .flatMap((url) => runTool('psql', ['-At', '-c', 'select event_id from tickets group by event_id having count(*) <= 1000 order by event_id', url]).trim().split('\n'))
  .filter((id) => id && !hotIds.has(id))
  .slice(0, Number(args['event-pages']));
// Most of the scale set's events have no seat map at all (only ~1,440 have tickets): their page is the static part.
const seated = new Set(
  manifest.shards.flatMap((url) => runTool('psql', ['-At', '-c', 'select distinct event_id from tickets', url]).trim().split('\n')),
);
const seatlessDb = connectDatabases(parseEnv(apiEnv, { ...baseEnv }));
const seatlessEvents = (await sql<{ id: string }>`select event_id as id from event_search order by md5(event_id::text) limit ${Number(args['event-pages']) * 2}`.execute(seatlessDb.catalog)).rows
  .map((r) => r.id)
  .filter((id) => !seated.has(id))
  .slice(0, Number(args['event-pages']));
await seatlessDb.destroy();

async function benchEvents(label: string, ids: string[], rates: number[]) {
  const path = (i: number) => `/event/${ids[i % ids.length]}`;
  for (let i = 0; i < ids.length; i++) await fetch(`${api}${path(i)}`).then((r) => r.text());
  await runClosedLoad({ url: api, connections: closedConnections, durationSeconds: 1, path });
  const closed = await runClosedLoad({ url: api, connections: closedConnections, durationSeconds: closedSeconds, path });
  const open = [];
  for (const rate of rates) open.push(await openGet(api, rate, cachedDuration, path));
  log(`event pages (${label}, ${ids.length} events): ${closed.perSecond}/s closed; ${open.map((r) => `${r.rate}/s p99 ${r.latencyMs.p99}`).join(', ')}`);
  return { events: ids.length, closed, open, bestRateP99Under10ms: bestUnder10(open), ratioToBare: round(closed.perSecond / bareClosed.perSecond, 2) };
}
/**
 * `work` while `perSecond` seat changes a second land on `ids` (one of 20 seats of the next event,
 * reserved or available at random) through publishSeatChanges, the booking workers' own call.
 */
async function withSeatChanges<T extends object>(ids: string[], perSecond: number, work: () => Promise<T>) {
  const tickets = new Map<string, string[]>();
  const list = ids.map((id) => `'${id}'`).join(',');
  for (const url of manifest.shards) {
    for (const row of runTool('psql', ['-At', '-F', ' ', '-c', `select event_id, id from (select event_id, id, row_number() over (partition by event_id order by id) as n from tickets where event_id in (${list})) t where n <= 20`, url]).trim().split('\n')) {
      const [eventId, id] = row.split(' ');
      if (!eventId || !id) continue;
      const seats = tickets.get(eventId) ?? [];
      seats.push(id);
      tickets.set(eventId, seats);
    }
  }
  const redis = new Redis(benchRedisUrl(Number(redisDb)));
  let stopped = false;
  let published = 0;
  const started = performance.now();
  const changing = (async () => {
    while (!stopped) {
      const wait = started + (published * 1000) / perSecond - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const eventId = ids[published % ids.length] as string;
      const seats = tickets.get(eventId) ?? [];
      const ticketID = seats[Math.floor(Math.random() * seats.length)];
      if (ticketID) await publishSeatChanges(redis, eventId, [{ ticketID, status: Math.random() < 0.5 ? 'reserved' : 'available' }]);
      published++;
    }
  })();
  const result = await work();
  stopped = true;
  await changing;
  const seconds = (performance.now() - started) / 1000;
  await redis.quit();
  return { ...result, seatChanges: { published, perSecond: round(published / seconds) } };
}

const seatMapRates = (args['seat-map-rates'] ?? '').split(',').map(Number).filter(Boolean);
const eventPageSeats = await benchEvents('1,000-seat maps', smallEvents, seatMapRates);
const seatChangeRate = Number(args['seat-changes']);
const eventPageSeatsChanging = await withSeatChanges(smallEvents, seatChangeRate, () =>
  benchEvents(`1,000-seat maps, ${seatChangeRate} seat changes/s`, smallEvents, seatMapRates),
);
const eventPageNoSeats = await benchEvents('no seat map', seatlessEvents, cachedRates);
// A ~140 KB answer is not a ~7 KB one: the 1,000-seat pages' own ceiling is a bare route answering one of them.
const seatMapBody = await fetch(`${api}/event/${smallEvents[0]}`).then((r) => r.text());
const bareSeatMap = await benchBare('a 1,000-seat event page', seatMapBody, seatMapRates);
const sameSize = <T extends { closed: { perSecond: number } }>(run: T) => ({ ...run, ratioToBareSameSize: round(run.closed.perSecond / bareSeatMap.closed.perSecond, 2) });
const eventPage = { seats1000: sameSize(eventPageSeats), seats1000WhileSeatsChange: sameSize(eventPageSeatsChanging), noSeatMap: eventPageNoSeats };
const machine = { cpus: cpus().length, node: process.version, note: 'load generator, API, bare server, PostgreSQL, Redis and OpenSearch share these cores' };
if (onlyEventPages) {
  await apiApp.stop();
  const at = new Date().toISOString();
  const file = resultFile(at);
  writeFileSync(file, `${JSON.stringify({ at, only: 'event-pages', machine, params: { cachedRates, seatMapRates, seatChangeRate, cachedDuration, closedSeconds, closedConnections, connections }, bare: bareResult, bareSeatMap, eventPage }, null, 2)}\n`);
  console.log(`written to ${file}`);
  process.exit(0);
}

// Hit ratio under a Zipf-skewed mix of new keys (none asked before in this run), from the API's own counters.
const zipfKeys = distinctQueries(Number(args['zipf-keys']));
const zipfRequests = Number(args['zipf-requests']);
const draw = zipfSampler(zipfKeys.length, Number(args['zipf-s']));
const zipfPasses = [];
const askedBefore = new Set<number>();
for (let pass = 1; pass <= Number(args['zipf-passes']); pass++) {
  const drawn = Array.from({ length: zipfRequests }, draw);
  // The best any cache can do in this pass: every first request of a key in the run misses.
  let firstAsks = 0;
  for (const key of drawn) {
    if (askedBefore.has(key)) continue;
    askedBefore.add(key);
    firstAsks++;
  }
  const before = await cacheCounters();
  const run = await openGet(api, Number(args['zipf-rate']), zipfRequests / Number(args['zipf-rate']), (i) => searchPath(zipfKeys[drawn[i] as number] as Query));
  const measured = hitRatio(before, await cacheCounters());
  const ceiling = round(1 - firstAsks / zipfRequests, 4);
  zipfPasses.push({ pass, ceiling, ...measured, belowCeiling: round(ceiling - measured.ratio, 4), latencyMs: run.latencyMs, statuses: run.statuses });
  log(`Zipf pass ${pass}: hit ratio ${measured.ratio} (ceiling ${ceiling}), p99 ${run.latencyMs.p99} ms`);
}
await apiApp.stop();

// The same cached reads with the microcache off: what the Redis layer alone gives (closed loop only).
log('Redis layer only (RESPONSE_CACHE_MS=0): cached search and event pages');
const redisOnlyApp = await startApi('opensearch', { RESPONSE_CACHE_MS: '0' });
async function closedOnly(path: (i: number) => string, count: number) {
  for (let i = 0; i < count; i++) await fetch(`${api}${path(i)}`).then((r) => r.text());
  await runClosedLoad({ url: api, connections: closedConnections, durationSeconds: 1, path });
  const closed = await runClosedLoad({ url: api, connections: closedConnections, durationSeconds: closedSeconds, path });
  return { closed, ratioToBare: round(closed.perSecond / bareClosed.perSecond, 2) };
}
const redisOnly = {
  search: await closedOnly(popularPath, popular.length),
  eventPageNoSeatMap: await closedOnly((i) => `/event/${seatlessEvents[i % seatlessEvents.length]}`, seatlessEvents.length),
  eventPageSeats1000: await closedOnly((i) => `/event/${smallEvents[i % smallEvents.length]}`, smallEvents.length),
};
await redisOnlyApp.stop();
log(`Redis only: search ${redisOnly.search.closed.perSecond}/s, event page ${redisOnly.eventPageNoSeatMap.closed.perSecond}/s, 1,000-seat page ${redisOnly.eventPageSeats1000.closed.perSecond}/s`);

const indexStats = JSON.parse(runTool('curl', ['-s', `http://127.0.0.1:59200/${indexName}/_stats/store,docs`])) as {
  _all: { primaries: { store: { size_in_bytes: number }; docs: { count: number } } };
};

const result = {
  at: new Date().toISOString(),
  machine,
  params: { uncachedRate, uncachedDuration, uncachedWarmup: warmup.length, cachedRates, seatMapRates, seatChangeRate, cachedDuration, closedSeconds, closedConnections, connections, seed: Number(args.seed) },
  bare: bareResult,
  bareSeatMap,
  uncached,
  cachedSearch,
  eventPage,
  /** The microcache (1 s, per process) answers the cached phases above; these are Redis alone. */
  redisLayerOnly: redisOnly,
  zipf: {
    keys: zipfKeys.length,
    s: Number(args['zipf-s']),
    requestsPerPass: zipfRequests,
    /** `ceiling`: 1 − first asks of a key in the run ÷ requests; `belowCeiling`: what the cache lost beyond that. */
    passes: zipfPasses,
  },
  index: {
    name: indexName,
    docs: indexStats._all.primaries.docs.count,
    ngramStoreMB: round(indexStats._all.primaries.store.size_in_bytes / 1e6, 1),
  },
};
const file = resultFile(result.at);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
console.log(`written to ${file}`);
process.exit(0);

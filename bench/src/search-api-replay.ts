// The API's own CPU per search, one request at a time: the search bench's uncached queries through
// the real API (Redis flushed, so every one loads from the backend), the same queries again (each a
// Redis hit: the microcache is off), and a bare Fastify route answering a search-sized body. What the
// fixed-rate bench's CPU per query mixes with queueing and other processes, this separates: compare
// two versions of the API's read path by alternating them (`git stash`), as search-replay does for
// the backends. Not a test: run it by hand (see bench/README.md).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { apiEnv, parseEnv, repoRoot } from '@boxoffice/config';
import { createKysely, type CatalogDB } from '@boxoffice/db';
import { Pool } from 'undici';
import { startBareFastify } from './lib/bare';
import { cliArgs } from './lib/cli';
import { cpuBetween, cpuSnapshot, pidsMatching, threadTicks } from './lib/cpu';
import { benchDatabaseUrl, benchRedisUrl } from './lib/engines';
import { runTool, startApp, waitForHttp } from './lib/processes';
import { createQueryMix, searchPath } from './lib/search-queries';
import { round } from './lib/stats';

const { values: args } = parseArgs({
  args: cliArgs(),
  options: {
    backend: { type: 'string', default: 'opensearch' },
    seed: { type: 'string', default: '7' },
    // As search-replay: skipping the search bench's warm-up draws the queries it measures.
    skip: { type: 'string', default: '1000' },
    queries: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '300' },
  },
});
const backend = args.backend;
if (backend !== 'postgres' && backend !== 'opensearch') throw new Error('--backend takes postgres or opensearch');

const apiPort = 3320;
const barePort = 3321;
const redisDb = 4;
const env = {
  NODE_ENV: 'production',
  DATABASE_URL: benchDatabaseUrl,
  SHARD_COUNT: '2',
  REDIS_URL: benchRedisUrl(redisDb),
  PORT: String(apiPort),
  LOG_LEVEL: 'warn',
  API_PROCESSES: '1',
  RATE_LIMIT_DISABLED: 'true',
  // The second pass must reach Redis, not the one-second microcache.
  RESPONSE_CACHE_MS: '0',
  SEARCH_BACKEND: backend,
  OPENSEARCH_URL: 'http://127.0.0.1:59200',
  OPENSEARCH_INDEX_PREFIX: 'boxoffice-bench',
  JWT_SECRET: parseEnv(apiEnv, {}).JWT_SECRET,
  STRIPE_WEBHOOK_SECRET: parseEnv(apiEnv, {}).STRIPE_WEBHOOK_SECRET,
};

const catalog = createKysely<CatalogDB>(benchDatabaseUrl, 1);
const { distinctQueries } = await createQueryMix(catalog, Number(args.seed));
await catalog.destroy();
distinctQueries(Number(args.skip));
const paths = distinctQueries(Number(args.queries)).map(searchPath);
const warmup = distinctQueries(Number(args.warmup)).map(searchPath);

/** CPU ticks of a process's main thread and of all its other threads (GC helpers, libuv). */
function mainAndOthers(pid: number): { main: number; others: number } {
  const ticks = { main: 0, others: 0 };
  for (const thread of threadTicks(pid)) ticks[thread.tid === pid ? 'main' : 'others'] += thread.ticks;
  return ticks;
}

/** Send each path once, one at a time, over one connection; CPU per request of the server and the engines. */
async function pass(url: string, pid: number, list: string[]) {
  const pool = new Pool(url, { connections: 1 });
  const groups = {
    server: () => [pid],
    opensearch: () => pidsMatching(/java .*BoxofficeOpenSearch/),
    postgres: () => pidsMatching(/^postgres: \S+ boxoffice_bench /),
    redis: () => pidsMatching(/^\S*redis-server /),
  };
  const before = cpuSnapshot(groups);
  const threadsBefore = mainAndOthers(pid);
  for (const path of list) {
    const res = await pool.request({ method: 'GET', path });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode}`);
  }
  const threads = mainAndOthers(pid);
  const { wallSeconds, cpuSeconds } = cpuBetween(before, cpuSnapshot(groups));
  await pool.close();
  const perRequest = (seconds: number) => round((seconds * 1000) / list.length, 3);
  return {
    requests: list.length,
    cpuMsPerRequest: Object.fromEntries(Object.entries(cpuSeconds).map(([name, s]) => [name, perRequest(s)])),
    // Clock ticks are 1/100 s.
    serverThreadsMs: { main: perRequest((threads.main - threadsBefore.main) / 100), others: perRequest((threads.others - threadsBefore.others) / 100) },
    wallMsPerRequest: perRequest(wallSeconds),
  };
}

runTool('redis-cli', ['-n', String(redisDb), '-p', '56379', 'flushdb']);
const app = startApp('api', env);
const api = `http://127.0.0.1:${apiPort}`;
await waitForHttp(`${api}/healthz`);
const apiPid = app.child.pid as number;
await pass(api, apiPid, warmup);
await pass(api, apiPid, warmup);
const uncached = await pass(api, apiPid, paths);
const cached = await pass(api, apiPid, paths);
await app.stop();

// A search-sized answer (20 hits) from a route that does nothing else.
const body = JSON.stringify({
  events: Array.from({ length: 20 }, (_, i) => ({ eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: 'An Event Name Of Usual Length', date: new Date().toISOString(), location: 'A Venue, A City', type: 'concert', venue: { venueID: 'v', name: 'A Venue', city: 'A City' }, performers: ['A Performer'], lowestPrice: 4500 })),
  meta: { total: 100, page: 1, size: 20 },
});
const bareServer = startBareFastify(barePort, ['const answer = JSON.parse(process.env.BARE_BODY);', "app.get('/bare', async () => answer);"], { BARE_BODY: body });
const bareUrl = `http://127.0.0.1:${barePort}`;
await waitForHttp(`${bareUrl}/healthz`);
const barePid = bareServer.child.pid as number;
await pass(bareUrl, barePid, warmup.map(() => '/bare'));
const bare = await pass(bareUrl, barePid, paths.map(() => '/bare'));
await bareServer.stop();

const at = new Date().toISOString();
const result = { at, backend, params: { seed: Number(args.seed), skip: Number(args.skip), queries: paths.length, warmup: warmup.length }, uncached, cached, bare };
const file = join(repoRoot, 'bench', 'results', `search-api-replay-${at.replaceAll(':', '-').slice(0, 19)}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
console.log(`written to ${file}`);

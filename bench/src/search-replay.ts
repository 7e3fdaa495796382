// Replays the search bench's uncached queries straight into one backend, in this process, one at a time:
// no API, no HTTP, no cache, no load generator in the way. What it reports is the backend's own CPU per
// query (the one PostgreSQL session's, or the OpenSearch node's), the figure to compare two versions of
// a backend's query with: alternate them (`git stash`) and each run lands within a few per cent.
// Not a test: run it by hand (see bench/README.md).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '@boxoffice/config';
import { type CatalogDB, createKysely } from '@boxoffice/db';
import {
  createOpenSearchClient,
  eventsIndexName,
  OpenSearchBackend,
  PostgresSearchBackend,
  type SearchBackend,
  type SearchQuery,
} from '@boxoffice/search';
import { sql } from 'kysely';
import { cpuBetween, cpuSnapshot, pidsMatching } from './lib/cpu';
import { benchDatabaseUrl } from './lib/engines';
import { createQueryMix, type Query } from './lib/search-queries';
import { round } from './lib/stats';
import { cliArgs } from './lib/cli';

const { values: args } = parseArgs({
  args: cliArgs(),
  options: {
    backend: { type: 'string', default: 'postgres' },
    seed: { type: 'string', default: '7' },
    // The search bench draws its warm-up first (1,000 by default): skipping as many draws the same
    // measured queries as `search --seed <seed>` sends at its fixed rate.
    skip: { type: 'string', default: '1000' },
    queries: { type: 'string', default: '3000' },
    // Sent first and not measured: this session's and the node's caches warm up.
    warmup: { type: 'string', default: '300' },
    'opensearch-prefix': { type: 'string', default: 'boxoffice-bench' },
  },
});
const backendName = args.backend;
if (backendName !== 'postgres' && backendName !== 'opensearch') throw new Error('--backend takes postgres or opensearch');

/** GET /search's parameters as the API reads them (a UTC day, or a range of days, both ends inclusive). */
function toSearchQuery(q: Query): SearchQuery {
  const day = (value: string) => new Date(`${value}T00:00:00.000Z`);
  const [from, until = from] = q.date?.split('..') ?? [];
  return {
    text: q.query,
    city: q.location,
    from: from ? day(from) : undefined,
    to: until ? new Date(day(until).getTime() + 86_400_000 - 1) : undefined,
    type: q.type as SearchQuery['type'],
    page: 1,
    size: 20,
  };
}

// One session: its backend process is the whole of PostgreSQL's work for these queries.
const catalog = createKysely<CatalogDB>(benchDatabaseUrl, 1);
const { distinctQueries } = await createQueryMix(catalog, Number(args.seed));
distinctQueries(Number(args.skip));
const queries = distinctQueries(Number(args.queries)).map(toSearchQuery);
const warmup = distinctQueries(Number(args.warmup)).map(toSearchQuery);

const opensearch = backendName === 'opensearch' ? createOpenSearchClient('http://127.0.0.1:59200') : null;
let backend: SearchBackend;
let pids: number[];
if (opensearch) {
  backend = new OpenSearchBackend(opensearch, { index: eventsIndexName(args['opensearch-prefix']) });
  pids = pidsMatching(/java .*BoxofficeOpenSearch/);
  if (pids.length === 0) throw new Error('OpenSearch is not running: node infra/engines.mjs start opensearch');
} else {
  backend = new PostgresSearchBackend(catalog);
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(catalog);
  pids = rows.map((row) => row.pid);
}

for (const query of warmup) await backend.search(query);
const groups = { backend: () => pids };
const before = cpuSnapshot(groups);
const clientBefore = process.cpuUsage();
let hits = 0;
for (const query of queries) hits += (await backend.search(query)).events.length;
const client = process.cpuUsage(clientBefore);
const { wallSeconds, cpuSeconds } = cpuBetween(before, cpuSnapshot(groups));
await catalog.destroy();
if (backend instanceof OpenSearchBackend) await backend.close();
await opensearch?.close();

const at = new Date().toISOString();
const result = {
  at,
  backend: backendName,
  params: { seed: Number(args.seed), skip: Number(args.skip), queries: queries.length, warmup: warmup.length, ...(backendName === 'opensearch' ? { index: eventsIndexName(args['opensearch-prefix']) } : {}) },
  /** The backend's CPU (PostgreSQL session or OpenSearch node) and the wall time per query, one at a time. */
  backendCpuMsPerQuery: round(((cpuSeconds.backend ?? 0) * 1000) / queries.length, 3),
  /** This process's CPU per query: the backend's client code (query building, transport, answer parsing). */
  clientCpuMsPerQuery: round((client.user + client.system) / 1000 / queries.length, 3),
  wallMsPerQuery: round((wallSeconds * 1000) / queries.length, 3),
  hitsPerQuery: round(hits / queries.length, 2),
};
const file = join(repoRoot, 'bench', 'results', `search-replay-${at.replaceAll(':', '-').slice(0, 19)}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
console.log(`written to ${file}`);

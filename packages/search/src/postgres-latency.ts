#!/usr/bin/env tsx
// Uncached latency of the PostgreSQL backend on whatever catalog DATABASE_URL names (the scale set:
// boxoffice_bench). A query mix drawn from the events themselves, replayed one at a time and then
// at a fixed arrival rate (latency counted from when each query was due, so queueing shows).
//   DATABASE_URL=postgres://…/boxoffice_bench pnpm exec tsx src/postgres-latency.ts [--queries 2000] [--rate 200]
import { parseArgs } from 'node:util';
import { databaseEnv, parseEnv } from '@boxoffice/config';
import { type CatalogDB, createKysely, Random } from '@boxoffice/db';
import { sql } from 'kysely';
import type { EventType, SearchBackend, SearchQuery } from './backend';
import { PostgresSearchBackend } from './postgres-backend';

interface Sample {
  name: string;
  performers: string[];
  city: string;
  latitude: number | null;
  longitude: number | null;
  starts_at: Date;
  type: EventType;
}


/** "Taylor Swift" -> "tayl swif" or "tylr swif": word prefixes, sometimes with a letter dropped. */
function mangle(name: string, random: () => number): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      const prefix = word.slice(0, Math.max(3, Math.min(word.length, 4 + Math.floor(random() * 2))));
      if (prefix.length < 5 || random() < 0.5) return prefix;
      const drop = 1 + Math.floor(random() * (prefix.length - 2));
      return prefix.slice(0, drop) + prefix.slice(drop + 1);
    })
    .join(' ');
}

function queryMix(samples: Sample[], count: number, random: () => number): SearchQuery[] {
  return Array.from({ length: count }, (_, i) => {
    const doc = samples[i % samples.length] as Sample;
    const performer = doc.performers[0] ?? doc.name;
    const from = new Date(Date.UTC(doc.starts_at.getUTCFullYear(), doc.starts_at.getUTCMonth(), 1));
    const to = new Date(Date.UTC(doc.starts_at.getUTCFullYear(), doc.starts_at.getUTCMonth() + 1, 1) - 1);
    const base = { page: 1, size: 20 };
    switch (i % 8) {
      case 0:
        return { ...base, text: mangle(performer, random) };
      case 1:
        return { ...base, text: doc.name };
      case 2:
        return { ...base, text: performer.split(' ')[0], city: doc.city };
      case 3:
        return { ...base, city: doc.city, from, to };
      case 4:
        return doc.latitude === null || doc.longitude === null
          ? { ...base, type: doc.type }
          : { ...base, type: doc.type, near: { lat: doc.latitude, lon: doc.longitude, radiusKm: 50 } };
      case 5:
        return { ...base, type: doc.type, from, to, page: 1 + Math.floor(random() * 5) };
      case 6:
        return { ...base, text: performer };
      default:
        // A single broad word ("tour", "live", "the"): the worst case for ranking and counting.
        return {
          ...base,
          text:
            doc.name
              .split(/\W+/)
              .filter((w) => w.length > 2)
              .pop() ?? doc.name,
        };
    }
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

function summary(label: string, latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1);
  return `${label}: ${sorted.length} queries, p50 ${f(percentile(sorted, 50))} ms, p90 ${f(percentile(sorted, 90))} ms, p99 ${f(percentile(sorted, 99))} ms, max ${f(sorted.at(-1) ?? 0)} ms`;
}

async function sequential(backend: SearchBackend, queries: SearchQuery[]): Promise<number[]> {
  const latencies: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    await backend.search(query);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

async function fixedRate(backend: SearchBackend, queries: SearchQuery[], rate: number): Promise<number[]> {
  const started = performance.now();
  return Promise.all(
    queries.map(async (query, i) => {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await backend.search(query);
      return performance.now() - due;
    }),
  );
}

async function main() {
  const { values } = parseArgs({
    options: { queries: { type: 'string', default: '2000' }, rate: { type: 'string', default: '200' } },
  });
  const env = parseEnv(databaseEnv);
  const catalog = createKysely<CatalogDB>(env.DATABASE_URL, 10);
  try {
    await sql`select setseed(0.42)`.execute(catalog);
    const { rows } = await sql<Sample>`
      select name, performers, city, latitude, longitude, starts_at, type
        from event_search tablesample bernoulli (1) repeatable (42) limit 1000`.execute(catalog);
    const backend = new PostgresSearchBackend(catalog);
    const count = Number(values.queries);
    const mix = queryMix(rows, count, Random.fn(42));
    await sequential(backend, queryMix(rows, 200, Random.fn(7)));
    console.log(
      `[search] postgres, ${new URL(env.DATABASE_URL).pathname.slice(1)}, ${rows.length} sampled events`,
    );
    console.log(`[search] ${summary('sequential', await sequential(backend, mix))}`);
    console.log(
      `[search] ${summary(`${values.rate}/s fixed rate`, await fixedRate(backend, mix, Number(values.rate)))}`,
    );
    for (const [kind, label] of [
      'mangled performer',
      'event name',
      'word + city',
      'city + month',
      'type + 50 km',
      'type + month, pages 1-5',
      'performer',
      'one broad word',
    ].entries()) {
      const subset = mix.filter((_, i) => i % 8 === kind);
      console.log(`[search]   ${summary(label, await sequential(backend, subset.slice(0, 100)))}`);
    }
  } finally {
    await catalog.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

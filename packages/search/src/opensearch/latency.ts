import { Random } from '@boxoffice/db';
import type { Client } from '@opensearch-project/opensearch';
import type { EventType, SearchBackend, SearchQuery } from '../backend';

/**
 * A realistic query mix built from the indexed documents themselves (a seeded random sample), so the
 * same mix can be replayed against any backend loaded with the same set:
 *   partial + misspelled performer names ("tayl swif"), full event names, text + city, city + a month,
 *   type + distance around a venue, and filter-only browsing.
 */
export async function sampleQueries(
  client: Client,
  index: string,
  count: number,
  seed = 42,
): Promise<SearchQuery[]> {
  const res = await client.search({
    index,
    body: {
      size: Math.min(count, 1000),
      _source: ['name', 'performers', 'venue.city', 'venue.location', 'startsAt', 'type'],
      query: {
        function_score: {
          query: { match_all: {} },
          functions: [{ random_score: { seed, field: '_seq_no' } }],
        },
      },
    },
  });
  const docs = res.body.hits.hits.map(
    (hit) =>
      hit._source as {
        name: string;
        performers: string[];
        venue: { city: string; location: { lat: number; lon: number } | null };
        startsAt: string;
        type: EventType;
      },
  );
  if (docs.length === 0) throw new Error(`index ${index} is empty: load it first (search reindex)`);
  const rnd = Random.fn(seed);
  const queries: SearchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const doc = docs[i % docs.length];
    if (!doc) continue;
    const performer = doc.performers[0] ?? doc.name;
    const page = 1;
    const size = 20;
    const month = new Date(doc.startsAt);
    const from = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1));
    const to = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1) - 1);
    switch (i % 6) {
      case 0: // partial + misspelled: first 4 letters of each word, one letter dropped from a long word
        queries.push({ text: mangle(performer, rnd), page, size });
        break;
      case 1:
        queries.push({ text: doc.name, page, size });
        break;
      case 2:
        queries.push({ text: performer.split(' ')[0], city: doc.venue.city, page, size });
        break;
      case 3:
        queries.push({ city: doc.venue.city, from, to, page, size });
        break;
      case 4:
        queries.push(
          doc.venue.location
            ? { type: doc.type, near: { ...doc.venue.location, radiusKm: 50 }, page, size }
            : { type: doc.type, page, size },
        );
        break;
      default:
        queries.push({ type: doc.type, from, to, page: 1 + Math.floor(rnd() * 5), size });
    }
  }
  return queries;
}

function mangle(name: string, rnd: () => number): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      const prefix = word.slice(0, Math.max(3, Math.min(word.length, 4 + Math.floor(rnd() * 2))));
      if (prefix.length >= 5 && rnd() < 0.5) {
        const drop = 1 + Math.floor(rnd() * (prefix.length - 2));
        return prefix.slice(0, drop) + prefix.slice(drop + 1);
      }
      return prefix;
    })
    .join(' ');
}


export interface LatencyReport {
  queries: number;
  mode: string;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  wallMs: number;
  errors: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

function report(mode: string, latencies: number[], wallMs: number, errors: number): LatencyReport {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    queries: latencies.length,
    mode,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? 0),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
    wallMs: Math.round(wallMs),
    errors,
  };
}

/** One query at a time (closed loop): the service time of each query. */
export async function measureSequential(
  backend: SearchBackend,
  queries: readonly SearchQuery[],
): Promise<LatencyReport> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  for (const query of queries) {
    const t = performance.now();
    try {
      await backend.search(query);
    } catch {
      errors++;
    }
    latencies.push(performance.now() - t);
  }
  return report('sequential', latencies, performance.now() - started, errors);
}

/**
 * Fixed arrival rate (open loop): query i is due at i/rate seconds and its latency counts from when it
 * was due, so a slow server shows up in the tail instead of slowing the load down.
 */
export async function measureFixedRate(
  backend: SearchBackend,
  queries: readonly SearchQuery[],
  ratePerSecond: number,
): Promise<LatencyReport> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < queries.length; i++) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const query = queries[i] as SearchQuery;
    inflight.push(
      backend.search(query).then(
        () => {
          latencies.push(performance.now() - due);
        },
        () => {
          errors++;
          latencies.push(performance.now() - due);
        },
      ),
    );
  }
  await Promise.all(inflight);
  return report(`${ratePerSecond}/s fixed rate`, latencies, performance.now() - started, errors);
}

import { type CatalogDb, Random } from '@boxoffice/db';
import { sql } from 'kysely';

/** A search as the bench sends it: GET /search's query parameters. */
export interface Query {
  query?: string;
  location?: string;
  date?: string;
  type?: string;
}

export const searchPath = (q: Query) =>
  `/search?${new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined)).toString()}`;

export const queryKind = (q: Query) =>
  [q.query !== undefined && 'text', q.location && 'city', q.date && 'date', q.type && 'type']
    .filter(Boolean)
    .join('+');

/**
 * The search benches' query mix, drawn from the scale set's own words (seeded PRNG, so a seed always
 * draws the same queries in the same order): 50% text only, 15% text + city, 10% text + date, 5%
 * text + type, 10% city + date, 10% city + type + date. Text is 85% a performer's name typed as a fan
 * would (1–2 words, half cut to a prefix, 20% with a dropped, swapped or wrong letter) and 15% a word
 * from event names. `random` is the same generator, for anything else the bench draws after it.
 */
export async function createQueryMix(catalog: CatalogDb, seed: number) {
  const random = Random.fn(seed >>> 0 || 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const performers = (
    await sql<{ name: string }>`select distinct unnest(performers) as name from event_search`.execute(catalog)
  ).rows.map((r) => r.name);
  const eventWords = (
    await sql<{
      word: string;
    }>`select distinct lower(w) as word from event_search, regexp_split_to_table(name, '[^[:alpha:]]+') w where length(w) >= 4`.execute(
      catalog,
    )
  ).rows.map((r) => r.word);
  const cities = (
    await sql<{ city: string }>`select distinct city from event_search`.execute(catalog)
  ).rows.map((r) => r.city);
  const types = (
    await sql<{ type: string }>`select distinct type::text as type from event_search`.execute(catalog)
  ).rows.map((r) => r.type);
  const span = (
    await sql<{
      min: Date;
      max: Date;
    }>`select min(starts_at) as min, max(starts_at) as max from event_search`.execute(catalog)
  ).rows[0];
  if (!span || performers.length === 0)
    throw new Error('no scale data: seed boxoffice_bench first (see bench/README.md)');
  const dayMs = 86_400_000;
  const firstDay = Math.floor(span.min.getTime() / dayMs);
  const days = Math.floor(span.max.getTime() / dayMs) - firstDay + 1;
  const isoDay = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);

  /** A fan's typing: 1-2 words of a performer's name, cut to a prefix, sometimes with a typo ("tayl swif"). */
  function typed(name: string): string {
    const words = name
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w && w !== 'the');
    const chosen = words.slice(0, random() < 0.5 ? 1 : 2);
    return chosen
      .map((word) => {
        let w =
          random() < 0.5 && word.length > 4
            ? word.slice(0, Math.max(3, word.length - 1 - Math.floor(random() * 3)))
            : word;
        if (random() < 0.2 && w.length > 4) {
          const at = 1 + Math.floor(random() * (w.length - 2));
          const typo = random();
          if (typo < 0.33)
            w = w.slice(0, at) + w.slice(at + 1); // dropped letter
          else if (typo < 0.66)
            w = w.slice(0, at) + (w[at + 1] ?? '') + (w[at] ?? '') + w.slice(at + 2); // swapped letters
          else w = w.slice(0, at) + pick('aeiou'.split('')) + w.slice(at + 1); // wrong vowel
        }
        return w;
      })
      .join(' ');
  }

  /** A realistic mix: mostly performer names, some with a city, a date range or a type; some filters alone. */
  function randomQuery(): Query {
    const r = random();
    const dateRange = () => {
      const start = firstDay + Math.floor(random() * days);
      const length = pick([0, 1, 2, 6, 13, 29]);
      return length === 0 ? isoDay(start) : `${isoDay(start)}..${isoDay(start + length)}`;
    };
    const text = () => (random() < 0.85 ? typed(pick(performers)) : pick(eventWords));
    if (r < 0.5) return { query: text() };
    if (r < 0.65) return { query: text(), location: pick(cities) };
    if (r < 0.75) return { query: text(), date: dateRange() };
    if (r < 0.8) return { query: text(), type: pick(types) };
    if (r < 0.9) return { location: pick(cities), date: dateRange() };
    return { location: pick(cities), type: pick(types), date: dateRange() };
  }

  /** The API's cache key, near enough: the same words, city and filters map to one entry. */
  const cacheKey = (q: Query) =>
    JSON.stringify([
      (q.query?.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' '),
      q.location?.toLowerCase() ?? '',
      q.date ?? '',
      q.type ?? '',
    ]);
  const usedKeys = new Set<string>();
  /** Queries none of which was asked before in this run: each one misses the cache. */
  function distinctQueries(count: number): Query[] {
    const out: Query[] = [];
    while (out.length < count) {
      const q = randomQuery();
      const key = cacheKey(q);
      if (usedKeys.has(key) || (q.query !== undefined && q.query.length < 3)) continue;
      usedKeys.add(key);
      out.push(q);
    }
    return out;
  }

  return { random, distinctQueries };
}

import type { CatalogDb } from '@boxoffice/db';
import { type RawBuilder, sql } from 'kysely';
import {
  type EventType,
  type SearchBackend,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  searchLimits,
} from './backend';
import { boundingBoxes, earthRadiusKm, type Near } from './geo';
import { maxExpansions, resolveTerms } from './resolve-terms';
import { searchText, wordSets, wordsTsQuery } from './search-text';

export interface PostgresSearchOptions {
  /**
   * How many matches are ranked by relevance: the soonest `rankWindow` of them. Broad words ("tour")
   * match a fifth of 150,000 events; ranking all of them costs ~100 ms, ranking the soonest 200 a
   * few. Specific queries match fewer and are ranked whole. Hits past the window follow by date.
   */
  rankWindow?: number;
}

interface HitRow {
  event_id: string;
  name: string;
  type: EventType;
  starts_at: Date;
  venue_id: string;
  venue_name: string;
  city: string;
  performers: string[];
  lowest_price_amount: number | null;
  lowest_price_currency: string | null;
}

const hitColumns = sql`s.event_id, s.name, s.type, s.starts_at, s.venue_id, s.venue_name, s.city, s.performers,
  s.lowest_price_amount, s.lowest_price_currency`;

/**
 * A text match: the WHERE predicate and the tsquery that scores the ranked window, and the same match
 * as sets of vocabulary words (one set per term, see wordSets) when the postings list can answer it.
 */
interface TextMatch {
  where: RawBuilder<unknown>;
  tsquery: RawBuilder<unknown>;
  words: string[][] | null;
}

function textMatch(query: string, words: string[][] | null): TextMatch {
  const tsquery = sql`to_tsquery('simple', ${query})`;
  return { where: sql`s.document @@ ${tsquery}`, tsquery, words };
}

function nearFilter(near: Near): RawBuilder<unknown> {
  // The boxes use the GiST index on point(longitude, latitude); the haversine keeps the circle exact.
  const boxes = boundingBoxes(near).map(
    (box) =>
      sql`point(s.longitude, s.latitude) <@ box(point(${box.minLon}, ${box.minLat}), point(${box.maxLon}, ${box.maxLat}))`,
  );
  const distance = sql`2 * ${earthRadiusKm}::float8 * asin(least(1, sqrt(
      power(sin(radians(s.latitude - ${near.lat}::float8) / 2), 2)
      + cos(radians(${near.lat}::float8)) * cos(radians(s.latitude)) * power(sin(radians(s.longitude - ${near.lon}::float8) / 2), 2))))`;
  return sql`(s.latitude is not null and s.longitude is not null and (${sql.join(boxes, sql` or `)}) and ${distance} <= ${near.radiusKm}::float8)`;
}

function filters(query: SearchQuery): RawBuilder<unknown>[] {
  const clauses: RawBuilder<unknown>[] = [];
  const city = query.city?.trim();
  if (city) clauses.push(sql`s.city_key = search_fold(${city})`);
  if (query.near) clauses.push(nearFilter(query.near));
  if (query.from) clauses.push(sql`s.starts_at >= ${query.from}`);
  if (query.to) clauses.push(sql`s.starts_at <= ${query.to}`);
  if (query.type) clauses.push(sql`s.type = ${query.type}::event_type`);
  return clauses;
}

/** The filters on event_search_words' own columns; null when one needs more (a distance). */
function postingFilters(query: SearchQuery): RawBuilder<unknown>[] | null {
  if (query.near) return null;
  const clauses: RawBuilder<unknown>[] = [];
  const city = query.city?.trim();
  // A sub-select, so the fold runs once rather than on every posting the city is compared with.
  if (city) clauses.push(sql`p.city_key = (select search_fold(${city}))`);
  if (query.from) clauses.push(sql`p.starts_at >= ${query.from}`);
  if (query.to) clauses.push(sql`p.starts_at <= ${query.to}`);
  if (query.type) clauses.push(sql`p.type = ${query.type}::event_type`);
  return clauses;
}

/**
 * How many postings the most common words have, from the planner's statistics of event_search_words
 * (its most-common-values list), reread every few minutes. A word missing from it is rarer than all of
 * them. Tells a dense match (every term in more than `maxResultWindow` events) before asking for it.
 */
class CommonWords {
  private loaded: Promise<Map<string, number>> | null = null;
  private loadedAt = 0;

  constructor(
    private readonly catalog: CatalogDb,
    private readonly maxAgeMs = 300_000,
  ) {}

  async postings(words: readonly string[]): Promise<number> {
    if (!this.loaded || performance.now() - this.loadedAt > this.maxAgeMs) {
      this.loadedAt = performance.now();
      this.loaded = this.load().catch(() => new Map());
    }
    const counts = await this.loaded;
    return words.reduce((sum, word) => sum + (counts.get(word) ?? 0), 0);
  }

  private async load(): Promise<Map<string, number>> {
    const { rows } = await sql<{ words: string[] | null; freqs: number[] | null; rows: number }>`
      select s.most_common_vals::text::text[] as words, s.most_common_freqs as freqs, c.reltuples::float8 as rows
        from pg_class c left join pg_stats s on s.tablename = c.relname and s.attname = 'word'
       where c.relname = 'event_search_words' and c.relnamespace = 'public'::regnamespace`.execute(this.catalog);
    const row = rows[0];
    const words = row?.words ?? [];
    return new Map(words.map((word, i) => [word, (row?.freqs?.[i] ?? 0) * Math.max(row?.rows ?? 0, 0)]));
  }
}

const allOf = (clauses: RawBuilder<unknown>[]) =>
  clauses.length ? sql.join(clauses, sql` and `) : sql`true`;

function toHit(row: HitRow): SearchHit {
  return {
    eventID: row.event_id,
    name: row.name,
    date: row.starts_at.toISOString(),
    location: `${row.venue_name}, ${row.city}`,
    type: row.type,
    venue: { id: row.venue_id, name: row.venue_name, city: row.city },
    performers: row.performers,
    lowestPrice:
      row.lowest_price_amount === null || row.lowest_price_currency === null
        ? null
        : { amount: row.lowest_price_amount, currency: row.lowest_price_currency.trim() },
  };
}

/**
 * The embedded profile's search: the `event_search` projection (kept current by triggers, see the
 * 0002 catalog migration), a weighted tsvector, and the `search_words` vocabulary that turns partial
 * and misspelt words into prefixes and corrections before the GIN index is asked (resolve-terms.ts).
 */
export class PostgresSearchBackend implements SearchBackend {
  readonly name = 'postgres' as const;
  private readonly rankWindow: number;
  private readonly commonWords: CommonWords;

  constructor(
    private readonly catalog: CatalogDb,
    options: PostgresSearchOptions = {},
  ) {
    this.rankWindow = options.rankWindow ?? 200;
    this.commonWords = new CommonWords(catalog);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const size = Math.min(Math.max(Math.trunc(query.size), 1), searchLimits.maxSize);
    const page = Math.max(Math.trunc(query.page), 1);
    const filterClauses = filters(query);
    const terms = searchText(query.text)?.terms ?? [];
    const base = { page, size };
    if (terms.length === 0) return { ...base, ...(await this.run(allOf(filterClauses), null, page, size)) };

    const resolved = await resolveTerms(this.catalog, terms);
    const strict = wordsTsQuery(resolved, 'strict');
    if (strict === null) return { ...base, total: 0, events: [] };
    const posted = postingFilters(query);
    const words = (mode: 'strict' | 'prefix') => (posted ? wordSets(resolved, mode, maxExpansions) : null);
    const exact = textMatch(strict, words('strict'));
    const found = await this.run(allOf([exact.where, ...filterClauses]), exact, page, size, posted);
    const loose = wordsTsQuery(resolved, 'prefix');
    if (found.total > 0 || loose === null || loose === strict) return { ...base, ...found };
    const prefixes = textMatch(loose, words('prefix'));
    return { ...base, ...(await this.run(allOf([prefixes.where, ...filterClauses]), prefixes, page, size, posted)) };
  }

  private async run(
    where: RawBuilder<unknown>,
    match: TextMatch | null,
    page: number,
    size: number,
    posted: RawBuilder<unknown>[] | null = null,
  ) {
    const offset = (page - 1) * size;
    if (offset >= searchLimits.maxResultWindow) return { total: await this.count(where), events: [] };
    // The postings list proves a dense match has at least `maxResultWindow` hits: no count is needed then.
    let atLeast: number | null = null;
    if (match?.words && posted && offset + size <= this.rankWindow) {
      const cap = searchLimits.maxResultWindow;
      // Rarest term first: it drives the intersection.
      const sized = await Promise.all(match.words.map(async (set) => ({ set, postings: await this.commonWords.postings(set) })));
      sized.sort((a, b) => a.postings - b.postings);
      const rarest = sized[0]?.postings ?? 0;
      // Every term in more events than the counting cap ("the", "hall"): reading the postings costs
      // more than the rest of the page. Alone, such a word is known to fill the cap; with a filter,
      // the filter's own index (city, type, date) and a recheck of its few rows is the cheaper way.
      const lone = sized.length === 1 && posted.length === 0 && rarest >= 2 * cap;
      if (lone) atLeast = cap;
      else if (rarest < cap || posted.length === 0) {
        const found = await this.rankedFromPostings(match, sized.map((s) => s.set), posted, offset, size);
        if (found) return { total: found.total, events: found.rows.map(toHit) };
        atLeast = cap;
      }
    }
    const { rows, matched } = await this.page(where, match, offset, size);
    // Counting costs as much as the page for broad queries; skip it when the page query saw every match.
    return { total: matched ?? atLeast ?? (await this.count(where)), events: rows.map(toHit) };
  }

  /**
   * A first-window text page from the postings list, in one statement: the events having a word of
   * every set (index-only scans of event_search_words, filters included), counted, cut to the soonest
   * `rankWindow` and ranked by their documents. Through the GIN index the same page costs a heap visit
   * and a tsquery recheck per match, 3,500 pages for a word in 4,000 events. Null when the matches
   * reach the counting cap: then they are dense and the date-ordered walk of page() is the cheaper way.
   */
  private async rankedFromPostings(
    match: TextMatch,
    words: string[][],
    filters: RawBuilder<unknown>[],
    offset: number,
    limit: number,
  ): Promise<{ rows: HitRow[]; total: number } | null> {
    const cap = searchLimits.maxResultWindow;
    // The first term's postings, and for each other term a probe of the same index by (word, starts_at,
    // event_id): the planner knows each word's frequency and drives from whichever side is smaller.
    const [first = [], ...others] = words;
    // One word as `=`, not `= any(array)`: the index then yields its postings in (starts_at, event_id)
    // order, and two such terms meet in a merge semi-join instead of a hash of the larger one ("olivia
    // cole": 3.5 → 1.8–2.1 ms). A set of several words stays `= any` (it would need a merge of its own).
    const wordIn = (column: string, set: string[]) =>
      set.length === 1 ? sql`${sql.ref(column)} = ${set[0]}` : sql`${sql.ref(column)} = any(${set}::text[])`;
    const probes = others.map(
      (set, i) => sql`exists (select 1 from event_search_words ${sql.ref(`p${i + 1}`)}
        where ${wordIn(`p${i + 1}.word`, set)}
          and ${sql.ref(`p${i + 1}.starts_at`)} = p.starts_at and ${sql.ref(`p${i + 1}.event_id`)} = p.event_id)`,
    );
    const { rows } = await sql<HitRow & { total: number }>`
      with matched as materialized (
        select distinct p.event_id, p.starts_at
          from event_search_words p
         where ${wordIn('p.word', first)} and ${allOf([...filters, ...probes])}
         limit ${cap}
      ), candidates as materialized (
        select m.event_id, m.starts_at from matched m order by m.starts_at, m.event_id limit ${this.rankWindow}
      ), ranked as (
        select c.event_id, c.starts_at, ts_rank_cd(d.document, ${match.tsquery}) as score
          from candidates c join event_search d on d.event_id = c.event_id
         order by score desc, c.starts_at, c.event_id
        offset ${offset} limit ${limit}
      ), counted as (select count(*)::int as total from matched)
      select ${hitColumns}, counted.total
        from counted
        left join (ranked r join event_search s on s.event_id = r.event_id) on true
       order by r.score desc, r.starts_at, r.event_id`.execute(this.catalog);
    const total = rows[0]?.total ?? 0;
    if (total >= cap) return null;
    // With no match on this page the left join still answers one row: the count.
    return { rows: rows.filter((row) => row.event_id !== null), total };
  }

  private async count(where: RawBuilder<unknown>): Promise<number> {
    const { rows } = await sql<{ total: number }>`
      select count(*)::int as total
        from (select 1 from event_search s where ${where} limit ${searchLimits.maxResultWindow}) matched`.execute(
      this.catalog,
    );
    return rows[0]?.total ?? 0;
  }

  /**
   * Rows [offset, offset + size): the ranked window first, then the rest in date order. `matched` is
   * the number of matches when the queries that made the page happened to see all of them.
   */
  private async page(
    where: RawBuilder<unknown>,
    match: TextMatch | null,
    offset: number,
    size: number,
  ): Promise<{ rows: HitRow[]; matched: number | null }> {
    const end = offset + size;
    if (match && offset < this.rankWindow) {
      const ranked = await this.ranked(where, match, offset, Math.min(end, this.rankWindow) - offset);
      if (ranked.windowCount !== null && ranked.windowCount < this.rankWindow)
        return { rows: ranked.rows, matched: ranked.windowCount };
      if (end <= this.rankWindow) return { rows: ranked.rows, matched: null };
      const tail = await this.byDate(where, this.rankWindow, end - this.rankWindow);
      return { rows: [...ranked.rows, ...tail], matched: null };
    }
    const rows = await this.byDate(where, offset, size);
    const sawTheEnd = rows.length < size && (rows.length > 0 || offset === 0);
    return { rows, matched: sawTheEnd ? offset + rows.length : null };
  }

  private async ranked(
    where: RawBuilder<unknown>,
    match: TextMatch,
    offset: number,
    limit: number,
  ): Promise<{ rows: HitRow[]; windowCount: number | null }> {
    const { rows } = await sql<HitRow & { window_count: number }>`
      with candidates as materialized (
        select s.event_id, s.starts_at, s.document
          from event_search s
         where ${where}
         order by s.starts_at, s.event_id
         limit ${this.rankWindow}
      ), ranked as (
        select c.event_id, c.starts_at, ts_rank_cd(c.document, ${match.tsquery}) as score
          from candidates c
         order by score desc, c.starts_at, c.event_id
        offset ${offset} limit ${limit}
      )
      select ${hitColumns}, (select count(*) from candidates)::int as window_count
        from ranked r join event_search s on s.event_id = r.event_id
       order by r.score desc, r.starts_at, r.event_id`.execute(this.catalog);
    // No row back: either nothing matched (first page) or the page is past the matches.
    const windowCount = rows[0]?.window_count ?? (offset === 0 ? 0 : null);
    return { rows, windowCount };
  }

  /** Ids first (an index-only scan when the filters allow), then the columns of the page's rows only. */
  private async byDate(where: RawBuilder<unknown>, offset: number, limit: number): Promise<HitRow[]> {
    const { rows } = await sql<HitRow>`
      with page as (
        select s.event_id, s.starts_at
          from event_search s
         where ${where}
         order by s.starts_at, s.event_id
        offset ${offset} limit ${limit}
      )
      select ${hitColumns}
        from page p join event_search s on s.event_id = p.event_id
       order by p.starts_at, p.event_id`.execute(this.catalog);
    return rows;
  }
}

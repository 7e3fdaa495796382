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
import { resolveTerms } from './resolve-terms';
import { searchText, wordsTsQuery } from './search-text';

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

/** A text match: the WHERE predicate and the tsquery that scores the ranked window. */
interface TextMatch {
  where: RawBuilder<unknown>;
  tsquery: RawBuilder<unknown>;
}

function textMatch(query: string): TextMatch {
  const tsquery = sql`to_tsquery('simple', ${query})`;
  return { where: sql`s.document @@ ${tsquery}`, tsquery };
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

  constructor(
    private readonly catalog: CatalogDb,
    options: PostgresSearchOptions = {},
  ) {
    this.rankWindow = options.rankWindow ?? 200;
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
    const exact = textMatch(strict);
    const found = await this.run(allOf([exact.where, ...filterClauses]), exact, page, size);
    const loose = wordsTsQuery(resolved, 'prefix');
    if (found.total > 0 || loose === null || loose === strict) return { ...base, ...found };
    const prefixes = textMatch(loose);
    return { ...base, ...(await this.run(allOf([prefixes.where, ...filterClauses]), prefixes, page, size)) };
  }

  private async run(where: RawBuilder<unknown>, match: TextMatch | null, page: number, size: number) {
    const offset = (page - 1) * size;
    if (offset >= searchLimits.maxResultWindow) return { total: await this.count(where), events: [] };
    const { rows, matched } = await this.page(where, match, offset, size);
    // Counting costs as much as the page for broad queries; skip it when the page query saw every match.
    return { total: matched ?? (await this.count(where)), events: rows.map(toHit) };
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

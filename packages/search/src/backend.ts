/**
 * One search contract, two backends: OpenSearch (full profile) and PostgreSQL tsvector + pg_trgm
 * (embedded profile). An Elasticsearch backend can be added behind the same interface later.
 */
export type EventType = 'concert' | 'sports' | 'theater' | 'comedy' | 'festival' | 'family';

export interface SearchQuery {
  /** Free text; partial and misspelled words should still match ("tayl swif"). */
  text?: string | undefined;
  /** City name (case-insensitive, exact), e.g. "New York". */
  city?: string | undefined;
  /** Distance filter when coordinates are given. */
  near?: { lat: number; lon: number; radiusKm: number } | undefined;
  /** Inclusive range of the event's start time; a single day is [00:00, 24:00) UTC of that day. */
  from?: Date | undefined;
  to?: Date | undefined;
  type?: EventType | undefined;
  /** 1-based page; size at most 100. */
  page: number;
  size: number;
}

export interface SearchHit {
  eventID: string;
  name: string;
  /** ISO 8601 start time. */
  date: string;
  /** "Venue, City" — the seed's `location` field. */
  location: string;
  type: EventType;
  venue: { id: string; name: string; city: string };
  performers: string[];
  /** Lowest ticket price (event_price_tiers), integer minor units. */
  lowestPrice: { amount: number; currency: string } | null;
}

/** Paging bounds shared by the API and every backend. */
export const searchLimits = {
  defaultSize: 20,
  maxSize: 100,
  /** Deepest reachable hit (page * size), as OpenSearch's index.max_result_window. */
  maxResultWindow: 10_000,
} as const;

export interface SearchResult {
  events: SearchHit[];
  /** Matching events; exact up to searchLimits.maxResultWindow, where a backend may stop counting. */
  total: number;
  page: number;
  size: number;
}

export interface SearchBackend {
  readonly name: 'opensearch' | 'postgres';
  search(query: SearchQuery): Promise<SearchResult>;
}

/** The denormalised event document both backends index or compute (name, venue, performers, price). */
export interface EventDocument {
  id: string;
  version: number;
  name: string;
  description: string;
  type: EventType;
  startsAt: string;
  status: string;
  venue: { id: string; name: string; city: string; country: string; location: { lat: number; lon: number } | null };
  performers: string[];
  lowestPrice: { amount: number; currency: string } | null;
}

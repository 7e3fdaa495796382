import { Cache, catalogCacheKeys } from '@boxoffice/cache';
import type { Databases } from '@boxoffice/db';
import {
  type EventPage,
  eventPageSchema,
  loadEventPage,
  type SearchBackend,
  type SearchQuery,
  type SearchResult,
  searchResultSchema,
} from '@boxoffice/search';
import type { Services } from '@boxoffice/trpc';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { normalisedSearch } from './search-key';
import { type SeatSnapshot, SeatStatusStore } from './seat-statuses';

export interface CatalogDeps {
  db: Databases;
  redis: Redis;
  backend: SearchBackend;
  registry?: Registry;
}

export type CatalogServices = Services['catalog'] & {
  /** The cached static page alone (no seat status): enough to know an event exists. */
  eventPage(eventId: string): Promise<EventPage | null>;
  /** Live statuses of these tickets, in their order, with the sequence they include. */
  seatSnapshot(eventId: string, ticketIds: readonly string[]): Promise<SeatSnapshot>;
};

/**
 * Catalog reads behind the API: search results cached 5 minutes (± 30 s) under the SHA-256 of the
 * normalised query; event pages' static part cached 5–10 minutes, both single-flight; seat status
 * always live from the booking workers' Redis hash.
 */
export function createCatalogServices({ db, redis, backend, registry }: CatalogDeps): CatalogServices {
  const searches = new Cache<SearchResult>({
    redis,
    registry,
    name: 'search',
    ttlSeconds: 270,
    jitterSeconds: 60,
    generationKey: catalogCacheKeys.searchGeneration,
    parse: searchResultSchema.parse,
  });
  // Unknown events are cached too (as null), so a flood of made-up ids costs Redis reads, not queries.
  const pages = new Cache<EventPage | null>({
    redis,
    registry,
    name: 'event',
    ttlSeconds: 300,
    jitterSeconds: 300,
    parse: eventPageSchema.nullable().parse,
  });
  const seats = new SeatStatusStore(redis, db.shards);

  const eventPage = (eventId: string) =>
    pages.get(catalogCacheKeys.eventPage(eventId), () => loadEventPage(db, eventId));

  return {
    search: (query: SearchQuery) =>
      searches.get(catalogCacheKeys.search(normalisedSearch(query)), () => backend.search(query)),
    eventPage,
    seatSnapshot: (eventId, ticketIds) => seats.snapshot(eventId, ticketIds),
    async eventSeats(eventId: string) {
      const page = await eventPage(eventId);
      if (!page) return null;
      return { page, ...(await seats.snapshot(eventId, page.tickets.ids)) };
    },
  };
}

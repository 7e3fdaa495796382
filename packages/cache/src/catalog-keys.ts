import { createHash } from 'node:crypto';

/**
 * The catalog read caches' keyspace, shared by the API (which fills them) and whoever changes the
 * rows they came from (the CDC indexer, admin writes), which calls invalidateEventCaches.
 */
export const catalogCacheKeys = {
  /** Static part of an event page: event, venue, performers, seating map, tiers, tickets without status. */
  eventPage: (eventId: string) => `cache:event:${eventId}`,
  /**
   * Bumped by invalidateEventCaches with every change of an event's page: a copy built in a process
   * (apps/api EventPageBodies) is current while this and the seat sequence are what it was built at.
   */
  eventGeneration: (eventId: string) => `cache:event-gen:${eventId}`,
  /** invalidateEventCaches publishes the changed event ids here, so processes drop in-memory copies too. */
  invalidated: 'cache:invalidated',
  /** Bumped to retire every cached search at once (queries cannot be enumerated by event). */
  searchGeneration: 'cache:search:generation',
  /** A search result under the SHA-256 of its normalised query (the seed's key=SHA256(query+filters)). */
  search: (normalisedQuery: string) =>
    `cache:search:${createHash('sha256').update(normalisedQuery).digest('hex')}`,
};

import type { CatalogDb } from '@boxoffice/db';
import type { Client } from '@opensearch-project/opensearch';
import { eventDocumentPages, loadEventDocuments } from '../event-documents';
import {
  deleteEvents,
  ensureEventsIndex,
  indexEvents,
  refreshEventsIndex,
  setRefreshInterval,
} from './events-index';
import { defaultRefreshInterval, type EventsIndexSettings } from './mapping';

export interface ReindexOptions {
  /** Target index; created with the events mapping when missing. */
  index: string;
  /** Events per PostgreSQL page and per bulk request. */
  batchSize?: number;
  /** Settings for the index when this call creates it. */
  settings?: EventsIndexSettings;
  /** Remove documents of events that no longer exist in PostgreSQL (default true). */
  prune?: boolean;
  log?: (line: string) => void;
}

export interface ReindexResult {
  index: string;
  created: boolean;
  /** Events read from PostgreSQL. */
  read: number;
  /** Documents written (new, or replacing an older or equal version). */
  indexed: number;
  /** Documents skipped because the index already held a newer version (a concurrent CDC write). */
  stale: number;
  /** Documents of deleted events removed from the index. */
  pruned: number;
  ms: number;
}

/**
 * (Re)builds the events index from PostgreSQL: every event becomes a document written at its own
 * version with 'external_gte', so a concurrent change-data-capture write of a newer version always wins
 * and a repair at the same version still refreshes venue, performer and price data. Safe to run against
 * the live index. Reading the next page overlaps with writing the current one.
 */
export async function reindexAll(
  client: Client,
  catalog: CatalogDb,
  options: ReindexOptions,
): Promise<ReindexResult> {
  const started = performance.now();
  const { index } = options;
  const batchSize = options.batchSize ?? 1000;
  const log = options.log ?? (() => {});
  const created = await ensureEventsIndex(client, index, options.settings);
  // A fresh index has no readers yet: skip refreshes while loading it, then restore the interval.
  if (created) await setRefreshInterval(client, index, '-1');

  const seen = new Set<string>();
  const result: ReindexResult = { index, created, read: 0, indexed: 0, stale: 0, pruned: 0, ms: 0 };
  const pages = eventDocumentPages(catalog, batchSize);
  let next = pages.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) break;
      const docs = current.value;
      next = pages.next(); // read the next page from PostgreSQL while this one is written
      for (const doc of docs) seen.add(doc.id);
      const written = await indexEvents(client, index, docs, { versionMode: 'external_gte' });
      result.read += docs.length;
      result.indexed += written.applied;
      result.stale += written.stale;
      if (result.read % (batchSize * 20) < batchSize) log(`indexed ${result.read} events`);
    }
  } finally {
    next.catch(() => {}); // a prefetch still in flight when a write failed must not go unhandled
    if (created) {
      await setRefreshInterval(client, index, options.settings?.refreshInterval ?? defaultRefreshInterval);
    }
  }

  if (options.prune ?? true) result.pruned = await pruneDeleted(client, catalog, index, seen);
  await refreshEventsIndex(client, index);
  result.ms = Math.round(performance.now() - started);
  log(
    `reindexed ${result.read} events into ${index} in ${(result.ms / 1000).toFixed(1)} s ` +
      `(${result.indexed} written, ${result.stale} already newer, ${result.pruned} pruned)`,
  );
  return result;
}

/** Deletes documents whose event is gone from PostgreSQL (checked again just before deleting). */
async function pruneDeleted(
  client: Client,
  catalog: CatalogDb,
  index: string,
  seen: Set<string>,
): Promise<number> {
  await refreshEventsIndex(client, index);
  let pruned = 0;
  let after: unknown[] | undefined;
  for (;;) {
    const res = await client.search({
      index,
      body: {
        size: 5000,
        _source: false,
        track_total_hits: false,
        query: { match_all: {} },
        sort: [{ id: 'asc' }],
        ...(after ? { search_after: after } : {}),
      } as Record<string, unknown>,
    });
    const hits = res.body.hits.hits;
    if (hits.length === 0) break;
    const unseen = hits.map((hit) => hit._id).filter((id): id is string => !!id && !seen.has(id));
    if (unseen.length > 0) {
      const still = new Set((await loadEventDocuments(catalog, unseen)).map((doc) => doc.id));
      const gone = unseen.filter((id) => !still.has(id));
      if (gone.length > 0) pruned += (await deleteEvents(client, index, gone)).applied;
    }
    after = hits[hits.length - 1]?.sort as unknown[] | undefined;
    if (!after) break;
  }
  return pruned;
}

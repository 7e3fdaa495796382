import type { CatalogDb } from '@boxoffice/db';
import {
  deleteEvents,
  type EventDocument,
  indexEvents,
  loadEventDocuments,
  type OpenSearchClient,
  type WriteResult,
} from '@boxoffice/search';
import type { ChangeTargets } from './change-event';

/** The events a batch of changes touches: directly, or through a venue or performer they show. */
async function affectedEventIds(catalog: CatalogDb, targets: ChangeTargets): Promise<string[]> {
  const ids = new Set(targets.events);
  if (targets.venues.size > 0) {
    const rows = await catalog
      .selectFrom('events')
      .select('id')
      .where('venue_id', 'in', [...targets.venues])
      .execute();
    for (const row of rows) ids.add(row.id);
  }
  if (targets.performers.size > 0) {
    const rows = await catalog
      .selectFrom('event_performers')
      .select('event_id')
      .where('performer_id', 'in', [...targets.performers])
      .execute();
    for (const row of rows) ids.add(row.event_id);
  }
  return [...ids];
}

export interface SyncResult {
  indexed: WriteResult;
  deleted: WriteResult;
}

/** The events a batch touches as PostgreSQL has them now: the documents, and the ids whose rows are gone. */
export interface EventsRead {
  ids: string[];
  docs: EventDocument[];
  gone: string[];
}

/**
 * Reads the events these changes touch. Every change event is treated as "this event changed": the
 * document is rebuilt from the current rows, so a duplicate, a replay or an out-of-order event can only
 * rewrite the newest state.
 */
export async function readEvents(catalog: CatalogDb, targets: ChangeTargets): Promise<EventsRead> {
  const ids = await affectedEventIds(catalog, targets);
  if (ids.length === 0) return { ids, docs: [], gone: [] };
  const docs = await loadEventDocuments(catalog, ids);
  const present = new Set(docs.map((doc) => doc.id));
  return { ids, docs, gone: ids.filter((id) => !present.has(id)) };
}

/**
 * Makes the index show these events as they were read. Writes carry the event's version with
 * 'external_gte': an older document never replaces a newer one, and one at the same version still picks up
 * venue, performer and price changes (which do not bump the event's version); that is why writes must land
 * in the order their reads were made. Events gone from PostgreSQL are deleted at the version the index
 * holds, which leaves a tombstone that outranks a late write of it.
 */
export async function writeEvents(
  client: OpenSearchClient,
  index: string,
  { docs, gone }: EventsRead,
): Promise<SyncResult> {
  const indexed = await indexEvents(client, index, docs, { versionMode: 'external_gte' });
  const deleted: WriteResult = { applied: 0, stale: 0, missing: 0 };
  // Read after the writes before it, so a document one of them just created is found and deleted.
  for (const [version, group] of await storedVersions(client, index, gone)) {
    const result = await deleteEvents(client, index, group, version);
    deleted.applied += result.applied;
    deleted.stale += result.stale;
    deleted.missing += result.missing;
  }
  return { indexed, deleted };
}

/** The indexed version of each of these documents, grouped by version (absent ones are left out). */
async function storedVersions(
  client: OpenSearchClient,
  index: string,
  ids: readonly string[],
): Promise<Map<number, string[]>> {
  const byVersion = new Map<number, string[]>();
  if (ids.length === 0) return byVersion;
  const res = await client.mget({ index, body: { ids: [...ids] }, _source: false });
  for (const doc of res.body.docs as Array<{ _id: string; found?: boolean; _version?: number }>) {
    if (!doc.found || doc._version === undefined) continue;
    byVersion.set(doc._version, [...(byVersion.get(doc._version) ?? []), doc._id]);
  }
  return byVersion;
}

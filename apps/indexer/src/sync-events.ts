import type { CatalogDb } from '@boxoffice/db';
import {
  deleteEvents,
  indexEvents,
  loadEventDocuments,
  type OpenSearchClient,
  type WriteResult,
} from '@boxoffice/search';
import type { ChangeTargets } from './change-event';

/** The events a batch of changes touches: directly, or through a venue or performer they show. */
export async function affectedEventIds(catalog: CatalogDb, targets: ChangeTargets): Promise<string[]> {
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

/**
 * Makes the index show these events as PostgreSQL has them now. Every change event is treated as "this
 * event changed": the document is rebuilt from the current rows, so a duplicate, a replay or an
 * out-of-order event can only rewrite the newest state. Writes carry the event's version with
 * 'external_gte': an older document never replaces a newer one, and one at the same version still picks up
 * venue, performer and price changes (which do not bump the event's version). Events gone from PostgreSQL
 * are deleted at the version the index holds, which leaves a tombstone that outranks a late write of it.
 */
export async function syncEvents(
  client: OpenSearchClient,
  catalog: CatalogDb,
  index: string,
  ids: readonly string[],
): Promise<SyncResult> {
  const docs = await loadEventDocuments(catalog, ids);
  const present = new Set(docs.map((doc) => doc.id));
  const gone = ids.filter((id) => !present.has(id));
  const indexed = await indexEvents(client, index, docs, { versionMode: 'external_gte' });
  const deleted: WriteResult = { applied: 0, stale: 0, missing: 0 };
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

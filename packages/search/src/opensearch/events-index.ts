import type { Client } from '@opensearch-project/opensearch';
import type { EventDocument } from '../backend';
import { type EventsIndexSettings, eventsIndexBody } from './mapping';

type CreateBody = NonNullable<Parameters<Client['indices']['create']>[0]>['body'];

/** `<prefix>-events`; tests pass their own prefix so they never touch the real index. */
export function eventsIndexName(prefix = 'boxoffice'): string {
  return `${prefix}-events`;
}

export async function eventsIndexExists(client: Client, index: string): Promise<boolean> {
  const res = await client.indices.exists({ index });
  return res.body === true;
}

/** Creates the index with the events mapping unless it exists. Returns whether it created it. */
export async function ensureEventsIndex(
  client: Client,
  index: string,
  settings: EventsIndexSettings = {},
): Promise<boolean> {
  if (await eventsIndexExists(client, index)) return false;
  try {
    // The body is plain JSON built in mapping.ts; the client's generated types are narrower than needed.
    const body = eventsIndexBody(settings) as unknown as CreateBody;
    await client.indices.create({ index, body, wait_for_active_shards: '1' });
    return true;
  } catch (error) {
    // Two processes racing to create it: the other one won, which is what we wanted.
    if (errorType(error) === 'resource_already_exists_exception') return false;
    throw error;
  }
}

export async function deleteEventsIndex(client: Client, index: string): Promise<void> {
  await client.indices.delete({ index, ignore_unavailable: true });
}

/** Makes every write so far searchable now (tests; the end of a bulk load). */
export async function refreshEventsIndex(client: Client, index: string): Promise<void> {
  await client.indices.refresh({ index });
}

export async function setRefreshInterval(client: Client, index: string, interval: string): Promise<void> {
  await client.indices.putSettings({ index, body: { index: { refresh_interval: interval } } });
}

export interface IndexStats {
  docs: number;
  /** Primary store size in bytes (after a flush and force-merge when `compact` was asked for). */
  storeBytes: number;
}

export async function eventsIndexStats(client: Client, index: string, compact = false): Promise<IndexStats> {
  if (compact) {
    await client.indices.flush({ index });
    await client.indices.forcemerge({ index, max_num_segments: 1 });
  }
  const res = await client.indices.stats({ index, metric: ['docs', 'store'] });
  const primaries = res.body._all.primaries;
  return { docs: primaries?.docs?.count ?? 0, storeBytes: primaries?.store?.size_in_bytes ?? 0 };
}

// ---------------------------------------------------------------------------------------------------
// Writes

/**
 * How a write's version is compared with the stored one:
 *  - 'external': applied only when newer (version > stored). The default for change events.
 *  - 'external_gte': also when equal (version >= stored). Used by repairs and bulk reindexes: a document
 *    also carries venue, performer and price data whose changes do not bump the event's version, and a
 *    reindex at the same version must still be able to refresh them. Older never replaces newer either way.
 */
export type VersionMode = 'external' | 'external_gte';

export interface WriteOptions {
  versionMode?: VersionMode;
  /** true: refresh before answering (tests); 'wait_for': wait for the next scheduled refresh. */
  refresh?: boolean | 'wait_for';
}

export interface WriteResult {
  /** Writes applied. */
  applied: number;
  /** Writes skipped because the index already holds a newer (or, for 'external', the same) version. */
  stale: number;
  /** Deletes of documents that were not in the index. */
  missing: number;
}

export class OpenSearchWriteError extends Error {
  constructor(
    message: string,
    readonly failures: ReadonlyArray<{ id: string; status: number; type: string; reason: string }>,
  ) {
    super(message);
    this.name = 'OpenSearchWriteError';
  }
}

type BulkOp =
  | { kind: 'index'; id: string; version: number; doc: EventDocument }
  | { kind: 'delete'; id: string; version?: number | undefined };

const maxAttempts = 4;

async function bulkWrite(
  client: Client,
  index: string,
  ops: BulkOp[],
  options: WriteOptions,
): Promise<WriteResult> {
  const result: WriteResult = { applied: 0, stale: 0, missing: 0 };
  const versionType = options.versionMode ?? 'external';
  let pending = ops;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const body: Record<string, unknown>[] = [];
    for (const op of pending) {
      if (op.kind === 'index') {
        body.push({ index: { _index: index, _id: op.id, version: op.version, version_type: versionType } });
        body.push(op.doc as unknown as Record<string, unknown>);
      } else if (op.version === undefined) {
        body.push({ delete: { _index: index, _id: op.id } });
      } else {
        // The delete of a row last at version v is written as version v + 1 ('external': applied when
        // newer than what is stored). So it removes any document at v or older, a newer document survives,
        // and the tombstone outranks a late write of v itself: a replayed change event, or a reindex that
        // read the row just before it was deleted. Tombstones last index.gc_deletes (60 s).
        body.push({
          delete: { _index: index, _id: op.id, version: op.version + 1, version_type: 'external' },
        });
      }
    }
    const res = await client.bulk({ body, refresh: options.refresh ?? false });
    const retry: BulkOp[] = [];
    const failures: OpenSearchWriteError['failures'][number][] = [];
    res.body.items.forEach((item, i) => {
      const op = pending[i];
      const outcome = item.index ?? item.delete ?? item.create ?? item.update;
      if (!op || !outcome) return;
      if (outcome.status < 300) {
        result.applied++;
      } else if (outcome.status === 409 && outcome.error?.type === 'version_conflict_engine_exception') {
        result.stale++; // the index already holds this version or a newer one
      } else if (outcome.status === 404 && op.kind === 'delete') {
        result.missing++;
      } else if (outcome.status === 429 && attempt < maxAttempts) {
        retry.push(op); // write queue full: back off and send again
      } else {
        failures.push({
          id: op.id,
          status: outcome.status,
          type: outcome.error?.type ?? 'unknown',
          reason: outcome.error?.reason ?? '',
        });
      }
    });
    if (failures.length > 0) {
      const first = failures[0];
      throw new OpenSearchWriteError(
        `${failures.length} of ${pending.length} writes to ${index} failed (first: ${first?.id} ${first?.status} ${first?.type}: ${first?.reason})`,
        failures,
      );
    }
    if (retry.length > 0) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    pending = retry;
  }
  return result;
}

/** Indexes (creates or replaces) event documents, each at its own `version`, in one bulk request. */
export async function indexEvents(
  client: Client,
  index: string,
  docs: readonly EventDocument[],
  options: WriteOptions = {},
): Promise<WriteResult> {
  if (docs.length === 0) return { applied: 0, stale: 0, missing: 0 };
  return bulkWrite(
    client,
    index,
    docs.map((doc) => ({ kind: 'index', id: doc.id, version: doc.version, doc })),
    options,
  );
}

/**
 * Deletes event documents. `version` is the deleted rows' last version (what a change event's "before"
 * carries): a stored document newer than that survives (the delete counts as stale), and a late write of
 * that version or older is rejected for a while. Without a version the documents go whatever theirs.
 */
export async function deleteEvents(
  client: Client,
  index: string,
  ids: readonly string[],
  version?: number,
  options: Omit<WriteOptions, 'versionMode'> = {},
): Promise<WriteResult> {
  if (ids.length === 0) return { applied: 0, stale: 0, missing: 0 };
  return bulkWrite(
    client,
    index,
    ids.map((id) => ({ kind: 'delete', id, version })),
    options,
  );
}

function errorType(error: unknown): string | undefined {
  const meta = (error as { meta?: { body?: { error?: { type?: string } } } }).meta;
  return meta?.body?.error?.type;
}

import { createHash } from 'node:crypto';
import type { CatalogDb } from '@boxoffice/db';
import type { Client } from '@opensearch-project/opensearch';
import { loadEventDocuments } from '../event-documents';
import { deleteEvents, indexEvents, refreshEventsIndex } from './events-index';

/** One side of the comparison: how many events, and a SHA-256 over their sorted `id:version` lines. */
export interface ConsistencySide {
  count: number;
  checksum: string;
}

export interface ConsistencyReport {
  index: string;
  postgres: ConsistencySide;
  opensearch: ConsistencySide;
  /** In PostgreSQL, not in the index. */
  missing: string[];
  /** In the index, gone from PostgreSQL. */
  extra: string[];
  /** In both at different versions. */
  stale: Array<{ id: string; postgres: number; index: number }>;
  /** missing + extra + stale. Zero means the index holds every event at its current version. */
  differences: number;
}

const pageSize = 10_000;

function checksum(pairs: ReadonlyMap<string, number>): ConsistencySide {
  const hash = createHash('sha256');
  for (const id of [...pairs.keys()].sort()) hash.update(`${id}:${pairs.get(id)}\n`);
  return { count: pairs.size, checksum: hash.digest('hex') };
}

async function postgresVersions(catalog: CatalogDb): Promise<Map<string, number>> {
  const versions = new Map<string, number>();
  let after: string | null = null;
  for (;;) {
    let query = catalog.selectFrom('events').select(['id', 'version']).orderBy('id').limit(pageSize);
    if (after !== null) query = query.where('id', '>', after);
    const rows = await query.execute();
    for (const row of rows) versions.set(row.id, row.version);
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return versions;
    after = last.id;
  }
}

async function indexVersions(client: Client, index: string): Promise<Map<string, number>> {
  await refreshEventsIndex(client, index);
  const versions = new Map<string, number>();
  let after: unknown[] | undefined;
  for (;;) {
    const res = await client.search({
      index,
      body: {
        size: pageSize,
        _source: false,
        version: true,
        track_total_hits: false,
        query: { match_all: {} },
        sort: [{ id: 'asc' }],
        ...(after ? { search_after: after } : {}),
      } as Record<string, unknown>,
    });
    const hits = res.body.hits.hits as Array<{ _id: string; _version?: number; sort?: unknown[] }>;
    for (const hit of hits) versions.set(hit._id, hit._version ?? -1);
    after = hits[hits.length - 1]?.sort;
    if (hits.length < pageSize || !after) return versions;
  }
}

/**
 * Compares the catalog's events with the index: counts, a checksum of (id, version) on each side, and the
 * ids that differ. The document's version is the event row's version (external versioning), so equal
 * checksums mean the index holds every event, at its current version, and nothing else.
 */
export async function checkConsistency(
  client: Client,
  catalog: CatalogDb,
  index: string,
): Promise<ConsistencyReport> {
  const [pg, os] = await Promise.all([postgresVersions(catalog), indexVersions(client, index)]);
  const missing: string[] = [];
  const stale: ConsistencyReport['stale'] = [];
  for (const [id, version] of pg) {
    const indexed = os.get(id);
    if (indexed === undefined) missing.push(id);
    else if (indexed !== version) stale.push({ id, postgres: version, index: indexed });
  }
  const extra = [...os.keys()].filter((id) => !pg.has(id));
  return {
    index,
    postgres: checksum(pg),
    opensearch: checksum(os),
    missing,
    extra,
    stale,
    differences: missing.length + extra.length + stale.length,
  };
}

export interface RepairResult {
  indexed: number;
  deleted: number;
  /**
   * Documents newer than their row (the database was restored from a backup): versioned writes never go
   * backwards, so these need `search reindex --recreate`.
   */
  ahead: string[];
}

/**
 * Repairs what a report found through the bulk write path: missing and stale events are re-read from
 * PostgreSQL and written ('external_gte', so a concurrent CDC write of a newer version still wins), extra
 * documents are deleted (each checked against PostgreSQL again first).
 */
export async function repairConsistency(
  client: Client,
  catalog: CatalogDb,
  report: ConsistencyReport,
  batchSize = 1000,
): Promise<RepairResult> {
  const { index } = report;
  const ahead = report.stale.filter((s) => s.index > s.postgres).map((s) => s.id);
  const result: RepairResult = { indexed: 0, deleted: 0, ahead };
  const rewrite = [...report.missing, ...report.stale.filter((s) => s.index < s.postgres).map((s) => s.id)];
  for (let i = 0; i < rewrite.length; i += batchSize) {
    const docs = await loadEventDocuments(catalog, rewrite.slice(i, i + batchSize));
    result.indexed += (await indexEvents(client, index, docs, { versionMode: 'external_gte' })).applied;
  }
  for (let i = 0; i < report.extra.length; i += batchSize) {
    const ids = report.extra.slice(i, i + batchSize);
    // The event may have been created since the report was made.
    const still = new Set((await loadEventDocuments(catalog, ids)).map((doc) => doc.id));
    const gone = ids.filter((id) => !still.has(id));
    result.deleted += (await deleteEvents(client, index, gone)).applied;
  }
  await refreshEventsIndex(client, index);
  return result;
}

/** A human-readable summary: the counts and checksums, then up to `limit` differing ids of each kind. */
export function formatConsistencyReport(report: ConsistencyReport, limit = 20): string[] {
  const lines = [
    `postgres: ${report.postgres.count} events, checksum ${report.postgres.checksum.slice(0, 16)}`,
    `${report.index}: ${report.opensearch.count} documents, checksum ${report.opensearch.checksum.slice(0, 16)}`,
    `${report.differences} differences (${report.missing.length} missing, ${report.extra.length} extra, ${report.stale.length} at another version)`,
  ];
  for (const id of report.missing.slice(0, limit)) lines.push(`  missing ${id}`);
  for (const id of report.extra.slice(0, limit)) lines.push(`  extra   ${id}`);
  for (const s of report.stale.slice(0, limit))
    lines.push(`  stale   ${s.id} postgres v${s.postgres}, index v${s.index}`);
  return lines;
}

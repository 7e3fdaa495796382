// The OpenSearch search backend: index mapping, versioned writes, bulk reindex from PostgreSQL, queries.
export { OpenSearchBackend, type OpenSearchBackendOptions } from './backend';
export {
  type ConsistencyReport,
  type ConsistencySide,
  checkConsistency,
  formatConsistencyReport,
  type RepairResult,
  repairConsistency,
} from './consistency';
export { type ClientOptions, createOpenSearchClient, type OpenSearchClient } from './client';
export { type OpenSearchEnv, openSearchEnv, parseOpenSearchEnv } from './env';
export {
  deleteEvents,
  deleteEventsIndex,
  ensureEventsIndex,
  eventsIndexExists,
  eventsIndexName,
  eventsIndexStats,
  type IndexStats,
  indexEvents,
  OpenSearchWriteError,
  refreshEventsIndex,
  setRefreshInterval,
  type VersionMode,
  type WriteOptions,
  type WriteResult,
} from './events-index';
export { defaultRefreshInterval, type EventsIndexSettings, eventsIndexBody } from './mapping';
export { type ReindexOptions, type ReindexResult, reindexAll } from './reindex';

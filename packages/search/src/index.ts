export type { AvailabilityEncoding, SeatStatus, SectionAvailability } from './availability';
export {
  encodeStatuses,
  fromBitmap,
  fromRunLength,
  sectionCounts,
  toBitmap,
  toRunLength,
} from './availability';
export type {
  EventDocument,
  EventType,
  SearchBackend,
  SearchHit,
  SearchQuery,
  SearchResult,
} from './backend';
export { searchLimits } from './backend';
export { eventDocumentPages, loadEventDocuments } from './event-documents';
export type { EventPage } from './event-page';
export { eventPageSchema, loadEventPage, seatingMapSchema } from './event-page';
export type { Near } from './geo';
export type { PostgresSearchOptions } from './postgres-backend';
export { PostgresSearchBackend } from './postgres-backend';
export { searchResultSchema } from './search-result-schema';
export { searchText } from './search-text';
export * from './opensearch';

export { connectDatabases, createKysely, createPool, ShardRouter, UnknownShardError } from './connect';
export type { CatalogDB, CatalogDb, Databases, Shard, ShardDB, ShardDb } from './connect';
export { isUuid, newCatalogId, newInventoryId, shardOfEvent, shardOfId } from './ids';
export { createDatabases, migrateAll } from './migrate';
export { seatPosition } from './seed/seating-map';
export type { SeatingMap, SeatingRow, SeatingSection, SeatingStage } from './seed/seating-map';
export { Random } from './seed/random';

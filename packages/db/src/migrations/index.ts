import type { Migration, MigrationProvider } from 'kysely';
import * as catalog0001 from './catalog/0001_catalog';
import * as catalog0002 from './catalog/0002_event_search';
import * as shard0001 from './shard/0001_inventory';
import * as shard0002 from './shard/0002_reserve_function';

// Listed explicitly (not read from the file system) so bundlers and tsx resolve them alike.
const catalogMigrations: Record<string, Migration> = { '0001_catalog': catalog0001, '0002_event_search': catalog0002 };
const shardMigrations: Record<string, Migration> = { '0001_inventory': shard0001, '0002_reserve_function': shard0002 };

export const catalogMigrationProvider: MigrationProvider = { getMigrations: async () => catalogMigrations };
export const shardMigrationProvider: MigrationProvider = { getMigrations: async () => shardMigrations };

import type { Migration, MigrationProvider } from 'kysely';
import * as catalog0001 from './catalog/0001_catalog';
import * as catalog0002 from './catalog/0002_event_search';
import * as catalog0003 from './catalog/0003_waiting_room';
import * as catalog0004 from './catalog/0004_event_search_postings';
import * as catalog0005 from './catalog/0005_search_autovacuum';
import * as catalog0006 from './catalog/0006_search_resolve_terms';
import * as shard0001 from './shard/0001_inventory';
import * as shard0002 from './shard/0002_reserve_function';
import * as shard0003 from './shard/0003_reserve_batch';
import * as shard0004 from './shard/0004_event_indexes';
import * as shard0005 from './shard/0005_reserve_plans';
import * as shard0006 from './shard/0006_reserve_set';
import * as shard0007 from './shard/0007_reserve_set_grouped';

// Listed explicitly (not read from the file system) so bundlers and tsx resolve them alike.
const catalogMigrations: Record<string, Migration> = { '0001_catalog': catalog0001, '0002_event_search': catalog0002, '0003_waiting_room': catalog0003, '0004_event_search_postings': catalog0004, '0005_search_autovacuum': catalog0005, '0006_search_resolve_terms': catalog0006 };
const shardMigrations: Record<string, Migration> = { '0001_inventory': shard0001, '0002_reserve_function': shard0002, '0003_reserve_batch': shard0003, '0004_event_indexes': shard0004, '0005_reserve_plans': shard0005, '0006_reserve_set': shard0006, '0007_reserve_set_grouped': shard0007 };

export const catalogMigrationProvider: MigrationProvider = { getMigrations: async () => catalogMigrations };
export const shardMigrationProvider: MigrationProvider = { getMigrations: async () => shardMigrations };

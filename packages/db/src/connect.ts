import { type DatabaseEnv, shardUrls } from '@boxoffice/config';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB as CatalogDB } from './generated/catalog';
import type { DB as ShardDB } from './generated/shard';
import { shardOfEvent, shardOfId } from './ids';

export type { CatalogDB, ShardDB };
export type CatalogDb = Kysely<CatalogDB>;
export type ShardDb = Kysely<ShardDB>;

// Return int8/numeric counts as numbers; money is integer minor units and stays far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export function createPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

export function createKysely<T>(url: string, max: number): Kysely<T> {
  return new Kysely<T>({ dialect: new PostgresDialect({ pool: createPool(url, max) }) });
}

export interface Shard {
  index: number;
  url: string;
  db: ShardDb;
}

export class UnknownShardError extends Error {}

/** Tickets, reservations, orders and payments live on the shard chosen by a hash of the event id. */
export class ShardRouter {
  readonly shards: readonly Shard[];

  constructor(urls: readonly string[], poolSize: number) {
    if (urls.length === 0 || urls.length > 256) throw new RangeError('between 1 and 256 shards are supported');
    this.shards = urls.map((url, index) => ({ index, url, db: createKysely<ShardDB>(url, poolSize) }));
  }

  get count(): number {
    return this.shards.length;
  }

  forEvent(eventId: string): Shard {
    return this.at(shardOfEvent(eventId, this.shards.length));
  }

  /** The shard named inside a reservation, order, payment or ticket id. */
  forId(id: string): Shard {
    const index = shardOfId(id);
    if (index === null) throw new UnknownShardError(`${id} is not an inventory id`);
    return this.at(index);
  }

  at(index: number): Shard {
    const shard = this.shards[index];
    if (!shard) throw new UnknownShardError(`shard ${index} is not configured (have ${this.shards.length})`);
    return shard;
  }

  async destroy(): Promise<void> {
    await Promise.all(this.shards.map((shard) => shard.db.destroy()));
  }
}

export interface Databases {
  catalog: CatalogDb;
  shards: ShardRouter;
  destroy(): Promise<void>;
}

export function connectDatabases(env: DatabaseEnv): Databases {
  const catalog = createKysely<CatalogDB>(env.DATABASE_URL, env.DB_POOL_SIZE);
  const shards = new ShardRouter(shardUrls(env), env.DB_POOL_SIZE);
  return {
    catalog,
    shards,
    async destroy() {
      await Promise.all([catalog.destroy(), shards.destroy()]);
    },
  };
}

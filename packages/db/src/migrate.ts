import { type DatabaseEnv, shardUrls } from '@boxoffice/config';
import { type Kysely, Migrator } from 'kysely';
import pg from 'pg';
import { createKysely } from './connect';
import { catalogMigrationProvider, shardMigrationProvider } from './migrations';

/** Create the catalog and shard databases on their servers when they do not exist yet. */
export async function createDatabases(env: DatabaseEnv): Promise<void> {
  for (const url of [env.DATABASE_URL, ...shardUrls(env)]) {
    const target = new URL(url);
    const name = decodeURIComponent(target.pathname.slice(1));
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (exists.rowCount === 0) await client.query(`create database "${name.replaceAll('"', '""')}"`);
    } finally {
      await client.end();
    }
  }
}

async function migrateOne(db: Kysely<unknown>, provider: typeof catalogMigrationProvider, label: string) {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === 'Error') throw new Error(`${label}: migration ${result.migrationName} failed`, { cause: error });
  }
  if (error) throw new Error(`${label}: migrations failed`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Bring the catalog and every shard to the newest schema; returns what was applied where. */
export async function migrateAll(env: DatabaseEnv): Promise<Record<string, string[]>> {
  const applied: Record<string, string[]> = {};
  const catalog = createKysely<unknown>(env.DATABASE_URL, 2);
  try {
    applied.catalog = await migrateOne(catalog, catalogMigrationProvider, 'catalog');
  } finally {
    await catalog.destroy();
  }
  for (const [index, url] of shardUrls(env).entries()) {
    const shard = createKysely<unknown>(url, 2);
    try {
      applied[`shard_${index}`] = await migrateOne(shard, shardMigrationProvider, `shard ${index}`);
    } finally {
      await shard.destroy();
    }
  }
  return applied;
}

import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { CatalogDb } from '@boxoffice/db';
import type { OpenSearchClient } from '@boxoffice/search';

export { until } from '@boxoffice/vitest-config/until';

/** This run's token: in every name it creates, so nothing collides with other runs sharing the database. */
export const run = `${process.pid}-${Date.now().toString(36)}`;

export async function createVenue(
  catalog: CatalogDb,
  name: string,
  city = `Cdcville ${run}`,
): Promise<string> {
  const row = await catalog
    .insertInto('venues')
    .values({ name, address: '1 Test Way', city, country: 'US', capacity: 100, latitude: 40, longitude: -75 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createPerformer(catalog: CatalogDb, name: string): Promise<string> {
  const row = await catalog
    .insertInto('performers')
    .values({ name, type: 'artist' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createEvent(
  catalog: CatalogDb,
  name: string,
  venueId: string,
  performerIds: string[] = [],
): Promise<string> {
  const id = randomUUID();
  await catalog.transaction().execute(async (tx) => {
    await tx
      .insertInto('events')
      .values({
        id,
        name,
        type: 'concert',
        venue_id: venueId,
        starts_at: new Date(Date.UTC(2240, 0, 1)),
        on_sale_at: new Date(Date.UTC(2239, 0, 1)),
        status: 'on_sale',
      })
      .execute();
    if (performerIds.length > 0) {
      await tx
        .insertInto('event_performers')
        .values(performerIds.map((performer_id, i) => ({ event_id: id, performer_id, billing_order: i })))
        .execute();
    }
  });
  return id;
}

/** The indexed document's source and version, or null when the index does not hold it. */
export async function indexed(
  client: OpenSearchClient,
  index: string,
  id: string,
): Promise<{ name: string; version: number; venue: { name: string }; performers: string[] } | null> {
  const res = await client.get({ index, id }, { ignore: [404] });
  if (!res.body.found) return null;
  return res.body._source as { name: string; version: number; venue: { name: string }; performers: string[] };
}

export interface IndexerProcess {
  child: ChildProcess;
  url: string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

/** The real indexer (src/main.ts) as a child process, as it runs in production; resolves once it serves /healthz. */
export async function spawnIndexer(env: Record<string, string>): Promise<IndexerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: new URL('..', import.meta.url).pathname,
    // Info level at least: the test reads the "serving" line for the port.
    env: { ...process.env, INDEXER_PORT: '0', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the indexer did not serve /healthz within 120 s'));
    }, 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`indexer exited (${code}) before serving`));
    });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'serving /healthz and /metrics' && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a log line
      }
    });
  });
  return { child, url, exited };
}

export async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).ok;
  } catch {
    return false;
  }
}

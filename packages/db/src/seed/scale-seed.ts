import { type DatabaseEnv, shardUrls } from '@boxoffice/config';
import pg from 'pg';
import { copyRows } from './copy-rows';
import { formatCount, formatSeconds, type Log, Progress, timed } from './progress';
import { type CopyTable, scaleCatalogTables } from './scale-lines';
import { ScaleModel } from './scale-model';
import { fullScaleSizes, type ScaleSizes, ticketTotal } from './scale-sizes';
import { countScaleRows, deleteScaleRows, type ScaleCounts, scaleState } from './scale-state';
import { ticketColumns, ticketLines } from './ticket-rows';

export interface ScaleOptions {
  /** Prefix of every deterministic id; tests use their own so they never touch the benchmark set. */
  namespace?: string;
  sizes?: ScaleSizes;
  /** Delete an existing (complete or partial) copy of this set first. */
  force?: boolean;
  log?: Log;
  now?: Date;
}

export interface HotEvent {
  id: string;
  name: string;
  seats: number;
  shard: number;
  venueId: string;
  venueName: string;
}

export interface ScaleResult {
  status: 'loaded' | 'already-loaded';
  hotEvents: HotEvent[];
  counts: ScaleCounts;
  /** Milliseconds per phase; phases of the catalog and of the shards overlap in time. */
  phases: Record<string, number>;
  totalMs: number;
  ticketsMs: number;
  ticketsPerSecond: number;
}

export class ScaleSetPartialError extends Error {}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

async function copyTable(url: string, table: CopyTable, log: Log): Promise<number> {
  const client = await connect(url);
  try {
    // The search projection's statement triggers would refresh every event of a COPY at once, planned
    // before the new rows have statistics (a COPY of event_performers ran for over 20 minutes that way).
    // Replica mode skips them; loadCatalog projects the new events once, after ANALYZE. Needs a superuser;
    // without one the triggers run, slowly but correctly.
    await client.query('set session_replication_role = replica').catch(() => log(`[seed:scale] ${table.table}: not a superuser, search triggers stay on`));
    const progress = new Progress(`[seed:scale] ${table.table}`, table.rows, log);
    return await copyRows(client, table.statement, table.lines(), (rows) => progress.add(rows));
  } finally {
    await client.end();
  }
}

async function loadCatalog(
  model: ScaleModel,
  url: string,
  phases: Map<string, number>,
  log: Log,
): Promise<void> {
  const tables = scaleCatalogTables(model);
  const step = (name: keyof typeof tables) => {
    const table = tables[name];
    if (!table) throw new Error(`no table ${name}`);
    return timed(phases, `catalog ${name}`, () => copyTable(url, table, log));
  };
  // Follow the foreign keys: events need venues; tiers need events; links need events and performers.
  const performers = step('performers');
  await step('venues');
  await step('events');
  await Promise.all([step('event_price_tiers'), performers.then(() => step('event_performers'))]);
  await timed(phases, 'catalog search projection', async () => {
    const client = await connect(url);
    try {
      await client.query('analyze venues, performers, events, event_price_tiers, event_performers');
      await client.query('select event_search_refresh(array(select e.id from events e where not exists (select 1 from event_search s where s.event_id = e.id)))');
    } finally {
      await client.end();
    }
  });
}

async function loadTickets(
  model: ScaleModel,
  urls: readonly string[],
  phases: Map<string, number>,
  log: Log,
) {
  const progress = new Progress('[seed:scale] tickets', ticketTotal(model.sizes), log);
  const counts = await Promise.all(
    urls.map((url, shard) =>
      timed(phases, `tickets shard ${shard}`, async () => {
        const client = await connect(url);
        try {
          const lines = (function* () {
            for (let i = 0; i < model.ticketedEventCount(); i++) {
              const plan = model.ticketPlan(model.event(i));
              if (plan.shard === shard) yield* ticketLines(plan);
            }
          })();
          return await copyRows(client, `copy tickets (${ticketColumns}) from stdin`, lines, (rows) =>
            progress.add(rows),
          );
        } finally {
          await client.end();
        }
      }),
    ),
  );
  return counts.reduce((sum, n) => sum + n, 0);
}

// Fresh statistics so the first benchmark queries get the plans they will get in steady state.
async function analyze(catalogUrl: string, urls: readonly string[]): Promise<void> {
  const run = async (url: string, sql: string) => {
    const client = await connect(url);
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await Promise.all([
    run(catalogUrl, 'analyze venues, performers, events, event_price_tiers, event_performers'),
    ...urls.map((url) => run(url, 'analyze tickets')),
  ]);
}

function hotEvents(model: ScaleModel): HotEvent[] {
  return Array.from({ length: model.hot }, (_, i) => {
    const event = model.event(i);
    return {
      id: event.id,
      name: event.name,
      seats: event.venue.layout.seats,
      shard: model.ticketPlan(event).shard,
      venueId: event.venue.id,
      venueName: event.venue.name,
    };
  });
}

/**
 * Bulk-load the benchmark set with COPY: the catalog on one server connection at a time (two for the
 * independent tables), each shard's tickets on its own connection, all at once.
 */
export async function loadScaleSet(env: DatabaseEnv, options: ScaleOptions = {}): Promise<ScaleResult> {
  const log = options.log ?? console.log;
  const urls = shardUrls(env);
  const model = new ScaleModel(
    options.namespace ?? 'boxoffice-scale',
    options.sizes ?? fullScaleSizes,
    options.now ?? new Date(),
    urls.length,
  );
  const phases = new Map<string, number>();
  const started = performance.now();

  const before = await timed(phases, 'check', () => countScaleRows(model, env.DATABASE_URL, urls));
  const state = scaleState(model, before);
  if (state !== 'absent' && !options.force) {
    if (state === 'complete') {
      return {
        status: 'already-loaded',
        hotEvents: hotEvents(model),
        counts: before,
        phases: Object.fromEntries(phases),
        totalMs: performance.now() - started,
        ticketsMs: 0,
        ticketsPerSecond: 0,
      };
    }
    throw new ScaleSetPartialError(
      `a partial scale set is in the database (${formatCount(before.events)} events, ${formatCount(before.tickets)} tickets); ` +
        'run `pnpm db seed scale --force` to delete it and load again',
    );
  }
  if (state !== 'absent') {
    log('[seed:scale] --force: deleting the existing scale set');
    await timed(phases, 'delete', () => deleteScaleRows(model, env.DATABASE_URL, urls, log));
  }

  const loadStarted = performance.now();
  log(
    `[seed:scale] loading ${formatCount(model.sizes.events)} events, ${formatCount(model.sizes.performers)} performers, ` +
      `${formatCount(model.sizes.venues)} venues and ${formatCount(ticketTotal(model.sizes))} tickets over ${urls.length} shard(s)`,
  );
  const [, tickets] = await Promise.all([
    timed(phases, 'catalog (all tables)', () => loadCatalog(model, env.DATABASE_URL, phases, log)),
    timed(phases, 'tickets (all shards)', () => loadTickets(model, urls, phases, log)),
  ]);
  phases.set('load', performance.now() - loadStarted);
  await timed(phases, 'analyze', () => analyze(env.DATABASE_URL, urls));

  const ticketsMs = phases.get('tickets (all shards)') ?? 0;
  const counts = await timed(phases, 'verify', () => countScaleRows(model, env.DATABASE_URL, urls));
  if (scaleState(model, counts) !== 'complete') {
    throw new Error(`scale load finished with unexpected counts: ${JSON.stringify(counts)}`);
  }
  return {
    status: 'loaded',
    hotEvents: hotEvents(model),
    counts: { ...counts, tickets },
    phases: Object.fromEntries(phases),
    totalMs: performance.now() - started,
    ticketsMs,
    ticketsPerSecond: ticketsMs > 0 ? (tickets / ticketsMs) * 1000 : 0,
  };
}

export function describeScaleResult(result: ScaleResult): string[] {
  const lines: string[] = [];
  if (result.status === 'already-loaded') {
    lines.push('[seed:scale] the scale set is already loaded; nothing to do (use --force to reload it)');
  } else {
    lines.push(
      `[seed:scale] loaded ${formatCount(result.counts.tickets)} tickets in ${formatSeconds(result.ticketsMs)} ` +
        `(${formatCount(result.ticketsPerSecond)} tickets/s); total ${formatSeconds(result.totalMs)}`,
    );
    for (const [phase, ms] of Object.entries(result.phases))
      lines.push(`  ${phase.padEnd(28)} ${formatSeconds(ms)}`);
  }
  lines.push(
    `[seed:scale] ${formatCount(result.counts.events)} events, ${formatCount(result.counts.performers)} performers, ` +
      `${formatCount(result.counts.venues)} venues, ${formatCount(result.counts.tickets)} tickets`,
  );
  for (const hot of result.hotEvents) {
    lines.push(
      `[seed:scale] hot event ${hot.id} (${formatCount(hot.seats)} seats, shard ${hot.shard}): ${hot.name} at ${hot.venueName}`,
    );
  }
  return lines;
}

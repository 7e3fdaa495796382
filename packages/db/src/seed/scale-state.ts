import pg from 'pg';
import { formatCount, type Log } from './progress';
import type { ScaleModel } from './scale-model';
import { ticketTotal } from './scale-sizes';

export interface ScaleCounts {
  venues: number;
  performers: number;
  events: number;
  tickets: number;
}

export type ScaleState = 'absent' | 'complete' | 'partial';

const CHUNK = 10_000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function allEventIds(model: ScaleModel): string[] {
  return Array.from({ length: model.sizes.events }, (_, i) => model.eventId(i));
}

/** Ids of the events that have tickets, grouped by the shard that holds them. */
export function ticketedEventIdsByShard(model: ScaleModel): string[][] {
  const byShard: string[][] = Array.from({ length: model.shardCount }, () => []);
  for (let i = 0; i < model.ticketedEventCount(); i++) {
    const plan = model.ticketPlan(model.event(i));
    byShard[plan.shard]?.push(plan.eventId);
  }
  return byShard;
}

async function countIds(
  client: pg.Client,
  table: string,
  column: string,
  ids: readonly string[],
): Promise<number> {
  let total = 0;
  for (const part of chunks(ids)) {
    const result = await client.query<{ count: string }>(
      `select count(*) as count from ${table} where ${column} = any($1::uuid[])`,
      [part],
    );
    total += Number(result.rows[0]?.count ?? 0);
  }
  return total;
}

/** How many of this scale set's rows are present; counts only rows whose ids the set would mint. */
export async function countScaleRows(
  model: ScaleModel,
  catalogUrl: string,
  shardUrls: readonly string[],
): Promise<ScaleCounts> {
  const catalog = await withClient(catalogUrl, async (client) => ({
    venues: await countIds(client, 'venues', 'id', model.allVenueIds()),
    performers: await countIds(client, 'performers', 'id', model.allPerformerIds()),
    events: await countIds(client, 'events', 'id', allEventIds(model)),
  }));
  const byShard = ticketedEventIdsByShard(model);
  const tickets = await Promise.all(
    shardUrls.map((url, shard) =>
      withClient(url, (client) => countIds(client, 'tickets', 'event_id', byShard[shard] ?? [])),
    ),
  );
  return { ...catalog, tickets: tickets.reduce((sum, n) => sum + n, 0) };
}

export function scaleState(model: ScaleModel, counts: ScaleCounts): ScaleState {
  const { sizes } = model;
  const present = counts.venues + counts.performers + counts.events + counts.tickets;
  if (present === 0) return 'absent';
  const complete =
    counts.venues === sizes.venues &&
    counts.performers === sizes.performers &&
    counts.events === sizes.events &&
    counts.tickets === ticketTotal(sizes);
  return complete ? 'complete' : 'partial';
}

/**
 * Remove this scale set (and any benchmark reservations, orders and payments on its events) by id,
 * leaving every other row of the databases alone.
 */
export async function deleteScaleRows(
  model: ScaleModel,
  catalogUrl: string,
  shardUrls: readonly string[],
  log: Log,
): Promise<void> {
  const byShard = ticketedEventIdsByShard(model);
  await Promise.all(
    shardUrls.map((url, shard) =>
      withClient(url, async (client) => {
        const ids = byShard[shard] ?? [];
        await client.query(
          'delete from payments where reservation_id in (select id from reservations where event_id = any($1::uuid[]))',
          [ids],
        );
        await client.query('delete from orders where event_id = any($1::uuid[])', [ids]);
        await client.query('delete from reservations where event_id = any($1::uuid[])', [ids]);
        const deleted = await client.query('delete from tickets where event_id = any($1::uuid[])', [ids]);
        log(`[seed:scale] shard ${shard}: deleted ${formatCount(deleted.rowCount ?? 0)} tickets`);
      }),
    ),
  );
  await withClient(catalogUrl, async (client) => {
    let events = 0;
    // Price tiers and performer links go with their events (on delete cascade).
    for (const part of chunks(allEventIds(model))) {
      events += (await client.query('delete from events where id = any($1::uuid[])', [part])).rowCount ?? 0;
    }
    let venues = 0;
    for (const part of chunks(model.allVenueIds())) {
      venues += (await client.query('delete from venues where id = any($1::uuid[])', [part])).rowCount ?? 0;
    }
    let performers = 0;
    for (const part of chunks(model.allPerformerIds())) {
      performers +=
        (await client.query('delete from performers where id = any($1::uuid[])', [part])).rowCount ?? 0;
    }
    log(
      `[seed:scale] catalog: deleted ${formatCount(events)} events, ${formatCount(venues)} venues, ${formatCount(performers)} performers`,
    );
  });
}

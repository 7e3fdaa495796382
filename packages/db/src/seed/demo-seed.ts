import { type DatabaseEnv, shardUrls } from '@boxoffice/config';
import pg from 'pg';
import { type CatalogDB, createKysely } from '../connect';
import { copyRows } from './copy-rows';
import { type DemoPlan, demoPlan } from './demo-plan';
import { formatCount, formatSeconds, type Log } from './progress';
import { seatCount } from './seating-map';
import { type TicketPlan, ticketColumns, ticketLines } from './ticket-rows';

export interface DemoSummary {
  venues: number;
  performers: number;
  events: number;
  priceTiers: number;
  eventPerformers: number;
  /** Catalog rows this run added (0 on a re-run). */
  catalogInserted: number;
  tickets: number;
  ticketsInserted: number;
  ms: number;
}

async function loadCatalog(url: string, plan: DemoPlan): Promise<number> {
  const db = createKysely<CatalogDB>(url, 2);
  try {
    return await db.transaction().execute(async (trx) => {
      let inserted = 0;
      const add = (result: { numInsertedOrUpdatedRows?: bigint }) => {
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
      };
      add(
        await trx
          .insertInto('venues')
          .values(plan.venues)
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst(),
      );
      add(
        await trx
          .insertInto('performers')
          .values(plan.performers)
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst(),
      );
      add(
        await trx
          .insertInto('events')
          .values(plan.events)
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst(),
      );
      add(
        await trx
          .insertInto('event_performers')
          .values(plan.eventPerformers)
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst(),
      );
      add(
        await trx
          .insertInto('event_price_tiers')
          .values(plan.priceTiers)
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst(),
      );
      add(
        await trx
          .insertInto('event_queue_settings')
          .values(plan.queueSettings)
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst(),
      );
      return inserted;
    });
  } finally {
    await db.destroy();
  }
}

/**
 * Tickets of events that are not complete yet. A crashed earlier run may have left an event half
 * loaded, so rows go through a temporary table and `ON CONFLICT DO NOTHING` on the seat label.
 */
async function loadShardTickets(
  url: string,
  plans: TicketPlan[],
): Promise<{ total: number; inserted: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const existing = await client.query<{ event_id: string; count: string }>(
      'select event_id, count(*) as count from tickets where event_id = any($1::uuid[]) group by event_id',
      [plans.map((plan) => plan.eventId)],
    );
    const have = new Map(existing.rows.map((row) => [row.event_id, Number(row.count)]));
    const missing = plans.filter((plan) => (have.get(plan.eventId) ?? 0) < seatCount(plan.map));
    let inserted = 0;
    if (missing.length) {
      await client.query('begin');
      try {
        await client.query('create temp table seed_tickets (like tickets including defaults) on commit drop');
        await copyRows(
          client,
          `copy seed_tickets (${ticketColumns}) from stdin`,
          (function* () {
            for (const plan of missing) yield* ticketLines(plan);
          })(),
        );
        const result = await client.query(
          'insert into tickets select * from seed_tickets on conflict (event_id, seat_label) do nothing',
        );
        inserted = result.rowCount ?? 0;
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    }
    const total = [...have.values()].reduce((sum, count) => sum + count, 0) + inserted;
    return { total, inserted };
  } finally {
    await client.end();
  }
}

/** Load the demo set; a re-run inserts nothing and only reads a few counts. */
export async function seedDemo(
  env: DatabaseEnv,
  log: Log = console.log,
  now = new Date(),
): Promise<DemoSummary> {
  const started = performance.now();
  const urls = shardUrls(env);
  const plan = demoPlan(now, urls.length);
  const catalogInserted = await loadCatalog(env.DATABASE_URL, plan);

  const results = await Promise.all(
    urls.map((url, shard) =>
      loadShardTickets(
        url,
        plan.tickets.filter((ticketPlan) => ticketPlan.shard === shard),
      ),
    ),
  );
  const summary: DemoSummary = {
    venues: plan.venues.length,
    performers: plan.performers.length,
    events: plan.events.length,
    priceTiers: plan.priceTiers.length,
    eventPerformers: plan.eventPerformers.length,
    catalogInserted,
    tickets: results.reduce((sum, r) => sum + r.total, 0),
    ticketsInserted: results.reduce((sum, r) => sum + r.inserted, 0),
    ms: performance.now() - started,
  };
  const fresh = summary.catalogInserted + summary.ticketsInserted > 0;
  log(
    `[seed:demo] ${fresh ? 'loaded' : 'already loaded'}: ${summary.events} events, ${summary.venues} venues, ` +
      `${summary.performers} performers, ${formatCount(summary.tickets)} tickets over ${urls.length} shard(s)` +
      (fresh
        ? ` (${formatCount(summary.catalogInserted)} catalog rows and ${formatCount(summary.ticketsInserted)} tickets added)`
        : '') +
      ` in ${formatSeconds(summary.ms)}`,
  );
  return summary;
}

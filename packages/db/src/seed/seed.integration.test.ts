import { randomUUID } from 'node:crypto';
import { databaseEnv, parseEnv, shardUrls } from '@boxoffice/config';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOfEvent, shardOfId } from '../ids';
import { demoEvents } from './demo-events';
import { demoEventId } from './demo-plan';
import { seedDemo } from './demo-seed';
import { ScaleModel } from './scale-model';
import { loadScaleSet, ScaleSetPartialError } from './scale-seed';
import type { ScaleSizes } from './scale-sizes';
import { countScaleRows, deleteScaleRows, ticketedEventIdsByShard } from './scale-state';
import { type SeatingMap, seatCount } from './seating-map';

// Run against the test databases (DATABASE_URL=.../boxoffice_test SHARD_COUNT=2); other suites share
// them, so every query below counts only rows whose ids these tests know.
const env = parseEnv(databaseEnv);
const urls = shardUrls(env);
const quiet = () => {};

const catalog = new pg.Client({ connectionString: env.DATABASE_URL });
const shards = urls.map((url) => new pg.Client({ connectionString: url }));

beforeAll(async () => {
  await Promise.all([catalog.connect(), ...shards.map((client) => client.connect())]);
});

afterAll(async () => {
  await Promise.all([catalog.end(), ...shards.map((client) => client.end())]);
});

interface TicketRow {
  id: string;
  event_id: string;
  seat_label: string;
  price_tier: string;
  price_amount: number;
  currency: string;
  status: string;
  version: number;
  reservation_id: string | null;
}

async function ticketsByShard(eventIds: string[]): Promise<TicketRow[][]> {
  return Promise.all(
    shards.map(async (client) => {
      const result = await client.query<TicketRow>(
        `select id, event_id, seat_label, price_tier, price_amount, currency, status, version, reservation_id
           from tickets where event_id = any($1::uuid[])`,
        [eventIds],
      );
      return result.rows;
    }),
  );
}

async function demoCounts(eventIds: string[]) {
  const events = await catalog.query<{ events: number; tiers: number; links: number; venues: number }>(
    `select (select count(*) from events where id = any($1::uuid[]))::int as events,
            (select count(*) from event_price_tiers where event_id = any($1::uuid[]))::int as tiers,
            (select count(*) from event_performers where event_id = any($1::uuid[]))::int as links,
            (select count(distinct venue_id) from events where id = any($1::uuid[]))::int as venues`,
    [eventIds],
  );
  const tickets = await Promise.all(
    shards.map((client) =>
      client.query<{ count: number }>(
        'select count(*)::int as count from tickets where event_id = any($1::uuid[])',
        [eventIds],
      ),
    ),
  );
  return {
    ...events.rows[0],
    tickets: tickets.reduce((sum, result) => sum + (result.rows[0]?.count ?? 0), 0),
  };
}

describe('demo seed', () => {
  const eventIds = demoEvents.map((event) => demoEventId(event.key));

  it('loads, and a second run changes nothing', async () => {
    await seedDemo(env, quiet);
    const before = await demoCounts(eventIds);
    expect(before.events).toBe(demoEvents.length);
    expect(before.tickets).toBeGreaterThan(100_000);
    expect(before.tickets).toBeLessThanOrEqual(150_000);

    const again = await seedDemo(env, quiet);
    expect(again.catalogInserted).toBe(0);
    expect(again.ticketsInserted).toBe(0);
    expect(again.ms).toBeLessThan(5_000);
    expect(await demoCounts(eventIds)).toEqual(before);
  });

  it('puts every ticket on its event’s shard, with an id minted for that shard', async () => {
    const misplaced: string[] = [];
    for (const [shard, rows] of (await ticketsByShard(eventIds)).entries()) {
      for (const row of rows) {
        if (shardOfEvent(row.event_id, urls.length) !== shard || shardOfId(row.id) !== shard)
          misplaced.push(row.id);
      }
    }
    expect(misplaced).toEqual([]);
  });

  it('sells each seat once, at its tier’s positive integer price, as an available ticket', async () => {
    const tiers = await catalog.query<{ event_id: string; code: string; price_amount: number }>(
      'select event_id, code, price_amount from event_price_tiers where event_id = any($1::uuid[])',
      [eventIds],
    );
    const priceOf = new Map(tiers.rows.map((tier) => [`${tier.event_id}/${tier.code}`, tier.price_amount]));
    const seen = new Set<string>();
    const problems: string[] = [];
    // Collected, then asserted once: an expect() per ticket would make this test take seconds.
    for (const row of (await ticketsByShard(eventIds)).flat()) {
      const seat = `${row.event_id}/${row.seat_label}`;
      if (seen.has(seat)) problems.push(`${seat} twice`);
      seen.add(seat);
      if (!Number.isInteger(row.price_amount) || row.price_amount <= 0)
        problems.push(`${seat} costs ${row.price_amount}`);
      if (row.price_amount !== priceOf.get(`${row.event_id}/${row.price_tier}`))
        problems.push(`${seat} off its tier`);
      if (
        row.currency !== 'USD' ||
        row.status !== 'available' ||
        row.version !== 0 ||
        row.reservation_id !== null
      ) {
        problems.push(`${seat} is not a fresh available USD ticket`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(seen.size).toBeGreaterThan(100_000);
  });

  it('gives every event a venue whose seating map has exactly one seat per ticket', async () => {
    const venues = await catalog.query<{ id: string; seating_map: SeatingMap; capacity: number }>(
      'select e.id, v.seating_map, v.capacity from events e join venues v on v.id = e.venue_id where e.id = any($1::uuid[])',
      [eventIds],
    );
    expect(venues.rows).toHaveLength(eventIds.length);
    const tickets = new Map<string, number>();
    for (const row of (await ticketsByShard(eventIds)).flat())
      tickets.set(row.event_id, (tickets.get(row.event_id) ?? 0) + 1);
    for (const venue of venues.rows) {
      expect(seatCount(venue.seating_map)).toBe(venue.capacity);
      expect(tickets.get(venue.id)).toBe(seatCount(venue.seating_map));
    }
  });

  it('has several Taylor Swift events, mostly on sale', async () => {
    const result = await catalog.query<{ name: string; status: string; city: string }>(
      `select e.name, e.status, v.city from events e join venues v on v.id = e.venue_id
        where e.id = any($1::uuid[]) and e.name ilike '%taylor swift%'`,
      [eventIds],
    );
    expect(result.rows.length).toBeGreaterThanOrEqual(3);
    expect(new Set(result.rows.map((row) => row.city)).size).toBeGreaterThanOrEqual(3);
    const statuses = await catalog.query<{ status: string; count: number }>(
      'select status, count(*)::int as count from events where id = any($1::uuid[]) group by status',
      [eventIds],
    );
    const byStatus = Object.fromEntries(statuses.rows.map((row) => [row.status, row.count]));
    expect(byStatus.scheduled).toBeGreaterThanOrEqual(1);
    expect(byStatus.on_sale).toBeGreaterThan(byStatus.scheduled ?? 0);
  });
});

describe('scale seed (small sizes)', () => {
  const sizes: ScaleSizes = {
    venues: 24,
    performers: 200,
    events: 1_000,
    ticketedEvents: 2,
    hotLayouts: ['club', 'club'],
  };
  const namespace = `scale-test-${randomUUID()}`;
  const model = new ScaleModel(namespace, sizes, new Date(), urls.length);

  afterAll(async () => {
    await deleteScaleRows(model, env.DATABASE_URL, urls, quiet);
  });

  it('loads the requested counts with COPY, tickets on their shards', async () => {
    const result = await loadScaleSet(env, { namespace, sizes, log: quiet });
    expect(result.status).toBe('loaded');
    expect(result.counts).toEqual({ venues: 24, performers: 200, events: 1_000, tickets: 2_400 });
    expect(result.hotEvents.map((event) => event.seats)).toEqual([200, 200]);
    expect(result.ticketsPerSecond).toBeGreaterThan(0);

    const ticketed = ticketedEventIdsByShard(model);
    for (const [shard, client] of shards.entries()) {
      const rows = await client.query<{ id: string; event_id: string }>(
        'select id, event_id from tickets where event_id = any($1::uuid[])',
        [ticketed.flat()],
      );
      for (const row of rows.rows) {
        expect(shardOfEvent(row.event_id, urls.length)).toBe(shard);
        expect(shardOfId(row.id)).toBe(shard);
      }
    }
    const tiers = await catalog.query<{ count: number }>(
      'select count(*)::int as count from event_price_tiers where event_id = any($1::uuid[])',
      [Array.from({ length: sizes.events }, (_, i) => model.eventId(i))],
    );
    expect(tiers.rows[0]?.count).toBe(3_000);
  });

  it('reports an already loaded set instead of loading it twice', async () => {
    const result = await loadScaleSet(env, { namespace, sizes, log: quiet });
    expect(result.status).toBe('already-loaded');
    expect(result.counts.tickets).toBe(2_400);
  });

  it('refuses a partial set unless forced, and --force reloads it', async () => {
    const [victim] = ticketedEventIdsByShard(model).flat();
    const shard = shards[shardOfEvent(victim ?? '', urls.length)];
    await shard?.query('delete from tickets where event_id = $1', [victim]);
    await expect(loadScaleSet(env, { namespace, sizes, log: quiet })).rejects.toThrow(ScaleSetPartialError);

    const forced = await loadScaleSet(env, { namespace, sizes, log: quiet, force: true });
    expect(forced.status).toBe('loaded');
    expect(await countScaleRows(model, env.DATABASE_URL, urls)).toEqual(forced.counts);
  });
});

import { newInventoryId, type SeatingMap, type ShardDB, type ShardDb, type ShardRouter } from '@boxoffice/db';
import { type Insertable, sql } from 'kysely';

export interface InventoryCounts {
  available: number;
  reserved: number;
  sold: number;
  /** Confirmed orders' totals, in minor units of the event's currency. */
  revenue: number;
}

const emptyCounts = (): InventoryCounts => ({ available: 0, reserved: 0, sold: 0, revenue: 0 });

/** Price tiers the map's sections name, in map order. */
export const tiersOfMap = (map: SeatingMap): string[] => [
  ...new Set(map.sections.map((section) => section.tier)),
];

export const seatsOfMap = (map: SeatingMap): number =>
  map.sections.reduce((total, section) => total + section.rows.reduce((n, row) => n + row.seats, 0), 0);

// 9 parameters a row: 2,000 rows stay far below PostgreSQL's 65,535 bind parameters.
const insertBatch = 2000;

/**
 * One available ticket per seat of the venue's map, priced by its section's tier. Runs in the
 * caller's shard transaction so a draft event's tickets are replaced all or nothing.
 */
export async function mintTickets(
  trx: ShardDb,
  plan: {
    eventId: string;
    shard: number;
    map: SeatingMap;
    prices: ReadonlyMap<string, number>;
    currency: string;
  },
): Promise<number> {
  let batch: Insertable<ShardDB['tickets']>[] = [];
  let total = 0;
  const flush = async () => {
    if (batch.length) await trx.insertInto('tickets').values(batch).execute();
    total += batch.length;
    batch = [];
  };
  for (const section of plan.map.sections) {
    const price = plan.prices.get(section.tier);
    if (price === undefined) throw new Error(`no price for tier ${section.tier}`); // checked by the caller
    for (const row of section.rows) {
      for (let seat = 1; seat <= row.seats; seat++) {
        batch.push({
          id: newInventoryId(plan.shard),
          event_id: plan.eventId,
          section: section.code,
          row_label: row.label,
          seat_number: seat,
          seat_label: `${section.code}-${row.label}-${seat}`,
          price_tier: section.tier,
          price_amount: price,
          currency: plan.currency,
        });
        if (batch.length === insertBatch) await flush();
      }
    }
  }
  await flush();
  return total;
}

/** Seat counts and revenue of many events, one grouped query per shard that holds any of them. */
export async function inventoryCounts(
  shards: ShardRouter,
  eventIds: readonly string[],
): Promise<Map<string, InventoryCounts>> {
  const counts = new Map(eventIds.map((id) => [id, emptyCounts()]));
  const byShard = new Map<number, string[]>();
  for (const id of eventIds) {
    const index = shards.forEvent(id).index;
    byShard.set(index, [...(byShard.get(index) ?? []), id]);
  }
  await Promise.all(
    [...byShard].map(async ([index, ids]) => {
      const db = shards.at(index).db;
      const [tickets, revenue] = await Promise.all([
        db
          .selectFrom('tickets')
          .select(['event_id', 'status', sql<number>`count(*)::int`.as('n')])
          .where('event_id', 'in', ids)
          .groupBy(['event_id', 'status'])
          .execute(),
        db
          .selectFrom('orders')
          .select(['event_id', sql<number>`sum(total_amount)::bigint`.as('amount')])
          .where('event_id', 'in', ids)
          .where('status', '=', 'confirmed')
          .groupBy('event_id')
          .execute(),
      ]);
      for (const row of tickets) {
        const entry = counts.get(row.event_id);
        if (entry) entry[row.status] = row.n;
      }
      for (const row of revenue) {
        const entry = counts.get(row.event_id);
        if (entry) entry.revenue = Number(row.amount);
      }
    }),
  );
  return counts;
}

/** Seats of one event by section and status, sections in code order. */
export async function sectionCounts(db: ShardDb, eventId: string) {
  const rows = await db
    .selectFrom('tickets')
    .select(['section', 'status', sql<number>`count(*)::int`.as('n')])
    .where('event_id', '=', eventId)
    .groupBy(['section', 'status'])
    .orderBy('section')
    .execute();
  const sections = new Map<string, { section: string; available: number; reserved: number; sold: number }>();
  for (const row of rows) {
    const entry = sections.get(row.section) ?? { section: row.section, available: 0, reserved: 0, sold: 0 };
    entry[row.status] = row.n;
    sections.set(row.section, entry);
  }
  return [...sections.values()];
}

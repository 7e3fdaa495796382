import { randomUUID } from 'node:crypto';
import { type Databases, newInventoryId } from '@boxoffice/db';

/** An on-sale event with `seats` available tickets, for the waiting room's integration tests. */
export async function createQueuedEvent(
  db: Databases,
  seats: number,
): Promise<{ eventId: string; ticketIds: string[] }> {
  const venueId = randomUUID();
  const eventId = randomUUID();
  await db.catalog
    .insertInto('venues')
    .values({
      id: venueId,
      name: `Queue Hall ${venueId.slice(0, 8)}`,
      address: '1 Queue St',
      city: 'Testville',
      country: 'US',
      capacity: seats,
    })
    .execute();
  await db.catalog
    .insertInto('events')
    .values({
      id: eventId,
      name: `Queued Event ${eventId.slice(0, 8)}`,
      type: 'concert',
      starts_at: new Date(Date.now() + 30 * 86_400_000),
      on_sale_at: new Date(Date.now() - 86_400_000),
      venue_id: venueId,
      status: 'on_sale',
    })
    .execute();
  const shard = db.shards.forEvent(eventId);
  const rows = Array.from({ length: seats }, (_, i) => ({
    id: newInventoryId(shard.index),
    event_id: eventId,
    section: 'A',
    row_label: String(Math.floor(i / 50) + 1),
    seat_number: (i % 50) + 1,
    seat_label: `A-${Math.floor(i / 50) + 1}-${(i % 50) + 1}`,
    price_tier: 'P1',
    price_amount: 5000,
    currency: 'USD',
  }));
  for (let i = 0; i < rows.length; i += 1000)
    await shard.db
      .insertInto('tickets')
      .values(rows.slice(i, i + 1000))
      .execute();
  return { eventId, ticketIds: rows.map((row) => row.id) };
}

export { until } from '@boxoffice/vitest-config/until';

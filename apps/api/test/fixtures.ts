import { randomUUID } from 'node:crypto';
import type { ApiServices } from '../src/services';
import { newInventoryId } from '@boxoffice/db';

export interface TestEvent {
  eventId: string;
  ticketIds: string[];
  shard: number;
}

/** An on-sale event with `seats` tickets in rows of 10, priced 5000 minor units, on its shard. */
export async function createTestEvent(services: ApiServices, seats = 20, options: { onSale?: boolean } = {}): Promise<TestEvent> {
  const { catalog, shards } = services.db;
  const venueId = randomUUID();
  const eventId = randomUUID();
  await catalog
    .insertInto('venues')
    .values({ id: venueId, name: `Test Hall ${venueId.slice(0, 8)}`, address: '1 Test St', city: 'Testville', country: 'US', capacity: seats })
    .execute();
  await catalog
    .insertInto('events')
    .values({
      id: eventId,
      name: `Test Event ${eventId.slice(0, 8)}`,
      type: 'concert',
      starts_at: new Date(Date.now() + 30 * 86_400_000),
      on_sale_at: new Date(Date.now() + (options.onSale === false ? 86_400_000 : -86_400_000)),
      venue_id: venueId,
      status: options.onSale === false ? 'scheduled' : 'on_sale',
    })
    .execute();
  const shard = shards.forEvent(eventId);
  const rows = Array.from({ length: seats }, (_, i) => {
    const row = String(Math.floor(i / 10) + 1);
    const seat = (i % 10) + 1;
    return {
      id: newInventoryId(shard.index),
      event_id: eventId,
      section: 'A',
      row_label: row,
      seat_number: seat,
      seat_label: `A-${row}-${seat}`,
      price_tier: 'P1',
      price_amount: 5000,
      currency: 'USD',
    };
  });
  await shard.db.insertInto('tickets').values(rows).execute();
  return { eventId, ticketIds: rows.map((r) => r.id), shard: shard.index };
}

/** A signed-in fan without a password round trip (argon2 would dominate tests with many fans). */
export async function fanToken(services: ApiServices, id: string = randomUUID()) {
  const { token } = await services.signer.sign({ id, email: `${id}@example.test`, role: 'customer', isMember: false });
  return { id, token };
}

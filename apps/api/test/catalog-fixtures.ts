import { randomUUID } from 'node:crypto';
import { newInventoryId } from '@boxoffice/db';
import type { ApiServices } from '../src/services';

export interface CatalogEvent {
  eventId: string;
  venueId: string;
  performerIds: string[];
  ticketIds: string[];
}

/** A token of letters only, so it is one search word; unique per call. */
export const uniqueWord = () =>
  `q${randomUUID()
    .replaceAll('-', '')
    .replace(/\d/g, (d) => 'abcdefghij'[Number(d)] ?? 'x')
    .slice(0, 11)}`;

/**
 * An event with a venue in `city`, performers, price tiers and `seats` tickets in two sections
 * (A: rows of 10 at 5000, B: rows of 10 at 3000), on its shard.
 */
export async function createCatalogEvent(
  services: ApiServices,
  options: {
    name: string;
    city: string;
    performers?: string[];
    type?: 'concert' | 'sports' | 'theater' | 'comedy' | 'festival' | 'family';
    startsAt?: Date;
    seats?: number;
    status?: 'on_sale' | 'draft' | 'cancelled';
    location?: { lat: number; lon: number };
  },
): Promise<CatalogEvent> {
  const { catalog, shards } = services.db;
  const venueId = randomUUID();
  const eventId = randomUUID();
  const performerIds = (options.performers ?? []).map(() => randomUUID());
  const seats = options.seats ?? 20;
  await catalog.transaction().execute(async (trx) => {
    await trx
      .insertInto('venues')
      .values({
        id: venueId,
        name: `Hall ${venueId.slice(0, 6)}`,
        address: '1 Test St',
        city: options.city,
        country: 'US',
        capacity: seats,
        latitude: options.location?.lat ?? null,
        longitude: options.location?.lon ?? null,
      })
      .execute();
    if (performerIds.length) {
      await trx
        .insertInto('performers')
        .values(
          (options.performers ?? []).map((name, i) => ({
            id: performerIds[i] as string,
            name,
            type: 'artist',
          })),
        )
        .execute();
    }
    await trx
      .insertInto('events')
      .values({
        id: eventId,
        name: options.name,
        description: `${options.name} live.`,
        type: options.type ?? 'concert',
        starts_at: options.startsAt ?? new Date(Date.now() + 60 * 86_400_000),
        on_sale_at: new Date(Date.now() - 86_400_000),
        venue_id: venueId,
        status: options.status ?? 'on_sale',
      })
      .execute();
    if (performerIds.length) {
      await trx
        .insertInto('event_performers')
        .values(
          performerIds.map((performer_id, i) => ({ event_id: eventId, performer_id, billing_order: i })),
        )
        .execute();
    }
    await trx
      .insertInto('event_price_tiers')
      .values([
        { event_id: eventId, code: 'P1', name: 'Floor', price_amount: 5000, currency: 'USD' },
        { event_id: eventId, code: 'P2', name: 'Balcony', price_amount: 3000, currency: 'USD' },
      ])
      .execute();
  });
  const shard = shards.forEvent(eventId);
  const rows = Array.from({ length: seats }, (_, i) => {
    const section = i < seats / 2 ? 'A' : 'B';
    const index = section === 'A' ? i : i - Math.ceil(seats / 2);
    const row = String(Math.floor(index / 10) + 1);
    const seat = (index % 10) + 1;
    return {
      id: newInventoryId(shard.index),
      event_id: eventId,
      section,
      row_label: row,
      seat_number: seat,
      seat_label: `${section}-${row}-${seat}`,
      price_tier: section === 'A' ? 'P1' : 'P2',
      price_amount: section === 'A' ? 5000 : 3000,
      currency: 'USD',
    };
  });
  if (rows.length) await shard.db.insertInto('tickets').values(rows).execute();
  return { eventId, venueId, performerIds, ticketIds: rows.map((r) => r.id) };
}

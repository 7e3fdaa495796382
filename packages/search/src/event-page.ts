import type { CatalogDb, ShardRouter } from '@boxoffice/db';
import { sql } from 'kysely';
import { z } from 'zod';

const money = z.object({ amount: z.number().int(), currency: z.string() });

/** `venues.seating_map` (see @boxoffice/db seed/seating-map.ts for the geometry). */
export const seatingMapSchema = z.object({
  version: z.literal(1),
  width: z.number(),
  height: z.number(),
  stage: z
    .object({
      label: z.string(),
      x: z.number(),
      y: z.number(),
      width: z.number(),
      height: z.number(),
      shape: z.enum(['rect', 'ellipse']),
    })
    .optional(),
  sections: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      tier: z.string(),
      x: z.number(),
      y: z.number(),
      rotation: z.number(),
      seatPitch: z.number(),
      rowPitch: z.number(),
      rows: z.array(z.object({ label: z.string(), seats: z.number().int(), offset: z.number().optional() })),
    }),
  ),
});

/**
 * The static part of an event page: everything but seat status, which changes by the millisecond and
 * is overlaid from Redis. Tickets are stored column-wise (parallel arrays in seat order: section, row,
 * seat), which keeps a 50,000-seat event's cache entry small and quick to parse. Seat order is also
 * the order of the availability encodings.
 */
export const eventPageSchema = z.object({
  eventID: z.uuid(),
  name: z.string(),
  description: z.string(),
  type: z.enum(['concert', 'sports', 'theater', 'comedy', 'festival', 'family']),
  status: z.enum(['scheduled', 'on_sale', 'sold_out', 'cancelled', 'completed']),
  date: z.string(),
  onSaleAt: z.string(),
  currency: z.string(),
  venue: z.object({
    venueID: z.uuid(),
    name: z.string(),
    address: z.string(),
    city: z.string(),
    country: z.string(),
    location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  }),
  performers: z.array(z.object({ performerID: z.uuid(), name: z.string(), type: z.string() })),
  seatingMap: seatingMapSchema,
  priceTiers: z.array(z.object({ code: z.string(), name: z.string(), price: money })),
  tickets: z.object({
    ids: z.array(z.string()),
    seatNumbers: z.array(z.string()),
    sections: z.array(z.string()),
    rows: z.array(z.string()),
    prices: z.array(z.number().int()),
  }),
});

export type EventPage = z.infer<typeof eventPageSchema>;

/**
 * Read an event page from the catalog and the event's shard; null for an unknown or draft event
 * (a draft is not public yet). Cancelled and past events stay visible to the fans holding tickets.
 */
export async function loadEventPage(
  db: { catalog: CatalogDb; shards: ShardRouter },
  eventId: string,
): Promise<EventPage | null> {
  const event = await db.catalog
    .selectFrom('events as e')
    .innerJoin('venues as v', 'v.id', 'e.venue_id')
    .select([
      'e.id',
      'e.name',
      'e.description',
      'e.type',
      'e.status',
      'e.starts_at',
      'e.on_sale_at',
      'e.currency',
      'v.id as venue_id',
      'v.name as venue_name',
      'v.address',
      'v.city',
      'v.country',
      'v.latitude',
      'v.longitude',
      'v.seating_map',
    ])
    .where('e.id', '=', eventId)
    .where('e.status', '!=', 'draft')
    .executeTakeFirst();
  if (!event) return null;

  const [performers, tiers, tickets] = await Promise.all([
    db.catalog
      .selectFrom('event_performers as ep')
      .innerJoin('performers as p', 'p.id', 'ep.performer_id')
      .select(['p.id', 'p.name', 'p.type'])
      .where('ep.event_id', '=', eventId)
      .orderBy('ep.billing_order')
      .orderBy('p.name')
      .execute(),
    db.catalog
      .selectFrom('event_price_tiers')
      .select(['code', 'name', 'price_amount', 'currency'])
      .where('event_id', '=', eventId)
      .orderBy('price_amount', 'desc')
      .orderBy('code')
      .execute(),
    db.shards
      .forEvent(eventId)
      .db.selectFrom('tickets')
      .select(['id', 'seat_label', 'section', 'row_label', 'price_amount'])
      .where('event_id', '=', eventId)
      // Row "2" before row "10", "Z" before "AA".
      .orderBy('section')
      .orderBy(sql`length(row_label)`)
      .orderBy('row_label')
      .orderBy('seat_number')
      .execute(),
  ]);

  return eventPageSchema.parse({
    eventID: event.id,
    name: event.name,
    description: event.description,
    type: event.type,
    status: event.status,
    date: event.starts_at.toISOString(),
    onSaleAt: event.on_sale_at.toISOString(),
    currency: event.currency.trim(),
    venue: {
      venueID: event.venue_id,
      name: event.venue_name,
      address: event.address,
      city: event.city,
      country: event.country,
      location:
        event.latitude === null || event.longitude === null
          ? null
          : { lat: event.latitude, lon: event.longitude },
    },
    performers: performers.map((p) => ({ performerID: p.id, name: p.name, type: p.type })),
    seatingMap: { version: 1, width: 1000, height: 1000, ...(event.seating_map as object) },
    priceTiers: tiers.map((t) => ({
      code: t.code,
      name: t.name,
      price: { amount: t.price_amount, currency: t.currency.trim() },
    })),
    tickets: {
      ids: tickets.map((t) => t.id),
      seatNumbers: tickets.map((t) => t.seat_label),
      sections: tickets.map((t) => t.section),
      rows: tickets.map((t) => t.row_label),
      prices: tickets.map((t) => t.price_amount),
    },
  });
}

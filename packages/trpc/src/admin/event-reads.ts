import type { Databases, SeatingMap } from '@boxoffice/db';
import { AppError } from '@boxoffice/domain';
import { sql } from 'kysely';
import { inventoryCounts, seatsOfMap, sectionCounts, tiersOfMap } from './event-inventory';
import { type EventStatus, statusTransitions } from './event-status';

export interface EventListQuery {
  query?: string;
  status?: EventStatus;
  page: number;
  size: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Staff's event list: name (or exact id) search, status filter, soonest first, with live counts from the shards. */
export async function listEvents(db: Databases, input: EventListQuery) {
  let base = db.catalog.selectFrom('events as e').innerJoin('venues as v', 'v.id', 'e.venue_id');
  if (input.query) {
    const text = input.query;
    base = base.where((eb) =>
      uuidPattern.test(text) ? eb('e.id', '=', text) : eb('e.name', 'ilike', `%${escapeLike(text)}%`),
    );
  }
  if (input.status) base = base.where('e.status', '=', input.status);
  const [rows, total] = await Promise.all([
    base
      .select([
        'e.id',
        'e.name',
        'e.type',
        'e.status',
        'e.starts_at',
        'e.on_sale_at',
        'e.currency',
        'e.version',
        'v.name as venue_name',
        'v.city',
      ])
      .orderBy('e.starts_at')
      .orderBy('e.id')
      .limit(input.size)
      .offset((input.page - 1) * input.size)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const counts = await inventoryCounts(
    db.shards,
    rows.map((row) => row.id),
  );
  return {
    events: rows.map((row) => {
      const c = counts.get(row.id) ?? { available: 0, reserved: 0, sold: 0, revenue: 0 };
      return {
        eventID: row.id,
        name: row.name,
        type: row.type,
        status: row.status,
        startsAt: row.starts_at.toISOString(),
        onSaleAt: row.on_sale_at.toISOString(),
        version: row.version,
        venue: { name: row.venue_name, city: row.city },
        counts: {
          available: c.available,
          reserved: c.reserved,
          sold: c.sold,
          total: c.available + c.reserved + c.sold,
        },
        revenue: { amount: c.revenue, currency: row.currency.trim() },
      };
    }),
    meta: { total: total.n, page: input.page, size: input.size },
  };
}

/** Venues staff can put an event in, with the price tiers their seating maps need. */
export async function listVenues(db: Databases, query: string | undefined, limit: number) {
  let select = db.catalog
    .selectFrom('venues')
    .select(['id', 'name', 'city', 'country', 'capacity', 'seating_map']);
  if (query)
    select = select.where((eb) =>
      eb.or([eb('name', 'ilike', `%${escapeLike(query)}%`), eb('city', 'ilike', `%${escapeLike(query)}%`)]),
    );
  const rows = await select.orderBy('name').orderBy('id').limit(limit).execute();
  return rows.map((row) => {
    const map = row.seating_map as unknown as SeatingMap;
    return {
      venueID: row.id,
      name: row.name,
      city: row.city,
      country: row.country,
      capacity: row.capacity,
      seats: map?.sections ? seatsOfMap(map) : 0,
      tiers: map?.sections ? tiersOfMap(map) : [],
    };
  });
}

/** One event for staff: fields, tiers, seats by section, the latest reservations and orders. */
export async function eventDetail(db: Databases, eventId: string, recent = 20) {
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
      'e.version',
      'e.updated_at',
      'v.id as venue_id',
      'v.name as venue_name',
      'v.city',
      'v.seating_map',
    ])
    .where('e.id', '=', eventId)
    .executeTakeFirst();
  if (!event) throw new AppError('EVENT_NOT_FOUND', 'No such event', { details: [{ eventID: eventId }] });
  const shard = db.shards.forEvent(eventId);
  const [tiers, sections, counts, reservations, orders] = await Promise.all([
    db.catalog
      .selectFrom('event_price_tiers')
      .select(['code', 'name', 'price_amount'])
      .where('event_id', '=', eventId)
      .orderBy('price_amount', 'desc')
      .execute(),
    sectionCounts(shard.db, eventId),
    inventoryCounts(db.shards, [eventId]),
    // Inventory ids are UUIDv7, so the primary key orders them by creation time.
    shard.db
      .selectFrom('reservations')
      .select([
        'id',
        'user_id',
        'status',
        'total_amount',
        'currency',
        'created_at',
        'expires_at',
        sql<number>`cardinality(ticket_ids)`.as('seats'),
      ])
      .where('event_id', '=', eventId)
      .orderBy('id', 'desc')
      .limit(recent)
      .execute(),
    shard.db
      .selectFrom('orders')
      .select(['id', 'user_id', 'status', 'total_amount', 'currency', 'created_at', 'version'])
      .where('event_id', '=', eventId)
      .orderBy('id', 'desc')
      .limit(recent)
      .execute(),
  ]);
  const emails = await emailsOf(
    db,
    [...reservations, ...orders].map((row) => row.user_id),
  );
  const total = counts.get(eventId) ?? { available: 0, reserved: 0, sold: 0, revenue: 0 };
  const map = event.seating_map as unknown as SeatingMap;
  const sectionNames = new Map((map?.sections ?? []).map((section) => [section.code, section.name]));
  return {
    eventID: event.id,
    name: event.name,
    description: event.description,
    type: event.type,
    status: event.status,
    nextStatuses: [...statusTransitions[event.status]],
    startsAt: event.starts_at.toISOString(),
    onSaleAt: event.on_sale_at.toISOString(),
    currency: event.currency.trim(),
    version: event.version,
    updatedAt: event.updated_at.toISOString(),
    venue: {
      venueID: event.venue_id,
      name: event.venue_name,
      city: event.city,
      tiers: map?.sections ? tiersOfMap(map) : [],
    },
    priceTiers: tiers.map((tier) => ({ code: tier.code, name: tier.name, price: tier.price_amount })),
    counts: {
      available: total.available,
      reserved: total.reserved,
      sold: total.sold,
      total: total.available + total.reserved + total.sold,
    },
    revenue: { amount: total.revenue, currency: event.currency.trim() },
    sections: sections.map((section) => ({
      ...section,
      name: sectionNames.get(section.section) ?? section.section,
    })),
    reservations: reservations.map((row) => ({
      reservationID: row.id,
      email: emails.get(row.user_id) ?? null,
      status: row.status,
      seats: row.seats,
      total: { amount: row.total_amount, currency: row.currency.trim() },
      createdAt: row.created_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
    })),
    orders: orders.map((row) => ({
      orderID: row.id,
      email: emails.get(row.user_id) ?? null,
      status: row.status,
      total: { amount: row.total_amount, currency: row.currency.trim() },
      createdAt: row.created_at.toISOString(),
    })),
  };
}

export async function emailsOf(db: Databases, userIds: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return new Map();
  const rows = await db.catalog
    .selectFrom('users')
    .select(['id', 'email'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((row) => [row.id, row.email]));
}

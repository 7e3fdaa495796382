import type { Databases, SeatingMap } from '@boxoffice/db';
import { AppError } from '@boxoffice/domain';
import { sql } from 'kysely';
import { mintTickets, seatsOfMap, tiersOfMap } from './event-inventory';
import { type EventStatus, statusesLeadingTo } from './event-status';

export type EventType = 'concert' | 'sports' | 'theater' | 'comedy' | 'festival' | 'family';

export interface PriceTierInput {
  code: string;
  name: string;
  price: number;
}

export interface EventFields {
  name: string;
  description: string;
  type: EventType;
  startsAt: Date;
  onSaleAt: Date;
  venueId: string;
  currency: string;
  priceTiers: PriceTierInput[];
}

const invalid = (field: string, reason: string) =>
  new AppError('VALIDATION_FAILED', `Invalid input: ${field}: ${reason}`, { details: [{ field, reason }] });

/** The venue's seating map, refused (400 on the field) when the tiers do not price exactly its sections. */
async function venueMapFor(
  db: Databases,
  venueId: string,
  tiers: readonly PriceTierInput[],
): Promise<SeatingMap> {
  const venue = await db.catalog
    .selectFrom('venues')
    .select(['seating_map'])
    .where('id', '=', venueId)
    .executeTakeFirst();
  if (!venue) throw invalid('venueID', 'no such venue');
  const map = venue.seating_map as unknown as SeatingMap;
  if (!map?.sections?.length || seatsOfMap(map) === 0)
    throw invalid('venueID', 'the venue has no seating map to sell');
  const needed = tiersOfMap(map);
  const given = new Set(tiers.map((tier) => tier.code));
  const missing = needed.filter((code) => !given.has(code));
  if (missing.length)
    throw invalid('priceTiers', `the venue's sections need a price for tier ${missing.join(', ')}`);
  const unused = [...given].filter((code) => !needed.includes(code));
  if (unused.length) throw invalid('priceTiers', `tier ${unused.join(', ')} prices no section of this venue`);
  return map;
}

async function replaceInventory(
  db: Databases,
  eventId: string,
  fields: Pick<EventFields, 'currency' | 'priceTiers'>,
  map: SeatingMap,
) {
  const shard = db.shards.forEvent(eventId);
  return shard.db.transaction().execute(async (trx) => {
    // A draft event's seats were never offered, so they are all available; anything else is a bug to stop on.
    const held = await trx
      .selectFrom('tickets')
      .select('id')
      .where('event_id', '=', eventId)
      .where('status', '!=', 'available')
      .limit(1)
      .executeTakeFirst();
    if (held)
      throw new AppError(
        'CONFLICT',
        'Seats of this event are held or sold; its venue and prices can no longer change',
      );
    await trx.deleteFrom('tickets').where('event_id', '=', eventId).execute();
    const prices = new Map(fields.priceTiers.map((tier) => [tier.code, tier.price]));
    return mintTickets(trx, { eventId, shard: shard.index, map, prices, currency: fields.currency });
  });
}

/**
 * A new event in draft, its price tiers, and one available ticket per seat of its venue on the
 * event's shard. The shard work runs inside the catalog transaction, so a failed mint leaves no
 * event behind; if the catalog commit itself failed after the mint, the orphan tickets name an
 * event id nobody has and are never offered.
 */
export async function createEvent(
  db: Databases,
  fields: EventFields,
): Promise<{ eventId: string; version: number; tickets: number }> {
  const map = await venueMapFor(db, fields.venueId, fields.priceTiers);
  return db.catalog.transaction().execute(async (trx) => {
    const event = await trx
      .insertInto('events')
      .values({
        name: fields.name,
        description: fields.description,
        type: fields.type,
        starts_at: fields.startsAt,
        on_sale_at: fields.onSaleAt,
        venue_id: fields.venueId,
        currency: fields.currency,
        status: 'draft',
      })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('event_price_tiers')
      .values(
        fields.priceTiers.map((tier) => ({
          event_id: event.id,
          code: tier.code,
          name: tier.name,
          price_amount: tier.price,
          currency: fields.currency,
        })),
      )
      .execute();
    const tickets = await replaceInventory(db, event.id, fields, map);
    return { eventId: event.id, version: event.version, tickets };
  });
}

/** Why a conditional write changed nothing: unknown event (404), stale version or wrong status (409). */
async function explainMiss(
  db: Databases,
  eventId: string,
  expectedVersion: number,
  wanted: string,
): Promise<never> {
  const current = await db.catalog
    .selectFrom('events')
    .select(['status', 'version'])
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (!current) throw new AppError('EVENT_NOT_FOUND', 'No such event', { details: [{ eventID: eventId }] });
  if (current.version !== expectedVersion) {
    throw new AppError('CONFLICT', 'Someone changed this event since you loaded it; reload and try again', {
      details: [{ field: 'version', reason: 'stale', expected: expectedVersion, current: current.version }],
    });
  }
  throw new AppError('CONFLICT', `A ${current.status} event cannot ${wanted}`, {
    details: [{ eventID: eventId, status: current.status }],
  });
}

export type EventChanges = Partial<EventFields>;

/**
 * Edit an event, conditional on its version (and, for the venue, currency and prices, on being a
 * draft: seats already offered keep the price they were offered at). Venue or price changes
 * re-mint the draft's tickets in the same transaction.
 */
export async function updateEvent(
  db: Databases,
  eventId: string,
  expectedVersion: number,
  changes: EventChanges,
): Promise<{ version: number; tickets: number | null }> {
  const inventoryChanges =
    changes.venueId !== undefined || changes.priceTiers !== undefined || changes.currency !== undefined;
  return db.catalog.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('events')
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.description !== undefined && { description: changes.description }),
        ...(changes.type !== undefined && { type: changes.type }),
        ...(changes.startsAt !== undefined && { starts_at: changes.startsAt }),
        ...(changes.onSaleAt !== undefined && { on_sale_at: changes.onSaleAt }),
        ...(changes.venueId !== undefined && { venue_id: changes.venueId }),
        ...(changes.currency !== undefined && { currency: changes.currency }),
        version: sql`version + 1`,
      })
      .where('id', '=', eventId)
      .where('version', '=', expectedVersion)
      .where('status', 'in', inventoryChanges ? ['draft'] : ['draft', 'scheduled', 'on_sale', 'sold_out'])
      .returning(['version', 'venue_id', 'currency', 'starts_at', 'on_sale_at'])
      .executeTakeFirst();
    if (!updated)
      return explainMiss(
        db,
        eventId,
        expectedVersion,
        inventoryChanges ? 'change its venue, currency or prices (drafts only)' : 'be edited',
      );
    if (updated.on_sale_at > updated.starts_at)
      throw invalid('onSaleAt', 'must not be after the event starts');
    if (!inventoryChanges) return { version: updated.version, tickets: null };

    const tiers =
      changes.priceTiers ??
      (await trx
        .selectFrom('event_price_tiers')
        .select(['code', 'name', 'price_amount as price'])
        .where('event_id', '=', eventId)
        .orderBy('code')
        .execute());
    const map = await venueMapFor(db, updated.venue_id, tiers);
    await trx.deleteFrom('event_price_tiers').where('event_id', '=', eventId).execute();
    await trx
      .insertInto('event_price_tiers')
      .values(
        tiers.map((tier) => ({
          event_id: eventId,
          code: tier.code,
          name: tier.name,
          price_amount: tier.price,
          currency: updated.currency,
        })),
      )
      .execute();
    const tickets = await replaceInventory(
      db,
      eventId,
      { currency: updated.currency, priceTiers: tiers },
      map,
    );
    return { version: updated.version, tickets };
  });
}

/** Move an event along statusTransitions, conditional on its version and current status. */
export async function setEventStatus(
  db: Databases,
  eventId: string,
  expectedVersion: number,
  target: EventStatus,
): Promise<{ status: EventStatus; version: number }> {
  const from = statusesLeadingTo(target);
  const updated = from.length
    ? await db.catalog
        .updateTable('events')
        .set({ status: target, version: sql`version + 1` })
        .where('id', '=', eventId)
        .where('version', '=', expectedVersion)
        .where('status', 'in', from)
        .returning(['status', 'version'])
        .executeTakeFirst()
    : undefined;
  if (!updated) return explainMiss(db, eventId, expectedVersion, `move to ${target}`);
  return updated;
}

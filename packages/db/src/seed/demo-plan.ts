import type { Insertable } from 'kysely';
import type { EventPerformers, EventPriceTiers, EventQueueSettings, Events, Performers, Venues } from '../generated/catalog';
import { shardOfEvent } from '../ids';
import { demoEvents } from './demo-events';
import { demoPerformers } from './demo-performers';
import { demoVenues } from './demo-venues';
import { nameUuid } from './deterministic-id';
import type { TicketPlan } from './ticket-rows';
import { tierCodes, venueLayouts } from './venue-layouts';

const NAMESPACE = 'boxoffice-demo';
const DAY_MS = 86_400_000;
const CURRENCY = 'USD';

export const demoVenueId = (name: string): string => nameUuid(`${NAMESPACE}:venue`, name);
export const demoPerformerId = (name: string): string => nameUuid(`${NAMESPACE}:performer`, name);
export const demoEventId = (key: string): string => nameUuid(`${NAMESPACE}:event`, key);

export interface DemoPlan {
  venues: Insertable<Venues>[];
  performers: Insertable<Performers>[];
  events: Insertable<Events>[];
  eventPerformers: Insertable<EventPerformers>[];
  priceTiers: Insertable<EventPriceTiers>[];
  /** Waiting rooms of the demo's hottest on-sales. */
  queueSettings: Insertable<EventQueueSettings>[];
  tickets: TicketPlan[];
}

/** Demo events with a waiting room: the stadium on-sale (open now) and one whose on-sale is days away (pre-queue). */
const queuedEventKeys = new Set(['eras-sofi', 'eras-toronto']);

function lookup<T>(items: readonly T[], name: (item: T) => string, wanted: string, what: string): T {
  const found = items.find((item) => name(item) === wanted);
  if (!found) throw new Error(`demo data: unknown ${what} "${wanted}"`);
  return found;
}

/** The demo set as rows; dates are relative to `now`, so a fresh database always has upcoming shows. */
export function demoPlan(now: Date, shardCount: number): DemoPlan {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const plan: DemoPlan = {
    venues: [],
    performers: [],
    events: [],
    eventPerformers: [],
    priceTiers: [],
    queueSettings: [],
    tickets: [],
  };

  for (const venue of demoVenues) {
    const layout = venueLayouts[venue.layout];
    plan.venues.push({
      id: demoVenueId(venue.name),
      name: venue.name,
      address: venue.address,
      city: venue.city,
      country: venue.country,
      latitude: venue.latitude,
      longitude: venue.longitude,
      capacity: layout.seats,
      seating_map: JSON.stringify(layout.map),
    });
  }
  for (const performer of demoPerformers) {
    plan.performers.push({ id: demoPerformerId(performer.name), ...performer });
  }

  for (const event of demoEvents) {
    const id = demoEventId(event.key);
    const venue = lookup(demoVenues, (v) => v.name, event.venue, 'venue');
    const layout = venueLayouts[venue.layout];
    // 19:30 local time, by the venue's standard offset.
    const startsAt = new Date(today + event.inDays * DAY_MS + (19.5 - venue.utcOffsetHours) * 3_600_000);
    const onSaleAt = new Date(today + event.onSaleInDays * DAY_MS + (10 - venue.utcOffsetHours) * 3_600_000);
    plan.events.push({
      id,
      name: event.name,
      description: event.description,
      type: event.type,
      starts_at: startsAt,
      venue_id: demoVenueId(venue.name),
      on_sale_at: onSaleAt,
      status: onSaleAt.getTime() <= now.getTime() ? 'on_sale' : 'scheduled',
      currency: CURRENCY,
    });
    if (queuedEventKeys.has(event.key)) {
      // Fans who come before the on-sale are shuffled at the opening; after it, first come first served.
      plan.queueSettings.push({ event_id: id, enabled: true, opens_at: onSaleAt, admission_rate_per_second: 100, member_priority: true });
    }
    for (const [order, name] of event.performers.entries()) {
      lookup(demoPerformers, (p) => p.name, name, 'performer');
      plan.eventPerformers.push({ event_id: id, performer_id: demoPerformerId(name), billing_order: order });
    }
    const prices: Record<string, number> = {};
    for (const [index, code] of tierCodes.entries()) {
      const price = event.prices[index] ?? 0;
      prices[code] = price;
      plan.priceTiers.push({
        event_id: id,
        code,
        name: event.tierNames?.[index] ?? layout.tierNames[code],
        price_amount: price,
        currency: CURRENCY,
      });
    }
    plan.tickets.push({
      eventId: id,
      shard: shardOfEvent(id, shardCount),
      map: layout.map,
      prices,
      currency: CURRENCY,
    });
  }
  return plan;
}

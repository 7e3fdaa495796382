import { randomUUID } from 'node:crypto';
import type { CatalogDb } from '@boxoffice/db';
import type { EventType } from './backend';

/**
 * The contract suite's own events. Other tests share the database and nothing is truncated, so every
 * run puts its events in a random 20-day window centuries ahead (two runs overlap with odds of about
 * 1 in 13,000) and scopes its assertions with that window: counts stay exact whatever else is there.
 */
export interface ContractFixture {
  /** Unique per run; part of both city names. */
  token: string;
  window: { from: Date; to: Date };
  /** Venue A's city (six listed events) and venue B's (three), about 300 km apart. */
  cities: { a: string; b: string };
  venueA: { lat: number; lon: number };
  ids: {
    /** Every inserted event, hidden ones included: what an indexer is handed. */
    all: string[];
    listed: string[];
    taylorSwift: string[];
    hidden: string[];
    inCityA: string[];
    inCityB: string[];
    byName: Record<string, string>;
  };
  /** Start time of each listed event by id. */
  startsAt: Record<string, Date>;
}

interface FixtureEvent {
  key: string;
  name: string;
  type: EventType;
  venue: 'a' | 'b';
  day: number;
  status: 'on_sale' | 'scheduled' | 'sold_out' | 'draft' | 'cancelled';
  performers: string[];
  prices: number[];
}

const events: FixtureEvent[] = [
  {
    key: 'eras-a',
    name: 'Taylor Swift | The Eras Tour',
    type: 'concert',
    venue: 'a',
    day: 1,
    status: 'on_sale',
    performers: ['Taylor Swift'],
    prices: [15000, 9000],
  },
  {
    key: 'tay-sweet',
    name: 'Tay Sweet Live',
    type: 'concert',
    venue: 'a',
    day: 2,
    status: 'on_sale',
    performers: ['Tay Sweet'],
    prices: [4000],
  },
  {
    key: 'eras-b',
    name: 'Taylor Swift | The Eras Tour',
    type: 'concert',
    venue: 'b',
    day: 3,
    status: 'sold_out',
    performers: ['Taylor Swift', 'Sabrina Carpenter'],
    prices: [12000],
  },
  {
    key: 'mason',
    name: 'Taylor Mason: Stand-Up Hour',
    type: 'comedy',
    venue: 'a',
    day: 4,
    status: 'on_sale',
    performers: ['Taylor Mason'],
    prices: [3500],
  },
  {
    key: 'river',
    name: 'Swift River Band',
    type: 'concert',
    venue: 'b',
    day: 5,
    status: 'scheduled',
    performers: ['Swift River Band'],
    prices: [2500],
  },
  {
    key: 'les-mis',
    name: 'Les Misérables',
    type: 'theater',
    venue: 'a',
    day: 6,
    status: 'on_sale',
    performers: [],
    prices: [8000, 20000],
  },
  {
    key: 'secret',
    name: 'Taylor Swift Secret Show',
    type: 'concert',
    venue: 'a',
    day: 7,
    status: 'draft',
    performers: ['Taylor Swift'],
    prices: [10000],
  },
  {
    key: 'derby',
    name: 'City Derby',
    type: 'sports',
    venue: 'b',
    day: 8,
    status: 'on_sale',
    performers: [],
    prices: [3000],
  },
  {
    key: 'called-off',
    name: 'Taylor Swift Called Off',
    type: 'concert',
    venue: 'a',
    day: 9,
    status: 'cancelled',
    performers: ['Taylor Swift'],
    prices: [10000],
  },
  {
    key: 'festival',
    name: 'Spring Lights Festival',
    type: 'festival',
    venue: 'a',
    day: 10,
    status: 'on_sale',
    performers: ['Tay Sweet'],
    prices: [6000],
  },
  {
    key: 'bluey',
    name: "Bluey's Big Play",
    type: 'family',
    venue: 'a',
    day: 12,
    status: 'on_sale',
    performers: [],
    prices: [2000],
  },
];

const dayMs = 86_400_000;

function randomToken(): string {
  return randomUUID()
    .replaceAll('-', '')
    .replace(/\d/g, (d) => 'ghijklmnop'[Number(d)] ?? 'x')
    .slice(0, 12);
}

/** Insert the fixture (venues, performers, events, links, price tiers) and describe it. */
export async function seedContractFixture(catalog: CatalogDb): Promise<ContractFixture> {
  const token = randomToken();
  const startDay = Date.UTC(2200 + Math.floor(Math.random() * 700), Math.floor(Math.random() * 12), 1);
  const window = { from: new Date(startDay), to: new Date(startDay + 20 * dayMs - 1) };
  const cities = { a: `Harborview ${token}`, b: `Ridgefield ${token}` };
  // Wellington, and a point about 300 km east of it over the sea.
  const venueA = { lat: -41.2865, lon: 174.7762 };
  const venues = {
    a: {
      id: randomUUID(),
      name: 'Harbor Arena',
      city: cities.a,
      latitude: venueA.lat,
      longitude: venueA.lon,
    },
    b: {
      id: randomUUID(),
      name: 'Ridge Hall',
      city: cities.b,
      latitude: venueA.lat,
      longitude: venueA.lon + 3.6,
    },
  };
  const performerIds = new Map<string, string>();
  for (const name of new Set(events.flatMap((e) => e.performers))) performerIds.set(name, randomUUID());
  const rows = events.map((event) => ({
    ...event,
    id: randomUUID(),
    startsAt: new Date(startDay + event.day * dayMs + 19 * 3_600_000),
  }));

  await catalog.transaction().execute(async (trx) => {
    await trx
      .insertInto('venues')
      .values(
        Object.values(venues).map((v) => ({
          ...v,
          address: '1 Contract Way',
          country: 'NZ',
          capacity: 1000,
        })),
      )
      .execute();
    await trx
      .insertInto('performers')
      .values([...performerIds].map(([name, id]) => ({ id, name, type: 'artist' })))
      .execute();
    await trx
      .insertInto('events')
      .values(
        rows.map((e) => ({
          id: e.id,
          name: e.name,
          description: `${e.name} at ${venues[e.venue].name}.`,
          type: e.type,
          starts_at: e.startsAt,
          venue_id: venues[e.venue].id,
          on_sale_at: new Date(e.startsAt.getTime() - 90 * dayMs),
          status: e.status,
        })),
      )
      .execute();
    const links = rows.flatMap((e) =>
      e.performers.map((name, i) => ({
        event_id: e.id,
        performer_id: performerIds.get(name) as string,
        billing_order: i,
      })),
    );
    if (links.length) await trx.insertInto('event_performers').values(links).execute();
    await trx
      .insertInto('event_price_tiers')
      .values(
        rows.flatMap((e) =>
          e.prices.map((price, i) => ({
            event_id: e.id,
            code: `P${i + 1}`,
            name: `Tier ${i + 1}`,
            price_amount: price,
            currency: 'USD',
          })),
        ),
      )
      .execute();
  });

  const listed = rows.filter((e) => e.status !== 'draft' && e.status !== 'cancelled');
  return {
    token,
    window,
    cities,
    venueA,
    ids: {
      all: rows.map((e) => e.id),
      listed: listed.map((e) => e.id),
      taylorSwift: listed.filter((e) => e.key.startsWith('eras')).map((e) => e.id),
      hidden: rows.filter((e) => !listed.includes(e)).map((e) => e.id),
      inCityA: listed.filter((e) => e.venue === 'a').map((e) => e.id),
      inCityB: listed.filter((e) => e.venue === 'b').map((e) => e.id),
      byName: Object.fromEntries(rows.map((e) => [e.key, e.id])),
    },
    startsAt: Object.fromEntries(listed.map((e) => [e.id, e.startsAt])),
  };
}

import type { EventStatus, EventType } from '../generated/catalog';
import { shardOfEvent } from '../ids';
import { nameUuid } from './deterministic-id';
import { Random } from './random';
import { checkSizes, type ScaleSizes } from './scale-sizes';
import {
  adjectives,
  type City,
  cities,
  familyWords,
  firstNames,
  lastNames,
  leagues,
  mascots,
  nouns,
  showWords,
  streets,
  tourWords,
  venueKinds,
} from './scale-words';
import type { TicketPlan } from './ticket-rows';
import { type LayoutKind, type VenueLayout, venueLayouts } from './venue-layouts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export const SCALE_CURRENCY = 'USD';

export interface ScaleVenue {
  id: string;
  name: string;
  address: string;
  city: City;
  latitude: number;
  longitude: number;
  layout: VenueLayout;
}

type PerformerKind = 'artist' | 'band' | 'team' | 'comedian' | 'production' | 'family';

export interface ScalePerformer {
  id: string;
  name: string;
  type: string;
  genre: string;
}

export interface ScaleEvent {
  id: string;
  name: string;
  description: string;
  type: EventType;
  startsAt: Date;
  onSaleAt: Date;
  status: EventStatus;
  venue: ScaleVenue;
  performerIds: string[];
  prices: readonly [number, number, number];
  ticketed: boolean;
}

// A performer's kind is fixed by its index modulo 20, so an event can draw one of a kind in O(1).
const kindSlots: Record<PerformerKind, readonly number[]> = {
  artist: [0, 1, 2, 3, 4, 5, 6],
  band: [7, 8, 9, 10, 11],
  team: [12, 13],
  comedian: [14, 15, 16],
  production: [17, 18],
  family: [19],
};
const kindOfSlot = (slot: number): PerformerKind =>
  (Object.keys(kindSlots) as PerformerKind[]).find((kind) => kindSlots[kind].includes(slot)) ?? 'artist';

const eventTypes: readonly EventType[] = [
  ...Array<EventType>(9).fill('concert'),
  ...Array<EventType>(3).fill('sports'),
  ...Array<EventType>(2).fill('theater'),
  ...Array<EventType>(3).fill('comedy'),
  'festival',
  ...Array<EventType>(2).fill('family'),
];
const regularLayouts: readonly LayoutKind[] = ['hall', 'hall', 'theater', 'club'];
const musicGenres = [
  'pop',
  'rock',
  'indie',
  'hip-hop',
  'r&b',
  'country',
  'jazz',
  'electronic',
  'latin',
  'folk',
];
const HOT_HEADLINER = 'Taylor Swift';

// Row kinds keep the random streams of venues, performers and events apart.
const VENUE = 1;
const PERFORMER = 2;
const EVENT = 3;

const roundTo50 = (cents: number): number => Math.max(50, Math.round(cents / 50) * 50);

/**
 * The scale set as pure functions of a row index: a row can be rebuilt anywhere (catalog COPY,
 * ticket COPY, state checks) without keeping 150,000 events in memory.
 */
export class ScaleModel {
  readonly hot: number;
  private readonly venueIds: string[];
  private readonly performerIds: string[];
  private readonly today: number;

  constructor(
    readonly namespace: string,
    readonly sizes: ScaleSizes,
    readonly now: Date,
    readonly shardCount: number,
  ) {
    checkSizes(sizes);
    this.hot = sizes.hotLayouts.length;
    this.venueIds = Array.from({ length: sizes.venues }, (_, i) => nameUuid(`${namespace}:venue`, String(i)));
    this.performerIds = Array.from({ length: sizes.performers }, (_, i) =>
      nameUuid(`${namespace}:performer`, String(i)),
    );
    this.today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  }

  eventId(index: number): string {
    return nameUuid(`${this.namespace}:event`, String(index));
  }

  allVenueIds(): readonly string[] {
    return this.venueIds;
  }

  allPerformerIds(): readonly string[] {
    return this.performerIds;
  }

  /** Hot events first, then the regular ticketed ones. */
  ticketedEventCount(): number {
    return this.hot + this.sizes.ticketedEvents;
  }

  venue(index: number): ScaleVenue {
    const random = Random.forRow(VENUE, index);
    const kind =
      index < this.hot
        ? this.sizes.hotLayouts[index]
        : regularLayouts[(index - this.hot) % regularLayouts.length];
    const layout = venueLayouts[kind ?? 'hall'];
    const city = random.pick(cities);
    return {
      id: this.venueIds[index] ?? '',
      name: `${random.pick(lastNames)} ${random.pick(venueKinds[layout.kind])}`,
      address: `${random.int(1, 9999)} ${random.pick(streets)} Street`,
      city,
      latitude: Math.round((city.latitude + (random.next() - 0.5) * 0.2) * 1e5) / 1e5,
      longitude: Math.round((city.longitude + (random.next() - 0.5) * 0.2) * 1e5) / 1e5,
      layout,
    };
  }

  performer(index: number): ScalePerformer {
    const random = Random.forRow(PERFORMER, index);
    const id = this.performerIds[index] ?? '';
    switch (kindOfSlot(index % 20)) {
      case 'artist': {
        const name = index === 0 ? HOT_HEADLINER : `${random.pick(firstNames)} ${random.pick(lastNames)}`;
        return { id, name, type: 'artist', genre: index === 0 ? 'pop' : random.pick(musicGenres) };
      }
      case 'band':
        return {
          id,
          name: `The ${random.pick(adjectives)} ${random.pick(nouns)}`,
          type: 'band',
          genre: random.pick(musicGenres),
        };
      case 'team':
        return {
          id,
          name: `${random.pick(cities).name} ${random.pick(mascots)}`,
          type: 'team',
          genre: random.pick(leagues).toLowerCase(),
        };
      case 'comedian':
        return {
          id,
          name: `${random.pick(firstNames)} ${random.pick(lastNames)}`,
          type: 'comedian',
          genre: 'comedy',
        };
      case 'production':
        return {
          id,
          name: `The ${random.pick(adjectives)} ${random.pick(showWords)}`,
          type: 'production',
          genre: 'musical',
        };
      case 'family':
        return {
          id,
          name: `${random.pick(familyWords)} ${random.pick(['on Ice', 'Live!', 'Adventure', 'Spectacular'])}`,
          type: 'production',
          genre: 'family',
        };
    }
  }

  private drawPerformer(random: Random, kind: PerformerKind): number {
    const groups = Math.floor(this.sizes.performers / 20);
    return random.int(0, groups - 1) * 20 + random.pick(kindSlots[kind]);
  }

  private drawPerformers(random: Random, kinds: readonly PerformerKind[]): number[] {
    const chosen: number[] = [];
    for (const kind of kinds) {
      // A few retries keep an event's performers distinct (they are the primary key with the event).
      for (let attempt = 0; attempt < 8; attempt++) {
        const index = this.drawPerformer(random, kind);
        if (!chosen.includes(index)) {
          chosen.push(index);
          break;
        }
      }
    }
    return chosen;
  }

  private regularVenue(random: Random, ticketed: boolean): number {
    const regular = this.sizes.venues - this.hot;
    if (!ticketed) return this.hot + random.int(0, regular - 1);
    // Ticketed events need a hall: the first two of every four regular venues.
    const groups = Math.floor(regular / regularLayouts.length);
    return this.hot + random.int(0, groups - 1) * regularLayouts.length + random.int(0, 1);
  }

  event(index: number): ScaleEvent {
    const random = Random.forRow(EVENT, index);
    const isHot = index < this.hot;
    const ticketed = index < this.ticketedEventCount();
    const type: EventType = isHot ? 'concert' : random.pick(eventTypes);
    const venue = this.venue(isHot ? index : this.regularVenue(random, ticketed));
    const performers = isHot ? [0] : this.drawPerformers(random, this.performerKindsFor(type, random));
    const names = performers.map((p) => this.performer(p).name);
    const headliner = names[0] ?? 'Special Guests';

    const days = isHot ? 30 + index : random.int(1, 365);
    const startsAt = new Date(this.today + days * DAY_MS + (isHot ? 20 : random.int(17, 21)) * HOUR_MS);
    const future = !isHot && days > 2 && random.chance(0.1);
    const onSaleAt = future
      ? new Date(this.today + random.int(1, Math.min(30, days - 1)) * DAY_MS + 10 * HOUR_MS)
      : new Date(this.today - (isHot ? 1 : random.int(1, 90)) * DAY_MS + 10 * HOUR_MS);
    const top = random.int(40, 400) * 100 + (random.chance(0.5) ? 50 : 0);

    return {
      id: this.eventId(index),
      name: isHot ? `${HOT_HEADLINER} | The Eras Tour` : this.eventName(type, names, venue, random),
      description: isHot
        ? `Hot on-sale: ${venue.layout.seats.toLocaleString('en-US')} seats at ${venue.name}, ${venue.city.name}.`
        : `${headliner}${names.length > 1 ? ` with ${names.slice(1).join(' and ')}` : ''} at ${venue.name} in ${venue.city.name}.`,
      type,
      startsAt,
      onSaleAt,
      status: onSaleAt.getTime() <= this.now.getTime() ? 'on_sale' : 'scheduled',
      venue,
      performerIds: performers.map((p) => this.performerIds[p] ?? ''),
      prices: [top, roundTo50(top * 0.6), roundTo50(top * 0.35)],
      ticketed,
    };
  }

  ticketPlan(event: ScaleEvent): TicketPlan {
    return {
      eventId: event.id,
      shard: shardOfEvent(event.id, this.shardCount),
      map: event.venue.layout.map,
      prices: { P1: event.prices[0], P2: event.prices[1], P3: event.prices[2] },
      currency: SCALE_CURRENCY,
    };
  }

  private performerKindsFor(type: EventType, random: Random): PerformerKind[] {
    const act = (): PerformerKind => (random.chance(0.6) ? 'artist' : 'band');
    switch (type) {
      case 'concert':
        return Array.from({ length: random.int(1, 3) }, act);
      case 'sports':
        return ['team', 'team'];
      case 'theater':
        return ['production'];
      case 'comedy':
        return random.chance(0.3) ? ['comedian', 'comedian'] : ['comedian'];
      case 'festival':
        return [act(), act(), act()];
      case 'family':
        return ['family'];
    }
  }

  private eventName(type: EventType, names: string[], venue: ScaleVenue, random: Random): string {
    const [first = 'Special Guests', second = 'Visitors'] = names;
    switch (type) {
      case 'concert':
        return random.chance(0.5)
          ? `${first} | ${random.pick(tourWords)} Tour`
          : `${first} Live in ${venue.city.name}`;
      case 'sports':
        return `${first} vs ${second}`;
      case 'comedy':
        return `${first}: ${random.pick(adjectives)} ${random.pick(showWords)}`;
      case 'festival':
        return `${venue.city.name} ${random.pick(adjectives)} ${random.pick(['Music Festival', 'Fest', 'Sound Festival'])}`;
      default:
        return first;
    }
  }
}

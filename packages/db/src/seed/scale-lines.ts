import { copyField, copyLine } from './copy-text';
import type { ScaleModel } from './scale-model';
import { SCALE_CURRENCY } from './scale-model';
import { type LayoutKind, tierCodes } from './venue-layouts';

/** One catalog table of the scale set: its COPY statement, row count and lazily generated lines. */
export interface CopyTable {
  table: string;
  statement: string;
  rows: number;
  lines: () => Iterable<string>;
}

function* range(count: number): Generator<number> {
  for (let i = 0; i < count; i++) yield i;
}

export function scaleCatalogTables(model: ScaleModel): Record<string, CopyTable> {
  const { sizes } = model;
  const mapText = new Map<LayoutKind, string>();
  const escapedMap = (kind: LayoutKind, map: object) => {
    let text = mapText.get(kind);
    if (text === undefined) {
      text = copyField(JSON.stringify(map));
      mapText.set(kind, text);
    }
    return text;
  };

  const tiersPerEvent = tierCodes.length;

  return {
    venues: {
      table: 'venues',
      statement:
        'copy venues (id, name, address, city, country, latitude, longitude, capacity, seating_map) from stdin',
      rows: sizes.venues,
      *lines() {
        for (const i of range(sizes.venues)) {
          const v = model.venue(i);
          const row = copyLine([
            v.id,
            v.name,
            v.address,
            v.city.name,
            v.city.country,
            v.latitude,
            v.longitude,
            v.layout.seats,
          ]);
          // The map is escaped once per layout, not once per venue.
          yield `${row.slice(0, -1)}\t${escapedMap(v.layout.kind, v.layout.map)}\n`;
        }
      },
    },
    performers: {
      table: 'performers',
      statement: 'copy performers (id, name, type, genre) from stdin',
      rows: sizes.performers,
      *lines() {
        for (const i of range(sizes.performers)) {
          const p = model.performer(i);
          yield copyLine([p.id, p.name, p.type, p.genre]);
        }
      },
    },
    events: {
      table: 'events',
      statement:
        'copy events (id, name, description, type, starts_at, venue_id, on_sale_at, status, currency) from stdin',
      rows: sizes.events,
      *lines() {
        for (const i of range(sizes.events)) {
          const e = model.event(i);
          yield copyLine([
            e.id,
            e.name,
            e.description,
            e.type,
            e.startsAt.toISOString(),
            e.venue.id,
            e.onSaleAt.toISOString(),
            e.status,
            SCALE_CURRENCY,
          ]);
        }
      },
    },
    event_price_tiers: {
      table: 'event_price_tiers',
      statement: 'copy event_price_tiers (event_id, code, name, price_amount, currency) from stdin',
      rows: sizes.events * tiersPerEvent,
      *lines() {
        for (const i of range(sizes.events)) {
          const e = model.event(i);
          for (const [t, code] of tierCodes.entries()) {
            yield copyLine([e.id, code, e.venue.layout.tierNames[code], e.prices[t] ?? 0, SCALE_CURRENCY]);
          }
        }
      },
    },
    event_performers: {
      table: 'event_performers',
      statement: 'copy event_performers (event_id, performer_id, billing_order) from stdin',
      // One to three per event (1.75 on average); only the progress total uses this estimate.
      rows: Math.round(sizes.events * 1.75),
      *lines() {
        for (const i of range(sizes.events)) {
          const e = model.event(i);
          for (const [order, performerId] of e.performerIds.entries())
            yield copyLine([e.id, performerId, order]);
        }
      },
    },
  };
}

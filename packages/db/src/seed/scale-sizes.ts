import { type LayoutKind, venueLayouts } from './venue-layouts';

export interface ScaleSizes {
  venues: number;
  performers: number;
  events: number;
  /** Regular events that get one ticket per seat of a 1,000-seat hall; the other events have none. */
  ticketedEvents: number;
  /** One hot event (and its own venue) per entry, e.g. an arena and a stadium on-sale. */
  hotLayouts: readonly LayoutKind[];
}

/** The benchmark set: 1,440 x 1,000 + 10,000 + 50,000 = 1,500,000 tickets. */
export const fullScaleSizes: ScaleSizes = {
  venues: 10_000,
  performers: 50_000,
  events: 150_000,
  ticketedEvents: 1_440,
  hotLayouts: ['arena', 'stadium'],
};

export const ticketTotal = (sizes: ScaleSizes): number =>
  sizes.ticketedEvents * venueLayouts.hall.seats +
  sizes.hotLayouts.reduce((sum, kind) => sum + venueLayouts[kind].seats, 0);

export function checkSizes(sizes: ScaleSizes): void {
  const hot = sizes.hotLayouts.length;
  if (sizes.venues < hot + 4) throw new RangeError(`need at least ${hot + 4} venues`);
  if (sizes.performers < 20) throw new RangeError('need at least 20 performers');
  if (sizes.events < hot + sizes.ticketedEvents) throw new RangeError('more ticketed events than events');
}

import { newInventoryId } from '../ids';
import { type SeatingMap, seatingMapProblems } from './seating-map';

/** Everything needed to mint the tickets of one event: one available ticket per seat of the map. */
export interface TicketPlan {
  eventId: string;
  /** The event's shard (shardOfEvent); ticket ids are minted for it. */
  shard: number;
  map: SeatingMap;
  /** price_amount in minor units by tier code. */
  prices: Readonly<Record<string, number>>;
  currency: string;
}

// status, version and reservation_id keep their defaults: available, 0, null.
export const ticketColumns =
  'id, event_id, section, row_label, seat_number, seat_label, price_tier, price_amount, currency';

/** COPY text lines for the plan's tickets, generated lazily so a 50,000-seat event never sits in memory. */
export function* ticketLines(plan: TicketPlan): Generator<string> {
  const problems = seatingMapProblems(plan.map);
  if (problems.length) throw new Error(`seating map of event ${plan.eventId}: ${problems.join('; ')}`);
  for (const section of plan.map.sections) {
    const price = plan.prices[section.tier];
    if (price === undefined || !Number.isInteger(price) || price < 0) {
      throw new Error(`event ${plan.eventId} has no valid price for tier ${section.tier}`);
    }
    const tail = `\t${section.tier}\t${price}\t${plan.currency}\n`;
    for (const row of section.rows) {
      // Codes and labels are alphanumeric (checked above), so they need no COPY escaping.
      const head = `\t${plan.eventId}\t${section.code}\t${row.label}\t`;
      const labelHead = `${section.code}-${row.label}-`;
      for (let seat = 1; seat <= row.seats; seat++) {
        yield `${newInventoryId(plan.shard)}${head}${seat}\t${labelHead}${seat}${tail}`;
      }
    }
  }
}

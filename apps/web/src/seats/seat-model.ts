/**
 * The seat map's data: every ticket placed on the venue's canvas, and its live status. Geometry follows
 * venues.seating_map (packages/db seed/seating-map.ts): seat n of row r of a section sits at
 * ((offset + n - 0.5) * seatPitch, (r + 0.5) * rowPitch) in the section's own frame, which is
 * translated to (x, y) and rotated by `rotation` degrees.
 */
export type SeatStatus = 'available' | 'reserved' | 'sold';

export interface SeatingSection {
  code: string;
  name: string;
  tier: string;
  x: number;
  y: number;
  rotation: number;
  seatPitch: number;
  rowPitch: number;
  rows: { label: string; seats: number; offset?: number }[];
}

export interface SeatingMap {
  width: number;
  height: number;
  stage?:
    | { label: string; x: number; y: number; width: number; height: number; shape: 'rect' | 'ellipse' }
    | undefined;
  sections: SeatingSection[];
}

export interface TicketRow {
  ticketID: string;
  seatNumber: string;
  section: string;
  row: string;
  price: number;
}

export interface Seat {
  ticketID: string;
  /** "A-12-7" */
  label: string;
  section: string;
  row: string;
  number: number;
  price: number;
  tier: string;
  x: number;
  y: number;
  r: number;
}

export interface SeatLayout {
  seats: Seat[];
  /** ticketID -> index in `seats` (and in every status array). */
  indexOf: Map<string, number>;
  /** Sections that hold at least one ticket, in map order. */
  sections: SeatingSection[];
}

/** The seat number is the last part of the label ("A-12-7" -> 7). */
const seatNumberOf = (label: string): number => Number(label.slice(label.lastIndexOf('-') + 1)) || 1;

export function layoutSeats(map: SeatingMap, tickets: readonly TicketRow[]): SeatLayout {
  const sections = new Map(map.sections.map((section) => [section.code, section]));
  const rowIndex = new Map(
    map.sections.map((section) => [section.code, new Map(section.rows.map((row, i) => [row.label, i]))]),
  );
  const used = new Set<string>();
  const seats = tickets.map((ticket, i): Seat => {
    const section = sections.get(ticket.section);
    const number = seatNumberOf(ticket.seatNumber);
    const base = {
      ticketID: ticket.ticketID,
      label: ticket.seatNumber,
      section: ticket.section,
      row: ticket.row,
      number,
      price: ticket.price,
    };
    if (!section) {
      // A ticket the map does not know: line it up below the map rather than lose it.
      return {
        ...base,
        tier: '',
        x: 10 + (i % 100) * 9.8,
        y: map.height + 10 + Math.floor(i / 100) * 10,
        r: 3.5,
      };
    }
    used.add(section.code);
    const r = rowIndex.get(section.code)?.get(ticket.row) ?? 0;
    const offset = section.rows[r]?.offset ?? 0;
    const localX = (offset + number - 0.5) * section.seatPitch;
    const localY = (r + 0.5) * section.rowPitch;
    const angle = (section.rotation * Math.PI) / 180;
    return {
      ...base,
      tier: section.tier,
      x: section.x + localX * Math.cos(angle) - localY * Math.sin(angle),
      y: section.y + localX * Math.sin(angle) + localY * Math.cos(angle),
      r: 0.4 * Math.min(section.seatPitch, section.rowPitch),
    };
  });
  return {
    seats,
    indexOf: new Map(seats.map((seat, i) => [seat.ticketID, i])),
    sections: map.sections.filter((section) => used.has(section.code)),
  };
}

const byLetter: Record<string, SeatStatus> = { A: 'available', R: 'reserved', S: 'sold' };
const byBits: readonly SeatStatus[] = ['available', 'reserved', 'sold'];

/** catalog.availability statuses, rle ("A120R2S4") or bitmap (base64, 2 bits a seat, MSB first). */
export function decodeStatuses(encoding: 'rle' | 'bitmap', encoded: string, count: number): SeatStatus[] {
  const statuses: SeatStatus[] = [];
  if (encoding === 'rle') {
    for (const [, letter, run] of encoded.matchAll(/([ARS])(\d+)/g)) {
      const status = byLetter[letter as string] ?? 'available';
      for (let n = Number(run); n > 0; n--) statuses.push(status);
    }
    return statuses;
  }
  const bytes = atob(encoded);
  for (let i = 0; i < count; i++) {
    statuses.push(byBits[(bytes.charCodeAt(i >> 2) >> (6 - 2 * (i & 3))) & 3] ?? 'available');
  }
  return statuses;
}

export interface SeatChange {
  ticketID: string;
  status: SeatStatus;
}

/** A new status array with the changes applied; unknown tickets (another event's) are ignored. */
export function applyChanges(
  statuses: readonly SeatStatus[],
  indexOf: Map<string, number>,
  changes: readonly SeatChange[],
): SeatStatus[] {
  const next = statuses.slice();
  for (const change of changes) {
    const index = indexOf.get(change.ticketID);
    if (index !== undefined) next[index] = change.status;
  }
  return next;
}

export interface TierColour {
  fill: string;
  label: string;
}

// Distinct, colour-blind-friendly hues (Okabe-Ito order), readable on the dark map.
const palette = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#CC79A7', '#D55E00', '#0072B2', '#9AD0C2'];

/** One colour per price tier, most expensive first (the order catalog.event lists tiers in). */
export function tierColours(tiers: readonly { code: string }[]): Map<string, string> {
  return new Map(tiers.map((tier, i) => [tier.code, palette[i % palette.length] as string]));
}

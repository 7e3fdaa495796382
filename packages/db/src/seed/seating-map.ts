/**
 * The shape of `venues.seating_map` (jsonb). One map per venue; every ticket of an event at the venue
 * names one seat of it through `tickets.section` (= section `code`), `tickets.row_label` (= row `label`)
 * and `tickets.seat_number` (1-based, left to right in the section's own frame).
 *
 * ```json
 * {
 *   "version": 1,
 *   "width": 1000,
 *   "height": 1000,
 *   "stage": { "label": "Stage", "x": 350, "y": 40, "width": 300, "height": 90, "shape": "rect" },
 *   "sections": [
 *     {
 *       "code": "A", "name": "Floor A", "tier": "P1",
 *       "x": 120, "y": 200, "rotation": 0, "seatPitch": 6, "rowPitch": 7,
 *       "rows": [ { "label": "1", "seats": 20 }, { "label": "2", "seats": 22, "offset": -1 } ]
 *     }
 *   ]
 * }
 * ```
 *
 * Geometry lives on an abstract `width` x `height` canvas (always 1000 x 1000), y pointing down as in
 * SVG. A section is drawn in its own frame: `<g transform="translate(x y) rotate(rotation)">`, where
 * (x, y) is the section's top-left corner and `rotation` is in degrees, clockwise. Inside that frame the
 * centre of seat n of the row at index r (0-based position in `rows`) is
 *
 *   ((offset + n - 0.5) * seatPitch, (r + 0.5) * rowPitch)
 *
 * so a seat is a circle of diameter about 0.8 * min(seatPitch, rowPitch). `offset` (in seat pitches,
 * default 0) shifts a row sideways, e.g. to centre a shorter front row. `seatPosition` below does the
 * same arithmetic for clients that want absolute coordinates. `tier` is the code of the event's
 * `event_price_tiers` row that prices every seat of the section. `stage` is optional decoration: the
 * stage, court or field the seats face.
 */
export interface SeatingMap {
  version: 1;
  width: number;
  height: number;
  stage?: SeatingStage;
  sections: SeatingSection[];
}

export interface SeatingStage {
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
  shape: 'rect' | 'ellipse';
}

export interface SeatingSection {
  /** Matches `tickets.section`; unique within the map. */
  code: string;
  name: string;
  /** Matches `event_price_tiers.code` and `tickets.price_tier`. */
  tier: string;
  x: number;
  y: number;
  rotation: number;
  seatPitch: number;
  rowPitch: number;
  rows: SeatingRow[];
}

export interface SeatingRow {
  /** Matches `tickets.row_label`; unique within its section. */
  label: string;
  seats: number;
  offset?: number;
}

export interface Seat {
  section: SeatingSection;
  row: SeatingRow;
  rowIndex: number;
  seatNumber: number;
  label: string;
}

/** "A-12-7": section, row and seat; unique per event because it is unique per map. */
export const seatLabel = (section: string, row: string, seat: number): string => `${section}-${row}-${seat}`;

export function seatCount(map: SeatingMap): number {
  let total = 0;
  for (const section of map.sections) for (const row of section.rows) total += row.seats;
  return total;
}

export function* seatsOf(map: SeatingMap): Generator<Seat> {
  for (const section of map.sections) {
    for (const [rowIndex, row] of section.rows.entries()) {
      for (let seatNumber = 1; seatNumber <= row.seats; seatNumber++) {
        yield { section, row, rowIndex, seatNumber, label: seatLabel(section.code, row.label, seatNumber) };
      }
    }
  }
}

/** Absolute centre of a seat on the canvas. */
export function seatPosition(
  section: SeatingSection,
  rowIndex: number,
  seatNumber: number,
): { x: number; y: number } {
  const row = section.rows[rowIndex];
  const localX = ((row?.offset ?? 0) + seatNumber - 0.5) * section.seatPitch;
  const localY = (rowIndex + 0.5) * section.rowPitch;
  const angle = (section.rotation * Math.PI) / 180;
  return {
    x: section.x + localX * Math.cos(angle) - localY * Math.sin(angle),
    y: section.y + localX * Math.sin(angle) + localY * Math.cos(angle),
  };
}

// Section codes and row labels go unescaped into COPY text and into seat labels that use '-' as separator.
const SAFE_NAME = /^[A-Za-z0-9]+$/;

/** Problems that would make the map unusable for tickets; empty when the map is sound. */
export function seatingMapProblems(map: SeatingMap): string[] {
  const problems: string[] = [];
  const codes = new Set<string>();
  for (const section of map.sections) {
    if (!SAFE_NAME.test(section.code)) problems.push(`section code "${section.code}" is not alphanumeric`);
    if (codes.has(section.code)) problems.push(`section code "${section.code}" repeats`);
    codes.add(section.code);
    const labels = new Set<string>();
    for (const row of section.rows) {
      if (!SAFE_NAME.test(row.label)) problems.push(`row "${section.code}/${row.label}" is not alphanumeric`);
      if (labels.has(row.label)) problems.push(`row "${section.code}/${row.label}" repeats`);
      if (!Number.isInteger(row.seats) || row.seats < 1)
        problems.push(`row "${section.code}/${row.label}" has no seats`);
      labels.add(row.label);
    }
  }
  return problems;
}

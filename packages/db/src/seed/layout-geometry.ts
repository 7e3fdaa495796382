import type { SeatingRow, SeatingSection } from './seating-map';

export const round2 = (value: number): number => Math.round(value * 100) / 100;

/** "A".."Z", then "AA".."ZZ": the lettering theatres use for rows. */
export function rowLetter(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return letter.repeat(Math.floor(index / 26) + 1);
}

export function uniformRows(count: number, seats: number, label: (index: number) => string): SeatingRow[] {
  return Array.from({ length: count }, (_, index) => ({ label: label(index), seats }));
}

export const numberedRow = (index: number): string => String(index + 1);

/** A rectangular, unrotated block of identical rows. */
export function block(
  fields: Pick<SeatingSection, 'code' | 'name' | 'tier' | 'x' | 'y' | 'seatPitch' | 'rowPitch'> & {
    rotation?: number;
  },
  rows: SeatingRow[],
): SeatingSection {
  return { rotation: 0, ...fields, rows };
}

export interface RingSpec {
  /** Section code of the first section; the rest count up from it ("101", "102", ...). */
  firstCode: number;
  sections: number;
  rowsPerSection: number;
  seatsPerRow: number;
  centerX: number;
  centerY: number;
  innerRadius: number;
  rowPitch: number;
  /** Degrees, clockwise from the +x axis; a full ring is 0..360. */
  fromDegrees: number;
  toDegrees: number;
  tier: (angleRadians: number, index: number) => string;
}

/**
 * Sections on an arc around a stage, each rotated so that row 1 faces the centre. The seat pitch is
 * chosen so that a row spans 90% of its share of the inner arc, leaving aisles between sections.
 */
export function ring(spec: RingSpec): SeatingSection[] {
  const span = ((spec.toDegrees - spec.fromDegrees) * Math.PI) / 180;
  const step = span / spec.sections;
  const seatPitch = round2((0.9 * spec.innerRadius * step) / spec.seatsPerRow);
  const width = seatPitch * spec.seatsPerRow;
  return Array.from({ length: spec.sections }, (_, index) => {
    const theta = (spec.fromDegrees * Math.PI) / 180 + (index + 0.5) * step;
    // Local +y (row direction) points away from the centre, local +x runs along the arc.
    const innerX = spec.centerX + spec.innerRadius * Math.cos(theta);
    const innerY = spec.centerY + spec.innerRadius * Math.sin(theta);
    const code = String(spec.firstCode + index);
    return {
      code,
      name: `Section ${code}`,
      tier: spec.tier(theta, index),
      x: round2(innerX - (width / 2) * Math.sin(theta)),
      y: round2(innerY + (width / 2) * Math.cos(theta)),
      rotation: round2((theta * 180) / Math.PI - 90),
      seatPitch,
      rowPitch: spec.rowPitch,
      rows: uniformRows(spec.rowsPerSection, spec.seatsPerRow, numberedRow),
    };
  });
}

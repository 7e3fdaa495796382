/**
 * Compact seat availability for big venues: per-section counts plus every seat's status in seat order
 * (the order of an event page's tickets), in one of two encodings. A 50,000-seat stadium is ~12 KB as
 * a bitmap (base64 ~17 KB); run-length is smaller while seats still sell in blocks.
 *
 *   rle     "A120R2A30S4": runs of one status, a letter (A available, R reserved, S sold) and a count.
 *   bitmap  base64 of 2 bits per seat, first seat in the two most significant bits of the first byte:
 *           00 available, 01 reserved, 10 sold; the last byte is padded with zeros.
 */
export type SeatStatus = 'available' | 'reserved' | 'sold';
export type AvailabilityEncoding = 'rle' | 'bitmap';

export interface SectionAvailability {
  section: string;
  available: number;
  reserved: number;
  sold: number;
}

const letters: Record<SeatStatus, string> = { available: 'A', reserved: 'R', sold: 'S' };
const byLetter: Record<string, SeatStatus> = { A: 'available', R: 'reserved', S: 'sold' };
const bits: Record<SeatStatus, number> = { available: 0, reserved: 1, sold: 2 };
const byBits: readonly SeatStatus[] = ['available', 'reserved', 'sold'];

export function toRunLength(statuses: readonly SeatStatus[]): string {
  let out = '';
  for (let i = 0; i < statuses.length; ) {
    const status = statuses[i] as SeatStatus;
    let j = i + 1;
    while (j < statuses.length && statuses[j] === status) j++;
    out += `${letters[status]}${j - i}`;
    i = j;
  }
  return out;
}

export function fromRunLength(encoded: string): SeatStatus[] {
  const statuses: SeatStatus[] = [];
  for (const [, letter, count] of encoded.matchAll(/([ARS])(\d+)/g)) {
    const status = byLetter[letter as string] as SeatStatus;
    for (let n = Number(count); n > 0; n--) statuses.push(status);
  }
  return statuses;
}

export function toBitmap(statuses: readonly SeatStatus[]): string {
  const bytes = new Uint8Array(Math.ceil(statuses.length / 4));
  statuses.forEach((status, i) => {
    bytes[i >> 2] = (bytes[i >> 2] ?? 0) | (bits[status] << (6 - 2 * (i & 3)));
  });
  return Buffer.from(bytes).toString('base64');
}

export function fromBitmap(encoded: string, count: number): SeatStatus[] {
  const bytes = Buffer.from(encoded, 'base64');
  return Array.from(
    { length: count },
    (_, i) => byBits[((bytes[i >> 2] ?? 0) >> (6 - 2 * (i & 3))) & 3] ?? 'available',
  );
}

export function encodeStatuses(statuses: readonly SeatStatus[], encoding: AvailabilityEncoding): string {
  return encoding === 'rle' ? toRunLength(statuses) : toBitmap(statuses);
}

/** Counts per section, sections in order of first appearance. */
export function sectionCounts(
  sections: readonly string[],
  statuses: readonly SeatStatus[],
): SectionAvailability[] {
  const bySection = new Map<string, SectionAvailability>();
  sections.forEach((section, i) => {
    let counts = bySection.get(section);
    if (!counts) {
      counts = { section, available: 0, reserved: 0, sold: 0 };
      bySection.set(section, counts);
    }
    counts[statuses[i] ?? 'available']++;
  });
  return [...bySection.values()];
}

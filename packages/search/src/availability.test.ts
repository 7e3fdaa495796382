import { describe, expect, it } from 'vitest';
import {
  fromBitmap,
  fromRunLength,
  type SeatStatus,
  sectionCounts,
  toBitmap,
  toRunLength,
} from './availability';

const random = (n: number, seed = 1): SeatStatus[] => {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return (['available', 'reserved', 'sold'] as const)[x % 3] as SeatStatus;
  });
};

describe('availability encodings', () => {
  it('run-length encodes runs and decodes them back', () => {
    const statuses: SeatStatus[] = [
      'available',
      'available',
      'reserved',
      'sold',
      'sold',
      'sold',
      'available',
    ];
    expect(toRunLength(statuses)).toBe('A2R1S3A1');
    expect(fromRunLength('A2R1S3A1')).toEqual(statuses);
    expect(toRunLength([])).toBe('');
  });

  it('round-trips both encodings for any length', () => {
    for (const n of [0, 1, 3, 4, 5, 999, 50_000]) {
      const statuses = random(n, n + 1);
      expect(fromRunLength(toRunLength(statuses))).toEqual(statuses);
      expect(fromBitmap(toBitmap(statuses), n)).toEqual(statuses);
    }
  });

  it('ships a 50,000-seat stadium in kilobytes', () => {
    const stadium: SeatStatus[] = Array.from({ length: 50_000 }, (_, i) =>
      i < 20_000 ? 'sold' : i % 97 === 0 ? 'reserved' : 'available',
    );
    expect(toBitmap(stadium).length).toBeLessThan(17_000);
    expect(toRunLength(stadium).length).toBeLessThan(4_000);
    expect(toBitmap(random(50_000)).length).toBeLessThan(17_000);
  });

  it('packs the first seat into the top bits', () => {
    expect(toBitmap(['sold', 'reserved', 'available', 'sold', 'reserved'])).toBe(
      Buffer.from([0b10010010, 0b01000000]).toString('base64'),
    );
  });

  it('counts seats per section in order of appearance', () => {
    expect(sectionCounts(['B', 'B', 'A', 'B'], ['sold', 'available', 'reserved', 'available'])).toEqual([
      { section: 'B', available: 2, reserved: 0, sold: 1 },
      { section: 'A', available: 0, reserved: 1, sold: 0 },
    ]);
  });
});

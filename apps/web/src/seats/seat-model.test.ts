import { describe, expect, it } from 'vitest';
import { applyChanges, decodeStatuses, layoutSeats, type SeatingMap } from './seat-model';

const map: SeatingMap = {
  width: 1000,
  height: 1000,
  sections: [
    {
      code: 'A',
      name: 'Floor',
      tier: 'P1',
      x: 100,
      y: 200,
      rotation: 0,
      seatPitch: 10,
      rowPitch: 12,
      rows: [
        { label: '1', seats: 2 },
        { label: '2', seats: 2, offset: 1 },
      ],
    },
    {
      code: 'B',
      name: 'Side',
      tier: 'P2',
      x: 500,
      y: 500,
      rotation: 90,
      seatPitch: 10,
      rowPitch: 10,
      rows: [{ label: '1', seats: 1 }],
    },
  ],
};

const ticket = (ticketID: string, seatNumber: string) => {
  const [section = '', row = ''] = seatNumber.split('-');
  return { ticketID, seatNumber, section, row, price: 100 };
};

describe('layoutSeats', () => {
  it('places seats as the seating map describes, rotation included', () => {
    const layout = layoutSeats(map, [ticket('t1', 'A-1-1'), ticket('t2', 'A-2-2'), ticket('t3', 'B-1-1')]);
    const [a11, a22, b11] = layout.seats;
    expect(a11).toMatchObject({ x: 105, y: 206, tier: 'P1', number: 1 });
    // Row 2 is shifted one seat pitch right: (1 + 2 - 0.5) * 10 = 25.
    expect(a22).toMatchObject({ x: 125, y: 218 });
    // Rotated 90° clockwise: local (5, 5) -> (-5, 5).
    expect(b11?.x).toBeCloseTo(495);
    expect(b11?.y).toBeCloseTo(505);
    expect(layout.indexOf.get('t3')).toBe(2);
    expect(layout.sections.map((s) => s.code)).toEqual(['A', 'B']);
  });

  it('keeps a ticket the map does not know, below the map', () => {
    const layout = layoutSeats(map, [ticket('t9', 'Z-1-1')]);
    expect(layout.seats[0]?.y).toBeGreaterThan(map.height);
  });
});

describe('decodeStatuses', () => {
  it('reads run-length statuses', () => {
    expect(decodeStatuses('rle', 'A2R1S2', 5)).toEqual([
      'available',
      'available',
      'reserved',
      'sold',
      'sold',
    ]);
  });

  it('reads a bitmap, two bits a seat, first seat in the top bits', () => {
    // 00 01 10 00 = 0x18, then 10 (sold) padded: 0x80.
    const encoded = btoa(String.fromCharCode(0x18, 0x80));
    expect(decodeStatuses('bitmap', encoded, 5)).toEqual([
      'available',
      'reserved',
      'sold',
      'available',
      'sold',
    ]);
  });
});

describe('applyChanges', () => {
  it('updates known seats and leaves the input alone', () => {
    const before = ['available', 'available'] as const;
    const after = applyChanges(
      before,
      new Map([
        ['a', 0],
        ['b', 1],
      ]),
      [
        { ticketID: 'b', status: 'sold' },
        { ticketID: 'zzz', status: 'reserved' },
      ],
    );
    expect(after).toEqual(['available', 'sold']);
    expect(before).toEqual(['available', 'available']);
  });
});

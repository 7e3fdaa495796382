import { describe, expect, it } from 'vitest';
import { seatingMapProblems, seatPosition, seatsOf } from './seating-map';
import { tierCodes, venueLayouts } from './venue-layouts';

describe('venue layouts', () => {
  it('have the advertised sizes', () => {
    expect(venueLayouts.club.seats).toBe(200);
    expect(venueLayouts.hall.seats).toBe(1_000);
    expect(venueLayouts.theater.seats).toBe(1_500);
    expect(venueLayouts.amphitheater.seats).toBe(5_000);
    expect(venueLayouts.arena.seats).toBe(10_000);
    expect(venueLayouts.stadium.seats).toBe(50_000);
  });

  for (const layout of Object.values(venueLayouts)) {
    it(`${layout.kind}: every seat has a unique label, a known tier and a place on the canvas`, () => {
      expect(seatingMapProblems(layout.map)).toEqual([]);
      const labels = new Set<string>();
      const misplaced: string[] = [];
      for (const seat of seatsOf(layout.map)) {
        labels.add(seat.label);
        const { x, y } = seatPosition(seat.section, seat.rowIndex, seat.seatNumber);
        const onCanvas = x >= 0 && x <= layout.map.width && y >= 0 && y <= layout.map.height;
        if (!onCanvas || !(tierCodes as readonly string[]).includes(seat.section.tier))
          misplaced.push(seat.label);
      }
      expect(misplaced).toEqual([]);
      expect(labels.size).toBe(layout.seats);
    });
  }

  it('places a seat by the documented formula', () => {
    const section = {
      code: 'A',
      name: 'A',
      tier: 'P1',
      x: 100,
      y: 200,
      rotation: 90,
      seatPitch: 10,
      rowPitch: 20,
      rows: [{ label: '1', seats: 3 }],
    };
    // Local (25, 10) rotated a quarter turn clockwise is (-10, 25).
    const position = seatPosition(section, 0, 3);
    expect(position.x).toBeCloseTo(90);
    expect(position.y).toBeCloseTo(225);
  });
});

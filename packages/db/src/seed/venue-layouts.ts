import { block, numberedRow, ring, rowLetter, uniformRows } from './layout-geometry';
import { type SeatingMap, type SeatingSection, seatCount } from './seating-map';

/** Every layout prices its seats in three tiers, most expensive first. */
export const tierCodes = ['P1', 'P2', 'P3'] as const;
export type TierCode = (typeof tierCodes)[number];

export type LayoutKind = 'club' | 'theater' | 'hall' | 'amphitheater' | 'arena' | 'stadium';

export interface VenueLayout {
  kind: LayoutKind;
  map: SeatingMap;
  /** Default display names of the tiers; an event may rename them in its price tiers. */
  tierNames: Record<TierCode, string>;
  seats: number;
}

function layout(
  kind: LayoutKind,
  map: Omit<SeatingMap, 'version' | 'width' | 'height'>,
  tierNames: VenueLayout['tierNames'],
) {
  const full: SeatingMap = { version: 1, width: 1000, height: 1000, ...map };
  return { kind, map: full, tierNames, seats: seatCount(full) };
}

const lettered = (count: number, seats: number) => uniformRows(count, seats, rowLetter);
const numbered = (count: number, seats: number) => uniformRows(count, seats, numberedRow);

// 200 seats: two VIP rows at the stage, the floor, a small balcony.
const club = layout(
  'club',
  {
    stage: { label: 'Stage', x: 350, y: 60, width: 300, height: 80, shape: 'rect' },
    sections: [
      block(
        { code: 'VIP', name: 'VIP Front', tier: 'P1', x: 340, y: 200, seatPitch: 20, rowPitch: 22 },
        lettered(2, 16),
      ),
      block(
        { code: 'FLR', name: 'Floor', tier: 'P2', x: 340, y: 260, seatPitch: 20, rowPitch: 22 },
        lettered(8, 16),
      ),
      block(
        { code: 'BAL', name: 'Balcony', tier: 'P3', x: 300, y: 520, seatPitch: 20, rowPitch: 24 },
        lettered(2, 20),
      ),
    ],
  },
  { P1: 'VIP', P2: 'Floor', P3: 'Balcony' },
);

// 1,500 seats: orchestra in three blocks, mezzanine, balcony.
const theater = layout(
  'theater',
  {
    stage: { label: 'Stage', x: 300, y: 50, width: 400, height: 80, shape: 'rect' },
    sections: [
      block(
        { code: 'ORL', name: 'Orchestra Left', tier: 'P2', x: 230, y: 180, seatPitch: 10, rowPitch: 12 },
        lettered(20, 12),
      ),
      block(
        { code: 'ORC', name: 'Orchestra Center', tier: 'P1', x: 370, y: 180, seatPitch: 10, rowPitch: 12 },
        lettered(20, 24),
      ),
      block(
        { code: 'ORR', name: 'Orchestra Right', tier: 'P2', x: 630, y: 180, seatPitch: 10, rowPitch: 12 },
        lettered(20, 12),
      ),
      block(
        { code: 'MEZ', name: 'Mezzanine', tier: 'P2', x: 290, y: 460, seatPitch: 14, rowPitch: 12 },
        lettered(10, 30),
      ),
      block(
        { code: 'BAL', name: 'Balcony', tier: 'P3', x: 260, y: 620, seatPitch: 16, rowPitch: 13 },
        lettered(8, 30),
      ),
    ],
  },
  { P1: 'Premium Orchestra', P2: 'Orchestra & Mezzanine', P3: 'Balcony' },
);

// 1,000 seats: the regular venue of the scale set.
const hall = layout(
  'hall',
  {
    stage: { label: 'Stage', x: 300, y: 60, width: 400, height: 80, shape: 'rect' },
    sections: [
      block(
        { code: 'FLL', name: 'Floor Left', tier: 'P2', x: 170, y: 190, seatPitch: 12, rowPitch: 14 },
        lettered(20, 10),
      ),
      block(
        { code: 'FLC', name: 'Floor Center', tier: 'P1', x: 350, y: 190, seatPitch: 12, rowPitch: 14 },
        lettered(20, 25),
      ),
      block(
        { code: 'FLR', name: 'Floor Right', tier: 'P2', x: 710, y: 190, seatPitch: 12, rowPitch: 14 },
        lettered(20, 10),
      ),
      block(
        { code: 'BAL', name: 'Balcony', tier: 'P3', x: 300, y: 540, seatPitch: 16, rowPitch: 16 },
        lettered(4, 25),
      ),
    ],
  },
  { P1: 'Floor Center', P2: 'Floor Sides', P3: 'Balcony' },
);

// 5,000 seats: two fans of sections facing a stage at the top.
const amphitheater = layout(
  'amphitheater',
  {
    stage: { label: 'Stage', x: 380, y: 40, width: 240, height: 80, shape: 'rect' },
    sections: [
      ...ring({
        firstCode: 101,
        sections: 8,
        rowsPerSection: 20,
        seatsPerRow: 15,
        centerX: 500,
        centerY: 120,
        innerRadius: 220,
        rowPitch: 4,
        fromDegrees: 20,
        toDegrees: 160,
        tier: () => 'P1',
      }),
      ...ring({
        firstCode: 201,
        sections: 10,
        rowsPerSection: 20,
        seatsPerRow: 13,
        centerX: 500,
        centerY: 120,
        innerRadius: 330,
        rowPitch: 5.6,
        fromDegrees: 15,
        toDegrees: 165,
        tier: (_, index) => (index >= 2 && index <= 7 ? 'P2' : 'P3'),
      }),
    ],
  },
  { P1: 'Lower Bowl', P2: 'Upper Center', P3: 'Upper Sides' },
);

function floorBlocks(): SeatingSection[] {
  const at = [
    ['A', 370, 345],
    ['B', 505, 345],
    ['C', 370, 455],
    ['D', 505, 455],
  ] as const;
  return at.map(([code, x, y]) =>
    block({ code, name: `Floor ${code}`, tier: 'P1', x, y, seatPitch: 5, rowPitch: 5 }, numbered(20, 25)),
  );
}

// Exactly 10,000 seats: four floor blocks, a lower and an upper ring all around.
const arena = layout(
  'arena',
  {
    stage: { label: 'Stage', x: 400, y: 262, width: 200, height: 60, shape: 'rect' },
    sections: [
      ...floorBlocks(),
      ...ring({
        firstCode: 101,
        sections: 16,
        rowsPerSection: 20,
        seatsPerRow: 15,
        centerX: 500,
        centerY: 500,
        innerRadius: 260,
        rowPitch: 6,
        fromDegrees: -90,
        toDegrees: 270,
        tier: () => 'P2',
      }),
      ...ring({
        firstCode: 201,
        sections: 16,
        rowsPerSection: 10,
        seatsPerRow: 20,
        centerX: 500,
        centerY: 500,
        innerRadius: 400,
        rowPitch: 7,
        fromDegrees: -90,
        toDegrees: 270,
        tier: () => 'P3',
      }),
    ],
  },
  { P1: 'Floor', P2: 'Lower Bowl', P3: 'Upper Bowl' },
);

// Exactly 50,000 seats around a field: the sidelines of the lower ring are the best seats.
const stadium = layout(
  'stadium',
  {
    stage: { label: 'Field', x: 330, y: 400, width: 340, height: 200, shape: 'rect' },
    sections: [
      ...ring({
        firstCode: 101,
        sections: 24,
        rowsPerSection: 25,
        seatsPerRow: 30,
        centerX: 500,
        centerY: 500,
        innerRadius: 300,
        rowPitch: 2.4,
        fromDegrees: 0,
        toDegrees: 360,
        tier: (theta) => (Math.abs(Math.sin(theta)) > 0.5 ? 'P1' : 'P2'),
      }),
      ...ring({
        firstCode: 301,
        sections: 32,
        rowsPerSection: 25,
        seatsPerRow: 40,
        centerX: 500,
        centerY: 500,
        innerRadius: 380,
        rowPitch: 1.8,
        fromDegrees: 0,
        toDegrees: 360,
        tier: () => 'P3',
      }),
    ],
  },
  { P1: 'Lower Sideline', P2: 'Lower End Zone', P3: 'Upper Deck' },
);

export const venueLayouts: Record<LayoutKind, VenueLayout> = {
  club,
  theater,
  hall,
  amphitheater,
  arena,
  stadium,
};

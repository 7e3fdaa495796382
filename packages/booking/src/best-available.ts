/** A seat as best-available sees it. */
export interface SeatCandidate {
  id: string;
  section: string;
  rowLabel: string;
  seatNumber: number;
  available: boolean;
}

/**
 * Pick `quantity` adjacent available seats in one row, front rows first, never leaving a single
 * seat stranded between taken ones (an orphan nobody can buy as part of a pair).
 * Returns null when no such block exists; the fan can still choose seats by hand.
 */
export function pickBestAvailable(seats: readonly SeatCandidate[], quantity: number, section?: string): string[] | null {
  const rows = new Map<string, SeatCandidate[]>();
  for (const seat of seats) {
    if (section && seat.section !== section) continue;
    const key = `${seat.section}\u0000${seat.rowLabel}`;
    const row = rows.get(key);
    if (row) row.push(seat);
    else rows.set(key, [seat]);
  }
  const rowOrder = [...rows.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  for (const [, row] of rowOrder) {
    row.sort((a, b) => a.seatNumber - b.seatNumber);
    const pick = pickInRow(row, quantity);
    if (pick) return pick;
  }
  return null;
}

function pickInRow(row: readonly SeatCandidate[], quantity: number): string[] | null {
  let runStart = 0;
  for (let i = 0; i <= row.length; i++) {
    const seat = row[i];
    const previous = row[i - 1];
    const continues = seat?.available && previous?.available && seat.seatNumber === previous.seatNumber + 1;
    if (i > runStart && !continues) {
      const pick = pickInRun(row.slice(runStart, i), quantity);
      if (pick) return pick;
    }
    if (!continues) runStart = seat?.available ? i : i + 1;
  }
  return null;
}

function pickInRun(run: readonly SeatCandidate[], quantity: number): string[] | null {
  if (run.length < quantity || !run[0]?.available) return null;
  // Packing against either end leaves the rest of the run whole; only then try the middle.
  const starts = [0, run.length - quantity, ...Array.from({ length: run.length - quantity + 1 }, (_, i) => i)];
  for (const start of starts) {
    const left = start;
    const right = run.length - (start + quantity);
    if (left !== 1 && right !== 1) return run.slice(start, start + quantity).map((seat) => seat.id);
  }
  return null;
}

import { describe, expect, it } from 'vitest';
import { pickBestAvailable, type SeatCandidate } from './best-available';

/** Build a row from a pattern: '.' available, 'x' taken. Ids are `${row}${seat}`. */
function row(label: string, pattern: string, section = 'A'): SeatCandidate[] {
  return [...pattern].map((c, i) => ({ id: `${section === 'A' ? '' : section}${label}${i + 1}`, section, rowLabel: label, seatNumber: i + 1, available: c === '.' }));
}

describe('pickBestAvailable', () => {
  it('takes adjacent seats from the front row first', () => {
    expect(pickBestAvailable([...row('2', '......'), ...row('1', '......')], 2)).toEqual(['11', '12']);
  });

  it('never strands a single seat', () => {
    // Taking seats 2-3 or 3-4 of "x....x" would strand one; 2-5 is the run, 2 seats packed left leave 2.
    expect(pickBestAvailable(row('1', 'x....x'), 2)).toEqual(['12', '13']);
    // A run of three cannot give two without stranding one: go to the next row.
    expect(pickBestAvailable([...row('1', 'x...x'), ...row('2', '..')], 2)).toEqual(['21', '22']);
  });

  it('returns null when no block fits', () => {
    expect(pickBestAvailable(row('1', '.x.x.x'), 2)).toBeNull();
    expect(pickBestAvailable(row('1', '...'), 2)).toBeNull();
  });

  it('keeps to the requested section', () => {
    const seats = [...row('1', '....', 'A'), ...row('1', '....', 'B')];
    expect(pickBestAvailable(seats, 2, 'B')).toEqual(['B11', 'B12']);
  });

  it('handles rows with gaps in numbering as separate runs', () => {
    const seats: SeatCandidate[] = [1, 2, 5, 6, 7, 8].map((n) => ({ id: `s${n}`, section: 'A', rowLabel: '1', seatNumber: n, available: true }));
    expect(pickBestAvailable(seats, 2)).toEqual(['s1', 's2']);
    expect(pickBestAvailable(seats, 4)).toEqual(['s5', 's6', 's7', 's8']);
  });
});

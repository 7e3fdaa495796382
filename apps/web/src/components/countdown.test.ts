import { describe, expect, it } from 'vitest';
import { shouldAnnounce, warningAt } from './countdown';

describe('countdown announcements', () => {
  it('speaks at each minute and at 30 and 10 seconds, not every second', () => {
    expect(shouldAnnounce(121, 120)).toBe(false);
    expect(shouldAnnounce(120, 119)).toBe(true);
    expect(shouldAnnounce(45, 44)).toBe(false);
    expect(shouldAnnounce(31, 30)).toBe(true);
    expect(shouldAnnounce(11, 10)).toBe(true);
    expect(shouldAnnounce(1, 0)).toBe(false);
  });

  it('warns two minutes before the end, earlier in proportion for short holds', () => {
    expect(warningAt(900)).toBe(120);
    expect(warningAt(45)).toBe(15);
    expect(warningAt(6)).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';
import { bandBase, bandOf, bandOfScore, randomKeyLimit, randomOrderKey } from './score';

describe('queue scores', () => {
  it('order members before others, and the pre-queue before later arrivals within each', () => {
    const score = (member: boolean, prequeue: boolean, within: number) =>
      bandBase(bandOf(member, true, prequeue)) + within;
    const ordered = [
      score(true, true, randomKeyLimit),
      score(true, false, 1),
      score(false, true, 0),
      score(false, true, randomKeyLimit),
      score(false, false, 1),
    ];
    expect([...ordered].sort((a, b) => a - b)).toEqual(ordered);
    expect(ordered.map(bandOfScore)).toEqual([0, 1, 2, 2, 3]);
    expect(Number.isSafeInteger(score(false, false, 2 ** 48))).toBe(true);
  });

  it('ignore membership when member priority is off', () => {
    expect(bandOf(true, false, true)).toBe(bandOf(false, false, true));
    expect(bandOf(true, false, false)).toBe(bandOf(false, false, false));
  });

  it('draw pre-queue keys from the whole range', () => {
    const keys = Array.from({ length: 1000 }, randomOrderKey);
    expect(new Set(keys).size).toBe(1000);
    expect(keys.every((key) => Number.isInteger(key) && key >= 0 && key < randomKeyLimit)).toBe(true);
    expect(Math.max(...keys)).toBeGreaterThan(randomKeyLimit / 2);
  });
});

import { describe, expect, it } from 'vitest';
import { expiryProblem } from './card-checks';

describe('expiryProblem', () => {
  const now = new Date('2026-11-25T09:00:00Z');
  it('accepts this month and later', () => {
    expect(expiryProblem('11/26', now)).toBeNull();
    expect(expiryProblem('01 / 30', now)).toBeNull();
  });
  it('says what is wrong otherwise', () => {
    expect(expiryProblem('10/26', now)).toBe('This card has expired');
    expect(expiryProblem('13/30', now)).toBe('The month must be 01 to 12');
    expect(expiryProblem('1230', now)).toBe('Use MM / YY');
  });
});

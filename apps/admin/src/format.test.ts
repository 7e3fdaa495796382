import { describe, expect, it } from 'vitest';
import { formatMoney, fromLocalInput, percent, toLocalInput, toMajorUnits, toMinorUnits } from './format';

describe('money input', () => {
  it('turns typed major units into integer minor units, refusing what is not a price', () => {
    expect(toMinorUnits('89.5', 'USD')).toBe(8950);
    expect(toMinorUnits('89.50', 'USD')).toBe(8950);
    expect(toMinorUnits('0.07', 'USD')).toBe(7);
    expect(toMinorUnits('120', 'USD')).toBe(12_000);
    expect(toMinorUnits('1.005', 'USD')).toBeNull();
    expect(toMinorUnits('-1', 'USD')).toBeNull();
    expect(toMinorUnits('abc', 'USD')).toBeNull();
    expect(toMinorUnits('5000', 'JPY')).toBe(5000);
    expect(toMinorUnits('50.5', 'JPY')).toBeNull();
  });

  it('shows minor units back as major units and as money', () => {
    expect(toMajorUnits(8950, 'USD')).toBe('89.50');
    expect(toMajorUnits(5000, 'JPY')).toBe('5000');
    expect(formatMoney({ amount: 1_234_500, currency: 'USD' })).toBe('$12,345.00');
  });
});

describe('dates and ratios', () => {
  it('round-trips a datetime-local value through an ISO instant', () => {
    const iso = fromLocalInput('2026-12-24T20:30');
    expect(iso).not.toBeNull();
    expect(toLocalInput(iso as string)).toBe('2026-12-24T20:30');
    expect(fromLocalInput('')).toBeNull();
  });

  it('gives a percentage with one decimal, and 0 of nothing', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(0, 0)).toBe(0);
  });
});

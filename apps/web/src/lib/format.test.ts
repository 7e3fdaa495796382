import { describe, expect, it } from 'vitest';
import { formatClock, formatMoney, spokenDuration } from './format';

describe('format', () => {
  it('formats integer minor units in the currency', () => {
    expect(formatMoney(5000, 'USD')).toBe('$50.00');
    expect(formatMoney(1500, 'JPY')).toBe('¥1,500');
  });

  it('shows and speaks a countdown', () => {
    expect(formatClock(245)).toBe('4:05');
    expect(formatClock(-3)).toBe('0:00');
    expect(spokenDuration(245)).toBe('4 minutes 5 seconds');
    expect(spokenDuration(60)).toBe('1 minute');
    expect(spokenDuration(0)).toBe('0 seconds');
  });
});

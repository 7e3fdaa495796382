import { describe, expect, it } from 'vitest';
import { formatMoney, money, sumMoney } from './money';

describe('money', () => {
  it('accepts only integer minor units', () => {
    expect(money(8950, 'USD')).toEqual({ amount: 8950, currency: 'USD' });
    expect(() => money(89.5, 'USD')).toThrow(RangeError);
    expect(() => money(-1, 'USD')).toThrow(RangeError);
    expect(() => money(1, 'usd')).toThrow(RangeError);
  });

  it('adds only like currencies', () => {
    expect(sumMoney([money(100, 'EUR'), money(250, 'EUR')], 'EUR').amount).toBe(350);
    expect(() => sumMoney([money(100, 'USD')], 'EUR')).toThrow(RangeError);
  });

  it('formats using the currency exponent', () => {
    expect(formatMoney(money(8950, 'USD'))).toBe('$89.50');
    expect(formatMoney(money(1200, 'JPY'))).toBe('¥1,200');
  });
});

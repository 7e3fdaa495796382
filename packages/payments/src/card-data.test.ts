import { describe, expect, it } from 'vitest';
import { containsCardData, findCardData, looksLikeCardNumber, passesLuhn } from './card-data';

describe('containsCardData', () => {
  it('finds card fields by name at any depth, whatever the casing or separator', () => {
    expect(findCardData({ paymentDetails: { cardNumber: '4242' } })).toBe('paymentDetails.cardNumber');
    expect(findCardData({ card_number: 'x' })).toBe('card_number');
    expect(findCardData({ a: [{ b: { CVC: '123' } }] })).toBe('a.0.b.CVC');
    expect(findCardData({ card: { number: '1', exp_month: 12, exp_year: 2030 } })).toBe('card.number');
    for (const key of ['pan', 'cvv', 'expiry', 'exp-month', 'expYear', 'security_code']) {
      expect(containsCardData({ [key]: 'value' }), key).toBe(true);
    }
  });

  it('finds a Luhn-valid card number under any name, in strings and numbers', () => {
    expect(findCardData({ paymentDetails: { note: '4242 4242 4242 4242' } })).toBe('paymentDetails.note');
    expect(findCardData({ memo: '3782-822463-10005' })).toBe('memo');
    expect(findCardData({ x: 4242424242424242 })).toBe('x');
    expect(findCardData(['5555555555554444'])).toBe('0');
    expect(findCardData('4000000000000002')).toBe('(body)');
  });

  it('leaves ordinary bodies alone', () => {
    const body = {
      reservationID: '0f8a2c1e-7a44-4c3e-9a53-2f1d8d0b6f11',
      paymentDetails: { paymentMethodId: 'pm_card_visa' },
      seatNumber: 'A-12',
      requestedAt: 1764054041000,
      phone: '+1 415 555 0100',
      orderRef: '4242424242424241',
      number: '',
      cvc: null,
    };
    expect(containsCardData(body)).toBe(false);
    expect(containsCardData(null)).toBe(false);
    expect(containsCardData('hello')).toBe(false);
  });

  it('survives cycles', () => {
    const body: Record<string, unknown> = { a: 1 };
    body.self = body;
    expect(containsCardData(body)).toBe(false);
  });
});

describe('card number checks', () => {
  it('implements Luhn', () => {
    expect(passesLuhn('4242424242424242')).toBe(true);
    expect(passesLuhn('4242424242424241')).toBe(false);
    expect(passesLuhn('378282246310005')).toBe(true);
  });

  it('accepts 13 to 19 digits starting with 2-6', () => {
    expect(looksLikeCardNumber('4222222222222')).toBe(true);
    expect(looksLikeCardNumber('6205500000000000004')).toBe(true);
    expect(looksLikeCardNumber('424242424242')).toBe(false);
    expect(looksLikeCardNumber('1234567812345670')).toBe(false);
    expect(looksLikeCardNumber('4242x4242424242424')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { passesLuhn } from './card-data';
import { paymentMethodForTestCard, testCards } from './test-cards';
import { testPaymentMethodOutcome } from './test-payment-methods';

describe('test cards', () => {
  it('maps Stripe test card numbers to their PaymentMethod ids', () => {
    expect(paymentMethodForTestCard('4242424242424242')).toBe('pm_card_visa');
    expect(paymentMethodForTestCard('4242 4242 4242 4242')).toBe('pm_card_visa');
    expect(paymentMethodForTestCard('4000-0000-0000-0002')).toBe('pm_card_chargeDeclined');
    expect(paymentMethodForTestCard('4000000000009995')).toBe('pm_card_chargeDeclinedInsufficientFunds');
    expect(paymentMethodForTestCard('4000000000000069')).toBe('pm_card_chargeDeclinedExpiredCard');
    expect(paymentMethodForTestCard('4000000000000127')).toBe('pm_card_chargeDeclinedIncorrectCvc');
    expect(paymentMethodForTestCard('5555555555554444')).toBe('pm_card_mastercard');
    expect(paymentMethodForTestCard('3782 822463 10005')).toBe('pm_card_amex');
  });

  it('returns null for anything else', () => {
    expect(paymentMethodForTestCard('4111111111111111')).toBeNull();
    expect(paymentMethodForTestCard('')).toBeNull();
    expect(paymentMethodForTestCard('pm_card_visa')).toBeNull();
  });

  it('lists only Luhn-valid numbers whose payment method the local gateway knows', () => {
    for (const card of testCards) {
      expect(passesLuhn(card.number), card.number).toBe(true);
      expect(testPaymentMethodOutcome(card.paymentMethodId), card.paymentMethodId).not.toBeUndefined();
      expect(testPaymentMethodOutcome(card.paymentMethodId) !== null, card.label).toBe(
        !card.label.endsWith('succeeds'),
      );
    }
  });

  it('knows the documented decline codes', () => {
    expect(testPaymentMethodOutcome('pm_card_chargeDeclined')?.declineCode).toBe('generic_decline');
    expect(testPaymentMethodOutcome('pm_card_visa_chargeDeclinedInsufficientFunds')?.declineCode).toBe(
      'insufficient_funds',
    );
    expect(testPaymentMethodOutcome('pm_card_chargeDeclinedExpiredCard')?.code).toBe('expired_card');
    expect(testPaymentMethodOutcome('pm_card_chargeDeclinedIncorrectCvc')?.code).toBe('incorrect_cvc');
    expect(testPaymentMethodOutcome('pm_card_chargeDeclinedProcessingError')?.code).toBe('processing_error');
    expect(testPaymentMethodOutcome('pm_card_visa')).toBeNull();
    expect(testPaymentMethodOutcome('pm_card_nope')).toBeUndefined();
    expect(testPaymentMethodOutcome('constructor')).toBeUndefined();
  });
});

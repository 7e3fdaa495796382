/** What Stripe answers, in test mode, when a confirm uses a declining test PaymentMethod. */
export interface CardDecline {
  /** Stripe's error `code`. */
  code: string;
  /** Stripe's `decline_code`. */
  declineCode: string;
  message: string;
}

const decline = (code: string, declineCode: string, message: string): CardDecline => ({
  code,
  declineCode,
  message,
});
const declined = 'Your card was declined.';
const generic = decline('card_declined', 'generic_decline', declined);
const insufficientFunds = decline('card_declined', 'insufficient_funds', 'Your card has insufficient funds.');
const lostCard = decline('card_declined', 'lost_card', declined);
const stolenCard = decline('card_declined', 'stolen_card', declined);
const fraudulent = decline('card_declined', 'fraudulent', declined);

/**
 * Stripe's documented test PaymentMethod ids (docs.stripe.com/testing) and their outcome: null
 * succeeds, a CardDecline fails. Both the older `pm_card_chargeDeclined…` names and the current
 * `pm_card_visa_chargeDeclined…` ones are listed, as Stripe accepts both.
 */
export const testPaymentMethods: Readonly<Record<string, CardDecline | null>> = {
  pm_card_visa: null,
  pm_card_visa_debit: null,
  pm_card_mastercard: null,
  pm_card_mastercard_debit: null,
  pm_card_mastercard_prepaid: null,
  pm_card_amex: null,
  pm_card_discover: null,
  pm_card_diners: null,
  pm_card_jcb: null,
  pm_card_unionpay: null,
  pm_card_chargeDeclined: generic,
  pm_card_visa_chargeDeclined: generic,
  pm_card_chargeDeclinedInsufficientFunds: insufficientFunds,
  pm_card_visa_chargeDeclinedInsufficientFunds: insufficientFunds,
  pm_card_chargeDeclinedLostCard: lostCard,
  pm_card_visa_chargeDeclinedLostCard: lostCard,
  pm_card_chargeDeclinedStolenCard: stolenCard,
  pm_card_visa_chargeDeclinedStolenCard: stolenCard,
  pm_card_chargeDeclinedExpiredCard: decline('expired_card', 'expired_card', 'Your card has expired.'),
  pm_card_chargeDeclinedIncorrectCvc: decline(
    'incorrect_cvc',
    'incorrect_cvc',
    "Your card's security code is incorrect.",
  ),
  pm_card_chargeDeclinedProcessingError: decline(
    'processing_error',
    'processing_error',
    'An error occurred while processing your card. Try again in a little bit.',
  ),
  pm_card_visa_chargeDeclinedVelocityLimitExceeded: decline(
    'card_declined',
    'card_velocity_exceeded',
    'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
  ),
  pm_card_chargeDeclinedFraudulent: fraudulent,
  pm_card_radarBlock: fraudulent,
};

/** `undefined` for an id that is not one of Stripe's test payment methods. */
export function testPaymentMethodOutcome(paymentMethodId: string): CardDecline | null | undefined {
  return Object.hasOwn(testPaymentMethods, paymentMethodId) ? testPaymentMethods[paymentMethodId] : undefined;
}

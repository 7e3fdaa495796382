// Browser-safe (no Node APIs): the web app imports this as `@boxoffice/payments/test-cards`.
export { cardDataKeys, containsCardData, findCardData, looksLikeCardNumber } from './card-data';

export interface TestCard {
  number: string;
  paymentMethodId: string;
  brand: string;
  /** What happens when paying with it, for a demo card picker. */
  label: string;
}

const card = (number: string, paymentMethodId: string, brand: string, label: string): TestCard => ({
  number,
  paymentMethodId,
  brand,
  label,
});

/** Stripe's published test card numbers (docs.stripe.com/testing) and their PaymentMethod ids. */
export const testCards: readonly TestCard[] = [
  card('4242424242424242', 'pm_card_visa', 'visa', 'Visa: succeeds'),
  card('4000056655665556', 'pm_card_visa_debit', 'visa', 'Visa debit: succeeds'),
  card('5555555555554444', 'pm_card_mastercard', 'mastercard', 'Mastercard: succeeds'),
  card('5200828282828210', 'pm_card_mastercard_debit', 'mastercard', 'Mastercard debit: succeeds'),
  card('5105105105105100', 'pm_card_mastercard_prepaid', 'mastercard', 'Mastercard prepaid: succeeds'),
  card('378282246310005', 'pm_card_amex', 'amex', 'American Express: succeeds'),
  card('6011111111111117', 'pm_card_discover', 'discover', 'Discover: succeeds'),
  card('3056930009020004', 'pm_card_diners', 'diners', 'Diners Club: succeeds'),
  card('3566002020360505', 'pm_card_jcb', 'jcb', 'JCB: succeeds'),
  card('6200000000000005', 'pm_card_unionpay', 'unionpay', 'UnionPay: succeeds'),
  card('4000000000000002', 'pm_card_chargeDeclined', 'visa', 'Declined (generic_decline)'),
  card(
    '4000000000009995',
    'pm_card_chargeDeclinedInsufficientFunds',
    'visa',
    'Declined (insufficient_funds)',
  ),
  card('4000000000009987', 'pm_card_chargeDeclinedLostCard', 'visa', 'Declined (lost_card)'),
  card('4000000000009979', 'pm_card_chargeDeclinedStolenCard', 'visa', 'Declined (stolen_card)'),
  card('4000000000000069', 'pm_card_chargeDeclinedExpiredCard', 'visa', 'Declined (expired_card)'),
  card('4000000000000127', 'pm_card_chargeDeclinedIncorrectCvc', 'visa', 'Declined (incorrect_cvc)'),
  card('4000000000000119', 'pm_card_chargeDeclinedProcessingError', 'visa', 'Declined (processing_error)'),
  card(
    '4000000000006975',
    'pm_card_visa_chargeDeclinedVelocityLimitExceeded',
    'visa',
    'Declined (card_velocity_exceeded)',
  ),
  card('4100000000000019', 'pm_card_radarBlock', 'visa', 'Blocked as fraudulent'),
];

const byNumber = new Map(testCards.map((entry) => [entry.number, entry.paymentMethodId]));

/** The PaymentMethod id for one of Stripe's test card numbers (spaces and dashes ignored), else null. */
export function paymentMethodForTestCard(number: string): string | null {
  return byNumber.get(number.replace(/[\s-]/g, '')) ?? null;
}

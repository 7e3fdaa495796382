import Stripe from 'stripe';
import type { CreatePaymentInput } from './payment-gateway';
import type { CardDecline } from './test-payment-methods';

/** The subset of a Stripe event the local gateway emits; the JSON is shaped as Stripe's. */
export interface StripeEventPayload {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: string };
  type: 'payment_intent.succeeded' | 'payment_intent.payment_failed';
  data: { object: Record<string, unknown> };
}

export function paymentIntentEvent(
  eventId: string,
  intentId: string,
  payment: CreatePaymentInput,
  decline: CardDecline | null,
  createdSeconds: number,
): StripeEventPayload {
  return {
    id: eventId,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: createdSeconds,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: payment.idempotencyKey },
    type: decline ? 'payment_intent.payment_failed' : 'payment_intent.succeeded',
    data: {
      object: {
        id: intentId,
        object: 'payment_intent',
        amount: payment.amount,
        amount_received: decline ? 0 : payment.amount,
        capture_method: 'automatic',
        confirmation_method: 'automatic',
        created: createdSeconds,
        currency: payment.currency.toLowerCase(),
        livemode: false,
        metadata: { reservationId: payment.reservationId, paymentId: payment.paymentId },
        payment_method: decline ? null : payment.paymentMethodId,
        payment_method_types: ['card'],
        status: decline ? 'requires_payment_method' : 'succeeded',
        last_payment_error: decline
          ? {
              type: 'card_error',
              code: decline.code,
              decline_code: decline.declineCode,
              message: decline.message,
              payment_method: { id: payment.paymentMethodId, object: 'payment_method', type: 'card' },
            }
          : null,
      },
    },
  };
}

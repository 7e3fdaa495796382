import type Stripe from 'stripe';
import type { PaymentOutcome, RefundResult } from './payment-gateway';

/** A PaymentIntent's status as Boxoffice sees it; anything not final waits for the webhook. */
export function outcomeOfIntentStatus(status: Stripe.PaymentIntent.Status): PaymentOutcome {
  switch (status) {
    case 'succeeded':
      return 'succeeded';
    case 'processing':
    case 'requires_action':
    case 'requires_confirmation':
    case 'requires_capture':
      return 'processing';
    case 'requires_payment_method':
    case 'canceled':
      return 'failed';
  }
}

export function statusOfRefund(status: string | null): RefundResult['status'] {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'failed' || status === 'canceled') return 'failed';
  return 'pending';
}

/** How a payment stands when createPayment returns. `processing` settles later, by webhook. */
export type PaymentOutcome = 'succeeded' | 'processing' | 'failed';

export interface CreatePaymentInput {
  reservationId: string;
  paymentId: string;
  /** Integer minor units (cents). */
  amount: number;
  /** ISO 4217 code, any case; Stripe is sent it lowercased. */
  currency: string;
  /** A Stripe PaymentMethod id (`pm_…`). Card numbers are never accepted. */
  paymentMethodId: string;
  /** Reuse it when retrying: the same key answers the same result and never charges twice. */
  idempotencyKey: string;
}

export interface CreatePaymentResult {
  providerPaymentId: string;
  outcome: PaymentOutcome;
  /** Stripe's decline_code, else its error code (e.g. `insufficient_funds`, `expired_card`). */
  failureCode?: string;
  /** Stripe's message, safe to show to the customer. */
  failureMessage?: string;
  /** Present when the customer must finish in the browser (3-D Secure, `requires_action`). */
  clientSecret?: string;
}

export interface RefundInput {
  providerPaymentId: string;
  amount: number;
  idempotencyKey: string;
}

export interface RefundResult {
  refundId: string;
  status: 'succeeded' | 'pending' | 'failed';
}

/**
 * One gateway, two implementations: Stripe, and a local one that speaks Stripe's test payment
 * methods and delivers Stripe-signed webhooks. Errors are AppErrors: VALIDATION_FAILED (bad input,
 * unknown payment method), IDEMPOTENCY_MISMATCH (a key reused with other parameters), UNAVAILABLE
 * (network or provider outage: retry with the same idempotency key; the charge may have happened).
 */
export interface PaymentGateway {
  readonly provider: 'stripe' | 'local';
  createPayment(input: CreatePaymentInput): Promise<CreatePaymentResult>;
  refund(input: RefundInput): Promise<RefundResult>;
  /** Stops background work (the local gateway's pending webhook deliveries). */
  close?(): Promise<void>;
}

export type PaymentWebhookType =
  | 'payment_intent.succeeded'
  | 'payment_intent.payment_failed'
  | 'payment_intent.canceled'
  | 'charge.refunded';

/** A verified webhook event, normalised. Fields the event does not carry are null. */
export interface PaymentWebhookEvent {
  id: string;
  // `string & {}` keeps the known names suggested while allowing any Stripe event type.
  type: PaymentWebhookType | (string & {});
  /** Unix seconds. */
  created: number;
  providerPaymentId: string | null;
  reservationId: string | null;
  paymentId: string | null;
  /** Minor units; for charge.refunded, the amount refunded so far. */
  amount: number | null;
  /** Upper-case ISO 4217. */
  currency: string | null;
  failureCode: string | null;
  failureMessage: string | null;
}

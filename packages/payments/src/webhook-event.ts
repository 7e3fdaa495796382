import { AppError } from '@boxoffice/domain';
import { z } from 'zod';
import type { PaymentWebhookEvent } from './payment-gateway';

const nullableString = z.string().nullish();
const idOrObject = z.union([z.string(), z.object({ id: z.string() })]).nullish();

// Only the fields Boxoffice reads; the rest of Stripe's object is dropped.
const stripeEvent = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  created: z.number().int(),
  data: z.object({
    object: z.object({
      object: z.string(),
      id: nullableString,
      amount: z.number().int().nullish(),
      amount_refunded: z.number().int().nullish(),
      currency: nullableString,
      metadata: z.record(z.string(), z.string()).nullish(),
      payment_intent: idOrObject,
      last_payment_error: z
        .object({ code: nullableString, decline_code: nullableString, message: nullableString })
        .nullish(),
      failure_code: nullableString,
      failure_message: nullableString,
    }),
  }),
});

type StripeEventObject = z.infer<typeof stripeEvent>['data']['object'];

function paymentIntentId(object: StripeEventObject): string | null {
  if (object.object === 'payment_intent') return object.id ?? null;
  const intent = object.payment_intent;
  return typeof intent === 'string' ? intent : (intent?.id ?? null);
}

/** Parse a verified Stripe event (already JSON-decoded) into Boxoffice's flat shape. */
export function normaliseWebhookEvent(raw: unknown): PaymentWebhookEvent {
  const parsed = stripeEvent.safeParse(raw);
  if (!parsed.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Webhook event has an unexpected shape: ${z.prettifyError(parsed.error)}`,
      {
        details: parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), reason: issue.message })),
      },
    );
  }
  const { id, type, created, data } = parsed.data;
  const object = data.object;
  const error = object.last_payment_error;
  return {
    id,
    type,
    created,
    providerPaymentId: paymentIntentId(object),
    reservationId: object.metadata?.reservationId ?? null,
    paymentId: object.metadata?.paymentId ?? null,
    amount:
      (object.object === 'charge' && type === 'charge.refunded' ? object.amount_refunded : object.amount) ??
      null,
    currency: object.currency ? object.currency.toUpperCase() : null,
    failureCode: error?.decline_code ?? error?.code ?? object.failure_code ?? null,
    failureMessage: error?.message ?? object.failure_message ?? null,
  };
}

import { AppError } from '@boxoffice/domain';
import Stripe from 'stripe';
import type { PaymentWebhookEvent } from './payment-gateway';
import { normaliseWebhookEvent } from './webhook-event';

/** Stripe's default: a signed timestamp older than this is refused (replay protection). */
export const defaultWebhookToleranceSeconds = 300;

const refuse = (reason: string, message: string, cause?: unknown) =>
  new AppError('VALIDATION_FAILED', message, { details: [{ field: 'Stripe-Signature', reason }], cause });

/**
 * Verify a webhook exactly as Stripe specifies (`Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>">`, via the SDK's constructEvent) and normalise the event. Pass the raw request
 * body: re-serialised JSON does not verify. Throws AppError VALIDATION_FAILED when the header is
 * missing or malformed, the signature does not match, or the timestamp is older than the tolerance.
 */
export function verifyWebhook(
  rawBody: string | Buffer,
  signatureHeader: string | undefined,
  secret: string,
  toleranceSeconds = defaultWebhookToleranceSeconds,
): PaymentWebhookEvent {
  if (!secret)
    throw new AppError('INTERNAL', 'The webhook signing secret is not configured (STRIPE_WEBHOOK_SECRET)');
  if (!signatureHeader) throw refuse('missing', 'Missing Stripe-Signature header');
  if (typeof rawBody !== 'string' && !Buffer.isBuffer(rawBody)) {
    throw refuse('body', 'Pass the raw request body (string or Buffer) to verifyWebhook, not parsed JSON');
  }
  let event: unknown;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, toleranceSeconds);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('Timestamp outside the tolerance zone')) {
      throw refuse(
        'expired',
        `Webhook signature timestamp is older than the ${toleranceSeconds} s tolerance`,
        error,
      );
    }
    if (
      message.includes('Unable to extract timestamp') ||
      message.includes('No signatures found with expected scheme')
    ) {
      throw refuse(
        'malformed',
        'Malformed Stripe-Signature header: expected t=<timestamp>,v1=<signature>',
        error,
      );
    }
    if (error instanceof SyntaxError) throw refuse('body', 'Webhook body is not valid JSON', error);
    throw refuse('mismatch', 'Webhook signature does not match the raw body and signing secret', error);
  }
  return normaliseWebhookEvent(event);
}

/** A `Stripe-Signature` header for a payload, signed the way Stripe signs its deliveries. */
export function signWebhookPayload(
  payload: string,
  secret: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: timestampSeconds });
}

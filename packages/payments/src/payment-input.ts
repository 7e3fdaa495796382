import { AppError } from '@boxoffice/domain';
import { z } from 'zod';
import type { CreatePaymentInput, RefundInput } from './payment-gateway';

const minorUnits = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const idempotencyKey = z.string().min(1).max(255);

// Only ids of Stripe objects pass: anything shaped like a card number is refused here too.
const createPaymentInput = z.object({
  reservationId: z.string().min(1).max(100),
  paymentId: z.string().min(1).max(100),
  amount: minorUnits,
  currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code'),
  paymentMethodId: z.string().regex(/^pm_[A-Za-z0-9_]{1,250}$/, 'must be a Stripe PaymentMethod id (pm_…)'),
  idempotencyKey,
});

const refundInput = z.object({
  providerPaymentId: z.string().regex(/^pi_[A-Za-z0-9_]+$/, 'must be a PaymentIntent id (pi_…)'),
  amount: minorUnits,
  idempotencyKey,
});

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    field: issue.path.join('.'),
    reason: issue.message,
  }));
  throw new AppError(
    'VALIDATION_FAILED',
    `Invalid ${what}: ${details.map((d) => `${d.field} ${d.reason}`).join('; ')}`,
    {
      details,
    },
  );
}

export const parseCreatePaymentInput = (input: CreatePaymentInput): CreatePaymentInput =>
  parse(createPaymentInput, input, 'payment');

export const parseRefundInput = (input: RefundInput): RefundInput => parse(refundInput, input, 'refund');

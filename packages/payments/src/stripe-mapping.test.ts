import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { appErrorFromStripe } from './stripe-errors';
import { outcomeOfIntentStatus, statusOfRefund } from './stripe-status';

describe('PaymentIntent status', () => {
  it('maps every status to an outcome', () => {
    expect(outcomeOfIntentStatus('succeeded')).toBe('succeeded');
    for (const status of [
      'processing',
      'requires_action',
      'requires_confirmation',
      'requires_capture',
    ] as const) {
      expect(outcomeOfIntentStatus(status)).toBe('processing');
    }
    expect(outcomeOfIntentStatus('requires_payment_method')).toBe('failed');
    expect(outcomeOfIntentStatus('canceled')).toBe('failed');
  });

  it('maps refund statuses', () => {
    expect(statusOfRefund('succeeded')).toBe('succeeded');
    expect(statusOfRefund('pending')).toBe('pending');
    expect(statusOfRefund('requires_action')).toBe('pending');
    expect(statusOfRefund(null)).toBe('pending');
    expect(statusOfRefund('failed')).toBe('failed');
    expect(statusOfRefund('canceled')).toBe('failed');
  });
});

describe('Stripe errors', () => {
  it('turns outages into a retryable UNAVAILABLE', () => {
    for (const error of [
      new Stripe.errors.StripeConnectionError({ type: 'api_error', message: 'socket hang up' }),
      new Stripe.errors.StripeAPIError({ type: 'api_error', message: 'boom', statusCode: 500 }),
      new Stripe.errors.StripeRateLimitError({
        type: 'rate_limit_error',
        message: 'slow down',
        statusCode: 429,
      }),
    ]) {
      const appError = appErrorFromStripe(error, 'payment');
      expect(appError.code).toBe('UNAVAILABLE');
      expect(appError.retryable).toBe(true);
      expect(appError.cause).toBe(error);
    }
  });

  it('maps request, idempotency and credential errors', () => {
    const invalid = appErrorFromStripe(
      new Stripe.errors.StripeInvalidRequestError({
        type: 'invalid_request_error',
        message: 'No such PaymentMethod',
        code: 'resource_missing',
        param: 'payment_method',
      }),
      'payment',
    );
    expect(invalid.code).toBe('VALIDATION_FAILED');
    expect(invalid.details).toEqual([{ code: 'resource_missing', param: 'payment_method' }]);
    expect(
      appErrorFromStripe(
        new Stripe.errors.StripeIdempotencyError({ type: 'idempotency_error', message: 'x' }),
        'payment',
      ).code,
    ).toBe('IDEMPOTENCY_MISMATCH');
    expect(
      appErrorFromStripe(
        new Stripe.errors.StripeAuthenticationError({ type: 'authentication_error', message: 'x' }),
        'payment',
      ).code,
    ).toBe('INTERNAL');
    expect(
      appErrorFromStripe(
        new Stripe.errors.StripeInvalidRequestError({
          type: 'invalid_request_error',
          message: 'x',
          code: 'charge_already_refunded',
        }),
        'refund',
      ).code,
    ).toBe('CONFLICT');
    expect(appErrorFromStripe(new Error('?'), 'refund').code).toBe('INTERNAL');
  });
});

import { AppError } from '@boxoffice/domain';
import Stripe from 'stripe';

/** An SDK error as an AppError; card declines are answered as outcomes before this is reached. */
export function appErrorFromStripe(error: unknown, action: string): AppError {
  if (!(error instanceof Stripe.errors.StripeError)) {
    return new AppError('INTERNAL', `Stripe ${action} failed unexpectedly`, { cause: error });
  }
  const details = [{ code: error.code ?? error.type, ...(error.param ? { param: error.param } : {}) }];
  switch (error.type) {
    case 'StripeConnectionError':
    case 'StripeAPIError':
    case 'StripeRateLimitError':
      return new AppError(
        'UNAVAILABLE',
        `Stripe could not be reached for ${action}; retry with the same idempotency key`,
        {
          cause: error,
          details,
          retryAfter: 1,
        },
      );
    case 'StripeIdempotencyError':
      return new AppError(
        'IDEMPOTENCY_MISMATCH',
        `Idempotency key reused with different ${action} parameters`,
        {
          cause: error,
          details,
        },
      );
    case 'StripeInvalidRequestError':
      if (error.code === 'charge_already_refunded') {
        return new AppError('CONFLICT', error.message, { cause: error, details });
      }
      return new AppError('VALIDATION_FAILED', `Stripe refused the ${action}: ${error.message}`, {
        cause: error,
        details,
      });
    case 'StripeAuthenticationError':
    case 'StripePermissionError':
      return new AppError(
        'INTERNAL',
        `Stripe rejected our credentials for ${action} (check STRIPE_SECRET_KEY)`,
        {
          cause: error,
          details,
        },
      );
    default:
      if ((error.statusCode ?? 0) >= 500) {
        return new AppError(
          'UNAVAILABLE',
          `Stripe failed on ${action}; retry with the same idempotency key`,
          {
            cause: error,
            details,
            retryAfter: 1,
          },
        );
      }
      return new AppError('INTERNAL', `Stripe ${action} failed: ${error.message}`, { cause: error, details });
  }
}

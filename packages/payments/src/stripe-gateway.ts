import { AppError } from '@boxoffice/domain';
import Stripe from 'stripe';
import type {
  CreatePaymentInput,
  CreatePaymentResult,
  PaymentGateway,
  RefundInput,
  RefundResult,
} from './payment-gateway';
import { parseCreatePaymentInput, parseRefundInput } from './payment-input';
import { appErrorFromStripe } from './stripe-errors';
import { outcomeOfIntentStatus, statusOfRefund } from './stripe-status';

export interface StripeGatewayOptions {
  secretKey: string;
  /** Where the API is (stripe-mock in tests: 127.0.0.1, 12111, http). Defaults to api.stripe.com. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  /** Per request; the SDK default (80 s) is too long for a checkout. */
  timeoutMs?: number;
  /** Safe because every call carries an idempotency key. */
  maxNetworkRetries?: number;
}

export class StripePaymentGateway implements PaymentGateway {
  readonly provider = 'stripe' as const;
  private readonly stripe: Stripe;

  constructor(options: StripeGatewayOptions) {
    this.stripe = new Stripe(options.secretKey, {
      ...(options.host ? { host: options.host } : {}),
      ...(options.port ? { port: options.port } : {}),
      ...(options.protocol ? { protocol: options.protocol } : {}),
      timeout: options.timeoutMs ?? 20_000,
      maxNetworkRetries: options.maxNetworkRetries ?? 2,
      appInfo: { name: 'boxoffice' },
    });
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatePaymentResult> {
    const payment = parseCreatePaymentInput(input);
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: payment.amount,
          currency: payment.currency.toLowerCase(),
          payment_method: payment.paymentMethodId,
          confirm: true,
          // Cards only, confirmed server-side: no redirect-based methods, so no return_url.
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          metadata: { reservationId: payment.reservationId, paymentId: payment.paymentId },
        },
        { idempotencyKey: payment.idempotencyKey },
      );
      const outcome = outcomeOfIntentStatus(intent.status);
      const failure = intent.last_payment_error;
      return {
        providerPaymentId: intent.id,
        outcome,
        ...(outcome === 'failed'
          ? {
              failureCode: failure?.decline_code ?? failure?.code ?? intent.status,
              failureMessage: failure?.message ?? 'The payment did not go through',
            }
          : {}),
        ...(intent.status === 'requires_action' && intent.client_secret
          ? { clientSecret: intent.client_secret }
          : {}),
      };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError) return declined(error);
      throw appErrorFromStripe(error, 'payment');
    }
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const refund = parseRefundInput(input);
    try {
      const created = await this.stripe.refunds.create(
        { payment_intent: refund.providerPaymentId, amount: refund.amount },
        { idempotencyKey: refund.idempotencyKey },
      );
      return { refundId: created.id, status: statusOfRefund(created.status) };
    } catch (error) {
      throw appErrorFromStripe(error, 'refund');
    }
  }
}

// A decline on confirm is an answer, not an outage: Stripe keeps the PaymentIntent and reports why.
function declined(error: Stripe.errors.StripeCardError): CreatePaymentResult {
  const code = error.decline_code ?? error.code ?? 'card_declined';
  const intentId = error.payment_intent?.id;
  if (!intentId) {
    throw new AppError('PAYMENT_FAILED', error.message, { cause: error, details: [{ code }] });
  }
  return { providerPaymentId: intentId, outcome: 'failed', failureCode: code, failureMessage: error.message };
}

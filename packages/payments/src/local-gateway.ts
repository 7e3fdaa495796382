import { randomBytes } from 'node:crypto';
import { AppError } from '@boxoffice/domain';
import { BoundedCache } from './bounded-cache';
import { paymentIntentEvent } from './local-events';
import type {
  CreatePaymentInput,
  CreatePaymentResult,
  PaymentGateway,
  RefundInput,
  RefundResult,
} from './payment-gateway';
import { parseCreatePaymentInput, parseRefundInput } from './payment-input';
import { testPaymentMethodOutcome } from './test-payment-methods';
import { WebhookDelivery, type WebhookDeliveryFailure, type WebhookSender } from './webhook-delivery';

export interface LocalGatewayOptions {
  /** Signs the webhooks; the receiving endpoint verifies with the same secret. */
  webhookSecret: string;
  /** Where webhooks are POSTed, e.g. http://127.0.0.1:3000/webhooks/stripe. */
  webhookUrl: string;
  /** Before the first delivery attempt. Default 300 ms. */
  webhookDelayMs?: number;
  /** Default 5 (Stripe retries for days; a demo needs a few). */
  maxDeliveryAttempts?: number;
  /** First retry delay, doubling after each failure. Default 1000 ms. */
  retryBaseDelayMs?: number;
  /** Replaces the HTTP POST (default: fetch). */
  sendWebhook?: WebhookSender;
  /** Called when a webhook is given up on. Default: a warning on stderr. */
  onWebhookGivenUp?: (failure: WebhookDeliveryFailure) => void;
  /** How many idempotency keys are remembered. Default 10,000. */
  idempotencyCacheSize?: number;
}

interface Remembered<T> {
  fingerprint: string;
  result: T;
}

const randomId = () => randomBytes(12).toString('hex');

/**
 * A stand-in for Stripe when no secret key is configured (demo, tests). It accepts Stripe's test
 * PaymentMethod ids: a successful one answers `processing` and the money "settles" by a
 * payment_intent.succeeded webhook; a declining one answers `failed` at once and also sends
 * payment_intent.payment_failed, as Stripe does. Unknown ids are refused with VALIDATION_FAILED,
 * the way Stripe refuses a PaymentMethod that does not exist. Idempotency is kept in memory.
 */
export class LocalPaymentGateway implements PaymentGateway {
  readonly provider = 'local' as const;
  private readonly payments: BoundedCache<Remembered<CreatePaymentResult>>;
  private readonly refunds: BoundedCache<Remembered<RefundResult>>;
  private readonly webhooks: WebhookDelivery;

  constructor(options: LocalGatewayOptions) {
    if (!options.webhookSecret)
      throw new AppError('INTERNAL', 'The local payment gateway needs a webhook signing secret');
    const cacheSize = options.idempotencyCacheSize ?? 10_000;
    this.payments = new BoundedCache(cacheSize);
    this.refunds = new BoundedCache(cacheSize);
    this.webhooks = new WebhookDelivery({
      url: options.webhookUrl,
      secret: options.webhookSecret,
      delayMs: options.webhookDelayMs ?? 300,
      maxAttempts: options.maxDeliveryAttempts ?? 5,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 1000,
      ...(options.sendWebhook ? { send: options.sendWebhook } : {}),
      ...(options.onWebhookGivenUp ? { onGiveUp: options.onWebhookGivenUp } : {}),
    });
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatePaymentResult> {
    const payment = parseCreatePaymentInput(input);
    const fingerprint = JSON.stringify([
      payment.reservationId,
      payment.paymentId,
      payment.amount,
      payment.currency.toLowerCase(),
      payment.paymentMethodId,
    ]);
    const known = remembered(this.payments, payment.idempotencyKey, fingerprint);
    if (known) return known;

    const decline = testPaymentMethodOutcome(payment.paymentMethodId);
    if (decline === undefined) {
      throw new AppError(
        'VALIDATION_FAILED',
        `No such PaymentMethod: '${payment.paymentMethodId}' (the local gateway accepts Stripe's test payment methods)`,
        {
          details: [{ field: 'paymentMethodId', reason: 'unknown test payment method' }],
        },
      );
    }
    const intentId = `pi_local_${randomId()}`;
    const result: CreatePaymentResult = decline
      ? {
          providerPaymentId: intentId,
          outcome: 'failed',
          failureCode: decline.declineCode,
          failureMessage: decline.message,
        }
      : { providerPaymentId: intentId, outcome: 'processing' };
    this.payments.set(payment.idempotencyKey, { fingerprint, result });
    const now = Math.floor(Date.now() / 1000);
    this.webhooks.enqueue(paymentIntentEvent(`evt_local_${randomId()}`, intentId, payment, decline, now));
    return result;
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const refund = parseRefundInput(input);
    if (!refund.providerPaymentId.startsWith('pi_local_')) {
      throw new AppError(
        'VALIDATION_FAILED',
        `No such payment_intent: '${refund.providerPaymentId}' (not made by the local gateway)`,
        {
          details: [{ field: 'providerPaymentId', reason: 'not a local payment' }],
        },
      );
    }
    const fingerprint = JSON.stringify([refund.providerPaymentId, refund.amount]);
    const known = remembered(this.refunds, refund.idempotencyKey, fingerprint);
    if (known) return known;
    const result: RefundResult = { refundId: `re_local_${randomId()}`, status: 'succeeded' };
    this.refunds.set(refund.idempotencyKey, { fingerprint, result });
    return result;
  }

  /** Cancels webhooks not yet sent and waits for those being sent. */
  close(): Promise<void> {
    return this.webhooks.close();
  }
}

// Like Stripe: the same key answers the first result; the same key with other parameters is an error.
function remembered<T>(cache: BoundedCache<Remembered<T>>, key: string, fingerprint: string): T | undefined {
  const entry = cache.get(key);
  if (!entry) return undefined;
  if (entry.fingerprint !== fingerprint) {
    throw new AppError(
      'IDEMPOTENCY_MISMATCH',
      'This idempotency key was already used with different parameters',
      {
        details: [{ field: 'idempotencyKey', reason: 'reused with different parameters' }],
      },
    );
  }
  return entry.result;
}

import { AppError } from '@boxoffice/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalGatewayOptions, LocalPaymentGateway } from './local-gateway';
import { startWebhookReceiver } from './webhook-receiver.test-support';
import { verifyWebhook } from './webhook-signature';

const secret = 'whsec_local_test_secret_123456';
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function setup(respond?: (attempt: number) => number, options: Partial<LocalGatewayOptions> = {}) {
  const receiver = await startWebhookReceiver(respond);
  const gateway = new LocalPaymentGateway({
    webhookSecret: secret,
    webhookUrl: receiver.url,
    webhookDelayMs: 10,
    retryBaseDelayMs: 20,
    ...options,
  });
  cleanup.push(receiver.close, () => gateway.close());
  return { receiver, gateway };
}

let counter = 0;
const payment = (paymentMethodId: string) => {
  counter += 1;
  return {
    reservationId: `res-${counter}`,
    paymentId: `pay-${counter}`,
    amount: 17_900,
    currency: 'USD',
    paymentMethodId,
    idempotencyKey: `key-${counter}`,
  };
};

describe('LocalPaymentGateway', () => {
  it('answers processing for a good card, then delivers a Stripe-signed payment_intent.succeeded', async () => {
    const { receiver, gateway } = await setup();
    const input = payment('pm_card_visa');
    const result = await gateway.createPayment(input);
    expect(result.outcome).toBe('processing');
    expect(result.providerPaymentId).toMatch(/^pi_local_[0-9a-f]{24}$/);
    expect(receiver.received).toHaveLength(0);

    const [delivery] = await receiver.waitFor(1);
    const header = delivery?.headers['stripe-signature'];
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(delivery?.headers['content-type']).toMatch(/^application\/json/);
    const event = verifyWebhook(
      delivery?.body ?? '',
      typeof header === 'string' ? header : undefined,
      secret,
    );
    expect(event).toMatchObject({
      type: 'payment_intent.succeeded',
      providerPaymentId: result.providerPaymentId,
      reservationId: input.reservationId,
      paymentId: input.paymentId,
      amount: 17_900,
      currency: 'USD',
      failureCode: null,
    });
    expect(event.id).toMatch(/^evt_local_/);
    const raw = JSON.parse(delivery?.body ?? '{}');
    expect(raw).toMatchObject({
      object: 'event',
      livemode: false,
      data: { object: { object: 'payment_intent', status: 'succeeded', currency: 'usd' } },
    });
    expect(raw.api_version).toMatch(/^\d{4}-\d{2}-\d{2}/);
  });

  it('fails a declining card at once and still sends payment_intent.payment_failed', async () => {
    const { receiver, gateway } = await setup();
    const result = await gateway.createPayment(payment('pm_card_chargeDeclinedInsufficientFunds'));
    expect(result).toMatchObject({
      outcome: 'failed',
      failureCode: 'insufficient_funds',
      failureMessage: 'Your card has insufficient funds.',
    });

    const [delivery] = await receiver.waitFor(1);
    const header = delivery?.headers['stripe-signature'];
    const event = verifyWebhook(
      delivery?.body ?? '',
      typeof header === 'string' ? header : undefined,
      secret,
    );
    expect(event).toMatchObject({
      type: 'payment_intent.payment_failed',
      providerPaymentId: result.providerPaymentId,
      failureCode: 'insufficient_funds',
    });
    expect(JSON.parse(delivery?.body ?? '{}').data.object).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' },
    });
  });

  it('reports each documented decline with its code', async () => {
    const { gateway } = await setup();
    const expected = {
      pm_card_chargeDeclined: 'generic_decline',
      pm_card_chargeDeclinedLostCard: 'lost_card',
      pm_card_chargeDeclinedStolenCard: 'stolen_card',
      pm_card_chargeDeclinedExpiredCard: 'expired_card',
      pm_card_chargeDeclinedIncorrectCvc: 'incorrect_cvc',
      pm_card_chargeDeclinedProcessingError: 'processing_error',
      pm_card_chargeDeclinedFraudulent: 'fraudulent',
    };
    for (const [method, code] of Object.entries(expected)) {
      expect(await gateway.createPayment(payment(method))).toMatchObject({
        outcome: 'failed',
        failureCode: code,
      });
    }
    for (const method of ['pm_card_visa_debit', 'pm_card_mastercard', 'pm_card_amex', 'pm_card_discover']) {
      expect((await gateway.createPayment(payment(method))).outcome).toBe('processing');
    }
  });

  it('is idempotent per key: same answer, one webhook; other parameters are refused', async () => {
    const { receiver, gateway } = await setup();
    const input = payment('pm_card_visa');
    const first = await gateway.createPayment(input);
    expect(await gateway.createPayment({ ...input })).toEqual(first);
    await receiver.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(1);

    await expect(gateway.createPayment({ ...input, amount: 1 })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_MISMATCH',
    });
  });

  it('forgets the oldest keys past its bound', async () => {
    const { gateway } = await setup(undefined, { idempotencyCacheSize: 2 });
    const input = payment('pm_card_visa');
    const first = await gateway.createPayment(input);
    await gateway.createPayment(payment('pm_card_visa'));
    await gateway.createPayment(payment('pm_card_visa'));
    expect((await gateway.createPayment(input)).providerPaymentId).not.toBe(first.providerPaymentId);
  });

  it('retries a delivery answered with 500, with a fresh signature', async () => {
    const { receiver, gateway } = await setup((attempt) => (attempt < 3 ? 500 : 200));
    await gateway.createPayment(payment('pm_card_visa'));
    const deliveries = await receiver.waitFor(3);
    expect(new Set(deliveries.map((d) => d.body)).size).toBe(1);
    for (const delivery of deliveries) {
      const header = delivery.headers['stripe-signature'];
      expect(verifyWebhook(delivery.body, typeof header === 'string' ? header : undefined, secret).type).toBe(
        'payment_intent.succeeded',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(receiver.received).toHaveLength(3);
  });

  it('refuses unknown payment methods and anything that is not a pm_ id', async () => {
    const { gateway } = await setup();
    const unknown = await gateway.createPayment(payment('pm_card_bogus')).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(AppError);
    expect(unknown).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'paymentMethodId' }] });
    await expect(gateway.createPayment(payment('4242424242424242'))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(gateway.createPayment({ ...payment('pm_card_visa'), amount: 12.5 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(
      gateway.createPayment({ ...payment('pm_card_visa'), currency: 'dollars' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refunds idempotently', async () => {
    const { gateway } = await setup();
    const { providerPaymentId } = await gateway.createPayment(payment('pm_card_visa'));
    const refund = await gateway.refund({ providerPaymentId, amount: 17_900, idempotencyKey: 'refund-1' });
    expect(refund).toMatchObject({ status: 'succeeded' });
    expect(refund.refundId).toMatch(/^re_local_/);
    expect(await gateway.refund({ providerPaymentId, amount: 17_900, idempotencyKey: 'refund-1' })).toEqual(
      refund,
    );
    expect(
      (await gateway.refund({ providerPaymentId, amount: 17_900, idempotencyKey: 'refund-2' })).refundId,
    ).not.toBe(refund.refundId);
    await expect(
      gateway.refund({ providerPaymentId: 'pi_123', amount: 1, idempotencyKey: 'refund-3' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('does not deliver after close', async () => {
    const { receiver, gateway } = await setup(undefined, { webhookDelayMs: 50 });
    await gateway.createPayment(payment('pm_card_visa'));
    await gateway.close();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(receiver.received).toHaveLength(0);
  });
});

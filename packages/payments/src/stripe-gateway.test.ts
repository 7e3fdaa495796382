import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripePaymentGateway } from './stripe-gateway';

// stripe-mock answers fixtures only, so the answers it cannot give (declines, 3-D Secure, outages)
// are served here as Stripe documents them, through the real SDK.
let nextAnswer: { status: number; body: unknown } = { status: 200, body: {} };
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(nextAnswer.status, { 'content-type': 'application/json', 'request-id': 'req_test' });
    response.end(JSON.stringify(nextAnswer.body));
  });
});
let gateway: StripePaymentGateway;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  gateway = new StripePaymentGateway({
    secretKey: 'sk_test_123',
    host: '127.0.0.1',
    port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const input = {
  reservationId: 'r',
  paymentId: 'p',
  amount: 100,
  currency: 'usd',
  paymentMethodId: 'pm_card_visa',
  idempotencyKey: 'k',
};
const intent = (status: string, extra: Record<string, unknown> = {}) => ({
  id: 'pi_123',
  object: 'payment_intent',
  status,
  client_secret: 'pi_123_secret_abc',
  last_payment_error: null,
  ...extra,
});

describe('StripePaymentGateway answers', () => {
  it('maps a succeeded PaymentIntent', async () => {
    nextAnswer = { status: 200, body: intent('succeeded') };
    expect(await gateway.createPayment(input)).toEqual({ providerPaymentId: 'pi_123', outcome: 'succeeded' });
  });

  it('hands back the client secret when the customer must act (3-D Secure)', async () => {
    nextAnswer = { status: 200, body: intent('requires_action') };
    expect(await gateway.createPayment(input)).toEqual({
      providerPaymentId: 'pi_123',
      outcome: 'processing',
      clientSecret: 'pi_123_secret_abc',
    });
  });

  it('turns a card decline (402 card_error) into a failed outcome with the decline code', async () => {
    nextAnswer = {
      status: 402,
      body: {
        error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'insufficient_funds',
          message: 'Your card has insufficient funds.',
          payment_intent: intent('requires_payment_method'),
        },
      },
    };
    expect(await gateway.createPayment(input)).toEqual({
      providerPaymentId: 'pi_123',
      outcome: 'failed',
      failureCode: 'insufficient_funds',
      failureMessage: 'Your card has insufficient funds.',
    });
  });

  it('uses the error code when a decline has no decline_code', async () => {
    nextAnswer = {
      status: 402,
      body: {
        error: {
          type: 'card_error',
          code: 'expired_card',
          message: 'Your card has expired.',
          payment_intent: intent('requires_payment_method'),
        },
      },
    };
    expect(await gateway.createPayment(input)).toMatchObject({
      outcome: 'failed',
      failureCode: 'expired_card',
    });
  });

  it('reports a decline without a PaymentIntent as PAYMENT_FAILED', async () => {
    nextAnswer = {
      status: 402,
      body: { error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } },
    };
    await expect(gateway.createPayment(input)).rejects.toMatchObject({ code: 'PAYMENT_FAILED' });
  });

  it('turns a Stripe 500 into UNAVAILABLE', async () => {
    nextAnswer = { status: 500, body: { error: { type: 'api_error', message: 'Something went wrong' } } };
    await expect(gateway.createPayment(input)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(
      gateway.refund({ providerPaymentId: 'pi_123', amount: 100, idempotencyKey: 'k' }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('maps a pending refund', async () => {
    nextAnswer = { status: 200, body: { id: 're_1', object: 'refund', status: 'pending' } };
    expect(await gateway.refund({ providerPaymentId: 'pi_123', amount: 100, idempotencyKey: 'k' })).toEqual({
      refundId: 're_1',
      status: 'pending',
    });
  });
});

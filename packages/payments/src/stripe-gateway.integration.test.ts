import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '@boxoffice/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { stripeEndpoint } from './create-payment-gateway';
import { StripePaymentGateway } from './stripe-gateway';

// stripe-mock is stateless: it validates each request against Stripe's OpenAPI spec and answers a
// fixture, so these tests check what goes over the wire and how the answers are mapped.
const stripeMockUrl = process.env.STRIPE_MOCK_URL ?? 'http://127.0.0.1:12111';

interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: URLSearchParams;
  status: number;
  responseHeaders: IncomingHttpHeaders;
}

/** Forwards to stripe-mock and records each exchange, to assert on what the SDK really sent. */
async function startRecordingProxy(target: URL) {
  const exchanges: Recorded[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (response) => {
          exchanges.push({
            method: incoming.method ?? '',
            path: incoming.url ?? '',
            headers: incoming.headers,
            body: new URLSearchParams(body.toString('utf8')),
            status: response.statusCode ?? 0,
            responseHeaders: response.headers,
          });
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      upstream.on('error', (error) => outgoing.writeHead(502).end(error.message));
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let proxy: Awaited<ReturnType<typeof startRecordingProxy>> | undefined;

// Checked in each test rather than in beforeAll, so a missing stripe-mock fails every test loudly
// instead of leaving them skipped.
let connecting: Promise<StripePaymentGateway> | undefined;
function connect(): Promise<StripePaymentGateway> {
  connecting ??= (async () => {
    const reachable = await fetch(`${stripeMockUrl}/v1/charges`, {
      headers: { authorization: 'Bearer sk_test_123' },
    })
      .then(() => true)
      .catch(() => false);
    if (!reachable) {
      throw new Error(
        `stripe-mock is not answering at ${stripeMockUrl}. Start it with: node -e "import('./infra/lib/stripe-mock.mjs').then(m=>m.stripeMock.start())" (from the repo root), or set STRIPE_MOCK_URL.`,
      );
    }
    proxy = await startRecordingProxy(new URL(stripeMockUrl));
    return new StripePaymentGateway({
      secretKey: 'sk_test_123',
      ...stripeEndpoint(proxy.url),
      maxNetworkRetries: 0,
    });
  })();
  return connecting;
}

afterAll(async () => {
  await proxy?.close();
});

const lastExchange = () => proxy?.exchanges.at(-1);

describe('StripePaymentGateway against stripe-mock', () => {
  it('creates and confirms a PaymentIntent with the idempotency key, metadata and lowercased currency', async () => {
    const gateway = await connect();
    const result = await gateway.createPayment({
      reservationId: 'res-1',
      paymentId: 'pay-1',
      amount: 8_950,
      currency: 'USD',
      paymentMethodId: 'pm_card_visa',
      idempotencyKey: 'pay-1-key',
    });
    expect(result.providerPaymentId).toMatch(/^pi_/);
    // stripe-mock's fixture is a PaymentIntent in requires_payment_method: a failed payment.
    expect(result.outcome).toBe('failed');
    expect(result.failureCode).toBe('requires_payment_method');

    const exchange = lastExchange();
    expect(exchange).toMatchObject({ method: 'POST', path: '/v1/payment_intents', status: 200 });
    expect(exchange?.headers['idempotency-key']).toBe('pay-1-key');
    expect(exchange?.responseHeaders['idempotency-key']).toBe('pay-1-key');
    expect(exchange?.headers.authorization).toBe('Bearer sk_test_123');
    expect(Object.fromEntries(exchange?.body ?? [])).toEqual({
      amount: '8950',
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: 'true',
      'automatic_payment_methods[enabled]': 'true',
      'automatic_payment_methods[allow_redirects]': 'never',
      'metadata[reservationId]': 'res-1',
      'metadata[paymentId]': 'pay-1',
    });
  });

  it('creates a refund for the PaymentIntent with its own idempotency key', async () => {
    const gateway = await connect();
    const refund = await gateway.refund({
      providerPaymentId: 'pi_123',
      amount: 8_950,
      idempotencyKey: 'refund-pay-1',
    });
    expect(refund.refundId).toMatch(/^re_/);
    expect(refund.status).toBe('succeeded');

    const exchange = lastExchange();
    expect(exchange).toMatchObject({ method: 'POST', path: '/v1/refunds', status: 200 });
    expect(exchange?.headers['idempotency-key']).toBe('refund-pay-1');
    expect(Object.fromEntries(exchange?.body ?? [])).toEqual({ payment_intent: 'pi_123', amount: '8950' });
  });

  it('reports rejected credentials as INTERNAL, not as a client error', async () => {
    await connect();
    const misconfigured = new StripePaymentGateway({
      secretKey: 'not-a-key',
      ...stripeEndpoint(stripeMockUrl),
      maxNetworkRetries: 0,
    });
    await expect(
      misconfigured.refund({ providerPaymentId: 'pi_1', amount: 1, idempotencyKey: 'k' }),
    ).rejects.toMatchObject({
      code: 'INTERNAL',
    });
  });

  it('turns a connection error into AppError UNAVAILABLE', async () => {
    const port = await freePort();
    const unreachable = new StripePaymentGateway({
      secretKey: 'sk_test_123',
      host: '127.0.0.1',
      port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const error = await unreachable
      .createPayment({
        reservationId: 'r',
        paymentId: 'p',
        amount: 100,
        currency: 'usd',
        paymentMethodId: 'pm_card_visa',
        idempotencyKey: 'k',
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    await expect(
      unreachable.refund({ providerPaymentId: 'pi_1', amount: 1, idempotencyKey: 'k' }),
    ).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });
});

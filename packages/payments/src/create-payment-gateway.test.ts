import { describe, expect, it } from 'vitest';
import { createPaymentGateway, paymentGatewayConfigFromEnv, stripeEndpoint } from './create-payment-gateway';
import { LocalPaymentGateway } from './local-gateway';
import { StripePaymentGateway } from './stripe-gateway';

const env = {
  STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
  PAYMENTS_WEBHOOK_URL: 'http://127.0.0.1:3000/webhooks/stripe',
  LOCAL_GATEWAY_WEBHOOK_DELAY_MS: 300,
};

describe('createPaymentGateway', () => {
  it('is local without a Stripe secret key', async () => {
    const gateway = createPaymentGateway(paymentGatewayConfigFromEnv(env));
    expect(gateway).toBeInstanceOf(LocalPaymentGateway);
    expect(gateway.provider).toBe('local');
    await gateway.close?.();
  });

  it('is Stripe with one', () => {
    const gateway = createPaymentGateway(
      paymentGatewayConfigFromEnv({
        ...env,
        STRIPE_SECRET_KEY: 'sk_test_123',
        STRIPE_API_BASE: 'http://127.0.0.1:12111',
      }),
    );
    expect(gateway).toBeInstanceOf(StripePaymentGateway);
    expect(gateway.provider).toBe('stripe');
  });

  it('splits an API base URL into the SDK options', () => {
    expect(stripeEndpoint('http://127.0.0.1:12111')).toEqual({
      host: '127.0.0.1',
      port: 12111,
      protocol: 'http',
    });
    expect(stripeEndpoint('https://api.stripe.com')).toEqual({
      host: 'api.stripe.com',
      port: 443,
      protocol: 'https',
    });
    expect(() => stripeEndpoint('ftp://x')).toThrow(/http/);
  });
});

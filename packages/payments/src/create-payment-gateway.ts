import { AppError } from '@boxoffice/domain';
import { type LocalGatewayOptions, LocalPaymentGateway } from './local-gateway';
import type { PaymentGateway } from './payment-gateway';
import { type StripeGatewayOptions, StripePaymentGateway } from './stripe-gateway';

export interface PaymentGatewayConfig {
  /** Use Stripe when set; otherwise the local gateway serves Stripe's test payment methods. */
  stripeSecretKey?: string | undefined;
  /** Another Stripe API base URL, e.g. stripe-mock's http://127.0.0.1:12111. */
  stripeApiBase?: string | undefined;
  /** The local gateway signs its webhooks with it (Stripe uses the endpoint's own secret). */
  webhookSecret: string;
  /** Where the local gateway delivers webhooks. */
  webhookUrl: string;
  /** Delay before the local gateway's first delivery attempt. */
  webhookDelayMs?: number | undefined;
  /** Finer knobs of either gateway (timeouts, retries, a webhook sender for tests). */
  stripe?: Omit<StripeGatewayOptions, 'secretKey'>;
  local?: Omit<LocalGatewayOptions, 'webhookSecret' | 'webhookUrl'>;
}

/** The env fields (packages/config `paymentsEnv`) the gateway is built from. */
export interface PaymentsEnvFields {
  STRIPE_SECRET_KEY?: string | undefined;
  STRIPE_API_BASE?: string | undefined;
  STRIPE_WEBHOOK_SECRET: string;
  PAYMENTS_WEBHOOK_URL: string;
  LOCAL_GATEWAY_WEBHOOK_DELAY_MS?: number | undefined;
}

export function paymentGatewayConfigFromEnv(env: PaymentsEnvFields): PaymentGatewayConfig {
  return {
    stripeSecretKey: env.STRIPE_SECRET_KEY,
    stripeApiBase: env.STRIPE_API_BASE,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    webhookUrl: env.PAYMENTS_WEBHOOK_URL,
    webhookDelayMs: env.LOCAL_GATEWAY_WEBHOOK_DELAY_MS,
  };
}

export function stripeEndpoint(apiBase: string): Pick<StripeGatewayOptions, 'host' | 'port' | 'protocol'> {
  const url = new URL(apiBase);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('INTERNAL', `STRIPE_API_BASE must be an http(s) URL, got ${apiBase}`);
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

/** Stripe when a secret key is configured, else the local gateway. */
export function createPaymentGateway(config: PaymentGatewayConfig): PaymentGateway {
  if (config.stripeSecretKey) {
    return new StripePaymentGateway({
      ...config.stripe,
      ...(config.stripeApiBase ? stripeEndpoint(config.stripeApiBase) : {}),
      secretKey: config.stripeSecretKey,
    });
  }
  return new LocalPaymentGateway({
    ...config.local,
    ...(config.webhookDelayMs === undefined ? {} : { webhookDelayMs: config.webhookDelayMs }),
    webhookSecret: config.webhookSecret,
    webhookUrl: config.webhookUrl,
  });
}

// Payments: one gateway interface, a Stripe and a local implementation, and webhook verification.
// Money is integer minor units plus an ISO currency; only Stripe PaymentMethod ids are accepted.

export { cardDataKeys, containsCardData, findCardData, looksLikeCardNumber } from './card-data';
export {
  createPaymentGateway,
  type PaymentGatewayConfig,
  type PaymentsEnvFields,
  paymentGatewayConfigFromEnv,
  stripeEndpoint,
} from './create-payment-gateway';
export { type LocalGatewayOptions, LocalPaymentGateway } from './local-gateway';
export type {
  CreatePaymentInput,
  CreatePaymentResult,
  PaymentGateway,
  PaymentOutcome,
  PaymentWebhookEvent,
  PaymentWebhookType,
  RefundInput,
  RefundResult,
} from './payment-gateway';
export { type StripeGatewayOptions, StripePaymentGateway } from './stripe-gateway';
export { paymentMethodForTestCard, type TestCard, testCards } from './test-cards';
export { type CardDecline, testPaymentMethods } from './test-payment-methods';
export type { WebhookDeliveryFailure, WebhookRequest, WebhookSender } from './webhook-delivery';
export { normaliseWebhookEvent } from './webhook-event';
export { defaultWebhookToleranceSeconds, signWebhookPayload, verifyWebhook } from './webhook-signature';

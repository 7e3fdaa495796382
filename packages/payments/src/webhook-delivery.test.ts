import { describe, expect, it } from 'vitest';
import { paymentIntentEvent } from './local-events';
import { WebhookDelivery, type WebhookDeliveryFailure, type WebhookRequest } from './webhook-delivery';
import { startWebhookReceiver } from './webhook-receiver.test-support';

const event = paymentIntentEvent(
  'evt_test',
  'pi_local_test',
  {
    reservationId: 'r',
    paymentId: 'p',
    amount: 100,
    currency: 'USD',
    paymentMethodId: 'pm_card_visa',
    idempotencyKey: 'k',
  },
  null,
  1,
);

describe('WebhookDelivery', () => {
  it('retries connection errors with backoff, then gives up after maxAttempts', async () => {
    const receiver = await startWebhookReceiver();
    await receiver.close();
    const failures: WebhookDeliveryFailure[] = [];
    const delivery = new WebhookDelivery({
      url: receiver.url,
      secret: 'whsec_x_0123456789abcdef',
      delayMs: 0,
      maxAttempts: 3,
      retryBaseDelayMs: 10,
      onGiveUp: (failure) => failures.push(failure),
    });
    delivery.enqueue(event);
    const deadline = Date.now() + 5000;
    while (failures.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(failures).toEqual([
      {
        eventId: 'evt_test',
        type: 'payment_intent.succeeded',
        attempts: 3,
        lastError: expect.stringMatching(/fetch failed/),
      },
    ]);
    await delivery.close();
  });

  it('uses an injected sender and spaces retries exponentially', async () => {
    const sent: Array<{ at: number; request: WebhookRequest }> = [];
    const delivery = new WebhookDelivery({
      url: 'http://example.invalid/hook',
      secret: 'whsec_x_0123456789abcdef',
      delayMs: 0,
      maxAttempts: 4,
      retryBaseDelayMs: 40,
      send: async (request) => {
        sent.push({ at: Date.now(), request });
        return { status: sent.length < 4 ? 503 : 204 };
      },
      onGiveUp: () => {
        throw new Error('should not give up');
      },
    });
    delivery.enqueue(event);
    const deadline = Date.now() + 5000;
    while (sent.length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const gaps = sent.slice(1).map((entry, index) => entry.at - (sent[index]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(155);
    expect(sent[0]?.request.headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    await delivery.close();
  });
});

import { describe, expect, it } from 'vitest';
import { normaliseWebhookEvent } from './webhook-event';

describe('normaliseWebhookEvent', () => {
  it('carries the decline of a payment_failed event', () => {
    const event = normaliseWebhookEvent({
      id: 'evt_2',
      type: 'payment_intent.payment_failed',
      created: 1,
      data: {
        object: {
          id: 'pi_2',
          object: 'payment_intent',
          amount: 100,
          currency: 'eur',
          metadata: { reservationId: 'r', paymentId: 'p' },
          last_payment_error: {
            code: 'card_declined',
            decline_code: 'insufficient_funds',
            message: 'Your card has insufficient funds.',
          },
        },
      },
    });
    expect(event).toMatchObject({
      providerPaymentId: 'pi_2',
      currency: 'EUR',
      failureCode: 'insufficient_funds',
      failureMessage: 'Your card has insufficient funds.',
    });
  });

  it('reads the PaymentIntent and refunded amount of charge.refunded', () => {
    const event = normaliseWebhookEvent({
      id: 'evt_3',
      type: 'charge.refunded',
      created: 2,
      data: {
        object: {
          id: 'ch_1',
          object: 'charge',
          amount: 500,
          amount_refunded: 200,
          currency: 'usd',
          payment_intent: 'pi_3',
          metadata: {},
        },
      },
    });
    expect(event).toMatchObject({
      providerPaymentId: 'pi_3',
      amount: 200,
      reservationId: null,
      paymentId: null,
    });
  });

  it('keeps unknown event types, with nulls for what they lack', () => {
    const event = normaliseWebhookEvent({
      id: 'evt_4',
      type: 'customer.created',
      created: 3,
      data: { object: { id: 'cus_1', object: 'customer' } },
    });
    expect(event).toEqual({
      id: 'evt_4',
      type: 'customer.created',
      created: 3,
      providerPaymentId: null,
      reservationId: null,
      paymentId: null,
      amount: null,
      currency: null,
      failureCode: null,
      failureMessage: null,
    });
  });
});

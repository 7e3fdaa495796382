import { createHmac } from 'node:crypto';
import { AppError } from '@boxoffice/domain';
import { describe, expect, it } from 'vitest';
import { signWebhookPayload, verifyWebhook } from './webhook-signature';

const secret = 'whsec_test_0123456789abcdef';
const payload = JSON.stringify(
  {
    id: 'evt_1',
    object: 'event',
    created: 1_764_000_000,
    type: 'payment_intent.succeeded',
    data: {
      object: {
        id: 'pi_1',
        object: 'payment_intent',
        amount: 8950,
        currency: 'usd',
        status: 'succeeded',
        metadata: { reservationId: 'r-1', paymentId: 'p-1' },
        last_payment_error: null,
      },
    },
  },
  null,
  2,
);
const now = () => Math.floor(Date.now() / 1000);

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected verifyWebhook to throw');
}

describe('verifyWebhook', () => {
  it('accepts a Stripe-signed payload and normalises the event', () => {
    const event = verifyWebhook(payload, signWebhookPayload(payload, secret), secret);
    expect(event).toEqual({
      id: 'evt_1',
      type: 'payment_intent.succeeded',
      created: 1_764_000_000,
      providerPaymentId: 'pi_1',
      reservationId: 'r-1',
      paymentId: 'p-1',
      amount: 8950,
      currency: 'USD',
      failureCode: null,
      failureMessage: null,
    });
    expect(verifyWebhook(Buffer.from(payload), signWebhookPayload(payload, secret), secret).id).toBe('evt_1');
  });

  it("signs exactly as Stripe documents: t=<unix>,v1=<hex HMAC-SHA256 of '<t>.<body>'>", () => {
    const t = now();
    const v1 = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');
    expect(signWebhookPayload(payload, secret, t)).toBe(`t=${t},v1=${v1}`);
    expect(verifyWebhook(payload, `t=${t},v1=${v1}`, secret).id).toBe('evt_1');
  });

  it('refuses a missing header', () => {
    const error = refusal(() => verifyWebhook(payload, undefined, secret));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/Missing Stripe-Signature/);
    expect(refusal(() => verifyWebhook(payload, '', secret)).details).toEqual([
      { field: 'Stripe-Signature', reason: 'missing' },
    ]);
  });

  it('refuses a malformed header', () => {
    const error = refusal(() => verifyWebhook(payload, 'garbage', secret));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details[0]?.reason).toBe('malformed');
  });

  it('refuses a bad signature, another secret, or an altered body', () => {
    const header = signWebhookPayload(payload, secret);
    for (const [body, head, key] of [
      [payload, `t=${now()},v1=${'0'.repeat(64)}`, secret],
      [payload, header, 'whsec_other_0123456789'],
      [payload.replace('8950', '1'), header, secret],
      [JSON.stringify(JSON.parse(payload)), header, secret],
    ] as const) {
      const error = refusal(() => verifyWebhook(body, head, key));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details[0]?.reason).toBe('mismatch');
      expect(error.message).toMatch(/does not match/);
    }
  });

  it('refuses a timestamp older than the tolerance', () => {
    const old = signWebhookPayload(payload, secret, now() - 301);
    const error = refusal(() => verifyWebhook(payload, old, secret));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details[0]?.reason).toBe('expired');
    expect(error.message).toMatch(/older than the 300 s tolerance/);
    expect(verifyWebhook(payload, old, secret, 600).id).toBe('evt_1');
  });

  it('refuses a signed body that is not a Stripe event', () => {
    const body = JSON.stringify({ hello: 'world' });
    const error = refusal(() => verifyWebhook(body, signWebhookPayload(body, secret), secret));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/unexpected shape/);
  });

  it('refuses a parsed body, which can never verify', () => {
    const parsed = JSON.parse(payload) as string;
    expect(refusal(() => verifyWebhook(parsed, signWebhookPayload(payload, secret), secret)).message).toMatch(
      /raw request body/,
    );
  });

  it('reports a missing signing secret as a server error', () => {
    expect(refusal(() => verifyWebhook(payload, 't=1,v1=00', '')).code).toBe('INTERNAL');
  });
});

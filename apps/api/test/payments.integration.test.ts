import { createHmac } from 'node:crypto';
import { releaseExpiredHold } from '@boxoffice/booking';
import { apiEnv, parseEnv } from '@boxoffice/config';
import { newInventoryId } from '@boxoffice/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEvent, fanToken } from './fixtures';
import { call, startTestApi, type TestApi, until } from './helpers';
import { checkInventory } from './invariants';
import { startWorker, type WorkerProcess } from './workers';

let api: TestApi;
let worker: WorkerProcess;
const secret = parseEnv(apiEnv).STRIPE_WEBHOOK_SECRET;

beforeAll(async () => {
  // The local gateway delivers its signed webhooks to this API; both learn the URL from env.
  const port = '3191';
  const webhookUrl = `http://127.0.0.1:${port}/webhooks/stripe`;
  api = await startTestApi({ PORT: port, PAYMENTS_WEBHOOK_URL: webhookUrl });
  worker = await startWorker({ PAYMENTS_WEBHOOK_URL: webhookUrl });
});
afterAll(async () => {
  await worker?.kill();
  await api?.close();
});

async function hold(seats = 2) {
  const event = await createTestEvent(api.services, seats);
  const fan = await fanToken(api.services);
  const res = await call(api.url, '/reserve', { token: fan.token, body: { eventID: event.eventId, userID: fan.id, ticketIDs: event.ticketIds } });
  expect(res.status).toBe(201);
  return { event, fan, reservationId: res.body.reservationID as string };
}

/** Sign like Stripe: t=<unix>,v1=HMAC-SHA256(secret, "t.payload"). */
function sign(payload: string, timestamp = Math.floor(Date.now() / 1000), key = secret) {
  const v1 = createHmac('sha256', key).update(`${timestamp}.${payload}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

function stripeEvent(id: string, type: string, reservationId: string, paymentId: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    id,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: `pi_test_${paymentId.replaceAll('-', '')}`, object: 'payment_intent', amount: 10000, currency: 'usd', metadata: { reservationId, paymentId }, ...extra } },
  });
}

const deliver = (payload: string, signature = sign(payload)) =>
  call(api.url, '/webhooks/stripe', { body: payload, headers: { 'stripe-signature': signature, 'content-type': 'application/json' } });

const ordersOf = async (reservationId: string) =>
  api.services.db.shards.forId(reservationId).db.selectFrom('orders').selectAll().where('reservation_id', '=', reservationId).execute();

describe('confirm and pay', () => {
  it('a test card that succeeds gives exactly one order and sold seats', async () => {
    const { event, fan, reservationId } = await hold();
    const res = await call(api.url, '/confirm', { token: fan.token, body: { reservationID: reservationId, paymentDetails: { paymentMethodId: 'pm_card_visa' } } });
    expect(res.status).toBe(200);
    const view = await until(
      () => call(api.url, `/reservations/${reservationId}`, { token: fan.token }),
      (r) => r.body.status === 'confirmed',
    );
    expect(view.body.status).toBe('confirmed');
    if (res.body.status === 'confirmed') expect(res.body.orderID).toBe(view.body.orderID);
    expect(await ordersOf(reservationId)).toHaveLength(1);
    const orders = await call(api.url, '/orders', { token: fan.token });
    expect(orders.body.orders.map((o: { orderID: string }) => o.orderID)).toEqual([view.body.orderID]);
    expect((await checkInventory(api.services, event.eventId)).problems).toEqual([]);
    expect(view.body.tickets.every((t: { status: string }) => t.status === 'sold')).toBe(true);
  });

  it('streams the reservation live over SSE: snapshot, payment_pending, confirmed with the order', async () => {
    const { fan, reservationId } = await hold();
    const controller = new AbortController();
    const response = await fetch(`${api.url}/reservations/${reservationId}/events?access_token=${fan.token}`, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const read = async () => {
      while (reader && !text.includes('"status":"confirmed"')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    };
    const reading = read();
    await new Promise((r) => setTimeout(r, 100));
    await call(api.url, '/confirm', { token: fan.token, body: { reservationID: reservationId, paymentDetails: { paymentMethodId: 'pm_card_visa' } } });
    await Promise.race([reading, new Promise((r) => setTimeout(r, 10_000))]);
    controller.abort();
    const events = text.split('\n\n').filter((block) => block.startsWith('event:'));
    expect(events[0]).toMatch(/^event: snapshot\ndata: .*"status":"held"/);
    expect(text).toContain('"status":"payment_pending"');
    expect(text).toMatch(/"status":"confirmed","orderID":"[0-9a-f-]{36}"/);
    expect((await call(api.url, `/reservations/${reservationId}/events`)).status).toBe(401);
  });

  it('a declined card answers 402, keeps the hold, and a retry can succeed', async () => {
    const { fan, reservationId } = await hold();
    const declined = await call(api.url, '/confirm', { token: fan.token, body: { reservationID: reservationId, paymentDetails: { paymentMethodId: 'pm_card_chargeDeclined' } } });
    expect(declined.status).toBe(402);
    expect(declined.body.error.code).toBe(402);
    const view = await call(api.url, `/reservations/${reservationId}`, { token: fan.token });
    expect(view.body.status).toBe('held');
    await call(api.url, '/confirm', { token: fan.token, body: { reservationID: reservationId, paymentDetails: { paymentMethodId: 'pm_card_visa' } } });
    const after = await until(() => call(api.url, `/reservations/${reservationId}`, { token: fan.token }), (r) => r.body.status === 'confirmed');
    expect(after.body.status).toBe('confirmed');
  });

  it('refuses card numbers with a 400 that says why, and stores nothing', async () => {
    const { fan, reservationId } = await hold();
    const res = await call(api.url, '/confirm', {
      token: fan.token,
      body: { reservationID: reservationId, paymentDetails: { cardNumber: '4242424242424242', expiry: '12/30', cvv: '123' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/card numbers are never accepted/);
    const payments = await api.services.db.shards.forId(reservationId).db.selectFrom('payments').select('id').where('reservation_id', '=', reservationId).execute();
    expect(payments).toEqual([]);
  });

  it('the same webhook three times at once and out of order makes exactly one order', async () => {
    const { fan, reservationId } = await hold();
    const shard = api.services.db.shards.forId(reservationId);
    // Pay with a card whose own webhook arrives late, then deliver a forged-free, signed sequence ourselves.
    const started = await call(api.url, '/confirm', { token: fan.token, body: { reservationID: reservationId, paymentDetails: { paymentMethodId: 'pm_card_visa' } } });
    expect(started.status).toBe(200);
    const payment = await shard.db.selectFrom('payments').select('id').where('reservation_id', '=', reservationId).executeTakeFirstOrThrow();
    const success = stripeEvent(`evt_dup_${payment.id}`, 'payment_intent.succeeded', reservationId, payment.id);
    const lateFailure = stripeEvent(`evt_fail_${payment.id}`, 'payment_intent.payment_failed', reservationId, payment.id, { last_payment_error: { code: 'card_declined', message: 'late' } });
    const answers = await Promise.all([deliver(success), deliver(lateFailure), deliver(success), deliver(success)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const view = await until(() => call(api.url, `/reservations/${reservationId}`, { token: fan.token }), (r) => r.body.status === 'confirmed');
    expect(view.body.status).toBe('confirmed');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await ordersOf(reservationId)).toHaveLength(1);
    const final = await shard.db.selectFrom('payments').select('status').where('id', '=', payment.id).executeTakeFirstOrThrow();
    expect(final.status).toBe('succeeded');
  });

  it('a bad or stale signature is a 400 and changes nothing', async () => {
    const { reservationId } = await hold();
    const payload = stripeEvent('evt_forged', 'payment_intent.succeeded', reservationId, '0190f3a0-0000-7000-8000-000000000001');
    expect((await deliver(payload, sign(payload, undefined, 'not-the-secret-at-all'))).status).toBe(400);
    expect((await deliver(payload, sign(payload, Math.floor(Date.now() / 1000) - 3600))).status).toBe(400);
    expect((await deliver(payload, '')).status).toBe(400);
    expect(await ordersOf(reservationId)).toEqual([]);
  });

  it('a payment that succeeds after its hold was lost is refunded automatically', async () => {
    const { event, reservationId } = await hold();
    const shard = api.services.db.shards.forId(reservationId);
    // A payment was in flight when the hold expired past its payment cap and its seats went back.
    const paymentId = newInventoryId(shard.index);
    await shard.db
      .insertInto('payments')
      .values({ id: paymentId, reservation_id: reservationId, provider: 'local', provider_payment_id: `pi_local_${paymentId.replaceAll('-', '')}`, amount: 10000, currency: 'USD', status: 'processing' })
      .execute();
    await shard.db.updateTable('reservations').set({ status: 'payment_pending', payment_deadline: new Date(Date.now() - 1000) }).where('id', '=', reservationId).execute();
    await releaseExpiredHold(api.services.booking.deps, reservationId);
    const late = stripeEvent(`evt_late_${paymentId}`, 'payment_intent.succeeded', reservationId, paymentId);
    expect((await deliver(late)).status).toBe(200);
    const refunded = await until(
      () => shard.db.selectFrom('payments').select(['status', 'refund_id']).where('id', '=', paymentId).executeTakeFirstOrThrow(),
      (p) => p.status === 'refunded',
    );
    expect(refunded.status).toBe('refunded');
    expect(refunded.refund_id).toBeTruthy();
    expect(await ordersOf(reservationId)).toEqual([]);
    const inventory = await checkInventory(api.services, event.eventId);
    expect(inventory.problems).toEqual([]);
    expect(inventory.tickets.every((t) => t.status === 'available')).toBe(true);
  });
});

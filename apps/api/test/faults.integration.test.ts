import { keys } from '@boxoffice/queue';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEvent, fanToken } from './fixtures';
import { call, startTestApi, type TestApi, until } from './helpers';
import { checkInventory } from './invariants';
import { startWorker, type WorkerProcess } from './workers';

let api: TestApi;
const running: WorkerProcess[] = [];
const HOLD_SECONDS = '3';

beforeAll(async () => {
  // Short holds and a fast sweep so expiry can be watched; answers come late after a kill.
  api = await startTestApi({ RESERVE_WAIT_MS: '2000' });
});
afterAll(async () => {
  await Promise.all(running.map((w) => w.kill()));
  await api?.close();
});

async function worker(env: Record<string, string> = {}) {
  const started = await startWorker({ HOLD_SECONDS, SWEEP_INTERVAL_MS: '1000', ...env });
  running.push(started);
  return started;
}

describe('hold expiry', () => {
  it('frees the seats, publishes the change, and an expired hold cannot be confirmed', async () => {
    const w = await worker();
    const event = await createTestEvent(api.services, 2);
    const fan = await fanToken(api.services);
    const subscriber = new Redis(process.env.REDIS_URL ?? '');
    const changes: { status: string }[] = [];
    subscriber.on('message', (_channel, message) => changes.push(...JSON.parse(message).changes));
    await subscriber.subscribe(keys.seatsChannel(event.eventId));

    const res = await call(api.url, '/reserve', { token: fan.token, body: { eventID: event.eventId, userID: fan.id, ticketIDs: event.ticketIds } });
    expect(res.status).toBe(201);
    expect(res.body.expiresIn).toBeLessThanOrEqual(3);
    const view = await until(() => call(api.url, `/reservations/${res.body.reservationID}`, { token: fan.token }), (r) => r.body.status === 'expired');
    expect(view.body.status).toBe('expired');
    await until(async () => changes.length, (n) => n >= 4);
    expect(changes.map((c) => c.status)).toEqual(['reserved', 'reserved', 'available', 'available']);
    const confirm = await call(api.url, '/confirm', { token: fan.token, body: { reservationID: res.body.reservationID, paymentDetails: { paymentMethodId: 'pm_card_visa' } } });
    expect(confirm.status).toBe(409);
    expect((await checkInventory(api.services, event.eventId)).tickets.every((t) => t.status === 'available')).toBe(true);
    await subscriber.quit();
    await w.kill();
  });
});

describe('a worker killed mid-stream', () => {
  it('after a restart every reservation reaches a final state and no seat is double-held', async () => {
    const event = await createTestEvent(api.services, 60);
    const first = await worker({ RESERVE_CONCURRENCY: '4', HOLD_SECONDS: '900' });
    const fans = await Promise.all(Array.from({ length: 120 }, () => fanToken(api.services)));
    const requests = fans.map((fan, i) =>
      call(api.url, '/reserve', {
        token: fan.token,
        body: { eventID: event.eventId, userID: fan.id, ticketIDs: [event.ticketIds[i % 60], event.ticketIds[(i * 7 + 1) % 60]].filter((id, k, all) => all.indexOf(id) === k) },
      }),
    );
    await new Promise((r) => setTimeout(r, 150));
    await first.kill('SIGKILL');
    const answers = await Promise.all(requests);
    expect(answers.every((a) => [201, 202, 409].includes(a.status))).toBe(true);
    await worker({ RESERVE_CONCURRENCY: '4', HOLD_SECONDS: '900' });
    // Jobs the killed worker held are stalled; the new worker takes them back once their lock lapses.
    const queue = api.services.queues.get(`reserve-${event.eventId}`);
    const counts = await until(() => queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized'), (c) => Object.values(c).every((n) => n === 0), 60_000);
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    const inventory = await checkInventory(api.services, event.eventId);
    expect(inventory.problems).toEqual([]);
    const live = new Set(inventory.live.map((r) => r.id));
    for (const answer of answers.filter((a) => a.status === 201)) expect(live.has(answer.body.reservationID)).toBe(true);
    // Every reservation is final: held, or refused (no row). None is left half-made.
    expect(inventory.reservations.every((r) => r.status === 'held')).toBe(true);
  }, 120_000);
});

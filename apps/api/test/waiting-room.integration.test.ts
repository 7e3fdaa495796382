import { randomUUID } from 'node:crypto';
import { releaseExpiredHold } from '@boxoffice/booking';
import { apiEnv, parseEnv } from '@boxoffice/config';
import { createQueueTokens, queueKeys } from '@boxoffice/waiting-room';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEvent } from './fixtures';
import { call, startTestApi, type TestApi, until } from './helpers';
import { openSse, type SseMessage } from './sse';
import { startWorker, type WorkerProcess } from './workers';

let api: TestApi;
let worker: WorkerProcess;
let admin: string;
const configured: string[] = [];

beforeAll(async () => {
  api = await startTestApi();
  // A real worker runs the admission loops (and the reserve queues), as in production.
  worker = await startWorker({ WAITING_ROOM_TICK_MS: '50', WAITING_ROOM_GRACE_SECONDS: '600' });
  admin = (
    await api.services.signer.sign({
      id: randomUUID(),
      email: 'queue-admin@example.test',
      role: 'admin',
      isMember: false,
    })
  ).token;
});
afterAll(async () => {
  // Queues switched off again, so workers of later runs sharing this database leave them alone.
  for (const eventId of configured)
    await api.services.db.catalog
      .updateTable('event_queue_settings')
      .set({ enabled: false })
      .where('event_id', '=', eventId)
      .execute();
  await worker?.kill();
  await api?.close();
});

async function fan(isMember = false) {
  const id = randomUUID();
  const { token } = await api.services.signer.sign({
    id,
    email: `${id}@example.test`,
    role: 'customer',
    isMember,
  });
  return { id, token };
}

async function configure(
  eventId: string,
  settings: {
    opensAt?: string | null;
    admissionRatePerSecond: number;
    memberPriority?: boolean;
    enabled?: boolean;
  },
) {
  configured.push(eventId);
  const res = await call(api.url, `/admin/events/${eventId}/queue`, {
    method: 'PUT',
    token: admin,
    body: { enabled: true, memberPriority: true, ...settings },
  });
  expect(res.status).toBe(200);
  return res.body;
}

const join = (eventId: string, token: string) =>
  call(api.url, '/queue/join', { token, body: { eventID: eventId } });
const status = (eventId: string, token: string) => call(api.url, `/queue/${eventId}`, { token });
const admitted = (eventId: string, token: string) =>
  until(
    () => status(eventId, token),
    (res) => res.body?.state === 'admitted',
  ).then((res) => {
    expect(res.body.state).toBe('admitted');
    return res.body as { accessToken: string; accessExpiresIn: number };
  });

/** Spearman's rank correlation of two rankings of the same items (0 for unrelated orders). */
function spearman(a: number[], b: number[]): number {
  const n = a.length;
  const d2 = a.reduce((sum, x, i) => sum + (x - (b[i] ?? 0)) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

/** Pearson's chi-square of a decile-by-decile table of two rankings (81 degrees of freedom when independent). */
function decileChiSquare(a: number[], b: number[]): number {
  const n = a.length;
  const table = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (let i = 0; i < n; i++) {
    const row = table[Math.floor(((a[i] ?? 0) * 10) / n)];
    if (row) row[Math.floor(((b[i] ?? 0) * 10) / n)] = (row[Math.floor(((b[i] ?? 0) * 10) / n)] ?? 0) + 1;
  }
  const expected = n / 100;
  return table.flat().reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
}

describe('waiting room settings', () => {
  it('are set by admins only, validated, and readable by anyone', async () => {
    const { eventId } = await createTestEvent(api.services, 1);
    const customer = await fan();
    const body = { enabled: true, opensAt: null, admissionRatePerSecond: 50, memberPriority: true };
    expect(
      (await call(api.url, `/admin/events/${eventId}/queue`, { method: 'PUT', token: customer.token, body }))
        .status,
    ).toBe(403);
    const bad = await call(api.url, `/admin/events/${eventId}/queue`, {
      method: 'PUT',
      token: admin,
      body: { ...body, opensAt: 'tomorrow', admissionRatePerSecond: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'admissionRatePerSecond',
      'opensAt',
    ]);
    expect(
      (await call(api.url, `/admin/events/${randomUUID()}/queue`, { method: 'PUT', token: admin, body }))
        .status,
    ).toBe(404);

    const opensAt = new Date(Date.now() + 3_600_000).toISOString();
    const saved = await configure(eventId, { opensAt, admissionRatePerSecond: 12.5, memberPriority: false });
    expect(saved).toEqual({
      eventID: eventId,
      enabled: true,
      opensAt,
      admissionRatePerSecond: 12.5,
      memberPriority: false,
    });
    expect((await call(api.url, `/queue/${eventId}/settings`)).body).toEqual(saved);
    const off = await call(api.url, `/queue/${randomUUID()}/settings`);
    expect(off.body).toMatchObject({ enabled: false, opensAt: null });
  });

  it('a fan of an event without a queue is not queued; joining is rate limited', async () => {
    const { eventId } = await createTestEvent(api.services, 1);
    const someone = await fan();
    const res = await join(eventId, someone.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      eventID: eventId,
      state: 'not_queued',
      position: null,
      queueToken: null,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await join(eventId, someone.token)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect((await call(api.url, '/queue/join', { body: { eventID: eventId } })).status).toBe(401);
  });
});

describe('pre-queue and opening', () => {
  it('10,000 fans joining before the opening are in a random order at the opening, members ahead of all others', async () => {
    // One seat and a trickle of a rate: nobody is admitted while the order is read.
    const { eventId } = await createTestEvent(api.services, 1);
    await configure(eventId, {
      opensAt: new Date(Date.now() + 3_600_000).toISOString(),
      admissionRatePerSecond: 0.01,
    });
    const total = 10_000;
    const fans = await Promise.all(Array.from({ length: total }, (_, i) => fan(i % 10 === 3)));
    let shownUp = Date.now();
    for (let i = 0; i < total; i += 100) {
      // Waiting fans keep their SSE streams open; this marks them present the same way, so no admission
      // loop (this run's or another's sharing the database) reaps them while the others are still joining.
      if (Date.now() - shownUp > 5000) {
        shownUp = Date.now();
        await api.services.waitingRoom.standings(
          eventId,
          fans.slice(0, i).map((f) => f.id),
          true,
        );
      }
      const answers = await Promise.all(fans.slice(i, i + 100).map((f) => join(eventId, f.token)));
      for (const answer of answers)
        expect(answer.body).toMatchObject({
          state: 'prequeue',
          position: null,
          queueToken: expect.any(String),
        });
    }
    await configure(eventId, { opensAt: new Date().toISOString(), admissionRatePerSecond: 0.01 });
    const order = await api.services.redis.zrange(queueKeys(eventId).queue, 0, -1);
    expect(order).toHaveLength(total);

    const rank = new Map(order.map((id, i) => [id, i]));
    const members = fans.filter((_, i) => i % 10 === 3);
    const others = fans.filter((_, i) => i % 10 !== 3);
    const memberRanks = members.map((f) => rank.get(f.id) ?? -1);
    const otherRanks = others.map((f) => rank.get(f.id) ?? -1);
    expect(Math.max(...memberRanks)).toBeLessThan(Math.min(...otherRanks));

    // Join order against queue order, among the non-members: a random permutation is uncorrelated
    // (|rho| under 5 standard deviations, 1/sqrt(n-1) each) and fills a decile table evenly
    // (chi-square with 81 degrees of freedom: mean 81, 150 is beyond p = 1e-6). First come, first
    // served would give rho = 1.
    const joinOrder = others.map((_, i) => i);
    const queueOrder = otherRanks.map((r) => r - members.length);
    expect(Math.abs(spearman(joinOrder, queueOrder))).toBeLessThan(5 / Math.sqrt(others.length - 1));
    expect(decileChiSquare(joinOrder, queueOrder)).toBeLessThan(150);
    expect(
      Math.abs(
        spearman(
          members.map((_, i) => i),
          memberRanks,
        ),
      ),
    ).toBeLessThan(5 / Math.sqrt(members.length - 1));

    // Positions as fans see them, once open.
    for (const f of [members[0], others[0], others[others.length - 1]]) {
      const res = await status(eventId, f?.token ?? '');
      expect(res.body.position).toBe((rank.get(f?.id ?? '') ?? -2) + 1);
      expect(res.body.ahead).toBe(rank.get(f?.id ?? ''));
    }
  }, 300_000);
});

describe('reserving a queued event', () => {
  it("needs the fan's own, live access token for this event (403 otherwise); events without a queue are unaffected", async () => {
    const event = await createTestEvent(api.services, 6);
    const other = await createTestEvent(api.services, 2);
    await configure(event.eventId, { opensAt: null, admissionRatePerSecond: 50 });
    await configure(other.eventId, { opensAt: null, admissionRatePerSecond: 50 });
    const [a, b] = [await fan(), await fan()];
    for (const f of [a, b])
      expect((await join(event.eventId, f.token)).body.state).toMatch(/waiting|admitted/);
    expect((await join(other.eventId, a.token)).status).toBe(200);
    const [aAccess, bAccess, aOther] = [
      await admitted(event.eventId, a.token),
      await admitted(event.eventId, b.token),
      await admitted(other.eventId, a.token),
    ];
    expect(aAccess.accessExpiresIn).toBeGreaterThan(0);

    const reserve = (accessToken?: string, ticket = event.ticketIds[0]) =>
      call(api.url, '/reserve', {
        token: a.token,
        body: {
          eventID: event.eventId,
          userID: a.id,
          ticketIDs: [ticket],
          ...(accessToken ? { accessToken } : {}),
        },
      });
    const expired = createQueueTokens(parseEnv(apiEnv).JWT_SECRET).accessToken(
      a.id,
      event.eventId,
      Date.now() - 5000,
    );
    for (const [token, reason] of [
      [undefined, 'missing'],
      [bAccess.accessToken, 'issued to another user'],
      [expired, 'expired'],
      [aOther.accessToken, 'issued for another event'],
      ['not-a-token', 'invalid'],
    ] as const) {
      const res = await reserve(token);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/join the queue/);
      expect(res.body.error.details).toEqual([{ field: 'accessToken', reason }]);
    }
    const held = await reserve(aAccess.accessToken);
    expect(held.status).toBe(201);
    // The grant became held seats: it runs out within the settle time and is then logged as reserved
    // (the log itself is covered in packages/waiting-room, away from other processes' admission loops).
    const k = queueKeys(event.eventId);
    const [grant, record] = await Promise.all([api.services.redis.zscore(k.admitted, a.id), api.services.redis.hget(k.fans, a.id)]);
    expect(Number(grant)).toBeLessThanOrEqual(Date.now() + 2500);
    expect(record).toMatch(/^0:\d+:\d+:r$/);

    const plain = await createTestEvent(api.services, 1);
    const res = await call(api.url, '/reserve', {
      token: a.token,
      body: { eventID: plain.eventId, userID: a.id, ticketIDs: plain.ticketIds },
    });
    expect(res.status).toBe(201);
  });
});

describe('live progress', () => {
  it('positions reach a subscribed fan and never go up; then admitted with an access token; resumable', async () => {
    const { eventId } = await createTestEvent(api.services, 100);
    await configure(eventId, { opensAt: null, admissionRatePerSecond: 4 });
    const fans = await Promise.all(Array.from({ length: 10 }, () => fan()));
    for (const f of fans) await join(eventId, f.token);
    const last = fans[fans.length - 1] as { token: string; id: string };
    const joined = await join(eventId, last.token);
    expect((await call(api.url, `/queue/${eventId}/stream?token=nope`)).status).toBe(401);
    expect(
      (await call(api.url, `/queue/${randomUUID()}/stream?token=${joined.body.queueToken}`)).status,
    ).toBe(401);

    const stream = await openSse(`${api.url}/queue/${eventId}/stream?token=${joined.body.queueToken}`);
    expect(stream.status).toBe(200);
    const done = await stream.next((m) => m.event === 'admitted', 30_000);
    stream.close();
    const progress = stream.messages
      .filter((m) => m.event === 'progress')
      .map((m) => m.data as { position: number; etaSeconds: number | null; state: string });
    const positions = progress.map((p) => p.position);
    expect(new Set(positions).size).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < positions.length; i++)
      expect(positions[i]).toBeLessThanOrEqual(positions[i - 1] ?? 0);
    expect(progress.every((p) => p.state === 'waiting' && typeof p.etaSeconds === 'number')).toBe(true);
    expect((done.data as { accessToken: string }).accessToken).toEqual(expect.any(String));
    const ids = stream.messages.map((m) => Number(m.id));
    expect(ids).toEqual(ids.map((_, i) => (ids[0] ?? 0) + i));

    // Reconnecting continues the sequence and starts with the current status.
    const again = await openSse(`${api.url}/queue/${eventId}/stream?token=${joined.body.queueToken}`, {
      'last-event-id': String(done.id),
    });
    const first = await again.next(() => true);
    again.close();
    expect(first).toMatchObject({ event: 'admitted', id: String(Number(done.id) + 1) });

    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`waiting_room_queue_length\\{event_id="${eventId}"\\} \\d+`));
    expect(metrics).toMatch(new RegExp(`waiting_room_admission_rate\\{event_id="${eventId}"\\} [\\d.]+`));
    expect(metrics).toMatch(new RegExp(`waiting_room_wait_seconds\\{event_id="${eventId}"\\} [\\d.]+`));
  }, 60_000);

  it('stock runs out: admission stops and waiting fans hear sold out; a hold expires: admission resumes', async () => {
    const event = await createTestEvent(api.services, 2);
    await configure(event.eventId, { opensAt: null, admissionRatePerSecond: 20 });
    const [a, b, c] = [await fan(), await fan(), await fan()];
    for (const f of [a, b, c]) await join(event.eventId, f.token);
    const [aAccess, bAccess] = [
      await admitted(event.eventId, a.token),
      await admitted(event.eventId, b.token),
    ];
    // Two seats, two live grants: the third fan waits.
    const waiting = await status(event.eventId, c.token);
    expect(waiting.body).toMatchObject({ state: 'waiting', position: 1, ahead: 0 });

    const stream = await openSse(`${api.url}/queue/${event.eventId}/stream?token=${waiting.body.queueToken}`);
    await stream.next((m) => m.event === 'progress');
    const holds = [];
    for (const [f, access, ticket] of [
      [a, aAccess, event.ticketIds[0]],
      [b, bAccess, event.ticketIds[1]],
    ] as const) {
      const res = await call(api.url, '/reserve', {
        token: f.token,
        body: { eventID: event.eventId, userID: f.id, ticketIDs: [ticket], accessToken: access.accessToken },
      });
      expect(res.status).toBe(201);
      holds.push(res.body.reservationID as string);
    }
    const soldOut: SseMessage = await stream.next((m) => m.event === 'sold_out', 15_000);
    expect(soldOut.data).toMatchObject({ state: 'sold_out', position: 1, etaSeconds: null });

    // The first hold runs out (as the expiry job would release it): a seat is back, the third fan is admitted.
    const shard = api.services.db.shards.forEvent(event.eventId);
    await shard.db
      .updateTable('reservations')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('id', '=', holds[0] ?? '')
      .execute();
    expect((await releaseExpiredHold(api.services.booking.deps, holds[0] ?? '')).released).toBe(true);
    const resumed = await stream.next((m) => m.event === 'admitted', 15_000);
    stream.close();
    expect((resumed.data as { accessToken: string | null }).accessToken).toEqual(expect.any(String));
  }, 60_000);
});

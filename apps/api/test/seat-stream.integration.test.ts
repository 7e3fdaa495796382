import { randomUUID } from 'node:crypto';
import { publishSeatChanges } from '@boxoffice/booking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEvent, fanToken } from './fixtures';
import { call, startTestApi, type TestApi } from './helpers';
import { openSse, type SseClient, type SseMessage } from './sse';
import { startWorker, type WorkerProcess } from './workers';

let api: TestApi;
let worker: WorkerProcess;
const clients: SseClient[] = [];

beforeAll(async () => {
  api = await startTestApi();
  worker = await startWorker();
});
afterAll(async () => {
  for (const client of clients) client.close();
  await worker?.kill();
  await api?.close();
});

interface SeatsData {
  seq: number;
  changes: { ticketID: string; status: string }[];
}

async function subscribe(eventId: string, options: { lastEventId?: string; since?: number } = {}) {
  const query = options.since === undefined ? '' : `?since=${options.since}`;
  const client = await openSse(
    `${api.url}/events/${eventId}/seats/stream${query}`,
    options.lastEventId ? { 'last-event-id': options.lastEventId } : {},
  );
  clients.push(client);
  return client;
}

/** The seat states a client has been told, applying its `seats` frames in order. */
function seen(messages: SseMessage[]): Record<string, string> {
  const state: Record<string, string> = {};
  for (const m of messages)
    if (m.event === 'seats')
      for (const change of (m.data as SeatsData).changes) state[change.ticketID] = change.status;
  return state;
}

const hasSeats = (ticketIds: string[], status: string) => (m: SseMessage) =>
  m.event === 'seats' &&
  ticketIds.every((id) =>
    (m.data as SeatsData).changes.some((c) => c.ticketID === id && c.status === status),
  );

async function reserve(eventId: string, ticketIds: string[]) {
  const fan = await fanToken(api.services);
  const res = await call(api.url, '/reserve', {
    token: fan.token,
    body: { eventID: eventId, userID: fan.id, ticketIDs: ticketIds },
  });
  expect(res.status).toBe(201);
  return { fan, reservationId: res.body.reservationID as string };
}

describe('GET /events/{eventID}/seats/stream', () => {
  it('relays a hold made by a worker to a subscribed client, with the sequence as the event id', async () => {
    const event = await createTestEvent(api.services, 10);
    const client = await subscribe(event.eventId);
    expect(client.status).toBe(200);
    const ready = await client.next((m) => m.event === 'ready');
    const held = event.ticketIds.slice(0, 2);
    await reserve(event.eventId, held);
    const frame = await client.next(hasSeats(held, 'reserved'));
    expect(Number(frame.id)).toBe((frame.data as SeatsData).seq);
    expect(Number(frame.id)).toBeGreaterThan(Number(ready.id));
  });

  it('a reconnect with the last sequence gets everything it missed, then live changes', async () => {
    const event = await createTestEvent(api.services, 10);
    const first = await subscribe(event.eventId);
    await first.next((m) => m.event === 'ready');
    const a = await reserve(event.eventId, [event.ticketIds[0] as string, event.ticketIds[1] as string]);
    const last = await first.next(hasSeats([event.ticketIds[0] as string], 'reserved'));
    first.close();

    // While disconnected: a new hold, and the first one let go.
    await reserve(event.eventId, [event.ticketIds[2] as string, event.ticketIds[3] as string]);
    expect(
      (await call(api.url, `/reservations/${a.reservationId}`, { method: 'DELETE', token: a.fan.token }))
        .status,
    ).toBe(200);

    const again = await subscribe(event.eventId, { lastEventId: last.id ?? '' });
    const ready = await again.next((m) => m.event === 'ready');
    const beforeReady = again.messages.slice(0, again.messages.indexOf(ready));
    expect(seen(beforeReady)).toEqual({
      [event.ticketIds[0] as string]: 'available',
      [event.ticketIds[1] as string]: 'available',
      [event.ticketIds[2] as string]: 'reserved',
      [event.ticketIds[3] as string]: 'reserved',
    });
    await reserve(event.eventId, [event.ticketIds[4] as string]);
    await again.next(hasSeats([event.ticketIds[4] as string], 'reserved'));

    // ?since= works the same way (EventSource cannot set headers before its first connection).
    const fromStart = await subscribe(event.eventId, { since: Number(last.id) - 1 });
    await fromStart.next((m) => m.event === 'ready');
    expect(seen(fromStart.messages)).toMatchObject({
      [event.ticketIds[4] as string]: 'reserved',
      [event.ticketIds[0] as string]: 'available',
    });
  });

  it('coalesces a burst of changes into fewer frames that end in the same state', async () => {
    const event = await createTestEvent(api.services, 10);
    const client = await subscribe(event.eventId);
    await client.next((m) => m.event === 'ready');
    for (const [i, id] of event.ticketIds.slice(0, 5).entries()) {
      await publishSeatChanges(api.services.redis, event.eventId, [
        { ticketID: id, status: i % 2 ? 'sold' : 'reserved' },
      ]);
    }
    const lastTicket = event.ticketIds[4] as string;
    await client.next(hasSeats([lastTicket], 'reserved'));
    const frames = client.messages.filter((m) => m.event === 'seats');
    expect(frames.length).toBeLessThan(5);
    expect(Object.keys(seen(client.messages))).toHaveLength(5);
  });

  it('tells a client whose gap is older than the log to refetch availability', async () => {
    const event = await createTestEvent(api.services, 4);
    for (const id of event.ticketIds)
      await publishSeatChanges(api.services.redis, event.eventId, [{ ticketID: id, status: 'sold' }]);
    await api.services.redis.ltrim(`seats:log:${event.eventId}`, -1, -1);
    const client = await subscribe(event.eventId, { since: 1 });
    const reset = await client.next((m) => m.event === 'reset');
    expect(reset).toMatchObject({ id: '4', data: { seq: 4 } });
    const ahead = await subscribe(event.eventId, { since: 99 });
    await ahead.next((m) => m.event === 'reset');
  });

  it('400 for a malformed id or sequence, 404 for an unknown event', async () => {
    const event = await createTestEvent(api.services, 1);
    const malformed = await call(api.url, '/events/nope/seats/stream');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].field).toBe('eventID');
    const badSince = await call(api.url, `/events/${event.eventId}/seats/stream?since=-3`);
    expect(badSince.status).toBe(400);
    expect(badSince.body.error.details[0].field).toBe('since');
    expect((await call(api.url, `/events/${randomUUID()}/seats/stream`)).status).toBe(404);
  });
});

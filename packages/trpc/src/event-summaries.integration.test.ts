import { randomUUID } from 'node:crypto';
import { databaseEnv, parseEnv } from '@boxoffice/config';
import { connectDatabases, type Databases } from '@boxoffice/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type Services } from './context';
import { eventSummariesRouter } from './routers/event-summaries';
import { createCallerFactory } from './trpc';

let db: Databases;
let services: Services;
const venueId = randomUUID();
const listed = randomUUID();
const draft = randomUUID();

beforeAll(async () => {
  db = connectDatabases(parseEnv(databaseEnv));
  // Only the catalog is read; the rate limit (Redis) is not what this test is about.
  services = { db, rateLimits: { consume: async () => {} } } as unknown as Services;
  await db.catalog
    .insertInto('venues')
    .values({
      id: venueId,
      name: 'Summary Hall',
      address: '1 Test St',
      city: 'Lisbon',
      country: 'PT',
      capacity: 10,
    })
    .execute();
  await db.catalog
    .insertInto('events')
    .values(
      [listed, draft].map((id, i) => ({
        id,
        name: i === 0 ? 'Summary Night' : 'Secret Show',
        description: 'x',
        type: 'concert' as const,
        starts_at: new Date('2027-03-04T20:00:00Z'),
        on_sale_at: new Date('2026-01-01T00:00:00Z'),
        venue_id: venueId,
        status: i === 0 ? ('on_sale' as const) : ('draft' as const),
      })),
    )
    .execute();
});
afterAll(async () => {
  await db?.destroy();
});

const call = async () =>
  createCallerFactory(eventSummariesRouter)(await createContext(services, { headers: {}, ip: '127.0.0.1' }));

describe('eventSummaries.list', () => {
  it('answers name, date and venue of listed events only', async () => {
    const { events } = await (await call()).list({ eventIDs: [listed, draft, listed, randomUUID()] });
    expect(events).toEqual([
      {
        eventID: listed,
        name: 'Summary Night',
        date: '2027-03-04T20:00:00.000Z',
        status: 'on_sale',
        venue: { name: 'Summary Hall', city: 'Lisbon' },
      },
    ]);
  });

  it('refuses malformed ids and oversized lists with the field named', async () => {
    await expect((await call()).list({ eventIDs: ['nope'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      (await call()).list({ eventIDs: Array.from({ length: 51 }, () => randomUUID()) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

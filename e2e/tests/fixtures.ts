import { randomUUID } from 'node:crypto';
import { createTokenSigner, ensureUser, loginUser } from '@boxoffice/auth';
import { authEnv, databaseEnv, parseEnv } from '@boxoffice/config';
import { connectDatabases, type Databases, newInventoryId } from '@boxoffice/db';
import type { BrowserContext } from 'playwright-core';

/**
 * Data the browser tests need, made fresh for every run: the test database is shared and never
 * truncated, so every event, venue and user here has a unique name.
 */
let databases: Databases | null = null;
const db = () => {
  databases ??= connectDatabases(parseEnv(databaseEnv));
  return databases;
};

export async function closeFixtures(): Promise<void> {
  await databases?.destroy();
  databases = null;
}

/** A letters-only word unique to this run, so a search for it finds exactly our event. */
export const uniqueWord = (prefix: string) =>
  `${prefix}${randomUUID()
    .replaceAll('-', '')
    .replace(/\d/g, (d) => 'abcdefghij'[Number(d)] ?? 'x')
    .slice(0, 10)}`;

export interface FixtureEvent {
  eventId: string;
  name: string;
  /** Seat labels ("A-1-1") to ticket ids. */
  tickets: Map<string, string>;
}

export interface FixtureEventOptions {
  name: string;
  city?: string;
  /** Sections in a grid, each `rows` x `seatsPerRow`; the first half of them priced higher. */
  sections?: number;
  rows?: number;
  seatsPerRow?: number;
}

/**
 * An on-sale event at a venue with a real seating map (sections A, B, ... in a grid facing a stage),
 * two price tiers, a performer, and one ticket per seat on the event's shard.
 */
export async function createEvent(options: FixtureEventOptions): Promise<FixtureEvent> {
  const { catalog, shards } = db();
  const sectionCount = options.sections ?? 2;
  const rows = options.rows ?? 2;
  const seatsPerRow = options.seatsPerRow ?? 5;
  const seatPitch = 10;
  const rowPitch = 12;
  const perLine = Math.ceil(Math.sqrt(sectionCount));
  const sectionWidth = seatsPerRow * seatPitch;
  const sectionHeight = rows * rowPitch;
  const sections = Array.from({ length: sectionCount }, (_, i) => ({
    code: sectionCode(i),
    name: `Section ${sectionCode(i)}`,
    tier: i < sectionCount / 2 ? 'P1' : 'P2',
    x: 20 + (i % perLine) * (sectionWidth + 30),
    y: 120 + Math.floor(i / perLine) * (sectionHeight + 30),
    rotation: 0,
    seatPitch,
    rowPitch,
    rows: Array.from({ length: rows }, (_, r) => ({ label: String(r + 1), seats: seatsPerRow })),
  }));
  const width = 40 + perLine * (sectionWidth + 30);
  const seatingMap = {
    version: 1,
    width,
    height: 160 + Math.ceil(sectionCount / perLine) * (sectionHeight + 30),
    stage: { label: 'Stage', x: width / 4, y: 20, width: width / 2, height: 60, shape: 'rect' },
    sections,
  };

  const venueId = randomUUID();
  const eventId = randomUUID();
  const performerId = randomUUID();
  await catalog.transaction().execute(async (trx) => {
    await trx
      .insertInto('venues')
      .values({
        id: venueId,
        name: `The ${options.name.split(' ')[0]} Hall`,
        address: '1 Test Street',
        city: options.city ?? 'Springfield',
        country: 'US',
        capacity: sectionCount * rows * seatsPerRow,
        seating_map: JSON.stringify(seatingMap),
      })
      .execute();
    await trx
      .insertInto('performers')
      .values({ id: performerId, name: `${options.name} Band`, type: 'artist' })
      .execute();
    await trx
      .insertInto('events')
      .values({
        id: eventId,
        name: options.name,
        description: `${options.name}: one night only, with the full band.`,
        type: 'concert',
        starts_at: new Date(Date.now() + 30 * 86_400_000),
        on_sale_at: new Date(Date.now() - 86_400_000),
        venue_id: venueId,
        status: 'on_sale',
      })
      .execute();
    await trx
      .insertInto('event_performers')
      .values({ event_id: eventId, performer_id: performerId, billing_order: 0 })
      .execute();
    await trx
      .insertInto('event_price_tiers')
      .values([
        { event_id: eventId, code: 'P1', name: 'Front', price_amount: 8900, currency: 'USD' },
        { event_id: eventId, code: 'P2', name: 'Back', price_amount: 4500, currency: 'USD' },
      ])
      .execute();
  });

  const shard = shards.forEvent(eventId);
  const tickets = sections.flatMap((section) =>
    section.rows.flatMap((row) =>
      Array.from({ length: row.seats }, (_, s) => ({
        id: newInventoryId(shard.index),
        event_id: eventId,
        section: section.code,
        row_label: row.label,
        seat_number: s + 1,
        seat_label: `${section.code}-${row.label}-${s + 1}`,
        price_tier: section.tier,
        price_amount: section.tier === 'P1' ? 8900 : 4500,
        currency: 'USD',
      })),
    ),
  );
  // Batches keep each INSERT under PostgreSQL's 65,535 bind parameters.
  for (let i = 0; i < tickets.length; i += 2000)
    await shard.db
      .insertInto('tickets')
      .values(tickets.slice(i, i + 2000))
      .execute();
  return { eventId, name: options.name, tickets: new Map(tickets.map((t) => [t.seat_label, t.id])) };
}

/** "A".."Z", then "AA".. */
function sectionCode(index: number): string {
  return index < 26
    ? String.fromCharCode(65 + index)
    : `${sectionCode(Math.floor(index / 26) - 1)}${String.fromCharCode(65 + (index % 26))}`;
}

export interface FixtureUser {
  email: string;
  password: string;
}

export async function createUser(
  prefix: string,
  role: 'customer' | 'admin' = 'customer',
): Promise<FixtureUser> {
  const user = { email: `${prefix}-${randomUUID().slice(0, 8)}@example.test`, password: 'e2e-password-123' };
  await ensureUser(db().catalog, { ...user, role });
  return user;
}

/** A session for a fixture user, issued like POST /auth/login but without its per-address rate limit. */
export async function sessionFor(user: FixtureUser) {
  const env = parseEnv(authEnv);
  return loginUser(
    {
      db: db().catalog,
      signer: createTokenSigner(env.JWT_SECRET, env.ACCESS_TOKEN_TTL_SECONDS),
      refreshTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    },
    user,
  );
}

/**
 * Sign a browser context in the way the web app does, without the sign-in form: the API rate-limits
 * sign-ins per address, and these tests are about what comes after. (The account test uses the form.)
 */
export async function signIn(
  context: BrowserContext,
  user: FixtureUser,
): Promise<{ accessToken: string; userId: string }> {
  const session = await sessionFor(user);
  const stored = {
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    expiresAt: Date.now() + session.expiresIn * 1000,
    user: session.user,
  };
  await context.addInitScript((value: string) => {
    if (!localStorage.getItem('boxoffice.session')) localStorage.setItem('boxoffice.session', value);
  }, JSON.stringify(stored));
  return { accessToken: session.accessToken, userId: session.user.id };
}

import { ensureUser } from '@boxoffice/auth';
import { databaseEnv, parseEnv } from '@boxoffice/config';
import { connectDatabases } from '@boxoffice/db';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, auditPage, launchBrowser, screenshot } from './browser';

const adminUrl = process.env.E2E_ADMIN_URL ?? 'http://127.0.0.1:5174';
const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
const admin = { email: `e2e-admin-${stamp}@example.test`, password: 'e2e-admin-password-1' };
const fan = { email: `e2e-fan-${stamp}@example.test`, password: 'e2e-fan-password-1' };
const venueName = `E2E Arena ${stamp}`;
const eventName = `E2E Admin Night ${stamp}`;
let browser: Browser;
/** Set by the first browser test: the event staff created and put on sale. */
let eventId = '';

/** Poll with a deadline long enough for a loaded CI machine (expect.poll's default is 1 s). */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

/** A venue of 30 seats in two sections priced by tiers P1 and P2. */
function seatingMap() {
  const section = (code: string, tier: string, y: number) => ({
    code,
    name: `Block ${code}`,
    tier,
    x: 200,
    y,
    rotation: 0,
    seatPitch: 12,
    rowPitch: 12,
    rows: [1, 2, 3].map((row) => ({ label: String(row), seats: 5 })),
  });
  return {
    version: 1,
    width: 1000,
    height: 1000,
    sections: [section('A', 'P1', 200), section('B', 'P2', 500)],
  };
}

beforeAll(async () => {
  const db = connectDatabases(parseEnv(databaseEnv));
  await ensureUser(db.catalog, { ...admin, role: 'admin' });
  await ensureUser(db.catalog, { ...fan, role: 'customer' });
  await db.catalog
    .insertInto('venues')
    .values({
      name: venueName,
      address: '1 Test Way',
      city: 'Testburg',
      country: 'US',
      capacity: 30,
      seating_map: JSON.stringify(seatingMap()),
    })
    .execute();
  await db.destroy();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function rest(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(`${apiUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as { error?: { details?: { field?: string }[] } } | null,
  };
}

/** axe (nothing serious or critical) and a screenshot, once CSS transitions such as a notification sliding in are over. */
async function audit(page: Page, name: string) {
  await page.evaluate(() =>
    Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))),
  );
  await page.evaluate(() => window.scrollTo(0, 0)); // a full-page shot draws the fixed header where the page was scrolled to
  await auditPage(page, name);
}

async function signIn(page: Page, who = admin) {
  await page.goto(adminUrl);
  await page.getByLabel('Email').fill(who.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (who === admin) await eventually(() => page.getByTestId('signed-in-as').textContent()).toBe(admin.email);
}

const localInput = (daysAhead: number) => {
  const date = new Date(Date.now() + daysAhead * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T20:00`;
};

describe('admin REST facade', () => {
  it('answers 401 without a token, 403 to a fan and 400 with the field for bad input', async () => {
    expect((await rest('/admin/events')).status).toBe(401);
    const fanLogin = await fetch(`${apiUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fan),
    });
    const fanToken = ((await fanLogin.json()) as { accessToken: string }).accessToken;
    expect((await rest('/admin/events', { token: fanToken })).status).toBe(403);

    const adminLogin = await fetch(`${apiUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    const adminToken = ((await adminLogin.json()) as { accessToken: string }).accessToken;
    const bad = await rest('/admin/events', {
      method: 'POST',
      token: adminToken,
      body: { name: 'x', type: 'opera' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body?.error?.details?.map((d) => d.field)).toContain('type');
    const listed = await rest(`/admin/events?status=draft&size=1`, { token: adminToken });
    expect(listed.status).toBe(200);
  });
});

describe('admin app in Chromium', () => {
  it('signs staff in, creates an event, puts it on sale and lists it', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
    await page.goto(adminUrl);
    await eventually(() => page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    await audit(page, 'admin-login');

    await signIn(page);
    await eventually(() => page.getByTestId('signed-in-as').textContent()).toBe(admin.email);
    await page.getByRole('link', { name: 'New event' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(eventName);
    await page.getByLabel('Description').fill('End-to-end test event.');
    await page.getByLabel('Starts').fill(localInput(40));
    await page.getByLabel('On sale from').fill(localInput(-1));
    await page.getByPlaceholder('Search venues by name or city').fill(venueName);
    await page.getByRole('option', { name: new RegExp(venueName) }).click();
    await page.getByLabel('Tier P1 name').fill('Front blocks');
    await page.getByLabel('Tier P1 price').fill('120.00');
    await page.getByLabel('Tier P2 name').fill('Rear blocks');
    await page.getByLabel('Tier P2 price').fill('45.5');
    await audit(page, 'admin-new-event');
    await page.getByRole('button', { name: 'Create draft' }).click();

    await eventually(() => page.getByTestId('event-status').textContent()).toBe('Draft');
    eventId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await eventually(() => page.getByTestId('stat-available').textContent()).toBe('30');
    await page.getByRole('button', { name: 'Put on sale' }).click();
    await eventually(() => page.getByTestId('event-status').textContent()).toBe('On sale');
    await eventually(() => page.getByTestId('live-status').textContent()).toBe('live');
    await audit(page, 'admin-event-detail');

    await page.getByRole('link', { name: 'Events' }).first().click();
    await page.getByLabel('Search').fill(eventName);
    await eventually(() => page.getByTestId('event-row').count()).toBe(1);
    const row = page.getByTestId('event-row');
    expect(await row.getByRole('link').textContent()).toBe(eventName);
    expect(await row.textContent()).toContain('On sale');
    expect(await row.textContent()).toContain('$0.00');
    await page.getByLabel('Search').fill('');
    await eventually(() => page.getByTestId('event-row').count()).toBeGreaterThan(1);
    await audit(page, 'admin-events');
    await page.close();
  });

  it("follows a fan's purchase live, finds the order by email and refunds it", async () => {
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
    await signIn(page);
    await eventually(() => page.getByTestId('signed-in-as').textContent()).toBe(admin.email);
    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByText('Buyer email', { exact: true }).click();
    await page.getByRole('textbox', { name: 'Buyer email' }).fill(fan.email);
    await page.getByRole('button', { name: 'Find' }).click();
    await eventually(() => page.getByText(`No orders for ${fan.email}.`).isVisible()).toBe(true);

    await page.goto(`${adminUrl}/events/${eventId}`);
    await eventually(() => page.getByTestId('live-status').textContent()).toBe('live');
    // The fan buys two seats through the public API (worker, local payment gateway, signed webhook).
    const login = await rest('/auth/login', { method: 'POST', body: fan });
    const token = (login.body as unknown as { accessToken: string; user: { id: string } }).accessToken;
    const userId = (login.body as unknown as { user: { id: string } }).user.id;
    const held = await rest('/reserve', {
      method: 'POST',
      token,
      body: { eventID: eventId, userID: userId, quantity: 2 },
    });
    expect([201, 202]).toContain(held.status);
    const reservationId = (held.body as unknown as { reservationID: string }).reservationID;
    await eventually(
      async () =>
        ((await rest(`/reservations/${reservationId}`, { token })).body as unknown as { status: string })
          .status,
    ).toBe('held');
    await rest('/confirm', {
      method: 'POST',
      token,
      body: { reservationID: reservationId, paymentDetails: { paymentMethodId: 'pm_card_visa' } },
    });
    await eventually(
      async () =>
        ((await rest(`/reservations/${reservationId}`, { token })).body as unknown as { status: string })
          .status,
    ).toBe('confirmed');
    await eventually(() => page.getByTestId('stat-sold').textContent()).toBe('2');
    await eventually(() => page.getByText(/\+2 sold/).count()).toBeGreaterThan(0);
    await screenshot(page, 'admin-event-live');

    await page.goto(`${adminUrl}/orders?q=${encodeURIComponent(fan.email)}`);
    await eventually(() => page.getByRole('button', { name: 'Refund' }).count()).toBe(1);
    await audit(page, 'admin-orders');
    await page.getByRole('button', { name: 'Refund' }).click();
    await page.getByRole('button', { name: /^Refund \$/ }).click();
    await eventually(() => page.getByRole('table', { name: 'Orders' }).textContent()).toContain('refunded');
    expect(await page.getByRole('table', { name: 'Orders' }).textContent()).toMatch(/re_local_/);
    await screenshot(page, 'admin-orders-refunded');
    await page.close();
  });

  it('edits the on-sale event and switches its waiting room on through queue.configure', async () => {
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
    await signIn(page);
    await page.goto(`${adminUrl}/events/${eventId}`);
    // An on-sale event keeps its venue and prices, but its name can still change (version-checked).
    await page.getByRole('tab', { name: 'Details' }).click();
    expect(await page.getByRole('textbox', { name: 'Tier P1 price' }).isDisabled()).toBe(true);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`${eventName} (late show)`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe(
      `${eventName} (late show)`,
    );
    await audit(page, 'admin-event-edit');
    await page.getByRole('tab', { name: 'Waiting room' }).click();
    await page.getByRole('switch', { name: 'Waiting room on' }).check({ force: true });
    await page.getByRole('textbox', { name: 'Admissions per second' }).fill('50');
    await page.getByRole('button', { name: 'Save waiting room' }).click();
    const settings = async () =>
      (await rest(`/queue/${eventId}/settings`)).body as unknown as {
        enabled: boolean;
        admissionRatePerSecond: number;
      };
    await eventually(settings).toMatchObject({ enabled: true, admissionRatePerSecond: 50 });
    await audit(page, 'admin-waiting-room');
    await page.close();
  });

  it('shows the reserve queues without serious accessibility violations', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
    await signIn(page);
    await eventually(() => page.getByTestId('signed-in-as').textContent()).toBe(admin.email);

    await page.getByRole('link', { name: 'Reserve queues' }).click();
    await eventually(() => page.getByRole('heading', { name: 'Reserve queues' }).isVisible()).toBe(true);
    await audit(page, 'admin-queues');
    await page.close();
  });

  it('refuses a fan account at sign-in', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, fan);
    await eventually(() => page.getByRole('alert').textContent()).toContain('not staff');
    await page.close();
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPage, launchBrowser, webUrl } from './browser';
import {
  closeFixtures,
  createEvent,
  createUser,
  type FixtureEvent,
  type FixtureUser,
  signIn,
  uniqueWord,
} from './fixtures';

let browser: Browser;
let event: FixtureEvent;
let fan: FixtureUser;
const word = uniqueWord('purchase');

beforeAll(async () => {
  event = await createEvent({ name: `${word} Live`, city: 'Portland' });
  fan = await createUser('purchase');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await closeFixtures();
});

describe('buying tickets in Chromium', () => {
  it('goes from search to seats to a paid order that shows in my orders', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await signIn(context, fan);
    const page = await context.newPage();

    await page.goto(`${webUrl}/?q=${word}`);
    const result = page.getByTestId('event-result').filter({ hasText: event.name });
    await result.waitFor();
    await expect.poll(() => page.getByTestId('result-count').textContent()).toBe('1 event');
    await auditPage(page, 'search-results');

    // A signed-in fan still reads the event page anonymously: the API serves it from the body it keeps
    // per seat state, the same bytes for every fan.
    const eventRead = page.waitForRequest((request) => new URL(request.url()).pathname === `/api/event/${event.eventId}`);
    await result.getByRole('link', { name: event.name }).click();
    expect((await eventRead).headers().authorization).toBeUndefined();
    await page.waitForURL(`**/events/${event.eventId}`);
    await page.locator('[data-testid="seat-map"][data-ready="true"]').waitFor();
    await expect.poll(() => page.getByTestId('stream-state').textContent()).toBe('Live');
    await page.locator('circle[data-label="A-1-2"]').click();
    await page.locator('circle[data-label="A-1-3"]').click();
    await expect
      .poll(() => page.locator('circle[data-label="A-1-3"]').getAttribute('data-status'))
      .toBe('selected');
    await expect.poll(() => page.getByTestId('picked-total').textContent()).toBe('$178.00');
    await auditPage(page, 'event-seats-picked');

    await page.getByRole('button', { name: 'Hold 2 seats' }).click();
    await page.waitForURL('**/reservations/*');
    await page.getByTestId('countdown').waitFor();
    await expect.poll(() => page.getByTestId('held-seats').textContent()).toContain('A-1-3');
    await auditPage(page, 'checkout');

    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Expiry').fill('12 / 34');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.getByTestId('confirmation').waitFor({ timeout: 20_000 });
    const orderId = (await page.getByTestId('order-number').textContent())?.trim() ?? '';
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    await auditPage(page, 'confirmation');

    await page.getByRole('link', { name: 'See my orders' }).click();
    await page.waitForURL('**/orders');
    const order = page.locator(`[data-testid="order"][data-order-id="${orderId}"]`);
    await order.waitFor();
    await expect.poll(() => order.textContent()).toContain(event.name);
    await expect.poll(() => order.textContent()).toContain('A-1-2');
    await auditPage(page, 'my-orders');
    await context.close();
  });
});

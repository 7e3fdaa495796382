import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPage, launchBrowser, webUrl } from './browser';
import { closeFixtures, createEvent, createUser, type FixtureEvent, signIn, uniqueWord } from './fixtures';

let browser: Browser;
let event: FixtureEvent;

beforeAll(async () => {
  event = await createEvent({ name: `${uniqueWord('expiry')} Matinee` });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await closeFixtures();
});

// The e2e stack runs with a short hold (HOLD_SECONDS in scripts/boxoffice.mjs); this waits it out.
describe('a hold that runs out', () => {
  it('warns, tells the fan the hold ended, and puts the seats back on the map', {
    timeout: 150_000,
  }, async () => {
    const watcherContext = await browser.newContext();
    const watcher = await watcherContext.newPage();
    await watcher.goto(`${webUrl}/events/${event.eventId}`);
    await watcher.locator('[data-testid="seat-map"][data-ready="true"]').waitFor();

    const context = await browser.newContext();
    await signIn(context, await createUser('expiry'));
    const page = await context.newPage();
    await page.goto(`${webUrl}/events/${event.eventId}`);
    await page.locator('circle[data-label="B-1-1"]').click();
    await page.getByRole('button', { name: 'Hold 1 seat' }).click();
    await page.waitForURL('**/reservations/*');
    await page.getByTestId('countdown').waitFor();
    await expect
      .poll(() => watcher.locator('circle[data-label="B-1-1"]').getAttribute('data-status'), {
        timeout: 10_000,
      })
      .toBe('reserved');
    expect(await page.getByTestId('countdown-announcement').textContent()).toMatch(/left to pay$/);

    await page.getByTestId('expiry-warning').waitFor({ timeout: 90_000 });
    await auditPage(page, 'checkout-expiry-warning');
    const ended = page.locator('[data-testid="problem"][data-code="HOLD_EXPIRED"]');
    await ended.waitFor({ timeout: 90_000 });
    await auditPage(page, 'checkout-hold-expired');

    // The server releases the seat (delayed job): the open map shows it free again, live.
    await expect
      .poll(() => watcher.locator('circle[data-label="B-1-1"]').getAttribute('data-status'), {
        timeout: 60_000,
      })
      .toBe('available');
    await page.getByRole('link', { name: 'Back to the seat map' }).click();
    await page.waitForURL(`**/events/${event.eventId}`);
    await expect
      .poll(() => page.locator('circle[data-label="B-1-1"]').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('available');
    await context.close();
    await watcherContext.close();
  });
});

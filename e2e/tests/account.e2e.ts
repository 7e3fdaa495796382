import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPage, launchBrowser, webUrl } from './browser';
import { closeFixtures, createEvent, type FixtureEvent, uniqueWord } from './fixtures';

let browser: Browser;
let event: FixtureEvent;
const email = `${uniqueWord('account')}@example.test`;
const password = 'e2e-password-123';

beforeAll(async () => {
  event = await createEvent({ name: `${uniqueWord('account')} Club Night` });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await closeFixtures();
});

/**
 * Submit a sign-in or sign-up form. Sign-ins are rate-limited per address, and every browser test
 * of the run signs in from 127.0.0.1: when the app says to wait, wait as long as it says, then retry.
 */
async function submitAuth(page: Page, button: 'Sign in' | 'Create account') {
  for (let attempt = 0; attempt < 3; attempt++) {
    // A problem from the last try goes away when the form is sent again: wait for that first.
    const stale = (await page.getByTestId('problem').count()) > 0;
    await page.getByRole('button', { name: button }).click();
    if (stale) await page.getByTestId('problem').waitFor({ state: 'detached' });
    const outcome = await Promise.race([
      page
        .getByTestId('signed-in-email')
        .waitFor()
        .then(() => 'signed-in' as const),
      page
        .locator('[data-testid="problem"]')
        .waitFor()
        .then(async () => (await page.getByTestId('problem').getAttribute('data-code')) ?? ''),
    ]);
    if (outcome !== 'RATE_LIMITED') return outcome;
    const wait = Number(
      /Wait (\d+) s/.exec((await page.getByTestId('problem').textContent()) ?? '')?.[1] ?? 5,
    );
    const until = Date.now() + wait * 1000;
    await expect.poll(() => Date.now() >= until, { timeout: (wait + 5) * 1000, interval: 500 }).toBe(true);
  }
  throw new Error(`${button}: still rate-limited after 3 tries`);
}

describe('accounts in Chromium', () => {
  it('registers, signs out, signs back in, and sees an empty order list', { timeout: 120_000 }, async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${webUrl}/register`);
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await auditPage(page, 'register');
    await page.getByLabel('Email').fill(email);
    await page.locator('input[name="password"]').fill(password);
    expect(await submitAuth(page, 'Create account')).toBe('signed-in');
    await expect.poll(() => page.getByTestId('signed-in-email').textContent()).toBe(email);

    await page.getByRole('link', { name: 'My orders' }).first().click();
    await page.getByText('No orders yet').waitFor();
    await auditPage(page, 'my-orders-empty');

    await page.getByRole('button', { name: `Account: ${email}` }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    await auditPage(page, 'sign-in');
    await page.getByLabel('Email').fill(email);
    await page.locator('input[name="password"]').fill('not-the-password');
    expect(await submitAuth(page, 'Sign in')).toBe('INVALID_CREDENTIALS');
    await expect
      .poll(() => page.getByTestId('problem').getAttribute('data-code'))
      .toBe('INVALID_CREDENTIALS');
    await auditPage(page, 'sign-in-wrong-password');

    await page.locator('input[name="password"]').fill(password);
    expect(await submitAuth(page, 'Sign in')).toBe('signed-in');
    await expect.poll(() => page.getByTestId('signed-in-email').textContent()).toBe(email);
    await page.context().close();
  });

  it('sends a signed-out fan to sign in before holding, then back to the seats they picked', {
    timeout: 120_000,
  }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${webUrl}/events/${event.eventId}`);
    await page.locator('[data-testid="seat-map"][data-ready="true"]').waitFor();
    await page.locator('circle[data-label="B-2-5"]').click();
    await page.getByRole('button', { name: 'Hold 1 seat' }).click();
    await page.waitForURL('**/signin?next=*');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await page.getByLabel('Email').fill(`${uniqueWord('picker')}@example.test`);
    await page.locator('input[name="password"]').fill(password);
    expect(await submitAuth(page, 'Create account')).toBe('signed-in');
    await page.waitForURL(`**/events/${event.eventId}`);
    await expect
      .poll(() => page.locator('circle[data-label="B-2-5"]').getAttribute('data-status'))
      .toBe('selected');
    await context.close();
  });
});

describe('every page passes axe', () => {
  it('search, event (map and list), mobile, and not found', { timeout: 120_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(webUrl);
    await page.getByTestId('event-result').first().waitFor();
    await auditPage(page, 'home');

    await page.goto(`${webUrl}/events/${event.eventId}`);
    await page.locator('[data-testid="seat-map"][data-ready="true"]').waitFor();
    await auditPage(page, 'event');
    await page.getByRole('tab', { name: 'Seat list' }).click();
    await page.getByTestId('seat-list').waitFor();
    // Keyboard: the list is a form of checkboxes named by section, row, seat and price.
    await page.getByRole('checkbox', { name: 'Section A, row 1, seat 3, $89.00' }).check();
    await expect.poll(() => page.getByTestId('picked-seats').textContent()).toContain('Seat 3');
    await auditPage(page, 'event-seat-list');

    await page.goto(`${webUrl}/no-such-page`);
    await page.getByRole('heading', { name: 'This page does not exist' }).waitFor();
    await auditPage(page, 'not-found');

    await page.goto(`${webUrl}/events/00000000-0000-4000-8000-000000000000`);
    await page.getByTestId('problem').waitFor();
    await auditPage(page, 'event-unknown');
    await context.close();

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const mobile = await phone.newPage();
    await mobile.goto(`${webUrl}/?q=${encodeURIComponent(event.name.split(' ')[0] ?? '')}`);
    await mobile.getByTestId('event-result').first().waitFor();
    await auditPage(mobile, 'mobile-search');
    await mobile.goto(`${webUrl}/events/${event.eventId}`);
    await mobile.locator('[data-testid="seat-map"][data-ready="true"]').waitFor();
    await auditPage(mobile, 'mobile-event');
    await phone.close();
  });
});

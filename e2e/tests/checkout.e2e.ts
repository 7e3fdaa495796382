import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPage, launchBrowser, webUrl } from './browser';
import { closeFixtures, createEvent, createUser, type FixtureEvent, signIn, uniqueWord } from './fixtures';

let browser: Browser;
let event: FixtureEvent;

beforeAll(async () => {
  event = await createEvent({ name: `${uniqueWord('checkout')} Night` });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await closeFixtures();
});

async function pay(page: Page, card: string) {
  await page.getByLabel('Card number').fill(card);
  await page.getByLabel('Expiry').fill('12 / 34');
  await page.getByLabel('CVC').fill('123');
  await page.getByRole('button', { name: /^Pay / }).click();
}

describe('checkout in Chromium', () => {
  it('shows a declined card plainly and lets the fan retry within the hold', {
    timeout: 120_000,
  }, async () => {
    const context = await browser.newContext();
    await signIn(context, await createUser('decline'));
    const page = await context.newPage();
    await page.goto(`${webUrl}/events/${event.eventId}`);
    await page.locator('[data-testid="seat-map"][data-ready="true"]').waitFor();

    // Best available, from the panel: the server picks the seats.
    await page.getByRole('combobox', { name: 'Seats' }).selectOption('2');
    await page.getByRole('button', { name: 'Find the best 2 seats' }).click();
    await page.waitForURL('**/reservations/*');
    await page.getByTestId('countdown').waitFor();
    await expect.poll(async () => await page.getByTestId('held-seats').locator('li').count()).toBe(2);

    await pay(page, '4000 0000 0000 0002');
    const problem = page.getByTestId('problem');
    await problem.waitFor({ timeout: 20_000 });
    expect(await problem.getAttribute('data-code')).toBe('PAYMENT_FAILED');
    expect(await problem.textContent()).toContain('Try another card while your hold lasts');
    await auditPage(page, 'checkout-declined');

    await pay(page, '4242 4242 4242 4242');
    await page.getByTestId('confirmation').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('order-number').textContent()).toMatch(/^[0-9a-f-]{36}$/);
    await context.close();
  });

  it('refuses a number that is not a test card before anything is sent, then lets the hold go', {
    timeout: 120_000,
  }, async () => {
    const context = await browser.newContext();
    await signIn(context, await createUser('badcard'));
    const page = await context.newPage();
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') sent.push(request.postData() ?? '');
    });
    await page.goto(`${webUrl}/events/${event.eventId}`);
    await page.locator('[data-testid="seat-map"][data-ready="true"]').waitFor();
    await page.getByRole('button', { name: 'Find the best 2 seats' }).click();
    await page.waitForURL('**/reservations/*');
    await pay(page, '4111 1111 1111 1112');
    await expect.poll(() => page.getByText('Use one of Stripe’s test cards').count()).toBe(1);
    expect(sent.join('\n')).not.toContain('4111');

    // Letting go of the hold puts the seats straight back on the map.
    const held = (await page.getByTestId('held-seats').locator('li').allTextContents()).map((text) =>
      text.replace(/\$.*/, '').trim(),
    );
    expect(held).toHaveLength(2);
    await page.getByRole('button', { name: 'Release these seats' }).click();
    await page.waitForURL(`**/events/${event.eventId}`);
    for (const label of held) {
      await expect
        .poll(() => page.locator(`circle[data-label="${label}"]`).getAttribute('data-status'), {
          timeout: 30_000,
        })
        .toBe('available');
    }
    await context.close();
  });
});

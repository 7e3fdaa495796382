import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPage, launchBrowser, webUrl } from './browser';
import { closeFixtures, createEvent, createUser, type FixtureEvent, signIn, uniqueWord } from './fixtures';

let browser: Browser;
let event: FixtureEvent;

beforeAll(async () => {
  event = await createEvent({ name: `${uniqueWord('race')} Arena`, sections: 2, rows: 2, seatsPerRow: 6 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await closeFixtures();
});

async function fanOnEventPage(prefix: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await signIn(context, await createUser(prefix));
  const page = await context.newPage();
  await page.goto(`${webUrl}/events/${event.eventId}`);
  await page.locator('[data-testid="seat-map"][data-ready="true"]').waitFor();
  await expect.poll(() => page.getByTestId('stream-state').textContent()).toBe('Live');
  // Survives only as long as the page is not reloaded.
  await page.evaluate(() => {
    (window as unknown as { loadedOnce: boolean }).loadedOnce = true;
  });
  return { context, page };
}

describe('two fans, one seat', () => {
  it('gives the seat to one; the other sees it turn taken without reloading', {
    timeout: 120_000,
  }, async () => {
    const first = await fanOnEventPage('race-a');
    const second = await fanOnEventPage('race-b');
    const seat = 'B-2-4';
    for (const fan of [first, second]) {
      await fan.page.locator(`circle[data-label="${seat}"]`).click();
      await expect
        .poll(() => fan.page.locator(`circle[data-label="${seat}"]`).getAttribute('data-status'))
        .toBe('selected');
    }

    // Both press Hold at once: the booking path decides, exactly one wins.
    await Promise.all(
      [first, second].map((fan) => fan.page.getByRole('button', { name: 'Hold 1 seat' }).click()),
    );
    const onCheckout = async (page: Page) => page.url().includes('/reservations/');
    await expect
      .poll(async () => (await onCheckout(first.page)) || (await onCheckout(second.page)), {
        timeout: 45_000,
      })
      .toBe(true);
    const [winner, loser] = (await onCheckout(first.page)) ? [first, second] : [second, first];

    // The loser's map shows the seat taken (pushed by the seat stream) and their pick is gone.
    await expect
      .poll(() => loser.page.locator(`circle[data-label="${seat}"]`).getAttribute('data-status'), {
        timeout: 30_000,
      })
      .toBe('reserved');
    await expect.poll(() => loser.page.getByTestId('picked-seats').count()).toBe(0);
    await expect
      .poll(() =>
        loser.page
          .getByText('Those seats were just taken')
          .or(loser.page.getByText('A seat you picked was just taken'))
          .count(),
      )
      .toBeGreaterThan(0);
    expect(loser.page.url()).toContain(`/events/${event.eventId}`);
    expect(await loser.page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(
      true,
    );
    await auditPage(loser.page, 'event-seat-taken');

    // A third fan arriving later sees it taken too, and the winner holds it.
    expect(await winner.page.getByTestId('held-seats').textContent()).toContain(seat);
    await first.context.close();
    await second.context.close();
  });

  it('moves a seat to taken on an open map when someone else holds it', { timeout: 120_000 }, async () => {
    const watcher = await fanOnEventPage('watch');
    const buyer = await fanOnEventPage('buyer');
    await buyer.page.locator('circle[data-label="A-1-1"]').click();
    await buyer.page.getByRole('button', { name: 'Hold 1 seat' }).click();
    await buyer.page.waitForURL('**/reservations/*');
    await expect
      .poll(() => watcher.page.locator('circle[data-label="A-1-1"]').getAttribute('data-status'), {
        timeout: 30_000,
      })
      .toBe('reserved');
    await expect
      .poll(() => watcher.page.getByTestId('available-count').textContent())
      .toMatch(/^\d+ of 24 seats left$/);
    await watcher.context.close();
    await buyer.context.close();
  });
});

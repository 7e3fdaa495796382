import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, auditPage, launchBrowser, webUrl } from './browser';
import {
  closeFixtures,
  createEvent,
  createUser,
  type FixtureEvent,
  sessionFor,
  signIn,
  uniqueWord,
} from './fixtures';

let browser: Browser;
let event: FixtureEvent;
const fansAhead = 8;

async function api(path: string, accessToken: string, init: { method: string; body?: unknown }) {
  const response = await fetch(`${apiUrl}${path}`, {
    method: init.method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`${init.method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

beforeAll(async () => {
  event = await createEvent({ name: `${uniqueWord('queue')} Stadium`, sections: 2, rows: 3, seatsPerRow: 6 });
  const admin = await sessionFor(await createUser('queue-admin', 'admin'));
  // Half a fan a second: slow enough to watch the position move, quick enough for a test.
  await api(`/admin/events/${event.eventId}/queue`, admin.accessToken, {
    method: 'PUT',
    body: { enabled: true, opensAt: null, admissionRatePerSecond: 0.5, memberPriority: false },
  });
  for (let i = 0; i < fansAhead; i++) {
    const fan = await sessionFor(await createUser(`queue-ahead-${i}`));
    await api('/queue/join', fan.accessToken, { method: 'POST', body: { eventID: event.eventId } });
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await closeFixtures();
});

describe('the waiting room', () => {
  it('shows a position that advances to admission, then the seat map', { timeout: 90_000 }, async () => {
    const context = await browser.newContext();
    await signIn(context, await createUser('queue-fan'));
    const page = await context.newPage();
    await page.goto(`${webUrl}/events/${event.eventId}`);
    // Queued event: the event page sends the fan to the waiting room.
    await page.waitForURL(`**/events/${event.eventId}/queue`);
    const position = page.getByTestId('queue-position');
    await position.waitFor();
    await expect.poll(async () => Number(await position.textContent())).toBeGreaterThan(1);
    const first = Number(await position.textContent());
    await auditPage(page, 'waiting-room');

    // Watch it move (pushed by the queue stream) until the fan is let in.
    const seen = new Set<number>([first]);
    await expect
      .poll(
        async () => {
          if (!page.url().endsWith('/queue')) return 'admitted';
          const now = Number(await position.textContent().catch(() => ''));
          if (now) seen.add(now);
          return 'waiting';
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe('admitted');
    expect(Math.min(...seen)).toBeLessThan(first);

    // Admitted: the seat map, and a hold that the queue's access token allows.
    await page.waitForURL(`**/events/${event.eventId}`);
    await page.locator('[data-testid="seat-map"][data-ready="true"]').waitFor();
    await page.locator('circle[data-label="A-1-1"]').click();
    await page.getByRole('button', { name: 'Hold 1 seat' }).click();
    await page.waitForURL('**/reservations/*');
    await page.getByTestId('countdown').waitFor();
    await context.close();
  });
});

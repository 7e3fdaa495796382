/**
 * Time to interactive of the event page for a 10,000-seat venue, in Debian's Chromium against the
 * production build. A benchmark, not a test: never run in CI. For each run, a fresh browser context
 * (empty cache) opens /events/{id} and reads, from the page's own clock (ms after navigation start):
 *
 *   eventData    the GET /event/{id} response has arrived (all 10,000 tickets with their status)
 *   interactive  the seat map is committed with its click handler and its frame painted
 *   click        a click on a seat until the seat shows as picked (the map's input latency)
 *
 * Runs unthrottled and with the CPU slowed 4x (Chrome DevTools' "mid-tier mobile"), same session.
 *
 *   pnpm --filter @boxoffice/web build
 *   BOXOFFICE_API_URL=http://127.0.0.1:3000 WEB_PORT=4173 pnpm --filter @boxoffice/web exec vite preview --host 127.0.0.1 &
 *   BENCH_WEB_URL=http://127.0.0.1:4173 DATABASE_URL=... SHARD_COUNT=... pnpm --filter @boxoffice/e2e bench:event-page
 */
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../tests/browser';
import { closeFixtures, createEvent } from '../tests/fixtures';

const webUrl = process.env.BENCH_WEB_URL ?? 'http://127.0.0.1:4173';
const runs = Number(process.env.BENCH_RUNS ?? 7);

interface Sample {
  appChunk: number;
  mapChunk: number;
  eventData: number;
  committed: number;
  interactive: number;
  click: number;
  eventBytes: number;
  jsBytes: number;
}

async function measure(
  browser: Browser,
  eventId: string,
  cpuSlowdown: number,
  shot?: string,
): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  await page.goto(`${webUrl}/events/${eventId}`);
  await page.waitForFunction(() => performance.getEntriesByName('seat-map-interactive').length > 0, null, {
    timeout: 120_000,
  });
  const timings = await page.evaluate(() => {
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const event = resources.find((r) => /\/api\/event\/[^/?]+$/.test(new URL(r.name).pathname));
    return {
      eventData: event?.responseEnd ?? Number.NaN,
      interactive: performance.getEntriesByName('seat-map-interactive')[0]?.startTime ?? Number.NaN,
      committed: performance.getEntriesByName('seat-map-committed')[0]?.startTime ?? Number.NaN,
      mapChunk: resources.find((r) => r.name.includes('seat-map'))?.responseEnd ?? Number.NaN,
      appChunk: resources.find((r) => r.name.includes('/index-'))?.responseEnd ?? Number.NaN,
      eventBytes: event?.encodedBodySize ?? 0,
      jsBytes: resources.filter((r) => r.name.endsWith('.js')).reduce((sum, r) => sum + r.encodedBodySize, 0),
    };
  });
  const click = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const seat = document.querySelector<SVGCircleElement>('circle.seat[data-status="available"]');
        if (!seat) return resolve(Number.NaN);
        const started = performance.now();
        new MutationObserver((_, observer) => {
          if (seat.getAttribute('data-status') === 'selected') {
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - started));
          }
        }).observe(seat, { attributes: true });
        seat.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      }),
  );
  if (shot) await screenshot(page, shot);
  await context.close();
  return { ...timings, click };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function main() {
  const event = await createEvent({ name: 'Bench Stadium 10k', sections: 16, rows: 25, seatsPerRow: 25 });
  console.log(`event ${event.eventId}: ${event.tickets.size} seats`);
  const browser = await launchBrowser();
  try {
    // One untimed load fills the API's event-page cache, as on any event people are looking at.
    await measure(browser, event.eventId, 1, 'event-10k-seats');
    for (const slowdown of [1, 4]) {
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) samples.push(await measure(browser, event.eventId, slowdown));
      const row = (key: keyof Sample) => {
        const values = samples.map((s) => s[key]);
        return `${key.padEnd(12)} median ${median(values).toFixed(0).padStart(6)}  min ${Math.min(...values)
          .toFixed(0)
          .padStart(6)}  max ${Math.max(...values)
          .toFixed(0)
          .padStart(6)}`;
      };
      console.log(
        `\nCPU ${slowdown}x, ${runs} cold-cache loads (ms after navigation start; bytes on the wire)`,
      );
      for (const key of [
        'appChunk',
        'mapChunk',
        'eventData',
        'committed',
        'interactive',
        'click',
        'eventBytes',
        'jsBytes',
      ] as const)
        console.log(row(key));
    }
  } finally {
    await browser.close();
    await closeFixtures();
  }
}

await main();

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { repoRoot } from '@boxoffice/config';
import { type Browser, chromium, type Page } from 'playwright-core';

const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

export const webUrl = process.env.E2E_WEB_URL ?? 'http://127.0.0.1:5173';
export const artifactsDir = join(repoRoot, 'e2e', 'artifacts');

/** Debian's Chromium, headless, with a fresh profile (Playwright makes one per launch) and no calls home. */
export async function launchBrowser(): Promise<Browser> {
  if (!executablePath)
    throw new Error('Chromium not found: `npm test` installs it (apt-get install chromium)');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export const apiUrl = process.env.E2E_API_URL ?? 'http://127.0.0.1:3000';

/**
 * A notification caught mid-fade has the contrast of its current opacity, so axe would judge a
 * frame no one reads (a flaky color-contrast failure in CI). Ask for reduced motion, which both
 * apps honour (Mantine's `respectReducedMotion`), then wait out whatever finite animation is
 * already running; endless ones (spinners) are left alone.
 */
async function settleMotion(page: Page): Promise<void> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every(
          (animation) =>
            animation.playState !== 'running' || animation.effect?.getComputedTiming().endTime === Infinity,
        ),
    undefined,
    { timeout: 10_000, polling: 'raf' },
  );
}

/**
 * Every page the tests visit goes through here: axe must find nothing serious or critical, and a
 * full-page screenshot lands in e2e/artifacts for a human to look at.
 */
export async function auditPage(page: Page, name: string): Promise<void> {
  await settleMotion(page);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.nodes.map((node) => `${node.target.join(' ')} ${node.html.slice(0, 200)}`).join('; ')}`,
    );
  await screenshot(page, name);
  if (serious.length) throw new Error(`axe found serious violations on ${name}:\n${serious.join('\n')}`);
}

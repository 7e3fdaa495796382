import AxeBuilder from '@axe-core/playwright';
import { ensureUser } from '@boxoffice/auth';
import { databaseEnv, parseEnv } from '@boxoffice/config';
import { connectDatabases } from '@boxoffice/db';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, webUrl } from './browser';

let browser: Browser;
const email = `e2e-${Date.now()}@example.test`;
const password = 'e2e-password-123';

beforeAll(async () => {
  const db = connectDatabases(parseEnv(databaseEnv));
  await ensureUser(db.catalog, { email, password, role: 'customer' });
  await db.destroy();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('web placeholder in Chromium', () => {
  it('shows the API is healthy through the web origin and signs a fan in', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(webUrl);
    await expect.poll(() => page.getByTestId('health').textContent()).toBe('API ok');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('signed-in').textContent()).toBe(`Signed in as ${email} (customer)`);
    await screenshot(page, 'home-signed-in');
    await page.close();
  });

  it('says plainly when the password is wrong', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(webUrl);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Email or password is wrong');
    await page.close();
  });

  it('has no serious accessibility violations', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(webUrl);
    await expect.poll(() => page.getByTestId('health').textContent()).toBe('API ok');
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => v.id)).toEqual([]);
    await screenshot(page, 'home');
    await page.close();
  });
});

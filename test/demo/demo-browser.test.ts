// The demo site driven by a real browser (Debian's chromium through playwright-core): browser
// language, right-to-left layout, every switcher link, the cookie, and the plural forms.
//
// Screenshots of `/` in English, Arabic and Russian are taken on every run; they go to
// test/fixtures/generated/screenshots/, or to docs/screenshots/ (the ones the README shows) when
// UPDATE_SCREENSHOTS=1 — so an ordinary test run never rewrites committed files.
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../examples/app.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * Without Chromium the browser tests are skipped with the reason, so `npm install && npm test`
 * works on a machine that has only Node; `.ci/run` installs Chromium and sets
 * LOCALEKIT_REQUIRE_BROWSER=1, which turns a missing browser into a failure.
 */
const SKIP = !existsSync(CHROMIUM) && process.env.LOCALEKIT_REQUIRE_BROWSER !== '1';
const screenshotDir =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join(root, 'docs/screenshots')
    : path.join(root, 'test/fixtures/generated/screenshots');

const TAGS = [
  'ar',
  'de-DE',
  'en-US',
  'es-ES',
  'fr-FR',
  'ja-JP',
  'pl-PL',
  'pt-BR',
  'ru-RU',
  'zh-TW',
];
const CODES = [
  'ar',
  'de_DE',
  'en_US',
  'es_ES',
  'fr_FR',
  'ja_JP',
  'pl_PL',
  'pt_BR',
  'ru_RU',
  'zh_TW',
];

let server: Server;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

describe.runIf(SKIP)('browser tests', () => {
  it.skip(`skipped: ${CHROMIUM} not found; apt-get install -y chromium (or set CHROMIUM_PATH)`, () => {});
});

beforeAll(async () => {
  if (SKIP) return;
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  const app = await createApp({ inboxDelayMs: 5, onWarning: () => {} });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close().catch(() => {});
  if (server !== undefined) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function newPage(locale: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 1000, height: 800 } });
  contexts.push(context);
  return { context, page: await context.newPage() };
}

async function htmlAttribute(page: Page, name: 'lang' | 'dir'): Promise<string | null> {
  return page.locator('html').getAttribute(name);
}

describe.skipIf(SKIP)('browser language', () => {
  it('a browser set to fr-FR gets French', async () => {
    const { page } = await newPage('fr-FR');
    await page.goto(`${base}/`);
    expect(await htmlAttribute(page, 'lang')).toBe('fr-FR');
    expect(await page.locator('#greeting').textContent()).toBe('Bonjour\u00a0!');
    expect(await page.getByRole('navigation', { name: 'Langue' }).count()).toBe(1);
  });

  it('a browser set to ar gets Arabic laid out right to left', async () => {
    const { page } = await newPage('ar');
    await page.goto(`${base}/`);
    expect(await htmlAttribute(page, 'dir')).toBe('rtl');
    expect(await htmlAttribute(page, 'lang')).toBe('ar');
    expect(await page.locator('#greeting').textContent()).toBe('مرحبًا!');
    // Layout really is mirrored: the site name sits at the right edge, the switcher to its left.
    const brand = await page.locator('.brand').boundingBox();
    const switcher = await page.locator('.switcher').boundingBox();
    expect(brand!.x).toBeGreaterThan(switcher!.x);
    expect(brand!.x + brand!.width).toBeGreaterThan(900);
    // Runs in the page; this project compiles without the DOM lib, hence the local type.
    type View = { getComputedStyle(element: unknown): { direction: string } };
    const direction = await page
      .locator('main')
      .evaluate((el) => (globalThis as unknown as View).getComputedStyle(el).direction);
    expect(direction).toBe('rtl');
  });
});

describe.skipIf(SKIP)('language switcher', () => {
  it('every link gives a page in its hreflang, sets the cookie, and the language survives a reload', async () => {
    const { context, page } = await newPage('en-US');
    await page.goto(`${base}/`);
    const nav = page.getByRole('navigation', { name: 'Language' });
    const hreflangs = await nav
      .locator('a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('hreflang')));
    expect(hreflangs).toEqual(TAGS);

    for (let i = 0; i < TAGS.length; i++) {
      // Each click starts from the page the previous link produced: the switcher works from any language.
      const link = page.locator('nav.switcher a').nth(i);
      const hreflang = await link.getAttribute('hreflang');
      const href = await link.getAttribute('href');
      await Promise.all([page.waitForURL(`**/${href}`), link.click()]);
      expect(await htmlAttribute(page, 'lang'), href!).toBe(hreflang);
      expect(
        await page.locator('nav.switcher a[aria-current="true"]').getAttribute('hreflang'),
      ).toBe(hreflang);

      const cookie = (await context.cookies(base)).find((c) => c.name === 'locale');
      expect(cookie?.value).toBe(CODES[i]);
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).toBe('Lax');

      await page.goto(`${base}/`);
      expect(await htmlAttribute(page, 'lang'), `${href} after reload`).toBe(hreflang);
      expect(await htmlAttribute(page, 'dir')).toBe(hreflang === 'ar' ? 'rtl' : 'ltr');
    }
  });
});

describe.skipIf(SKIP)('plural forms in the cart', () => {
  const EXPECTED: Record<string, readonly string[]> = {
    ru_RU: ['0 товаров', '1 товар', '2 товара', '5 товаров', '21 товар', '101 товар'],
    pl_PL: [
      'jest 0 produktów',
      'jest 1 produkt',
      'są 2 produkty',
      'jest 5 produktów',
      'jest 21 produktów',
      'jest 101 produktów',
    ],
  };

  it.each(Object.keys(EXPECTED))('%s: each quantity link shows the right form', async (code) => {
    const { page } = await newPage('en-US');
    await page.goto(`${base}/?locale=${code}`);
    const sizes = await page.locator('.quantities a').allTextContents();
    expect(sizes).toEqual(['0', '1', '2', '5', '21', '101']);
    const seen: string[] = [];
    for (const size of sizes) {
      await Promise.all([
        page.waitForURL(`**/?n=${size}`),
        page.locator('.quantities a', { hasText: new RegExp(`^${size}$`) }).click(),
      ]);
      seen.push((await page.locator('#cart-summary').textContent()) ?? '');
    }
    expect(
      seen.map((text) => text.replace(/^(В вашей корзине|W koszyku) /, '').replace(/\.$/, '')),
    ).toEqual(EXPECTED[code]);
  });
});

describe.skipIf(SKIP)('status page', () => {
  it('/status lists every locale with a progress bar', async () => {
    const { page } = await newPage('en-US');
    await page.goto(`${base}/status`);
    const codes = await page
      .locator('#status tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
    expect([...codes].sort()).toEqual(CODES);
    expect(await page.locator('#status progress').count()).toBe(CODES.length - 1);
    expect(await page.locator('tr[data-code="ru_RU"] .percent').textContent()).toBe('100%');
  });
});

describe.skipIf(SKIP)('screenshots', () => {
  it.each([
    ['en', 'en_US', 'Hello!'],
    ['ar', 'ar', 'مرحبًا!'],
    ['ru', 'ru_RU', 'Здравствуйте!'],
  ])('%s', async (name, code, greeting) => {
    const { page } = await newPage('en-US');
    await page.goto(`${base}/?locale=${code}&n=21`);
    expect(await page.locator('#greeting').textContent()).toBe(greeting);
    const png = await page.screenshot({
      path: path.join(screenshotDir, `${name}.png`),
      fullPage: true,
    });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
  });
});

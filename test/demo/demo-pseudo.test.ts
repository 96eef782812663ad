// The demo with its pseudo-locales (development mode): en-XA and ar-XB in the switcher, ar-XB
// laid out right to left, no placeholder left unfilled in what a browser shows. Screenshots go to
// docs/screenshots/ with UPDATE_SCREENSHOTS=1 (else to test/fixtures/generated/screenshots/).
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../examples/app.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SKIP_BROWSER = !existsSync(CHROMIUM) && process.env.LOCALEKIT_REQUIRE_BROWSER !== '1';
const screenshotDir =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join(root, 'docs/screenshots')
    : path.join(root, 'test/fixtures/generated/screenshots');

/** What a placeholder looks like when it was not filled: `%(name)s`, `%(n)d`, `{name}`. */
const LEAKED = /%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[a-zA-Z]|\{\s*\w+\s*(?:,[^{}]*)?\}/;
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e]/g;

let server: Server;
let base: string;
let browser: Browser | undefined;

beforeAll(async () => {
  const app = await createApp({ inboxDelayMs: 5, pseudo: true, onWarning: () => {} });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (!SKIP_BROWSER) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    mkdirSync(screenshotDir, { recursive: true });
  }
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

describe('pseudo-locales over HTTP', () => {
  it('the switcher offers en-XA and ar-XB; their pages have the right lang and dir', async () => {
    const home = await (await fetch(`${base}/`)).text();
    expect(home).toContain('<a hreflang="en-XA" href="?locale=en_XA" lang="en-XA" dir="ltr">');
    expect(home).toContain('<a hreflang="ar-XB" href="?locale=ar_XB" lang="ar-XB" dir="rtl">');
    const xa = await (await fetch(`${base}/?locale=en_XA&n=5`)).text();
    expect(xa).toContain('<html lang="en-XA" dir="ltr">');
    expect(xa).toContain('<h1 id="greeting">[Ĥéļļö! one]</h1>');
    expect(xa).toContain('[Ýöûŕ çåŕţ çöñţåîñš 5 îţéɱš. one two]');
    for (const page of ['/', '/status', '/nowhere']) {
      const xb = await (await fetch(`${base}${page}?locale=ar_XB`)).text();
      expect(xb, page).toMatch(/^<!DOCTYPE html>\s*<html lang="ar-XB" dir="rtl">/);
    }
  });

  it('is off unless asked for (server.js asks outside NODE_ENV=production)', async () => {
    const app = await createApp({ inboxDelayMs: 0, onWarning: () => {} });
    const plain = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => plain.once('listening', () => resolve()));
    const url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    const html = await (await fetch(`${url}/?locale=en_XA`)).text();
    plain.closeAllConnections();
    plain.close();
    expect(html).not.toContain('hreflang="en-XA"');
    expect(html).toContain('<html lang="en-US" dir="ltr">');
  });
});

describe.skipIf(SKIP_BROWSER)('pseudo-locales in Chromium', () => {
  it.each([
    ['en-XA', 'en_XA', 'ltr', '[Ĥéļļö! one]'],
    ['ar-XB', 'ar_XB', 'rtl', '\u200f\u202eHello!\u202c\u200f'],
  ])('%s: screenshot, direction, and no placeholder leaked', async (name, code, dir, greeting) => {
    const context = await browser!.newContext({ viewport: { width: 1000, height: 800 } });
    try {
      const page = await context.newPage();
      for (const pathname of ['/', '/status']) {
        await page.goto(`${base}${pathname}?locale=${code}&n=21`);
        expect(await page.locator('html').getAttribute('dir')).toBe(dir);
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point.
        const visible = (await page.locator('body').innerText()).replace(BIDI_CONTROLS, '');
        expect(visible.match(LEAKED)?.[0], `${name} ${pathname}`).toBeUndefined();
      }
      await page.goto(`${base}/?locale=${code}&n=21`);
      expect(await page.locator('#greeting').textContent()).toBe(greeting);
      // The computed direction, not just the attribute: the page really is laid out RTL.
      expect(
        await page.evaluate("getComputedStyle(document.querySelector('main')).direction"),
      ).toBe(dir);
      const png = await page.screenshot({
        path: path.join(screenshotDir, `${name}.png`),
        fullPage: true,
      });
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.length).toBeGreaterThan(20_000);
    } finally {
      await context.close();
    }
  });
});

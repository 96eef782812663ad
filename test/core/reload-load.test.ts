/**
 * Hot reload under load. A real Express app with `localeMiddleware` serves pages built from three
 * catalogs in three formats (Tornado CSV, flat PO, LC_MESSAGES PO); every message of generation N
 * is translated `v<N>:…`. While clients hammer the app over loopback, a writer moves the catalogs
 * from generation N to N+1 through broken intermediate states (a truncated file, an unclosed CSV
 * quote, a missing file) and reloads — with `reload()` directly, and separately through `watch()`.
 * Every response must be 200, every page section must come from one generation (never a mix),
 * and the generations a client sees only move forward.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { localeMiddleware } from '../../src/adapters/express.js';
import { LocaleKitError, loadTranslations, type Translations } from '../../src/index.js';
import { makeDir } from '../helpers/tmp.js';

const MESSAGES = ['Alpha', 'Beta', 'Gamma', 'Delta'];
const LOCALES = ['fr_FR', 'de_DE', 'es_ES'] as const;
const FILES: Record<(typeof LOCALES)[number], string> = {
  fr_FR: 'fr_FR.csv',
  de_DE: 'de_DE.po',
  es_ES: join('es_ES', 'LC_MESSAGES', 'messages.po'),
};

function catalogText(code: (typeof LOCALES)[number], generation: number): string {
  const t = (m: string): string => `v${generation}:${m}-${code}`;
  if (code === 'fr_FR') return MESSAGES.map((m) => `"${m}","${t(m)}"\n`).join('');
  return `msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n${MESSAGES.map((m) => `msgid "${m}"\nmsgstr "${t(m)}"\n`).join('\n')}`;
}

function writeGeneration(dir: string, generation: number): void {
  for (const code of LOCALES) writeFileSync(join(dir, FILES[code]), catalogText(code, generation));
}

/** The generation a section of a page shows: one number, or 'missing' when its locale was absent. */
function sectionGeneration(texts: readonly string[], code: string): number | 'missing' | 'mixed' {
  const gens = new Set(
    texts.map((text, i) => {
      if (text === MESSAGES[i]) return 'missing';
      const m = /^v(\d+):(\w+)-(\w+)$/.exec(text);
      if (m === null || m[2] !== MESSAGES[i] || m[3] !== code) return 'bad';
      return Number(m[1]);
    }),
  );
  if (gens.size !== 1) return 'mixed';
  const [g] = gens;
  if (g === 'bad') return 'mixed';
  return g as number | 'missing';
}

interface Harness {
  i18n: Translations;
  dir: string;
  server: Server;
  port: number;
  close(): Promise<void>;
}

async function startApp(): Promise<Harness> {
  const { dir, cleanup } = makeDir(
    Object.fromEntries(LOCALES.map((code) => [FILES[code], catalogText(code, 1)])),
  );
  const i18n = await loadTranslations(dir, { defaultLocale: 'en_US', onWarning() {} });
  const app = express();
  app.use(localeMiddleware(i18n));
  app.get('/page', async (req, res) => {
    // The request's own Locale, after an await: a reload may have happened meanwhile, but this
    // Locale is one snapshot's, so its messages must still be one generation.
    await new Promise((resolve) => setImmediate(resolve));
    const own = MESSAGES.map((m) => req.locale._(m));
    // Every locale, read in one synchronous stretch: one snapshot.
    const all = Object.fromEntries(
      LOCALES.map((code) => [code, MESSAGES.map((m) => i18n.get(code).translate(m))]),
    );
    res.json({ code: req.locale.code, own, all });
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    i18n,
    dir,
    server,
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      cleanup();
    },
  };
}

interface Page {
  code: string;
  own: string[];
  all: Record<string, string[]>;
}

function get(
  port: number,
  agent: Agent,
  acceptLanguage: string,
): Promise<{ status: number; page: Page }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/page',
        agent,
        headers: { 'accept-language': acceptLanguage },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, page: JSON.parse(body) as Page }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

interface Stats {
  requests: number;
  /** Highest generation seen in a page, per client. */
  violations: string[];
}

/** `clients` concurrent loops until `done()`; each checks every page it gets. */
async function hammer(h: Harness, clients: number, done: () => boolean): Promise<Stats> {
  const stats: Stats = { requests: 0, violations: [] };
  const headers = ['fr', 'de-DE', 'es', 'fr;q=0.5, de', 'es-MX, en;q=0.1'];
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      let last = 0;
      try {
        while (!done()) {
          const { status, page } = await get(h.port, agent, headers[c % headers.length] as string);
          stats.requests++;
          if (status !== 200) stats.violations.push(`status ${status}`);
          const own = sectionGeneration(page.own, page.code);
          if (own === 'mixed') stats.violations.push(`mixed own section ${JSON.stringify(page)}`);
          const gens = LOCALES.map((code) => sectionGeneration(page.all[code] ?? [], code));
          if (gens.includes('mixed'))
            stats.violations.push(`mixed section ${JSON.stringify(page)}`);
          const numbers = gens.filter((g): g is number => typeof g === 'number');
          if (new Set(numbers).size > 1)
            stats.violations.push(`sections from different generations ${JSON.stringify(page)}`);
          const g = numbers[0];
          if (g !== undefined) {
            if (g < last) stats.violations.push(`went back from v${last} to v${g}`);
            last = Math.max(last, g);
          }
        }
      } finally {
        agent.destroy();
      }
    }),
  );
  return stats;
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('hot reload under load', () => {
  it('reload(): 40 cycles through broken states while 8 clients request pages', async () => {
    const h = (harness = await startApp());
    const CYCLES = 40;
    let finished = false;
    let failedReloads = 0;
    const writer = (async () => {
      try {
        for (let n = 2; n <= CYCLES + 1; n++) {
          // A truncated PO file: the reload fails and the old snapshot stays.
          writeFileSync(join(h.dir, FILES.de_DE), catalogText('de_DE', n).slice(0, 70));
          await expect(h.i18n.reload()).rejects.toBeInstanceOf(LocaleKitError);
          failedReloads++;
          writeFileSync(join(h.dir, FILES.de_DE), catalogText('de_DE', n - 1));
          // An unclosed CSV quote.
          writeFileSync(join(h.dir, FILES.fr_FR), `${catalogText('fr_FR', n)}"Alpha","x\n`);
          await expect(h.i18n.reload()).rejects.toMatchObject({ code: 'E_CSV_QUOTE' });
          failedReloads++;
          // A moment with es_ES missing: a valid snapshot without that locale.
          if (n % 5 === 0) {
            rmSync(join(h.dir, FILES.es_ES));
            writeGeneration(h.dir, n - 1);
            rmSync(join(h.dir, FILES.es_ES));
            await h.i18n.reload();
            expect(h.i18n.supportedLocales).toEqual(['de_DE', 'en_US', 'fr_FR']);
          }
          writeGeneration(h.dir, n);
          await h.i18n.reload();
          expect(h.i18n.get('de_DE').translate('Beta')).toBe(`v${n}:Beta-de_DE`);
          await sleep(5);
        }
      } finally {
        finished = true;
      }
    })();
    const [stats] = await Promise.all([hammer(h, 8, () => finished), writer]);
    expect(stats.violations).toEqual([]);
    expect(failedReloads).toBe(CYCLES * 2);
    expect(stats.requests).toBeGreaterThan(CYCLES * 8);
    expect(h.i18n.get('es_ES').translate('Delta')).toBe(`v${CYCLES + 1}:Delta-es_ES`);
    process.stdout.write(
      `reload-load: ${CYCLES} reload() cycles (${failedReloads} failed reloads), ${stats.requests} requests\n`,
    );
  });

  it('watch(): 15 cycles of edits (with broken states) picked up by the watcher under load', async () => {
    const h = (harness = await startApp());
    const CYCLES = 15;
    const errors: unknown[] = [];
    let reloads = 0;
    const watcher = h.i18n.watch({
      debounceMs: 25,
      onError: (e) => errors.push(e),
      onReload: () => {
        reloads++;
      },
    });
    let finished = false;
    const waitFor = async (cond: () => boolean): Promise<void> => {
      for (let i = 0; i < 400 && !cond(); i++) await sleep(10);
      expect(cond()).toBe(true);
    };
    const writer = (async () => {
      try {
        for (let n = 2; n <= CYCLES + 1; n++) {
          const errorsBefore = errors.length;
          writeFileSync(
            join(h.dir, FILES.fr_FR),
            `"Alpha","v${n}:Alpha-fr_FR"\n"Beta","unclosed\n`,
          );
          await waitFor(() => errors.length > errorsBefore);
          writeGeneration(h.dir, n);
          await waitFor(
            () =>
              h.i18n.get('es_ES').translate('Gamma') === `v${n}:Gamma-es_ES` &&
              h.i18n.get('fr_FR').translate('Alpha') === `v${n}:Alpha-fr_FR` &&
              h.i18n.get('de_DE').translate('Delta') === `v${n}:Delta-de_DE`,
          );
        }
      } finally {
        finished = true;
      }
    })();
    const [stats] = await Promise.all([hammer(h, 6, () => finished), writer]);
    watcher.close();
    expect(stats.violations).toEqual([]);
    expect(errors.length).toBeGreaterThanOrEqual(CYCLES);
    for (const e of errors) expect(e).toBeInstanceOf(LocaleKitError);
    expect(reloads).toBeGreaterThanOrEqual(CYCLES);
    process.stdout.write(
      `reload-load: ${CYCLES} watch() cycles (${reloads} reloads, ${errors.length} failed), ${stats.requests} requests\n`,
    );
  });
});

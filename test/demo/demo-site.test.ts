// The demo site (examples/) in-process over real HTTP: every locale, plural forms checked against
// GNU gettext and Python, the status page against msgfmt's own statistics.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CART_SIZES, createApp, DEFAULT_LOCALES_DIR } from '../../examples/app.js';
import { createNunjucksApp } from '../../examples/nunjucks/app.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const generated = path.join(root, 'test/fixtures/generated/demo-site');

/** What each demo locale must show: its BCP 47 tag, direction and greeting. */
const LOCALES = [
  { code: 'ar', tag: 'ar', dir: 'rtl', greeting: 'مرحبًا!' },
  { code: 'de_DE', tag: 'de-DE', dir: 'ltr', greeting: 'Hallo!' },
  { code: 'en_US', tag: 'en-US', dir: 'ltr', greeting: 'Hello!' },
  { code: 'es_ES', tag: 'es-ES', dir: 'ltr', greeting: '¡Hola!' },
  { code: 'fr_FR', tag: 'fr-FR', dir: 'ltr', greeting: 'Bonjour\u00a0!' },
  { code: 'ja_JP', tag: 'ja-JP', dir: 'ltr', greeting: 'こんにちは！' },
  { code: 'pl_PL', tag: 'pl-PL', dir: 'ltr', greeting: 'Dzień dobry!' },
  { code: 'pt_BR', tag: 'pt-BR', dir: 'ltr', greeting: 'Olá!' },
  { code: 'ru_RU', tag: 'ru-RU', dir: 'ltr', greeting: 'Здравствуйте!' },
  { code: 'zh_TW', tag: 'zh-TW', dir: 'ltr', greeting: '您好！' },
] as const;

// Written out by hand from the grammar, not from the catalogs: 21 and 101 take the singular in
// Russian but the genitive plural in Polish; Polish 2-4 also changes the verb.
const RUSSIAN_CART = new Map([
  [0, 'В вашей корзине 0 товаров.'],
  [1, 'В вашей корзине 1 товар.'],
  [2, 'В вашей корзине 2 товара.'],
  [5, 'В вашей корзине 5 товаров.'],
  [21, 'В вашей корзине 21 товар.'],
  [101, 'В вашей корзине 101 товар.'],
  [22, 'В вашей корзине 22 товара.'],
  [111, 'В вашей корзине 111 товаров.'],
]);
const POLISH_CART = new Map([
  [0, 'W koszyku jest 0 produktów.'],
  [1, 'W koszyku jest 1 produkt.'],
  [2, 'W koszyku są 2 produkty.'],
  [5, 'W koszyku jest 5 produktów.'],
  [21, 'W koszyku jest 21 produktów.'],
  [101, 'W koszyku jest 101 produktów.'],
  [22, 'W koszyku są 22 produkty.'],
  [12, 'W koszyku jest 12 produktów.'],
]);

let server: Server;
let base: string;

beforeAll(async () => {
  const app = await createApp({ inboxDelayMs: 5, onWarning: () => {} });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mkdirSync(generated, { recursive: true });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function page(
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; html: string; res: Response }> {
  const res = await fetch(base + pathname, { headers: { 'accept-language': 'en-US', ...headers } });
  return { status: res.status, html: await res.text(), res };
}

function decode(text: string): string {
  return text
    .replace(/&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Text of the first element with `id`, tags stripped. */
function byId(html: string, id: string): string {
  const match = new RegExp(`<(\\w+)[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  if (match === null) throw new Error(`no #${id} in page`);
  return decode(match[2]!.replace(/<[^>]+>/g, '')).trim();
}

function htmlAttributes(html: string): { lang: string | undefined; dir: string | undefined } {
  const tag = /<html\b([^>]*)>/.exec(html)?.[1] ?? '';
  return { lang: /\blang="([^"]*)"/.exec(tag)?.[1], dir: /\bdir="([^"]*)"/.exec(tag)?.[1] };
}

describe('every locale', () => {
  it.each(LOCALES)(
    '?locale=$code gives <html lang="$tag" dir="$dir"> and its greeting',
    async (expected) => {
      const { status, html, res } = await page(`/?locale=${expected.code}`);
      expect(status).toBe(200);
      expect(htmlAttributes(html)).toEqual({ lang: expected.tag, dir: expected.dir });
      expect(byId(html, 'greeting')).toBe(expected.greeting);
      expect(res.headers.get('content-language')).toBe(expected.tag);
      expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^locale=${expected.code};`));
    },
  );

  it('the switcher links every locale once, by hreflang and native name, and marks the current one', async () => {
    const { html } = await page('/?locale=pl_PL');
    const nav = /<nav aria-label="([^"]*)" class="switcher">([\s\S]*?)<\/nav>/.exec(html);
    expect(nav?.[1]).toBe('Język');
    const links = [
      ...nav![2]!.matchAll(
        /<a hreflang="([^"]*)" href="\?locale=([^"]*)" lang="([^"]*)" dir="([^"]*)"( aria-current="true")?>([^<]*)<\/a>/g,
      ),
    ];
    expect(links.map((m) => m[2])).toEqual(LOCALES.map((l) => l.code));
    expect(links.map((m) => m[1])).toEqual(LOCALES.map((l) => l.tag));
    expect(links.filter((m) => m[5] !== undefined).map((m) => m[2])).toEqual(['pl_PL']);
    const names = new Map(links.map((m) => [m[2], decode(m[6]!)]));
    expect(names.get('pl_PL')).toBe('Polski');
    expect(names.get('ru_RU')).toBe('Русский');
    expect(names.get('ja_JP')).toBe('日本語');
  });

  it('Arabic lays out right to left, and its switcher link to English stays ltr', async () => {
    const { html } = await page('/?locale=ar');
    expect(htmlAttributes(html).dir).toBe('rtl');
    expect(html).toContain('<a hreflang="en-US" href="?locale=en_US" lang="en-US" dir="ltr">');
    expect(byId(html, 'cart-summary')).toBe('في سلتك 3 منتجات.');
  });
});

describe('locale selection', () => {
  it('Accept-Language picks the language when there is no query or cookie', async () => {
    const { html } = await page('/', { 'accept-language': 'fr-CH, fr;q=0.9, en;q=0.8' });
    expect(htmlAttributes(html).lang).toBe('fr-FR');
    expect(byId(html, 'greeting')).toBe('Bonjour\u00a0!');
  });

  it('the cookie set by ?locale= keeps the language on the next request', async () => {
    const first = await page('/?locale=zh_TW');
    const cookie = first.res.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toBe('locale=zh_TW');
    const next = await page('/', { cookie, 'accept-language': 'de-DE' });
    expect(htmlAttributes(next.html).lang).toBe('zh-TW');
    expect(byId(next.html, 'greeting')).toBe('您好！');
  });

  it('an unsupported ?locale= is ignored in favour of Accept-Language', async () => {
    const { html, res } = await page('/?locale=xx_YY', { 'accept-language': 'ja' });
    expect(htmlAttributes(html).lang).toBe('ja-JP');
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('cart plural forms', () => {
  it.each([...RUSSIAN_CART])('Russian, n=%i', async (n, expected) => {
    const { html } = await page(`/?locale=ru_RU&n=${n}`);
    expect(byId(html, 'cart-summary')).toBe(expected);
  });

  it.each([...POLISH_CART])('Polish, n=%i', async (n, expected) => {
    const { html } = await page(`/?locale=pl_PL&n=${n}`);
    expect(byId(html, 'cart-summary')).toBe(expected);
  });

  it('links the cart sizes 0, 1, 2, 5, 21 and 101, the current one marked', async () => {
    const { html } = await page('/?locale=en_US&n=21');
    const links = [...html.matchAll(/<a href="\?n=(\d+)"( aria-current="true")?>/g)];
    expect(links.map((m) => Number(m[1]))).toEqual([0, 1, 2, 5, 21, 101]);
    expect(links.filter((m) => m[2]).map((m) => m[1])).toEqual(['21']);
    expect(CART_SIZES).toEqual([0, 1, 2, 5, 21, 101]);
  });

  it('English: "1 item", "21 items"; a malformed n falls back to 3', async () => {
    expect(byId((await page('/?locale=en_US&n=1')).html, 'cart-summary')).toBe(
      'Your cart contains 1 item.',
    );
    expect(byId((await page('/?locale=en_US&n=21')).html, 'cart-summary')).toBe(
      'Your cart contains 21 items.',
    );
    expect(byId((await page('/?locale=en_US&n=-4')).html, 'cart-summary')).toBe(
      'Your cart contains 3 items.',
    );
  });

  it('gettext locales (ar, fr_FR, pt_BR) give exactly what Python gettext gives for msgfmt-compiled catalogs', async () => {
    const catalogs = {
      ar: 'ar/LC_MESSAGES/messages.po',
      fr_FR: 'fr_FR/LC_MESSAGES/messages.po',
      pt_BR: 'pt_BR.po',
    };
    const counts = [0, 1, 2, 3, 5, 11, 21, 99, 100, 101, 102];
    for (const [code, po] of Object.entries(catalogs)) {
      const mo = path.join(generated, `${code}.mo`);
      execFileSync('msgfmt', ['-c', '-o', mo, path.join(DEFAULT_LOCALES_DIR, po)]);
      const script = [
        'import gettext, json, sys',
        't = gettext.GNUTranslations(open(sys.argv[1], "rb"))',
        `print(json.dumps([t.ngettext("Your cart contains %(count)d item.", "Your cart contains %(count)d items.", n) % {"count": n} for n in ${JSON.stringify(counts)}], ensure_ascii=False))`,
      ].join('\n');
      const oracle = JSON.parse(
        execFileSync('python3', ['-c', script, mo], { encoding: 'utf8' }),
      ) as string[];
      const ours = await Promise.all(
        counts.map(async (n) => byId((await page(`/?locale=${code}&n=${n}`)).html, 'cart-summary')),
      );
      expect(ours, code).toEqual(oracle);
    }
  });

  it('Arabic uses all six forms', async () => {
    const forms = await Promise.all(
      [0, 1, 2, 3, 11, 100].map(async (n) =>
        byId((await page(`/?locale=ar&n=${n}`)).html, 'cart-summary'),
      ),
    );
    expect(forms).toEqual([
      'سلتك فارغة.',
      'في سلتك منتج واحد.',
      'في سلتك منتجان.',
      'في سلتك 3 منتجات.',
      'في سلتك 11 منتجًا.',
      'في سلتك 100 منتج.',
    ]);
  });
});

describe('dates, numbers and lists', () => {
  function definitions(html: string): Map<string, string> {
    return new Map(
      [...html.matchAll(/<dt>([^<]*)<\/dt><dd[^>]*>([^<]*)<\/dd>/g)].map((m) => [
        decode(m[1]!),
        decode(m[2]!),
      ]),
    );
  }

  it("English has Tornado's exact wording", async () => {
    const rows = definitions((await page('/?locale=en_US')).html);
    expect(rows.get('Comment posted')).toBe('5 minutes ago');
    expect(rows.get('Account created')).toBe('March 14, 2023 at 9:26 am');
    expect(rows.get('Visitors this year')).toBe('1,234,567');
    expect(rows.get('Order total')).toBe('$1,234.50');
    expect(rows.get('Fruit in the basket')).toBe('apples, pears and plums');
  });

  it('Russian and German come through Intl, with the translated fruit', async () => {
    const ru = definitions((await page('/?locale=ru_RU')).html);
    expect(ru.get('Комментарий опубликован')).toBe('5 минут назад');
    expect(ru.get('Аккаунт создан')).toContain('14 марта 2023');
    expect(ru.get('Фрукты в вазе')).toBe('яблоки, груши и сливы');
    const de = definitions((await page('/?locale=de_DE')).html);
    expect(de.get('Kommentar veröffentlicht')).toBe('vor 5 Minuten');
    expect(de.get('Konto erstellt')).toContain('14. März 2023');
    expect(de.get('Besucher in diesem Jahr')).toBe('1.234.567');
    expect(de.get('Obst im Korb')).toBe('Äpfel, Birnen und Pflaumen');
  });
});

describe('asynchronous section (currentLocale through AsyncLocalStorage)', () => {
  const INBOX = new Map([
    ['ar', 'لديك 3 رسائل جديدة.'],
    ['de_DE', 'Sie haben 3 neue Nachrichten.'],
    ['en_US', 'You have 3 new messages.'],
    ['es_ES', 'Tienes 3 mensajes nuevos.'],
    ['fr_FR', 'Vous avez 3 nouveaux messages.'],
    ['ja_JP', '新着メッセージが 3 件あります。'],
    ['pl_PL', 'Masz 3 nowe wiadomości.'],
    ['pt_BR', 'Você tem 3 mensagens novas.'],
    ['ru_RU', 'У вас 3 новых сообщения.'],
    ['zh_TW', '您有 3 則新訊息。'],
  ]);

  it('40 concurrent requests in ten languages each render their own language after the await', async () => {
    const requests = Array.from({ length: 40 }, (_, i) => LOCALES[i % LOCALES.length]!);
    const pages = await Promise.all(requests.map((l) => page(`/?locale=${l.code}`)));
    pages.forEach(({ html }, i) => {
      const expected = requests[i]!;
      expect(
        /<section aria-labelledby="async-heading" id="async" lang="([^"]*)"/.exec(html)?.[1],
      ).toBe(expected.tag);
      expect(byId(html, 'inbox')).toBe(INBOX.get(expected.code));
    });
  });
});

describe('pages', () => {
  it('/healthz answers 200 "ok" as text/plain', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('ok');
    expect(res.headers.get('x-worker-pid')).toBe(String(process.pid));
  });

  it('/status lists every locale, the default as the source language', async () => {
    const { status, html } = await page('/status?locale=en_US');
    expect(status).toBe(200);
    const rows = [...html.matchAll(/<tr data-code="([^"]+)">/g)].map((m) => m[1]);
    expect(rows.sort()).toEqual(LOCALES.map((l) => l.code));
    expect(html).toContain(
      'Source language: the messages are written in it, so it needs no catalog.',
    );
  });

  it('/status: PO numbers agree with msgfmt --statistics', async () => {
    const { html } = await page('/status?locale=en_US');
    for (const [code, po] of [
      ['pt_BR', 'pt_BR.po'],
      ['fr_FR', 'fr_FR/LC_MESSAGES/messages.po'],
      ['ja_JP', 'ja_JP.po'],
    ] as const) {
      // msgfmt prints its statistics on stderr.
      const { stderr } = spawnSync(
        'msgfmt',
        ['--statistics', '-o', '/dev/null', path.join(DEFAULT_LOCALES_DIR, po)],
        {
          encoding: 'utf8',
        },
      );
      const translated = Number(/(\d+) translated/.exec(stderr)?.[1] ?? 0);
      const fuzzy = Number(/(\d+) fuzzy/.exec(stderr)?.[1] ?? 0);
      const untranslated = Number(/(\d+) untranslated/.exec(stderr)?.[1] ?? 0);
      const row = statusRow(html, code);
      expect({ code, ...row }).toMatchObject({
        code,
        total: translated + fuzzy + untranslated,
        translated,
        fuzzy,
        untranslated,
      });
    }
  });

  it('/status shows the same numbers as `localekit stats locales --json`', async () => {
    const cli = JSON.parse(
      execFileSync(
        process.execPath,
        [path.join(root, 'cli/dist/main.js'), 'stats', 'locales', '--json'],
        {
          cwd: root,
          encoding: 'utf8',
        },
      ),
    ) as {
      code: string;
      total: number;
      translated: number;
      fuzzy: number;
      untranslated: number;
      missingPluralForms: number;
      percent: number;
    }[];
    expect(cli.map((entry) => entry.code)).toEqual(
      LOCALES.map((l) => l.code).filter((code) => code !== 'en_US'),
    );
    const { html } = await page('/status?locale=en_US');
    for (const {
      code,
      total,
      translated,
      fuzzy,
      untranslated,
      missingPluralForms,
      percent,
    } of cli) {
      expect({ code, ...statusRow(html, code) }).toEqual({
        code,
        total,
        translated,
        fuzzy,
        untranslated,
        missingPluralForms,
        percent,
      });
    }
  });

  it('/status shows the deliberate gaps: pt_BR fuzzy and empty, de_DE empty', async () => {
    const { html } = await page('/status?locale=en_US');
    expect(statusRow(html, 'pt_BR')).toMatchObject({ translated: 43, fuzzy: 2, untranslated: 1 });
    expect(statusRow(html, 'de_DE')).toMatchObject({
      total: 46,
      translated: 43,
      untranslated: 3,
      fuzzy: 0,
      percent: 93.5,
    });
    expect(statusRow(html, 'ru_RU')).toMatchObject({
      untranslated: 0,
      fuzzy: 0,
      missingPluralForms: 0,
      percent: 100,
    });
    const details = /<details data-code="de_DE">([\s\S]*?)<\/details>/.exec(html)?.[1] ?? '';
    expect(decode(details)).toContain('<li>Everything is translated.</li>');
    expect(decode(details)).toContain('3 messages need work');
  });

  it('/status in Russian', async () => {
    const { html } = await page('/status?locale=ru_RU');
    expect(html).toContain('<h1>Состояние переводов</h1>');
    expect(decode(html)).toContain('<th scope="col" class="num">Переведено</th>');
  });

  it('an unknown path is a translated 404', async () => {
    const { status, html } = await page('/nowhere?locale=de_DE');
    expect(status).toBe(404);
    expect(html).toContain('<h1>Seite nicht gefunden</h1>');
  });

  it('/slow waits and is bounded', async () => {
    const res = await fetch(`${base}/slow?ms=30`);
    expect(await res.text()).toBe('done after 30 ms\n');
    const capped = await fetch(`${base}/slow?ms=-5`);
    expect(await capped.text()).toBe('done after 0 ms\n');
  });

  it('static CSS is served and uses logical properties only', async () => {
    const res = await fetch(`${base}/static/style.css`);
    expect(res.status).toBe(200);
    const css = await res.text();
    expect(css).toContain('padding-inline: 0.4rem');
    expect(css).not.toMatch(
      /(?:margin|padding|border)-(?:left|right)\b|\b(?:left|right):|text-align: (?:left|right)/,
    );
  });
});

describe('TRUST_PROXY', () => {
  it('X-Forwarded-For/-Proto are ignored by default and honoured with trustProxy', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' };
    const plain = (await (await fetch(`${base}/whoami`, { headers })).json()) as {
      ip: string;
      protocol: string;
    };
    expect(plain).toMatchObject({ ip: '127.0.0.1', protocol: 'http' });

    const app = await createApp({ trustProxy: true, onWarning: () => {} });
    const proxied = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => proxied.once('listening', () => resolve()));
    try {
      const port = (proxied.address() as AddressInfo).port;
      const seen = (await (await fetch(`http://127.0.0.1:${port}/whoami`, { headers })).json()) as {
        ip: string;
        protocol: string;
      };
      expect(seen).toMatchObject({ ip: '203.0.113.7', protocol: 'https' });
    } finally {
      proxied.closeAllConnections();
      await new Promise<void>((resolve) => proxied.close(() => resolve()));
    }
  });
});

describe('the Nunjucks variant', () => {
  it('renders the same catalogs through Nunjucks: Arabic dual, French by Accept-Language', async () => {
    const app = await createNunjucksApp({ onWarning: () => {} });
    const other = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => other.once('listening', () => resolve()));
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const arabic = await (await fetch(`${url}/?locale=ar&n=2`)).text();
      expect(htmlAttributes(arabic)).toEqual({ lang: 'ar', dir: 'rtl' });
      expect(byId(arabic, 'cart-summary')).toBe('في سلتك منتجان.');
      expect(arabic).toContain('<nav aria-label="اللغة">');
      expect(arabic).toContain(
        '<a hreflang="ar" href="?locale=ar" lang="ar" dir="rtl" aria-current="true">العربية</a>',
      );
      const french = await (
        await fetch(url, { headers: { 'accept-language': 'fr-CA,fr;q=0.8' } })
      ).text();
      expect(byId(french, 'greeting')).toBe('Bonjour\u00a0!');
      expect(byId(french, 'cart-summary')).toBe('Votre panier contient 3 articles.');
    } finally {
      other.closeAllConnections();
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});

describe('catalog files', () => {
  it('ten locales: nine catalogs (four CSV, five PO) plus the default', () => {
    const files = listFiles(DEFAULT_LOCALES_DIR)
      .map((f) => path.relative(DEFAULT_LOCALES_DIR, f))
      .sort();
    expect(files).toEqual([
      'ar/LC_MESSAGES/messages.po',
      'de_DE.csv',
      'es_ES.csv',
      'fr_FR/LC_MESSAGES/messages.po',
      'ja_JP.po',
      'pl_PL.csv',
      'pt_BR.po',
      'ru_RU.csv',
      'zh_TW/LC_MESSAGES/messages.po',
    ]);
  });

  it('examples/messages.pot is what `localekit extract examples` writes today, and every catalog covers it', () => {
    const fresh = path.join(generated, 'messages.pot');
    execFileSync(
      process.execPath,
      [path.join(root, 'cli/dist/main.js'), 'extract', 'examples', '-o', fresh],
      {
        cwd: root,
        stdio: 'pipe',
      },
    );
    expect(readFileSync(fresh, 'utf8')).toBe(
      readFileSync(path.join(root, 'examples/messages.pot'), 'utf8'),
    );
    const stats = JSON.parse(
      execFileSync(
        process.execPath,
        [
          path.join(root, 'cli/dist/main.js'),
          'stats',
          'locales',
          '--template',
          'examples/messages.pot',
          '--json',
        ],
        { cwd: root, encoding: 'utf8' },
      ),
    ) as { code: string; total: number; translated: number }[];
    expect(stats.map((s) => [s.code, s.total])).toEqual(
      LOCALES.filter((l) => l.code !== 'en_US').map((l) => [l.code, 46]),
    );
    expect(stats.find((s) => s.code === 'ja_JP')?.translated).toBe(46);
  });

  it('every PO file passes msgfmt --check', () => {
    for (const file of listFiles(DEFAULT_LOCALES_DIR).filter((f) => f.endsWith('.po'))) {
      expect(
        () => execFileSync('msgfmt', ['--check', '-o', '/dev/null', file], { stdio: 'pipe' }),
        file,
      ).not.toThrow();
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

function statusRow(
  html: string,
  code: string,
): {
  total: number;
  translated: number;
  fuzzy: number;
  untranslated: number;
  missingPluralForms: number;
  percent: number;
} {
  const row = new RegExp(`<tr data-code="${code}">([\\s\\S]*?)</tr>`).exec(html)?.[1];
  if (row === undefined) throw new Error(`no status row for ${code}`);
  const numbers = [...row.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
  const percent = Number(/<progress max="100" value="([\d.]+)"/.exec(row)?.[1]);
  const [
    total = Number.NaN,
    translated = Number.NaN,
    fuzzy = Number.NaN,
    untranslated = Number.NaN,
    missingPluralForms = Number.NaN,
  ] = numbers;
  return { total, translated, fuzzy, untranslated, missingPluralForms, percent };
}

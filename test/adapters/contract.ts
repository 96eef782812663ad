/**
 * The cases every adapter must pass, over real HTTP on 127.0.0.1: the order of the sources,
 * closest matching, headers, the cookie and its attributes, template variables, `currentLocale()`
 * across awaits and a parsed body, `setLocale`, `hreflangLinks`, path prefixes, subdomains, async
 * `detect`, a `detect` that throws, and 1,000 interleaved concurrent requests in six languages.
 *
 * Each framework's test file gives a `Harness`: a server whose routes hand a `RequestView` to
 * `handle()` (and errors to `errorAnswer()`), so the cases are the same for every framework.
 */
import { EventEmitter, once } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HreflangLink, LocaleSourceOptions } from '../../src/adapters/core.js';
import {
  currentLocale,
  type Locale,
  LocaleKitError,
  loadTranslations,
  type Translations,
} from '../../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const LOCALES = path.join(here, '..', 'fixtures', 'express', 'locales');
const COOKIE_ATTRIBUTES = '; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly';

/** What a route sees of its request, whatever the framework. */
export interface RequestView {
  readonly method: string;
  /** The URL as the framework's routing sees it (a locale prefix stripped where it can be). */
  readonly url: string;
  locale(): Locale;
  locals(): Record<string, unknown>;
  setLocale(code: string, remember: boolean): Locale;
  links(): HreflangLink[];
  readonly body: unknown;
}

export interface Server {
  readonly base: string;
  close(): Promise<void>;
}

export interface Harness {
  readonly name: string;
  /**
   * Starts a server with the adapter mounted with `options`; `trustProxy` makes the framework
   * believe `X-Forwarded-*`; with `options.pathPrefix` it must route without the prefix.
   */
  start(
    i18n: Translations,
    options: LocaleSourceOptions<never>,
    settings?: { trustProxy?: boolean; vary?: string },
  ): Promise<Server>;
  /** Whether the adapter strips a locale prefix from the URL that routes see. */
  readonly stripsPrefix: boolean;
  /** Whether the framework keeps `Content-Language` on an error page (Koa clears headers). */
  readonly errorKeepsHeaders: boolean;
}

/** The routes: `/switch`, `/links`, `/steps`, `POST /echo`, anything else → who am I. */
export async function handle(view: RequestView): Promise<unknown> {
  const url = new URL(view.url, 'http://x');
  if (view.method === 'POST') {
    const before = currentLocale().code;
    await sleep(2);
    await new Promise((resolve) => setImmediate(resolve));
    const text = (view.body as { text?: string } | undefined)?.text ?? '';
    return { before, after: currentLocale().code, size: text.length };
  }
  if (url.pathname === '/switch') {
    const early = sleep(3).then(() => currentLocale().code);
    const to = url.searchParams.get('to') ?? '';
    const result = view.setLocale(to, url.searchParams.get('remember') === '1').code;
    return { result, ...whoAmI(view), startedBefore: await early };
  }
  if (url.pathname === '/links') return view.links();
  if (url.pathname === '/steps') {
    const seen: string[] = [];
    const look = (step: string) =>
      seen.push(
        `${step} ${view.locale().code} ${(view.locals()._ as Locale['_'])('Hello')} ${currentLocale().code}`,
      );
    await walk(look);
    return { i: Number(url.searchParams.get('i')), seen };
  }
  if (url.pathname === '/throw') throw new Error('boom');
  await sleep(1);
  return whoAmI(view);
}

function whoAmI(view: RequestView) {
  const locals = view.locals();
  return {
    code: view.locale().code,
    hello: (locals._ as Locale['_'])('Hello'),
    lang: locals.lang,
    dir: locals.dir,
    localsLocale: (locals.locale as Locale).code,
    current: currentLocale().code,
    url: view.url,
  };
}

/** The error page: localized with whatever Locale the adapter left on the request. */
export function errorAnswer(error: unknown, view: RequestView): unknown {
  const locals = view.locals();
  return {
    error: error instanceof LocaleKitError ? error.code : String((error as Error).message),
    code: view.locale()?.code,
    hello: typeof locals._ === 'function' ? (locals._ as Locale['_'])('Hello') : null,
    current: currentLocale().code,
  };
}

/** Timers, awaits, a microtask and an EventEmitter hop, each with a random delay. */
async function walk(look: (step: string) => void): Promise<void> {
  const jitter = (ms: number) => Math.floor(Math.random() * ms);
  look('start');
  await sleep(jitter(8));
  look('timer');
  await Promise.all([sleep(jitter(3)), Promise.resolve().then(() => look('microtask'))]);
  look('await');
  const hop = new EventEmitter();
  hop.on('ping', () => look('listener'));
  const arrived = once(hop, 'pong');
  setTimeout(() => {
    hop.emit('ping');
    setImmediate(() => hop.emit('pong'));
  }, jitter(5));
  await arrived;
  look('emitter');
}

const agent = new Agent({ keepAlive: true, maxSockets: 100 });

/** A GET over node:http (fetch would not send a `Host` of our choosing). */
function get(server: Server, url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Headers; body: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = httpRequest(server.base + url, { headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
          const all = new Headers();
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            all.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: all,
            body: body as Record<string, unknown>,
          });
        });
      });
      req.on('error', reject);
      req.end();
    },
  );
}

/** Runs `fn` against a fresh server with `options`, closing it whatever happens. */
async function withServer<T>(
  harness: Harness,
  i18n: Translations,
  options: LocaleSourceOptions<never>,
  fn: (server: Server) => Promise<T>,
  settings?: { trustProxy?: boolean; vary?: string },
): Promise<T> {
  const server = await harness.start(i18n, options, settings);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

export function describeAdapterContract(harness: Harness): void {
  describe(`${harness.name}: the adapter contract`, () => {
    let i18n: Translations;
    beforeAll(async () => {
      i18n = await loadTranslations(LOCALES, { defaultLocale: 'en_US', onWarning() {} });
    });
    const run = <T>(
      options: LocaleSourceOptions<never>,
      fn: (server: Server) => Promise<T>,
      settings?: { trustProxy?: boolean; vary?: string },
    ) => withServer(harness, i18n, options, fn, settings);

    it('sources in order: detect > query > cookie > Accept-Language > default, each falling through', async () => {
      const detect = (req: { headers: Record<string, string | string[] | undefined> }) =>
        (req.headers['x-user-locale'] as string | undefined) ?? null;
      const cases: [string, Record<string, string>, string][] = [
        [
          '/?locale=fr_FR',
          { 'X-User-Locale': 'ru', Cookie: 'locale=de_DE', 'Accept-Language': 'es' },
          'ru_RU',
        ],
        ['/?locale=fr_FR', { 'X-User-Locale': 'xx', Cookie: 'locale=de_DE' }, 'fr_FR'],
        ['/?locale=fr', { Cookie: 'locale=de_DE', 'Accept-Language': 'es' }, 'fr_FR'],
        ['/?locale=xx_XX', { Cookie: 'locale=de', 'Accept-Language': 'es' }, 'de_DE'],
        ['/', { Cookie: 'locale=zz', 'Accept-Language': 'es' }, 'es_ES'],
        ['/', { 'Accept-Language': 'zh-HK, en;q=0.5' }, 'zh_TW'],
        ['/', {}, 'en_US'],
      ];
      await run({ detect } as LocaleSourceOptions<never>, async (server) => {
        for (const [url, headers, expected] of cases) {
          const res = await get(server, url, headers);
          expect(res.status, `${url} ${JSON.stringify(headers)}`).toBe(200);
          expect(res.body.code, `${url} ${JSON.stringify(headers)}`).toBe(expected);
          expect(res.body.current).toBe(expected);
          expect(res.body.localsLocale).toBe(expected);
          expect(res.headers.get('content-language')).toBe(i18n.find(expected)!.tag);
        }
      });
    });

    it('template variables: _, lang, dir; right-to-left languages say rtl', async () => {
      await run({}, async (server) => {
        const res = await get(server, '/?locale=ar');
        expect(res.body).toMatchObject({ code: 'ar', hello: 'مرحبا', lang: 'ar', dir: 'rtl' });
        const zh = await get(server, '/?locale=zh-tw');
        expect(zh.body).toMatchObject({ code: 'zh_TW', hello: '哈囉', lang: 'zh-TW', dir: 'ltr' });
      });
    });

    it('headers: Content-Language, Vary appended to what the app set, never duplicated', async () => {
      await run(
        {},
        async (server) => {
          const res = await get(server, '/', { 'Accept-Language': 'pt-BR' });
          expect(res.headers.get('content-language')).toBe('pt-BR');
          expect(res.headers.get('vary')).toBe('Origin, Accept-Language, Cookie');
        },
        { vary: 'Origin' },
      );
      await run({ cookie: false }, async (server) => {
        const res = await get(server, '/');
        expect(res.headers.get('vary')).toBe('Accept-Language');
      });
    });

    it('the cookie: written for a query choice with the supported code, read back, attributes', async () => {
      await run({}, async (server) => {
        const res = await get(server, '/?locale=fr');
        expect(res.body.code).toBe('fr_FR');
        expect(res.headers.getSetCookie()).toEqual([`locale=fr_FR${COOKIE_ATTRIBUTES}`]);
        const back = await get(server, '/', { Cookie: 'locale=fr_FR', 'Accept-Language': 'de' });
        expect(back.body.code).toBe('fr_FR');
        expect(back.headers.getSetCookie()).toEqual([]);
        const unsupported = await get(server, '/?locale=xx_XX');
        expect(unsupported.headers.getSetCookie()).toEqual([]);
      });
      await run(
        {
          cookie: 'lng',
          cookieOptions: {
            domain: 'example.com',
            path: '/app',
            sameSite: 'strict',
            httpOnly: false,
            maxAge: 60,
          },
        },
        async (server) => {
          const res = await get(server, '/?locale=de_DE');
          expect(res.headers.getSetCookie()).toEqual([
            'lng=de_DE; Path=/app; Domain=example.com; Max-Age=60; SameSite=Strict',
          ]);
        },
      );
      await run(
        {},
        async (server) => {
          const res = await get(server, '/?locale=ru_RU', { 'X-Forwarded-Proto': 'https' });
          expect(res.headers.getSetCookie()).toEqual([`locale=ru_RU${COOKIE_ATTRIBUTES}; Secure`]);
        },
        { trustProxy: true },
      );
    });

    it('currentLocale() across awaits and a parsed JSON body', async () => {
      await run({}, async (server) => {
        const res = await fetch(`${server.base}/echo`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Cookie: 'locale=ru_RU' },
          body: JSON.stringify({ text: 'x'.repeat(50_000) }),
        });
        expect(await res.json()).toEqual({ before: 'ru_RU', after: 'ru_RU', size: 50_000 });
      });
    });

    it('async detect: a Promise of a code, and a Promise of nothing falls through', async () => {
      const detect = async (req: { headers: Record<string, string | string[] | undefined> }) => {
        await sleep(2);
        return (req.headers['x-user-locale'] as string | undefined) ?? undefined;
      };
      await run({ detect } as LocaleSourceOptions<never>, async (server) => {
        const saved = await get(server, '/?locale=fr_FR', { 'X-User-Locale': 'de-AT' });
        expect(saved.body).toMatchObject({ code: 'de_DE', current: 'de_DE', hello: 'Hallo' });
        const none = await get(server, '/?locale=fr_FR');
        expect(none.body).toMatchObject({ code: 'fr_FR', current: 'fr_FR' });
      });
    });

    it('a detect that throws or answers wrongly: the error page has the default Locale', async () => {
      const detect = (req: { headers: Record<string, string | string[] | undefined> }) => {
        const how = req.headers['x-fail'];
        if (how === 'throw') throw new Error('session store down');
        if (how === 'reject') return Promise.reject(new Error('session store timeout'));
        return 42 as unknown as string;
      };
      await run({ detect } as LocaleSourceOptions<never>, async (server) => {
        for (const [how, error] of [
          ['throw', 'session store down'],
          ['reject', 'session store timeout'],
          ['number', 'E_DETECT'],
        ] as const) {
          const res = await get(server, '/?locale=fr_FR', {
            'X-Fail': how,
            'Accept-Language': 'ru',
          });
          expect(res.status, how).toBe(500);
          expect(res.body, how).toEqual({ error, code: 'en_US', hello: 'Hello', current: 'en_US' });
          if (harness.errorKeepsHeaders) expect(res.headers.get('content-language')).toBe('en-US');
          expect(res.headers.getSetCookie()).toEqual([]);
        }
      });
    });

    it('setLocale: the Locale, template variables, Content-Language, currentLocale() and the cookie', async () => {
      await run({}, async (server) => {
        const res = await get(server, '/switch?to=fr&remember=1', { 'Accept-Language': 'de' });
        expect(res.body).toMatchObject({
          result: 'fr_FR',
          code: 'fr_FR',
          hello: 'Bonjour',
          lang: 'fr-FR',
          localsLocale: 'fr_FR',
          current: 'fr_FR',
          startedBefore: 'fr_FR',
        });
        expect(res.headers.get('content-language')).toBe('fr-FR');
        expect(res.headers.getSetCookie()).toEqual([`locale=fr_FR${COOKIE_ATTRIBUTES}`]);
        const once = await get(server, '/switch?to=ru_RU', { 'Accept-Language': 'de' });
        expect(once.body).toMatchObject({ result: 'ru_RU', current: 'ru_RU' });
        expect(once.headers.getSetCookie()).toEqual([]);
        const replaced = await get(server, '/switch?to=ar&remember=1&locale=de_DE');
        expect(replaced.headers.getSetCookie()).toEqual([`locale=ar${COOKIE_ATTRIBUTES}`]);
        const nothing = await get(server, '/switch?to=xx_XX', { 'Accept-Language': 'de' });
        expect(nothing.body).toMatchObject({ result: 'de_DE', code: 'de_DE', current: 'de_DE' });
      });
    });

    it('path prefix: /fr/… and /pt-BR/… pick the locale and win over the query', async () => {
      await run({ pathPrefix: true }, async (server) => {
        const fr = await get(server, '/fr/cart?locale=de_DE', { 'Accept-Language': 'es' });
        expect(fr.body).toMatchObject({ code: 'fr_FR', current: 'fr_FR' });
        if (harness.stripsPrefix) expect(fr.body.url).toBe('/cart?locale=de_DE');
        expect(fr.headers.getSetCookie()).toEqual([]);
        const pt = await get(server, '/pt-BR/');
        expect(pt.body).toMatchObject({ code: 'pt_BR' });
        if (harness.stripsPrefix) expect(pt.body.url).toBe('/');
        const none = await get(server, '/api/cart', { 'Accept-Language': 'es' });
        expect(none.body).toMatchObject({ code: 'es_ES', url: '/api/cart' });
        const links = await get(server, '/fr/links?n=2');
        const all = links.body as unknown as HreflangLink[];
        expect(all).toHaveLength(i18n.supportedLocales.length + 1);
        expect(all).toContainEqual({ hreflang: 'pt-BR', href: '/pt-BR/links?n=2' });
        expect(all.at(-1)).toEqual({ hreflang: 'x-default', href: '/links?n=2' });
      });
    });

    it('hreflangLinks without prefixes: the query parameter', async () => {
      await run({}, async (server) => {
        const links = (await get(server, '/links?locale=fr')).body as unknown as HreflangLink[];
        expect(links).toContainEqual({ hreflang: 'de-DE', href: '/links?locale=de_DE' });
        expect(links.at(-1)).toEqual({ hreflang: 'x-default', href: '/links' });
      });
    });

    it('subdomain (opt-in): fr.example.com and pt-br.example.com', async () => {
      await run({ subdomain: true }, async (server) => {
        expect((await get(server, '/', { Host: 'fr.example.com' })).body.code).toBe('fr_FR');
        expect((await get(server, '/', { Host: 'pt-br.example.com:8080' })).body.code).toBe(
          'pt_BR',
        );
        const www = await get(server, '/?locale=de', { Host: 'www.example.com' });
        expect(www.body.code).toBe('de_DE');
      });
      await run({}, async (server) => {
        expect((await get(server, '/', { Host: 'fr.example.com' })).body.code).toBe('en_US');
      });
    });

    it('1,000 interleaved concurrent requests in six languages, each isolated at every step', async () => {
      const LANGUAGES: Record<string, [string, string, string]> = {
        en_US: ['en-GB', 'Hello', 'en-US'],
        fr_FR: ['fr-CA', 'Bonjour', 'fr-FR'],
        de_DE: ['de-AT', 'Hallo', 'de-DE'],
        ru_RU: ['ru', 'Привет', 'ru-RU'],
        ar: ['ar-EG', 'مرحبا', 'ar'],
        zh_TW: ['zh-HK', '哈囉', 'zh-TW'],
      };
      const codes = Object.keys(LANGUAGES);
      await run({}, async (server) => {
        const plan = Array.from({ length: 1000 }, (_, i) => {
          const code = codes[i % codes.length]!;
          const way = Math.floor(i / codes.length) % 3;
          const headers: Record<string, string> = {
            'Accept-Language': way === 2 ? LANGUAGES[code]![0] : 'xx',
          };
          if (way === 1) headers.Cookie = `theme=dark; locale=${code}`;
          return { code, url: `/steps?i=${i}${way === 0 ? `&locale=${code}` : ''}`, headers };
        });
        const answers: { code: string; seen: string[]; tag: string | null }[] = [];
        let next = 0;
        const worker = async () => {
          while (next < plan.length) {
            const item = plan[next++]!;
            const res = await get(server, item.url, item.headers);
            expect(res.status).toBe(200);
            answers.push({
              code: item.code,
              seen: res.body.seen as string[],
              tag: res.headers.get('content-language'),
            });
          }
        };
        await Promise.all(Array.from({ length: 100 }, worker));
        expect(answers).toHaveLength(1000);
        const perLanguage: Record<string, number> = {};
        for (const { code, seen, tag } of answers) {
          const [, hello, expectedTag] = LANGUAGES[code]!;
          const expected = ['start', 'microtask', 'timer', 'await', 'listener', 'emitter'].map(
            (step) => `${step} ${code} ${hello} ${code}`,
          );
          expect([...seen].sort()).toEqual(expected.sort());
          expect(tag).toBe(expectedTag);
          perLanguage[code] = (perLanguage[code] ?? 0) + 1;
        }
        expect(perLanguage).toEqual({
          en_US: 167,
          fr_FR: 167,
          de_DE: 167,
          ru_RU: 167,
          ar: 166,
          zh_TW: 166,
        });
      });
      expect(currentLocale().code).toBe('en_US');
    });

    it('options are checked when the adapter is made: E_OPTION', async () => {
      for (const bad of [
        { queryParam: 'x' },
        { cookieOptions: { sameSite: 'none' } },
        { pathPrefix: 'yes' },
      ]) {
        await expect(
          harness.start(i18n, bad as LocaleSourceOptions<never>).then((s) => s.close()),
        ).rejects.toMatchObject({ code: 'E_OPTION' });
      }
    });
  });
}

/**
 * `localeMiddleware` through real Express 5 and Express 4 apps over HTTP (supertest), against
 * catalogs in test/fixtures/express/locales loaded by `loadTranslations`: the order of the
 * sources, Accept-Language negotiation, the remembering cookie, hostile query and cookie values,
 * the headers, RTL, AsyncLocalStorage through a body parser, and option validation.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler, type Express } from 'express';
import express4Module from 'express4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  hreflangLinks,
  type LocaleMiddlewareOptions,
  type LocaleRequest,
  localeMiddleware,
  setLocale,
} from '../../src/adapters/express.js';
import {
  bindLocale,
  currentLocale,
  type Locale,
  LocaleKitError,
  loadTranslations,
  type Translations,
} from '../../src/index.js';

const express4 = express4Module as unknown as typeof express;
const here = path.dirname(fileURLToPath(import.meta.url));
const LOCALES = path.join(here, '..', 'fixtures', 'express', 'locales');
/** What a response may carry: the middleware's headers and what Node and Express add. */
const ALLOWED_HEADERS = [
  'connection',
  'content-language',
  'content-length',
  'content-type',
  'date',
  'etag',
  'keep-alive',
  'vary',
  'x-powered-by',
];
const COOKIE_ATTRIBUTES = '; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly';

let i18n: Translations;

beforeAll(async () => {
  i18n = await loadTranslations(LOCALES, { defaultLocale: 'en_US', onWarning() {} });
});

interface Answer {
  code: string;
  hello: string;
  current: string;
  lang: string;
  dir: string;
}

const reportErrors: ErrorRequestHandler = (err, _req, res, _next) => {
  res.status(500).json({ error: err instanceof LocaleKitError ? err.code : String(err) });
};

describe.each([
  ['Express 5', express],
  ['Express 4', express4],
] as const)('%s', (_name, makeExpress) => {
  function makeApp(options?: LocaleMiddlewareOptions, before?: (app: Express) => void): Express {
    const app = makeExpress();
    before?.(app);
    app.use(localeMiddleware(i18n, options));
    app.get('/', (req, res) => {
      const locale: Locale = req.locale; // typed through declaration merging
      const answer: Answer = {
        code: locale.code,
        hello: res.locals._('Hello'),
        current: currentLocale().code,
        lang: res.locals.lang,
        dir: res.locals.dir,
      };
      res.json(answer);
    });
    app.use(reportErrors);
    return app;
  }

  describe('the order of the sources: detect > query > cookie > Accept-Language > default', () => {
    const detectApp = () =>
      makeApp({ detect: (req) => (req.headers['x-user-locale'] as string | undefined) ?? null });
    const cases: [string, Record<string, string>, string, string][] = [
      // [query string, headers, expected code, what decided]
      [
        '?locale=fr_FR',
        { 'X-User-Locale': 'ru_RU', Cookie: 'locale=de_DE', 'Accept-Language': 'es' },
        'ru_RU',
        'detect',
      ],
      ['?locale=fr_FR', { Cookie: 'locale=de_DE', 'Accept-Language': 'es' }, 'fr_FR', 'query'],
      ['', { Cookie: 'locale=de_DE', 'Accept-Language': 'es' }, 'de_DE', 'cookie'],
      ['', { 'Accept-Language': 'es' }, 'es_ES', 'Accept-Language'],
      ['', {}, 'en_US', 'default'],
      [
        '?locale=xx_XX',
        { Cookie: 'locale=de_DE', 'Accept-Language': 'es' },
        'de_DE',
        'unsupported query → cookie',
      ],
      ['?locale=fr', { Cookie: 'locale=de_DE' }, 'fr_FR', 'query takes the closest: fr → fr_FR'],
      ['', { Cookie: 'locale=ru' }, 'ru_RU', 'cookie takes the closest: ru → ru_RU'],
      [
        '?locale=fr',
        { 'X-User-Locale': 'xx_XX', Cookie: 'locale=de_DE' },
        'fr_FR',
        'detect naming an unsupported code falls through to the query',
      ],
      [
        '',
        { Cookie: 'locale=zz', 'Accept-Language': 'es' },
        'es_ES',
        'unsupported cookie → Accept-Language',
      ],
      ['', { Cookie: 'locale=pt-br' }, 'pt_BR', 'cookie compared case- and -/_-insensitively'],
      [
        '',
        { 'X-User-Locale': '', 'Accept-Language': 'ru' },
        'ru_RU',
        'detect returning "" is no choice',
      ],
      ['', { 'X-User-Locale': 'fr-CA' }, 'fr_FR', 'detect takes the closest match'],
    ];
    it.each(cases)('%s %j → %s (%s)', async (query, headers, expected) => {
      const res = await request(detectApp()).get(`/${query}`).set(headers);
      expect(res.status).toBe(200);
      expect(res.body.code).toBe(expected);
      expect(res.body.current).toBe(expected);
      expect(res.headers['content-language']).toBe(i18n.find(expected)!.tag);
    });

    it('a detect() that wins leaves the query unremembered', async () => {
      const res = await request(detectApp()).get('/?locale=fr_FR').set('X-User-Locale', 'ru_RU');
      expect(res.body.code).toBe('ru_RU');
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('detect() receives the request and a non-string answer is an E_DETECT error', async () => {
      const seen: string[] = [];
      const app = makeApp({
        detect: (req) => {
          seen.push(req.url ?? '');
          return 42 as unknown as string;
        },
      });
      const res = await request(app).get('/?x=1');
      expect(seen).toEqual(['/?x=1']);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: 'E_DETECT' });
    });

    it('queryParameter and cookie names are configurable, and false turns them off', async () => {
      const named = makeApp({ queryParameter: 'lang', cookie: 'lng' });
      expect((await request(named).get('/?lang=de_DE')).body.code).toBe('de_DE');
      expect((await request(named).get('/?locale=de_DE')).body.code).toBe('en_US');
      expect((await request(named).get('/').set('Cookie', 'lng=ru_RU')).body.code).toBe('ru_RU');
      expect((await request(named).get('/').set('Cookie', 'locale=ru_RU')).body.code).toBe('en_US');
      const res = await request(named).get('/?lang=fr_FR');
      expect(res.headers['set-cookie']).toEqual([`lng=fr_FR${COOKIE_ATTRIBUTES}`]);

      const off = makeApp({ queryParameter: false, cookie: false });
      const offRes = await request(off)
        .get('/?locale=de_DE')
        .set('Cookie', 'locale=ru_RU')
        .set('Accept-Language', 'es');
      expect(offRes.body.code).toBe('es_ES');
      expect(offRes.headers['set-cookie']).toBeUndefined();
      expect(offRes.headers.vary).toBe('Accept-Language');
    });

    it('with cookie: false a query choice applies to that request only', async () => {
      const res = await request(makeApp({ cookie: false })).get('/?locale=ru_RU');
      expect(res.body.code).toBe('ru_RU');
      expect(res.headers['set-cookie']).toBeUndefined();
    });
  });

  describe('Accept-Language', () => {
    const cases: [string, string][] = [
      ['de;q=0.5, fr;q=0.9', 'fr_FR'],
      ['fr;q=0, de;q=0.1', 'de_DE'],
      ['fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5', 'fr_FR'], // Chrome, Swiss French
      ['fr-CA', 'fr_FR'],
      ['pt', 'pt_BR'],
      ['zh-HK', 'zh_TW'],
      ['zh-Hant', 'zh_TW'],
      ['zh-Hant-HK, zh-CN;q=0.5', 'zh_TW'],
      ['zh-CN', 'zh_CN'],
      ['en-GB,en;q=0.9', 'en_US'],
      ['ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7', 'ru_RU'],
      ['xx, yy;q=0.5', 'en_US'],
      ['', 'en_US'],
    ];
    it.each(cases)('%j → %s', async (header, expected) => {
      const res = await request(makeApp()).get('/').set('Accept-Language', header);
      expect(res.body.code).toBe(expected);
      expect(res.body.hello).toBe(i18n.find(expected)!.translate('Hello'));
    });

    it('zh-HK never reaches zh_CN', async () => {
      const res = await request(makeApp()).get('/').set('Accept-Language', 'zh-HK');
      expect(res.body.hello).toBe('哈囉');
      expect(res.headers['content-language']).toBe('zh-TW');
    });
  });

  describe('the remembering cookie', () => {
    it('is written for a supported query choice, naming the supported code', async () => {
      const res = await request(makeApp()).get('/?locale=fr-fr');
      expect(res.body.code).toBe('fr_FR');
      expect(res.headers['set-cookie']).toEqual([`locale=fr_FR${COOKIE_ATTRIBUTES}`]);
    });

    it('is not written for an unsupported code, nor without a query choice', async () => {
      const unsupported = await request(makeApp()).get('/?locale=xx_XX');
      expect(unsupported.headers['set-cookie']).toBeUndefined();
      const fromCookie = await request(makeApp()).get('/').set('Cookie', 'locale=de_DE');
      expect(fromCookie.body.code).toBe('de_DE');
      expect(fromCookie.headers['set-cookie']).toBeUndefined();
    });

    it('is Secure behind a trusted https proxy, and only then', async () => {
      const trusted = makeApp(undefined, (app) => app.set('trust proxy', true));
      const secure = await request(trusted).get('/?locale=ru_RU').set('X-Forwarded-Proto', 'https');
      expect(secure.headers['set-cookie']).toEqual([`locale=ru_RU${COOKIE_ATTRIBUTES}; Secure`]);
      const plain = await request(trusted).get('/?locale=ru_RU').set('X-Forwarded-Proto', 'http');
      expect(plain.headers['set-cookie']).toEqual([`locale=ru_RU${COOKIE_ATTRIBUTES}`]);
      const untrusted = await request(makeApp())
        .get('/?locale=ru_RU')
        .set('X-Forwarded-Proto', 'https');
      expect(untrusted.headers['set-cookie']).toEqual([`locale=ru_RU${COOKIE_ATTRIBUTES}`]);
    });

    it('takes maxAge (seconds) and a forced secure from cookieOptions', async () => {
      const app = makeApp({ cookieOptions: { maxAge: 600, secure: true } });
      const res = await request(app).get('/?locale=de_DE');
      expect(res.headers['set-cookie']).toEqual([
        'locale=de_DE; Path=/; Max-Age=600; SameSite=Lax; HttpOnly; Secure',
      ]);
      const never = makeApp({ cookieOptions: { secure: false } }, (a) =>
        a.set('trust proxy', true),
      );
      const res2 = await request(never).get('/?locale=de_DE').set('X-Forwarded-Proto', 'https');
      expect(res2.headers['set-cookie']).toEqual([`locale=de_DE${COOKIE_ATTRIBUTES}`]);
    });

    it('is appended to the cookies set before and after it', async () => {
      const app = makeExpress();
      app.use((_req, res, next) => {
        res.setHeader('Set-Cookie', 'sid=abc; Path=/');
        next();
      });
      app.use(localeMiddleware(i18n));
      app.get('/', (_req, res) => {
        res.cookie('theme', 'dark');
        res.send('ok');
      });
      const res = await request(app).get('/?locale=ar');
      expect(res.headers['set-cookie']).toEqual([
        'sid=abc; Path=/',
        `locale=ar${COOKIE_ATTRIBUTES}`,
        'theme=dark; Path=/',
      ]);
    });

    it('is then read back by the next request', async () => {
      const app = makeApp();
      const agent = request.agent(app);
      await agent.get('/?locale=he');
      const res = await agent.get('/').set('Accept-Language', 'fr');
      expect(res.body.code).toBe('he');
    });
  });

  describe('hostile query and cookie values', () => {
    const hostile = [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '../../etc/passwd',
      '..%2F..%2Fetc%2Fpasswd',
      '%0d%0aSet-Cookie:%20x=1',
      'fr_FR%0d%0aX-Evil:%201',
      'fr_FR%00',
      '%E2%80%AEfr_FR',
      'fr_FR%E2%80%8B',
      '%C3%A9t%C3%A9',
      '%E0%A4%A',
      '%',
      'a'.repeat(10_240),
      `fr_FR${'%20'.repeat(3000)}`,
      '',
    ];

    it.each(hostile.map((v) => [v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v, v]))(
      'query %s → 200, negotiated locale, no cookie, nothing echoed',
      async (_label, value) => {
        const proto = Object.getOwnPropertyNames(Object.prototype).sort().join();
        const res = await request(makeApp())
          .get(`/?locale=${value}&locale[__proto__][polluted]=1&x=1`)
          .set('Accept-Language', 'de');
        expect(res.status).toBe(200);
        expect(res.body.code).toBe('de_DE');
        expect(res.headers['set-cookie']).toBeUndefined();
        expect(res.headers['x-evil']).toBeUndefined();
        for (const name of Object.keys(res.headers)) expect(ALLOWED_HEADERS).toContain(name);
        expect(res.headers['content-language']).toBe('de-DE');
        expect(Object.getOwnPropertyNames(Object.prototype).sort().join()).toBe(proto);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      },
    );

    it.each(hostile.filter((v) => !v.startsWith('%0d')).map((v) => [v.slice(0, 30), v]))(
      'cookie %s → 200, negotiated locale, no Set-Cookie',
      async (_label, value) => {
        const res = await request(makeApp())
          .get('/')
          .set('Cookie', `locale=${value}; __proto__=x; constructor=y`)
          .set('Accept-Language', 'ru');
        expect(res.status).toBe(200);
        expect(res.body.code).toBe('ru_RU');
        expect(res.headers['set-cookie']).toBeUndefined();
        expect(res.headers['content-language']).toBe('ru-RU');
      },
    );

    it('takes only the first of repeated query parameters, and ignores bracketed ones', async () => {
      const app = makeApp();
      expect((await request(app).get('/?locale=ru_RU&locale=de_DE')).body.code).toBe('ru_RU');
      expect((await request(app).get('/?locale=xx&locale=de_DE')).body.code).toBe('en_US');
      expect((await request(app).get('/?locale[]=de_DE')).body.code).toBe('en_US');
      expect((await request(app).get('/?locale[0]=de_DE&locale[1]=fr_FR')).body.code).toBe('en_US');
      expect((await request(app).get('/?xlocale=de_DE&alocale=fr_FR')).body.code).toBe('en_US');
      expect((await request(app).get('/?a=1&locale=de_DE#x')).body.code).toBe('de_DE');
    });

    it('reads raw UTF-8 bytes and a 10 KB cookie header without trouble (raw socket)', async () => {
      const server = createServer(makeApp());
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      try {
        const port = (server.address() as AddressInfo).port;
        const big = `a=${'x'.repeat(10_240)}; locale=ар; b=${'y'.repeat(100)}`;
        const head = await rawRequest(
          port,
          `GET /?locale=%D0%B0%D1%80 HTTP/1.1\r\nHost: x\r\nCookie: ${big}\r\nAccept-Language: fa\r\nConnection: close\r\n\r\n`,
        );
        expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
        expect(head).toMatch(/\r\nContent-Language: fa\r\n/);
        expect(head).not.toMatch(/set-cookie/i);
        expect(head).not.toContain('ар');
      } finally {
        server.close();
      }
    });
  });

  describe('headers', () => {
    it('sets Content-Language and Vary on every response', async () => {
      const res = await request(makeApp()).get('/').set('Accept-Language', 'pt-BR');
      expect(res.headers['content-language']).toBe('pt-BR');
      expect(res.headers.vary).toBe('Accept-Language, Cookie');
    });

    it('appends to an existing Vary without duplicates, and keeps Vary: *', async () => {
      const withVary = (value: string) =>
        makeApp(undefined, (app) =>
          app.use((_req, res, next) => {
            res.setHeader('Vary', value);
            next();
          }),
        );
      expect((await request(withVary('Origin')).get('/')).headers.vary).toBe(
        'Origin, Accept-Language, Cookie',
      );
      expect((await request(withVary('origin, accept-language')).get('/')).headers.vary).toBe(
        'origin, accept-language, Cookie',
      );
      expect((await request(withVary('*')).get('/')).headers.vary).toBe('*');
    });

    it('lets the handler add more Vary fields afterwards', async () => {
      const app = makeExpress();
      app.use(localeMiddleware(i18n));
      app.get('/', (_req, res) => {
        res.vary('Origin');
        res.vary('Cookie');
        res.send('ok');
      });
      expect((await request(app).get('/')).headers.vary).toBe('Accept-Language, Cookie, Origin');
    });

    it('a detect() without the cookie still varies on Cookie (sessions are cookies)', async () => {
      const app = makeApp({ cookie: false, detect: () => undefined });
      expect((await request(app).get('/')).headers.vary).toBe('Accept-Language, Cookie');
    });
  });

  describe('res.locals and req.locale', () => {
    it.each([
      ['ar', 'ar', 'مرحبا'],
      ['he', 'he', 'שלום'],
      ['fa', 'fa', 'سلام'],
    ])('%s is right-to-left', async (code, tag, hello) => {
      const res = await request(makeApp()).get(`/?locale=${code}`);
      expect(res.body).toEqual({ code, hello, current: code, lang: tag, dir: 'rtl' });
    });

    it('left-to-right languages say ltr, with their BCP 47 tag', async () => {
      const res = await request(makeApp()).get('/?locale=zh_TW');
      expect(res.body).toEqual({
        code: 'zh_TW',
        hello: '哈囉',
        current: 'zh_TW',
        lang: 'zh-TW',
        dir: 'ltr',
      });
    });

    it('exposes the pre-bound Locale methods, not per-request copies', async () => {
      const app = makeExpress();
      app.use(localeMiddleware(i18n));
      const seen: unknown[] = [];
      app.get('/', (req, res) => {
        seen.push(res.locals._, res.locals.pgettext, res.locals.translate, res.locals.locale);
        expect(res.locals.locale).toBe(req.locale);
        res.send(
          [
            res.locals._('Hello, {name}', { name: 'Ada' }),
            res.locals._('One apple', '{count} apples', 5),
            res.locals.pgettext('menu', 'Open'),
            res.locals.translate('One apple', '{count} apples', 2),
          ].join('|'),
        );
      });
      const a = await request(app).get('/?locale=fr_FR');
      const b = await request(app).get('/?locale=fr_FR');
      expect(a.text).toBe('Bonjour, Ada|5 pommes|Ouvrir|{count} pommes');
      expect(b.text).toBe(a.text);
      const fr = i18n.find('fr_FR')!;
      expect(seen).toEqual([
        fr._,
        fr.pgettext,
        fr.translate,
        fr,
        fr._,
        fr.pgettext,
        fr.translate,
        fr,
      ]);
      expect(seen[0]).toBe(seen[4]);
    });

    it('keeps currentLocale() through a JSON body parser, awaits and timers', async () => {
      const app = makeExpress();
      app.use(localeMiddleware(i18n));
      app.use(makeExpress.json());
      app.post('/', (req, res, next) => {
        const before = currentLocale().code;
        setTimeout(() => {
          Promise.resolve()
            .then(() => res.json({ before, after: currentLocale().code, body: req.body }))
            .catch(next);
        }, 5);
      });
      const res = await request(app)
        .post('/')
        .set('Cookie', 'locale=ru_RU')
        .send({ greeting: 'x'.repeat(50_000) });
      expect(res.body.before).toBe('ru_RU');
      expect(res.body.after).toBe('ru_RU');
      expect(res.body.body.greeting).toHaveLength(50_000);
    });

    it('currentLocale() outside a request is the default locale', () => {
      expect(currentLocale().code).toBe('en_US');
    });
  });

  it('does not change between the request and a router mounted under a path', async () => {
    const app = makeExpress();
    const router = makeExpress.Router();
    router.get('/page', (req, res) => {
      res.send(`${req.locale.code} ${currentLocale().code} ${req.url}`);
    });
    app.use('/sub', localeMiddleware(i18n), router);
    const res = await request(app).get('/sub/page?locale=de_DE');
    expect(res.text).toBe('de_DE de_DE /page?locale=de_DE');
  });
});

describe('Express-only details', () => {
  it('currentLocale() in req.on("end") needs bindLocale: the socket emits it', async () => {
    const app = express();
    app.use(localeMiddleware(i18n));
    app.post('/', (req, res) => {
      const seen: string[] = [];
      req.on('data', () => {});
      req.on('end', () => seen.push(`plain ${currentLocale().code}`));
      req.on(
        'end',
        bindLocale(() => {
          seen.push(`bound ${currentLocale().code}`);
          res.json(seen);
        }),
      );
    });
    const res = await request(app).post('/?locale=ru').send('x'.repeat(100_000));
    expect(res.body).toEqual(['plain en_US', 'bound ru_RU']);
  });

  it('hreflangLinks include the path the middleware is mounted at', async () => {
    const app = express();
    const router = express.Router();
    router.get('/item', (req, res) => {
      res.json(
        hreflangLinks(req).filter((l) => l.hreflang === 'de-DE' || l.hreflang === 'x-default'),
      );
    });
    app.use('/shop', localeMiddleware(i18n, { pathPrefix: true }), router);
    const res = await request(app).get('/shop/fr/item?x=1');
    expect(res.body).toEqual([
      { hreflang: 'de-DE', href: '/shop/de-DE/item?x=1' },
      { hreflang: 'x-default', href: '/shop/item?x=1' },
    ]);
  });

  it('setLocale and hreflangLinks on a request the middleware did not see: E_NO_MIDDLEWARE', () => {
    expect(() => setLocale({} as LocaleRequest, 'fr')).toThrow(
      expect.objectContaining({ code: 'E_NO_MIDDLEWARE' }),
    );
    expect(() => hreflangLinks({} as LocaleRequest)).toThrow(LocaleKitError);
  });

  it('a second setLocale with remember replaces the cookie line instead of adding one', async () => {
    const app = express();
    app.use(localeMiddleware(i18n));
    app.get('/', (req, res) => {
      setLocale(req, 'de', { remember: true });
      setLocale(req, 'ru', { remember: true });
      res.send(`${req.locale.code} ${res.locals.lang}`);
    });
    const res = await request(app).get('/?locale=fr');
    expect(res.text).toBe('ru_RU ru-RU');
    expect(res.headers['set-cookie']).toEqual([`locale=ru_RU${COOKIE_ATTRIBUTES}`]);
    expect(res.headers['content-language']).toBe('ru-RU');
  });
});

describe('without Express', () => {
  it('serves a plain node:http server (no req.secure, no res.locals)', async () => {
    const middleware = localeMiddleware(i18n);
    const server = createServer((req, res) =>
      middleware(req, res, () =>
        res.end(`${(req as LocaleRequest).locale?._('Hello')} ${currentLocale().code}`),
      ),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const res = await fetch(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/?locale=ru_RU`,
      );
      expect(await res.text()).toBe('Привет ru_RU');
      expect(res.headers.get('set-cookie')).toBe(`locale=ru_RU${COOKIE_ATTRIBUTES}`);
      expect(res.headers.get('content-language')).toBe('ru-RU');
      expect(res.headers.get('vary')).toBe('Accept-Language, Cookie');
    } finally {
      server.close();
    }
  });
});

describe('options are checked when the middleware is made', () => {
  const bad: [string, unknown][] = [
    ['unknown option', { queryParam: 'lang' }],
    ['empty query parameter', { queryParameter: '' }],
    ['query parameter with a space', { queryParameter: 'a b' }],
    ['query parameter true', { queryParameter: true }],
    ['cookie name with ;', { cookie: 'a;b' }],
    ['cookie name with =', { cookie: 'a=b' }],
    ['detect not a function', { detect: 'ru_RU' }],
    ['cookieOptions not an object', { cookieOptions: 'x' }],
    ['unknown cookie option', { cookieOptions: { expires: 1 } }],
    ['negative maxAge', { cookieOptions: { maxAge: -1 } }],
    ['fractional maxAge', { cookieOptions: { maxAge: 1.5 } }],
    ['maxAge Infinity', { cookieOptions: { maxAge: Number.POSITIVE_INFINITY } }],
    ['secure a string', { cookieOptions: { secure: 'yes' } }],
    ['options a string', 'locale'],
    ['options null', null],
  ];
  it.each(bad)('%s → E_OPTION', (_label, options) => {
    let error: unknown;
    try {
      localeMiddleware(i18n, options as LocaleMiddlewareOptions);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LocaleKitError);
    expect((error as LocaleKitError).code).toBe('E_OPTION');
  });

  it('names the unknown option and the known ones', () => {
    expect(() => localeMiddleware(i18n, { queryParam: 'x' } as LocaleMiddlewareOptions)).toThrow(
      /unknown option "queryParam".*queryParameter, cookie, detect, cookieOptions/,
    );
  });

  it('refuses something that is not a Translations', () => {
    expect(() => localeMiddleware({} as Translations)).toThrow(LocaleKitError);
    expect(() => localeMiddleware(undefined as unknown as Translations)).toThrow(
      /loadTranslations/,
    );
  });

  it('does not modify the options object it is given', () => {
    const options = { cookie: 'lng', cookieOptions: { maxAge: 5 } };
    const copy = structuredClone(options);
    localeMiddleware(i18n, options);
    expect(options).toEqual(copy);
    expect(Object.isFrozen(options)).toBe(false);
  });
});

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks).toString('utf8');
      resolve(all.slice(0, all.indexOf('\r\n\r\n') + 2));
    });
    socket.end(Buffer.from(text, 'utf8'));
  });
}

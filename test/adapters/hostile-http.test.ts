/**
 * Hostile request data through a real Express app (5 and 4) with `localeMiddleware`, sent as raw
 * bytes over a socket so nothing in an HTTP client tidies it up first. For every case: the locale
 * chosen is supported (and the one specified), the response headers are exactly the middleware's
 * (`Content-Language`, `Vary`, and `Set-Cookie` only for a valid `?locale=`, naming the supported
 * code — never the raw value), nothing from the request is echoed into the head, and
 * `Object.prototype` is untouched.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import express from 'express';
import express4Module from 'express4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localeMiddleware } from '../../src/adapters/express.js';
import { loadTranslations, type Translations } from '../../src/index.js';
import { makeDir } from '../helpers/tmp.js';

const express4 = express4Module as unknown as typeof express;

const CATALOGS: Record<string, string> = {
  'fr_FR.csv': '"Hello","Bonjour"\n',
  'de_DE.csv': '"Hello","Hallo"\n',
  'es_ES.csv': '"Hello","Hola"\n',
  'pt_BR.po': 'msgid "Hello"\nmsgstr "Olá"\n',
  'ar.csv': '"Hello","مرحبا"\n',
};
const TAGS: Record<string, string> = {
  ar: 'ar',
  de_DE: 'de-DE',
  en_US: 'en-US',
  es_ES: 'es-ES',
  fr_FR: 'fr-FR',
  pt_BR: 'pt-BR',
};
const SUPPORTED = Object.keys(TAGS);
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
/** Headers a response may carry: the middleware's, and what Node/Express add themselves. */
const ALLOWED_HEADERS = new Set([
  'content-language',
  'vary',
  'set-cookie',
  'content-type',
  'content-length',
  'etag',
  'date',
  'connection',
  'keep-alive',
  'x-powered-by',
]);
const COOKIE_ATTRIBUTES = '; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly';

let i18n: Translations;
let cleanup: () => void;
const servers: { name: string; server: Server; port: number }[] = [];

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = makeDir(CATALOGS));
  i18n = await loadTranslations(dir, { defaultLocale: 'en_US', onWarning() {} });
  for (const [name, make] of [
    ['express 5', express],
    ['express 4', express4],
  ] as const) {
    const app = make();
    app.set('query parser', 'extended');
    app.use(localeMiddleware(i18n));
    app.get('/', (req, res) => {
      // Touch req.query so Express's query parser runs on the hostile query string too.
      void Object.keys(req.query as object);
      res.type('text/plain').send(`code=${req.locale.code};lang=${String(res.locals.lang)}`);
    });
    // Big enough for the 100 KB cases to reach the middleware at all.
    const server = createServer({ maxHeaderSize: 512 * 1024 }, app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ name, server, port: (server.address() as AddressInfo).port });
  }
});

afterAll(async () => {
  for (const { server } of servers) await new Promise((resolve) => server.close(resolve));
  cleanup();
});

interface RawResponse {
  status: number;
  headers: [string, string][];
  head: string;
  body: string;
}

/** Sends `path` and `headers` as raw bytes (latin1, so any byte goes through as written). */
function rawRequest(port: number, path: string, headers: readonly string[]): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = split === -1 ? text : text.slice(0, split);
      const [statusLine = '', ...lines] = head.split('\r\n');
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers: lines.map((l) => [
          l.slice(0, l.indexOf(':')).toLowerCase(),
          l.slice(l.indexOf(':') + 1).trim(),
        ]),
        head,
        body: split === -1 ? '' : text.slice(split + 4),
      });
    });
    const request = [
      `GET ${path} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Connection: close',
      ...headers,
      '',
      '',
    ].join('\r\n');
    socket.end(Buffer.from(request, 'latin1'));
  });
}

interface HttpCase {
  readonly name: string;
  readonly path?: string;
  readonly headers?: readonly string[];
  /** The code chosen. */
  readonly code: string;
  /** The code a `?locale=` choice remembers in the cookie, if any. */
  readonly cookie?: string;
}

const big = (n: number, s: string): string => s.repeat(n);
const CASES: readonly HttpCase[] = [
  {
    name: 'query: a valid code, remembered by its supported spelling',
    path: '/?locale=pt-br',
    code: 'pt_BR',
    cookie: 'pt_BR',
  },
  {
    name: 'query: percent-encoded code',
    path: '/?locale=%66%72_%46%52',
    code: 'fr_FR',
    cookie: 'fr_FR',
  },
  {
    name: 'query: repeated parameter, the first wins',
    path: '/?locale=de_DE&locale=fr_FR',
    code: 'de_DE',
    cookie: 'de_DE',
  },
  { name: 'query: __proto__', path: '/?locale=__proto__', code: 'en_US' },
  { name: 'query: constructor', path: '/?locale=constructor', code: 'en_US' },
  { name: 'query: toString', path: '/?locale=toString', code: 'en_US' },
  {
    name: 'query: qs prototype pollution via locale[__proto__]',
    path: '/?locale[__proto__][polluted]=1&locale[x]=fr_FR',
    code: 'en_US',
  },
  {
    name: 'query: qs prototype pollution via __proto__[polluted]',
    path: '/?__proto__[polluted]=1&constructor[prototype][polluted]=1&locale=es_ES',
    code: 'es_ES',
    cookie: 'es_ES',
  },
  {
    name: 'query: CRLF header injection',
    path: '/?locale=fr_FR%0d%0aSet-Cookie:%20evil=1',
    code: 'en_US',
  },
  { name: 'query: encoded NUL', path: '/?locale=fr_FR%00', code: 'en_US' },
  { name: 'query: malformed percent-encoding', path: '/?locale=%E0%A4%A', code: 'en_US' },
  { name: 'query: a plus is a space', path: '/?locale=fr+FR', code: 'en_US' },
  {
    name: 'query: language only reaches the closest supported locale',
    path: '/?locale=fr',
    code: 'fr_FR',
    cookie: 'fr_FR',
  },
  { name: 'query: 100 KB value', path: `/?locale=${big(100_000, 'x')}`, code: 'en_US' },
  {
    name: 'query: 10,000 parameters before the locale',
    path: `/?${big(10_000, 'a=1&')}locale=ar`,
    code: 'ar',
    cookie: 'ar',
  },
  { name: 'query: a-a-a shape', path: `/?locale=${big(5000, 'a-')}a`, code: 'en_US' },
  { name: 'query: UTF-8 bytes', path: '/?locale=%F0%9F%91%8B', code: 'en_US' },
  {
    name: 'query: wins over cookie and header',
    path: '/?locale=de_DE',
    headers: ['Cookie: locale=fr_FR', 'Accept-Language: es'],
    code: 'de_DE',
    cookie: 'de_DE',
  },
  { name: 'cookie: a valid code', headers: ['Cookie: locale=fr_FR'], code: 'fr_FR' },
  { name: 'cookie: quoted value', headers: ['Cookie: locale="es_ES"'], code: 'es_ES' },
  {
    name: 'cookie: repeated, the first wins',
    headers: ['Cookie: locale=de_DE; locale=fr_FR'],
    code: 'de_DE',
  },
  { name: 'cookie: __proto__', headers: ['Cookie: locale=__proto__'], code: 'en_US' },
  {
    name: 'cookie: __proto__ as the cookie name',
    headers: ['Cookie: __proto__=x; constructor=y; locale=ar'],
    code: 'ar',
  },
  {
    name: 'cookie: encoded CRLF injection',
    headers: ['Cookie: locale=fr_FR%0d%0aX-Evil:%201'],
    code: 'en_US',
  },
  { name: 'cookie: malformed percent-encoding', headers: ['Cookie: locale=%ZZ'], code: 'en_US' },
  {
    name: 'cookie: 10,000 cookies then locale',
    headers: [`Cookie: ${big(10_000, 'k=v; ')}locale=pt_BR`],
    code: 'pt_BR',
  },
  { name: 'cookie: 100 KB value', headers: [`Cookie: locale=${big(100_000, 'y')}`], code: 'en_US' },
  {
    name: 'cookie: invalid, falls through to Accept-Language',
    headers: ['Cookie: locale=xx_XX', 'Accept-Language: de'],
    code: 'de_DE',
  },
  {
    name: 'Accept-Language: 100 KB',
    headers: [`Accept-Language: ${big(100_000, 'x')}`],
    code: 'en_US',
  },
  {
    name: 'Accept-Language: 10,000 ranges',
    headers: [`Accept-Language: fr;q=0.1, ${big(10_000, 'zz;q=0.5, ')}`],
    code: 'fr_FR',
  },
  {
    name: 'Accept-Language: __proto__, constructor, toString',
    headers: ['Accept-Language: __proto__, constructor, toString, es;q=0.1'],
    code: 'es_ES',
  },
  {
    name: 'Accept-Language: raw UTF-8 bytes (read as latin1)',
    headers: [`Accept-Language: ${Buffer.from('fr-👋, dé', 'utf8').toString('latin1')}, ar;q=0.2`],
    code: 'ar',
  },
  {
    name: 'Accept-Language: q=1e309 and q=NaN',
    headers: ['Accept-Language: fr;q=1e309, es;q=NaN, de;q=0.3'],
    code: 'de_DE',
  },
  {
    name: 'Accept-Language: a-a-a of 50 KB',
    headers: [`Accept-Language: ${big(25_000, 'a-')}a`],
    code: 'en_US',
  },
  {
    name: 'Accept-Language: repeated header',
    headers: ['Accept-Language: evil', 'Accept-Language: pt-BR'],
    code: 'pt_BR',
  },
];

/** Requests Node's parser refuses before any middleware runs: a 400 with nothing echoed. */
const REJECTED: readonly HttpCase[] = [
  {
    name: 'control character in Accept-Language',
    headers: ['Accept-Language: fr\u0001evil'],
    code: '',
  },
  { name: 'NUL in Cookie', headers: ['Cookie: locale=fr_FR\u0000evil'], code: '' },
  { name: 'obs-fold continuation line', headers: ['Accept-Language: evil,', ' de'], code: '' },
  { name: 'bare CR in Accept-Language', headers: ['Accept-Language: fr\revil: 1'], code: '' },
];

function expectClean(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(PROTO_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe.each(['express 5', 'express 4'])(
  '%s + localeMiddleware with hostile requests',
  (serverName) => {
    const port = (): number =>
      (servers.find((s) => s.name === serverName) as { port: number }).port;

    it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const res = await rawRequest(port(), c.path ?? '/', c.headers ?? []);
      expect(res.status).toBe(200);
      expect(SUPPORTED).toContain(c.code);
      expect(res.body).toBe(`code=${c.code};lang=${TAGS[c.code]}`);
      const get = (name: string): string[] =>
        res.headers.filter(([n]) => n === name).map(([, v]) => v);
      expect(get('content-language')).toEqual([TAGS[c.code]]);
      expect(get('vary')).toEqual(['Accept-Language, Cookie']);
      expect(get('set-cookie')).toEqual(
        c.cookie === undefined ? [] : [`locale=${c.cookie}${COOKIE_ATTRIBUTES}`],
      );
      for (const [name] of res.headers) expect(ALLOWED_HEADERS, name).toContain(name);
      expect(res.head.toLowerCase()).not.toContain('evil');
      expect(res.head).not.toContain('__proto__');
      expect(res.head.length).toBeLessThan(400);
      expectClean();
    });

    it.each(REJECTED.map((c) => [c.name, c] as const))(
      '%s → 400 from Node, nothing echoed',
      async (_name, c) => {
        const res = await rawRequest(port(), '/', c.headers ?? []);
        expect(res.status).toBe(400);
        expect(res.head.toLowerCase()).not.toContain('evil');
        expect(res.head.toLowerCase()).not.toContain('content-language');
        expectClean();
      },
    );
  },
);

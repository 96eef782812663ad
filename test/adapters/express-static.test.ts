/**
 * Where to mount `localeMiddleware` relative to `express.static` (issue 15): mounted after it, a
 * static file is answered before the middleware runs — no negotiation, no `Vary`, no
 * `Content-Language`, no `Set-Cookie` (even with `?locale=` in the URL), so shared caches keep one
 * copy of each asset — while pages still get the locale. Mounted before it, every static response
 * carries the locale headers. A real Express 5 app on 127.0.0.1, fetched over HTTP.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocaleRequest, localeMiddleware } from '../../src/adapters/express.js';
import { loadTranslations, type Translations } from '../../src/index.js';
import { makeDir } from '../helpers/tmp.js';

let i18n: Translations;
let cleanup: () => void;
let publicDir: string;
const servers: Server[] = [];

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = makeDir({
    'locales/fr_FR.csv': '"Hello","Bonjour"\n',
    'public/app.css': 'body { color: black }\n',
  }));
  i18n = await loadTranslations(`${dir}/locales`, { onWarning() {} });
  publicDir = `${dir}/public`;
});

afterAll(async () => {
  await Promise.all(
    servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
  cleanup();
});

/** An app serving /app.css from `public/` and / through `_`; the middleware counts its calls. */
async function start(order: 'static first' | 'middleware first') {
  const app = express();
  const calls = { middleware: 0 };
  const middleware = localeMiddleware(i18n);
  const counted: express.RequestHandler = (req, res, next) => {
    calls.middleware++;
    middleware(req, res, next);
  };
  if (order === 'static first') app.use(express.static(publicDir), counted);
  else app.use(counted, express.static(publicDir));
  app.get('/', (req, res) => {
    res.send((req as LocaleRequest).locale?._('Hello'));
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, calls };
}

const FRENCH = { 'accept-language': 'fr-FR,fr;q=0.9' };

function localeHeaders(response: Response) {
  return {
    vary: response.headers.get('vary'),
    contentLanguage: response.headers.get('content-language'),
    setCookie: response.headers.get('set-cookie'),
  };
}

describe('localeMiddleware mounted after express.static', () => {
  it('a static file gets none of the locale headers and the middleware never runs', async () => {
    const { base, calls } = await start('static first');
    const css = await fetch(`${base}/app.css?locale=fr_FR`, { headers: FRENCH });
    expect(css.status).toBe(200);
    expect(await css.text()).toBe('body { color: black }\n');
    expect(localeHeaders(css)).toEqual({ vary: null, contentLanguage: null, setCookie: null });
    expect(calls.middleware).toBe(0);

    const page = await fetch(`${base}/?locale=fr_FR`, { headers: FRENCH });
    expect(await page.text()).toBe('Bonjour');
    expect(localeHeaders(page)).toEqual({
      vary: 'Accept-Language, Cookie',
      contentLanguage: 'fr-FR',
      setCookie: 'locale=fr_FR; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly',
    });
    expect(calls.middleware).toBe(1);
  });
});

describe('localeMiddleware mounted before express.static', () => {
  it('every static response carries Vary, Content-Language and the remembering cookie', async () => {
    const { base, calls } = await start('middleware first');
    const css = await fetch(`${base}/app.css?locale=fr_FR`, { headers: FRENCH });
    expect(await css.text()).toBe('body { color: black }\n');
    expect(localeHeaders(css)).toEqual({
      vary: 'Accept-Language, Cookie',
      contentLanguage: 'fr-FR',
      setCookie: 'locale=fr_FR; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly',
    });
    expect(calls.middleware).toBe(1);
  });
});

/**
 * `localekit/nunjucks`: macros brought in with `{% import %}` / `{% from … import %}` get no
 * template context, so they can call `_`, `pgettext` and `translate` only as environment globals.
 * Real Express and Koa servers render a page whose translations all happen inside imported macros.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import Koa from 'koa';
import nunjucks from 'nunjucks';
import { beforeAll, describe, expect, it } from 'vitest';
import { localeMiddleware } from '../../src/adapters/express.js';
import { localeMiddleware as koaLocale } from '../../src/adapters/koa.js';
import { registerGlobals } from '../../src/adapters/nunjucks.js';
import { LocaleKitError, loadTranslations, type Translations } from '../../src/index.js';
import { LOCALES } from './contract.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const VIEWS = path.join(here, '..', 'fixtures', 'adapters', 'views');

const FR =
  '<html lang="fr-FR"><p class="greet">Bonjour, Ada</p><p class="apples">3 pommes</p><p class="menu">Ouvrir Bonjour</p></html>\n';
const RU =
  '<html lang="ru-RU"><p class="greet">Привет, Ada</p><p class="apples">3 яблока</p><p class="menu">Open Привет</p></html>\n';

let i18n: Translations;
beforeAll(async () => {
  i18n = await loadTranslations(LOCALES, { defaultLocale: 'en_US', onWarning() {} });
});

async function listen(handler: Parameters<typeof createServer>[1]) {
  const server: Server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function expressApp(globals: boolean) {
  const app = express();
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS), { autoescape: true });
  if (globals) registerGlobals(env);
  env.express(app);
  app.set('view engine', 'njk');
  app.use(localeMiddleware(i18n));
  app.get('/', (_req, res) => res.render('imports.njk', { user: 'Ada', n: 3 }));
  app.use(((err, _req, res, _next) => {
    res.status(500).send(String((err as Error).message));
  }) as express.ErrorRequestHandler);
  return app;
}

describe('imported macros', () => {
  it('without registerGlobals an imported macro cannot call _ (the reason it exists)', async () => {
    const server = await listen(expressApp(false));
    try {
      const res = await fetch(`${server.base}/?locale=fr`);
      expect(res.status).toBe(500);
      expect(await res.text()).toMatch(/Unable to call `_`, which is undefined/);
    } finally {
      await server.close();
    }
  });

  it('Express: imported macros translate in the request locale, 200 interleaved requests', async () => {
    const server = await listen(expressApp(true));
    try {
      const pages = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          fetch(`${server.base}/?locale=${i % 2 === 0 ? 'fr' : 'ru_RU'}`).then((r) => r.text()),
        ),
      );
      pages.forEach((page, i) => {
        expect(page).toBe(i % 2 === 0 ? FR : RU);
      });
    } finally {
      await server.close();
    }
  });

  it('Koa: the same macros, rendered with ctx.state', async () => {
    const env = registerGlobals(
      new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS), { autoescape: true }),
    );
    const app = new Koa();
    app.use(koaLocale(i18n));
    app.use(async (ctx) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      ctx.body = env.render('imports.njk', { ...ctx.state, user: 'Ada', n: 3 });
    });
    const server = await listen(app.callback());
    try {
      const res = await fetch(`${server.base}/`, { headers: { 'Accept-Language': 'ru' } });
      expect(await res.text()).toBe(RU);
    } finally {
      await server.close();
    }
  });

  it('outside a request the globals answer in the default locale, values escaped by autoescape', () => {
    const env = registerGlobals(new nunjucks.Environment(null, { autoescape: true }));
    const out = env.renderString(
      "{% macro g(n) %}{{ _('Hello, {name}', { name: n }) }}{% endmacro %}{{ g('<b>') }}",
      {},
    );
    expect(out).toBe('Hello, &lt;b&gt;');
  });

  it('refuses what is not an Environment', () => {
    expect(() => registerGlobals({} as nunjucks.Environment)).toThrow(LocaleKitError);
  });
});

/**
 * `localekit/koa` through real Koa 2 servers: the adapter contract (./contract.ts), then what is
 * Koa's own: `ctx.state` for views, `ctx.originalUrl` keeping a stripped prefix.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa, { type Context } from 'koa';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  hreflangLinks,
  type LocaleMiddlewareOptions,
  localeMiddleware,
  setLocale,
} from '../../src/adapters/koa.js';
import { loadTranslations, type Translations } from '../../src/index.js';
import {
  describeAdapterContract,
  errorAnswer,
  handle,
  LOCALES,
  type RequestView,
} from './contract.js';

function view(ctx: Context, body?: unknown): RequestView {
  return {
    method: ctx.method,
    url: ctx.url,
    locale: () => ctx.locale,
    locals: () => ctx.state as Record<string, unknown>,
    setLocale: (code, remember) => setLocale(ctx, code, { remember }),
    links: () => hreflangLinks(ctx),
    body,
  };
}

/** The JSON body, read from the stream as a body parser does (downstream of the locale). */
async function jsonBody(ctx: Context): Promise<unknown> {
  if (ctx.method !== 'POST') return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function listen(app: Koa) {
  const server = createServer(app.callback());
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

describeAdapterContract({
  name: 'Koa 2',
  stripsPrefix: true,
  errorKeepsHeaders: true,
  async start(i18n, options, settings = {}) {
    const app = new Koa();
    app.proxy = settings.trustProxy === true;
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        ctx.status = 500;
        ctx.body = errorAnswer(error, view(ctx));
      }
    });
    const { vary } = settings;
    if (vary !== undefined) {
      app.use((ctx, next) => {
        ctx.set('Vary', vary);
        return next();
      });
    }
    app.use(localeMiddleware(i18n, options as LocaleMiddlewareOptions));
    app.use(async (ctx) => {
      const body = await jsonBody(ctx);
      ctx.body = await handle(view(ctx, body));
    });
    return listen(app);
  },
});

describe('Koa specifics', () => {
  let i18n: Translations;
  beforeAll(async () => {
    i18n = await loadTranslations(LOCALES, { defaultLocale: 'en_US', onWarning() {} });
  });

  it('strips the prefix from ctx.url and ctx.path; ctx.originalUrl keeps it', async () => {
    const app = new Koa();
    app.use(localeMiddleware(i18n, { pathPrefix: true }));
    app.use((ctx) => {
      ctx.body = {
        path: ctx.path,
        url: ctx.url,
        originalUrl: ctx.originalUrl,
        code: ctx.locale.code,
      };
    });
    const server = await listen(app);
    try {
      const res = await fetch(`${server.base}/pt-BR/cart?n=2`);
      expect(await res.json()).toEqual({
        path: '/cart',
        url: '/cart?n=2',
        originalUrl: '/pt-BR/cart?n=2',
        code: 'pt_BR',
      });
    } finally {
      await server.close();
    }
  });

  it('ctx.state keeps what earlier middleware put there', async () => {
    const app = new Koa();
    app.use((ctx, next) => {
      ctx.state.user = 'Ada';
      return next();
    });
    app.use(localeMiddleware(i18n));
    app.use((ctx) => {
      ctx.body = `${ctx.state.user} ${ctx.state.lang} ${ctx.state._('Hello')}`;
    });
    const server = await listen(app);
    try {
      const res = await fetch(`${server.base}/?locale=ru`);
      expect(await res.text()).toBe('Ada ru-RU Привет');
    } finally {
      await server.close();
    }
  });
});

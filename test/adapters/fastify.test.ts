/**
 * `localekit/fastify` through real Fastify 5 servers: the adapter contract (./contract.ts), then
 * what is Fastify's own: encapsulation (the plugin skips it, as fastify-plugin does), `reply.locals`
 * shared with `@fastify/view`, and `stripLocalePrefix` for `rewriteUrl`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyView from '@fastify/view';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  hreflangLinks,
  type LocalePluginOptions,
  localePlugin,
  setLocale,
  stripLocalePrefix,
} from '../../src/adapters/fastify.js';
import { currentLocale, loadTranslations, type Translations } from '../../src/index.js';
import {
  describeAdapterContract,
  errorAnswer,
  handle,
  LOCALES,
  type RequestView,
} from './contract.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function view(request: FastifyRequest, reply: FastifyReply): RequestView {
  return {
    method: request.method,
    url: request.url,
    locale: () => request.locale,
    locals: () => reply.locals,
    setLocale: (code, remember) => setLocale(request, code, { remember }),
    links: () => hreflangLinks(request),
    body: request.body,
  };
}

describeAdapterContract({
  name: 'Fastify 5',
  stripsPrefix: true, // through stripLocalePrefix in rewriteUrl
  errorKeepsHeaders: true,
  async start(i18n, options, settings = {}) {
    const app = Fastify({
      trustProxy: settings.trustProxy === true,
      ...(options.pathPrefix === true ? { rewriteUrl: stripLocalePrefix(i18n) } : {}),
    });
    const { vary } = settings;
    if (vary !== undefined) {
      app.addHook('onRequest', (_request, reply, done) => {
        reply.header('Vary', vary);
        done();
      });
    }
    try {
      await app.register(localePlugin, { translations: i18n, ...options } as LocalePluginOptions);
      app.setErrorHandler((error, request, reply) => {
        reply.code(500).send(errorAnswer(error, view(request, reply)));
      });
      app.all('/*', (request, reply) => handle(view(request, reply)));
      await app.listen({ port: 0, host: '127.0.0.1' });
    } catch (error) {
      await app.close();
      throw error;
    }
    const address = app.server.address() as { port: number };
    return {
      base: `http://127.0.0.1:${address.port}`,
      close: () => app.close(),
    };
  },
});

describe('Fastify specifics', () => {
  let i18n: Translations;
  beforeAll(async () => {
    i18n = await loadTranslations(LOCALES, { defaultLocale: 'en_US', onWarning() {} });
  });

  it('is not encapsulated: its hook serves routes on the root and in child contexts', async () => {
    expect((localePlugin as unknown as Record<symbol, unknown>)[Symbol.for('skip-override')]).toBe(
      true,
    );
    const app = Fastify();
    await app.register(localePlugin, { translations: i18n });
    const answer = (request: FastifyRequest) => ({
      code: request.locale?.code ?? null,
      current: currentLocale().code,
    });
    app.get('/', answer);
    await app.register(
      async (child) => {
        child.get('/page', answer);
      },
      { prefix: '/child' },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as { port: number };
      for (const url of ['/?locale=de', '/child/page?locale=de']) {
        const res = await fetch(`http://127.0.0.1:${port}${url}`);
        expect(await res.json(), url).toEqual({ code: 'de_DE', current: 'de_DE' });
        expect(res.headers.get('content-language')).toBe('de-DE');
      }
    } finally {
      await app.close();
    }
  });

  it('reply.locals reach @fastify/view templates, registered before or after the plugin', async () => {
    for (const order of ['view first', 'plugin first'] as const) {
      const app = Fastify();
      const viewOptions = {
        engine: { nunjucks },
        root: path.join(here, '..', 'fixtures', 'adapters', 'views'),
      };
      if (order === 'view first') await app.register(fastifyView, viewOptions);
      await app.register(localePlugin, { translations: i18n });
      if (order === 'plugin first') await app.register(fastifyView, viewOptions);
      app.get('/', (_request, reply) => reply.view('fastify.njk', { name: 'Ada' }));
      await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const { port } = app.server.address() as { port: number };
        const res = await fetch(`http://127.0.0.1:${port}/`, {
          headers: { 'Accept-Language': 'ar' },
        });
        expect(await res.text(), order).toBe('<html lang="ar" dir="rtl">مرحبا, Ada</html>\n');
      } finally {
        await app.close();
      }
    }
  });

  it('stripLocalePrefix leaves URLs without a supported prefix alone', () => {
    const rewrite = stripLocalePrefix(i18n);
    expect(rewrite({ url: '/fr/cart?x=1' })).toBe('/cart?x=1');
    expect(rewrite({ url: '/zh-Hant/' })).toBe('/');
    expect(rewrite({ url: '/xx/cart' })).toBe('/xx/cart');
    expect(rewrite({ url: '/static/app.js' })).toBe('/static/app.js');
    expect(rewrite({})).toBe('/');
  });

  it('setLocale and hreflangLinks need a request the plugin saw', () => {
    expect(() => setLocale({} as FastifyRequest, 'fr')).toThrow(/E_NO_MIDDLEWARE|localePlugin/);
  });
});

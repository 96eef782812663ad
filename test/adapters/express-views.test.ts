/**
 * Views: EJS, Pug and Nunjucks get `_`, `pgettext`, `locale`, `lang` and `dir` from `res.locals`
 * with no set-up beyond the engine's own; Handlebars through `registerHelpers`. Every engine is
 * rendered by a real Express 5 and Express 4 app over HTTP, in Russian (all plural forms), French
 * (gettext PO with contexts), English and Arabic, with a hostile value to show escaping.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import express4Module from 'express4';
import Handlebars from 'handlebars';
import nunjucks from 'nunjucks';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { localeMiddleware } from '../../src/adapters/express.js';
import { registerHelpers } from '../../src/adapters/handlebars.js';
import { LocaleKitError, loadTranslations, type Translations } from '../../src/index.js';

const express4 = express4Module as unknown as typeof express;
const here = path.dirname(fileURLToPath(import.meta.url));
const LOCALES = path.join(here, '..', 'fixtures', 'express', 'locales');
const VIEWS = path.join(here, '..', 'fixtures', 'express', 'views');
const HOSTILE = '<script>alert("x")</script>';

let i18n: Translations;

beforeAll(async () => {
  i18n = await loadTranslations(LOCALES, { defaultLocale: 'en_US', onWarning() {} });
});

type Engine = 'ejs' | 'pug' | 'njk' | 'hbs';
const ENGINES: readonly Engine[] = ['ejs', 'pug', 'njk', 'hbs'];

/** One app per engine: Nunjucks' Express integration replaces the app's View class. */
function makeApp(makeExpress: typeof express, engine: Engine): Express {
  const app = makeExpress();
  app.set('views', VIEWS);
  app.set('view engine', engine);
  if (engine === 'njk') {
    const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS), {
      autoescape: true,
    });
    env.express(app);
  }
  if (engine === 'hbs') {
    const hbs = Handlebars.create();
    registerHelpers(hbs);
    const compiled = new Map<string, HandlebarsTemplateDelegate>();
    app.engine(
      'hbs',
      (file: string, options: object, callback: (e: unknown, html?: string) => void) => {
        const cached = compiled.get(file);
        if (cached !== undefined) {
          callback(null, cached(options));
          return;
        }
        readFile(file, 'utf8').then((source) => {
          const template = hbs.compile(source);
          compiled.set(file, template);
          callback(null, template(options));
        }, callback);
      },
    );
  }
  app.use(localeMiddleware(i18n));
  app.get('/', (req, res) => {
    res.render('page', {
      n: Number(req.query.n ?? 1),
      user: typeof req.query.user === 'string' ? req.query.user : HOSTILE,
      items: [{ locale: 'not-a-locale' }, 'x'],
    });
  });
  return app;
}

/** The `<p id=…>` contents of a rendered page, and its `<html>` attributes. */
function parse(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  const root = /<html lang="([^"]*)" dir="([^"]*)">/.exec(html);
  if (root) {
    out.lang = root[1]!;
    out.dir = root[2]!;
  }
  for (const match of html.matchAll(/<p id="(\w+)">(.*?)<\/p>/gs)) out[match[1]!] = match[2]!;
  return out;
}

describe.each([
  ['Express 5', express],
  ['Express 4', express4],
] as const)('%s', (_name, makeExpress) => {
  describe.each(ENGINES)('%s', (engine) => {
    const get = (query: string) =>
      request(makeApp(makeExpress, engine))
        .get(`/${query}`)
        .then((res) => {
          expect(res.status).toBe(200);
          expect(res.headers['content-type']).toMatch(/^text\/html/);
          return parse(res.text);
        });

    it.each([
      [1, '1 яблоко'],
      [2, '2 яблока'],
      [5, '5 яблок'],
      [21, '21 яблоко'],
      [11, '11 яблок'],
      [104, '104 яблока'],
    ])('Russian plural for %i is %s', async (n, expected) => {
      const page = await get(`?locale=ru_RU&n=${n}`);
      expect(page.apples).toBe(expected);
      expect(page.hello).toBe('Привет');
      expect(page.lang).toBe('ru-RU');
      expect(page.dir).toBe('ltr');
      expect(page.tag).toBe('ru-RU');
    });

    it('escapes an interpolated value', async () => {
      const page = await get('?locale=ru_RU');
      expect(page.greet).toMatch(
        /^Привет, &lt;script&gt;alert\((&quot;|&#34;)x(&quot;|&#34;)\)&lt;\/script&gt;$/,
      );
      expect(page.greet).not.toContain('<');
    });

    it('passes a trusted translation with markup through the raw form', async () => {
      expect((await get('?locale=fr_FR')).markup).toBe('Bienvenue, <b>Ada</b>');
      expect((await get('?locale=ru_RU')).markup).toBe('Добро пожаловать, <b>Ada</b>');
      expect((await get('')).markup).toBe('Welcome, <b>Ada</b>');
    });

    it('uses gettext contexts and French plural rules from a PO file', async () => {
      const zero = await get('?locale=fr_FR&n=0&user=Ada');
      expect(zero.menu).toBe('Ouvrir');
      expect(zero.state).toBe('Ouvert');
      expect(zero.apples).toBe('0 pomme');
      expect(zero.greet).toBe('Bonjour, Ada');
      expect((await get('?locale=fr_FR&n=2')).apples).toBe('2 pommes');
    });

    it('falls back to English for the default locale', async () => {
      const one = await get('?n=1&user=Ada');
      expect(one).toMatchObject({
        lang: 'en-US',
        dir: 'ltr',
        hello: 'Hello',
        greet: 'Hello, Ada',
        apples: 'One apple',
        menu: 'Open',
      });
      expect((await get('?n=7')).apples).toBe('7 apples');
    });

    it('writes dir="rtl" for Arabic, Hebrew and Persian', async () => {
      expect(await get('?locale=ar')).toMatchObject({ lang: 'ar', dir: 'rtl', hello: 'مرحبا' });
      expect(await get('?locale=he')).toMatchObject({ lang: 'he', dir: 'rtl', hello: 'שלום' });
      expect(await get('?locale=fa')).toMatchObject({ lang: 'fa', dir: 'rtl', hello: 'سلام' });
    });
  });

  describe('Handlebars helpers', () => {
    const get = (query: string) =>
      request(makeApp(makeExpress, 'hbs'))
        .get(`/${query}`)
        .then((res) => parse(res.text));

    it('_html trusts the translation and escapes the values', async () => {
      const page = await get('?locale=fr_FR');
      expect(page.html).toBe('Bienvenue, <b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</b>');
    });

    it('pgettext fills placeholders and picks the plural form', async () => {
      expect((await get('?locale=fr_FR&n=1&user=Ada')).inbox).toBe('1 message de Ada');
      expect((await get('?locale=fr_FR&n=3&user=Ada')).inbox).toBe('3 messages de Ada');
      expect((await get('?n=1&user=Ada')).inbox).toBe('One message from Ada');
      expect((await get('?n=4&user=Ada')).inbox).toBe('4 messages from Ada');
      expect((await get('?locale=fr_FR&n=3')).inbox).toBe(
        '3 messages de &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
      );
    });

    it('takes the count as a third positional argument too', async () => {
      expect((await get('?locale=ru_RU&n=22')).positional).toBe('22 яблока');
    });

    it("finds the request's locale inside #each, where this.locale is something else", async () => {
      expect((await get('?locale=de_DE')).each).toBe('[Hallo not-a-locale][Hallo ]');
    });
  });
});

describe('registerHelpers', () => {
  it('falls back to currentLocale() when the template data has no locale', async () => {
    const hbs = Handlebars.create();
    registerHelpers(hbs);
    const template = hbs.compile('{{_ "Hello"}}/{{_ "One apple" "{count} apples" count=5}}');
    const app = express();
    app.use(localeMiddleware(i18n));
    app.get('/', (_req, res) => {
      setTimeout(() => res.send(template({})), 1);
    });
    expect((await request(app).get('/?locale=ru_RU')).text).toBe('Привет/5 яблок');
    expect(template({})).toBe('Hello/5 apples');
  });

  it('takes other helper names, and htmlName: false registers no HTML helper', () => {
    const hbs = Handlebars.create();
    registerHelpers(hbs, { gettextName: 't', pgettextName: 'pt', htmlName: false });
    const ru = i18n.find('ru_RU')!;
    expect(hbs.compile('{{t "Hello"}} {{pt "menu" "Open"}}')({ locale: ru })).toBe('Привет Open');
    expect(hbs.helpers._).toBeUndefined();
    expect(hbs.helpers._html).toBeUndefined();
    expect(typeof hbs.helpers.t).toBe('function');
  });

  it.each([
    ['unknown option', { name: '_' }],
    ['bad helper name', { gettextName: 'a b' }],
    ['empty helper name', { pgettextName: '' }],
    ['htmlName true', { htmlName: true }],
  ])('%s → E_OPTION', (_label, options) => {
    const hbs = Handlebars.create();
    let error: unknown;
    try {
      registerHelpers(hbs, options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LocaleKitError);
    expect((error as LocaleKitError).code).toBe('E_OPTION');
  });

  it('refuses something that is not Handlebars', () => {
    expect(() => registerHelpers({} as never)).toThrow(LocaleKitError);
  });
});

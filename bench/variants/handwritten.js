/**
 * (b) What a careful developer writes without a library: a `Map` per language, one cached
 * `Intl.PluralRules` per language, `{name}` filled with one regex, Express's own
 * `req.acceptsLanguages` (negotiator) to pick the language.
 */
import express from 'express';
import { renderPage } from '../lib/page.js';
import { LOCALES } from '../lib/workload.js';
import { readJson, readWorkload } from '../lib/workdir.js';

const PLACEHOLDER = /\{(\w+)\}/g;

export function interpolate(text, values) {
  if (!text.includes('{')) return text;
  return text.replace(PLACEHOLDER, (whole, name) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

export function translate(catalog, message, values) {
  const text = catalog.messages.get(message) ?? message;
  return values === undefined ? text : interpolate(text, values);
}

export function translatePlural(catalog, message, pluralMessage, count) {
  const forms = catalog.messages.get(message);
  const text =
    forms === undefined
      ? count === 1
        ? message
        : pluralMessage
      : (forms[catalog.rules.select(count)] ?? forms.other);
  return interpolate(text, { count });
}

/** One `{ lang, dir, messages, rules }` per language, keyed by language. */
export function loadCatalogs(workdir) {
  const catalogs = new Map();
  for (const { lang, dir } of LOCALES) {
    catalogs.set(lang, {
      lang,
      dir,
      messages: new Map(Object.entries(readJson(workdir, 'handwritten', `${lang}.json`))),
      rules: new Intl.PluralRules(lang),
    });
  }
  return catalogs;
}

export async function createApp(workdir) {
  const { page } = readWorkload(workdir);
  const catalogs = loadCatalogs(workdir);
  const langs = LOCALES.map((l) => l.lang);
  const fallback = catalogs.get('en');

  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const lang = req.acceptsLanguages(langs);
    req.catalog = (lang && catalogs.get(lang)) || fallback;
    res.setHeader('Content-Language', req.catalog.lang);
    res.vary('Accept-Language');
    next();
  });
  app.get('/', (req, res) => {
    const { catalog } = req;
    const strings = new Array(page.length);
    for (let i = 0; i < page.length; i++) {
      const { message, values, count } = page[i];
      strings[i] =
        message.kind === 'plural'
          ? translatePlural(catalog, message.en, message.enPlural, count)
          : translate(catalog, message.en, values);
    }
    res.send(renderPage(catalog.lang, catalog.dir, strings));
  });
  return app;
}

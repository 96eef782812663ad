/**
 * (b) What a careful developer writes without a library: a `Map` per language, one cached
 * `Intl.PluralRules` per language, `{name}` filled with one regex, Express's own
 * `req.acceptsLanguages` (negotiator) to pick the language. For Tornado's `%(name)s` /
 * `%(count)d` messages: a `Map` of templates split once at load into text and names, filled by
 * joining (the baseline issue 15 measures against).
 */
import express from 'express';
import { renderPage } from '../lib/page.js';
import { LOCALES, tornadoPage } from '../lib/workload.js';
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

const PYTHON_PLACEHOLDER = /%\((\w+)\)[sd]/g;

/** `'%(n)d of %(name)s'` → `{ texts: ['', ' of ', ''], names: ['n', 'name'] }`, once at load. */
export function splitPython(text) {
  const texts = [];
  const names = [];
  let last = 0;
  for (const m of text.matchAll(PYTHON_PLACEHOLDER)) {
    texts.push(text.slice(last, m.index));
    names.push(m[1]);
    last = m.index + m[0].length;
  }
  texts.push(text.slice(last));
  return { texts, names };
}

function join(template, values) {
  const { texts, names } = template;
  let out = texts[0];
  for (let i = 0; i < names.length; i++) out += String(values[names[i]]) + texts[i + 1];
  return out;
}

/** A Tornado-style message with values: the pre-split template, filled by joining. */
export function translatePython(catalog, message, values) {
  const template = catalog.python.get(message);
  if (template === undefined) return message;
  return values === undefined ? template.source : join(template, values);
}

/** A Tornado-style plural: the category from the cached `Intl.PluralRules`, then the join. */
export function translatePythonPlural(catalog, message, pluralMessage, count) {
  const forms = catalog.python.get(message);
  const template =
    forms === undefined
      ? splitPython(count === 1 ? message : pluralMessage)
      : (forms[catalog.rules.select(count)] ?? forms.other);
  return join(template, { count });
}

function splitEntry(value) {
  if (typeof value === 'string') return { ...splitPython(value), source: value };
  return Object.fromEntries(Object.entries(value).map(([c, t]) => [c, splitPython(t)]));
}

/** One `{ lang, dir, messages, python, rules }` per language, keyed by language. */
export function loadCatalogs(workdir) {
  const catalogs = new Map();
  for (const { lang, dir } of LOCALES) {
    const entries = Object.entries(readJson(workdir, 'handwritten', `${lang}.json`));
    catalogs.set(lang, {
      lang,
      dir,
      messages: new Map(entries),
      python: new Map(
        entries
          .filter(([key]) => key.includes('%('))
          .map(([key, value]) => [key, splitEntry(value)]),
      ),
      rules: new Intl.PluralRules(lang),
    });
  }
  return catalogs;
}

export async function createApp(workdir) {
  const workload = readWorkload(workdir);
  const { page } = workload;
  const tornado = tornadoPage(workload);
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
  app.get('/tornado', (req, res) => {
    const { catalog } = req;
    const strings = new Array(tornado.length);
    for (let i = 0; i < tornado.length; i++) {
      const { message, values, count } = tornado[i];
      strings[i] =
        message.kind === 'plural'
          ? translatePythonPlural(catalog, message.en, message.enPlural, count)
          : message.kind === 'simple'
            ? (catalog.messages.get(message.en) ?? message.en)
            : translatePython(catalog, message.en, values);
    }
    res.send(renderPage(catalog.lang, catalog.dir, strings));
  });
  return app;
}

/** (e) localekit: `loadTranslations` (PO + CSV catalogs) and `localeMiddleware` from the root build. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { renderPage } from '../lib/page.js';
import { LOCALES, tornadoPage } from '../lib/workload.js';
import { readWorkload } from '../lib/workdir.js';

/** The build under test: the repository's `dist/`, or another build (`LOCALEKIT_DIST=/path/to/dist`) to compare. */
const DIST = process.env.LOCALEKIT_DIST
  ? pathToFileURL(`${process.env.LOCALEKIT_DIST.replace(/\/$/, '')}/`)
  : new URL('../../dist/', import.meta.url);

/** localekit's `Translations` for the workload (any load warning is an error here) and the middleware factory. */
export async function loadLocalekit(workdir) {
  const { loadTranslations } = await import(new URL('index.js', DIST).href);
  const { localeMiddleware } = await import(new URL('adapters/express.js', DIST).href);
  const warnings = [];
  const translations = await loadTranslations(join(workdir, 'localekit'), {
    defaultLocale: 'en_US',
    onWarning: (w) => warnings.push(w),
  });
  if (warnings.length > 0) {
    throw new Error(
      `localekit warned while loading the workload: ${warnings.map((w) => w.message).join('; ')}`,
    );
  }
  return { translations, localeMiddleware };
}

/** The page's 20 strings through `_` (the same call for the ICU and the Tornado-style page). */
function strings(_, items) {
  const out = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const { message, values, count } = items[i];
    out[i] =
      message.kind === 'plural'
        ? _(message.en, message.enPlural, count)
        : values === undefined
          ? _(message.en)
          : _(message.en, values);
  }
  return out;
}

export async function createApp(workdir) {
  const workload = readWorkload(workdir);
  const { page } = workload;
  const tornado = tornadoPage(workload);
  const { translations, localeMiddleware } = await loadLocalekit(workdir);
  const langs = new Map(LOCALES.map((l) => [l.code, l.lang]));

  const app = express();
  app.disable('x-powered-by');
  app.use(localeMiddleware(translations));
  app.get('/', (req, res) => {
    const { locale } = req;
    res.send(renderPage(langs.get(locale.code), locale.dir, strings(locale._, page)));
  });
  // Tornado's messages: `_('%(name)s liked this', { name })`, `_(one, other, count)`.
  app.get('/tornado', (req, res) => {
    const { locale } = req;
    res.send(renderPage(langs.get(locale.code), locale.dir, strings(locale._, tornado)));
  });
  return app;
}

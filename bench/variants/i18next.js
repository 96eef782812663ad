/** (c) i18next (v4 JSON, natural-language keys) with i18next-http-middleware's detector. */
import express from 'express';
import i18next from 'i18next';
import { handle, LanguageDetector } from 'i18next-http-middleware';
import { renderPage } from '../lib/page.js';
import { LOCALES, toDoubleBraces } from '../lib/workload.js';
import { readJson, readWorkload } from '../lib/workdir.js';

/** An initialised i18next instance with the workload's resources and the HTTP language detector. */
export async function createI18next(workdir) {
  const resources = {};
  for (const { lang } of LOCALES)
    resources[lang] = { translation: readJson(workdir, 'i18next', `${lang}.json`) };
  const instance = i18next.createInstance();
  instance.use(LanguageDetector);
  await instance.init({
    resources,
    supportedLngs: LOCALES.map((l) => l.lang),
    fallbackLng: 'en',
    keySeparator: false,
    nsSeparator: false,
    // The page template escapes every string; escaping values here too would escape twice.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}

export async function createApp(workdir) {
  const { page } = readWorkload(workdir);
  const instance = await createI18next(workdir);
  const items = page.map(({ message, values, count }) => ({
    key: toDoubleBraces(message.en),
    options: message.kind === 'plural' ? { count } : values,
  }));

  const app = express();
  app.disable('x-powered-by');
  app.use(handle(instance));
  // It has no Python-format interpolation: the Tornado-style page is its own syntax's page.
  app.get(['/', '/tornado'], (req, res) => {
    const { t } = req;
    const strings = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const { key, options } = items[i];
      strings[i] = options === undefined ? t(key) : t(key, options);
    }
    res.send(renderPage(req.language, res.locals.languageDir, strings));
  });
  return app;
}

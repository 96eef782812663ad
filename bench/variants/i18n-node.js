/** (d) i18n-node (`i18n`): JSON catalogs with CLDR plural objects, `__`, `__n`, mustache values. */
import { join } from 'node:path';
import express from 'express';
import i18n from 'i18n';
import { renderPage } from '../lib/page.js';
import { LOCALES, toDoubleBraces, toI18nNodePlural } from '../lib/workload.js';
import { readWorkload } from '../lib/workdir.js';

/** An i18n-node instance reading the workload's JSON catalogs, never writing them. */
export function createI18nNode(workdir) {
  return new i18n.I18n({
    locales: LOCALES.map((l) => l.lang),
    defaultLocale: 'en',
    directory: join(workdir, 'i18n-node'),
    updateFiles: false,
    syncFiles: false,
    autoReload: false,
    objectNotation: false,
    logDebugFn() {},
    logWarnFn() {},
    logErrorFn(message) {
      throw new Error(`i18n-node: ${message}`);
    },
  });
}

export async function createApp(workdir) {
  const { page } = readWorkload(workdir);
  const translator = createI18nNode(workdir);
  const dirs = new Map(LOCALES.map((l) => [l.lang, l.dir]));
  const items = page.map(({ message, values, count }) =>
    message.kind === 'plural'
      ? { key: toI18nNodePlural(message.en), count }
      : { key: toDoubleBraces(message.en), values },
  );

  const app = express();
  app.disable('x-powered-by');
  app.use(translator.init);
  // It has no Python-format interpolation: the Tornado-style page is its own syntax's page.
  app.get(['/', '/tornado'], (req, res) => {
    const strings = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const { key, values, count } = items[i];
      strings[i] =
        count !== undefined
          ? res.__n(key, count)
          : values === undefined
            ? res.__(key)
            : res.__(key, values);
    }
    const lang = req.getLocale();
    res.send(renderPage(lang, dirs.get(lang), strings));
  });
  return app;
}

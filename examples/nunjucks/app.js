// The second, smaller demo: the same catalogs and middleware with Nunjucks views instead of EJS.
// Templates call `_`, `locale` and friends straight from `res.locals`, as with any engine.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { loadTranslations } from 'localekit';
import { localeMiddleware } from 'localekit/express';
import nunjucks from 'nunjucks';
import { CART_SIZES, DEFAULT_LOCALES_DIR } from '../app.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * @param {{ localesDir?: string, onWarning?: (warning: { code: string, message: string }) => void }} [options]
 * @returns {Promise<import('express').Express>}
 */
export async function createNunjucksApp(options = {}) {
  const i18n = await loadTranslations(options.localesDir ?? DEFAULT_LOCALES_DIR, {
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  const app = express();
  app.disable('x-powered-by');
  nunjucks.configure(path.join(here, 'views'), { autoescape: true, express: app });
  app.set('view engine', 'njk');
  app.use(localeMiddleware(i18n));
  app.get('/', (req, res) => {
    const n = /^\d{1,6}$/.test(String(req.query.n ?? '')) ? Number(req.query.n) : 3;
    res.render('index', {
      n,
      cartSizes: CART_SIZES,
      languages: i18n.supportedLocales.map((code) => i18n.find(code)).filter(Boolean),
    });
  });
  return app;
}

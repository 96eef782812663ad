/**
 * `registerHelpers(hbs.handlebars)` with express-handlebars 8 (its `handlebars` is typed as an
 * object of unknown members), rendering the shared Handlebars view through a real Express server.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { create } from 'express-handlebars';
import { expect, it } from 'vitest';
import { localeMiddleware } from '../../src/adapters/express.js';
import { registerHelpers } from '../../src/adapters/handlebars.js';
import { LocaleKitError, loadTranslations } from '../../src/index.js';
import { LOCALES } from './contract.js';

const here = path.dirname(fileURLToPath(import.meta.url));

it('renders _, pgettext with values and _html through express-handlebars 8', async () => {
  const i18n = await loadTranslations(LOCALES, { defaultLocale: 'en_US', onWarning() {} });
  const hbs = create({ extname: '.hbs', defaultLayout: false });
  registerHelpers(hbs.handlebars);
  const app = express();
  app.engine('hbs', hbs.engine);
  app.set('view engine', 'hbs');
  app.set('views', path.join(here, '..', 'fixtures', 'express', 'views'));
  app.use(localeMiddleware(i18n));
  app.get('/', (_req, res) => res.render('page', { user: '<Ada>', n: 2, items: [] }));
  const server = createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const res = await fetch(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/?locale=fr`,
    );
    const html = await res.text();
    expect(html).toContain('<html lang="fr-FR" dir="ltr">');
    expect(html).toContain('<p id="greet">Bonjour, &lt;Ada&gt;</p>');
    expect(html).toContain('<p id="inbox">2 messages de &lt;Ada&gt;</p>');
    expect(html).toContain('<p id="html">Bienvenue, <b>&lt;Ada&gt;</b></p>');
    expect(html).toContain('<p id="menu">Ouvrir</p>');
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

it('refuses an object without registerHelper', () => {
  expect(() => registerHelpers({ compile: () => '' })).toThrow(LocaleKitError);
});

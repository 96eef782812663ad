// The localekit demo site as an Express app factory. `server.js` runs it (one process or a
// cluster); the tests mount it in-process. Everything localekit-related comes from the
// package's public entry points, exactly as an application would import them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import express from 'express';
import { currentLocale, loadTranslations } from 'localekit';
import { localeMiddleware } from 'localekit/express';
import { catalogStats } from 'localekit/stats';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository's top-level `locales/`, wherever the process was started from. */
export const DEFAULT_LOCALES_DIR = path.resolve(here, '..', 'locales');

/** Cart sizes linked from the home page: one of each plural category in every demo language. */
export const CART_SIZES = Object.freeze([0, 1, 2, 5, 21, 101]);

/** The longest `/slow?ms=` accepts, so the route cannot be used to pin a worker forever. */
export const SLOW_MAX_MS = 10_000;

// A currency per language, only to show Intl's currency formatting in the page's locale.
const CURRENCIES = new Map([
  ['ar', 'EGP'],
  ['de_DE', 'EUR'],
  ['en_US', 'USD'],
  ['es_ES', 'EUR'],
  ['fr_FR', 'EUR'],
  ['ja_JP', 'JPY'],
  ['pl_PL', 'PLN'],
  ['pt_BR', 'BRL'],
  ['ru_RU', 'RUB'],
  ['zh_TW', 'TWD'],
]);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Builds the demo app.
 *
 * @param {import('./app.d.ts').DemoAppOptions} [options] catalogs to serve (`localesDir`, default
 *   the repository's `locales/`), `trustProxy` (Tornado's `xheaders`, default false), `inboxDelayMs`
 *   (latency of the simulated data source on `/`, default 25), `onWarning` (catalog warnings,
 *   default printed to stderr), `pseudo` (add the pseudo-locales en-XA and ar-XB, default false).
 *   `npx tsc -p examples` checks this file against the message types.
 * @returns {Promise<import('express').Express>}
 */
export async function createApp(options = {}) {
  const localesDir = path.resolve(options.localesDir ?? DEFAULT_LOCALES_DIR);
  const inboxDelayMs = options.inboxDelayMs ?? 25;
  const i18n = await loadTranslations(localesDir, {
    defaultLocale: 'en_US',
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    ...(options.pseudo === true ? { pseudo: ['en-XA', 'ar-XB'] } : {}),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('view engine', 'ejs');
  app.set('views', path.join(here, 'views'));
  // Off by default: behind no proxy, X-Forwarded-* is whatever the client wants it to be.
  app.set('trust proxy', options.trustProxy === true);
  app.locals.i18n = i18n;

  app.use((_req, res, next) => {
    // Which process answered: shows the cluster at work (and lets the tests see it).
    res.setHeader('X-Worker-Pid', String(process.pid));
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });

  app.use('/static', express.static(path.join(here, 'public'), { maxAge: '1h', index: false }));

  app.use(localeMiddleware(i18n, { queryParameter: 'locale', cookie: 'locale' }));

  app.use((req, res, next) => {
    res.locals.languages = i18n.supportedLocales
      .map((code) => i18n.find(code))
      .filter((locale) => locale !== undefined);
    res.locals.path = req.path;
    res.locals.pid = process.pid;
    next();
  });

  app.get('/', async (req, res) => {
    const locale = req.locale;
    const { _ } = locale;
    const n = cartSize(req.query.n);
    const now = Date.now();
    const inbox = await readInbox(inboxDelayMs);
    res.render('index', {
      title: _('Hello!'),
      n,
      cartSizes: CART_SIZES,
      dates: [
        { label: _('Comment posted'), value: locale.formatDate(now - 5 * MINUTE, { now }) },
        { label: _('Last order'), value: locale.formatDate(now - 25 * HOUR, { now }) },
        {
          label: _('Account created'),
          value: locale.formatDate(Date.UTC(2023, 2, 14, 9, 26), { now, fullFormat: true }),
        },
        { label: _('Next delivery'), value: locale.formatDay(now + 2 * DAY) },
      ],
      numbers: [
        { label: _('Visitors this year'), value: locale.friendlyNumber(1_234_567) },
        {
          label: _('Order total'),
          value: new Intl.NumberFormat(locale.tag, {
            style: 'currency',
            currency: CURRENCIES.get(locale.code) ?? 'USD',
          }).format(1234.5),
        },
        {
          label: _('Satisfied customers'),
          value: new Intl.NumberFormat(locale.tag, {
            style: 'percent',
            maximumFractionDigits: 1,
          }).format(0.973),
        },
      ],
      fruit: locale.list([_('apples'), _('pears'), _('plums')]),
      inbox: describeInbox(inbox),
    });
  });

  app.get('/status', async (req, res) => {
    const { _ } = req.locale;
    // The files on disk may be broken (a deploy in progress) while the site serves what it
    // loaded: say so rather than fail the page.
    let stats = [];
    let statsError;
    try {
      stats = await catalogStats(localesDir);
    } catch (error) {
      statsError = error instanceof Error ? error.message : String(error);
    }
    const percent = new Intl.NumberFormat(req.locale.tag, {
      style: 'percent',
      maximumFractionDigits: 0,
    });
    const rows = stats.map((entry) => {
      const locale = i18n.find(entry.code);
      return {
        ...entry,
        tag: locale?.tag ?? entry.code.replace(/_/g, '-'),
        name: locale?.name ?? entry.code,
        dir: locale?.dir ?? 'ltr',
        file: path.relative(localesDir, path.resolve(localesDir, entry.file)),
        percentText: percent.format(entry.percent / 100),
        needsWork: entry.untranslated + entry.fuzzy,
      };
    });
    // Set by server.js: the catalogs each process serves (SIGHUP reloads them all).
    const workers = (req.app.locals.catalogStatus?.() ?? []).map((status) => ({
      ...status,
      loaded: new Date(status.loadedAt).toISOString(),
      serving: status.pid === process.pid,
    }));
    res.render('status', {
      title: _('Translation status'),
      defaultLocale: i18n.defaultLocale,
      rows,
      statsError,
      workers,
    });
  });

  app.get('/slow', async (req, res) => {
    // For watching graceful shutdown: a request that is still in flight when SIGTERM arrives.
    // The headers go out at once, so a client knows the request has reached a process.
    const requested = Number.parseInt(String(req.query.ms ?? '1000'), 10);
    const ms = Math.min(Math.max(Number.isNaN(requested) ? 0 : requested, 0), SLOW_MAX_MS);
    res.type('text/plain');
    res.flushHeaders();
    await delay(ms);
    res.end(`done after ${ms} ms\n`);
  });

  app.get('/whoami', (req, res) => {
    // What the app believes about the client: with TRUST_PROXY=1, taken from X-Forwarded-*.
    res.json({ ip: req.ip, protocol: req.protocol, pid: process.pid, locale: req.locale.code });
  });

  app.use((req, res) => {
    res.status(404).render('not-found', { title: req.locale._('Page not found') });
  });

  return app;
}

/** `?n=`: a whole number of items, 3 when absent or not a count. */
function cartSize(value) {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) ? n : 3;
}

/** A stand-in for a database or an API call: it resolves later, on another tick. */
async function readInbox(latencyMs) {
  await delay(latencyMs);
  return { unread: 3, latencyMs };
}

/**
 * Renders the inbox strings with `currentLocale()` rather than `req.locale`: code deep inside
 * a service layer has no request object, but AsyncLocalStorage still knows whose request it is.
 */
function describeInbox(inbox) {
  const locale = currentLocale();
  const { _ } = locale;
  return {
    heading: _('Asynchronous work'),
    unread: _('You have %(count)d new message.', 'You have %(count)d new messages.', inbox.unread),
    waited: _('This section was rendered after waiting %(ms)s ms for a simulated data source.', {
      ms: String(inbox.latencyMs),
    }),
    how: _(
      'Its text comes from currentLocale(), which follows the request through asynchronous code.',
    ),
    tag: locale.tag,
    dir: locale.dir,
  };
}

/**
 * `localekit/express`: the Express adapter (also Connect and plain `node:http`). The sources and
 * what is written come from `./core.ts`; this file reads `req`, writes `res` and `res.locals`, strips
 * a locale path prefix from `req.url` for routing, and runs the rest of the request inside the
 * locale's async context so `currentLocale()` works in all of the request's async work.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LocaleHolder, runWithHolder } from '../core/context.js';
import type { Locale } from '../core/locale.js';
import type { Translations } from '../core/translations.js';
import { LocaleKitError } from '../errors.js';
import {
  assignLocals,
  type Choice,
  type DetectResult,
  type HreflangLink,
  type LocaleCookieOptions,
  type LocaleLocals,
  type LocaleSourceOptions,
  LocaleSources,
  localizedPath,
  nodeHeaders,
  withoutPrefix,
  writeHeaders,
} from './core.js';

export type { DetectResult, HreflangLink, LocaleCookieOptions, LocaleLocals };
export { localizedPath };

/** The parts of a request the middleware reads (Express's `Request` has them all). */
export interface LocaleRequest extends IncomingMessage {
  /** Express: `true` over TLS, or behind a trusted proxy that says `X-Forwarded-Proto: https`. */
  secure?: boolean;
  /** Express: the host name, from `X-Forwarded-Host` behind a trusted proxy. */
  hostname?: string;
  /** Express: the URL as received, before mounting (and before a locale prefix is stripped). */
  originalUrl?: string;
  /** Set by the middleware. */
  locale?: Locale;
}

/** The parts of a response the middleware writes (Express's `Response` has them all). */
export interface LocaleResponse extends ServerResponse {
  /** Express's per-response template variables; created when missing. */
  locals?: Record<string, unknown>;
}

/**
 * What `detect` receives: the request, typed as Express's `Request` as far as the app has extended
 * it (`req.user` from Passport's or your own declaration merging), plus `node:http`'s fields.
 */
export type DetectRequest = LocaleRequest & Express.Request;

/** Options of `localeMiddleware` (the sources, the cookie). */
export type LocaleMiddlewareOptions = LocaleSourceOptions<DetectRequest>;

/** The middleware `localeMiddleware` returns; use it with `app.use()`. */
export type LocaleMiddleware = (
  req: LocaleRequest,
  res: LocaleResponse,
  next: (err?: unknown) => void,
) => void;

/** Options of `setLocale`. */
export interface SetLocaleOptions {
  /** Also write the remembering cookie (when the middleware has one). @default false */
  readonly remember?: boolean;
}

declare global {
  // Declaration merging is the only way to extend Express's own types.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The request's `Locale`, set by `localeMiddleware` from `localekit/express`. */
      locale: Locale;
    }
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Locals extends LocaleLocals {}
  }
}

/** Per-request state, kept on the request under a symbol for `setLocale` and `hreflangLinks`. */
interface RequestState extends LocaleHolder {
  readonly sources: LocaleSources<DetectRequest>;
  readonly res: LocaleResponse;
  /** The path the middleware is mounted at (`/sub`), for links. */
  readonly mount: string;
  /** The URL below the mount point, without a locale prefix, for links. */
  readonly path: string;
}

const STATE = Symbol('localekit.express');

type WithState = LocaleRequest & { [STATE]?: RequestState };

/**
 * Express (4 and 5) middleware that gives every request its `Locale`.
 *
 * ```ts
 * const i18n = await loadTranslations('locales');
 * app.use(localeMiddleware(i18n));
 * app.get('/', (req, res) => res.send(req.locale._('Hello, {name}', { name: 'Ada' })));
 * ```
 *
 * Options are checked here, once: an unknown or ill-typed option throws a `LocaleKitError` with
 * code `E_OPTION` when the app starts.
 */
export function localeMiddleware(
  translations: Translations,
  options: LocaleMiddlewareOptions = {},
): LocaleMiddleware {
  const sources = new LocaleSources<DetectRequest>(translations, options, 'localeMiddleware');

  return function localekitMiddleware(req, res, next) {
    let chosen: Choice | Promise<Choice>;
    try {
      chosen = sources.choose(req as DetectRequest, {
        url: req.url,
        host: req.hostname ?? req.headers.host,
        cookie: req.headers.cookie,
        acceptLanguage: req.headers['accept-language'],
      });
    } catch (error) {
      fail(sources, req, res, next, error);
      return;
    }
    if (chosen instanceof Promise) {
      chosen.then(
        (choice) => start(sources, req, res, next, choice),
        (error: unknown) => fail(sources, req, res, next, error),
      );
    } else {
      start(sources, req, res, next, chosen);
    }
  };
}

function start(
  sources: LocaleSources<DetectRequest>,
  req: LocaleRequest,
  res: LocaleResponse,
  next: (err?: unknown) => void,
  choice: Choice,
): void {
  const { locale } = choice;
  const url = req.url ?? '/';
  const full = req.originalUrl ?? url;
  const mount = full.endsWith(url) ? full.slice(0, full.length - url.length) : '';
  if (choice.prefixLength > 0) {
    // Routes are written without the prefix; `req.originalUrl` keeps it.
    req.url = withoutPrefix(url, choice.prefixLength);
  }
  const state = enter(sources, req, res, mount, req.url ?? '/', locale);
  writeHeaders(
    nodeHeaders,
    res,
    sources.options,
    locale,
    choice.remember ? sources.cookieLine(locale, req.secure === true) : undefined,
  );
  runWithHolder(state, next);
}

/**
 * `detect` threw, rejected or answered with the wrong type: the request still gets a Locale (the
 * default) on `req.locale`, `res.locals` and `Content-Language`, so the app's error handler can
 * render a localized page, and the error goes to `next`.
 */
function fail(
  sources: LocaleSources<DetectRequest>,
  req: LocaleRequest,
  res: LocaleResponse,
  next: (err?: unknown) => void,
  error: unknown,
): void {
  const locale = sources.translations.defaultLocale;
  const state = enter(sources, req, res, '', req.url ?? '/', locale);
  if (!res.headersSent) writeHeaders(nodeHeaders, res, sources.options, locale, undefined);
  runWithHolder(state, () => next(error));
}

function enter(
  sources: LocaleSources<DetectRequest>,
  req: LocaleRequest,
  res: LocaleResponse,
  mount: string,
  path: string,
  locale: Locale,
): RequestState {
  const state: RequestState = { locale, sources, res, mount, path };
  (req as WithState)[STATE] = state;
  req.locale = locale;
  let locals = res.locals;
  if (locals === undefined) {
    locals = Object.create(null) as Record<string, unknown>;
    res.locals = locals;
  }
  assignLocals(locals, locale);
  return state;
}

function stateOf(req: LocaleRequest, caller: string): RequestState {
  const state = (req as WithState | null)?.[STATE];
  if (state === undefined) {
    throw new LocaleKitError(
      'E_NO_MIDDLEWARE',
      `${caller}(req) needs a request that went through localeMiddleware`,
      { hint: 'app.use(localeMiddleware(i18n)) before the routes that call it' },
    );
  }
  return state;
}

/**
 * Switches the request to the closest supported locale for `code` (`fr` → `fr_FR`) from here on:
 * `req.locale`, the template variables in `res.locals`, `Content-Language` (while headers can
 * still be sent), `currentLocale()` in all of the request's async work, and with
 * `{ remember: true }` the cookie. A code that matches no supported locale changes nothing.
 * Returns the request's Locale after the call.
 */
export function setLocale(
  req: LocaleRequest,
  code: string | Locale,
  options: SetLocaleOptions = {},
): Locale {
  const state = stateOf(req, 'setLocale');
  const locale = state.sources.closest(typeof code === 'string' ? code : code?.code);
  if (locale === undefined) return state.locale;
  state.locale = locale;
  req.locale = locale;
  const { res, sources } = state;
  if (res.locals !== undefined) assignLocals(res.locals, locale);
  if (!res.headersSent) {
    const remember = options.remember === true && sources.options.cookie !== false;
    writeHeaders(
      nodeHeaders,
      res,
      sources.options,
      locale,
      remember ? sources.cookieLine(locale, req.secure === true) : undefined,
    );
  }
  return locale;
}

/**
 * `<link rel="alternate" hreflang="…" href="…">` targets for this page: one per supported locale
 * (its path prefix with `pathPrefix`, else `?locale=<code>`) plus `x-default`. The hrefs are
 * site-relative (`/fr-FR/cart`); put your canonical origin in front for search engines.
 */
export function hreflangLinks(req: LocaleRequest): HreflangLink[] {
  const state = stateOf(req, 'hreflangLinks');
  return state.sources.hreflangLinks(state.mount, state.path);
}

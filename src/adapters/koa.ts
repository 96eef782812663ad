/**
 * `localekit/koa`: the Koa 2 adapter, a middleware over the shared core in `./core.ts`.
 *
 * ```ts
 * app.use(localeMiddleware(i18n));
 * app.use((ctx) => { ctx.body = ctx.locale._('Hello'); });
 * ```
 *
 * Sets `ctx.locale`, puts the template variables on `ctx.state` (which `koa-views` and
 * `@ladjs/koa-views` pass to templates), writes `Content-Language`, `Vary` and the remembering
 * cookie, strips a locale path prefix from `ctx.url` for the routers after it (`ctx.originalUrl`
 * keeps it), and runs the downstream middleware in the locale's async context, so
 * `currentLocale()` works in everything they await.
 */
import type { Context, Middleware, Next } from 'koa';
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

/** Options of `localeMiddleware`: the same sources as every adapter; `detect` receives `ctx`. */
export type LocaleMiddlewareOptions = LocaleSourceOptions<Context>;

/** Options of `setLocale`. */
export interface SetLocaleOptions {
  /** Also write the remembering cookie (when the middleware has one). @default false */
  readonly remember?: boolean;
}

declare module 'koa' {
  interface DefaultContext {
    /** The request's `Locale`, set by `localeMiddleware` from `localekit/koa`. */
    locale: Locale;
  }
}

/** Per-request state, for `setLocale` and `hreflangLinks`. */
interface RequestState extends LocaleHolder {
  readonly sources: LocaleSources<Context>;
  /** The URL without a locale prefix, for links. */
  readonly path: string;
}

const STATE = Symbol('localekit.koa');

type WithState = Context & { [STATE]?: RequestState };

/**
 * Koa 2 middleware that gives every request its `Locale`. Options are checked here, once: a
 * wrong one throws a `LocaleKitError` `E_OPTION` when the app starts. When `detect` throws or
 * rejects, `ctx.locale` and `ctx.state` hold the default Locale and the error is thrown on to the
 * middleware upstream (your error handler).
 */
export function localeMiddleware(
  translations: Translations,
  options: LocaleMiddlewareOptions = {},
): Middleware {
  const sources = new LocaleSources<Context>(translations, options, 'localeMiddleware');

  return function localekitMiddleware(ctx: Context, next: Next): Promise<unknown> {
    let chosen: Choice | Promise<Choice>;
    try {
      chosen = sources.choose(ctx, {
        url: ctx.url,
        host: ctx.hostname,
        cookie: ctx.headers.cookie,
        acceptLanguage: ctx.headers['accept-language'],
      });
    } catch (error) {
      return fail(sources, ctx, error);
    }
    if (chosen instanceof Promise) {
      return chosen.then(
        (choice) => start(sources, ctx, next, choice),
        (error: unknown) => fail(sources, ctx, error),
      );
    }
    return start(sources, ctx, next, chosen);
  };
}

function start(
  sources: LocaleSources<Context>,
  ctx: Context,
  next: Next,
  choice: Choice,
): Promise<unknown> {
  const { locale } = choice;
  if (choice.prefixLength > 0) ctx.url = withoutPrefix(ctx.url, choice.prefixLength);
  const state = enter(sources, ctx, ctx.url, locale);
  writeHeaders(
    nodeHeaders,
    ctx.res,
    sources.options,
    locale,
    choice.remember ? sources.cookieLine(locale, ctx.secure) : undefined,
  );
  return runWithHolder(state, next);
}

function fail(sources: LocaleSources<Context>, ctx: Context, error: unknown): Promise<never> {
  const state = enter(sources, ctx, ctx.url, sources.translations.defaultLocale);
  writeHeaders(nodeHeaders, ctx.res, sources.options, state.locale, undefined);
  return Promise.reject(error);
}

function enter(
  sources: LocaleSources<Context>,
  ctx: Context,
  path: string,
  locale: Locale,
): RequestState {
  const state: RequestState = { locale, sources, path };
  (ctx as WithState)[STATE] = state;
  ctx.locale = locale;
  assignLocals(ctx.state as Record<string, unknown>, locale);
  return state;
}

function stateOf(ctx: Context, caller: string): RequestState {
  const state = (ctx as WithState | null)?.[STATE];
  if (state === undefined) {
    throw new LocaleKitError(
      'E_NO_MIDDLEWARE',
      `${caller}(ctx) needs a context that went through localeMiddleware`,
      { hint: 'app.use(localeMiddleware(i18n)) before the middleware that calls it' },
    );
  }
  return state;
}

/**
 * Switches the request to the closest supported locale for `code` from here on: `ctx.locale`,
 * `ctx.state`, `Content-Language` (while headers can be sent), `currentLocale()` and, with
 * `{ remember: true }`, the cookie. A code that matches nothing changes nothing. Returns the
 * request's Locale after the call.
 */
export function setLocale(
  ctx: Context,
  code: string | Locale,
  options: SetLocaleOptions = {},
): Locale {
  const state = stateOf(ctx, 'setLocale');
  const locale = state.sources.closest(typeof code === 'string' ? code : code?.code);
  if (locale === undefined) return state.locale;
  state.locale = locale;
  ctx.locale = locale;
  assignLocals(ctx.state as Record<string, unknown>, locale);
  if (!ctx.headerSent) {
    const { sources } = state;
    const remember = options.remember === true && sources.options.cookie !== false;
    writeHeaders(
      nodeHeaders,
      ctx.res,
      sources.options,
      locale,
      remember ? sources.cookieLine(locale, ctx.secure) : undefined,
    );
  }
  return locale;
}

/** `<link rel="alternate" hreflang>` targets for this page, as in `localekit/express`. */
export function hreflangLinks(ctx: Context): HreflangLink[] {
  const state = stateOf(ctx, 'hreflangLinks');
  return state.sources.hreflangLinks('', state.path);
}

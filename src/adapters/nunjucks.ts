/**
 * `localekit/nunjucks`: `_`, `pgettext` and `translate` as Nunjucks environment globals.
 *
 * The adapters put `_` and friends in the template *context* (`res.locals`, `reply.locals`,
 * `ctx.state`), which a macro brought in with `{% import "macros.njk" as m %}` does not see: an
 * imported template gets a context of its own. Environment globals are visible everywhere, so
 * after `registerGlobals(env)` imported macros can translate too. Each call answers in the
 * Locale of the template being rendered (`locale` in its context) or else in `currentLocale()`,
 * the Locale of the request whose async work is rendering.
 */
import { currentLocale } from '../core/context.js';
import type { Locale } from '../core/locale.js';
import { LocaleKitError } from '../errors.js';

/** The part of a Nunjucks `Environment` used here. */
export interface NunjucksEnvironmentLike {
  addGlobal(name: string, value: unknown): unknown;
}

/** What Nunjucks passes as `this` to a global function: the calling template's context. */
interface CallContext {
  readonly ctx?: unknown;
}

/**
 * Adds `_`, `pgettext` and `translate` to `env` as globals (a variable of the same name in a
 * template's context, such as the adapters' `_`, still wins there; it is the same Locale's).
 * Returns `env`.
 */
export function registerGlobals<Env extends NunjucksEnvironmentLike>(env: Env): Env {
  if (
    env === null ||
    typeof env !== 'object' ||
    typeof (env as Partial<NunjucksEnvironmentLike>).addGlobal !== 'function'
  ) {
    throw new LocaleKitError(
      'E_OPTION',
      'registerGlobals() needs a Nunjucks Environment (nunjucks.configure() returns one)',
      { hint: 'registerGlobals(nunjucks.configure("views", { autoescape: true }))' },
    );
  }
  env.addGlobal('_', function gettext(this: CallContext | undefined, ...args: unknown[]) {
    return (localeOf(this)._ as (...values: unknown[]) => string)(...args);
  });
  env.addGlobal('pgettext', function pgettext(this: CallContext | undefined, ...args: unknown[]) {
    return (localeOf(this).pgettext as (...values: unknown[]) => string)(...args);
  });
  env.addGlobal('translate', function translate(this: CallContext | undefined, ...args: unknown[]) {
    return (localeOf(this).translate as (...values: unknown[]) => string)(...args);
  });
  return env;
}

/** The rendering template's `locale` variable, else the current request's Locale. */
function localeOf(call: CallContext | undefined): Locale {
  const ctx = call?.ctx;
  if (ctx !== null && typeof ctx === 'object') {
    const locale = (ctx as { locale?: unknown }).locale;
    if (isLocale(locale)) return locale;
  }
  return currentLocale();
}

/** Duck-typed, so a Locale from another copy of localekit still counts. */
function isLocale(value: unknown): value is Locale {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Locale)._ === 'function' &&
    typeof (value as Locale).pgettext === 'function' &&
    typeof (value as Locale).translate === 'function' &&
    typeof (value as Locale).tag === 'string'
  );
}

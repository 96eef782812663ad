import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { Locale } from './locale.js';

/**
 * What the request's async work carries: a holder, not the Locale itself, so `setLocale()` in the
 * middle of a request changes what `currentLocale()` answers in every piece of that request's work,
 * including promises and timers started before the change.
 */
export interface LocaleHolder {
  locale: Locale;
}

/** Something with a default Locale: a `Translations` (read at each call, so a reload is seen). */
interface DefaultSource {
  readonly defaultLocale: Locale;
}

/**
 * The request's Locale, carried through its async work by AsyncLocalStorage. The storage must be
 * shared by every adapter; it is module state, but holds nothing outside a request.
 */
const storage = new AsyncLocalStorage<LocaleHolder>();

/**
 * The `Translations` whose default `currentLocale()` gives outside a request: named by the app
 * (`setDefaultTranslations`) or by the first adapter it mounts. Never set by loading catalogs, so
 * two `Translations` never leak into each other.
 */
let named: DefaultSource | undefined;
/** What `currentLocale()` answers outside a request when nothing was named: untranslated en_US. */
let untranslated: Locale | undefined;

/** Runs `fn` with `locale` as the current locale for all of its async work. */
export function runWithLocale<T>(locale: Locale, fn: () => T): T {
  return storage.run({ locale }, fn);
}

/** @internal The adapters' form of `runWithLocale`: the holder stays theirs, for `setLocale`. */
export function runWithHolder<T>(holder: LocaleHolder, fn: () => T): T {
  return storage.run(holder, fn);
}

/**
 * The Locale of the request being handled, anywhere in that request's async work. Outside a
 * request: the default Locale of the `Translations` named with `setDefaultTranslations()` or, when
 * the app named none, of the `Translations` given to the first adapter it created
 * (`localeMiddleware`, `localePlugin`); before either, an en_US Locale with no catalogs (every
 * message as written).
 */
export function currentLocale(): Locale {
  const active = storage.getStore();
  if (active !== undefined) return active.locale;
  if (named !== undefined) return named.defaultLocale;
  untranslated ??= new Locale('en_US', []);
  return untranslated;
}

/**
 * Names the `Translations` whose default Locale `currentLocale()` returns outside a request
 * (scripts, jobs, start-up code); `undefined` forgets it. An app with one `Translations` does not
 * need this: mounting an adapter names it.
 */
export function setDefaultTranslations(translations: DefaultSource | undefined): void {
  named = translations;
}

/** @internal Adapters call this when they are created: the first one names its Translations. */
export function nameDefaultTranslations(translations: DefaultSource): void {
  named ??= translations;
}

/**
 * `fn`, bound to the current async context: called later from anywhere (a connection pool's
 * callback, a global EventEmitter's listener, `req.on('end')`), it sees the `currentLocale()` of
 * the request that bound it. `AsyncResource.bind` underneath.
 */
export function bindLocale<F extends (...args: never[]) => unknown>(fn: F): F {
  if (typeof fn !== 'function') throw new TypeError('bindLocale(fn) needs a function');
  return AsyncResource.bind(fn as unknown as (...args: unknown[]) => unknown) as unknown as F;
}

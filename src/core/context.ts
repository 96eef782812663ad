import { AsyncLocalStorage } from 'node:async_hooks';
import type { Locale } from './locale.js';

/**
 * The request's Locale, carried through its async work (timers, awaited promises, event
 * emitters) by AsyncLocalStorage. This storage and the "last loaded default" below are the only
 * module-level state in localekit: the storage must be shared by every adapter, and
 * `currentLocale()` outside a request needs *some* default to answer with.
 */
const storage = new AsyncLocalStorage<Locale>();

interface DefaultSource {
  readonly defaultLocale: Locale;
}

let lastLoaded: DefaultSource | undefined;
let fallback: (() => Locale) | undefined;

/** Runs `fn` with `locale` as the current locale for all of its async work. */
export function runWithLocale<T>(locale: Locale, fn: () => T): T {
  return storage.run(locale, fn);
}

/**
 * The Locale of the request being handled (set by the middleware), anywhere in that request's
 * async work; outside a request, the default Locale of the most recently loaded `Translations`.
 */
export function currentLocale(): Locale {
  const active = storage.getStore();
  if (active !== undefined) return active;
  if (lastLoaded !== undefined) return lastLoaded.defaultLocale;
  if (fallback === undefined) throw new Error('localekit: no translations loaded');
  return fallback();
}

/** @internal Called by `loadTranslations`. */
export function setLastLoaded(source: DefaultSource): void {
  lastLoaded = source;
}

/** @internal The Locale returned before anything is loaded (an empty en_US). */
export function setFallbackLocale(factory: () => Locale): void {
  fallback = factory;
}

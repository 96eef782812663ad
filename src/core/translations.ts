import { readFile } from 'node:fs/promises';
import type { Catalog } from '../formats/catalog.js';
import { setFallbackLocale, setLastLoaded } from './context.js';
import { parseCsv } from '../formats/csv.js';
import { LocaleKitError, type LocaleKitWarning, type WarningHandler } from '../errors.js';
import { Locale } from './locale.js';
import { parseMo } from '../formats/mo.js';
import { createMatcher, type LocaleMatcher } from '../negotiation/negotiate.js';
import { parsePo } from '../formats/po.js';
import type { LoadOptions } from './types.js';
import { type CatalogSource, CODE_SHAPE, errorCode, scanCatalogs } from './scan.js';
import { type CatalogWatcher, watchCatalogs, type WatchOptions } from './watch.js';

export type { CatalogWatcher, WatchOptions } from './watch.js';

export { CODE_SHAPE } from './scan.js';

/** The longest code `find()` will look at; longer input is not a code. */
const MAX_CODE_LENGTH = 35;
const ASCII_CODE = /^[A-Za-z0-9_-]+$/;

const OPTION_NAMES: ReadonlySet<string> = new Set(['defaultLocale', 'domain', 'onWarning']);

/** What `loadTranslations` returns: the supported locales and how to pick one. */
export interface Translations {
  /**
   * The closest supported locale for the first code that matches anything; accepts `fr`,
   * `fr-CA`, `fr_CA`, `FR-ca`, `zh-Hant-TW`; falls back to the default.
   */
  get(...codes: string[]): Locale;
  /** RFC 9110 `Accept-Language` negotiation: q-values, `q=0` refusals, `*`; bounded work. */
  negotiate(acceptLanguage: string | undefined): Locale;
  /**
   * Only an exact supported code, ignoring case and `-`/`_` (`pt-br` finds `pt_BR`); undefined
   * otherwise. For untrusted input (query, cookie): never a closest match, never throws.
   */
  find(code: unknown): Locale | undefined;
  /** The codes that have catalogs, plus the default, sorted. */
  readonly supportedLocales: readonly string[];
  readonly defaultLocale: Locale;
  /** Re-reads the directory; atomic — on any error it throws and the catalogs in use stay. */
  reload(): Promise<void>;
  /**
   * Opt-in hot reload that follows deploys (directory recreated, renamed and replaced, symlink
   * switched, files added and removed) and reloads once the catalog files have been unchanged for
   * `debounceMs`. A failed reload keeps the catalogs in use and goes to `onError` (@default:
   * printed to stderr). Watchers and timers do not keep the process alive. Call `close()` to stop.
   */
  watch(options?: WatchOptions): CatalogWatcher;
}

interface Snapshot {
  readonly supportedLocales: readonly string[];
  readonly defaultLocale: Locale;
  readonly locales: ReadonlyMap<string, Locale>;
  /** Lower-cased, `-` → `_` code → Locale, for `find`. */
  readonly byFoldedCode: ReadonlyMap<string, Locale>;
  readonly matcher: LocaleMatcher;
}

interface ResolvedOptions {
  readonly defaultLocale: string;
  readonly domain: string;
  readonly onWarning: WarningHandler;
}

/**
 * Reads every catalog in `dir` and returns the `Translations` for them. Throws a
 * `LocaleKitError` naming the file, line and fix for a broken catalog or a bad option.
 */
export async function loadTranslations(
  dir: string,
  options: LoadOptions = {},
): Promise<Translations> {
  const resolved = resolveOptions(dir, options);
  const translations = new DirectoryTranslations(dir, resolved, await loadSnapshot(dir, resolved));
  setLastLoaded(translations);
  return translations;
}

class DirectoryTranslations implements Translations {
  readonly #dir: string;
  readonly #options: ResolvedOptions;
  #snapshot: Snapshot;
  #reloading: Promise<void> | undefined;
  /** Reads started, and the number of the read whose snapshot is in use. */
  #reads = 0;
  #swapped = 0;

  constructor(dir: string, options: ResolvedOptions, snapshot: Snapshot) {
    this.#dir = dir;
    this.#options = options;
    this.#snapshot = snapshot;
    this.get = this.get.bind(this);
    this.negotiate = this.negotiate.bind(this);
    this.find = this.find.bind(this);
    this.reload = this.reload.bind(this);
    this.watch = this.watch.bind(this);
  }

  watch(options: WatchOptions = {}): CatalogWatcher {
    return watchCatalogs(this.#dir, (stillSettled) => this.#swapIn(stillSettled), options);
  }

  get supportedLocales(): readonly string[] {
    return this.#snapshot.supportedLocales;
  }

  get defaultLocale(): Locale {
    return this.#snapshot.defaultLocale;
  }

  get(...codes: string[]): Locale {
    const snapshot = this.#snapshot;
    return snapshot.locales.get(snapshot.matcher.match(codes)) ?? snapshot.defaultLocale;
  }

  negotiate(acceptLanguage: string | undefined): Locale {
    const snapshot = this.#snapshot;
    return (
      snapshot.locales.get(snapshot.matcher.negotiate(acceptLanguage)) ?? snapshot.defaultLocale
    );
  }

  find(code: unknown): Locale | undefined {
    if (typeof code !== 'string' || code.length === 0 || code.length > MAX_CODE_LENGTH) {
      return undefined;
    }
    // ASCII only: Unicode case folding would let the Kelvin sign (U+212A) spell `k`.
    if (!ASCII_CODE.test(code)) return undefined;
    return this.#snapshot.byFoldedCode.get(foldCode(code));
  }

  reload(): Promise<void> {
    // Concurrent reload() calls share one read of the directory.
    this.#reloading ??= this.#swapIn()
      .then(() => undefined)
      .finally(() => {
        this.#reloading = undefined;
      });
    return this.#reloading;
  }

  /**
   * Reads a new snapshot and swaps it in, unless `accept` (watch's settle check) says no; a read
   * never replaces one that started after it. Resolves whether it was accepted.
   */
  async #swapIn(accept?: () => Promise<boolean>): Promise<boolean> {
    const read = ++this.#reads;
    const snapshot = await loadSnapshot(this.#dir, this.#options);
    if (accept !== undefined && !(await accept())) return false;
    if (read > this.#swapped) {
      this.#swapped = read;
      this.#snapshot = snapshot;
    }
    return true;
  }
}

function foldCode(code: string): string {
  return code.toLowerCase().replaceAll('-', '_');
}

function resolveOptions(dir: string, options: LoadOptions): ResolvedOptions {
  if (typeof dir !== 'string' || dir === '') {
    throw new LocaleKitError('E_OPTION', 'loadTranslations needs a directory path', {
      hint: "pass the catalog directory, e.g. loadTranslations('locales')",
    });
  }
  if (options === null || typeof options !== 'object') {
    throw new LocaleKitError('E_OPTION', 'loadTranslations options must be an object');
  }
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) {
      throw new LocaleKitError('E_OPTION', `unknown option "${name}"`, {
        hint: `valid options are ${[...OPTION_NAMES].join(', ')}`,
      });
    }
  }
  const defaultLocale = options.defaultLocale ?? 'en_US';
  if (typeof defaultLocale !== 'string' || !CODE_SHAPE.test(defaultLocale)) {
    throw new LocaleKitError(
      'E_OPTION',
      `defaultLocale "${String(defaultLocale)}" is not a locale code`,
      {
        hint: 'use a code as Tornado names them, e.g. en_US, fr_FR, pt_BR, ar',
      },
    );
  }
  const domain = options.domain ?? 'messages';
  if (typeof domain !== 'string' || !/^[\w.-]{1,100}$/.test(domain) || domain.startsWith('.')) {
    throw new LocaleKitError(
      'E_OPTION',
      `domain "${String(domain)}" is not a valid gettext domain`,
      {
        hint: "use a plain file name without extension, e.g. 'messages'",
      },
    );
  }
  const onWarning = options.onWarning ?? printWarning;
  if (typeof onWarning !== 'function') {
    throw new LocaleKitError('E_OPTION', 'onWarning must be a function');
  }
  return Object.freeze({ defaultLocale, domain, onWarning });
}

function printWarning(w: LocaleKitWarning): void {
  const where = w.line !== undefined ? `${w.file}:${w.line}` : w.file;
  process.stderr.write(`localekit: warning: ${where}: ${w.message}\n`);
}

function ioError(file: string, cause: unknown, hint: string): LocaleKitError {
  return new LocaleKitError('E_IO', `cannot read (${errorCode(cause)})`, { file, hint, cause });
}

/** Reads one catalog with the parser the server uses (`localekit/catalogs` reads through it too). */
export async function readCatalog(
  source: Pick<CatalogSource, 'path' | 'format'>,
): Promise<Catalog> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(source.path);
  } catch (cause) {
    throw ioError(source.path, cause, 'check the file exists and is readable');
  }
  return parseCatalog(bytes, source.format, source.path);
}

/** Bytes of one catalog file → the lookup `Catalog` the server serves from. */
export function parseCatalog(
  bytes: Uint8Array,
  format: CatalogSource['format'],
  file: string,
): Catalog {
  const options = { file };
  switch (format) {
    case 'csv':
      return parseCsv(bytes, options);
    case 'po':
      return parsePo(bytes, options);
    case 'mo':
      return parseMo(bytes, options);
  }
}

/**
 * Reads the whole directory into a new immutable snapshot. Nothing is shared with the previous
 * one, so swapping the reference is the whole of an atomic reload.
 */
async function loadSnapshot(dir: string, options: ResolvedOptions): Promise<Snapshot> {
  // Warnings are held back until the whole load succeeded, so a failed reload reports only its error.
  const warnings: LocaleKitWarning[] = [];
  const warn = (w: LocaleKitWarning): void => {
    warnings.push(w);
  };
  const sources = (await scanCatalogs(dir, { domains: [options.domain], warn })).filter(
    (s) => s.served,
  );
  const catalogs = await Promise.all(sources.map(readCatalog));
  const byCode = new Map<string, { rank: number; catalog: Catalog }[]>();
  sources.forEach((source, i) => {
    const catalog = catalogs[i]!;
    for (const w of catalog.warnings) warn(w);
    let list = byCode.get(source.code);
    if (list === undefined) byCode.set(source.code, (list = []));
    list.push({ rank: source.rank, catalog });
  });

  const own = new Map<string, Catalog[]>();
  for (const [code, list] of byCode) {
    own.set(
      code,
      list.sort((a, b) => a.rank - b.rank).map((x) => x.catalog),
    );
  }
  const codes = new Set(own.keys());
  codes.add(options.defaultLocale);
  const supportedLocales = Object.freeze([...codes].sort());

  const locales = new Map<string, Locale>();
  const byFoldedCode = new Map<string, Locale>();
  for (const code of supportedLocales) {
    const locale = new Locale(code, fallbackChain(code, own));
    locales.set(code, locale);
    byFoldedCode.set(foldCode(code), locale);
  }
  const defaultLocale = locales.get(options.defaultLocale)!;
  const matcher = createMatcher(supportedLocales, options.defaultLocale);
  for (const w of warnings) options.onWarning(w);
  return Object.freeze({ supportedLocales, defaultLocale, locales, byFoldedCode, matcher });
}

/**
 * A locale's own catalogs, then those of each shorter code (`sr_Latn_RS` → `sr_Latn` → `sr`), as
 * GNU gettext and Python's `gettext.translation` fall back from `es_LA` to `es`.
 */
function fallbackChain(code: string, own: ReadonlyMap<string, Catalog[]>): Catalog[] {
  const chain: Catalog[] = [];
  const parts = code.split('_');
  for (let n = parts.length; n > 0; n--) {
    const list = own.get(parts.slice(0, n).join('_'));
    if (list !== undefined) chain.push(...list);
  }
  return chain;
}

setFallbackLocale(
  (() => {
    let locale: Locale | undefined;
    return () => (locale ??= new Locale('en_US', []));
  })(),
);

import { readFile } from 'node:fs/promises';
import type { Catalog } from '../formats/catalog.js';
import { parseCsv } from '../formats/csv.js';
import { LocaleKitError, type LocaleKitWarning, type WarningHandler } from '../errors.js';
import { type DomainChain, Locale } from './locale.js';
import { DEFAULT_MISSING_LIMIT, type MissingHandler, MissingTracker } from './missing.js';
import { parseMo } from '../formats/mo.js';
import { createMatcher, type LocaleMatcher } from '../negotiation/negotiate.js';
import { parsePo } from '../formats/po.js';
import {
  type CatalogSource,
  CODE_SHAPE,
  errorCode,
  expectedSpelling,
  scanCatalogs,
} from './scan.js';
import {
  PSEUDO_LOCALES,
  type PseudoLocaleTag,
  pseudoAwareMatcher,
  pseudoCatalog,
  resolvePseudoOption,
} from './pseudo.js';
import { type CatalogWatcher, watchCatalogs, type WatchOptions } from './watch.js';

export type { CatalogWatcher, WatchOptions } from './watch.js';

export { CODE_SHAPE } from './scan.js';

/** The longest code `find()` will look at; longer input is not a code. */
const MAX_CODE_LENGTH = 35;
const ASCII_CODE = /^[A-Za-z0-9_-]+$/;

const OPTION_NAMES: ReadonlySet<string> = new Set([
  'defaultLocale',
  'domain',
  'domains',
  'fallbacks',
  'onMissing',
  'missingLimit',
  'onWarning',
  'pseudo',
]);
/** Longest `domains` list: each domain costs a stat per locale directory at every load. */
const MAX_DOMAINS = 100;
/** Most distinct messages `missingLimit` may ask each locale to remember. */
const MAX_MISSING_LIMIT = 1_000_000;

/** Options of `loadTranslations`. */
export interface LoadOptions {
  /** Used when nothing matches; needs no file. @default 'en_US' */
  readonly defaultLocale?: string;
  /**
   * The gettext domain `translate`, `_` and `pgettext` read: `<code>/LC_MESSAGES/<domain>.mo|.po`.
   * Flat `<code>.csv|.po|.mo` files belong to it. Must be one of `domains` when both are given.
   * @default the first of `domains`, else 'messages'
   */
  readonly domain?: string;
  /**
   * Every gettext domain to load (`['messages', 'errors']`); `locale.dgettext(domain, …)` reads
   * the others. One negotiation serves them all: a locale is supported when any domain has a
   * catalog for it. @default [domain]
   */
  readonly domains?: readonly string[];
  /**
   * Locales to consult, in order, for what a locale's own catalogs (and its GNU shortening,
   * `es_LA` → `es`) lack, before the English text: `{ pt_PT: ['pt_BR'] }`. Followed transitively
   * (`pt_BR`'s own fallbacks come next); a cycle is harmless. Every code must be a supported
   * locale, else `loadTranslations` rejects with `E_OPTION` naming it. @default {}
   */
  readonly fallbacks?: Readonly<Record<string, readonly string[]>>;
  /**
   * Called once per message per locale (and domain) when the locale's own catalogs lack it — even
   * when a `fallbacks` locale answered. Not called for a locale with no catalogs at all (the
   * default `en_US` with no file: its text is the source). What it throws is ignored.
   * `createMissingCollector().onMissing` collects them into a POT. @default none
   */
  readonly onMissing?: MissingHandler;
  /**
   * How many distinct missing messages each locale remembers and reports per domain; past that
   * `onMissing` is not called for new ones until the next reload. Bounds memory whatever is asked.
   * @default 10000
   */
  readonly missingLimit?: number;
  /** Receives recoverable oddities. @default prints to stderr */
  readonly onWarning?: WarningHandler;
  /**
   * Pseudo-locales to add, generated from the source text: `en-XA` (accented, ~35 % longer, in
   * `[` `]`) and `ar-XB` (right to left, mirrored). Codes `en_XA` and `ar_XB`; reached only when
   * asked for by name. For development, not production. @default []
   */
  readonly pseudo?: readonly PseudoLocaleTag[];
}

/** What `loadTranslations` returns: the supported locales and how to pick one. */
export interface Translations {
  /**
   * The closest supported locale for the first code that matches anything; accepts `fr`,
   * `fr-CA`, `fr_CA`, `FR-ca`, `zh-Hant-TW`; falls back to the default. A related language
   * (`nn` → `nb`) only when no code matches in its own language (`get('nn', 'en')` is English).
   */
  get(...codes: string[]): Locale;
  /**
   * RFC 9110 `Accept-Language` negotiation: q-values, `q=0` refusals (a listed range more specific
   * than a refusal wins over it), `*`; bounded work.
   */
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
  /** The domain `translate`, `_` and `pgettext` read; flat `<code>.csv|.po|.mo` files belong to it. */
  readonly domain: string;
  /** Every domain loaded, `domain` first. */
  readonly domains: readonly string[];
  /** Locale code → the codes whose catalogs it consults next, in order. */
  readonly fallbacks: ReadonlyMap<string, readonly string[]>;
  readonly onMissing: MissingHandler | undefined;
  readonly missingLimit: number;
  readonly onWarning: WarningHandler;
  readonly pseudo: readonly PseudoLocaleTag[];
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
  return new DirectoryTranslations(dir, resolved, await loadSnapshot(dir, resolved));
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
  const { domain, domains } = resolveDomains(options);
  const fallbacks = resolveFallbacks(options.fallbacks);
  const onMissing = options.onMissing;
  if (onMissing !== undefined && typeof onMissing !== 'function') {
    throw new LocaleKitError('E_OPTION', 'onMissing must be a function', {
      hint: 'pass (locale, message, context) => …, or createMissingCollector().onMissing',
    });
  }
  const missingLimit = options.missingLimit ?? DEFAULT_MISSING_LIMIT;
  if (
    typeof missingLimit !== 'number' ||
    !Number.isInteger(missingLimit) ||
    missingLimit < 0 ||
    missingLimit > MAX_MISSING_LIMIT
  ) {
    throw new LocaleKitError(
      'E_OPTION',
      `missingLimit must be a whole number from 0 to ${MAX_MISSING_LIMIT}, got ${String(missingLimit)}`,
    );
  }
  const onWarning = options.onWarning ?? printWarning;
  if (typeof onWarning !== 'function') {
    throw new LocaleKitError('E_OPTION', 'onWarning must be a function');
  }
  const pseudo = resolvePseudoOption(options.pseudo);
  return Object.freeze({
    defaultLocale,
    domain,
    domains,
    fallbacks,
    onMissing,
    missingLimit,
    onWarning,
    pseudo,
  });
}

const DOMAIN_SHAPE = /^[\w.-]{1,100}$/;

function checkDomain(domain: unknown): string {
  if (typeof domain !== 'string' || !DOMAIN_SHAPE.test(domain) || domain.startsWith('.')) {
    throw new LocaleKitError(
      'E_OPTION',
      `domain "${String(domain)}" is not a valid gettext domain`,
      {
        hint: "use a plain file name without extension, e.g. 'messages'",
      },
    );
  }
  return domain;
}

/**
 * `domains` @default `[domain]`; `domain` @default the first of `domains`, else 'messages'. When
 * both are given, `domain` must be one of `domains`.
 */
function resolveDomains(options: LoadOptions): { domain: string; domains: readonly string[] } {
  if (options.domains === undefined) {
    const domain = checkDomain(options.domain ?? 'messages');
    return { domain, domains: Object.freeze([domain]) };
  }
  const list: unknown = options.domains;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_DOMAINS) {
    throw new LocaleKitError(
      'E_OPTION',
      `domains must be a list of 1 to ${MAX_DOMAINS} gettext domains`,
      { hint: "e.g. domains: ['messages', 'errors']" },
    );
  }
  const unique = [...new Set(list.map(checkDomain))];
  const domain = checkDomain(options.domain ?? unique[0]);
  if (!unique.includes(domain)) {
    throw new LocaleKitError('E_OPTION', `domain "${domain}" is not one of domains`, {
      hint: `add it to domains, or leave domain out to use "${unique[0]}"`,
    });
  }
  return { domain, domains: Object.freeze([domain, ...unique.filter((d) => d !== domain)]) };
}

/** Shape only; whether each code is a supported locale is checked once the directory is read. */
function resolveFallbacks(fallbacks: unknown): ReadonlyMap<string, readonly string[]> {
  const resolved = new Map<string, readonly string[]>();
  if (fallbacks === undefined) return resolved;
  if (fallbacks === null || typeof fallbacks !== 'object' || Array.isArray(fallbacks)) {
    throw new LocaleKitError('E_OPTION', 'fallbacks must be an object of code → codes', {
      hint: "e.g. fallbacks: { pt_PT: ['pt_BR'] }",
    });
  }
  for (const [code, list] of Object.entries(fallbacks)) {
    if (!CODE_SHAPE.test(code)) {
      throw new LocaleKitError('E_OPTION', `fallbacks: "${code}" is not a locale code`, {
        hint: spellingHint(code),
      });
    }
    if (!Array.isArray(list)) {
      throw new LocaleKitError('E_OPTION', `fallbacks.${code} must be a list of locale codes`, {
        hint: `e.g. fallbacks: { ${code}: ['${code.split('_')[0]}'] }`,
      });
    }
    for (const target of list as unknown[]) {
      if (typeof target !== 'string' || !CODE_SHAPE.test(target)) {
        throw new LocaleKitError(
          'E_OPTION',
          `fallbacks.${code}: "${String(target)}" is not a locale code`,
          { hint: spellingHint(String(target)) },
        );
      }
    }
    resolved.set(code, Object.freeze([...(list as string[])]));
  }
  return resolved;
}

function spellingHint(code: string): string {
  const expected = expectedSpelling(code);
  return expected !== undefined
    ? `spell it as the catalog file is named: ${expected}`
    : 'use a code as the catalogs are named, e.g. pt_BR, fr, es_ES';
}

/** Every code named in `fallbacks` must be a supported locale: a typo would silently do nothing. */
function checkFallbackCodes(
  fallbacks: ReadonlyMap<string, readonly string[]>,
  supported: ReadonlySet<string>,
): void {
  for (const [code, list] of fallbacks) {
    for (const named of [code, ...list]) {
      if (!supported.has(named)) {
        throw new LocaleKitError(
          'E_OPTION',
          `fallbacks names "${named}", which has no catalogs and is not the default locale`,
          { hint: `supported locales: ${[...supported].sort().join(', ')}` },
        );
      }
    }
  }
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
  const sources = (await scanCatalogs(dir, { domains: options.domains, warn })).filter(
    (s) => s.served,
  );
  const catalogs = await Promise.all(sources.map(readCatalog));
  for (const catalog of catalogs) for (const w of catalog.warnings) warn(w);
  const own = ownCatalogs(sources, catalogs, options.domain);

  const codes = new Set([...own.values()].flatMap((byCode) => [...byCode.keys()]));
  codes.add(options.defaultLocale);
  checkFallbackCodes(options.fallbacks, codes);
  const realCodes = [...codes].sort();
  const pseudoCodes = new Map(options.pseudo.map((tag) => [PSEUDO_LOCALES.get(tag)!, tag]));
  for (const code of pseudoCodes.keys()) codes.add(code);
  const supportedLocales = Object.freeze([...codes].sort());

  const locales = new Map<string, Locale>();
  const byFoldedCode = new Map<string, Locale>();
  for (const code of supportedLocales) {
    const tag = pseudoCodes.get(code);
    // A pseudo-locale replaces a catalog of the same code (an en_XA.po would be a mistake anyway).
    const locale = tag ? pseudoLocale(code, tag, options) : buildLocale(code, own, options);
    locales.set(code, locale);
    byFoldedCode.set(foldCode(code), locale);
  }
  const defaultLocale = locales.get(options.defaultLocale)!;
  const matcher =
    pseudoCodes.size === 0
      ? createMatcher(supportedLocales, options.defaultLocale)
      : pseudoAwareMatcher(
          createMatcher(supportedLocales, options.defaultLocale),
          createMatcher(realCodes, options.defaultLocale),
          new Set(pseudoCodes.keys()),
        );
  for (const w of warnings) options.onWarning(w);
  return Object.freeze({ supportedLocales, defaultLocale, locales, byFoldedCode, matcher });
}

/** Domain → code → that code's own catalogs, best-ranked file first. */
type OwnCatalogs = ReadonlyMap<string, ReadonlyMap<string, readonly Catalog[]>>;

/** Flat `<code>.csv|.po|.mo` files (no domain of their own) belong to `defaultDomain`. */
function ownCatalogs(
  sources: readonly CatalogSource[],
  catalogs: readonly Catalog[],
  defaultDomain: string,
): OwnCatalogs {
  const ranked = new Map<string, Map<string, { rank: number; catalog: Catalog }[]>>();
  sources.forEach((source, i) => {
    const domain = source.domain ?? defaultDomain;
    let byCode = ranked.get(domain);
    if (byCode === undefined) ranked.set(domain, (byCode = new Map()));
    let list = byCode.get(source.code);
    if (list === undefined) byCode.set(source.code, (list = []));
    list.push({ rank: source.rank, catalog: catalogs[i]! });
  });
  const own = new Map<string, Map<string, readonly Catalog[]>>();
  for (const [domain, byCode] of ranked) {
    const sorted = new Map<string, readonly Catalog[]>();
    for (const [code, list] of byCode) {
      sorted.set(
        code,
        list.sort((a, b) => a.rank - b.rank).map((x) => x.catalog),
      );
    }
    own.set(domain, sorted);
  }
  return own;
}

/** A pseudo-locale: the same generated catalog in every domain, nothing reported missing. */
function pseudoLocale(code: string, tag: PseudoLocaleTag, options: ResolvedOptions): Locale {
  const chain: DomainChain = { catalogs: [pseudoCatalog(tag)], own: 1, missing: undefined };
  return new Locale(code, chain, new Map(options.domains.map((domain) => [domain, chain])));
}

/** One Locale with a lookup chain per domain, and `onMissing` trackers when asked for. */
function buildLocale(code: string, own: OwnCatalogs, options: ResolvedOptions): Locale {
  const chains = options.domains.map((domain) =>
    lookupChain(code, own.get(domain) ?? new Map(), options.fallbacks),
  );
  // A locale with no catalog in any domain is the source language: nothing of it is "missing".
  const reports = options.onMissing !== undefined && chains.some((c) => c.own > 0);
  const domains = new Map<string, DomainChain>();
  options.domains.forEach((domain, i) => {
    const missing = reports
      ? new MissingTracker(options.onMissing!, options.missingLimit, domain)
      : undefined;
    domains.set(domain, { ...chains[i]!, missing });
  });
  return new Locale(code, domains.get(options.domain)!, domains);
}

/**
 * A locale's own catalogs, then those of each shorter code (`sr_Latn_RS` → `sr_Latn` → `sr`), as
 * GNU gettext and Python's `gettext.translation` fall back from `es_LA` to `es`.
 */
function ownChain(code: string, own: ReadonlyMap<string, readonly Catalog[]>): Catalog[] {
  const chain: Catalog[] = [];
  const parts = code.split('_');
  for (let n = parts.length; n > 0; n--) {
    const list = own.get(parts.slice(0, n).join('_'));
    if (list !== undefined) chain.push(...list);
  }
  return chain;
}

/**
 * `ownChain`, then each `fallbacks` locale's own chain and, depth first, its fallbacks: after the
 * locale's own catalogs and before English. A catalog or code already in the chain is skipped,
 * so a cycle (`pt_PT → pt_BR → pt_PT`) ends where it would repeat.
 */
function lookupChain(
  code: string,
  own: ReadonlyMap<string, readonly Catalog[]>,
  fallbacks: ReadonlyMap<string, readonly string[]>,
): { catalogs: readonly Catalog[]; own: number } {
  const chain = ownChain(code, own);
  const ownCount = chain.length;
  const inChain = new Set(chain);
  const visited = new Set([code]);
  const visit = (from: string): void => {
    for (const next of fallbacks.get(from) ?? []) {
      if (visited.has(next)) continue;
      visited.add(next);
      for (const catalog of ownChain(next, own)) {
        if (!inChain.has(catalog)) {
          inChain.add(catalog);
          chain.push(catalog);
        }
      }
      visit(next);
    }
  };
  visit(code);
  return { catalogs: chain, own: ownCount };
}

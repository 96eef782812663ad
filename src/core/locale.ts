import { type Catalog, CONTEXT_SEPARATOR, type PluralCategory } from '../formats/catalog.js';
import { createFormatter, type LocaleFormatter } from './format.js';
import { TextFormatter, toText } from '../text/interpolate.js';
import { localeInfo } from './locale-data.js';
import type {
  ContextId,
  PluralArguments,
  PluralId,
  PluralMessage,
  PluralValues,
  SingularId,
  SingularValues,
} from './message-types.js';
import type { FormatDateOptions, FormatDayOptions, MessageValues } from './types.js';

/**
 * @internal One gettext domain's catalogs for a Locale, in lookup order: the locale's own (with its
 * GNU shortening, `es_LA` → `es`), then those of its `fallbacks` locales.
 */
export interface DomainChain {
  readonly catalogs: readonly Catalog[];
  /** How many of `catalogs` are the locale's own; a hit past them is reported as missing. */
  readonly own: number;
  /** Reports what the own catalogs lack (`onMissing`); undefined when nobody listens. */
  readonly missing: MissingReporter | undefined;
}

/** @internal What a chain reports missing messages to (`MissingTracker` in missing.ts). */
export interface MissingReporter {
  report(
    locale: Locale,
    key: string,
    message: string,
    context: string | undefined,
    pluralMessage: string | undefined,
  ): void;
}

/**
 * One language: its catalogs (own first, then the ones it falls back to, e.g. `es_LA` → `es`),
 * its names and direction, and everything a handler or template calls. Immutable; one object per
 * supported code per loaded snapshot, shared by every request. Methods are bound once here, so
 * `const { _ } = locale` and `res.locals._ = locale._` need no per-request closure.
 */
export class Locale {
  /** The code as the catalog file names it: `es_ES`. */
  readonly code: string;
  /** BCP 47 tag for `<html lang>` and `Content-Language`: `es-ES`. */
  readonly tag: string;
  /** Native name: `Español`. */
  readonly name: string;
  /** English name: `Spanish`. */
  readonly nameEn: string;
  readonly rtl: boolean;
  readonly dir: 'rtl' | 'ltr';

  readonly #catalogs: readonly Catalog[];
  /** The default domain's chain; `#catalogs` is its `catalogs`. */
  readonly #main: DomainChain;
  /** Every loaded domain's chain, the default one included (`dgettext`). */
  readonly #domains: ReadonlyMap<string, DomainChain>;
  /** The default domain's first catalog index reported as missing; `NEVER` without `onMissing`. */
  readonly #reportFrom: number;
  readonly #pluralRules: Intl.PluralRules;
  readonly #text: TextFormatter;
  #formatter: LocaleFormatter | undefined;
  #categories: (PluralCategory | undefined)[] | undefined;

  /**
   * @internal Use `loadTranslations(...).get(code)`. `catalogs` is the default domain's chain (a
   * plain list: all the locale's own, nothing reported); `domains` every domain's, by name.
   */
  constructor(
    code: string,
    catalogs: readonly Catalog[] | DomainChain,
    domains: ReadonlyMap<string, DomainChain> = new Map(),
  ) {
    const info = localeInfo(code);
    this.code = code;
    this.tag = info.tag;
    this.name = info.name;
    this.nameEn = info.nameEn;
    this.rtl = info.rtl;
    this.dir = info.rtl ? 'rtl' : 'ltr';
    const main = Array.isArray(catalogs)
      ? { catalogs, own: catalogs.length, missing: undefined }
      : (catalogs as DomainChain);
    this.#main = main;
    this.#catalogs = main.catalogs;
    this.#reportFrom = main.missing === undefined ? NEVER : main.own;
    this.#domains = domains;
    this.#pluralRules = pluralRulesFor(info.tag);
    this.#text = new TextFormatter(info.tag);
    this.translate = this.translate.bind(this);
    this.pgettext = this.pgettext.bind(this);
    this.dgettext = this.dgettext.bind(this);
    this._ = this._.bind(this);
    this.formatDate = this.formatDate.bind(this);
    this.formatDay = this.formatDay.bind(this);
    this.list = this.list.bind(this);
    this.friendlyNumber = this.friendlyNumber.bind(this);
    Object.freeze(this);
  }

  /**
   * Tornado's `translate`: with `pluralMessage` and `count`, the form for `count`; else the
   * message. gettext catalogs answer as Python's `gettext` (which follows GNU). Falls back to the
   * English text, never throws (a non-string argument is read through a guarded `String()`).
   */
  translate<const M extends string>(message: SingularId<M>): string;
  translate<const M extends string>(message: PluralId<M>, ...plural: PluralArguments<M>): string;
  translate(message: string, pluralMessage?: string, count?: number): string {
    if (pluralMessage === undefined && typeof message === 'string') return this.#singular(message);
    const text = toText(message);
    if (pluralMessage === undefined || pluralMessage === null) {
      return this.#lookup(this.#main, text, text);
    }
    return this.#plural(this.#main, text, text, toText(pluralMessage), toPluralCount(count));
  }

  /** gettext `pgettext`/`npgettext`: the message in a context. Never throws. */
  pgettext<const C extends string, const M extends string>(
    context: ContextId<C>,
    message: SingularId<M, C>,
  ): string;
  pgettext<const C extends string, const M extends string>(
    context: ContextId<C>,
    message: PluralId<M, C>,
    ...plural: PluralArguments<M, C>
  ): string;
  pgettext(context: string, message: string, pluralMessage?: string, count?: number): string {
    const text = toText(message);
    const key = toText(context) + CONTEXT_SEPARATOR + text;
    if (pluralMessage === undefined || pluralMessage === null) {
      return this.#lookup(this.#main, key, text);
    }
    return this.#plural(this.#main, key, text, toText(pluralMessage), toPluralCount(count));
  }

  /**
   * gettext `dgettext`/`dngettext`: `translate` in another domain loaded with `domains`
   * (`errors` → `<code>/LC_MESSAGES/errors.mo`). A domain that was not loaded answers the English
   * text; never throws.
   */
  dgettext(domain: string, message: string, pluralMessage?: string, count?: number): string {
    const text = toText(message);
    const chain = this.#domains.get(domain);
    const singular = pluralMessage === undefined || pluralMessage === null;
    if (chain === undefined) {
      if (singular) return text;
      return toPluralCount(count) === 1 ? text : toText(pluralMessage);
    }
    if (singular) return this.#lookup(chain, text, text);
    return this.#plural(chain, text, text, toText(pluralMessage), toPluralCount(count));
  }

  /**
   * Translates, then fills `{name}` (ICU MessageFormat) or `%(name)s` (Python) placeholders.
   * `_(message, values?)` or `_(message, pluralMessage, count, values?)`; `count` is always a
   * value. With no values (and no count) the translation is returned verbatim. If the
   * translation's placeholders cannot be filled, the English text is filled instead; if that fails
   * too, the English text is returned as it is. Never throws, whatever the arguments are.
   * `values` may be any object, an interface-typed one included (`_('Hello, {name}', user)`).
   */
  _<const M extends string>(message: SingularId<M>, ...values: SingularValues<M>): string;
  _<const M extends string>(
    message: PluralId<M>,
    pluralMessage: PluralMessage<M>,
    count: number,
    ...values: PluralValues<M>
  ): string;
  _(message: string, second?: object | string, count?: number, values?: object): string {
    // The common case first: no plural, no values.
    if (second === undefined && typeof message === 'string') return this.#singular(message);
    const text = toText(message);
    if (typeof second === 'string') {
      // Plural: the form for the count, then one fill with `count` as a value (no object built).
      const n = toPluralCount(count);
      const translated = this.#plural(this.#main, text, text, second, n);
      return this.#fill(
        translated,
        n === 1 ? text : second,
        values as MessageValues | undefined,
        n,
      );
    }
    const translated = this.#singular(text);
    if (second === undefined || second === null) return translated;
    return this.#fill(translated, text, second as MessageValues, undefined);
  }

  /** Tornado's `format_date`; `''` for a date that is not a valid time (never throws). */
  formatDate(date: Date | number, options?: FormatDateOptions): string {
    try {
      return this.#formats().formatDate(date, options);
    } catch {
      return '';
    }
  }

  /** Tornado's `format_day`; `''` for a date that is not a valid time (never throws). */
  formatDay(date: Date | number, options?: FormatDayOptions): string {
    try {
      return this.#formats().formatDay(date, options);
    } catch {
      return '';
    }
  }

  /**
   * Tornado's `list`: `A, B and C` in English, `Intl.ListFormat` elsewhere. Items are read through
   * a guarded `String()`; anything but an array is an empty list. Never throws.
   */
  list(items: readonly string[]): string {
    try {
      const texts = Array.isArray(items) ? Array.from(items, toText) : [];
      return this.#formats().list(texts);
    } catch {
      return '';
    }
  }

  /**
   * Tornado's `friendly_number`: `1,234,567` in English, `Intl.NumberFormat` elsewhere. A BigInt
   * keeps all its digits; what is not a number is read as `Number()` would (never throws).
   */
  friendlyNumber(n: number): string {
    try {
      return this.#formats().friendlyNumber(typeof n === 'bigint' ? n : toNumber(n));
    } catch {
      return toText(n);
    }
  }

  /**
   * @internal Fills the placeholders of a text already translated (by `pgettext`, for the template
   * helpers) exactly as `_` does: the translation, else the English text filled, else the English
   * text as it is. Never throws.
   */
  fillTranslated(translated: string, english: string, values: MessageValues): string {
    try {
      return this.#fill(String(translated), String(english), values, undefined);
    } catch {
      return String(english);
    }
  }

  /** @internal The catalogs consulted, own first. */
  get catalogs(): readonly Catalog[] {
    return this.#catalogs;
  }

  #formats(): LocaleFormatter {
    // Built on first use: most apps never call the date helpers on most locales.
    if (this.#formatter === undefined) this.#formatter = createFormatter(this.code, this.translate);
    return this.#formatter;
  }

  /**
   * `Intl.PluralRules#select` costs about a microsecond; the category of each small whole count
   * is remembered per Locale (a fixed 1,000-entry table, filled on first use).
   */
  #category(n: number): PluralCategory {
    if (Number.isInteger(n) && n >= 0 && n < SMALL_COUNTS) {
      const table = (this.#categories ??= new Array<PluralCategory | undefined>(SMALL_COUNTS));
      return (table[n] ??= this.#pluralRules.select(n) as PluralCategory);
    }
    return this.#pluralRules.select(n) as PluralCategory;
  }

  #fill(
    translated: string,
    english: string,
    values: MessageValues | undefined,
    count: number | undefined,
  ): string {
    // A translation that differs from the English text came from a catalog: its compiled form is
    // kept with the catalogs; the English text (or request data passed as a message) goes to the
    // cache bounded in bytes.
    const filled = this.#text.fill(translated, values, count, translated !== english);
    if (filled !== undefined) return filled;
    if (translated !== english) {
      const fallback = this.#text.fill(english, values, count);
      if (fallback !== undefined) return fallback;
    }
    return english;
  }

  /**
   * The hot path, `translate(message)` with no plural and no context: the key is the message in
   * every format, so it is one `Map.get` per catalog in the chain.
   */
  #singular(message: string): string {
    const catalogs = this.#catalogs;
    for (let i = 0; i < catalogs.length; i++) {
      const hit = catalogs[i]!.messages.get(message);
      if (hit !== undefined) {
        if (i >= this.#reportFrom) this.#reportMissing(this.#main, message, message);
        return hit;
      }
    }
    if (this.#reportFrom !== NEVER) this.#reportMissing(this.#main, message, message);
    return message;
  }

  /** A plural that a `fallbacks` locale answered: reported as missing for this one. */
  #found(
    chain: DomainChain,
    key: string,
    message: string,
    pluralMessage: string,
    hit: string,
  ): string {
    this.#reportMissing(chain, key, message, pluralMessage);
    return hit;
  }

  /** Tells `onMissing` (once per message) that the locale's own catalogs lack `key`. */
  #reportMissing(chain: DomainChain, key: string, message: string, pluralMessage?: string): void {
    if (chain.missing === undefined) return;
    const sep = key === message ? -1 : key.indexOf(CONTEXT_SEPARATOR);
    const context = sep === -1 ? undefined : key.slice(0, sep);
    chain.missing.report(this, key, message, context, pluralMessage);
  }

  /** A singular message by its catalog key (the context-qualified key where gettext has one). */
  #lookup(chain: DomainChain, key: string, message: string): string {
    const catalogs = chain.catalogs;
    for (let i = 0; i < catalogs.length; i++) {
      const catalog = catalogs[i]!;
      // Tornado's CSVLocale.pgettext ignores the context: CSV has no column for it.
      const hit = catalog.messages.get(catalog.format === 'csv' ? message : key);
      if (hit !== undefined) {
        if (i >= chain.own) this.#reportMissing(chain, key, message);
        return hit;
      }
    }
    this.#reportMissing(chain, key, message);
    return message;
  }

  /** The form of a plural message for `n`: CLDR rows, then gettext forms, then Tornado's rows. */
  #plural(
    chain: DomainChain,
    key: string,
    message: string,
    pluralMessage: string,
    n: number,
  ): string {
    const catalogs = chain.catalogs;
    let category: PluralCategory | undefined;
    for (let i = 0; i < catalogs.length; i++) {
      const catalog = catalogs[i]!;
      const catalogKey = catalog.format === 'csv' ? message : key;
      if (catalog.categoryForms.size > 0) {
        const forms = catalog.categoryForms.get(catalogKey);
        if (forms !== undefined) {
          category ??= this.#category(n);
          const hit = forms.get(category);
          if (hit !== undefined) {
            return i < chain.own ? hit : this.#found(chain, key, message, pluralMessage, hit);
          }
        }
      }
      const forms = catalog.pluralForms.get(catalogKey);
      if (forms !== undefined) {
        const hit = forms[gettextIndex(catalog, n)];
        if (hit !== undefined && hit !== '') {
          return i < chain.own ? hit : this.#found(chain, key, message, pluralMessage, hit);
        }
      }
      const tornado =
        n === 1
          ? catalog.tornadoSingular.get(catalogKey)
          : catalog.tornadoPlural.get(pluralMessage);
      if (tornado !== undefined) {
        return i < chain.own ? tornado : this.#found(chain, key, message, pluralMessage, tornado);
      }
    }
    this.#reportMissing(chain, key, message, pluralMessage);
    return n === 1 ? message : pluralMessage;
  }
}

const SMALL_COUNTS = 1000;
/** A catalog index no chain reaches (a small integer, so the field stays a V8 Smi). */
const NEVER = 0x3fffffff;

/**
 * The msgstr index for `n`, as GNU's `plural_lookup` computes it: the expression works on an
 * unsigned integer, and an index past `nplurals` means form 0.
 */
function gettextIndex(catalog: Catalog, n: number): number {
  const rule = catalog.pluralRule;
  const index = rule.index(Math.trunc(Math.abs(n)));
  return index >= 0 && index < rule.nplurals ? index : 0;
}

/**
 * A count as a number: a number, BigInt, numeric string or boolean as `Number()` reads it; what is
 * not a finite number (NaN, Infinity, an object, a Symbol) counts as 0 (Tornado would assert).
 * Objects are not converted: a request body's `{"toString":1}` must not throw here.
 */
function toPluralCount(count: unknown): number {
  const n =
    typeof count === 'number'
      ? count
      : typeof count === 'string' || typeof count === 'bigint' || typeof count === 'boolean'
        ? Number(count)
        : Number.NaN;
  return Number.isFinite(n) ? n : 0;
}

/** `Number(value)`, NaN where that throws (a Symbol, an object without a usable `valueOf`). */
function toNumber(value: unknown): number {
  try {
    return Number(value);
  } catch {
    return Number.NaN;
  }
}

const pluralRulesCache = new Map<string, Intl.PluralRules>();

function pluralRulesFor(tag: string): Intl.PluralRules {
  // Keyed by catalog codes only (never request data), so this stays as small as the catalog list.
  let rules = pluralRulesCache.get(tag);
  if (rules === undefined) {
    try {
      rules = new Intl.PluralRules(tag);
    } catch {
      rules = new Intl.PluralRules('en');
    }
    pluralRulesCache.set(tag, rules);
  }
  return rules;
}

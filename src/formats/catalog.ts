import type { LocaleKitWarning } from '../errors.js';

/** CLDR plural categories, as `Intl.PluralRules#select` returns them. */
export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

export const PLURAL_CATEGORIES: readonly PluralCategory[] = Object.freeze([
  'zero',
  'one',
  'two',
  'few',
  'many',
  'other',
]);

/** The separator gettext puts between `msgctxt` and `msgid` in a catalog key. */
export const CONTEXT_SEPARATOR = '\u0004';

/** The catalog key of a message: `msgid`, or `msgctxt + "\x04" + msgid` with a context. */
export function messageKey(context: string | undefined, msgid: string): string {
  return context === undefined ? msgid : context + CONTEXT_SEPARATOR + msgid;
}

/** A gettext `Plural-Forms` rule: how many forms, and which form a count takes. */
export interface PluralRule {
  /** `nplurals` from the header. */
  readonly nplurals: number;
  /** `plural=` evaluated for `n`; may be out of range — the caller falls back as GNU does. */
  readonly index: (n: number) => number;
  /** The source expression, for messages and the CLI (`n != 1` when defaulted). */
  readonly expression: string;
}

/**
 * What every parser (CSV, PO, MO) produces, and all that `Locale` reads. A map a format does not
 * use is simply empty, so `Locale` never needs to know the format. Keys are catalog text: they live
 * in `Map`s, never in plain objects (`__proto__` is a valid msgid). Empty translations are never
 * stored: "not translated yet" falls back to the source text, as an empty `msgstr` does in gettext.
 */
export interface Catalog {
  /** Which parser produced it. Informational only. */
  readonly format: 'csv' | 'po' | 'mo';
  /** The file it was read from, as given to the parser (for messages). */
  readonly file: string;
  /**
   * Plain translations. gettext: entries without `msgid_plural`, keyed by `messageKey(ctx, msgid)`.
   * CSV: Tornado's "unknown" rows (no or empty third column), keyed by the English message.
   */
  readonly messages: ReadonlyMap<string, string>;
  /**
   * gettext plural entries keyed by `messageKey(ctx, msgid)` (the singular msgid), with
   * `msgstr[0..]` in order; pick a form with `pluralRule.index(n)`.
   */
  readonly pluralForms: ReadonlyMap<string, readonly string[]>;
  /** gettext `msgid_plural` of each entry in `pluralForms` (same keys). */
  readonly pluralIds: ReadonlyMap<string, string>;
  /** CSV: Tornado's `singular` rows, keyed by the English singular. */
  readonly tornadoSingular: ReadonlyMap<string, string>;
  /** CSV: Tornado's `plural` rows, keyed by the English *plural* (as Tornado keys them). */
  readonly tornadoPlural: ReadonlyMap<string, string>;
  /**
   * CSV extension: CLDR-category rows keyed by the English singular; the value maps a category
   * (`Intl.PluralRules#select` of the catalog's locale) to the translation.
   */
  readonly categoryForms: ReadonlyMap<string, ReadonlyMap<PluralCategory, string>>;
  /** gettext: the rule from `Plural-Forms`, defaulted to `nplurals=2; plural=(n != 1);`. CSV: that default. */
  readonly pluralRule: PluralRule;
  /** gettext header fields (`Content-Type`, `Plural-Forms`, `Language`…), names as written. Empty for CSV. */
  readonly headers: ReadonlyMap<string, string>;
  /** Recoverable oddities found while parsing. */
  readonly warnings: readonly LocaleKitWarning[];
}

/** Options every parser takes. */
export interface ParseOptions {
  /** File name for errors and warnings. @default '<input>' */
  readonly file?: string;
}

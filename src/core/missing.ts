/**
 * Missing translations: the once-per-message, bounded report a `Locale` makes when its own
 * catalogs lack a message (`onMissing`), and a collector that turns those reports into a POT for
 * `localekit update`.
 */
import { formatHeaderFields, makePoEntry, serializePo } from '../formats/po-writer.js';
import type { Locale } from './locale.js';

/** What `onMissing` receives besides the locale, message and context. */
export interface MissingDetails {
  /** The gettext domain the message was asked for in (`dgettext`), else the default domain. */
  readonly domain: string;
  /** The English plural, when the message was asked for with one. */
  readonly pluralMessage?: string;
}

/**
 * Called once per missing message per locale: `locale` is the `Locale` asked, `message` the
 * English text (the singular for a plural), `context` the `pgettext` context.
 */
export type MissingHandler = (
  locale: Locale,
  message: string,
  context: string | undefined,
  details: MissingDetails,
) => void;

/** How many distinct missing messages each locale reports at most (per domain and load). */
export const DEFAULT_MISSING_LIMIT = 10_000;

/**
 * @internal One locale's and one domain's record of the messages already reported: each is
 * reported once; past `limit` distinct messages nothing more is reported, so a flood of distinct
 * messages cannot grow memory.
 */
export class MissingTracker {
  readonly #handler: MissingHandler;
  readonly #limit: number;
  readonly #domain: string;
  readonly #seen = new Set<string>();

  constructor(handler: MissingHandler, limit: number, domain: string) {
    this.#handler = handler;
    this.#limit = limit;
    this.#domain = domain;
  }

  /** `key` is the catalog key (`context\x04message`, or the message). Never throws. */
  report(
    locale: Locale,
    key: string,
    message: string,
    context: string | undefined,
    pluralMessage: string | undefined,
  ): void {
    const seen = this.#seen;
    if (seen.size >= this.#limit || seen.has(key)) return;
    // Added before the call, so a handler that translates the same message does not recurse.
    seen.add(key);
    const details: MissingDetails =
      pluralMessage === undefined
        ? { domain: this.#domain }
        : { domain: this.#domain, pluralMessage };
    try {
      this.#handler(locale, message, context, details);
    } catch {
      // translate() never throws, whatever the handler does.
    }
  }
}

/** One message the collector holds. */
export interface MissingMessage {
  readonly message: string;
  readonly pluralMessage?: string;
  readonly context?: string;
  readonly domain: string;
  /** The codes of the locales that asked for it and lacked it, sorted. */
  readonly locales: readonly string[];
}

/** Options of `createMissingCollector`. */
export interface MissingCollectorOptions {
  /** Distinct messages kept at most; later ones are dropped. @default 10000 */
  readonly limit?: number;
}

/** Options of `MissingCollector#toPot`. */
export interface MissingPotOptions {
  /** Only the messages asked for in this domain. @default every domain */
  readonly domain?: string;
}

/** What `createMissingCollector` returns. */
export interface MissingCollector {
  /** Pass as `loadTranslations(dir, { onMissing: collector.onMissing })`. */
  readonly onMissing: MissingHandler;
  /** The messages collected so far, in the order first asked for. */
  messages(): MissingMessage[];
  /**
   * A POT (UTF-8, xgettext's header) of the messages collected, in the order first asked for;
   * each entry's `#.` comment names the locales that lacked it. `localekit update messages.pot
   * locales` merges it into the catalogs.
   */
  toPot(options?: MissingPotOptions): string;
  /** Forgets everything collected. */
  clear(): void;
}

interface Collected {
  readonly message: string;
  readonly pluralMessage: string | undefined;
  readonly context: string | undefined;
  readonly domain: string;
  readonly locales: Set<string>;
}

/**
 * Collects what visitors asked for but no catalog of their locale had, for a POT that
 * translators fill: `const missing = createMissingCollector()`, `loadTranslations(dir, {
 * onMissing: missing.onMissing })`, later `writeFile('missing.pot', missing.toPot())`.
 */
export function createMissingCollector(options: MissingCollectorOptions = {}): MissingCollector {
  const limit = options.limit ?? DEFAULT_MISSING_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) {
    throw new TypeError(`createMissingCollector limit must be a whole number ≥ 0, got ${limit}`);
  }
  const collected = new Map<string, Collected>();

  const onMissing: MissingHandler = (locale, message, context, details) => {
    const key = JSON.stringify([details.domain, context ?? null, message]);
    let entry = collected.get(key);
    if (entry === undefined) {
      if (collected.size >= limit) return;
      entry = {
        message,
        pluralMessage: details.pluralMessage,
        context,
        domain: details.domain,
        locales: new Set(),
      };
      collected.set(key, entry);
    }
    entry.locales.add(locale.code);
  };

  function messages(): MissingMessage[] {
    return [...collected.values()].map((e) => ({
      message: e.message,
      ...(e.pluralMessage !== undefined && { pluralMessage: e.pluralMessage }),
      ...(e.context !== undefined && { context: e.context }),
      domain: e.domain,
      locales: [...e.locales].sort(),
    }));
  }

  function toPot(potOptions: MissingPotOptions = {}): string {
    const wanted = messages().filter(
      (m) => potOptions.domain === undefined || m.domain === potOptions.domain,
    );
    return formatMissingPot(wanted);
  }

  return Object.freeze({
    onMissing,
    messages,
    toPot,
    clear: () => collected.clear(),
  });
}

/** The header `localekit extract` (and xgettext) writes, with no creation date. */
function potHeader(withPlurals: boolean): string {
  const fields: [string, string][] = [
    ['Project-Id-Version', 'PACKAGE VERSION'],
    ['Report-Msgid-Bugs-To', ''],
    ['PO-Revision-Date', 'YEAR-MO-DA HO:MI+ZONE'],
    ['Last-Translator', 'FULL NAME <EMAIL@ADDRESS>'],
    ['Language-Team', 'LANGUAGE <LL@li.org>'],
    ['Language', ''],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=UTF-8'],
    ['Content-Transfer-Encoding', '8bit'],
  ];
  // xgettext writes `nplurals=INTEGER; plural=EXPRESSION;`, which `msgfmt -c` rejects; the
  // English source's own rule is valid, and `update`/`msginit` keep each catalog's own anyway.
  if (withPlurals) fields.push(['Plural-Forms', 'nplurals=2; plural=(n != 1);']);
  return formatHeaderFields(fields);
}

function formatMissingPot(messages: readonly MissingMessage[]): string {
  // The same msgctxt and msgid from two domains is one PO entry: the first plural seen is kept,
  // the locales are merged.
  const byKey = new Map<string, { first: MissingMessage; locales: Set<string> }>();
  for (const m of messages) {
    if (m.message === '') continue; // msgid "" is the header
    const key = JSON.stringify([m.context ?? null, m.message]);
    const known = byKey.get(key);
    if (known === undefined) byKey.set(key, { first: m, locales: new Set(m.locales) });
    else for (const code of m.locales) known.locales.add(code);
  }
  const entries = [...byKey.values()].map(({ first: m, locales }) =>
    makePoEntry({
      msgid: m.message,
      ...(m.context !== undefined && { msgctxt: m.context }),
      ...(m.pluralMessage !== undefined && { msgidPlural: m.pluralMessage, msgstr: ['', ''] }),
      extractedComments: [`missing in: ${[...locales].sort().join(', ')}`],
    }),
  );
  const header = makePoEntry({
    msgid: '',
    msgstr: [potHeader(entries.some((e) => e.msgidPlural !== undefined))],
    translatorComments: [
      'Messages asked for at run time with no translation (localekit onMissing).',
    ],
    flags: ['fuzzy'],
  });
  return serializePo({ header, entries });
}

import { IntlMessageFormat } from 'intl-messageformat';
import { TextCache } from './cache.js';
import {
  compilePython,
  fillPython,
  isPythonFormat,
  isPythonSyntaxError,
  type PythonTemplate,
} from './python.js';

/** Values for `_()` placeholders: `{name}` (ICU) and `%(name)s` (Python). */
export type MessageValues = Readonly<Record<string, unknown>>;

/**
 * Placeholders: which syntax a text uses, compiled once per text, cached per locale in a cache
 * bounded in bytes, and filled in one pass.
 *
 * A text with `%(` is Python format (`%(name)s`, Tornado's messages); else a text with `{` is ICU
 * MessageFormat (`{name}`, plurals and selects through @formatjs); else it has no placeholders
 * and is returned as it is. A message uses one syntax, never both, and a value is never
 * re-interpreted (a value holding `{x}` or `%(x)s` is inserted as text).
 */

/**
 * The ICU arguments of a text (`{name}`, also inside plural/select branches and tags), in order of
 * first appearance, and the parser's error when the text is not valid ICU. A text with no brace
 * has none. For the CLI's `check`.
 */
export function icuPlaceholders(text: string): {
  readonly names: readonly string[];
  readonly error: string | undefined;
} {
  if (!text.includes('{') && !text.includes('}')) return { names: [], error: undefined };
  const names = new Set<string>();
  try {
    // intl-messageformat's own parser (the runtime's one dependency), through its public AST.
    const ast = new IntlMessageFormat(text, 'en', undefined, { ignoreTag: true }).getAst();
    icuArguments(ast as unknown as readonly IcuElement[], names);
    return { names: [...names], error: undefined };
  } catch (error) {
    for (const m of text.matchAll(/\{\s*(\w+)\s*[,}]/g)) names.add(m[1]!);
    return { names: [...names], error: error instanceof Error ? error.message : String(error) };
  }
}

interface IcuElement {
  readonly type: number;
  readonly value?: unknown;
  readonly options?: Record<string, { readonly value: readonly IcuElement[] }>;
  readonly children?: readonly IcuElement[];
}

function icuArguments(elements: readonly IcuElement[], into: Set<string>): void {
  for (const e of elements) {
    // 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural (0 literal, 7 pound, 8 tag).
    if (e.type >= 1 && e.type <= 6 && typeof e.value === 'string') into.add(e.value);
    if (e.options !== undefined)
      for (const option of Object.values(e.options)) icuArguments(option.value, into);
    if (e.children !== undefined) icuArguments(e.children, into);
  }
}

/**
 * A message made only of text and simple `{name}` arguments (no apostrophes, no other braces):
 * the common ICU case, filled by joining, as intl-messageformat fills a simple argument with
 * `String(value)` — without its per-call `formatToParts` cost.
 */
interface SimpleTemplate {
  readonly texts: readonly string[];
  readonly names: readonly string[];
}

const SIMPLE_ARGUMENT = /\{\s*([A-Za-z_$][\w$]*)\s*\}/g;

function simpleTemplate(text: string): SimpleTemplate | undefined {
  if (text.includes("'")) return undefined;
  const texts: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const m of text.matchAll(SIMPLE_ARGUMENT)) {
    texts.push(text.slice(last, m.index));
    names.push(m[1]!);
    last = m.index + m[0].length;
  }
  texts.push(text.slice(last));
  for (const t of texts) if (t.includes('{') || t.includes('}')) return undefined;
  return { texts, names };
}

/** Marker: the simple path cannot fill this value type; use intl-messageformat. */
const FALLBACK = '\u0000localekit-fallback';

function fillSimple(
  template: SimpleTemplate,
  values: MessageValues | undefined,
  count: number | undefined,
): string | undefined {
  const { texts, names } = template;
  let out = texts[0]!;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    let value: unknown;
    if (values !== undefined && values !== null && Object.hasOwn(values, name))
      value = values[name];
    else if (name === 'count' && count !== undefined) value = count;
    else return undefined;
    if (typeof value === 'string') out += value;
    else if (typeof value === 'number') out += String(value);
    else return FALLBACK;
    out += texts[i + 1]!;
  }
  return out;
}

const PLAIN = 0;
const PYTHON = 1;
const ICU_SIMPLE = 2;
const ICU = 3;
const BROKEN = 4;

/** A compiled text, with the bytes it keeps alive (estimated, its key included). */
interface Compiled {
  readonly kind: typeof PLAIN | typeof PYTHON | typeof ICU_SIMPLE | typeof ICU | typeof BROKEN;
  readonly bytes: number;
  readonly python?: PythonTemplate;
  readonly simple?: SimpleTemplate;
  readonly full?: IntlMessageFormat;
}

/**
 * Texts longer than this are compiled for the call and not cached: a long text is rare in a
 * catalog and typical of request data passed to `_` by mistake.
 */
export const MAX_CACHED_LENGTH = 2048;

/** The default budget of one locale's cache of compiled texts. */
export const DEFAULT_CACHE_BYTES = 1024 * 1024;

// Byte estimates for the cache budget, on the high side. A string costs up to 2 bytes a character
// plus a header. An IntlMessageFormat measured with --expose-gc (heap after gc() per entry, 300 to
// 2,000 entries): 3.6 KB for a 50-character plural message, 11.3 KB for 500 characters, 37 KB for
// 2,000 — about 2.5 KB plus 18 bytes a character; quoted (`'`) texts cost more.
const ENTRY_OVERHEAD = 120;
const SPEC_BYTES = 96;
const ICU_FIXED_BYTES = 3072;
const ICU_BYTES_PER_CHAR = 32;

function compile(text: string, tag: string): Compiled {
  const textBytes = ENTRY_OVERHEAD + 2 * text.length;
  if (isPythonFormat(text)) {
    const python = compilePython(text);
    if (isPythonSyntaxError(python)) return { kind: BROKEN, bytes: textBytes };
    return {
      kind: PYTHON,
      bytes: 2 * textBytes + SPEC_BYTES * python.specs.length,
      python,
    };
  }
  if (!text.includes('{')) return { kind: PLAIN, bytes: textBytes };
  const simple = simpleTemplate(text);
  if (simple !== undefined)
    return { kind: ICU_SIMPLE, bytes: 2 * textBytes + SPEC_BYTES * simple.names.length, simple };
  const full = compileIcu(text, tag);
  if (full === undefined) return { kind: BROKEN, bytes: textBytes };
  return {
    kind: ICU,
    bytes: textBytes + ICU_FIXED_BYTES + ICU_BYTES_PER_CHAR * text.length,
    full,
  };
}

function compileIcu(text: string, tag: string): IntlMessageFormat | undefined {
  try {
    return new IntlMessageFormat(text, tag, undefined, { ignoreTag: true });
  } catch {
    return undefined;
  }
}

function formatIcu(
  full: IntlMessageFormat,
  values: MessageValues | undefined,
  count: number | undefined,
): string {
  const all =
    count === undefined ||
    (values !== undefined && values !== null && Object.hasOwn(values, 'count'))
      ? values
      : { ...values, count };
  const out = full.format(all as Record<string, never>);
  return typeof out === 'string' ? out : Array.isArray(out) ? out.join('') : String(out);
}

/**
 * One locale's placeholder filler: each text compiled once (Python or ICU). Translations taken
 * from the locale's catalogs are kept for the life of the catalogs (they are as many as the
 * catalog's entries, whatever the requests); any other text — the English source, or request data
 * passed to `_` by mistake — goes to a cache bounded in bytes (`DEFAULT_CACHE_BYTES`), and one
 * over `MAX_CACHED_LENGTH` characters is compiled for its call only.
 */
export class TextFormatter {
  readonly #tag: string;
  readonly #cache: TextCache<Compiled>;
  readonly #catalogTexts = new Map<string, Compiled>();

  constructor(tag: string, maxBytes: number = DEFAULT_CACHE_BYTES) {
    this.#tag = tag;
    this.#cache = new TextCache<Compiled>(maxBytes);
  }

  /** Estimated bytes the bounded cache (texts not from a catalog) holds now. */
  get cachedBytes(): number {
    return this.#cache.bytes;
  }

  #compiled(text: string, fromCatalog: boolean): Compiled {
    if (fromCatalog) {
      let entry = this.#catalogTexts.get(text);
      if (entry === undefined) {
        entry = compile(text, this.#tag);
        this.#catalogTexts.set(text, entry);
      }
      return entry;
    }
    let entry = this.#cache.get(text);
    if (entry === undefined) {
      entry = compile(text, this.#tag);
      if (text.length <= MAX_CACHED_LENGTH) this.#cache.set(text, entry);
    }
    return entry;
  }

  /**
   * Fills `text`'s placeholders from `values` (own properties); `count` answers `count` when
   * `values` has none. Undefined when the text is broken or cannot be filled; never throws.
   * `fromCatalog`: the text is a translation read from this locale's catalogs (only then is it
   * kept outside the bounded cache; pass `false` for anything a request could have chosen).
   */
  fill(
    text: string,
    values: MessageValues | undefined,
    count: number | undefined,
    fromCatalog = false,
  ): string | undefined {
    try {
      const entry = this.#compiled(text, fromCatalog);
      switch (entry.kind) {
        case PLAIN:
          return text;
        case PYTHON:
          return fillPython(entry.python!, values, count);
        case ICU_SIMPLE: {
          const out = fillSimple(entry.simple!, values, count);
          if (out !== FALLBACK) return out;
          // A value the simple path does not print (a Date, a BigInt…): intl-messageformat,
          // compiled for this call only (its size is not in the entry's estimate).
          const full = compileIcu(text, this.#tag);
          return full === undefined ? undefined : formatIcu(full, values, count);
        }
        case ICU:
          return formatIcu(entry.full!, values, count);
        default:
          return undefined;
      }
    } catch {
      return undefined;
    }
  }

  /** ICU MessageFormat only (whatever the text holds); undefined when it is not valid ICU or cannot be filled. */
  format(text: string, values: MessageValues): string | undefined {
    if (isPythonFormat(text)) {
      const full = compileIcu(text, this.#tag);
      try {
        return full === undefined ? undefined : formatIcu(full, values, undefined);
      } catch {
        return undefined;
      }
    }
    return text.includes('{') ? this.fill(text, values, undefined) : text;
  }
}

/** The earlier name of `TextFormatter`. */
export { TextFormatter as IcuFormatter };

/**
 * Fills placeholders: Python `%(name)s` when the text has any, else ICU `{name}` when it has a
 * brace. Undefined when the placeholders cannot be filled. Never throws.
 */
export function fillPlaceholders(
  text: string,
  values: MessageValues,
  formatter: TextFormatter,
): string | undefined {
  return formatter.fill(text, values, undefined);
}

/**
 * `String(value)` that never throws: a value whose conversion throws (a null-prototype object,
 * `{ toString: 1, valueOf: 1 }`, a Proxy whose traps throw) is read as
 * `Object.prototype.toString` reads it (`[object Object]`), and `''` if even that throws.
 */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return String(value);
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return '';
    }
  }
}

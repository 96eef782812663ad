import { IntlMessageFormat } from 'intl-messageformat';

/** Values for `_()` placeholders: `{name}` (ICU) and `%(name)s` (Python). */
export type MessageValues = Readonly<Record<string, unknown>>;

/**
 * Python's `%` operator with a mapping, as Tornado templates use it: `%(name)s`, `%(count)d`,
 * `%(ratio).1f`, `%%`. Returns undefined when a placeholder is malformed or names a missing
 * value, so the caller can fall back to the untranslated text.
 */
const PYTHON_PLACEHOLDER =
  /%(?:\(([^)]{0,100})\)([#0 +-]*)(\d{0,3})(?:\.(\d{1,3}))?([sdifrxXeEgGo])|%|)/g;

export function formatPython(text: string, values: MessageValues): string | undefined {
  let failed = false;
  const out = text.replace(
    PYTHON_PLACEHOLDER,
    (
      whole,
      name: string | undefined,
      flags: string,
      width: string,
      precision: string | undefined,
      conv: string | undefined,
    ) => {
      if (whole === '%%') return '%';
      if (name === undefined || conv === undefined || !Object.hasOwn(values, name)) {
        failed = true;
        return whole;
      }
      const formatted = formatPythonValue(values[name], conv, precision);
      if (formatted === undefined) {
        failed = true;
        return whole;
      }
      return pad(formatted, flags, width);
    },
  );
  return failed ? undefined : out;
}

function formatPythonValue(
  value: unknown,
  conv: string,
  precision: string | undefined,
): string | undefined {
  switch (conv) {
    case 's':
    case 'r':
      return String(value);
    case 'd':
    case 'i': {
      const n = Number(value);
      if (!Number.isFinite(n) || typeof value === 'boolean' || value === null || value === '')
        return undefined;
      return String(Math.trunc(n));
    }
    case 'f':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      const n = Number(value);
      if (Number.isNaN(n) || value === null || value === '') return undefined;
      const p = precision === undefined ? 6 : Number(precision);
      if (conv === 'f') return n.toFixed(p);
      if (conv === 'e' || conv === 'E') {
        const s = n.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2');
        return conv === 'E' ? s.toUpperCase() : s;
      }
      return String(Number(n.toPrecision(p || 1)));
    }
    case 'x':
    case 'X':
    case 'o': {
      const n = Number(value);
      if (!Number.isInteger(n)) return undefined;
      const s = n.toString(conv === 'o' ? 8 : 16);
      return conv === 'X' ? s.toUpperCase() : s;
    }
    default:
      return undefined;
  }
}

function pad(s: string, flags: string, width: string): string {
  const w = width === '' ? 0 : Number(width);
  if (s.length >= w) return s;
  if (flags.includes('-')) return s.padEnd(w);
  if (flags.includes('0') && /^-?\d/.test(s)) {
    const neg = s.startsWith('-');
    return (neg ? '-' : '') + (neg ? s.slice(1) : s).padStart(w - (neg ? 1 : 0), '0');
  }
  return s.padStart(w);
}

/** Whether `text` has any Python-style `%(name)…` placeholder. */
export function hasPythonPlaceholders(text: string): boolean {
  return text.includes('%(');
}

/**
 * A message made only of text and simple `{name}` arguments (no apostrophes, no other braces):
 * the common case, filled by joining, as intl-messageformat fills a simple argument with
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

function fillSimple(template: SimpleTemplate, values: MessageValues): string | undefined {
  const { texts, names } = template;
  let out = texts[0]!;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (!Object.hasOwn(values, name)) return undefined;
    const value = values[name];
    if (typeof value === 'string') out += value;
    else if (typeof value === 'number') out += String(value);
    else return FALLBACK;
    out += texts[i + 1]!;
  }
  return out;
}

/** Marker: the simple path cannot fill this value type; use intl-messageformat. */
const FALLBACK = '\u0000localekit-fallback';

/**
 * ICU MessageFormat through @formatjs, with compiled messages cached per locale. The cache is
 * keyed by message text (from catalogs or from the app's own source), bounded so that a program
 * that builds messages dynamically cannot grow it without limit.
 */
export class IcuFormatter {
  readonly #tag: string;
  readonly #cache = new Map<string, { simple?: SimpleTemplate; full?: IntlMessageFormat | null }>();
  static readonly MAX_CACHED = 5000;

  constructor(tag: string) {
    this.#tag = tag;
  }

  /** Formats `text` with `values`; undefined when the text is not valid ICU or formatting fails. */
  format(text: string, values: MessageValues): string | undefined {
    let entry = this.#cache.get(text);
    if (entry === undefined) {
      const simple = simpleTemplate(text);
      entry = simple === undefined ? {} : { simple };
      if (this.#cache.size >= IcuFormatter.MAX_CACHED) this.#cache.clear();
      this.#cache.set(text, entry);
    }
    if (entry.simple !== undefined) {
      try {
        const out = fillSimple(entry.simple, values);
        if (out !== FALLBACK) return out;
      } catch {
        return undefined;
      }
    }
    if (entry.full === undefined) {
      try {
        entry.full = new IntlMessageFormat(text, this.#tag, undefined, { ignoreTag: true });
      } catch {
        entry.full = null;
      }
    }
    if (entry.full === null) return undefined;
    try {
      const out = entry.full.format(values as Record<string, never>);
      return typeof out === 'string' ? out : Array.isArray(out) ? out.join('') : String(out);
    } catch {
      return undefined;
    }
  }
}

/**
 * Fills placeholders: Python `%(name)s` when the text has any, else ICU `{name}` when it has a
 * brace. A message uses one syntax or the other, never both (a value that contains `{` or `%(`
 * is never re-interpreted). Undefined when the placeholders cannot be filled.
 */
export function fillPlaceholders(
  text: string,
  values: MessageValues,
  icu: IcuFormatter,
): string | undefined {
  if (hasPythonPlaceholders(text)) return formatPython(text, values);
  if (text.includes('{')) return icu.format(text, values);
  return text;
}

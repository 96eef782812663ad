/**
 * Python's `template % mapping` (printf-style formatting, as Tornado's messages use it:
 * `%(name)s`, `%(count)d`, `%(ratio).1f`, `%%`), compiled once per text into literal pieces and
 * conversion specs, then filled in one pass. The one implementation in localekit: `Locale#_`, the
 * Tornado date helpers and the CLI's `check` all read placeholders through this module.
 *
 * Where Python produces a string, the output is Python's (checked against python3 in
 * test/text/python.test.ts): a JS number that is an integer counts as a Python `int`, any other
 * number as a `float`. Where Python raises (a missing key, a positional `%s`, `%d` of a string),
 * the fill fails (`undefined`), so the caller can fall back to the English text; two JS
 * conveniences are kept from earlier releases: numeric strings are accepted by the numeric
 * conversions, and `%s` of `null`, `undefined` or a boolean gives `String(value)`.
 */

/** Widths and precisions above this are refused: a message cannot ask for megabytes of padding. */
export const MAX_WIDTH = 999;

const F_LEFT = 1; // '-'
const F_SIGN = 2; // '+'
const F_SPACE = 4; // ' '
const F_ALT = 8; // '#'
const F_ZERO = 16; // '0'

/** One `%(name)…` conversion. */
export interface PythonSpec {
  readonly name: string;
  /** The conversion letter: one of `diouxXeEfFgGcrsa`. */
  readonly conversion: string;
  readonly flags: number;
  readonly width: number;
  /** -1 when the spec has none. */
  readonly precision: number;
  /** `%(name)s` with no flag, width or precision: the value's text as it is. */
  readonly plain: boolean;
  /** `%(name)d` (or `i`, `u`) with no flag, width or precision: a whole number's digits. */
  readonly bareInteger: boolean;
}

/** A compiled text: `texts[0] spec[0] texts[1] … spec[n-1] texts[n]`. */
export interface PythonTemplate {
  readonly texts: readonly string[];
  readonly specs: readonly PythonSpec[];
}

/** Why a text is not a valid Python mapping format, and where. */
export interface PythonSyntaxError {
  readonly error: string;
  readonly index: number;
  /** The placeholders read before the error. */
  readonly specs: readonly PythonSpec[];
}

const CONVERSIONS = 'diouxXeEfFgGcrsa';

/**
 * Compiles `text` in one linear scan. Returns the error Python would raise for a text it cannot
 * format with a mapping (a positional `%s`, an unknown conversion, an unclosed key…).
 */
export function compilePython(text: string): PythonTemplate | PythonSyntaxError {
  const texts: string[] = [];
  const specs: PythonSpec[] = [];
  let literal = '';
  let start = 0;
  const length = text.length;
  for (let i = text.indexOf('%'); i !== -1; i = text.indexOf('%', start)) {
    literal += text.slice(start, i);
    let j = i + 1;
    if (j >= length) return { error: 'incomplete format', index: i, specs };
    if (text.charCodeAt(j) === 37 /* % */) {
      literal += '%';
      start = j + 1;
      continue;
    }
    if (text.charCodeAt(j) !== 40 /* ( */)
      return { error: 'a positional placeholder needs a tuple, not a mapping', index: i, specs };
    // Python counts nested parentheses in the key: `%(a(b))s` names `a(b)`.
    let depth = 1;
    let k = j + 1;
    for (; k < length && depth > 0; k++) {
      const c = text.charCodeAt(k);
      if (c === 40) depth++;
      else if (c === 41) depth--;
    }
    if (depth > 0) return { error: 'incomplete format key', index: i, specs };
    const name = text.slice(j + 1, k - 1);
    j = k;
    let flags = 0;
    for (; j < length; j++) {
      const c = text.charCodeAt(j);
      if (c === 45) flags |= F_LEFT;
      else if (c === 43) flags |= F_SIGN;
      else if (c === 32) flags |= F_SPACE;
      else if (c === 35) flags |= F_ALT;
      else if (c === 48) flags |= F_ZERO;
      else break;
    }
    let width = 0;
    if (text.charCodeAt(j) === 42 /* * */)
      return { error: '* wants a tuple, not a mapping', index: i, specs };
    for (; j < length; j++) {
      const d = text.charCodeAt(j) - 48;
      if (d < 0 || d > 9) break;
      width = width * 10 + d;
      if (width > MAX_WIDTH) return { error: `width above ${MAX_WIDTH}`, index: i, specs };
    }
    let precision = -1;
    if (text.charCodeAt(j) === 46 /* . */) {
      j++;
      precision = 0;
      if (text.charCodeAt(j) === 42)
        return { error: '* wants a tuple, not a mapping', index: i, specs };
      for (; j < length; j++) {
        const d = text.charCodeAt(j) - 48;
        if (d < 0 || d > 9) break;
        precision = precision * 10 + d;
        if (precision > MAX_WIDTH)
          return { error: `precision above ${MAX_WIDTH}`, index: i, specs };
      }
    }
    // Python reads and ignores C's length modifiers.
    const lm = text.charCodeAt(j);
    if (lm === 104 /* h */ || lm === 108 /* l */ || lm === 76 /* L */) j++;
    if (j >= length) return { error: 'incomplete format', index: i, specs };
    const conversion = text.charAt(j);
    if (!CONVERSIONS.includes(conversion))
      return {
        error: `unsupported format character ${JSON.stringify(conversion)}`,
        index: j,
        specs,
      };
    texts.push(literal);
    literal = '';
    specs.push({
      name,
      conversion,
      flags,
      width,
      precision,
      plain: conversion === 's' && flags === 0 && width === 0 && precision === -1,
      bareInteger:
        (conversion === 'd' || conversion === 'i' || conversion === 'u') &&
        flags === 0 &&
        width === 0 &&
        precision === -1,
    });
    start = j + 1;
  }
  texts.push(literal + text.slice(start));
  return { texts, specs };
}

export function isPythonSyntaxError(
  compiled: PythonTemplate | PythonSyntaxError,
): compiled is PythonSyntaxError {
  return (compiled as PythonSyntaxError).error !== undefined;
}

/** Whether a text is filled as Python format: it has a `%(` (Tornado's messages). */
export function isPythonFormat(text: string): boolean {
  return text.includes('%(');
}

/**
 * The placeholders of a Python-format text, in order of first appearance (`%(name)s` → `name`),
 * and the syntax error Python would raise, if any. A text without `%(` has none and no error
 * (`localekit` fills it as ICU or returns it verbatim). For the CLI's `check`.
 */
export function pythonPlaceholders(text: string): {
  readonly names: readonly string[];
  readonly error: string | undefined;
} {
  if (!isPythonFormat(text)) return { names: [], error: undefined };
  const compiled = compilePython(text);
  if (isPythonSyntaxError(compiled)) {
    // The names before the error still count, as a translator reads them.
    const names = [...new Set(compiled.specs.map((s) => s.name))];
    return { names, error: `${compiled.error} at index ${compiled.index}` };
  }
  return { names: [...new Set(compiled.specs.map((s) => s.name))], error: undefined };
}

/** Where a fill reads its values from: an object's own properties, or a function. */
export type ValueLookup = (name: string) => unknown;

/** Marks "no such value" for a lookup function. */
export const MISSING: unique symbol = Symbol('localekit.missing');

/**
 * Fills a compiled template from `values` (own properties only: `%(toString)s` is not filled
 * from the prototype); `count` answers `%(count)…` when `values` has no own `count`. Undefined
 * when a value is missing or a conversion cannot take it. May throw when `values` or a value
 * throws (a getter, a Proxy, a `toString`): callers guard.
 */
export function fillPython(
  template: PythonTemplate,
  values: Readonly<Record<string, unknown>> | undefined,
  count: number | undefined,
): string | undefined {
  const { texts, specs } = template;
  let out = texts[0]!;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    const name = spec.name;
    let value: unknown;
    if (values !== undefined && values !== null && Object.hasOwn(values, name))
      value = values[name];
    else if (name === 'count' && count !== undefined) value = count;
    else return undefined;
    if (spec.plain && typeof value === 'string') out += value;
    else if (spec.bareInteger && typeof value === 'number' && Number.isSafeInteger(value))
      out += String(value); // `%(count)d` of a whole number: no conversion machinery
    else {
      const piece = convert(value, spec);
      if (piece === undefined) return undefined;
      out += piece;
    }
    out += texts[i + 1]!;
  }
  return out;
}

/** As `fillPython`, reading values from a function that returns `MISSING` for an unknown name. */
export function fillPythonWith(template: PythonTemplate, lookup: ValueLookup): string | undefined {
  const { texts, specs } = template;
  let out = texts[0]!;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    const value = lookup(spec.name);
    if (value === MISSING) return undefined;
    const piece = convert(value, spec);
    if (piece === undefined) return undefined;
    out += piece + texts[i + 1]!;
  }
  return out;
}

/**
 * `template % values` for a text compiled on the spot (no cache): undefined when the text is not
 * valid Python format or a value is missing or of the wrong kind. Never throws.
 */
export function formatPython(
  text: string,
  values: Readonly<Record<string, unknown>>,
): string | undefined {
  const compiled = compilePython(text);
  if (isPythonSyntaxError(compiled)) return undefined;
  try {
    return fillPython(compiled, values, undefined);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Conversions

/** One conversion of one value, padded to the spec's width; undefined where Python raises. */
export function convert(value: unknown, spec: PythonSpec): string | undefined {
  const c = spec.conversion;
  let body: string | undefined;
  let sign = '';
  let prefix = '';
  let numeric = true;
  switch (c) {
    case 's':
    case 'r':
    case 'a': {
      numeric = false;
      body = c === 's' ? pyStr(value) : pyRepr(value, c === 'a');
      if (body !== undefined && spec.precision >= 0)
        body = truncateCodePoints(body, spec.precision);
      break;
    }
    case 'c': {
      numeric = false;
      body = pyChar(value);
      break;
    }
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      const decimal = c === 'd' || c === 'i' || c === 'u';
      const radix = decimal ? 10 : c === 'o' ? 8 : 16;
      let negative: boolean;
      if (typeof value === 'number' && Number.isSafeInteger(decimal ? Math.trunc(value) : value)) {
        // The common case (a count): plain number arithmetic, no BigInt.
        const int = Math.trunc(value);
        negative = int < 0;
        body = (negative ? -int : int).toString(radix);
      } else {
        const int = decimal ? toPyIntTruncating(value) : toPyInt(value);
        if (int === undefined) return undefined;
        negative = int < 0n;
        body = (negative ? -int : int).toString(radix);
      }
      if (c === 'X') body = body.toUpperCase();
      if (spec.precision > body.length) body = body.padStart(spec.precision, '0');
      if (spec.flags & F_ALT) prefix = c === 'o' ? '0o' : c === 'x' ? '0x' : c === 'X' ? '0X' : '';
      sign = signOf(negative, spec.flags);
      break;
    }
    default: {
      // e E f F g G
      const x = toPyFloat(value);
      if (x === undefined) return undefined;
      const negative = x < 0;
      body = formatFloat(Math.abs(x), c, spec.precision < 0 ? 6 : spec.precision, spec.flags);
      sign = signOf(negative, spec.flags);
    }
  }
  if (body === undefined) return undefined;
  const width = spec.width;
  if (width === 0) return sign + prefix + body;
  const length = sign.length + prefix.length + codePointLength(body);
  if (length >= width) return sign + prefix + body;
  const fill = width - length;
  if (spec.flags & F_LEFT) return sign + prefix + body + ' '.repeat(fill);
  if (numeric && spec.flags & F_ZERO) return sign + prefix + '0'.repeat(fill) + body;
  return ' '.repeat(fill) + sign + prefix + body;
}

function signOf(negative: boolean, flags: number): string {
  if (negative) return '-';
  if (flags & F_SIGN) return '+';
  if (flags & F_SPACE) return ' ';
  return '';
}

function codePointLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function truncateCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  let count = 0;
  let i = 0;
  while (i < text.length && count < max) {
    const c = text.codePointAt(i)!;
    i += c > 0xffff ? 2 : 1;
    count++;
  }
  return text.slice(0, i);
}

/** Python `str()` of a JS value; undefined for what has no text (a Symbol, a function). */
function pyStr(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return pyNumberRepr(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'object':
      return String(value); // null → "null"; may throw (a hostile toString): callers guard
    default:
      return undefined;
  }
}

/** Python `repr()` / `ascii()` of strings and numbers; other values as `str()`. */
function pyRepr(value: unknown, ascii: boolean): string | undefined {
  if (typeof value !== 'string') return pyStr(value);
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + hex(c, 2);
    else if (c < 0x7f) out += ch;
    else if (ascii || NOT_PRINTABLE.test(ch)) out += escapeCodePoint(c);
    else out += ch;
  }
  return out + quote;
}

/** Python's `str.isprintable()` is false for categories C* and Z* except the ASCII space. */
const NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

function escapeCodePoint(c: number): string {
  if (c < 0x100) return '\\x' + hex(c, 2);
  if (c < 0x10000) return '\\u' + hex(c, 4);
  return '\\U' + hex(c, 8);
}

function hex(n: number, digits: number): string {
  return n.toString(16).padStart(digits, '0');
}

/** `%c`: an int's character, or a one-character string. */
function pyChar(value: unknown): string | undefined {
  if (typeof value === 'string') return codePointLength(value) === 1 ? value : undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0x10ffff)
    return String.fromCodePoint(value);
  if (typeof value === 'bigint' && value >= 0n && value <= 0x10ffffn)
    return String.fromCodePoint(Number(value));
  return undefined;
}

/**
 * `repr()` of a JS number as Python prints it: an integer as a Python `int` (all its digits), any
 * other as a `float` (shortest round-trip digits, exponent form below 1e-4).
 */
function pyNumberRepr(x: number): string {
  if (Number.isInteger(x)) return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  const abs = Math.abs(x);
  if (abs >= 1e-4) return String(x); // JS and Python agree from 1e-4 up to 2^53 (all non-integers)
  // Shortest round-trip digits, as both languages choose them; Python writes e-05, not e-5.
  const [mantissa, exponent] = x.toExponential().split('e') as [string, string];
  const e = Number(exponent);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** A numeric string as JS reads it (a convenience Python lacks); undefined for anything else. */
function numberFromString(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isNaN(n) ? undefined : n;
}

/** A JS number, or a numeric string read as one; undefined for anything else. */
function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? numberFromString(value) : undefined;
}

/** `%d`: Python's `int()` of a real number (floats truncate). */
function toPyIntTruncating(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  const n = numericValue(value);
  if (n === undefined || !Number.isFinite(n)) return undefined;
  const t = Math.trunc(n);
  return BigInt(t);
}

/** `%x`, `%o`: an integer only (Python refuses floats). */
function toPyInt(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  const n = numericValue(value);
  if (n === undefined || !Number.isInteger(n)) return undefined;
  return BigInt(n);
}

/** `%e %f %g`: Python's `float()` of a real number. */
function toPyFloat(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return numberFromString(value);
  return undefined;
}

/** A non-negative float (or inf/nan) in `e E f F g G` with `precision`, as CPython does. */
function formatFloat(x: number, conversion: string, precision: number, flags: number): string {
  const upper = conversion === 'E' || conversion === 'F' || conversion === 'G';
  if (!Number.isFinite(x)) {
    const text = Number.isNaN(x) ? 'nan' : 'inf';
    return upper ? text.toUpperCase() : text;
  }
  const alt = (flags & F_ALT) !== 0;
  let out: string;
  if (conversion === 'f' || conversion === 'F') out = fixed(x, precision, alt);
  else if (conversion === 'e' || conversion === 'E') out = exponential(x, precision, alt);
  else {
    // %g: the exponent the value has once rounded to `p` significant digits decides the form.
    const p = precision === 0 ? 1 : precision;
    const [digits, exponent] = significant(x, p);
    if (exponent >= -4 && exponent < p) out = fixed(x, p - 1 - exponent, true);
    else out = exponentText(digits, exponent, true);
    if (!alt) out = stripZeros(out);
  }
  return upper ? out.toUpperCase() : out;
}

function stripZeros(text: string): string {
  const e = text.indexOf('e');
  const mantissa = e === -1 ? text : text.slice(0, e);
  const rest = e === -1 ? '' : text.slice(e);
  if (!mantissa.includes('.')) return text;
  let end = mantissa.length;
  while (mantissa.charCodeAt(end - 1) === 48) end--;
  if (mantissa.charCodeAt(end - 1) === 46) end--;
  return mantissa.slice(0, end) + rest;
}

/** `x` with `precision` decimals, rounded half to even on its exact binary value. */
function fixed(x: number, precision: number, alt: boolean): string {
  const digits = roundScaled(x, precision).toString();
  if (precision === 0) return alt ? digits + '.' : digits;
  const padded = digits.padStart(precision + 1, '0');
  return padded.slice(0, -precision) + '.' + padded.slice(-precision);
}

function exponential(x: number, precision: number, alt: boolean): string {
  const [digits, exponent] = significant(x, precision + 1);
  return exponentText(digits, exponent, alt);
}

function exponentText(digits: string, exponent: number, alt: boolean): string {
  const mantissa =
    digits.length > 1 ? digits[0] + '.' + digits.slice(1) : alt ? digits + '.' : digits;
  const e = Math.abs(exponent);
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
}

/** `x` rounded (half to even, exactly) to `count` significant digits: the digits and the exponent. */
function significant(x: number, count: number): [string, number] {
  if (x === 0) return ['0'.repeat(count), 0];
  let exponent = Math.floor(Math.log10(x));
  for (;;) {
    const n = roundScaled(x, count - 1 - exponent);
    const digits = n.toString();
    if (digits.length > count) exponent++;
    else if (digits.length < count) exponent--;
    else return [digits, exponent];
  }
}

const FLOAT_VIEW = new DataView(new ArrayBuffer(8));

/** round_half_even(x × 10^k) for a finite x ≥ 0, computed exactly on x's binary value. */
function roundScaled(x: number, k: number): bigint {
  FLOAT_VIEW.setFloat64(0, x);
  const hi = FLOAT_VIEW.getUint32(0);
  const lo = FLOAT_VIEW.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp2 = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exp2 = biased - 1075;
  }
  let num = mantissa;
  let den = 1n;
  if (exp2 >= 0) num <<= BigInt(exp2);
  else den <<= BigInt(-exp2);
  if (k >= 0) num *= 10n ** BigInt(k);
  else den *= 10n ** BigInt(-k);
  const q = num / den;
  const twice = (num - q * den) * 2n;
  return twice > den || (twice === den && (q & 1n) === 1n) ? q + 1n : q;
}

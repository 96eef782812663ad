/**
 * The `Accept-Language` grammar (RFC 9110 §12.5.4, RFC 4647 §2.1): a header in, its language
 * ranges with their weights out, sorted best first. Pure, bounded work on any input.
 */

/** One language range of an `Accept-Language` header. */
export interface LanguageRange {
  /** The range as written (`fr-CA`, `*`). */
  readonly tag: string;
  /** Its quality, 0..1 (`q=0` means "not acceptable"). */
  readonly q: number;
  /** Its position among the ranges read, for stable ordering. */
  readonly index: number;
}

/** Only this much of a header is read, so any header costs bounded time. */
export const MAX_HEADER_CHARS = 4096;
/** Only this many list elements of a header are read. */
export const MAX_RANGES = 64;
/** Longest locale code or language range considered (RFC 5646 suggests 35 for a plain tag). */
export const MAX_TAG_CHARS = 128;
const COMMA = 44;
const SEMICOLON = 59;
const EQUALS = 61;
const SPACE = 32;
const TAB = 9;
const DOT = 46;

function isOws(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * `1*8ALPHA *("-" 1*8alphanum)` or `*` (RFC 4647 §2.1). `_` is accepted as a separator because
 * some clients send POSIX-style `en_US`.
 */
export function isLanguageRange(s: string, start: number, end: number): boolean {
  if (end - start === 1 && s.charCodeAt(start) === 42) return true;
  if (end - start > MAX_TAG_CHARS) return false;
  let len = 0;
  let first = true;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 45 || c === 95) {
      if (len === 0) return false;
      len = 0;
      first = false;
    } else if (isAlpha(c) || (!first && isDigit(c))) {
      if (++len > 8) return false;
    } else {
      return false;
    }
  }
  return len > 0;
}

/**
 * A qvalue (RFC 9110 §12.4.2), read a little more liberally than the grammar (any number of
 * decimals) but never outside 0..1: `q=x`, `q=1.5`, `q=-1`, `q=1e309` → `NaN`, which drops the range.
 */
function parseQ(s: string, start: number, end: number): number {
  if (start >= end) return Number.NaN;
  let i = start;
  let q = 0;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) break;
    q = q * 10 + (c - 48);
    i++;
  }
  if (i === start) return Number.NaN;
  if (i < end) {
    if (s.charCodeAt(i) !== DOT) return Number.NaN;
    i++;
    let frac = 0;
    let div = 1;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (!isDigit(c)) return Number.NaN;
      if (div < 1e15) {
        frac = frac * 10 + (c - 48);
        div *= 10;
      }
      i++;
    }
    q += frac / div; // one division: 0.7, not 0.7000000000000001
  }
  return q <= 1 ? q : Number.NaN;
}

/** The first index at or after `i` that is not optional whitespace (RFC 9110 §5.6.3). */
function skipOws(s: string, i: number, end: number): number {
  while (i < end && isOws(s.charCodeAt(i))) i++;
  return i;
}

/** Where a token that starts at `i` ends: at `;`, whitespace, or (for a name) `=`. */
function tokenEnd(s: string, i: number, end: number, stopAtEquals: boolean): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === SEMICOLON || isOws(c) || (stopAtEquals && c === EQUALS)) break;
    i++;
  }
  return i;
}

/**
 * Reads one `name [ OWS "=" OWS value ]` parameter from `i` (just after its `;`). `out[2..3]`
 * receive the name bounds and `out[4..5]` the value bounds (empty without `=`); returns where the
 * parameter ends.
 */
function readParameter(s: string, i: number, end: number, out: number[]): number {
  i = skipOws(s, i, end);
  out[2] = i;
  i = tokenEnd(s, i, end, true);
  out[3] = i;
  i = skipOws(s, i, end);
  out[4] = i;
  out[5] = i;
  if (i < end && s.charCodeAt(i) === EQUALS) {
    i = skipOws(s, i + 1, end);
    out[4] = i;
    i = tokenEnd(s, i, end, false);
    out[5] = i;
  }
  return i;
}

/**
 * Parses one list element `range *( OWS ";" OWS param )`; returns the q-value, or NaN if the
 * element is not a valid range with a valid (or absent) weight. `out[0..1]` receive the tag
 * bounds; `out[2..5]` are scratch for the parameters.
 */
function parseElement(s: string, start: number, end: number, out: number[]): number {
  const tagStart = skipOws(s, start, end);
  let i = tokenEnd(s, tagStart, end, false);
  if (!isLanguageRange(s, tagStart, i)) return Number.NaN;
  out[0] = tagStart;
  out[1] = i;
  let q = 1;
  let seenQ = false;
  while ((i = skipOws(s, i, end)) < end) {
    if (s.charCodeAt(i) !== SEMICOLON) return Number.NaN;
    i = readParameter(s, i + 1, end, out);
    const nameStart = out[2]!;
    const nameEnd = out[3]!;
    const c0 = s.charCodeAt(nameStart);
    if (nameEnd - nameStart === 1 && (c0 === 113 || c0 === 81)) {
      // The first q wins; a weight that is not a qvalue makes the whole range invalid.
      if (!seenQ) {
        q = parseQ(s, out[4]!, out[5]!);
        if (Number.isNaN(q)) return q;
        seenQ = true;
      }
    } else if (nameEnd === nameStart && out[5]! > out[4]!) {
      return Number.NaN;
    }
    // Other parameters (RFC 2616's `level`, extensions) are ignored.
  }
  return q;
}

/**
 * Parses an `Accept-Language` value (RFC 9110 §12.5.4): ranges with their q-values, sorted by q,
 * highest first, stable among equal q. Invalid elements are dropped. At most the first
 * `MAX_HEADER_CHARS` characters (cut at the last complete element) and `MAX_RANGES` elements are read.
 */
export function parseAcceptLanguage(header: string): LanguageRange[] {
  const ranges: LanguageRange[] = [];
  if (typeof header !== 'string') return ranges;
  let end = header.length;
  if (end > MAX_HEADER_CHARS) {
    end =
      header.charCodeAt(MAX_HEADER_CHARS) === COMMA
        ? MAX_HEADER_CHARS
        : Math.max(0, header.lastIndexOf(',', MAX_HEADER_CHARS - 1));
  }
  const bounds = [0, 0, 0, 0, 0, 0];
  let elements = 0;
  let sorted = true;
  let i = 0;
  while (i < end && elements < MAX_RANGES) {
    let j = header.indexOf(',', i);
    if (j === -1 || j > end) j = end;
    let k = i;
    while (k < j && isOws(header.charCodeAt(k))) k++;
    if (k < j) {
      elements++;
      const q = parseElement(header, k, j, bounds);
      if (!Number.isNaN(q)) {
        const last = ranges[ranges.length - 1];
        if (last !== undefined && last.q < q) sorted = false;
        ranges.push({ tag: header.slice(bounds[0], bounds[1]), q, index: ranges.length });
      }
    }
    i = j + 1;
  }
  // Array#sort is stable (ES2019); equal q keep header order.
  if (!sorted) ranges.sort((a, b) => b.q - a.q);
  return ranges;
}

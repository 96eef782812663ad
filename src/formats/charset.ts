import { Buffer } from 'node:buffer';
import { CHARSET_FIXES } from './charset-fixes.js';

/**
 * Byte decoding shared by the PO and MO parsers, as GNU iconv and Python decode (Python is the
 * oracle where they differ: it is what Python's `gettext` returns). `TextDecoder` follows the
 * WHATWG Encoding standard (through Node's ICU), which differs from both: it maps `ISO-8859-1`,
 * `latin1` and `ASCII` to windows-1252, `ISO-8859-9` to windows-1254, EUC-JP `A1 C1` to U+FF5E
 * (iconv and Python: U+301C), reads `EUC-KR`/`GB2312`/`BIG5` as their Microsoft supersets, and
 * Node's ICU even drops some invalid bytes in fatal mode. So ISO-8859-1 is decoded
 * byte-for-code-point, and every charset of gettext's list that TextDecoder gets wrong is
 * decoded through `fixedDecoder` with the generated `CHARSET_FIXES` (scripts/gen-charset-fixes.py
 * compares every byte sequence). `ASCII` is read as UTF-8, its superset, so a mislabelled UTF-8
 * catalog still loads.
 */

/** Decodes `bytes[start, end)`; throws `TypeError` on bytes invalid in the charset. */
export type BytesDecoder = (bytes: Uint8Array, start: number, end: number) => string;

const LATIN1_LABELS = new Set([
  'iso-8859-1',
  'iso8859-1',
  'iso_8859-1',
  'iso88591',
  'latin1',
  'latin-1',
  'l1',
  'cp819',
  'ibm819',
  'iso-ir-100',
]);
const ASCII_LABELS = new Set(['ascii', 'us-ascii', 'ansi_x3.4-1968', 'iso646-us', '646', 'us']);

function view(bytes: Uint8Array, start: number, end: number): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * UTF-8: Node's `Buffer#toString` is several times faster than `TextDecoder#decode` on the short
 * strings of a catalog; it substitutes U+FFFD for bad bytes, so only when one appears (rare: a
 * genuine U+FFFD or broken input) the strict decoder settles it.
 */
export const decodeUtf8: BytesDecoder = (bytes, start, end) => {
  const text = view(bytes, start, end).toString('utf8');
  if (text.includes('\uFFFD')) return utf8Fatal.decode(bytes.subarray(start, end));
  return text;
};

const decodeLatin1: BytesDecoder = (bytes, start, end) =>
  view(bytes, start, end).toString('latin1');

/** A gettext charset name reduced to letters and digits, lower case (`ISO_8859-2` → `iso88592`). */
function charsetKey(charset: string): string {
  let key = '';
  for (const c of charset.toLowerCase())
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) key += c;
  return key;
}

/** Spellings of the charsets in CHARSET_FIXES (keys as `charsetKey` makes them). */
const FIXED_ALIASES: ReadonlyMap<string, string> = new Map([
  ['ujis', 'EUC-JP'],
  ['sjis', 'SHIFT_JIS'],
  ['mskanji', 'SHIFT_JIS'],
  ['windows31j', 'CP932'],
  ['ms932', 'CP932'],
  ['euccn', 'GB2312'],
  ['cp936', 'GBK'],
  ['windows936', 'GBK'],
  ['ibm850', 'CP850'],
  ['ibm866', 'CP866'],
  ['windows874', 'CP874'],
  ['tis62025290', 'TIS-620'],
  ['big5tw', 'BIG5'],
  ['cnbig5', 'BIG5'],
]);

const fixedByKey: ReadonlyMap<string, string> = new Map([
  ...[...CHARSET_FIXES.keys()].map((name) => [charsetKey(name), name] as const),
  ...FIXED_ALIASES,
  ...[1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257, 1258].map(
    (n) => [`windows${n}`, `CP${n}`] as const,
  ),
]);

/** Parsed fix tables, per charset, built on first use. */
const fixTables = new Map<string, ReadonlyMap<number, string | null>>();

/** `CHARSET_FIXES[name].fixes` as a map: sequence (its bytes as one integer) → text, or null. */
function fixTable(name: string, packed: string): ReadonlyMap<number, string | null> {
  const known = fixTables.get(name);
  if (known !== undefined) return known;
  const table = new Map<number, string | null>();
  for (const item of packed.split(' ')) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    const dash = item.indexOf('-');
    const from = Number.parseInt(item.slice(0, dash === -1 ? eq : dash), 16);
    const to = dash === -1 ? from : Number.parseInt(item.slice(dash + 1, eq), 16);
    let text = item.slice(eq + 1);
    const counting = text.endsWith('+');
    if (counting) text = text.slice(0, -1);
    const units = text === '' ? [] : text.split('.').map((u) => Number.parseInt(u, 16));
    for (let k = from; k <= to; k++) {
      if (units.length === 0) table.set(k, null);
      else if (counting) table.set(k, String.fromCharCode((units[0] as number) + k - from));
      else table.set(k, String.fromCharCode(...units));
    }
  }
  fixTables.set(name, table);
  return table;
}

/** Bytes in the sequence that starts with `lead` (≥ 0x80), for each structure of CHARSET_FIXES. */
function sequenceLength(structure: string, lead: number, next: number | undefined): number {
  switch (structure) {
    case 'euc-jp':
      return lead === 0x8f ? 3 : lead === 0x8e || (lead >= 0xa1 && lead <= 0xfe) ? 2 : 1;
    case 'sjis':
      return (lead >= 0x81 && lead <= 0x9f) || (lead >= 0xe0 && lead <= 0xfc) ? 2 : 1;
    case 'dbcs':
      return lead >= 0x81 && lead <= 0xfe ? 2 : 1;
    case 'gb18030':
      if (lead < 0x81 || lead > 0xfe) return 1;
      return next !== undefined && next >= 0x30 && next <= 0x39 ? 4 : 2;
    default:
      return 1;
  }
}

/**
 * A decoder that agrees with Python's `bytes.decode` (and, but for the differences
 * scripts/gen-charset-fixes.py prints, glibc's iconv) where TextDecoder would not: it walks the
 * byte sequences of the charset, takes the fixed ones from the table (or refuses them), and
 * hands the runs between them to TextDecoder. Linear in the input.
 */
function fixedDecoder(name: string): BytesDecoder {
  const spec = CHARSET_FIXES.get(name) as {
    base: string | undefined;
    structure: string;
    fixes: string;
  };
  const base = spec.base === undefined ? undefined : new TextDecoder(spec.base, { fatal: true });
  const structure = spec.structure;
  const invalid = (at: number): never => {
    throw new TypeError(`invalid ${name} byte sequence at offset ${at}`);
  };
  const run = (bytes: Uint8Array, start: number, end: number): string => {
    if (start === end) return '';
    // Without a TextDecoder every byte ≥ 0x80 is in the table, so a run is ASCII.
    return base === undefined
      ? view(bytes, start, end).toString('latin1')
      : base.decode(bytes.subarray(start, end));
  };
  return (bytes, start, end) => {
    const fixes = fixTable(name, spec.fixes);
    let out = '';
    let from = start;
    let i = start;
    while (i < end) {
      const lead = bytes[i] as number;
      if (lead < 0x80) {
        i++;
        continue;
      }
      const length = sequenceLength(structure, lead, bytes[i + 1]);
      if (i + length > end) invalid(i);
      let key = 0;
      for (let k = 0; k < length; k++) key = key * 256 + (bytes[i + k] as number);
      const fix = fixes.get(key);
      if (fix === undefined) {
        if (base === undefined) invalid(i);
        i += length;
        continue;
      }
      if (fix === null) invalid(i);
      out += run(bytes, from, i) + fix;
      i += length;
      from = i;
    }
    return out + run(bytes, from, end);
  };
}

const fixedDecoders = new Map<string, BytesDecoder>();

/**
 * A decoder for a gettext charset name (`UTF-8`, `ISO-8859-2`, `KOI8-R`, `EUC-JP`…), or
 * `undefined` when neither this module nor `TextDecoder` knows it. `CHARSET` (the POT
 * placeholder) and the empty string mean UTF-8.
 */
export function decoderForCharset(charset: string): BytesDecoder | undefined {
  const label = charset.trim().toLowerCase();
  if (label === '' || label === 'charset' || label === 'utf-8' || label === 'utf8') {
    return decodeUtf8;
  }
  if (ASCII_LABELS.has(label)) return decodeUtf8;
  if (LATIN1_LABELS.has(label)) return decodeLatin1;
  const fixed = fixedByKey.get(charsetKey(label));
  // A charset whose table is empty is one TextDecoder already decodes exactly.
  if (fixed !== undefined && CHARSET_FIXES.get(fixed)?.fixes !== '') {
    let decoder = fixedDecoders.get(fixed);
    if (decoder === undefined) fixedDecoders.set(fixed, (decoder = fixedDecoder(fixed)));
    return decoder;
  }
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
    // ignoreBOM only where a BOM exists: Node 20's windows-1252 with ignoreBOM drops a leading ÿ.
    if (decoder.encoding.startsWith('utf-16')) {
      decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
    }
  } catch {
    return undefined;
  }
  if (decoder.encoding === 'utf-8') return decodeUtf8;
  return (bytes, start, end) => decoder.decode(bytes.subarray(start, end));
}

/**
 * The charset in a `Content-Type` value (`text/plain; charset=UTF-8`), or `undefined`: the text
 * after the first `charset` (any case) and `=`, up to whitespace, `;`, a quote or a backslash.
 * A plain scan, no regular expression: header text comes from untrusted catalogs.
 */
export function charsetOfContentType(contentType: string): string | undefined {
  const lower = contentType.toLowerCase();
  let at = lower.indexOf('charset');
  while (at !== -1) {
    let i = at + 7;
    while (isBlank(lower.charCodeAt(i))) i++;
    if (lower.charCodeAt(i) === 0x3d /* = */) {
      i++;
      while (isBlank(lower.charCodeAt(i))) i++;
      let end = i;
      while (end < contentType.length && !endsCharset(contentType.charCodeAt(end))) end++;
      return end > i ? contentType.slice(i, end) : undefined;
    }
    at = lower.indexOf('charset', at + 7);
  }
  return undefined;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
}

function endsCharset(c: number): boolean {
  return isBlank(c) || c === 0x3b /* ; */ || c === 0x22 /* " */ || c === 0x27 || c === 0x5c;
}

/** Offset of the first byte that does not start a valid UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(bytes: Uint8Array, from: number): number {
  let i = from;
  const len = bytes.length;
  while (i < len) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return len;
}

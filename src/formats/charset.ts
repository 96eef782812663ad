import { Buffer } from 'node:buffer';

/**
 * Byte decoding shared by the PO and MO parsers. `TextDecoder` follows the WHATWG Encoding
 * standard, which maps `ISO-8859-1`, `latin1` and `ASCII` to windows-1252; gettext (and Python's
 * `gettext`, our oracle) mean real ISO-8859-1, so those labels are decoded byte-for-code-point.
 * `ASCII` is read as UTF-8, its superset, so a mislabelled UTF-8 catalog still loads.
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
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
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

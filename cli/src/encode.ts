import { createRequire } from 'node:module';
import { decoderForCharset } from 'localekit/formats';

/**
 * Encoding text into a gettext charset, for every file the CLI writes. The runtime only reads
 * (`TextDecoder` is built in); encoding needs tables, so it lives here, over `iconv-lite` (the
 * library Express's body-parser uses) rather than hand-made tables. Two corrections make the
 * bytes those of glibc's iconv, which `msgconv`, `msgmerge` and `msgfmt` use:
 * - EUC-JP and Shift_JIS: iconv-lite follows Microsoft's CP932 for six JIS X 0208 cells (it
 *   maps `〜` to U+FF5E, not U+301C); glibc follows JIS, so those six code points are written as
 *   glibc writes them and CP932's variants are refused as glibc refuses them.
 * - EUC-KR: iconv-lite's `euc-kr` is Microsoft's CP949 (Unified Hangul Code); glibc's EUC-KR is
 *   KS X 1001 only, so a byte pair outside 0xA1–0xFE (a CP949 extension) is refused.
 * Writing must give back the bytes a catalog was read from, whatever the reader maps them to: where
 * `localekit/formats` decodes one of those six cells to CP932's code point (the WHATWG tables
 * `TextDecoder` follows do), that code point is written back as the cell (see `jisCells`).
 * A character the charset cannot hold is never replaced by `?`: encoding throws
 * `UnencodableError` with its position, and the caller names the file and line.
 */

interface IconvLite {
  encode(text: string, encoding: string): Buffer;
  decode(bytes: Buffer, encoding: string): string;
  encodingExists(encoding: string): boolean;
}

const iconv = createRequire(import.meta.url)('iconv-lite') as IconvLite;

/** A character at `index` of the text that `charset` cannot hold. */
export class UnencodableError extends Error {
  constructor(
    readonly charset: string,
    readonly index: number,
    readonly character: string,
  ) {
    super(
      `${JSON.stringify(character)} (U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}) cannot be written in ${charset}`,
    );
    this.name = 'UnencodableError';
  }
}

/** Text → bytes in one charset; throws `UnencodableError`. */
export type Encoder = (text: string) => Uint8Array;

/** glibc's JIS mappings where iconv-lite follows CP932 (JIS X 0208 row 1 and 2 cells). */
const JIS_FIXES: Readonly<Record<string, ReadonlyMap<number, readonly number[]>>> = {
  eucjp: new Map([
    [0x301c, [0xa1, 0xc1]],
    [0x2016, [0xa1, 0xc2]],
    [0x2212, [0xa1, 0xdd]],
    [0x00a2, [0xa1, 0xf1]],
    [0x00a3, [0xa1, 0xf2]],
    [0x00ac, [0xa2, 0xcc]],
  ]),
  shiftjis: new Map([
    [0x301c, [0x81, 0x60]],
    [0x2016, [0x81, 0x61]],
    [0x2212, [0x81, 0x7c]],
    [0x00a2, [0x81, 0x91]],
    [0x00a3, [0x81, 0x92]],
    [0x00ac, [0x81, 0xca]],
  ]),
};
/** CP932 variants glibc's EUC-JP / SHIFT_JIS refuse (checked with `iconv -t`). */
const JIS_REFUSED: Readonly<Record<string, ReadonlySet<number>>> = {
  eucjp: new Set([0x2225, 0xff0d, 0xffe0, 0xffe1, 0xffe2]),
  shiftjis: new Set([0xff5e, 0x2225, 0xff0d]),
};

/**
 * The six JIS cells' fixes and refusals for `key`, adjusted to the reader: a cell the reader
 * decodes to a CP932 code point is written back from that code point too (not refused), so a
 * catalog read and written again keeps its bytes.
 */
function jisCells(
  key: string,
): { fixes: Map<number, readonly number[]>; refused: Set<number> } | undefined {
  const base = JIS_FIXES[key];
  const refusedBase = JIS_REFUSED[key];
  if (!base || !refusedBase) return undefined;
  const fixes = new Map(base);
  const refused = new Set(refusedBase);
  const decode = decoderForCharset(key === 'eucjp' ? 'EUC-JP' : 'SHIFT_JIS');
  for (const bytes of base.values()) {
    let read: string;
    try {
      read = decode ? decode(Uint8Array.from(bytes), 0, bytes.length) : '';
    } catch {
      continue;
    }
    const cp = read.codePointAt(0);
    if (cp === undefined || read.length !== 1 || fixes.has(cp)) continue;
    fixes.set(cp, bytes);
    refused.delete(cp);
  }
  return { fixes, refused };
}

/** gettext's spelling of a charset (`iso-8859-2` → `ISO-8859-2`), as it goes in a header. */
export function canonicalCharset(charset: string): string {
  const key = normalize(charset);
  if (key === 'utf8' || key === 'charset' || key === '') return 'UTF-8';
  if (key === 'sjis' || key === 'shiftjis') return 'SHIFT_JIS';
  if (key === 'big5') return 'BIG5';
  if (key === 'eucjp') return 'EUC-JP';
  if (key === 'euckr') return 'EUC-KR';
  return charset.trim().toUpperCase();
}

function normalize(charset: string): string {
  return charset
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function latin1Limit(key: string): number | undefined {
  if (key === 'iso88591' || key === 'latin1' || key === 'l1' || key === 'cp819') return 0xff;
  if (key === 'ascii' || key === 'usascii' || key === 'ansix341968' || key === 'iso646us')
    return 0x7f;
  return undefined;
}

/** Whether `encoderFor(charset)` would succeed. */
export function canEncode(charset: string): boolean {
  const key = normalize(charset);
  return (
    key === 'utf8' ||
    key === 'charset' ||
    key === '' ||
    latin1Limit(key) !== undefined ||
    iconv.encodingExists(key)
  );
}

function check(charset: string, text: string, i: number): never {
  const cp = text.codePointAt(i) ?? 0;
  throw new UnencodableError(charset, i, String.fromCodePoint(cp));
}

/**
 * The encoder for a gettext charset name (`UTF-8`, `ISO-8859-2`, `KOI8-U`, `EUC-KR`, `BIG5`,
 * `SHIFT_JIS`…); `CHARSET` (the POT placeholder) means UTF-8. `undefined` for a charset neither
 * iconv-lite nor this module knows.
 */
export function encoderFor(charset: string): Encoder | undefined {
  const key = normalize(charset);
  const name = canonicalCharset(charset);
  if (key === 'utf8' || key === 'charset' || key === '') {
    return (text) => {
      // A lone surrogate would become U+FFFD silently.
      const bad = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(
        text,
      );
      if (bad) check(name, text, bad.index);
      return Buffer.from(text, 'utf8');
    };
  }
  const limit = latin1Limit(key);
  if (limit !== undefined) {
    return (text) => {
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > limit) check(name, text, i);
      return Buffer.from(text, 'latin1');
    };
  }
  if (!iconv.encodingExists(key)) return undefined;
  const jis = jisCells(key);
  const fixes = jis?.fixes;
  const refused = jis?.refused;
  const strictEucKr = key === 'euckr';
  /** The first character of `text` (at `offset` in the whole) that `ok` rejects. */
  const fail = (
    text: string,
    offset: number,
    ok: (bytes: Buffer, ch: string) => boolean,
  ): never => {
    let at = 0;
    for (const ch of Array.from(text)) {
      if (!ok(iconv.encode(ch, key), ch)) break;
      at += ch.length;
    }
    throw new UnencodableError(name, offset + at, String.fromCodePoint(text.codePointAt(at) ?? 0));
  };
  const roundTrips = (bytes: Buffer, ch: string) => iconv.decode(bytes, key) === ch;
  const ksX1001 = (bytes: Buffer) => {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      if (b < 0x80) continue;
      const t = bytes[i + 1] ?? 0;
      if (b < 0xa1 || b > 0xfe || t < 0xa1 || t > 0xfe) return false;
      i++;
    }
    return true;
  };
  const encodeRun = (text: string, offset: number, out: Uint8Array[]): void => {
    if (text === '') return;
    const bytes = iconv.encode(text, key);
    // iconv-lite writes `?` for what it cannot encode: a round trip that differs is a loss.
    if (!roundTrips(bytes, text)) fail(text, offset, roundTrips);
    if (strictEucKr && !ksX1001(bytes)) fail(text, offset, ksX1001);
    out.push(bytes);
  };
  return (text) => {
    const out: Uint8Array[] = [];
    if (!fixes || !refused) {
      encodeRun(text, 0, out);
      return Buffer.concat(out);
    }
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const cp = text.charCodeAt(i);
      if (refused.has(cp)) check(name, text, i);
      const fixed = fixes.get(cp);
      if (fixed === undefined) continue;
      encodeRun(text.slice(start, i), start, out);
      out.push(Uint8Array.from(fixed));
      start = i + 1;
    }
    encodeRun(text.slice(start), start, out);
    return Buffer.concat(out);
  };
}

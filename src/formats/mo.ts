import { Buffer } from 'node:buffer';
import { type Catalog, CONTEXT_SEPARATOR, type ParseOptions } from './catalog.js';
import { type BytesDecoder, decoderForCharset } from './charset.js';
import { LocaleKitError, type LocaleKitWarning } from '../errors.js';
import { gettextCatalog } from './gettext-catalog.js';
import { charsetOfHeader, parseHeaderFields } from './header.js';

/**
 * gettext MO files (GNU "Compiled message catalog" format), read as Python's
 * `gettext.GNUTranslations` reads them: magic 0x950412de in either byte order, major revision 0
 * or 1 (revision 1's system-dependent strings are ignored, as Python ignores them), then the
 * table of original strings and the table of translations. Every offset and length is checked
 * against the buffer before it is used, and the tables are checked to fit before anything
 * proportional to their declared size is allocated. Strings may share bytes (a hostile file can
 * point 20,000 msgstrs at one region): each distinct byte range is decoded once, and a file whose
 * strings add up to more than `MAX_DECODED_RATIO` times its size is refused. A truncated or lying
 * file is a `LocaleKitError`, never a crash or a huge allocation.
 */

const DEFAULT_FILE = '<input>';
const MAGIC = 0x950412de;
const HEADER_SIZE = 28;
/**
 * How many times its own size the distinct strings of an MO file may add up to. msgfmt stores
 * every string once (ratio ≤ 1); more than this means ranges that overlap on purpose.
 */
export const MAX_DECODED_RATIO = 4;

const REBUILD = 'recompile it with msgfmt (or `localekit compile`)';

/** One message of an MO file, decoded. */
export interface MoEntry {
  /** The context: the msgid's text before `\x04`, when there is one. */
  readonly msgctxt?: string;
  readonly msgid: string;
  /** The text after the msgid's first NUL (up to a second one, as Python reads it). */
  readonly msgidPlural?: string;
  /** The msgstr, or its NUL-separated forms for a plural entry. */
  readonly msgstr: readonly string[];
  /** 0-based position in the MO tables. */
  readonly index: number;
}

/** An MO file as written: its layout, header and every entry in table order. */
export interface MoDocument {
  readonly littleEndian: boolean;
  /** The format revision (0, or 1 with system-dependent strings, which are ignored). */
  readonly revision: number;
  /** The charset the strings were decoded with (`charset=` of the header, else UTF-8). */
  readonly charset: string;
  /** The header entry's msgstr (`msgid ""`), decoded; `undefined` when there is none. */
  readonly header: string | undefined;
  /** The header's fields in order. */
  readonly headers: ReadonlyMap<string, string>;
  /** Every entry but the header, in table order (sorted by msgid when msgfmt wrote it). */
  readonly entries: readonly MoEntry[];
}

interface Tables {
  readonly bytes: Uint8Array;
  readonly file: string;
  readonly little: boolean;
  readonly revision: number;
  readonly count: number;
  readonly originals: number;
  readonly translations: number;
  readonly dv: DataView;
}

function fail(code: string, message: string, file: string, hint: string): LocaleKitError {
  return new LocaleKitError(code, message, { file, hint });
}

/** The byte order the magic number says, or `E_MO_MAGIC` / `E_MO_TRUNCATED`. */
function byteOrder(bytes: Uint8Array, dv: DataView, file: string): boolean {
  if (bytes.length < 4) {
    throw fail(
      'E_MO_TRUNCATED',
      `file is ${bytes.length} bytes, too short for an MO file`,
      file,
      REBUILD,
    );
  }
  if (dv.getUint32(0, true) === MAGIC) return true;
  if (dv.getUint32(0, false) === MAGIC) return false;
  throw fail(
    'E_MO_MAGIC',
    `not an MO file (magic 0x${dv.getUint32(0, true).toString(16).padStart(8, '0')})`,
    file,
    'an MO file starts with 0x950412de; is this a .po file or something else named .mo?',
  );
}

/** The header words, checked: revision 0 or 1, both tables inside the file. */
function readTables(bytes: Uint8Array, file: string): Tables {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = byteOrder(bytes, dv, file);
  const size = bytes.length;
  if (size < HEADER_SIZE) {
    throw fail(
      'E_MO_TRUNCATED',
      `file is ${size} bytes, shorter than the MO header`,
      file,
      REBUILD,
    );
  }
  const revision = dv.getUint32(4, little);
  if (revision >>> 16 > 1) {
    throw fail(
      'E_MO_VERSION',
      `unsupported MO major revision ${revision >>> 16}`,
      file,
      'only revisions 0 and 1 exist; recompile with GNU msgfmt',
    );
  }
  const tables = {
    bytes,
    file,
    little,
    revision,
    count: dv.getUint32(8, little),
    originals: dv.getUint32(12, little),
    translations: dv.getUint32(16, little),
    dv,
  };
  // Both tables must fit in the file before a single entry is read: `count` may be 2^31.
  for (const name of ['originals', 'translations'] as const) {
    if (tables[name] + tables.count * 8 > size) {
      throw fail(
        'E_MO_TRUNCATED',
        `the ${name} table (${tables.count} entries at offset ${tables[name]}) runs past the end of the ${size}-byte file`,
        file,
        REBUILD,
      );
    }
  }
  return tables;
}

/** `[start, end)` of string `i` of a table, checked to lie inside the file. */
function stringRange(t: Tables, table: 'originals' | 'translations', i: number): [number, number] {
  const at = t[table] + i * 8;
  const length = t.dv.getUint32(at, t.little);
  const offset = t.dv.getUint32(at + 4, t.little);
  if (offset + length > t.bytes.length) {
    const what = table === 'originals' ? 'msgid' : 'msgstr';
    throw fail(
      'E_MO_BOUNDS',
      `${what} #${i} (${length} bytes at offset ${offset}) lies outside the ${t.bytes.length}-byte file`,
      t.file,
      REBUILD,
    );
  }
  return [offset, offset + length];
}

/**
 * The charset of the header entry (`msgid ""`; msgfmt sorts it first, a hand-made file may put it
 * anywhere), read from its bytes as Latin-1: the header is ASCII in every charset gettext allows.
 */
function sniffCharset(t: Tables): string {
  for (let i = 0; i < t.count; i++) {
    const [start, end] = stringRange(t, 'originals', i);
    if (start !== end) continue;
    const [tStart, tEnd] = stringRange(t, 'translations', i);
    const view = Buffer.from(t.bytes.buffer, t.bytes.byteOffset + tStart, tEnd - tStart);
    return charsetOfHeader(view.toString('latin1')) ?? 'UTF-8';
  }
  return 'UTF-8';
}

/**
 * A decoder of byte ranges that decodes each distinct `[start, end)` once and refuses to decode
 * more than `MAX_DECODED_RATIO` × the file size in all.
 */
function rangeDecoder(
  t: Tables,
  charset: string,
): (start: number, end: number, what: string) => string {
  const decoder: BytesDecoder | undefined = decoderForCharset(charset);
  if (decoder === undefined) {
    throw fail(
      'E_MO_CHARSET',
      `unknown charset ${JSON.stringify(charset)} in the header`,
      t.file,
      'convert the catalog to UTF-8 (msgconv -t UTF-8) and recompile',
    );
  }
  const cache = new Map<string, string>();
  const budget = MAX_DECODED_RATIO * t.bytes.length;
  let decoded = 0;
  return (start, end, what) => {
    const key = `${start}:${end}`;
    const known = cache.get(key);
    if (known !== undefined) return known;
    decoded += end - start;
    if (decoded > budget) {
      throw fail(
        'E_MO_OVERLAP',
        `the strings add up to more than ${MAX_DECODED_RATIO} times the file's ${t.bytes.length} bytes (${what} overlaps others)`,
        t.file,
        `msgfmt stores each string once; this file points many entries into the same bytes. ${REBUILD}`,
      );
    }
    let text: string;
    try {
      text = decoder(t.bytes, start, end);
    } catch (cause) {
      throw new LocaleKitError('E_MO_ENCODING', `${what} is not valid ${charset}`, {
        file: t.file,
        hint: 'the strings do not match the charset in the header; recompile from a correct .po',
        cause,
      });
    }
    cache.set(key, text);
    return text;
  };
}

/** Offset of the first NUL in `bytes[start, end)`, or `end`. */
function nulIn(bytes: Uint8Array, start: number, end: number): number {
  const at = bytes.subarray(start, end).indexOf(0);
  return at === -1 ? end : start + at;
}

/** Entry `i`: its msgid split into context, msgid and plural msgid, and its msgstr forms. */
function readEntry(
  t: Tables,
  i: number,
  decode: (start: number, end: number, what: string) => string,
): MoEntry {
  const [mStart, mEnd] = stringRange(t, 'originals', i);
  const [tStart, tEnd] = stringRange(t, 'translations', i);
  const nul = nulIn(t.bytes, mStart, mEnd);
  const key = decode(mStart, nul, `msgid #${i}`);
  const sep = key.indexOf(CONTEXT_SEPARATOR);
  const entry: { -readonly [K in keyof MoEntry]: MoEntry[K] } = {
    msgid: sep === -1 ? key : key.slice(sep + 1),
    msgstr: [],
    index: i,
  };
  if (sep !== -1) entry.msgctxt = key.slice(0, sep);
  const msgstr = decode(tStart, tEnd, `msgstr #${i}`);
  if (nul === mEnd) {
    entry.msgstr = [msgstr];
  } else {
    // Python keeps the text up to a second NUL, if any, as the plural msgid.
    entry.msgidPlural = decode(nul + 1, nulIn(t.bytes, nul + 1, mEnd), `msgid_plural #${i}`);
    entry.msgstr = msgstr.split('\u0000');
  }
  return entry;
}

/**
 * An MO file as written: byte order, revision, charset, header and every entry (see
 * `MoDocument`). Strings are decoded with the header's charset (`CHARSET` or none: UTF-8).
 *
 * @throws LocaleKitError `E_MO_MAGIC`, `E_MO_VERSION`, `E_MO_TRUNCATED` (the file ends inside
 *   its header or tables), `E_MO_BOUNDS` (a string lies outside the file), `E_MO_OVERLAP`
 *   (strings overlap far beyond the file's size), `E_MO_CHARSET` (unknown charset),
 *   `E_MO_ENCODING` (a string is not valid in the charset).
 */
export function readMoDocument(input: Uint8Array, options: ParseOptions = {}): MoDocument {
  const t = readTables(input, options.file ?? DEFAULT_FILE);
  let charset = sniffCharset(t);
  if (charset.toUpperCase() === 'CHARSET') charset = 'UTF-8';
  const decode = rangeDecoder(t, charset);
  const entries: MoEntry[] = [];
  let header: string | undefined;
  for (let i = 0; i < t.count; i++) {
    const [mStart, mEnd] = stringRange(t, 'originals', i);
    if (mStart === mEnd) {
      header = decode(...stringRange(t, 'translations', i), `header #${i}`);
      continue;
    }
    entries.push(readEntry(t, i, decode));
  }
  const headers = header === undefined ? new Map<string, string>() : parseHeaderFields(header);
  return { littleEndian: t.little, revision: t.revision, charset, header, headers, entries };
}

/** The runtime `Catalog` of an MO document (the same builder as a PO document's). */
export function catalogFromMoDocument(doc: MoDocument, options: ParseOptions = {}): Catalog {
  const warnings: LocaleKitWarning[] = [];
  return gettextCatalog('mo', options.file ?? DEFAULT_FILE, doc, warnings);
}

/**
 * The `Catalog` of an MO file: `readMoDocument`, then the gettext catalog builder. Keys are the
 * MO's msgids as they are (`ctx\x04msgid` for a context, matching `messageKey`); a msgid holding
 * `msgid\0msgid_plural` is a plural entry whose msgstr holds the forms separated by NUL. Empty
 * translations are not stored.
 *
 * @throws LocaleKitError as `readMoDocument`.
 */
export function parseMo(input: Uint8Array, options: ParseOptions = {}): Catalog {
  return catalogFromMoDocument(readMoDocument(input, options), options);
}

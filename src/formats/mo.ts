import { Buffer } from 'node:buffer';
import type { Catalog, ParseOptions } from './catalog.js';
import { type BytesDecoder, charsetOfContentType, decoderForCharset } from './charset.js';
import { LocaleKitError, type LocaleKitWarning } from '../errors.js';
import { gettextCatalog, headerField, parseHeaderFields } from './po.js';
import { internKey } from './intern.js';

/**
 * gettext MO files (GNU "Compiled message catalog" format), read as Python's
 * `gettext.GNUTranslations` reads them: magic 0x950412de in either byte order, major revision 0
 * or 1 (revision 1's system-dependent strings are ignored, as Python ignores them), then the
 * table of original strings and the table of translations. Every offset and length is checked
 * against the buffer before it is used, and the tables are checked to fit before anything
 * proportional to their declared size is allocated: a truncated or lying file is a
 * `LocaleKitError`, never a crash or a huge allocation.
 */

const DEFAULT_FILE = '<input>';
const MAGIC = 0x950412de;
const HEADER_SIZE = 28;

function fail(code: string, message: string, file: string, hint: string): LocaleKitError {
  return new LocaleKitError(code, message, { file, hint });
}

const REBUILD = 'recompile it with msgfmt (or `localekit compile`)';

/**
 * The `Catalog` of an MO file. Keys are the MO's msgids as they are (`ctx\x04msgid` for a
 * context, matching `messageKey`); a msgid holding `msgid\0msgid_plural` is a plural entry whose
 * msgstr holds the forms separated by NUL. Empty translations are not stored.
 *
 * @throws LocaleKitError `E_MO_MAGIC`, `E_MO_VERSION`, `E_MO_TRUNCATED` (the file ends inside
 *   its header or tables), `E_MO_BOUNDS` (a string lies outside the file), `E_MO_CHARSET`
 *   (unknown charset), `E_MO_ENCODING` (a string is not valid in the charset).
 */
export function parseMo(input: Uint8Array, options: ParseOptions = {}): Catalog {
  const file = options.file ?? DEFAULT_FILE;
  const size = input.length;
  if (size < 4) {
    throw fail('E_MO_TRUNCATED', `file is ${size} bytes, too short for an MO file`, file, REBUILD);
  }
  const dv = new DataView(input.buffer, input.byteOffset, input.byteLength);
  let little: boolean;
  if (dv.getUint32(0, true) === MAGIC) little = true;
  else if (dv.getUint32(0, false) === MAGIC) little = false;
  else {
    throw fail(
      'E_MO_MAGIC',
      `not an MO file (magic 0x${dv.getUint32(0, true).toString(16).padStart(8, '0')})`,
      file,
      'an MO file starts with 0x950412de; is this a .po file or something else named .mo?',
    );
  }
  if (size < HEADER_SIZE) {
    throw fail(
      'E_MO_TRUNCATED',
      `file is ${size} bytes, shorter than the MO header`,
      file,
      REBUILD,
    );
  }
  const u32 = (offset: number): number => dv.getUint32(offset, little);
  const revision = u32(4);
  if (revision >>> 16 > 1) {
    throw fail(
      'E_MO_VERSION',
      `unsupported MO major revision ${revision >>> 16}`,
      file,
      'only revisions 0 and 1 exist; recompile with GNU msgfmt',
    );
  }
  const count = u32(8);
  const originals = u32(12);
  const translations = u32(16);
  // Both tables must fit in the file before a single entry is read: `count` may be 2^31.
  for (const [name, table] of [
    ['originals', originals],
    ['translations', translations],
  ] as const) {
    if (table + count * 8 > size) {
      throw fail(
        'E_MO_TRUNCATED',
        `the ${name} table (${count} entries at offset ${table}) runs past the end of the ${size}-byte file`,
        file,
        REBUILD,
      );
    }
  }

  const stringAt = (table: number, i: number, what: string): [number, number] => {
    const length = u32(table + i * 8);
    const offset = u32(table + i * 8 + 4);
    if (offset + length > size) {
      throw fail(
        'E_MO_BOUNDS',
        `${what} #${i} (${length} bytes at offset ${offset}) lies outside the ${size}-byte file`,
        file,
        REBUILD,
      );
    }
    return [offset, offset + length];
  };

  const warnings: LocaleKitWarning[] = [];
  // The header (msgid "") gives the charset of everything else; msgfmt sorts it first, but a
  // hand-made file may put it anywhere.
  let charset = 'UTF-8';
  for (let i = 0; i < count; i++) {
    const [start, end] = stringAt(originals, i, 'msgid');
    if (start === end) {
      const [tStart, tEnd] = stringAt(translations, i, 'msgstr');
      // The header is ASCII in practice; latin1 keeps any stray byte without failing.
      const headerText = Buffer.from(
        input.buffer,
        input.byteOffset + tStart,
        tEnd - tStart,
      ).toString('latin1');
      charset =
        charsetOfContentType(headerField(parseHeaderFields(headerText), 'Content-Type') ?? '') ??
        'UTF-8';
      break;
    }
  }
  if (charset.toUpperCase() === 'CHARSET') charset = 'UTF-8';
  const decoderOrUndefined = decoderForCharset(charset);
  if (decoderOrUndefined === undefined) {
    throw fail(
      'E_MO_CHARSET',
      `unknown charset ${JSON.stringify(charset)} in the header`,
      file,
      'convert the catalog to UTF-8 (msgconv -t UTF-8) and recompile',
    );
  }
  const decoder: BytesDecoder = decoderOrUndefined;
  const decode = (start: number, end: number, what: string, i: number): string => {
    try {
      return decoder(input, start, end);
    } catch (cause) {
      throw new LocaleKitError('E_MO_ENCODING', `${what} #${i} is not valid ${charset}`, {
        file,
        hint: 'the strings do not match the charset in the header; recompile from a correct .po',
        cause,
      });
    }
  };

  const messages = new Map<string, string>();
  const pluralForms = new Map<string, readonly string[]>();
  const pluralIds = new Map<string, string>();
  let headers: Map<string, string> = new Map();
  let hasPlurals = false;
  /** Whether `key` is already in the catalog (plain or plural); warns `W_MO_DUPLICATE` if so. */
  const isDuplicate = (key: string): boolean => {
    if (!messages.has(key) && !pluralForms.has(key)) return false;
    warnings.push({
      code: 'W_MO_DUPLICATE',
      file,
      message: `duplicate msgid ${JSON.stringify(key.slice(0, 60))}; the last one wins`,
    });
    return true;
  };
  for (let i = 0; i < count; i++) {
    const [mStart, mEnd] = stringAt(originals, i, 'msgid');
    const [tStart, tEnd] = stringAt(translations, i, 'msgstr');
    if (mStart === mEnd) {
      headers = parseHeaderFields(decode(tStart, tEnd, 'header', i));
      continue;
    }
    let key: string;
    let nul = -1;
    for (let j = mStart; j < mEnd; j++) {
      if (input[j] === 0) {
        nul = j;
        break;
      }
    }
    if (nul === -1) {
      key = internKey(decode(mStart, mEnd, 'msgid', i));
      if (isDuplicate(key)) {
        pluralForms.delete(key);
        pluralIds.delete(key);
      }
      if (tEnd > tStart) messages.set(key, decode(tStart, tEnd, 'msgstr', i));
      else messages.delete(key);
    } else {
      hasPlurals = true;
      key = internKey(decode(mStart, nul, 'msgid', i));
      // Python keeps the text up to a second NUL, if any, as the plural msgid.
      let idEnd = nul + 1;
      while (idEnd < mEnd && input[idEnd] !== 0) idEnd++;
      const plural = decode(nul + 1, idEnd, 'msgid_plural', i);
      if (isDuplicate(key)) {
        messages.delete(key);
      }
      const forms = decode(tStart, tEnd, 'msgstr', i).split('\u0000');
      if (forms[0] === '') {
        pluralForms.delete(key);
        pluralIds.delete(key);
      } else {
        pluralForms.set(key, Object.freeze(forms));
        pluralIds.set(key, plural);
      }
    }
  }

  const parts = { messages, pluralForms, pluralIds, headers, hasPlurals };
  return gettextCatalog('mo', file, parts, warnings);
}

import {
  type Catalog,
  PLURAL_CATEGORIES,
  type ParseOptions,
  type PluralCategory,
} from './catalog.js';
import { firstInvalidUtf8 } from './charset.js';
import { LocaleKitError, type LocaleKitWarning } from '../errors.js';
import { DEFAULT_PLURAL_RULE } from './plural-forms.js';
import { internKey } from './intern.js';

/**
 * Tornado CSV catalogs, read as `tornado.locale.load_translations` reads them: the file is opened
 * with universal newlines (so CRLF and CR become LF, also inside quoted fields) and handed to
 * Python's `csv.reader` in the default "excel" dialect. Differences from Tornado, on purpose: an
 * unterminated quote is an error (Python returns the partial row), an empty translation is not
 * stored, and bad rows are reported with the line they start on rather than the row index.
 */

const DEFAULT_FILE = '<input>';

/** One CSV record: the 1-based line it starts on, and its cells (untrimmed). */
export interface CsvRow {
  readonly line: number;
  readonly cells: string[];
}

/**
 * A Tornado CSV file as written: every record with all its cells (a 4th or later column too),
 * untrimmed, with the line it starts on, and how the file was encoded, so a writer can give
 * the bytes back as they came.
 */
export interface CsvDocument {
  readonly rows: readonly CsvRow[];
  /** `UTF-8` (with or without BOM) or `UTF-16LE` / `UTF-16BE` (always with a BOM). */
  readonly encoding: 'UTF-8' | 'UTF-16LE' | 'UTF-16BE';
  /** Whether the bytes started with a byte order mark. */
  readonly bom: boolean;
  /** The first line ending in the file (`\n` when there is none). */
  readonly lineEnding: '\n' | '\r\n' | '\r';
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf16leDecoder = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });
const utf16beDecoder = new TextDecoder('utf-16be', { fatal: true, ignoreBOM: true });

/** Offset of the first code unit of a broken UTF-16 sequence (odd byte or lone surrogate). */
function firstInvalidUtf16(bytes: Uint8Array, from: number, littleEndian: boolean): number {
  const unit = (i: number): number =>
    littleEndian
      ? (bytes[i] as number) | ((bytes[i + 1] as number) << 8)
      : ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
  let i = from;
  while (i + 1 < bytes.length) {
    const u = unit(i);
    if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 3 >= bytes.length) return i;
      const v = unit(i + 2);
      if (v < 0xdc00 || v > 0xdfff) return i;
      i += 4;
    } else if (u >= 0xdc00 && u <= 0xdfff) return i;
    else i += 2;
  }
  return i;
}

function countLines(text: string): number {
  let lines = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) lines++;
  }
  return lines;
}

/**
 * The text of a Tornado CSV file: UTF-16 (LE or BE) when it starts with a UTF-16 BOM, else UTF-8
 * with an optional BOM — exactly Tornado's choice between `utf-16` and `utf-8-sig`.
 */
function decodeCsv(
  input: Uint8Array | string,
  file: string,
): { text: string; encoding: CsvDocument['encoding']; bom: boolean } {
  if (typeof input === 'string') {
    const bom = input.charCodeAt(0) === 0xfeff;
    return { text: bom ? input.slice(1) : input, encoding: 'UTF-8', bom };
  }
  const b0 = input[0];
  const b1 = input[1];
  let start = 0;
  let decoder = utf8Decoder;
  let encoding: CsvDocument['encoding'] = 'UTF-8';
  if (b0 === 0xff && b1 === 0xfe) {
    start = 2;
    decoder = utf16leDecoder;
    encoding = 'UTF-16LE';
  } else if (b0 === 0xfe && b1 === 0xff) {
    start = 2;
    decoder = utf16beDecoder;
    encoding = 'UTF-16BE';
  } else if (b0 === 0xef && b1 === 0xbb && input[2] === 0xbf) {
    start = 3;
  }
  try {
    return { text: decoder.decode(input.subarray(start)), encoding, bom: start > 0 };
  } catch (cause) {
    const offset =
      decoder === utf8Decoder
        ? firstInvalidUtf8(input, start)
        : firstInvalidUtf16(input, start, decoder === utf16leDecoder);
    let line: number | undefined;
    try {
      line = countLines(decoder.decode(input.subarray(start, offset)));
    } catch {
      line = undefined;
    }
    throw new LocaleKitError(
      'E_CSV_ENCODING',
      `not valid ${encoding}: bad byte 0x${(input[offset] ?? 0).toString(16).padStart(2, '0')} at byte offset ${offset}`,
      {
        file,
        line,
        hint: 'save the file as UTF-8 (a BOM is fine) or as UTF-16 with a BOM, as Tornado requires',
        cause,
      },
    );
  }
}

/**
 * Splits CSV text into records as Python's `csv.reader` (excel dialect, `strict=False`) does on
 * a file opened with universal newlines: quoted fields may hold commas, newlines and doubled
 * quotes; text after a closing quote is appended to the field; a quote inside an unquoted field
 * is literal; a blank line is a record with no cells. `line` is where the record starts.
 *
 * @throws LocaleKitError `E_CSV_QUOTE` for a quote that is never closed (naming its line), or
 *   `E_CSV_ENCODING` for bytes that are not UTF-8 / BOM-marked UTF-16.
 */
export function readCsvDocument(
  input: Uint8Array | string,
  options: ParseOptions = {},
): CsvDocument {
  const file = options.file ?? DEFAULT_FILE;
  const decoded = decodeCsv(input, file);
  let text = decoded.text;
  const lineEnding = lineEndingOf(text);
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  return {
    rows: splitRecords(text, file),
    encoding: decoded.encoding,
    bom: decoded.bom,
    lineEnding,
  };
}

/** The records of a CSV file (`readCsvDocument(…).rows`). */
export function readCsvRows(input: Uint8Array | string, options: ParseOptions = {}): CsvRow[] {
  return readCsvDocument(input, options).rows as CsvRow[];
}

function lineEndingOf(text: string): CsvDocument['lineEnding'] {
  const cr = text.indexOf('\r');
  const lf = text.indexOf('\n');
  if (cr === -1 || (lf !== -1 && lf < cr)) return '\n';
  return text.charCodeAt(cr + 1) === 0x0a ? '\r\n' : '\r';
}

/** Python's `csv.reader` on universal-newline text (see `readCsvDocument`). */
function splitRecords(text: string, file: string): CsvRow[] {
  const rows: CsvRow[] = [];
  const len = text.length;
  const unquotedEnd = /[,\n]/g;
  let pos = 0;
  let line = 1;
  // Position of the next newline inside quoted fields, kept across fields (positions only grow).
  let nextNl = text.indexOf('\n');
  while (pos < len) {
    const rowLine = line;
    const cells: string[] = [];
    if (text.charCodeAt(pos) === 0x0a) {
      rows.push({ line: rowLine, cells });
      pos++;
      line++;
      continue;
    }
    // START_FIELD: runs once per cell until the record ends at '\n' or the end of the text.
    for (;;) {
      if (pos >= len) {
        cells.push('');
        break;
      }
      let c = text.charCodeAt(pos);
      if (c === 0x0a) {
        cells.push('');
        pos++;
        line++;
        break;
      }
      let cell: string;
      if (c === 0x22) {
        const openLine = line;
        let start = pos + 1;
        let parts: string | undefined;
        for (;;) {
          const q = text.indexOf('"', start);
          if (q === -1) {
            throw new LocaleKitError('E_CSV_QUOTE', 'quoted field is never closed', {
              file,
              line: openLine,
              hint: 'close the quote, and write a quote inside a quoted field as two quotes ("")',
            });
          }
          // The next newline is remembered across doubled quotes, so a field of many `""` on
          // one line costs one scan, not one per quote.
          if (nextNl !== -1 && nextNl < start) nextNl = text.indexOf('\n', start);
          while (nextNl !== -1 && nextNl < q) {
            line++;
            nextNl = text.indexOf('\n', nextNl + 1);
          }
          const piece = text.slice(start, q);
          parts = parts === undefined ? piece : parts + piece;
          if (text.charCodeAt(q + 1) === 0x22) {
            parts += '"';
            start = q + 2;
            continue;
          }
          pos = q + 1;
          break;
        }
        cell = parts;
        c = pos < len ? text.charCodeAt(pos) : -1;
        if (c !== 0x2c && c !== 0x0a && c !== -1) {
          // Python (strict=False): characters after the closing quote join the field.
          unquotedEnd.lastIndex = pos;
          const m = unquotedEnd.exec(text);
          const end = m ? m.index : len;
          cell += text.slice(pos, end);
          pos = end;
        }
      } else {
        unquotedEnd.lastIndex = pos;
        const m = unquotedEnd.exec(text);
        const end = m ? m.index : len;
        cell = text.slice(pos, end);
        pos = end;
      }
      cells.push(cell);
      if (pos >= len) break;
      if (text.charCodeAt(pos) === 0x0a) {
        pos++;
        line++;
        break;
      }
      pos++; // the comma: another cell follows, possibly empty
    }
    rows.push({ line: rowLine, cells });
  }
  return rows;
}

/**
 * Python's `str.isspace()` for one UTF-16 unit: unlike JS `trim()` it includes \x1c-\x1f and
 * \x85 and excludes U+FEFF.
 */
function isPythonSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/**
 * `str.strip()` as Python does it (Tornado strips every cell). Two scans from the ends: a cell of
 * 150,000 inner spaces costs what its length costs (a regular expression `\s+$` was quadratic).
 */
export function pythonStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isPythonSpace(s.charCodeAt(start))) start++;
  while (end > start && isPythonSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

const CATEGORY_SET: ReadonlySet<string> = new Set(PLURAL_CATEGORIES);

/**
 * A Tornado CSV catalog: `"message","translation"[,"plural"|"singular"|CLDR category]`.
 * Plain rows (no, empty or `unknown` third column) go to `messages`; `plural` rows to
 * `tornadoPlural` keyed by the English plural; `singular` rows to `tornadoSingular`; a CLDR
 * category (`zero one two few many other`, lower-case, as Tornado's indicators are) to
 * `categoryForms` keyed by the English singular. Anything else in the third column skips the row
 * with `W_CSV_PLURAL_UNKNOWN`; a row with one cell is skipped with `W_CSV_SHORT_ROW`; a repeated
 * message in the same table: the last row wins, with `W_CSV_DUPLICATE`.
 */
export function parseCsv(input: Uint8Array | string, options: ParseOptions = {}): Catalog {
  return catalogFromCsvDocument(readCsvDocument(input, options), options);
}

/** The runtime `Catalog` of a CSV document (see `parseCsv` for the rules). */
export function catalogFromCsvDocument(doc: CsvDocument, options: ParseOptions = {}): Catalog {
  const file = options.file ?? DEFAULT_FILE;
  const rows = doc.rows;
  const warnings: LocaleKitWarning[] = [];
  const messages = new Map<string, string>();
  const tornadoSingular = new Map<string, string>();
  const tornadoPlural = new Map<string, string>();
  const categoryForms = new Map<string, Map<PluralCategory, string>>();
  const seen = new Map<string, number>();

  /** Records `key` as seen in `tableName` on `line`, with `W_CSV_DUPLICATE` if it was already. */
  const noteSeen = (tableName: string, key: string, line: number): void => {
    const seenKey = `${tableName}\u0000${key}`;
    const firstLine = seen.get(seenKey);
    if (firstLine !== undefined) {
      warnings.push({
        code: 'W_CSV_DUPLICATE',
        file,
        line,
        message: `${JSON.stringify(key)} (${tableName}) is also on line ${firstLine}; the last row wins`,
      });
    }
    seen.set(seenKey, line);
  };

  const store = (
    table: Map<string, string>,
    tableName: string,
    key: string,
    value: string,
    line: number,
  ): void => {
    noteSeen(tableName, key, line);
    // An empty cell means "not translated yet" (Tornado would store ""), and as the last row it
    // also replaces an earlier translation.
    if (value === '') table.delete(key);
    else table.set(key, value);
  };

  for (const row of rows) {
    const { cells, line } = row;
    if (cells.length === 0) continue;
    if (cells.length < 2) {
      if (pythonStrip(cells[0] as string) !== '') {
        warnings.push({
          code: 'W_CSV_SHORT_ROW',
          file,
          line,
          message: 'row has one cell, needs "message","translation"; skipped',
        });
      }
      continue;
    }
    const english = internKey(pythonStrip(cells[0] as string));
    const translation = pythonStrip(cells[1] as string);
    const indicator = cells.length > 2 ? pythonStrip(cells[2] as string) || 'unknown' : 'unknown';
    if (indicator === 'unknown') store(messages, 'unknown', english, translation, line);
    else if (indicator === 'plural') store(tornadoPlural, 'plural', english, translation, line);
    else if (indicator === 'singular') {
      store(tornadoSingular, 'singular', english, translation, line);
    } else if (CATEGORY_SET.has(indicator)) {
      const category = indicator as PluralCategory;
      let forms = categoryForms.get(english);
      if (forms === undefined) {
        forms = new Map();
        categoryForms.set(english, forms);
      }
      noteSeen(category, english, line);
      if (translation === '') {
        forms.delete(category);
        if (forms.size === 0) categoryForms.delete(english);
      } else forms.set(category, translation);
    } else {
      warnings.push({
        code: 'W_CSV_PLURAL_UNKNOWN',
        file,
        line,
        message: `unrecognised plural indicator ${JSON.stringify(indicator.slice(0, 40))}; row skipped (use plural, singular, unknown or one of ${PLURAL_CATEGORIES.join(' ')})`,
      });
    }
  }

  return Object.freeze({
    format: 'csv' as const,
    file,
    messages,
    pluralForms: new Map<string, readonly string[]>(),
    pluralIds: new Map<string, string>(),
    tornadoSingular,
    tornadoPlural,
    categoryForms,
    pluralRule: DEFAULT_PLURAL_RULE,
    headers: new Map<string, string>(),
    warnings: Object.freeze(warnings),
  });
}

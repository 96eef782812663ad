import { Buffer } from 'node:buffer';
import { type Catalog, messageKey, type ParseOptions, type PluralRule } from './catalog.js';
import {
  type BytesDecoder,
  charsetOfContentType,
  decodeUtf8,
  decoderForCharset,
  firstInvalidUtf8,
} from './charset.js';
import { LocaleKitError, type LocaleKitWarning } from '../errors.js';
import { DEFAULT_PLURAL_RULE, parsePluralFormsHeader } from './plural-forms.js';
import type { PoDocument, PoEntry } from './po-document.js';
import { internKey } from './intern.js';

/**
 * gettext PO files, read as GNU `msgfmt` 0.21 reads them (each behaviour below was checked by
 * running msgfmt/msgunfmt and Python's `gettext` on the result):
 * - strings are C strings: `\n \t \r \a \b \f \v \\ \"`, `\ooo` (1–3 octal digits) and `\xh…`
 *   (greedy, keeps the low byte) are accepted; `\'`, `\?`, `\u…` and others are "invalid control
 *   sequence". Octal/hex escapes are *bytes* in the file's charset (`"\xc3\xa9"` is `é` in UTF-8);
 *   a NUL byte ends that string literal (`"a\0b" "c"` is `ac`);
 * - a keyword's strings may continue on the following lines, and a `#` after a string starts a
 *   comment;
 * - fuzzy entries are left out of the Catalog, except the header, which msgfmt uses even when
 *   fuzzy; entries whose `msgstr` / `msgstr[0]` is empty are left out; a plural entry with a later
 *   form empty is kept with that empty form, as msgfmt keeps it and Python's `gettext` returns it;
 * - `msgstr[N]` must count up from 0; a duplicate message is an error in msgfmt — here a warning,
 *   the last one wins.
 * Deliberately more lenient than msgfmt: a UTF-8 BOM is skipped (with a warning); `domain`
 * directives are accepted and ignored.
 */

const DEFAULT_FILE = '<input>';
const EMPTY: readonly string[] = Object.freeze([]);

interface Context {
  readonly file: string;
  readonly warnings: LocaleKitWarning[];
  readonly decodeBytes: BytesDecoder;
  readonly charset: string;
  /** Keep translator/extracted comments, references and previous msgids (the CLI needs them; the Catalog does not). */
  readonly keepComments: boolean;
}

function syntax(ctx: Context, line: number, message: string, hint: string): LocaleKitError {
  return new LocaleKitError('E_PO_SYNTAX', message, { file: ctx.file, line, hint });
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

function isOctal(c: number): boolean {
  return c >= 0x30 && c <= 0x37;
}
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** The value of a string literal's body (between the quotes), escapes resolved as msgfmt does. */
function decodeLiteral(body: string, ctx: Context, line: number): string {
  let i = body.indexOf('\\');
  if (i === -1) {
    const nul = body.indexOf('\u0000');
    return nul === -1 ? body : body.slice(0, nul);
  }
  let out = '';
  let last = 0;
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length === 0) return;
    let ascii = true;
    for (const b of bytes) if (b >= 0x80) ascii = false;
    if (ascii) out += String.fromCharCode(...bytes);
    else {
      try {
        out += ctx.decodeBytes(Uint8Array.from(bytes), 0, bytes.length);
      } catch {
        throw new LocaleKitError(
          'E_PO_ESCAPE',
          `escaped bytes ${bytes.map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')} are not valid ${ctx.charset}`,
          {
            file: ctx.file,
            line,
            hint: `write the character itself, or escape all of its bytes in ${ctx.charset}`,
          },
        );
      }
    }
    bytes = [];
  };
  while (i !== -1) {
    if (i > last) {
      flush();
      out += body.slice(last, i);
    }
    const c = body[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[c];
    let byte = -1;
    if (simple !== undefined) {
      flush();
      out += simple;
      last = i + 2;
    } else if (isOctal(body.charCodeAt(i + 1))) {
      let j = i + 1;
      let value = 0;
      while (j < i + 4 && isOctal(body.charCodeAt(j)))
        value = value * 8 + body.charCodeAt(j++) - 0x30;
      byte = value & 0xff;
      last = j;
    } else if (c === 'x' && hexValue(body.charCodeAt(i + 2)) !== -1) {
      let j = i + 2;
      let value = 0;
      // GNU accumulates every hex digit and keeps the low byte.
      while (hexValue(body.charCodeAt(j)) !== -1)
        value = ((value << 4) | hexValue(body.charCodeAt(j++))) & 0xff;
      byte = value;
      last = j;
    } else {
      throw new LocaleKitError(
        'E_PO_ESCAPE',
        `invalid escape sequence \\${c === '' ? '' : JSON.stringify(c).slice(1, -1)}`,
        {
          file: ctx.file,
          line,
          hint: 'GNU gettext accepts \\n \\t \\r \\a \\b \\f \\v \\\\ \\" \\ooo and \\xhh; write other characters as they are',
        },
      );
    }
    if (byte === 0) {
      // msgfmt builds C strings: a NUL ends this literal.
      flush();
      ctx.warnings.push({
        code: 'W_PO_NUL',
        file: ctx.file,
        line,
        message: 'a \\0 escape ends the string there (msgfmt drops the rest of this literal)',
      });
      return out;
    }
    if (byte > 0) bytes.push(byte);
    i = body.indexOf('\\', last);
    const nul = body.indexOf('\u0000', last);
    if (nul !== -1 && (i === -1 || nul < i)) {
      flush();
      return out + body.slice(last, nul);
    }
  }
  flush();
  return out + body.slice(last);
}

/**
 * Reads the string literals starting at `pos` of `line` (one or more, space-separated, then an
 * optional `#` comment). Returns their concatenated value, or `undefined` if none starts there.
 */
function readStrings(
  text: string,
  pos: number,
  len: number,
  ctx: Context,
  lineNo: number,
): string | undefined {
  let value: string | undefined;
  for (;;) {
    while (pos < len && (text.charCodeAt(pos) === 0x20 || text.charCodeAt(pos) === 0x09)) pos++;
    if (pos >= len) return value;
    const c = text.charCodeAt(pos);
    if (c === 0x23 /* # */ && value !== undefined) return value;
    if (c !== 0x22) {
      throw syntax(
        ctx,
        lineNo,
        `unexpected ${JSON.stringify(text.slice(pos, pos + 20))}`,
        'a keyword must be followed by a "quoted string"',
      );
    }
    let q = pos + 1;
    let hasEscape = false;
    for (;;) {
      q = text.indexOf('"', q);
      if (q === -1 || q >= len) {
        throw syntax(
          ctx,
          lineNo,
          'end of line within string',
          'close the string on the same line, and continue it on the next line with another "…"',
        );
      }
      let backslashes = 0;
      while (text.charCodeAt(q - 1 - backslashes) === 0x5c) backslashes++;
      if (backslashes > 0) hasEscape = true;
      if (backslashes % 2 === 0) break;
      q++;
    }
    const body = text.slice(pos + 1, q);
    const piece =
      hasEscape || body.includes('\\') || body.includes('\u0000')
        ? decodeLiteral(body, ctx, lineNo)
        : body;
    value = value === undefined ? piece : value + piece;
    pos = q + 1;
  }
}

type Keyword = 'msgctxt' | 'msgid' | 'msgid_plural' | 'msgstr' | 'domain';

interface Draft {
  line: number;
  msgidLine: number;
  obsolete: boolean;
  msgctxt: string | undefined;
  msgid: string | undefined;
  msgidPlural: string | undefined;
  msgstr: string[];
  translatorComments: string[] | undefined;
  extractedComments: string[] | undefined;
  references: string[] | undefined;
  flags: string[] | undefined;
  previous: string[] | undefined;
  /** Which field continuation strings extend. */
  field: 'msgctxt' | 'msgid' | 'msgid_plural' | 'msgstr' | 'domain' | undefined;
}

function newDraft(line: number): Draft {
  return {
    line,
    msgidLine: line,
    obsolete: false,
    msgctxt: undefined,
    msgid: undefined,
    msgidPlural: undefined,
    msgstr: [],
    translatorComments: undefined,
    extractedComments: undefined,
    references: undefined,
    flags: undefined,
    previous: undefined,
    field: undefined,
  };
}

function finishDraft(d: Draft): PoEntry {
  const entry: {
    -readonly [K in keyof PoEntry]: PoEntry[K];
  } = {
    msgid: d.msgid ?? '',
    msgstr: d.msgstr,
    translatorComments: d.translatorComments ?? EMPTY,
    extractedComments: d.extractedComments ?? EMPTY,
    references: d.references ?? EMPTY,
    flags: d.flags ?? EMPTY,
    previous: d.previous ?? EMPTY,
    obsolete: d.obsolete,
    line: d.line,
    msgidLine: d.msgidLine,
  };
  if (d.msgctxt !== undefined) entry.msgctxt = d.msgctxt;
  if (d.msgidPlural !== undefined) entry.msgidPlural = d.msgidPlural;
  return entry;
}

function dropOneSpace(s: string): string {
  return s.charCodeAt(0) === 0x20 ? s.slice(1) : s;
}

/** Header fields of a header `msgstr`, as Python's `gettext` splits them ("Name: value" lines). */
export function parseHeaderFields(msgstr: string): Map<string, string> {
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const raw of msgstr.split('\n')) {
    const colon = raw.indexOf(':');
    if (colon !== -1) {
      last = raw.slice(0, colon).trim();
      headers.set(last, raw.slice(colon + 1).trim());
    } else if (last !== undefined && raw.trim() !== '') {
      headers.set(last, `${headers.get(last)}\n${raw}`);
    }
  }
  return headers;
}

/** A header field by name, ignoring case (gettext tools write `Content-Type`, people don't). */
export function headerField(
  headers: ReadonlyMap<string, string>,
  name: string,
): string | undefined {
  const exact = headers.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === lower) return v;
  return undefined;
}

const HEADER_RE =
  /^[ \t]*msgid[ \t]+""[ \t]*\r?\n(?:[ \t]*"[^\n]*\r?\n)*?[ \t]*msgstr[ \t]+((?:[ \t]*"[^\n]*\r?\n?)*)/m;

/** The charset the header entry declares, found with a regular expression before parsing. */
function sniffCharsetIn(text: string): string | undefined {
  const m = HEADER_RE.exec(text);
  if (!m) return undefined;
  const ct = /Content-Type:[^"\n]*?charset=([^\s";\\]+)/i.exec(m[1] ?? '');
  return ct ? ct[1] : undefined;
}

/**
 * The header's charset, read from the raw bytes as Latin-1 (every charset gettext allows is
 * ASCII-compatible in the header): the first 64 KiB, then the whole file if the header is not there.
 */
function sniffCharset(input: Uint8Array | string): string | undefined {
  if (typeof input === 'string')
    return sniffCharsetIn(input.slice(0, 65536)) ?? sniffCharsetIn(input);
  const latin1 = (end: number) =>
    Buffer.from(input.buffer, input.byteOffset, end).toString('latin1');
  const head = sniffCharsetIn(latin1(Math.min(input.length, 65536)));
  if (head !== undefined || input.length <= 65536) return head;
  return sniffCharsetIn(latin1(input.length));
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function decodePo(
  input: Uint8Array | string,
  charset: string,
  file: string,
): { text: string; decodeBytes: BytesDecoder } {
  const decodeBytes = decoderForCharset(charset);
  if (decodeBytes === undefined) {
    throw new LocaleKitError('E_PO_CHARSET', `unknown charset ${JSON.stringify(charset)}`, {
      file,
      hint: 'declare a charset Node knows in Content-Type (UTF-8 is best; msgconv -t UTF-8 converts)',
    });
  }
  if (typeof input === 'string') return { text: input, decodeBytes };
  try {
    return { text: decodeBytes(input, 0, input.length), decodeBytes };
  } catch (cause) {
    const utf8 = decodeBytes === decodeUtf8;
    const offset = utf8 ? firstInvalidUtf8(input, 0) : undefined;
    throw new LocaleKitError(
      'E_PO_ENCODING',
      `not valid ${charset}${offset !== undefined ? ` at byte offset ${offset}` : ''}`,
      {
        file,
        line: offset !== undefined ? lineOfOffset(input, offset) : undefined,
        hint: 'the bytes do not match the charset in the Content-Type header; fix one or the other (msgconv/iconv)',
        cause,
      },
    );
  }
}

function parseText(text: string, ctx: Context): PoDocument {
  const entries: PoEntry[] = [];
  let header: PoEntry | undefined;
  let headers: Map<string, string> = new Map();
  let draft: Draft | undefined;
  const file = ctx.file;

  const complete = (d: Draft): void => {
    if (d.msgid === undefined) {
      if (d.msgctxt !== undefined) {
        throw syntax(ctx, d.msgidLine, 'msgctxt without msgid', 'add the msgid and msgstr');
      }
      return; // only comments: GNU ignores them
    }
    if (d.msgstr.length === 0) {
      throw syntax(
        ctx,
        d.msgidLine,
        d.msgidPlural === undefined ? "missing 'msgstr' section" : "missing 'msgstr[0]' section",
        'every msgid needs a msgstr (msgstr "" if not translated yet)',
      );
    }
    const entry = finishDraft(d);
    if (!entry.obsolete && entry.msgid === '' && entry.msgctxt === undefined) {
      if (header !== undefined) {
        ctx.warnings.push({
          code: 'W_PO_DUPLICATE',
          file,
          line: entry.msgidLine,
          message: `a second header entry (the first is on line ${header.msgidLine}); the last one wins`,
        });
      }
      header = entry;
      headers = parseHeaderFields(entry.msgstr[0] ?? '');
    } else entries.push(entry);
  };

  const len = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (pos === 1) {
    ctx.warnings.push({
      code: 'W_PO_BOM',
      file,
      line: 1,
      message: 'the file starts with a byte order mark, which GNU msgfmt rejects; remove it',
    });
  }
  let lineNo = 0;
  while (pos < len) {
    lineNo++;
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = len;
    let end = nl;
    if (end > pos && text.charCodeAt(end - 1) === 0x0d) end--;
    let start = pos;
    pos = nl + 1;
    while (start < end && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)) {
      start++;
    }
    if (start === end) continue;
    let c = text.charCodeAt(start);
    let obsolete = false;

    if (c === 0x23 /* # */) {
      const kind = text.charCodeAt(start + 1);
      if (kind === 0x7e /* ~ */) {
        obsolete = true;
        start += 2;
        while (
          start < end &&
          (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)
        ) {
          start++;
        }
        if (start === end) continue;
        c = text.charCodeAt(start);
        if (c === 0x7c /* | */) {
          // `#~|` previous msgid of an obsolete entry
          if (draft !== undefined && draft.msgstr.length > 0) {
            complete(draft);
            draft = undefined;
          }
          draft ??= newDraft(lineNo);
          if (ctx.keepComments)
            (draft.previous ??= []).push(dropOneSpace(text.slice(start + 1, end)));
          continue;
        }
        if (c === 0x23) continue; // `#~ #…`: a comment inside an obsolete entry, dropped
      } else {
        // A comment after a complete entry starts the next one.
        if (draft !== undefined && draft.msgstr.length > 0) {
          complete(draft);
          draft = undefined;
        }
        draft ??= newDraft(lineNo);
        if (!ctx.keepComments && kind !== 0x2c) continue;
        const rest = text.slice(start + 2, end);
        switch (kind) {
          case 0x2e /* . */:
            (draft.extractedComments ??= []).push(dropOneSpace(rest));
            break;
          case 0x3a /* : */:
            for (const ref of rest.split(/\s+/))
              if (ref !== '') (draft.references ??= []).push(ref);
            break;
          case 0x2c /* , */:
            for (const flag of rest.split(',')) {
              const f = flag.trim();
              if (f !== '') (draft.flags ??= []).push(f);
            }
            break;
          case 0x7c /* | */:
            (draft.previous ??= []).push(dropOneSpace(rest));
            break;
          default:
            (draft.translatorComments ??= []).push(dropOneSpace(text.slice(start + 1, end)));
        }
        continue;
      }
    }

    if (c === 0x22 /* " */) {
      if (draft?.field === undefined) {
        throw syntax(ctx, lineNo, 'string without a keyword', 'start the entry with msgid "…"');
      }
      const more = readStrings(text, start, end, ctx, lineNo) ?? '';
      switch (draft.field) {
        case 'msgctxt':
          draft.msgctxt += more;
          break;
        case 'msgid':
          draft.msgid += more;
          break;
        case 'msgid_plural':
          draft.msgidPlural += more;
          break;
        case 'msgstr': {
          const last = draft.msgstr.length - 1;
          draft.msgstr[last] += more;
          break;
        }
        case 'domain':
          break;
      }
      continue;
    }

    // A keyword.
    let k = start;
    while (k < end) {
      const ch = text.charCodeAt(k);
      if ((ch >= 0x61 && ch <= 0x7a) || ch === 0x5f) k++;
      else break;
    }
    const word = text.slice(start, k);
    let keyword: Keyword;
    let index = -1;
    if (word === 'msgstr' && text.charCodeAt(k) === 0x5b /* [ */) {
      const close = text.indexOf(']', k);
      const digits = close === -1 || close > end ? '' : text.slice(k + 1, close).trim();
      if (!/^[0-9]{1,3}$/.test(digits)) {
        throw syntax(ctx, lineNo, 'bad msgstr[N] index', 'write msgstr[0], msgstr[1]…');
      }
      index = Number(digits);
      k = close + 1;
      keyword = 'msgstr';
    } else if (
      word === 'msgctxt' ||
      word === 'msgid' ||
      word === 'msgid_plural' ||
      word === 'msgstr' ||
      word === 'domain'
    ) {
      keyword = word;
    } else {
      throw syntax(
        ctx,
        lineNo,
        `unknown keyword ${JSON.stringify(text.slice(start, Math.min(end, start + 20)))}`,
        'lines start with msgctxt, msgid, msgid_plural, msgstr, msgstr[N], "…" or #',
      );
    }
    const after = text.charCodeAt(k);
    if (k < end && after !== 0x20 && after !== 0x09 && after !== 0x22) {
      throw syntax(
        ctx,
        lineNo,
        `unknown keyword ${JSON.stringify(text.slice(start, k + 1))}`,
        'check the spelling',
      );
    }
    const value = readStrings(text, k, end, ctx, lineNo) ?? '';
    // A keyword alone on its line takes the strings on the next lines (GNU's lexer is token-based);
    // an entry with no string at all is "" — msgfmt calls that a syntax error, we accept it.

    if (draft !== undefined && obsolete !== draft.obsolete && draft.msgid !== undefined) {
      if (draft.msgstr.length > 0) {
        complete(draft);
        draft = undefined;
      } else {
        throw syntax(
          ctx,
          lineNo,
          'obsolete (#~) entry is mixed with a live one',
          'prefix every line of the entry with #~, or none',
        );
      }
    }

    switch (keyword) {
      case 'domain':
        if (draft !== undefined && draft.msgstr.length > 0) {
          complete(draft);
          draft = undefined;
        }
        continue;
      case 'msgctxt':
      case 'msgid': {
        if (draft !== undefined && draft.msgstr.length > 0) {
          complete(draft);
          draft = undefined;
        }
        if (draft === undefined) {
          draft = newDraft(lineNo);
        } else if (draft.msgid !== undefined) {
          throw syntax(
            ctx,
            draft.msgidLine,
            "missing 'msgstr' section",
            'every msgid needs a msgstr (msgstr "" if not translated yet)',
          );
        } else if (keyword === 'msgctxt' && draft.msgctxt !== undefined) {
          throw syntax(ctx, lineNo, 'second msgctxt', 'an entry has one msgctxt');
        }
        draft.obsolete = obsolete;
        if (keyword === 'msgctxt') {
          draft.msgctxt = value;
          draft.msgidLine = lineNo;
        } else {
          draft.msgid = value;
          draft.msgidLine = lineNo;
        }
        draft.field = keyword;
        break;
      }
      case 'msgid_plural':
        if (
          draft?.msgid === undefined ||
          draft.msgidPlural !== undefined ||
          draft.msgstr.length > 0
        ) {
          throw syntax(
            ctx,
            lineNo,
            'msgid_plural must follow msgid',
            'write msgid "…" then msgid_plural "…"',
          );
        }
        draft.msgidPlural = value;
        draft.field = 'msgid_plural';
        break;
      case 'msgstr': {
        if (draft?.msgid === undefined) {
          throw syntax(ctx, lineNo, 'msgstr without msgid', 'write msgid "…" before msgstr');
        }
        if (index === -1) {
          if (draft.msgidPlural !== undefined) {
            throw syntax(
              ctx,
              lineNo,
              'plural entry needs msgstr[0], msgstr[1]…',
              'write msgstr[N] for each form',
            );
          }
          if (draft.msgstr.length > 0) {
            throw syntax(ctx, lineNo, 'second msgstr', 'an entry has one msgstr');
          }
        } else {
          if (draft.msgidPlural === undefined) {
            throw syntax(
              ctx,
              lineNo,
              "missing 'msgid_plural' section",
              'msgstr[N] needs msgid_plural "…" before it',
            );
          }
          if (index !== draft.msgstr.length) {
            throw syntax(
              ctx,
              lineNo,
              draft.msgstr.length === 0
                ? 'first plural form has nonzero index'
                : 'plural form has wrong index',
              `expected msgstr[${draft.msgstr.length}]`,
            );
          }
        }
        draft.msgstr.push(value);
        draft.field = 'msgstr';
        break;
      }
    }
  }
  if (draft !== undefined) complete(draft);
  return { header, headers, entries, charset: ctx.charset };
}

/**
 * A PO file as written: header, comments, flags, references, previous msgids, obsolete entries
 * and line numbers (see `PoDocument`). Bytes are decoded with the charset the header declares
 * (`CHARSET` or none: UTF-8).
 *
 * @throws LocaleKitError `E_PO_SYNTAX`, `E_PO_ESCAPE` (with the line), `E_PO_CHARSET` (unknown
 *   charset), `E_PO_ENCODING` (bytes invalid in the declared charset).
 */
export function parsePoDocument(
  input: Uint8Array | string,
  options: ParseOptions = {},
): PoDocument {
  const file = options.file ?? DEFAULT_FILE;
  const warnings: LocaleKitWarning[] = [];
  return parseDocumentWithWarnings(input, file, warnings, true);
}

function parseDocumentWithWarnings(
  input: Uint8Array | string,
  file: string,
  warnings: LocaleKitWarning[],
  keepComments: boolean,
): PoDocument {
  const sniffed = sniffCharset(input);
  let charset = sniffed ?? 'UTF-8';
  if (charset.toUpperCase() === 'CHARSET') charset = 'UTF-8';
  const { text, decodeBytes } = decodePo(input, charset, file);
  const doc = parseText(text, { file, warnings, decodeBytes, charset, keepComments });
  // The sniffer is a regular expression; should the parsed header say otherwise, it wins.
  const declared = charsetOfContentType(headerField(doc.headers, 'Content-Type') ?? '');
  if (
    declared !== undefined &&
    declared.toUpperCase() !== 'CHARSET' &&
    declared.toLowerCase() !== charset.toLowerCase() &&
    !(decoderForCharset(declared) === decodeUtf8 && decodeBytes === decodeUtf8)
  ) {
    warnings.length = 0;
    const again = decodePo(input, declared, file);
    return parseText(again.text, {
      file,
      warnings,
      decodeBytes: again.decodeBytes,
      charset: declared,
      keepComments,
    });
  }
  return doc;
}

function pluralRuleOf(
  headers: ReadonlyMap<string, string>,
  hasPlurals: boolean,
  file: string,
  warnings: LocaleKitWarning[],
): PluralRule {
  const value = headerField(headers, 'Plural-Forms');
  // msgfmt only asks for Plural-Forms when the catalog has plural entries; so do we.
  if (value === undefined && !hasPlurals) return DEFAULT_PLURAL_RULE;
  return parsePluralFormsHeader(value, file, warnings);
}

/**
 * The frozen `Catalog` of a gettext file (PO or MO): its tables and header fields, the plural
 * rule of its `Plural-Forms` header (defaulted when there is none and `hasPlurals` is false;
 * warnings about the header join `warnings`), and empty Tornado tables.
 */
export function gettextCatalog(
  format: 'po' | 'mo',
  file: string,
  parts: {
    readonly messages: ReadonlyMap<string, string>;
    readonly pluralForms: ReadonlyMap<string, readonly string[]>;
    readonly pluralIds: ReadonlyMap<string, string>;
    readonly headers: ReadonlyMap<string, string>;
    /** Whether the file has plural entries (then a missing `Plural-Forms` is warned about). */
    readonly hasPlurals: boolean;
  },
  warnings: LocaleKitWarning[],
): Catalog {
  const pluralRule = pluralRuleOf(parts.headers, parts.hasPlurals, file, warnings);
  return Object.freeze({
    format,
    file,
    messages: parts.messages,
    pluralForms: parts.pluralForms,
    pluralIds: parts.pluralIds,
    tornadoSingular: new Map<string, string>(),
    tornadoPlural: new Map<string, string>(),
    categoryForms: new Map(),
    pluralRule,
    headers: parts.headers,
    warnings: Object.freeze(warnings),
  });
}

/**
 * A copy of `s` that does not keep the whole decoded file alive. V8 represents a slice of a long
 * string as a view of it; the catalog outlives the file text, so every string stored in it is
 * copied out (prepending a character forces a flat copy that the slice then views).
 */
function detach(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/**
 * The runtime `Catalog` of a PO file: what msgfmt would compile (no fuzzy entries but the header,
 * no untranslated ones, no obsolete ones), keyed as the `.mo` is.
 */
export function parsePo(input: Uint8Array | string, options: ParseOptions = {}): Catalog {
  const file = options.file ?? DEFAULT_FILE;
  const warnings: LocaleKitWarning[] = [];
  const doc = parseDocumentWithWarnings(input, file, warnings, false);
  const messages = new Map<string, string>();
  const pluralForms = new Map<string, readonly string[]>();
  const pluralIds = new Map<string, string>();
  const seen = new Map<string, number>();
  let hasPlurals = false;
  for (const entry of doc.entries) {
    if (entry.obsolete) continue;
    const key = internKey(messageKey(entry.msgctxt, entry.msgid));
    const firstLine = seen.get(key);
    if (firstLine !== undefined) {
      warnings.push({
        code: 'W_PO_DUPLICATE',
        file,
        line: entry.msgidLine,
        message: `duplicate message ${JSON.stringify(entry.msgid.slice(0, 60))}${entry.msgctxt !== undefined ? ` (context ${JSON.stringify(entry.msgctxt)})` : ''}, first on line ${firstLine}; the last one wins`,
      });
      messages.delete(key);
      pluralForms.delete(key);
      pluralIds.delete(key);
    }
    seen.set(key, entry.msgidLine);
    if (entry.msgidPlural !== undefined) hasPlurals = true;
    if (entry.flags.includes('fuzzy')) continue;
    const first = entry.msgstr[0];
    if (first === undefined || first === '') continue;
    if (entry.msgidPlural === undefined) messages.set(key, detach(first));
    else {
      pluralForms.set(key, Object.freeze(entry.msgstr.map(detach)));
      pluralIds.set(key, detach(entry.msgidPlural));
    }
  }
  const parts = { messages, pluralForms, pluralIds, headers: doc.headers, hasPlurals };
  return gettextCatalog('po', file, parts, warnings);
}

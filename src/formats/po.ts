import { Buffer } from 'node:buffer';
import { type Catalog, CONTEXT_SEPARATOR, type ParseOptions } from './catalog.js';
import { type BytesDecoder, decodeUtf8, decoderForCharset, firstInvalidUtf8 } from './charset.js';
import { LocaleKitError, type LocaleKitWarning } from '../errors.js';
import { gettextCatalog } from './gettext-catalog.js';
import { charsetOfHeader, parseHeaderFields } from './header.js';
import type { PoDocument, PoEntry } from './po-document.js';

export { headerField, parseHeaderFields } from './header.js';

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
    // Not String.fromCharCode(...bytes): 200,000 escapes would overflow the stack.
    if (ascii) out += Buffer.from(bytes).toString('latin1');
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
  // A raw NUL ends the literal too; found once, as a search per escape would be quadratic.
  const nul = body.indexOf('\u0000');
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
    if (nul !== -1 && nul >= last && (i === -1 || nul < i)) {
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
  /** For a header candidate (`msgid ""`, no context): the line of each piece of its msgstr. */
  headerPieces: { readonly line: number; readonly length: number }[] | undefined;
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
    headerPieces: undefined,
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

/** The line each header field starts on, from the msgstr's pieces; '' is the entry's own line. */
function headerFieldLines(header: PoEntry, pieces: Draft['headerPieces']): Map<string, number> {
  const lines = new Map<string, number>([['', header.msgidLine]]);
  const text = header.msgstr[0] ?? '';
  let piece = 0;
  let pieceEnd = pieces?.[0]?.length ?? text.length;
  for (let start = 0; start < text.length; ) {
    let nl = text.indexOf('\n', start);
    if (nl === -1) nl = text.length;
    while (pieces !== undefined && start >= pieceEnd && piece + 1 < pieces.length) {
      piece++;
      pieceEnd += (pieces[piece] as { length: number }).length;
    }
    const colon = text.indexOf(':', start);
    if (colon !== -1 && colon < nl) {
      lines.set(text.slice(start, colon).trim(), pieces?.[piece]?.line ?? header.msgidLine);
    }
    start = nl + 1;
  }
  return lines;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** A keyword at the start of a line: its name and, for `msgstr[N]`, N. */
interface KeywordToken {
  readonly keyword: 'msgctxt' | 'msgid' | 'msgid_plural' | 'msgstr' | 'domain';
  readonly index: number;
  /** Where its strings start. */
  readonly end: number;
}

/**
 * The PO parser, one handler per kind of line (as Babel's `PoFileParser`): blank lines, comments
 * (`#`, `#.`, `#:`, `#,`, `#|`), obsolete lines (`#~`, handed back to the other handlers),
 * continuation strings and keywords. Entries are built in a `Draft` and completed when the next
 * entry starts.
 */
class PoParser {
  readonly #ctx: Context;
  readonly #text: string;
  readonly #entries: PoEntry[] = [];
  #header: PoEntry | undefined;
  #headerLines: Map<string, number> = new Map();
  #draft: Draft | undefined;
  #lineNo = 0;

  constructor(text: string, ctx: Context) {
    this.#text = text;
    this.#ctx = ctx;
  }

  parse(): PoDocument {
    const text = this.#text;
    const len = text.length;
    let pos = this.#skipBom();
    while (pos < len) {
      this.#lineNo++;
      let nl = text.indexOf('\n', pos);
      if (nl === -1) nl = len;
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === 0x0d) end--;
      let start = pos;
      pos = nl + 1;
      while (start < end && isBlank(text.charCodeAt(start))) start++;
      if (start < end) this.#line(start, end, false);
    }
    if (this.#draft !== undefined) this.#complete(this.#draft);
    const header = this.#header;
    return {
      header,
      headers: header === undefined ? new Map() : parseHeaderFields(header.msgstr[0] ?? ''),
      headerLines: this.#headerLines,
      entries: this.#entries,
      charset: this.#ctx.charset,
      bom: text.charCodeAt(0) === 0xfeff,
      lineEnding: lineEndingOf(text),
      warnings: this.#ctx.warnings,
    };
  }

  #skipBom(): number {
    if (this.#text.charCodeAt(0) !== 0xfeff) return 0;
    this.#warn(
      'W_PO_BOM',
      1,
      'the file starts with a byte order mark, which GNU msgfmt rejects; remove it',
    );
    return 1;
  }

  #warn(code: string, line: number, message: string): void {
    this.#ctx.warnings.push({ code, file: this.#ctx.file, line, message });
  }

  /** One non-blank line, `text[start, end)`, dispatched on its first character. */
  #line(start: number, end: number, obsolete: boolean): void {
    const c = this.#text.charCodeAt(start);
    if (c === 0x23 /* # */) this.#comment(start, end, obsolete);
    else if (c === 0x22 /* " */) this.#continuation(start, end);
    else this.#keyword(start, end, obsolete);
  }

  /** The draft a comment line belongs to: a comment after a complete entry starts the next one. */
  #draftForComment(): Draft {
    const draft = this.#draft;
    if (draft !== undefined && draft.msgstr.length > 0) {
      this.#complete(draft);
      this.#draft = undefined;
    }
    this.#draft ??= newDraft(this.#lineNo);
    return this.#draft;
  }

  #comment(start: number, end: number, obsolete: boolean): void {
    const text = this.#text;
    const kind = text.charCodeAt(start + 1);
    if (kind === 0x7e /* ~ */ && !obsolete) {
      this.#obsolete(start + 2, end);
      return;
    }
    if (obsolete && kind !== 0x7c /* | */) return; // `#~ #…`: a comment inside an obsolete entry
    const draft = this.#draftForComment();
    if (!this.#ctx.keepComments && kind !== 0x2c /* , */) return;
    const rest = text.slice(start + 2, end);
    switch (kind) {
      case 0x2e /* . */:
        (draft.extractedComments ??= []).push(dropOneSpace(rest));
        break;
      case 0x3a /* : */:
        for (const ref of splitWords(rest)) (draft.references ??= []).push(ref);
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
  }

  /** `#~ …`: the rest of the line is read as a live line would be, marked obsolete. */
  #obsolete(start: number, end: number): void {
    while (start < end && isBlank(this.#text.charCodeAt(start))) start++;
    if (start === end) return;
    if (this.#text.charCodeAt(start) === 0x7c /* | */) {
      // `#~|` previous msgid of an obsolete entry
      this.#comment(start - 1, end, true);
      return;
    }
    this.#line(start, end, true);
  }

  /** A line that is only strings: they extend the field of the last keyword. */
  #continuation(start: number, end: number): void {
    const draft = this.#draft;
    if (draft?.field === undefined) {
      throw syntax(
        this.#ctx,
        this.#lineNo,
        'string without a keyword',
        'start the entry with msgid "…"',
      );
    }
    const more = readStrings(this.#text, start, end, this.#ctx, this.#lineNo) ?? '';
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
        draft.headerPieces?.push({ line: this.#lineNo, length: more.length });
        break;
      }
      case 'domain':
        break;
    }
  }

  #readKeyword(start: number, end: number): KeywordToken {
    const text = this.#text;
    let k = start;
    while (k < end) {
      const ch = text.charCodeAt(k);
      if ((ch >= 0x61 && ch <= 0x7a) || ch === 0x5f) k++;
      else break;
    }
    const word = text.slice(start, k);
    let index = -1;
    if (word === 'msgstr' && text.charCodeAt(k) === 0x5b /* [ */) {
      const close = text.indexOf(']', k);
      const digits = close === -1 || close > end ? '' : text.slice(k + 1, close).trim();
      if (digits.length < 1 || digits.length > 3 || !isDigits(digits)) {
        throw syntax(this.#ctx, this.#lineNo, 'bad msgstr[N] index', 'write msgstr[0], msgstr[1]…');
      }
      index = Number(digits);
      k = close + 1;
    } else if (
      word !== 'msgctxt' &&
      word !== 'msgid' &&
      word !== 'msgid_plural' &&
      word !== 'msgstr' &&
      word !== 'domain'
    ) {
      throw syntax(
        this.#ctx,
        this.#lineNo,
        `unknown keyword ${JSON.stringify(text.slice(start, Math.min(end, start + 20)))}`,
        'lines start with msgctxt, msgid, msgid_plural, msgstr, msgstr[N], "…" or #',
      );
    }
    const after = text.charCodeAt(k);
    if (k < end && !isBlank(after) && after !== 0x22) {
      throw syntax(
        this.#ctx,
        this.#lineNo,
        `unknown keyword ${JSON.stringify(text.slice(start, k + 1))}`,
        'check the spelling',
      );
    }
    return { keyword: word as KeywordToken['keyword'], index, end: k };
  }

  #keyword(start: number, end: number, obsolete: boolean): void {
    const token = this.#readKeyword(start, end);
    // A keyword alone on its line takes the strings on the next lines (GNU's lexer is
    // token-based); an entry with no string at all is "" — msgfmt calls that a syntax error.
    const value = readStrings(this.#text, token.end, end, this.#ctx, this.#lineNo) ?? '';
    const draft = this.#draft;
    if (draft !== undefined && obsolete !== draft.obsolete && draft.msgid !== undefined) {
      if (draft.msgstr.length === 0) {
        throw syntax(
          this.#ctx,
          this.#lineNo,
          'obsolete (#~) entry is mixed with a live one',
          'prefix every line of the entry with #~, or none',
        );
      }
      this.#complete(draft);
      this.#draft = undefined;
    }
    switch (token.keyword) {
      case 'domain':
        this.#completeIfDone();
        return;
      case 'msgctxt':
      case 'msgid':
        this.#msgid(token.keyword, value, obsolete);
        return;
      case 'msgid_plural':
        this.#msgidPlural(value);
        return;
      case 'msgstr':
        this.#msgstr(token.index, value);
    }
  }

  #completeIfDone(): void {
    if (this.#draft !== undefined && this.#draft.msgstr.length > 0) {
      this.#complete(this.#draft);
      this.#draft = undefined;
    }
  }

  /** `msgctxt` or `msgid`: starts an entry (or continues the one its comments began). */
  #msgid(keyword: 'msgctxt' | 'msgid', value: string, obsolete: boolean): void {
    this.#completeIfDone();
    let draft = this.#draft;
    if (draft === undefined) {
      draft = newDraft(this.#lineNo);
      this.#draft = draft;
    } else if (draft.msgid !== undefined) {
      throw syntax(
        this.#ctx,
        draft.msgidLine,
        "missing 'msgstr' section",
        'every msgid needs a msgstr (msgstr "" if not translated yet)',
      );
    } else if (keyword === 'msgctxt' && draft.msgctxt !== undefined) {
      throw syntax(this.#ctx, this.#lineNo, 'second msgctxt', 'an entry has one msgctxt');
    }
    draft.obsolete = obsolete;
    draft.msgidLine = this.#lineNo;
    if (keyword === 'msgctxt') draft.msgctxt = value;
    else draft.msgid = value;
    draft.field = keyword;
  }

  #msgidPlural(value: string): void {
    const draft = this.#draft;
    if (draft?.msgid === undefined || draft.msgidPlural !== undefined || draft.msgstr.length > 0) {
      throw syntax(
        this.#ctx,
        this.#lineNo,
        'msgid_plural must follow msgid',
        'write msgid "…" then msgid_plural "…"',
      );
    }
    draft.msgidPlural = value;
    draft.field = 'msgid_plural';
  }

  /** `msgstr` (`index` -1) or `msgstr[index]`. */
  #msgstr(index: number, value: string): void {
    const draft = this.#draft;
    const ctx = this.#ctx;
    const lineNo = this.#lineNo;
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
      if (draft.msgstr.length > 0)
        throw syntax(ctx, lineNo, 'second msgstr', 'an entry has one msgstr');
      if (draft.msgid === '' && draft.msgctxt === undefined && !draft.obsolete) {
        draft.headerPieces = [{ line: lineNo, length: value.length }];
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
  }

  /** Files a finished draft: as the header, as an entry, or (comments only) nowhere. */
  #complete(d: Draft): void {
    const ctx = this.#ctx;
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
      if (this.#header !== undefined) {
        this.#warn(
          'W_PO_DUPLICATE',
          entry.msgidLine,
          `a second header entry (the first is on line ${this.#header.msgidLine}); the last one wins`,
        );
      }
      this.#header = entry;
      this.#headerLines = headerFieldLines(entry, d.headerPieces);
      return;
    }
    if (!entry.obsolete) this.#checkSeparator(entry);
    this.#entries.push(entry);
  }

  /** `\x04` in a msgctxt or msgid would make its key ambiguous; msgfmt -c refuses it. */
  #checkSeparator(entry: PoEntry): void {
    for (const [name, value] of [
      ['msgctxt', entry.msgctxt],
      ['msgid', entry.msgid],
    ] as const) {
      if (value?.includes(CONTEXT_SEPARATOR)) {
        this.#warn(
          'W_PO_CONTEXT_SEPARATOR',
          entry.msgidLine,
          `the ${name} holds the context separator \\004 (EOT), so its key reads as another context and message; remove it (msgfmt -c refuses it)`,
        );
      }
    }
  }
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Whitespace-separated words (a `#:` line's references). */
function splitWords(s: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0x20;
    const space = c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
    if (space) {
      if (start !== -1) words.push(s.slice(start, i));
      start = -1;
    } else if (start === -1) start = i;
  }
  return words;
}

/** `\r\n` when the first line ends so, else `\n`. */
function lineEndingOf(text: string): '\n' | '\r\n' {
  const nl = text.indexOf('\n');
  return nl > 0 && text.charCodeAt(nl - 1) === 0x0d ? '\r\n' : '\n';
}

/**
 * The charset the header entry declares, found by a linear scan of the lines before parsing (the
 * text is the raw bytes read as Latin-1: the header is ASCII in every charset gettext allows).
 * The header is the first entry whose msgid is `""` (continuation lines all `""`), with no
 * msgctxt, not obsolete; its msgstr strings are joined raw and read by `charsetOfHeader`.
 */
export function sniffPoCharset(text: string): string | undefined {
  const len = text.length;
  let pos = 0;
  /** 'id': inside `msgid ""` still empty; 'str': inside its msgstr; 'other': anything else. */
  let state: 'none' | 'ctxt' | 'id' | 'str' | 'other' = 'none';
  let raw = '';
  while (pos < len) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = len;
    let start = pos;
    pos = end + 1;
    while (start < end && isBlank(text.charCodeAt(start))) start++;
    while (end > start && (text.charCodeAt(end - 1) === 0x0d || isBlank(text.charCodeAt(end - 1))))
      end--;
    if (start === end) continue;
    const c = text.charCodeAt(start);
    if (c === 0x22 /* " */) {
      if (state === 'str') raw += text.slice(start, end);
      else if (state === 'id' && end - start !== 2) state = 'other';
      continue;
    }
    if (state === 'str') break;
    if (c === 0x23 /* # */) {
      state = 'none';
      continue;
    }
    const word = keywordAt(text, start, end);
    if (word === 'msgctxt') state = 'ctxt';
    else if (word === 'msgid') {
      const rest = text.slice(start + 5, end).trim();
      state = state !== 'ctxt' && rest === '""' ? 'id' : 'other';
    } else if (word === 'msgstr' && state === 'id') {
      state = 'str';
      raw = text.slice(start + 6, end);
    } else state = 'other';
  }
  if (state !== 'str') return undefined;
  return charsetOfHeader(unescapeRaw(raw));
}

function keywordAt(text: string, start: number, end: number): string {
  let k = start;
  while (k < end) {
    const ch = text.charCodeAt(k);
    if ((ch >= 0x61 && ch <= 0x7a) || ch === 0x5f) k++;
    else break;
  }
  return text.slice(start, k);
}

/** The joined bodies of raw `"…"` strings with `\n`, `\"` and `\\` resolved (enough for fields). */
function unescapeRaw(raw: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '"') {
      inString = !inString;
      continue;
    }
    if (!inString) continue;
    if (c === '\\') {
      const next = raw[++i] ?? '';
      out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else out += c;
  }
  return out;
}

/**
 * The header's charset, read from the raw bytes as Latin-1 with one linear scan (no regular
 * expression: a backtracking one took 42 s on a 1,394-byte file). `undefined`: none declared.
 */
function sniffCharset(input: Uint8Array | string): string | undefined {
  if (typeof input === 'string') return sniffPoCharset(input);
  return sniffPoCharset(
    Buffer.from(input.buffer, input.byteOffset, input.length).toString('latin1'),
  );
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
  const doc = new PoParser(text, { file, warnings, decodeBytes, charset, keepComments }).parse();
  // The sniffer reads raw lines; should the parsed header say otherwise, it wins.
  const declared = charsetOfHeader(doc.headers);
  if (
    declared !== undefined &&
    declared.toUpperCase() !== 'CHARSET' &&
    declared.toLowerCase() !== charset.toLowerCase() &&
    !(decoderForCharset(declared) === decodeUtf8 && decodeBytes === decodeUtf8)
  ) {
    warnings.length = 0;
    const again = decodePo(input, declared, file);
    return new PoParser(again.text, {
      file,
      warnings,
      decodeBytes: again.decodeBytes,
      charset: declared,
      keepComments,
    }).parse();
  }
  return doc;
}

/**
 * The runtime `Catalog` of a PO document: what msgfmt would compile (no fuzzy entries but the
 * header, no untranslated ones, no obsolete ones), keyed as the `.mo` is. The document's own
 * warnings come first, then the catalog's (duplicates, Plural-Forms).
 */
export function catalogFromPoDocument(doc: PoDocument, options: ParseOptions = {}): Catalog {
  return gettextCatalog('po', options.file ?? DEFAULT_FILE, doc, [...doc.warnings]);
}

/** The runtime `Catalog` of a PO file: `parsePoDocument`, then `catalogFromPoDocument`. */
export function parsePo(input: Uint8Array | string, options: ParseOptions = {}): Catalog {
  const file = options.file ?? DEFAULT_FILE;
  // Comments are not read here: lookups never need them, and a 50,000-entry file loads faster.
  const doc = parseDocumentWithWarnings(input, file, [], false);
  return catalogFromPoDocument(doc, { file });
}

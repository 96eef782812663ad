import { charsetOfHeader } from './header.js';
import {
  BREAK_POSSIBLE,
  BREAK_PROHIBITED,
  BREAK_UNDEFINED,
  isCjkCharset,
  widthBreaks,
} from './linebreak.js';
import type { PoDocument, PoEntry } from './po-document.js';

/** Options of `serializePo`. */
export interface PoWriteOptions {
  /**
   * Wrap long strings and `#:` lines at this many columns, as GNU `xgettext`/`msgcat` do
   * (their default page width is 79). `0` or `Infinity` disables wrapping.
   * @default 79
   */
  readonly width?: number;
  /**
   * The charset the text will be written in: in a legacy CJK charset (EUC-JP, EUC-KR, BIG5,
   * GB2312…) GNU counts ambiguous-width characters as two columns. `serializePo` reads it from
   * the header when not given.
   * @default 'UTF-8'
   */
  readonly charset?: string;
}

/** A PO document as the CLI builds it: the header entry plus the others. */
export interface PoDocumentLike {
  readonly header: PoEntry | undefined;
  readonly entries: readonly PoEntry[];
}

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
};

/** The C escaping GNU gettext writes inside PO string quotes (write-po.c: the ANSI C escapes). */
export function escapePoString(value: string): string {
  return value.replace(/[\\"\n\t\r\u0007\b\f\v]/g, (ch) => ESCAPES[ch] ?? ch);
}

/** A fresh `PoEntry` with every list empty; what the CLI builds entries from. */
export function makePoEntry(fields: Partial<PoEntry> & { msgid: string }): PoEntry {
  const entry: {
    -readonly [K in keyof PoEntry]: PoEntry[K];
  } = {
    msgid: fields.msgid,
    msgstr: fields.msgstr ?? [''],
    translatorComments: fields.translatorComments ?? [],
    extractedComments: fields.extractedComments ?? [],
    references: fields.references ?? [],
    flags: fields.flags ?? [],
    previous: fields.previous ?? [],
    obsolete: fields.obsolete ?? false,
    line: fields.line ?? 0,
    msgidLine: fields.msgidLine ?? 0,
  };
  if (fields.msgctxt !== undefined) entry.msgctxt = fields.msgctxt;
  if (fields.msgidPlural !== undefined) entry.msgidPlural = fields.msgidPlural;
  return entry;
}

/** The escaped form of one character, as GNU writes it (write-po.c). */
function escapeChar(ch: string): string {
  return ESCAPES[ch] ?? ch;
}

/** Per-line context of `writeString`: how GNU's `wrap()` lays a string out. */
interface WrapContext {
  /** `#~ `, `#| `, `#~| ` or `` (write-po.c's `line_prefix`). */
  readonly prefix: string;
  /** The page width (79); `Infinity` for `no-wrap` entries. */
  readonly width: number;
  /** The catalog's charset is a legacy CJK one (wider ambiguous characters). */
  readonly cjk: boolean;
}

/**
 * One keyword and its string, as GNU gettext's `wrap()` writes it: the value is cut after each
 * `\n` into portions; each portion is escaped and broken where Unicode line breaking (UAX #14,
 * libunistring's classes and column widths, see linebreak.ts) allows, at the last opportunity
 * before the line would pass the page width; never inside an escape sequence, never just before
 * a final `\n`. A string that holds an inner newline, or that does not fit after the keyword,
 * starts with `""`.
 */
function writeString(out: string[], keyword: string, value: string, ctx: WrapContext) {
  const { prefix } = ctx;
  let first = true;
  let s = value;
  do {
    const nl = s.indexOf('\n');
    const portion = nl === -1 ? s : s.slice(0, nl + 1);
    s = nl === -1 ? '' : s.slice(nl + 1);
    const chars: string[] = [];
    const cps: number[] = [];
    const overrides: number[] = [];
    for (const ch of portion) {
      const escaped = escapeChar(ch);
      for (let k = 0; k < escaped.length; k++) {
        chars.push(escaped[k] as string);
        cps.push(escaped.charCodeAt(k));
        overrides.push(k === 0 ? BREAK_UNDEFINED : BREAK_PROHIBITED);
      }
      if (escaped.length === 1 && ch.length === 2) {
        chars[chars.length - 1] = ch;
        cps[cps.length - 1] = ch.codePointAt(0) as number;
      }
    }
    if (portion.endsWith('\n') && overrides.length >= 2)
      overrides[overrides.length - 2] = BREAK_PROHIBITED;
    const afterBreak = prefix.length + 1;
    const width = (Number.isFinite(ctx.width) ? ctx.width : 0x7fffffff) - 1 - afterBreak;
    const ov = Uint8Array.from(overrides);
    let startColumn = prefix.length + (first ? keyword.length + 1 : 0) + 1 - afterBreak;
    let breaks = widthBreaks(cps, width, startColumn, ov, ctx.cjk);
    if (
      first &&
      chars.length > 0 &&
      (s !== '' || startColumn > width || breaks.includes(BREAK_POSSIBLE))
    ) {
      out.push(`${prefix}${keyword} ""`);
      first = false;
      startColumn = 0;
      breaks = widthBreaks(cps, width, startColumn, ov, ctx.cjk);
    }
    let line = `${prefix}${first ? `${keyword} ` : ''}"`;
    first = false;
    for (let i = 0; i < chars.length; i++) {
      if (breaks[i] === BREAK_POSSIBLE) {
        out.push(`${line}"`);
        line = `${prefix}"`;
      }
      line += chars[i];
    }
    out.push(`${line}"`);
  } while (s !== '');
}

function writeReferences(out: string[], references: readonly string[], width: number) {
  if (references.length === 0) return;
  const wrap = width > 0 && Number.isFinite(width);
  let line = '#:';
  for (const ref of references) {
    if (wrap && line !== '#:' && line.length + 1 + ref.length > width) {
      out.push(line);
      line = '#:';
    }
    line += ` ${ref}`;
  }
  out.push(line);
}

const UNESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\u0007',
  b: '\b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

/**
 * The keywords and values of `#|` lines as the parser keeps them (`msgid "…"`, then `"…"`
 * continuations), so they can be wrapped again as GNU rewraps them; `undefined` (write them as
 * they are) for anything else, octal and hex escapes included.
 */
function parsePrevious(lines: readonly string[]): [string, string][] | undefined {
  if (lines.length === 0) return undefined;
  const fields: [string, string][] = [];
  for (const raw of lines) {
    const line = raw.replace(/^#~?\|\s*/, '');
    const m = /^(?:(msgctxt|msgid|msgid_plural)\s+)?"((?:[^"\\]|\\[ntrabfv\\"])*)"\s*$/.exec(line);
    if (!m) return undefined;
    const value = (m[2] as string).replace(/\\(.)/g, (_, c: string) => UNESCAPES[c] ?? c);
    if (m[1] !== undefined) fields.push([m[1], value]);
    else {
      const last = fields[fields.length - 1];
      if (!last) return undefined;
      last[1] += value;
    }
  }
  return fields;
}

/** Whether GNU wraps this entry's strings: `no-wrap` turns it off, `wrap` on (default on). */
function wrapsEntry(entry: PoEntry): boolean {
  return !entry.flags.includes('no-wrap') || entry.flags.includes('wrap');
}

/** One entry's lines, GNU order: `#`, `#.`, `#:`, `#,`, `#|`, then the keywords. */
export function serializePoEntry(entry: PoEntry, options: PoWriteOptions = {}): string[] {
  const width = options.width ?? 79;
  const pageWidth = width > 0 && Number.isFinite(width) ? width : Infinity;
  const cjk = options.charset !== undefined && isCjkCharset(options.charset);
  const out: string[] = [];
  for (const c of entry.translatorComments) out.push(c === '' ? '#' : `# ${c}`);
  if (!entry.obsolete) {
    for (const c of entry.extractedComments) out.push(c === '' ? '#.' : `#. ${c}`);
    writeReferences(out, entry.references, width);
  }
  if (entry.flags.length > 0) out.push(`#, ${entry.flags.join(', ')}`);
  const entryWidth = wrapsEntry(entry) ? pageWidth : Infinity;
  // GNU writes an obsolete entry's previous msgid as `#~| msgid "…"`.
  const mark = entry.obsolete ? '#~|' : '#|';
  const previous = parsePrevious(entry.previous);
  if (previous) {
    const prevCtx: WrapContext = { prefix: `${mark} `, width: entryWidth, cjk };
    for (const [keyword, value] of previous) writeString(out, keyword, value, prevCtx);
  } else for (const p of entry.previous) out.push(/^#~?\|/.test(p) ? p : `${mark} ${p}`);
  const ctx: WrapContext = { prefix: entry.obsolete ? '#~ ' : '', width: entryWidth, cjk };
  if (entry.msgctxt !== undefined) writeString(out, 'msgctxt', entry.msgctxt, ctx);
  writeString(out, 'msgid', entry.msgid, ctx);
  if (entry.msgidPlural !== undefined) {
    writeString(out, 'msgid_plural', entry.msgidPlural, ctx);
    const forms = entry.msgstr.length > 0 ? entry.msgstr : ['', ''];
    forms.forEach((form, i) => {
      writeString(out, `msgstr[${i}]`, form, ctx);
    });
  } else {
    writeString(out, 'msgstr', entry.msgstr[0] ?? '', ctx);
  }
  return out;
}

/**
 * The `#|` lines `msgmerge --previous` writes for the msgid a fuzzy translation was made for
 * (`#| msgctxt`, `#| msgid`, `#| msgid_plural`, wrapped as GNU wraps them), without the `#| `
 * marker, as `PoEntry.previous` holds them.
 */
export function previousLines(
  prev: Pick<PoEntry, 'msgctxt' | 'msgid' | 'msgidPlural'> & { readonly flags?: readonly string[] },
  options: PoWriteOptions = {},
): string[] {
  const width = options.width ?? 79;
  const pageWidth = width > 0 && Number.isFinite(width) ? width : Infinity;
  const wraps = !(prev.flags ?? []).includes('no-wrap');
  const ctx: WrapContext = {
    prefix: '#| ',
    width: wraps ? pageWidth : Infinity,
    cjk: options.charset !== undefined && isCjkCharset(options.charset),
  };
  const out: string[] = [];
  if (prev.msgctxt !== undefined) writeString(out, 'msgctxt', prev.msgctxt, ctx);
  writeString(out, 'msgid', prev.msgid, ctx);
  if (prev.msgidPlural !== undefined) writeString(out, 'msgid_plural', prev.msgidPlural, ctx);
  return out.map((line) => line.slice(3));
}

/**
 * A PO file in GNU style: header entry first, entries in the order given, obsolete ones (`#~`)
 * last as `msgattrib`/`msgmerge` put them, a blank line between entries, msgfmt-compatible escaping.
 */
export function serializePo(
  doc: PoDocument | PoDocumentLike,
  options: PoWriteOptions = {},
): string {
  const blocks: string[] = [];
  const headerText = doc.header?.msgstr[0] ?? '';
  const declared = charsetOfHeader(headerText);
  const charset = options.charset ?? declared;
  if (charset !== undefined && options.charset === undefined) options = { ...options, charset };
  if (doc.header) blocks.push(serializePoEntry(doc.header, options).join('\n'));
  const live = doc.entries.filter((e) => !e.obsolete);
  const obsolete = doc.entries.filter((e) => e.obsolete);
  for (const entry of [...live, ...obsolete]) {
    blocks.push(serializePoEntry(entry, options).join('\n'));
  }
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

/** Formats header fields as the header entry's msgstr: `Name: value\n` per field. */
export function formatHeaderFields(fields: Iterable<readonly [string, string]>): string {
  let text = '';
  for (const [name, value] of fields) text += `${name}: ${value}\n`;
  return text;
}

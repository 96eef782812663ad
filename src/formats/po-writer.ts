import type { PoDocument, PoEntry } from './po-document.js';

/** Options of `serializePo`. */
export interface PoWriteOptions {
  /**
   * Wrap long strings and `#:` lines at this many columns, as GNU `xgettext`/`msgcat` do
   * (their default page width is 79). `0` or `Infinity` disables wrapping.
   * @default 79
   */
  readonly width?: number;
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

/**
 * Splits the escaped form of `value` into the quoted chunks GNU writes: a chunk ends after each
 * `\n`, and a chunk longer than the page is broken after a space (GNU uses Unicode line breaking;
 * spaces are by far the common case). Escape sequences are never split.
 */
function wrapChunks(value: string, firstColumn: number, width: number): string[] {
  const portions: string[] = [];
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\n' && i + 1 < value.length) {
      portions.push(value.slice(start, i + 1));
      start = i + 1;
    }
  }
  portions.push(value.slice(start));

  const wrap = width > 0 && Number.isFinite(width);
  const oneLine = escapePoString(value);
  // GNU: a string that holds an inner newline, or does not fit after the keyword, starts with "".
  if (portions.length === 1 && (!wrap || firstColumn + oneLine.length + 2 <= width)) {
    return [oneLine];
  }
  const chunks: string[] = [''];
  for (const portion of portions) {
    if (!wrap) {
      chunks.push(escapePoString(portion));
      continue;
    }
    // Escape char by char so that a break never falls inside an escape sequence.
    const pieces = Array.from(portion, (ch) => escapePoString(ch));
    let line = '';
    let lastBreak = -1; // index in `line` just after the last space
    for (const piece of pieces) {
      line += piece;
      if (line.length + 2 > width && lastBreak > 0 && lastBreak < line.length) {
        chunks.push(line.slice(0, lastBreak));
        line = line.slice(lastBreak);
        lastBreak = line.lastIndexOf(' ') + 1 || -1;
      }
      if (piece === ' ') lastBreak = line.length;
    }
    if (line !== '' || portion === '') chunks.push(line);
  }
  return chunks;
}

function writeString(out: string[], prefix: string, keyword: string, value: string, width: number) {
  const head = `${prefix}${keyword} `;
  const chunks = wrapChunks(value, head.length, width);
  out.push(`${head}"${chunks[0] ?? ''}"`);
  for (const chunk of chunks.slice(1)) out.push(`${prefix}"${chunk}"`);
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

/** One entry's lines, GNU order: `#`, `#.`, `#:`, `#,`, `#|`, then the keywords. */
export function serializePoEntry(entry: PoEntry, options: PoWriteOptions = {}): string[] {
  const width = options.width ?? 79;
  const out: string[] = [];
  for (const c of entry.translatorComments) out.push(c === '' ? '#' : `# ${c}`);
  if (!entry.obsolete) {
    for (const c of entry.extractedComments) out.push(c === '' ? '#.' : `#. ${c}`);
    writeReferences(out, entry.references, width);
  }
  if (entry.flags.length > 0) out.push(`#, ${entry.flags.join(', ')}`);
  // GNU writes an obsolete entry's previous msgid as `#~| msgid "…"`.
  const mark = entry.obsolete ? '#~|' : '#|';
  for (const p of entry.previous) out.push(/^#~?\|/.test(p) ? p : `${mark} ${p}`);
  const prefix = entry.obsolete ? '#~ ' : '';
  if (entry.msgctxt !== undefined) writeString(out, prefix, 'msgctxt', entry.msgctxt, width);
  writeString(out, prefix, 'msgid', entry.msgid, width);
  if (entry.msgidPlural !== undefined) {
    writeString(out, prefix, 'msgid_plural', entry.msgidPlural, width);
    const forms = entry.msgstr.length > 0 ? entry.msgstr : ['', ''];
    forms.forEach((form, i) => {
      writeString(out, prefix, `msgstr[${i}]`, form, width);
    });
  } else {
    writeString(out, prefix, 'msgstr', entry.msgstr[0] ?? '', width);
  }
  return out;
}

/**
 * The `#|` lines `msgmerge --previous` writes for the msgid a fuzzy translation was made for
 * (`#| msgctxt`, `#| msgid`, `#| msgid_plural`, wrapped as GNU wraps them), without the `#| `
 * marker, as `PoEntry.previous` holds them.
 */
export function previousLines(
  prev: Pick<PoEntry, 'msgctxt' | 'msgid' | 'msgidPlural'>,
  options: PoWriteOptions = {},
): string[] {
  const width = options.width ?? 79;
  const out: string[] = [];
  if (prev.msgctxt !== undefined) writeString(out, '#| ', 'msgctxt', prev.msgctxt, width);
  writeString(out, '#| ', 'msgid', prev.msgid, width);
  if (prev.msgidPlural !== undefined)
    writeString(out, '#| ', 'msgid_plural', prev.msgidPlural, width);
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

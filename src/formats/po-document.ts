/**
 * A PO file as written, losslessly enough for the CLI to check, merge and rewrite it
 * (`parsePoDocument` in po.ts reads it; the CLI's writer prints it). The runtime `Catalog`
 * is built from this and drops what lookups do not need (fuzzy entries, comments, obsolete ones).
 */
export interface PoEntry {
  /** `msgctxt`, when present (the empty string is a real, different context). */
  readonly msgctxt?: string;
  readonly msgid: string;
  /** `msgid_plural`, when present. */
  readonly msgidPlural?: string;
  /** `msgstr` (one item) or `msgstr[0..n-1]` (plural entries), decoded. */
  readonly msgstr: readonly string[];
  /** `#` translator comments, one per line, without the leading `# `. */
  readonly translatorComments: readonly string[];
  /** `#.` extracted comments. */
  readonly extractedComments: readonly string[];
  /** `#:` references, split on whitespace (`src/app.js:12`). */
  readonly references: readonly string[];
  /** `#,` flags (`fuzzy`, `c-format`, `no-c-format`…). */
  readonly flags: readonly string[];
  /** `#|` previous msgid/msgctxt lines, raw. */
  readonly previous: readonly string[];
  /** `#~` obsolete entry. */
  readonly obsolete: boolean;
  /** 1-based line of the entry's first line (its first comment or keyword). */
  readonly line: number;
  /** 1-based line of the `msgid` keyword. */
  readonly msgidLine: number;
}

import type { LocaleKitWarning } from '../errors.js';

export interface PoDocument {
  /** The header entry (`msgid ""`), when present; it is not among `entries`. */
  readonly header: PoEntry | undefined;
  /** Parsed header fields in order (`Content-Type`, `Plural-Forms`…). */
  readonly headers: ReadonlyMap<string, string>;
  /** Every entry but the header, in file order, obsolete ones included (flagged). */
  readonly entries: readonly PoEntry[];
  /** The line each header field starts on (names as in `headers`; `''`: the header entry's `msgid`). */
  readonly headerLines: ReadonlyMap<string, number>;
  /** The charset the bytes were decoded with (from `Content-Type`, else UTF-8). */
  readonly charset: string;
  /** Whether the text started with a byte order mark (GNU rejects it; `W_PO_BOM`). */
  readonly bom: boolean;
  /** The line ending of the first line. */
  readonly lineEnding: '\n' | '\r\n';
  /** What the parser warned about (`W_PO_BOM`, `W_PO_NUL`, `W_PO_CONTEXT_SEPARATOR`, a second header). */
  readonly warnings: readonly LocaleKitWarning[];
}

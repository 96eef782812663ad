import { type Catalog, messageKey, type PluralRule } from './catalog.js';
import type { LocaleKitWarning } from '../errors.js';
import { headerField } from './header.js';
import { internKey } from './intern.js';
import { DEFAULT_PLURAL_RULE, parsePluralFormsHeader } from './plural-forms.js';

/**
 * The runtime `Catalog` of a gettext document, PO or MO: one builder, so both formats answer
 * lookups the same way (what msgfmt compiles, read as GNU's `dcigettext` and Python's
 * `GNUTranslations` read it).
 */

/** What the builder reads of an entry: a `PoEntry` or an `MoEntry`. */
export interface GettextEntryLike {
  readonly msgctxt?: string | undefined;
  readonly msgid: string;
  readonly msgidPlural?: string | undefined;
  readonly msgstr: readonly string[];
  /** `#,` flags (PO); `fuzzy` entries are not served. */
  readonly flags?: readonly string[];
  /** `#~` (PO); obsolete entries are not served. */
  readonly obsolete?: boolean;
  /** 1-based line of the `msgid` (PO), for warnings. */
  readonly msgidLine?: number;
}

/** The document the builder reads: its entries (header excluded) and header fields. */
export interface GettextDocumentLike {
  readonly entries: readonly GettextEntryLike[];
  readonly headers: ReadonlyMap<string, string>;
  /** Line of each header field, when the format has lines (PO). */
  readonly headerLines?: ReadonlyMap<string, number>;
}

/**
 * The rule of `Plural-Forms`. Its warnings go on the field's line, else the header's, else (no
 * header at all) the first plural entry's.
 */
function pluralRuleOf(
  doc: GettextDocumentLike,
  firstPluralLine: number | undefined,
  hasPlurals: boolean,
  file: string,
  warnings: LocaleKitWarning[],
): PluralRule {
  const value = headerField(doc.headers, 'Plural-Forms');
  // msgfmt only asks for Plural-Forms when the catalog has plural entries; so do we.
  if (value === undefined && !hasPlurals) return DEFAULT_PLURAL_RULE;
  const line =
    (doc.headerLines === undefined ? undefined : fieldLine(doc.headerLines, value)) ??
    firstPluralLine;
  return parsePluralFormsHeader(value, file, warnings, line);
}

/** The line of the `Plural-Forms` field, else of the header itself (stored under ''). */
function fieldLine(
  lines: ReadonlyMap<string, number>,
  value: string | undefined,
): number | undefined {
  if (value !== undefined) {
    for (const [name, line] of lines) if (name.toLowerCase() === 'plural-forms') return line;
  }
  return lines.get('');
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
 * The frozen `Catalog` of a gettext document: what msgfmt would compile (no fuzzy entries, no
 * untranslated ones, no obsolete ones), keyed as the `.mo` is (`messageKey(ctx, msgid)`); a
 * repeated message warns (`W_PO_DUPLICATE` / `W_MO_DUPLICATE`) and the last one wins; a plural
 * entry with a later form empty keeps it, as msgfmt and Python do. The plural rule comes from
 * `Plural-Forms`, defaulted when it is missing and the catalog has no plural entries.
 * `warnings` (the parser's) is extended and frozen into the catalog.
 */
export function gettextCatalog(
  format: 'po' | 'mo',
  file: string,
  doc: GettextDocumentLike,
  warnings: LocaleKitWarning[],
): Catalog {
  const messages = new Map<string, string>();
  const pluralForms = new Map<string, readonly string[]>();
  const pluralIds = new Map<string, string>();
  const seen = new Map<string, number | undefined>();
  const copy = format === 'po' ? detach : (s: string) => s;
  let hasPlurals = false;
  let firstPluralLine: number | undefined;
  for (const entry of doc.entries) {
    if (entry.obsolete === true) continue;
    const key = internKey(messageKey(entry.msgctxt, entry.msgid));
    if (seen.has(key)) {
      warnings.push(duplicateWarning(format, file, entry, seen.get(key)));
      messages.delete(key);
      pluralForms.delete(key);
      pluralIds.delete(key);
    }
    seen.set(key, entry.msgidLine);
    if (entry.msgidPlural !== undefined && !hasPlurals) {
      hasPlurals = true;
      firstPluralLine = entry.msgidLine;
    }
    if (entry.flags?.includes('fuzzy') === true) continue;
    const first = entry.msgstr[0];
    if (first === undefined || first === '') continue;
    if (entry.msgidPlural === undefined) messages.set(key, copy(first));
    else {
      pluralForms.set(key, Object.freeze(entry.msgstr.map(copy)));
      pluralIds.set(key, copy(entry.msgidPlural));
    }
  }
  const pluralRule = pluralRuleOf(doc, firstPluralLine, hasPlurals, file, warnings);
  return Object.freeze({
    format,
    file,
    messages,
    pluralForms,
    pluralIds,
    tornadoSingular: new Map<string, string>(),
    tornadoPlural: new Map<string, string>(),
    categoryForms: new Map(),
    pluralRule,
    headers: doc.headers,
    warnings: Object.freeze(warnings),
  });
}

function duplicateWarning(
  format: 'po' | 'mo',
  file: string,
  entry: GettextEntryLike,
  firstLine: number | undefined,
): LocaleKitWarning {
  const what = `${JSON.stringify(entry.msgid.slice(0, 60))}${entry.msgctxt !== undefined ? ` (context ${JSON.stringify(entry.msgctxt.slice(0, 60))})` : ''}`;
  return {
    code: format === 'po' ? 'W_PO_DUPLICATE' : 'W_MO_DUPLICATE',
    file,
    ...(entry.msgidLine !== undefined ? { line: entry.msgidLine } : {}),
    message: `duplicate message ${what}${firstLine !== undefined ? `, first on line ${firstLine}` : ''}; the last one wins`,
  };
}

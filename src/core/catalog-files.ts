import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  messageKey,
  PLURAL_CATEGORIES,
  type PluralCategory,
  type PluralRule,
} from '../formats/catalog.js';
import { pythonStrip, readCsvRows } from '../formats/csv.js';
import { LocaleKitError, type LocaleKitWarning, type WarningHandler } from '../errors.js';
import { parseCatalog } from './translations.js';
import { codeToTag } from '../negotiation/negotiate.js';
import { parsePoDocument } from '../formats/po.js';
import type { PoDocument, PoEntry } from '../formats/po-document.js';
import { CODE_SHAPE, scanCatalogs } from './scan.js';
import { makePoEntry } from '../formats/po-writer.js';

/** Locale codes as Tornado names them (the same shape `loadTranslations` accepts). */
export function isLocaleCode(code: string): boolean {
  return CODE_SHAPE.test(code);
}

/** A catalog file found in a locale directory. */
export interface CatalogFile {
  readonly code: string;
  /** BCP 47 tag, for `Intl.PluralRules`. */
  readonly tag: string;
  readonly format: 'po' | 'csv' | 'mo';
  /** Absolute path. */
  readonly path: string;
  /** Path for messages: relative to the cwd, posix separators. */
  readonly file: string;
  /** Whether the server reads this file (a `.po` beside a `.mo` is not read). */
  readonly served: boolean;
}

function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return (rel.startsWith('..') ? abs : rel).split(path.sep).join('/');
}

/**
 * Every catalog file of a directory as `loadTranslations` finds it (the same scanner), sorted by
 * code then the order the server consults them, each marked `served` or not. What the scanner
 * warns about (files not named by a locale code, non-regular files) goes to `onWarning`.
 *
 * @throws LocaleKitError `E_IO` when the directory cannot be read.
 */
export async function listCatalogFiles(
  dir: string,
  options: { domain?: string; cwd?: string; onWarning?: WarningHandler } = {},
): Promise<CatalogFile[]> {
  const cwd = options.cwd ?? process.cwd();
  const root = path.resolve(cwd, dir);
  const warn: WarningHandler = (w) =>
    options.onWarning?.({ ...w, file: displayPath(path.resolve(w.file), cwd) });
  let sources: Awaited<ReturnType<typeof scanCatalogs>>;
  try {
    sources = await scanCatalogs(root, { domains: [options.domain ?? 'messages'], warn });
  } catch (error) {
    throw new LocaleKitError('E_IO', `cannot read the directory ${dir}`, {
      hint: 'give the directory that holds <code>.csv, <code>.po or <code>/LC_MESSAGES/',
      cause: error,
    });
  }
  return sources.map((s) => ({
    code: s.code,
    tag: codeToTag(s.code),
    format: s.format,
    path: s.path,
    file: displayPath(s.path, cwd),
    served: s.served,
  }));
}

/**
 * The catalogs of a directory. With `includeMo`, the files the server serves (a `.mo` wins over the
 * `.po` beside it), which is what `localekit stats` counts; without it, the files translators edit
 * (every `.csv` and `.po`, served or not), which is what `update` rewrites.
 */
export async function findCatalogFiles(
  dir: string,
  options: { domain?: string; includeMo?: boolean; cwd?: string; onWarning?: WarningHandler } = {},
): Promise<CatalogFile[]> {
  const files = await listCatalogFiles(dir, options);
  return options.includeMo ? files.filter((f) => f.served) : files.filter((f) => f.format !== 'mo');
}

/** One message of a catalog, whatever its format. */
export interface UnitEntry {
  readonly key: string;
  readonly msgctxt: string | undefined;
  readonly msgid: string;
  readonly msgidPlural: string | undefined;
  /** PO `msgstr[]`; CSV: `[translation]`, or `[singular, plural]` for a Tornado pair. */
  readonly forms: readonly string[];
  /** CSV CLDR-category rows. */
  readonly categories: ReadonlyMap<PluralCategory, string> | undefined;
  readonly fuzzy: boolean;
  readonly obsolete: boolean;
  readonly line: number;
}

/** A catalog read for the CLI: entries in file order, plus what check needs. */
export interface LoadedCatalog {
  readonly source: CatalogFile;
  readonly entries: readonly UnitEntry[];
  /** PO only. */
  readonly document: PoDocument | undefined;
  /** PO/MO header fields. */
  readonly headers: ReadonlyMap<string, string>;
  /** Duplicate keys: [key, first line, duplicate line]. */
  readonly duplicates: readonly { key: string; msgid: string; first: number; line: number }[];
  /** The catalog's plural rule (PO/MO), when it has one. */
  readonly pluralRule: PluralRule | undefined;
  /** What the server's loader warns about in this file (the same parser, the same bytes). */
  readonly warnings: readonly LocaleKitWarning[];
}

const CATEGORY_SET: ReadonlySet<string> = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);

/** Groups Tornado CSV rows into entries: plain rows, singular+plural pairs, CLDR-category rows. */
export function csvEntries(rows: readonly { line: number; cells: readonly string[] }[]): {
  entries: UnitEntry[];
  duplicates: LoadedCatalog['duplicates'];
} {
  const entries: UnitEntry[] = [];
  const duplicates: { key: string; msgid: string; first: number; line: number }[] = [];
  const firstLine = new Map<string, number>();
  const byCategory = new Map<string, { line: number; categories: Map<PluralCategory, string> }>();
  const seen = (key: string, msgid: string, line: number) => {
    const first = firstLine.get(key);
    if (first !== undefined) duplicates.push({ key, msgid, first, line });
    else firstLine.set(key, line);
  };
  // Python's str.strip, as Tornado (and the loader) trim cells: not String#trim, which also strips
  // U+FEFF and keeps U+001C–U+001F.
  const cell = (row: { cells: readonly string[] }, i: number) => pythonStrip(row.cells[i] ?? '');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as { line: number; cells: readonly string[] };
    if (row.cells.length === 0 || (row.cells.length === 1 && cell(row, 0) === '')) continue;
    const msgid = cell(row, 0);
    const translation = cell(row, 1);
    const kind = cell(row, 2);
    const base = { msgctxt: undefined, fuzzy: false, obsolete: false, line: row.line };
    /** A one-form entry: a plain row, a lone `singular` or a lone `plural` (`table` for `seen`). */
    const single = (table: string) => {
      seen(`${table}\0${msgid}`, msgid, row.line);
      entries.push({
        ...base,
        key: msgid,
        msgid,
        msgidPlural: undefined,
        forms: [translation],
        categories: undefined,
      });
    };
    if (kind === '' || kind === 'unknown') {
      single('plain');
    } else if (kind === 'singular') {
      const next = rows[i + 1];
      if (next && cell(next, 2) === 'plural') {
        seen(`singular\0${msgid}`, msgid, row.line);
        seen(`plural\0${cell(next, 0)}`, cell(next, 0), next.line);
        entries.push({
          ...base,
          key: msgid,
          msgid,
          msgidPlural: cell(next, 0),
          forms: [translation, cell(next, 1)],
          categories: undefined,
        });
        i++;
      } else {
        single('singular');
      }
    } else if (kind === 'plural') {
      single('plural');
    } else if (CATEGORY_SET.has(kind)) {
      seen(`${kind}\0${msgid}`, msgid, row.line);
      let group = byCategory.get(msgid);
      if (!group) {
        group = { line: row.line, categories: new Map() };
        byCategory.set(msgid, group);
      }
      group.categories.set(kind as PluralCategory, translation);
    }
  }
  for (const [msgid, group] of byCategory) {
    const pair = entries.find((e) => e.key === msgid && e.msgidPlural !== undefined);
    if (pair) {
      const index = entries.indexOf(pair);
      entries[index] = { ...pair, categories: group.categories };
    } else {
      entries.push({
        key: msgid,
        msgctxt: undefined,
        msgid,
        msgidPlural: undefined,
        forms: [],
        categories: group.categories,
        fuzzy: false,
        obsolete: false,
        line: group.line,
      });
    }
  }
  return { entries, duplicates };
}

/** PO document entries as `UnitEntry`s, with duplicate (ctx, id) pairs among live entries. */
export function poEntries(doc: PoDocument): {
  entries: UnitEntry[];
  duplicates: LoadedCatalog['duplicates'];
} {
  const duplicates: { key: string; msgid: string; first: number; line: number }[] = [];
  const firstLine = new Map<string, number>();
  const entries = doc.entries.map((e): UnitEntry => {
    const key = messageKey(e.msgctxt, e.msgid);
    if (!e.obsolete) {
      const first = firstLine.get(key);
      if (first !== undefined) duplicates.push({ key, msgid: e.msgid, first, line: e.msgidLine });
      else firstLine.set(key, e.msgidLine);
    }
    return {
      key,
      msgctxt: e.msgctxt,
      msgid: e.msgid,
      msgidPlural: e.msgidPlural,
      forms: e.msgstr,
      categories: undefined,
      fuzzy: e.flags.includes('fuzzy'),
      obsolete: e.obsolete,
      line: e.msgidLine,
    };
  });
  return { entries, duplicates };
}

/**
 * The bytes of a catalog file (`path`), or an `E_IO` `LocaleKitError` naming it as `file`.
 *
 * @throws LocaleKitError `E_IO` when the file cannot be read.
 */
export async function readCatalogBytes(source: {
  readonly path: string;
  readonly file: string;
}): Promise<Uint8Array> {
  try {
    return await readFile(source.path);
  } catch (error) {
    throw new LocaleKitError('E_IO', `cannot read ${source.file}`, {
      hint: 'check the file is readable',
      cause: error,
    });
  }
}

/** Reads a catalog file; parse errors are `LocaleKitError`s naming file and line. */
export async function loadCatalogFile(source: CatalogFile): Promise<LoadedCatalog> {
  const bytes = await readCatalogBytes(source);
  // The server's own parser first: a file it would refuse is a parse error here too, and its
  // warnings are what `check` reports.
  const served = parseCatalog(bytes, source.format, source.file);
  const warnings = served.warnings;
  if (source.format === 'po') {
    const document = parsePoDocument(bytes, { file: source.file });
    const { entries, duplicates } = poEntries(document);
    return {
      source,
      entries,
      document,
      headers: document.headers,
      duplicates,
      pluralRule: undefined,
      warnings,
    };
  }
  if (source.format === 'csv') {
    const { entries, duplicates } = csvEntries(readCsvRows(bytes, { file: source.file }));
    return {
      source,
      entries,
      document: undefined,
      headers: new Map(),
      duplicates,
      pluralRule: undefined,
      warnings,
    };
  }
  const catalog = served;
  const entries: UnitEntry[] = [];
  const split = (key: string) => {
    const i = key.indexOf('\u0004');
    return i < 0
      ? { msgctxt: undefined, msgid: key }
      : { msgctxt: key.slice(0, i), msgid: key.slice(i + 1) };
  };
  const base = { categories: undefined, fuzzy: false, obsolete: false, line: 0 };
  for (const [key, value] of catalog.messages) {
    entries.push({ ...base, key, ...split(key), msgidPlural: undefined, forms: [value] });
  }
  for (const [key, forms] of catalog.pluralForms) {
    entries.push({ ...base, key, ...split(key), msgidPlural: catalog.pluralIds.get(key), forms });
  }
  return {
    source,
    entries,
    document: undefined,
    headers: catalog.headers,
    duplicates: [],
    pluralRule: catalog.pluralRule,
    warnings,
  };
}

async function readTemplate(
  file: string,
  cwd: string,
): Promise<{ bytes: Uint8Array; display: string }> {
  const abs = path.resolve(cwd, file);
  try {
    return { bytes: await readFile(abs), display: displayPath(abs, cwd) };
  } catch (error) {
    throw new LocaleKitError('E_IO', `cannot read the template ${file}`, {
      hint: 'make one with "localekit extract <paths> -o messages.pot"',
      cause: error,
    });
  }
}

/** Reads a template (`.pot`/`.po` or Tornado `.csv`): its live entries. */
export async function loadTemplate(file: string, cwd: string): Promise<UnitEntry[]> {
  const { bytes, display } = await readTemplate(file, cwd);
  if (path.extname(file).toLowerCase() === '.csv') {
    return csvEntries(readCsvRows(bytes, { file: display })).entries;
  }
  return poEntries(parsePoDocument(bytes, { file: display })).entries.filter((e) => !e.obsolete);
}

/** A template's live entries as PO entries (a CSV template's rows become entries too). */
export async function loadTemplateDocument(file: string, cwd: string): Promise<PoEntry[]> {
  const { bytes, display } = await readTemplate(file, cwd);
  if (path.extname(file).toLowerCase() === '.csv') {
    return csvEntries(readCsvRows(bytes, { file: display })).entries.map((e) =>
      makePoEntry({
        msgid: e.msgid,
        ...(e.msgidPlural !== undefined ? { msgidPlural: e.msgidPlural } : {}),
        line: e.line,
        msgidLine: e.line,
      }),
    );
  }
  return parsePoDocument(bytes, { file: display }).entries.filter((e) => !e.obsolete);
}

/** Whether an entry holds a usable translation (what the runtime would use). */
export function isTranslated(entry: UnitEntry): boolean {
  if (entry.fuzzy || entry.obsolete) return false;
  if (entry.categories && entry.categories.size > 0) {
    return (
      [...entry.categories.values()].some((v) => v !== '') || entry.forms.some((f) => f !== '')
    );
  }
  return entry.forms.length > 0 && entry.forms.every((f) => f !== '');
}

const categoryCache = new Map<string, PluralCategory[]>();

/**
 * The CLDR plural categories a locale's integer counts reach (`Intl.PluralRules#select` of
 * 0..1000), in CLDR order. `many` of fr/es/it/pt (only millions, for compact numbers) is left
 * out; ru, pl, ar, cy… keep every form they use for counts. Unknown locales: `one`, `other`.
 */
export function cldrCategories(tag: string): PluralCategory[] {
  const cached = categoryCache.get(tag);
  if (cached) return cached;
  let result: PluralCategory[];
  try {
    const rules = new Intl.PluralRules(tag);
    const reached = new Set<string>();
    for (let n = 0; n <= 1000; n++) reached.add(rules.select(n));
    // resolvedOptions() order is ICU's (few, many, one, other); CLDR order reads better.
    result = PLURAL_CATEGORIES.filter((c) => reached.has(c));
  } catch {
    result = ['one', 'other'];
  }
  categoryCache.set(tag, result);
  return result;
}

/**
 * The categories a plural entry lacks for its locale. PO: a form per `nplurals`; CSV: every CLDR
 * category, where a Tornado singular/plural pair stands for `one` and `other`.
 */
export function missingPluralForms(
  entry: UnitEntry,
  format: CatalogFile['format'],
  tag: string,
  nplurals: number,
): string[] {
  if (format !== 'csv') {
    if (entry.msgidPlural === undefined) return [];
    const missing: string[] = [];
    for (let i = 0; i < nplurals; i++) {
      if ((entry.forms[i] ?? '') === '' && entry.forms.some((f) => f !== ''))
        missing.push(`msgstr[${i}]`);
    }
    return missing;
  }
  if (entry.msgidPlural === undefined && !entry.categories) return [];
  const have = new Set<string>();
  for (const [category, value] of entry.categories ?? []) if (value !== '') have.add(category);
  if (entry.msgidPlural !== undefined) {
    if ((entry.forms[0] ?? '') !== '') have.add('one');
    if ((entry.forms[1] ?? '') !== '') have.add('other');
  }
  if (have.size === 0) return [];
  return cldrCategories(tag).filter((c) => !have.has(c));
}

export { codeToTag } from '../negotiation/negotiate.js';
export { CODE_SHAPE } from './scan.js';

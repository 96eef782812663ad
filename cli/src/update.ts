import { writeFile } from 'node:fs/promises';
import { messageKey } from 'localekit/formats';
import { readCsvRows } from 'localekit/formats';
import { headerField, parsePoDocument } from 'localekit/formats';
import type { PoDocument, PoEntry } from 'localekit/formats';
import { parsePluralFormsHeader } from 'localekit/formats';
import {
  type CatalogFile,
  cldrCategories,
  csvEntries,
  findCatalogFiles,
  loadTemplateDocument,
  readCatalogBytes,
  type UnitEntry,
} from 'localekit/catalogs';
import { serializeCsv } from 'localekit/formats';
import { type CliIo, EXIT_OK, endProgress, progress } from './io.js';
import { FUZZY_MAX_BYTES, FuzzyMatcher } from './fuzzy.js';
import { makePoEntry, previousLines, serializePo } from 'localekit/formats';

/** What `update` did to one catalog. */
export interface UpdateReport {
  readonly file: string;
  readonly format: 'po' | 'csv';
  readonly added: number;
  /** PO: new messages filled from a similar old one and marked `#, fuzzy` (CSV: always 0). */
  readonly fuzzy: number;
  readonly obsoleted: number;
  readonly kept: number;
  /** CSV: messages that vanished from the template and were dropped (CSV has no `#~`). */
  readonly dropped: readonly string[];
  /** PO: new messages fuzzy matching did not search for, and why (see fuzzy.ts). */
  readonly fuzzySkipped: { readonly long: number; readonly bound: number };
}

/** Options of `mergePo`. */
export interface MergeOptions {
  /** Fill new messages from similar old ones, as msgmerge does (`-N` turns it off). @default true */
  readonly fuzzyMatching?: boolean;
  /** Overrides the fuzzy search's bounds (tests). */
  readonly fuzzyBounds?: { readonly workBound?: number; readonly maxBytes?: number };
}

function nplurals(doc: PoDocument, file: string): number {
  const value = headerField(doc.headers, 'Plural-Forms');
  return value === undefined ? 2 : parsePluralFormsHeader(value, file, []).nplurals;
}

/** What a merged entry takes from the template: its identity, references and extracted comments. */
function fromTemplate(t: PoEntry) {
  return {
    ...(t.msgctxt !== undefined ? { msgctxt: t.msgctxt } : {}),
    msgid: t.msgid,
    ...(t.msgidPlural !== undefined ? { msgidPlural: t.msgidPlural } : {}),
    extractedComments: t.extractedComments,
    references: t.references,
  };
}

/**
 * msgmerge's `message_merge`: the template entry `t` with the old entry `def`'s translation,
 * translator comments and flags, and the template's references and extracted comments.
 * The result is fuzzy when `def` was, when it was found by fuzzy matching (`forceFuzzy`), or when
 * `msgid_plural` changed — but an untranslated entry is never made fuzzy. A singular translation
 * becoming plural is copied into every form, a plural one becoming singular keeps `msgstr[0]`.
 * A fuzzy, translated result records the msgid its translation was made for as `#|` lines
 * (`msgmerge --previous`): `def`'s own `#|` lines if `def` was fuzzy already, else `def`'s msgid.
 */
function mergeEntry(def: PoEntry, t: PoEntry, forceFuzzy: boolean, n: number): PoEntry {
  const defFuzzy = def.flags.includes('fuzzy');
  let msgstr = def.msgstr;
  if (t.msgidPlural !== undefined && def.msgidPlural === undefined)
    msgstr = Array.from({ length: n }, () => def.msgstr[0] ?? '');
  else if (t.msgidPlural === undefined && def.msgidPlural !== undefined)
    msgstr = [def.msgstr[0] ?? ''];
  const translated = msgstr.some((s) => s !== '');
  const fuzzy = defFuzzy || (translated && (forceFuzzy || t.msgidPlural !== def.msgidPlural));
  let previous: readonly string[] = [];
  if (fuzzy && (msgstr[0] ?? '') !== '') previous = defFuzzy ? def.previous : previousLines(def);
  return makePoEntry({
    ...fromTemplate(t),
    msgstr,
    translatorComments: def.translatorComments,
    flags: fuzzy && !defFuzzy ? ['fuzzy', ...def.flags] : def.flags,
    previous,
  });
}

/**
 * msgmerge --previous: the template's entries in its order. A message the catalog has (same
 * msgctxt and msgid, obsolete ones included) keeps its translation, translator comments and
 * flags, with the template's references and extracted comments. A new message takes the
 * translation of the most similar translated old message of its context, marked `#, fuzzy` with
 * the old msgid in `#|` lines (see fuzzy.ts; not with `fuzzyMatching: false`), else is added
 * empty (`nplurals` empty forms for plurals). Old messages neither kept nor used for a fuzzy
 * match become obsolete (`#~`), as msgmerge does.
 */
export function mergePo(
  catalog: PoDocument,
  template: readonly PoEntry[],
  file: string,
  options: MergeOptions = {},
): { doc: { header: PoEntry | undefined; entries: PoEntry[] }; report: UpdateReport } {
  const n = nplurals(catalog, file);
  const live = new Map<string, PoEntry>();
  const obsolete = new Map<string, PoEntry>();
  for (const e of catalog.entries)
    (e.obsolete ? obsolete : live).set(messageKey(e.msgctxt, e.msgid), e);
  let matcher: FuzzyMatcher | undefined;
  const findSimilar = (t: PoEntry) => {
    if (options.fuzzyMatching === false) return undefined;
    matcher ??= new FuzzyMatcher(live.values(), options.fuzzyBounds);
    return matcher.find(t.msgctxt, t.msgid);
  };
  let added = 0;
  let fuzzy = 0;
  let kept = 0;
  const skipped = { long: 0, bound: 0 };
  const entries: PoEntry[] = [];
  const used = new Set<string>();
  const matched = new Set<PoEntry>();
  for (const t of template) {
    const key = messageKey(t.msgctxt, t.msgid);
    if (used.has(key)) continue;
    used.add(key);
    const old = live.get(key) ?? obsolete.get(key);
    if (old) {
      kept++;
      entries.push(mergeEntry(old, t, false, n));
      continue;
    }
    const similar = findSimilar(t);
    if (similar?.entry) {
      fuzzy++;
      matched.add(similar.entry);
      entries.push(mergeEntry(similar.entry, t, true, n));
      continue;
    }
    if (similar?.skipped) skipped[similar.skipped]++;
    added++;
    entries.push(
      makePoEntry({
        ...fromTemplate(t),
        msgstr: t.msgidPlural !== undefined ? Array.from({ length: n }, () => '') : [''],
      }),
    );
  }
  let obsoleted = 0;
  for (const [key, e] of live) {
    if (used.has(key) || matched.has(e)) continue;
    obsoleted++;
    entries.push(makePoEntry({ ...e, obsolete: true, references: [], extractedComments: [] }));
  }
  for (const [key, e] of obsolete) if (!used.has(key)) entries.push(e);
  return {
    doc: { header: catalog.header, entries },
    report: {
      file,
      format: 'po',
      added,
      fuzzy,
      obsoleted,
      kept,
      dropped: [],
      fuzzySkipped: skipped,
    },
  };
}

function csvRowsOf(e: UnitEntry): string[][] {
  const rows: string[][] = [];
  if (e.msgidPlural !== undefined) {
    rows.push([e.msgid, e.forms[0] ?? '', 'singular'], [e.msgidPlural, e.forms[1] ?? '', 'plural']);
  } else if (!e.categories || e.forms.length > 0) {
    rows.push([e.msgid, e.forms[0] ?? '']);
  }
  for (const [c, v] of e.categories ?? []) rows.push([e.msgid, v, c]);
  return rows;
}

/**
 * The template merged into Tornado CSV rows: kept messages keep all their rows; new ones get
 * empty rows (a singular/plural pair for plurals, plus a row per further CLDR category the locale
 * needs); messages no longer in the template are dropped and listed in the report.
 */
export function mergeCsv(
  bytes: Uint8Array,
  template: readonly PoEntry[],
  source: CatalogFile,
): { text: string; report: UpdateReport } {
  const { entries } = csvEntries(readCsvRows(bytes, { file: source.file }));
  const byKey = new Map<string, UnitEntry>();
  for (const e of entries) if (!byKey.has(e.key)) byKey.set(e.key, e);
  const extra = cldrCategories(source.tag).filter((c) => c !== 'one' && c !== 'other');
  const rows: string[][] = [];
  const used = new Set<string>();
  let added = 0;
  let kept = 0;
  for (const t of template) {
    if (t.msgctxt !== undefined || used.has(t.msgid)) continue;
    used.add(t.msgid);
    const old = byKey.get(t.msgid);
    if (old) {
      kept++;
      rows.push(...csvRowsOf(old));
      if (old.msgidPlural !== undefined) used.add(old.msgidPlural);
      continue;
    }
    added++;
    if (t.msgidPlural === undefined) rows.push([t.msgid, '']);
    else {
      used.add(t.msgidPlural);
      rows.push([t.msgid, '', 'singular'], [t.msgidPlural, '', 'plural']);
      for (const c of extra) rows.push([t.msgid, '', c]);
    }
  }
  const dropped = entries.filter((e) => !used.has(e.key)).map((e) => e.msgid);
  return {
    text: serializeCsv(rows),
    report: {
      file: source.file,
      format: 'csv',
      added,
      fuzzy: 0,
      obsoleted: dropped.length,
      kept,
      dropped,
      fuzzySkipped: { long: 0, bound: 0 },
    },
  };
}

export function formatReport(r: UpdateReport): string {
  const fuzzy = r.format === 'po' ? `${r.fuzzy} fuzzy, ` : '';
  return `${r.file}: ${r.added} added, ${fuzzy}${r.obsoleted} ${r.dropped.length > 0 ? 'dropped' : 'obsoleted'}, ${r.kept} kept\n`;
}

/** `localekit update <template> <dir>`. */
export async function runUpdate(
  templateFile: string,
  dir: string,
  opts: { domain: string; fuzzyMatching?: boolean },
  io: CliIo,
): Promise<number> {
  const template = await loadTemplateDocument(templateFile, io.cwd);
  const files = (await findCatalogFiles(dir, { domain: opts.domain, cwd: io.cwd })).filter(
    (f) => f.format !== 'mo',
  );
  let done = 0;
  for (const f of files) {
    progress(io, `update ${++done}/${files.length} ${f.file}`);
    const bytes = await readCatalogBytes(f);
    let text: string;
    let report: UpdateReport;
    if (f.format === 'po') {
      const merged = mergePo(parsePoDocument(bytes, { file: f.file }), template, f.file, {
        fuzzyMatching: opts.fuzzyMatching !== false,
      });
      text = serializePo(merged.doc);
      report = merged.report;
    } else {
      ({ text, report } = mergeCsv(bytes, template, f));
    }
    await writeFile(f.path, text);
    endProgress(io);
    io.out(formatReport(report));
    for (const id of report.dropped)
      io.err(`${f.file}: dropped ${JSON.stringify(id)} (no longer in the template)\n`);
    const { long, bound } = report.fuzzySkipped;
    if (long > 0)
      io.err(
        `${f.file}: ${long} new message${long === 1 ? '' : 's'} over ${FUZZY_MAX_BYTES} bytes not fuzzy-matched (too long to compare)\n`,
      );
    if (bound > 0)
      io.err(
        `${f.file}: fuzzy matching stopped at its work bound; ${bound} new message${bound === 1 ? '' : 's'} added untranslated without a search (msgmerge has no bound)\n`,
      );
  }
  return EXIT_OK;
}

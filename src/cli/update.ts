import { readFile, writeFile } from 'node:fs/promises';
import { messageKey } from '../catalog.js';
import { readCsvRows } from '../csv.js';
import { LocaleKitError } from '../errors.js';
import { headerField, parsePoDocument } from '../po.js';
import type { PoDocument, PoEntry } from '../po-document.js';
import { parsePluralFormsHeader } from '../plural-forms.js';
import {
  type CatalogFile,
  cldrCategories,
  csvEntries,
  findCatalogFiles,
  loadTemplateDocument,
  type UnitEntry,
} from './catalog-files.js';
import { serializeCsv } from './csv-writer.js';
import { type CliIo, EXIT_OK, endProgress, progress } from './io.js';
import { makePoEntry, serializePo } from './po-writer.js';

/** What `update` did to one catalog. */
export interface UpdateReport {
  readonly file: string;
  readonly added: number;
  readonly obsoleted: number;
  readonly kept: number;
  /** CSV: messages that vanished from the template and were dropped (CSV has no `#~`). */
  readonly dropped: readonly string[];
}

function nplurals(doc: PoDocument, file: string): number {
  const value = headerField(doc.headers, 'Plural-Forms');
  return value === undefined ? 2 : parsePluralFormsHeader(value, file, []).nplurals;
}

/**
 * msgmerge without fuzzy matching: the template's entries in its order, each keeping the catalog's
 * translation, translator comments and flags, with the template's references and extracted
 * comments; new ones empty (`nplurals` empty forms for plurals); vanished ones obsolete (`#~`).
 */
export function mergePo(
  catalog: PoDocument,
  template: readonly PoEntry[],
  file: string,
): { doc: { header: PoEntry | undefined; entries: PoEntry[] }; report: UpdateReport } {
  const n = nplurals(catalog, file);
  const live = new Map<string, PoEntry>();
  const obsolete = new Map<string, PoEntry>();
  for (const e of catalog.entries)
    (e.obsolete ? obsolete : live).set(messageKey(e.msgctxt, e.msgid), e);
  let added = 0;
  let kept = 0;
  const entries: PoEntry[] = [];
  const used = new Set<string>();
  for (const t of template) {
    const key = messageKey(t.msgctxt, t.msgid);
    if (used.has(key)) continue;
    used.add(key);
    const old = live.get(key) ?? obsolete.get(key);
    const base = {
      ...(t.msgctxt !== undefined ? { msgctxt: t.msgctxt } : {}),
      msgid: t.msgid,
      ...(t.msgidPlural !== undefined ? { msgidPlural: t.msgidPlural } : {}),
      extractedComments: t.extractedComments,
      references: t.references,
    };
    if (!old) {
      added++;
      entries.push(
        makePoEntry({
          ...base,
          msgstr: t.msgidPlural !== undefined ? Array.from({ length: n }, () => '') : [''],
        }),
      );
      continue;
    }
    kept++;
    let msgstr = old.msgstr;
    const flags = [...old.flags];
    if ((old.msgidPlural === undefined) !== (t.msgidPlural === undefined)) {
      // Became plural or singular: keep the text for the translator to fix, marked fuzzy.
      msgstr =
        t.msgidPlural !== undefined
          ? Array.from({ length: n }, (_, i) => (i === 0 ? (old.msgstr[0] ?? '') : ''))
          : [old.msgstr[0] ?? ''];
      if (!flags.includes('fuzzy') && msgstr.some((s) => s !== '')) flags.unshift('fuzzy');
    }
    entries.push(
      makePoEntry({
        ...base,
        msgstr,
        translatorComments: old.translatorComments,
        flags,
        previous: old.previous,
      }),
    );
  }
  let obsoleted = 0;
  for (const [key, e] of live) {
    if (used.has(key)) continue;
    obsoleted++;
    entries.push(makePoEntry({ ...e, obsolete: true, references: [], extractedComments: [] }));
  }
  for (const [key, e] of obsolete) if (!used.has(key)) entries.push(e);
  return {
    doc: { header: catalog.header, entries },
    report: { file, added, obsoleted, kept, dropped: [] },
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
    report: { file: source.file, added, obsoleted: dropped.length, kept, dropped },
  };
}

export function formatReport(r: UpdateReport): string {
  const name = r.file;
  return `${name}: ${r.added} added, ${r.obsoleted} ${r.dropped.length > 0 ? 'dropped' : 'obsoleted'}, ${r.kept} kept\n`;
}

/** `localekit update <template> <dir>`. */
export async function runUpdate(
  templateFile: string,
  dir: string,
  opts: { domain: string },
  io: CliIo,
): Promise<number> {
  const template = await loadTemplateDocument(templateFile, io.cwd);
  const files = (await findCatalogFiles(dir, { domain: opts.domain, cwd: io.cwd })).filter(
    (f) => f.format !== 'mo',
  );
  let done = 0;
  for (const f of files) {
    progress(io, `update ${++done}/${files.length} ${f.file}`);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(f.path);
    } catch (error) {
      throw new LocaleKitError('E_IO', `cannot read ${f.file}`, {
        hint: 'check the file is readable',
        cause: error,
      });
    }
    let text: string;
    let report: UpdateReport;
    if (f.format === 'po') {
      const merged = mergePo(parsePoDocument(bytes, { file: f.file }), template, f.file);
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
  }
  return EXIT_OK;
}

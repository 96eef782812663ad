import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LocaleKitError } from 'localekit';
import {
  type CsvRow,
  headerField,
  makePoEntry,
  messageKey,
  type PoDocument,
  type PoEntry,
  parsePluralFormsHeader,
  parsePoDocument,
  previousLines,
  readCsvRows,
  serializeCsv,
} from 'localekit/formats';
import { type ClassifiedRow, classifyRow, loaderWinners } from './csv-rows.js';
import {
  type CatalogFile,
  cldrCategories,
  findCatalogFiles,
  loadTemplateDocument,
  readCatalogBytes,
} from 'localekit/catalogs';
import { canEncode } from './encode.js';
import { FUZZY_MAX_BYTES, FuzzyMatcher } from './fuzzy.js';
import { type CliIo, endProgress, forEachCatalog, usageError, writeFileAtomic } from './io.js';
import { encodePo, withCharset } from './po-output.js';

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
  /** PO: untranslated messages that vanished; left out, as msgmerge leaves them out. */
  readonly removed: readonly { readonly line: number; readonly msgid: string }[];
  /** PO: new messages fuzzy matching did not search for, and why (see fuzzy.ts). */
  readonly fuzzySkipped: { readonly long: number; readonly bound: number };
}

/** Options of `mergePo`. */
export interface MergeOptions {
  /** Fill new messages from similar old ones, as msgmerge does (`-N` turns it off). @default true */
  readonly fuzzyMatching?: boolean;
  /** The charset the result will be written in (line wrapping depends on it). @default the catalog's */
  readonly charset?: string;
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

/** `range: 1..5` of a flag list, or `undefined`. */
function rangeOf(flags: readonly string[]): { min: number; max: number } | undefined {
  for (const f of flags) {
    const m = /^range:\s*(\d+)\s*\.\.\s*(\d+)$/.exec(f);
    if (m) return { min: Number(m[1]), max: Number(m[2]) };
  }
  return undefined;
}

/**
 * msgmerge's `message_merge`: the template entry `t` with the old entry `def`'s translation and
 * translator comments, and from the template its references, extracted comments and flags
 * (format flags such as `c-format`, `range:`, `no-wrap`: "some informations come from the
 * reference message, others from the definition file (fuzzy or not)"). The result is fuzzy when
 * `def` was, when it was found by fuzzy matching (`forceFuzzy`), when `msgid_plural` changed, or
 * when `def` had a `range:` the template no longer has or widens — but an untranslated entry is
 * never made fuzzy. A singular translation becoming plural is copied into every form, a plural
 * one becoming singular keeps `msgstr[0]`. A fuzzy, translated result records the msgid its
 * translation was made for as `#|` lines (`msgmerge --previous`): `def`'s own `#|` lines if
 * `def` was fuzzy already, else `def`'s msgid.
 */
function mergeEntry(
  def: PoEntry,
  t: PoEntry,
  forceFuzzy: boolean,
  n: number,
  charset: string,
): PoEntry {
  const defFuzzy = def.flags.includes('fuzzy');
  let msgstr = def.msgstr;
  if (t.msgidPlural !== undefined && def.msgidPlural === undefined)
    msgstr = Array.from({ length: n }, () => def.msgstr[0] ?? '');
  else if (t.msgidPlural === undefined && def.msgidPlural !== undefined)
    msgstr = [def.msgstr[0] ?? ''];
  const translated = msgstr.some((s) => s !== '');
  const defRange = rangeOf(def.flags);
  const tRange = rangeOf(t.flags);
  const rangeChanged =
    defRange !== undefined &&
    !(tRange !== undefined && tRange.min >= defRange.min && tRange.max <= defRange.max);
  const fuzzy =
    defFuzzy || (translated && (forceFuzzy || t.msgidPlural !== def.msgidPlural || rangeChanged));
  let previous: readonly string[] = [];
  if (fuzzy && (msgstr[0] ?? '') !== '')
    previous = defFuzzy ? def.previous : previousLines({ ...def, flags: t.flags }, { charset });
  const templateFlags = t.flags.filter((f) => f !== 'fuzzy');
  return makePoEntry({
    ...fromTemplate(t),
    msgstr,
    translatorComments: def.translatorComments,
    flags: fuzzy ? ['fuzzy', ...templateFlags] : templateFlags,
    previous,
    line: def.line,
    msgidLine: def.msgidLine,
  });
}

/** The header fields msgmerge puts first, in its order (msgmerge.c `known_fields`). */
const KNOWN_HEADER_FIELDS = [
  'Project-Id-Version',
  'Report-Msgid-Bugs-To',
  'POT-Creation-Date',
  'PO-Revision-Date',
  'Last-Translator',
  'Language-Team',
  'Language',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
] as const;

/** The value part of `name:` in a header text, as msgmerge finds it (first occurrence, to `\n`). */
function templateField(header: string, name: string): string | undefined {
  const at = header.indexOf(`${name}:`);
  if (at === -1) return undefined;
  const from = at + name.length + 1;
  const nl = header.indexOf('\n', from);
  return nl === -1 ? `${header.slice(from)}\n` : header.slice(from, nl + 1);
}

/**
 * The catalog's header as msgmerge rewrites it: its lines sorted into msgmerge's known fields
 * (matched case-insensitively, written with GNU's spelling, in GNU's order) and the rest after
 * them in their order; `Report-Msgid-Bugs-To` and `POT-Creation-Date` taken from the template
 * when it has them; a missing `Language` derived from `Language-Team` when that names the
 * catalog's language in English (GNU uses its own table; `Intl.DisplayNames` gives the same
 * English names for common languages), else left empty as GNU leaves it.
 */
export function mergeHeader(def: string, template: string | undefined, code?: string): string {
  const known = new Map<string, string>();
  let unknown = '';
  let rest = def;
  while (rest !== '') {
    const nl = rest.indexOf('\n');
    const line = nl === -1 ? `${rest}\n` : rest.slice(0, nl + 1);
    rest = nl === -1 ? '' : rest.slice(nl + 1);
    const name = KNOWN_HEADER_FIELDS.find(
      (f) => line.slice(0, f.length + 1).toLowerCase() === `${f.toLowerCase()}:`,
    );
    if (name) known.set(name, line.slice(name.length + 1));
    else unknown += line;
  }
  if (!known.has('Language') && known.has('Language-Team')) {
    known.set('Language', ` ${languageFromTeam(known.get('Language-Team') ?? '', code)}\n`);
  }
  if (template !== undefined) {
    for (const name of ['Report-Msgid-Bugs-To', 'POT-Creation-Date'] as const) {
      const value = templateField(template, name);
      if (value !== undefined) known.set(name, value);
    }
  }
  let out = '';
  for (const name of KNOWN_HEADER_FIELDS) {
    const value = known.get(name);
    if (value !== undefined) out += `${name}:${value}`;
  }
  return out + unknown;
}

function languageFromTeam(team: string, code: string | undefined): string {
  let name = team.replace(/\n$/, '').trim();
  const words = name.split(/[ \t]+/);
  const last = words[words.length - 1] ?? '';
  if (
    words.length > 1 &&
    (last.startsWith('<') || last.endsWith('>') || name.includes('@') || name.includes('/'))
  )
    name = words.slice(0, -1).join(' ');
  if (code === undefined) return '';
  const lang = code.split(/[_@]/)[0] ?? '';
  try {
    const english = new Intl.DisplayNames('en', { type: 'language' });
    if (english.of(lang) === name) return lang;
  } catch {
    /* not a language Intl knows */
  }
  return '';
}

/**
 * msgmerge --previous: the template's entries in its order. A message the catalog has (same
 * msgctxt and msgid, obsolete ones included) keeps its translation and translator comments, with
 * the template's references, extracted comments and flags. A new message takes the translation
 * of the most similar translated old message of its context, marked `#, fuzzy` with the old
 * msgid in `#|` lines (see fuzzy.ts; not with `fuzzyMatching: false`), else is the template's
 * entry, empty (`nplurals` empty forms for plurals). Old messages neither kept nor used for a
 * fuzzy match become obsolete (`#~`) in file order, as msgmerge does; an untranslated one is
 * left out, as every GNU tool leaves out an untranslated `#~` entry (write-po.c), and counted
 * in `report.removed`. The header is msgmerge's (see `mergeHeader`).
 */
export function mergePo(
  catalog: PoDocument,
  template: readonly PoEntry[],
  file: string,
  options: MergeOptions = {},
): {
  doc: { header: PoEntry | undefined; entries: PoEntry[] };
  report: UpdateReport;
  /** The entries copied from the template (new, untranslated): their lines are the template's. */
  fromTemplate: ReadonlySet<PoEntry>;
} {
  const n = nplurals(catalog, file);
  const copied = new Set<PoEntry>();
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
      entries.push(mergeEntry(old, t, false, n, options.charset ?? catalog.charset));
      continue;
    }
    const similar = findSimilar(t);
    if (similar?.entry) {
      fuzzy++;
      matched.add(similar.entry);
      entries.push(mergeEntry(similar.entry, t, true, n, options.charset ?? catalog.charset));
      continue;
    }
    if (similar?.skipped) skipped[similar.skipped]++;
    added++;
    const fresh = makePoEntry({
      ...t,
      flags: t.flags.filter((f) => f !== 'fuzzy'),
      previous: [],
      msgstr: t.msgidPlural !== undefined ? Array.from({ length: n }, () => '') : [''],
    });
    copied.add(fresh);
    entries.push(fresh);
  }
  let obsoleted = 0;
  const removed: { line: number; msgid: string }[] = [];
  for (const e of catalog.entries) {
    const key = messageKey(e.msgctxt, e.msgid);
    if (used.has(key) || matched.has(e)) continue;
    if ((e.msgstr[0] ?? '') === '') {
      if (!e.obsolete) removed.push({ line: e.msgidLine, msgid: e.msgid });
      continue;
    }
    if (e.obsolete) {
      entries.push(e);
      continue;
    }
    obsoleted++;
    entries.push(makePoEntry({ ...e, obsolete: true, references: [], extractedComments: [] }));
  }
  return {
    fromTemplate: copied,
    doc: { header: catalog.header, entries },
    report: {
      file,
      format: 'po',
      added,
      fuzzy,
      obsoleted,
      kept,
      dropped: [],
      removed,
      fuzzySkipped: skipped,
    },
  };
}

/** A CSV report line for stderr. */
export interface CsvNote {
  readonly line: number;
  readonly message: string;
}

/**
 * The template merged into Tornado CSV rows, row by row so that nothing the loader reads is lost:
 * every row of a message still in the template is kept as it is (its cells untouched, a 4th
 * column included), in the template's order; new messages get empty rows (a singular/plural
 * pair for plurals, plus a row per further CLDR category the locale needs). Of duplicate rows
 * (same message, same kind) the loader serves the last: that one is kept, the earlier ones are
 * dropped and named. Rows the loader skips (an unrecognised third column, a one-cell row) are
 * kept as they are, at the end, and named. Messages no longer in the template are dropped and
 * named (CSV has no `#~`).
 */
export function mergeCsv(
  bytes: Uint8Array,
  template: readonly PoEntry[],
  source: CatalogFile,
): { text: string; report: UpdateReport; notes: CsvNote[] } {
  const classified = readCsvRows(bytes, { file: source.file })
    .map(classifyRow)
    .filter((r): r is ClassifiedRow => r !== undefined);
  const notes: CsvNote[] = [];
  for (const r of classified)
    if (!r.recognised)
      notes.push({
        line: r.row.line,
        message: `row kept as it is; the loader skips it (${r.row.cells.length < 2 ? 'one cell' : `third column ${JSON.stringify(r.kind)}`})`,
      });
  const { winners: live, losers } = loaderWinners(classified);
  for (const { row, winner } of losers)
    notes.push({
      line: row.row.line,
      message: `duplicate row ${JSON.stringify(row.english)}${row.kind === 'unknown' ? '' : ` (${row.kind})`} dropped; line ${winner.row.line} wins, as in the loader`,
    });
  /** Rows by the template message they belong to: singular keys, and `plural` rows by plural. */
  const bySingular = new Map<string, ClassifiedRow[]>();
  const byPlural = new Map<string, ClassifiedRow[]>();
  for (const r of live) {
    const table = r.kind === 'plural' ? byPlural : bySingular;
    const list = table.get(r.english) ?? [];
    list.push(r);
    table.set(r.english, list);
  }
  const extra = cldrCategories(source.tag).filter((c) => c !== 'one' && c !== 'other');
  const out: CsvRow[] = [];
  const taken = new Set<ClassifiedRow>();
  let added = 0;
  let kept = 0;
  const seen = new Set<string>();
  for (const t of template) {
    if (t.msgctxt !== undefined || seen.has(t.msgid)) continue;
    seen.add(t.msgid);
    const mine = [
      ...(bySingular.get(t.msgid) ?? []),
      ...(t.msgidPlural !== undefined ? (byPlural.get(t.msgidPlural) ?? []) : []),
    ].filter((r) => !taken.has(r));
    if (mine.length > 0) {
      kept++;
      mine.sort((a, b) => a.row.line - b.row.line);
      for (const r of mine) {
        taken.add(r);
        out.push(r.row);
      }
      continue;
    }
    added++;
    if (t.msgidPlural === undefined) out.push({ line: 0, cells: [t.msgid, ''] });
    else {
      out.push(
        { line: 0, cells: [t.msgid, '', 'singular'] },
        { line: 0, cells: [t.msgidPlural, '', 'plural'] },
      );
      for (const c of extra) out.push({ line: 0, cells: [t.msgid, '', c] });
    }
  }
  const dropped: string[] = [];
  const droppedKeys = new Set<string>();
  for (const r of live) {
    if (taken.has(r)) continue;
    const key = r.kind === 'plural' ? `plural\0${r.english}` : r.english;
    if (!droppedKeys.has(key)) {
      droppedKeys.add(key);
      dropped.push(r.english);
    }
    notes.push({
      line: r.row.line,
      message: `dropped ${JSON.stringify(r.english)}${r.kind === 'unknown' ? '' : ` (${r.kind})`} (no longer in the template)`,
    });
  }
  for (const r of classified) if (!r.recognised) out.push(r.row);
  notes.sort((a, b) => a.line - b.line);
  return {
    text: serializeCsv(out.map((r) => r.cells)),
    notes,
    report: {
      file: source.file,
      format: 'csv',
      added,
      fuzzy: 0,
      obsoleted: dropped.length,
      kept,
      dropped,
      removed: [],
      fuzzySkipped: { long: 0, bound: 0 },
    },
  };
}

export function formatReport(r: UpdateReport): string {
  if (r.format === 'csv')
    return `${r.file}: ${r.added} added, ${r.obsoleted} dropped, ${r.kept} kept\n`;
  return `${r.file}: ${r.added} added, ${r.fuzzy} fuzzy, ${r.obsoleted} obsoleted, ${r.kept} kept\n`;
}

/** The template: its header text (PO templates) and live entries. */
async function readTemplate(
  file: string,
  cwd: string,
): Promise<{ header: string | undefined; entries: PoEntry[]; display: string }> {
  const abs = path.resolve(cwd, file);
  const display = path.relative(cwd, abs).split(path.sep).join('/') || file;
  if (path.extname(file).toLowerCase() === '.csv') {
    return { header: undefined, entries: await loadTemplateDocument(file, cwd), display };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(abs);
  } catch (error) {
    throw new LocaleKitError('E_IO', `cannot read the template ${file}`, {
      hint: 'make one with "localekit extract <paths> -o messages.pot"',
      cause: error,
    });
  }
  const doc = parsePoDocument(bytes, { file: display });
  return {
    header: doc.header?.msgstr[0],
    entries: doc.entries.filter((e) => !e.obsolete),
    display,
  };
}

/** CSV bytes in the file's own encoding and newlines: a BOM and CRLF are kept as found. */
function encodeCsvLike(text: string, original: Uint8Array): Uint8Array {
  const b0 = original[0];
  const b1 = original[1];
  const crlf = /\r\n/.test(Buffer.from(original.subarray(0, 4096)).toString('latin1'));
  const body = crlf ? text.replace(/\n/g, '\r\n') : text;
  if (b0 === 0xff && b1 === 0xfe)
    return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]);
  if (b0 === 0xfe && b1 === 0xff) {
    const le = Buffer.from(body, 'utf16le');
    le.swap16();
    return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
  }
  const utf8 = Buffer.from(body, 'utf8');
  return b0 === 0xef && b1 === 0xbb && original[2] === 0xbf
    ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8])
    : utf8;
}

/** Options of `runUpdate`. */
export interface UpdateOptions {
  readonly domain: string;
  readonly fuzzyMatching?: boolean;
  /** Write PO catalogs in this charset instead of their own (`--to-code`). */
  readonly toCode?: string;
}

/**
 * `localekit update <template> <dir>`. Each catalog is merged and replaced atomically in its own
 * charset (or `--to-code`'s); a catalog that cannot be read, parsed, encoded or written is named
 * on stderr, left as it was, and the others are still updated; the exit status is then 2.
 */
export async function runUpdate(
  templateFile: string,
  dir: string,
  opts: UpdateOptions,
  io: CliIo,
): Promise<number> {
  if (opts.toCode !== undefined && !canEncode(opts.toCode))
    throw usageError(
      `unknown charset ${opts.toCode}`,
      'give a charset iconv knows, e.g. UTF-8, ISO-8859-2, KOI8-U, EUC-JP',
    );
  const template = await readTemplate(templateFile, io.cwd);
  const files = (await findCatalogFiles(dir, { domain: opts.domain, cwd: io.cwd })).filter(
    (f) => f.format !== 'mo',
  );
  return forEachCatalog(files, io, 'updated', async (f) => {
    const bytes = await readCatalogBytes(f);
    let out: Uint8Array;
    let report: UpdateReport;
    let notes: CsvNote[] = [];
    if (f.format === 'po') {
      const catalog = parsePoDocument(bytes, { file: f.file });
      const charset = opts.toCode ?? catalog.charset;
      const merged = mergePo(catalog, template.entries, f.file, {
        fuzzyMatching: opts.fuzzyMatching !== false,
        charset,
      });
      let header = merged.doc.header;
      if (header) {
        header = makePoEntry({
          ...header,
          msgstr: [mergeHeader(header.msgstr[0] ?? '', template.header, f.code)],
        });
      }
      if (opts.toCode !== undefined) header = withCharset(header, opts.toCode);
      out = encodePo({ header, entries: merged.doc.entries }, charset, f.file, (e) => ({
        file: merged.fromTemplate.has(e) ? template.display : f.file,
        line: e.msgidLine,
      }));
      report = merged.report;
    } else {
      const merged = mergeCsv(bytes, template.entries, f);
      out = encodeCsvLike(merged.text, bytes);
      report = merged.report;
      notes = merged.notes;
    }
    await writeFileAtomic(f.path, out, { display: f.file });
    endProgress(io);
    io.out(formatReport(report));
    for (const note of notes) io.err(`${f.file}:${note.line}: ${note.message}\n`);
    if (report.removed.length > 0) {
      const first = report.removed[0] as { line: number; msgid: string };
      io.err(
        `${f.file}:${first.line}: ${report.removed.length} untranslated message${report.removed.length === 1 ? '' : 's'} no longer in the template removed (as msgmerge; nothing translated was lost), first ${JSON.stringify(first.msgid.slice(0, 60))}\n`,
      );
    }
    const { long, bound } = report.fuzzySkipped;
    if (long > 0)
      io.err(
        `${f.file}: ${long} new message${long === 1 ? '' : 's'} over ${FUZZY_MAX_BYTES} bytes not fuzzy-matched (too long to compare)\n`,
      );
    if (bound > 0)
      io.err(
        `${f.file}: fuzzy matching stopped at its work bound; ${bound} new message${bound === 1 ? '' : 's'} added untranslated without a search (msgmerge has no bound)\n`,
      );
  });
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PluralCategory, PluralRule } from 'localekit/formats';
import { pythonStrip, readCsvRows } from 'localekit/formats';
import { LocaleKitError, type LocaleKitWarning } from 'localekit';
import { codeToTag } from 'localekit/catalogs';
import { headerField, parsePoDocument } from 'localekit/formats';
import type { PoDocument, PoDocumentLike, PoEntry } from 'localekit/formats';
import { DEFAULT_PLURAL_RULE, parsePluralFormsHeader } from 'localekit/formats';
import { cldrCategories, isLocaleCode } from 'localekit/catalogs';
import { serializeCsv } from 'localekit/formats';
import {
  type ClassifiedRow,
  classifyRow,
  csvComment,
  csvCommentCells,
  loaderWinners,
} from './csv-rows.js';
import { canEncode } from './encode.js';
import { type CliIo, EXIT_OK, usageError, writeFileAtomic } from './io.js';
import { encodePo, withCharset } from './po-output.js';
import { pluralFormsFor } from './plural-table.js';
import { formatHeaderFields, makePoEntry, serializePo } from 'localekit/formats';

/** The locale code a catalog path names: `fr_FR.po`, `fr_FR/LC_MESSAGES/x.po`. */
export function codeFromPath(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  const base = path.basename(file, path.extname(file));
  if (isLocaleCode(base)) return base;
  const lc = parts.lastIndexOf('LC_MESSAGES');
  const dir = lc > 0 ? parts[lc - 1] : undefined;
  return dir !== undefined && isLocaleCode(dir) ? dir : undefined;
}

/** A count that `Intl.PluralRules` puts in `category` (integers first), or `undefined`. */
function sampleFor(rules: Intl.PluralRules, category: PluralCategory): number | undefined {
  for (let n = 0; n <= 1000; n++) if (rules.select(n) === category) return n;
  for (const n of [1000000, 0.5, 1.5, 2.5, 0.1]) if (rules.select(n) === category) return n;
  return undefined;
}

/** A count whose gettext form is `index`, or `undefined`. */
function sampleForIndex(rule: PluralRule, index: number): number | undefined {
  for (let n = 0; n <= 1000; n++) if (rule.index(n) === index) return n;
  return undefined;
}

/** A converted catalog: the output file's text, and what the output format could not hold. */
export interface ConvertResult {
  text: string;
  /** One warning per loss kind (or per message for contexts and fuzzy translations). */
  lost: LocaleKitWarning[];
  /** What was carried in a form the reader may not expect (`# csv:` comments); not a loss. */
  notes: LocaleKitWarning[];
  /** CSV -> PO: the document written (its entries' lines are the CSV lines they came from). */
  doc?: PoDocumentLike;
}

/** Counts one kind of loss: how many, and the first line. */
class LossTally {
  private readonly kinds = new Map<string, { count: number; line: number; message: string }>();
  add(code: string, line: number, message: string): void {
    const k = this.kinds.get(code);
    if (k) k.count++;
    else this.kinds.set(code, { count: 1, line, message });
  }
  warnings(file: string): LocaleKitWarning[] {
    return [...this.kinds].map(([code, k]) => ({
      code,
      file,
      line: k.line,
      message:
        code === 'W_CONVERT_HEADER'
          ? k.message
          : `${k.count} ${k.message}${k.count > 1 ? ' (the first here)' : ''}`,
    }));
  }
}

/** A text the loader would read back differently: CSV cells are stripped (Python `strip`). */
function changedByStrip(text: string): boolean {
  return pythonStrip(text) !== text;
}

/**
 * PO -> Tornado CSV. Plain entries become `"msgid","msgstr"`; a plural entry becomes a Tornado
 * `singular`/`plural` pair (the forms gettext picks for 1 and for the first `other` count) and,
 * when the locale has more CLDR categories than `one`/`other`, a row per category (the form
 * gettext picks for a count CLDR puts in that category). Rows carried in `# csv:` comments (from
 * an earlier CSV -> PO) come back: a comment row of the entry's own message and kind gives the
 * row its original third cell and extra columns, any other is written as it was. Everything CSV
 * cannot hold is reported in `lost`, per kind: contexts, fuzzy translations, messages a stripped
 * cell would change, obsolete entries, comments, references, flags, `#|` lines, the header.
 */
export function poToCsv(doc: PoDocument, code: string | undefined, file: string): ConvertResult {
  const lost: LocaleKitWarning[] = [];
  const tally = new LossTally();
  const warnings: LocaleKitWarning[] = [];
  const pf = headerField(doc.headers, 'Plural-Forms');
  const rule = pf === undefined ? DEFAULT_PLURAL_RULE : parsePluralFormsHeader(pf, file, warnings);
  const tag = code ? codeToTag(code) : 'en';
  const rules = new Intl.PluralRules(tag);
  const categories = cldrCategories(tag);
  const rows: string[][] = [];
  const pick = (e: PoEntry, n: number | undefined) =>
    n === undefined ? '' : (e.msgstr[rule.index(n)] ?? '');
  if (doc.header) {
    const fields = [...doc.headers.keys()];
    if (fields.length > 0)
      tally.add(
        'W_CONVERT_HEADER',
        doc.header.msgidLine,
        `the header (${fields.slice(0, 4).join(', ')}${fields.length > 4 ? ', …' : ''}) is not written: CSV has no header`,
      );
  }
  const carriedRows: string[][] = [];
  for (const c of doc.header?.translatorComments ?? []) {
    const cells = csvCommentCells(c);
    if (cells) carriedRows.push(cells);
    else tally.add('W_CONVERT_COMMENT', doc.header?.line ?? 0, 'translator comments not written');
  }
  for (const e of doc.entries) {
    const line = e.msgidLine;
    if (e.obsolete) {
      tally.add(
        'W_CONVERT_OBSOLETE',
        line,
        'obsolete (#~) entries left out: CSV has no obsolete rows',
      );
      continue;
    }
    if (e.msgctxt !== undefined) {
      lost.push({
        code: 'W_CONVERT_CONTEXT',
        file,
        line,
        message: `msgctxt ${JSON.stringify(e.msgctxt)} cannot be written to CSV; entry left out`,
      });
      continue;
    }
    if (changedByStrip(e.msgid) || (e.msgidPlural !== undefined && changedByStrip(e.msgidPlural))) {
      tally.add(
        'W_CONVERT_WHITESPACE',
        line,
        'messages with leading or trailing whitespace left out: the CSV loader strips every cell, so they would become other messages',
      );
      continue;
    }
    const extra: string[][] = [];
    for (const c of e.translatorComments) {
      const cells = csvCommentCells(c);
      if (cells) extra.push(cells);
      else tally.add('W_CONVERT_COMMENT', line, 'translator comments not written');
    }
    if (e.extractedComments.length > 0)
      tally.add('W_CONVERT_EXTRACTED', line, 'extracted (#.) comments not written');
    if (e.references.length > 0)
      tally.add('W_CONVERT_REFERENCES', line, 'references (#:) not written');
    if (e.flags.some((f) => f !== 'fuzzy'))
      tally.add('W_CONVERT_FLAGS', line, 'flags (#, c-format…) not written');
    if (e.previous.length > 0)
      tally.add('W_CONVERT_PREVIOUS', line, 'previous msgids (#|) not written');
    const fuzzy = e.flags.includes('fuzzy');
    if (fuzzy && e.msgstr.some((s) => s !== ''))
      lost.push({
        code: 'W_CONVERT_FUZZY',
        file,
        line,
        message: `fuzzy translation of ${JSON.stringify(e.msgid)} written as untranslated`,
      });
    const clear = (text: string) => {
      if (fuzzy) return '';
      if (changedByStrip(text))
        tally.add(
          'W_CONVERT_TRANSLATION_WHITESPACE',
          line,
          'translations lose their leading or trailing whitespace (the CSV loader strips every cell)',
        );
      return text;
    };
    const mine: string[][] = [];
    if (e.msgidPlural === undefined) mine.push([e.msgid, clear(e.msgstr[0] ?? '')]);
    else {
      const otherSample = sampleFor(rules, 'other') ?? 5;
      mine.push(
        [e.msgid, clear(pick(e, 1)), 'singular'],
        [e.msgidPlural, clear(pick(e, otherSample)), 'plural'],
      );
      const reached = new Set([rule.index(1), rule.index(otherSample)]);
      if (categories.some((c) => c !== 'one' && c !== 'other')) {
        for (const c of categories) {
          const n = sampleFor(rules, c);
          if (n !== undefined) reached.add(rule.index(n));
          mine.push([e.msgid, clear(pick(e, n)), c]);
        }
      }
      for (let i = 0; i < e.msgstr.length; i++)
        if (!reached.has(i) && (e.msgstr[i] ?? '') !== '')
          tally.add(
            'W_CONVERT_FORM',
            line,
            `plural forms no CLDR category of ${tag} selects not written`,
          );
    }
    // A carried row of this message and kind restores its third cell and extra columns.
    for (const cells of extra) {
      const r = classifyRow({ line: 0, cells });
      const target = r?.recognised
        ? mine.find((m) => pythonStrip(m[0] ?? '') === r.english && (m[2] ?? 'unknown') === r.kind)
        : undefined;
      if (target) target.splice(2, target.length - 2, ...cells.slice(2));
      else mine.push(cells);
    }
    rows.push(...mine);
  }
  rows.push(...carriedRows);
  lost.push(...tally.warnings(file));
  return { text: serializeCsv(rows), lost, notes: [] };
}

/** A gettext plural form `i` the CLDR category `c` of the locale lands in, or `undefined`. */
function formsOfCategory(rule: PluralRule, rules: Intl.PluralRules): Map<PluralCategory, number> {
  const map = new Map<PluralCategory, number>();
  for (let i = 0; i < rule.nplurals; i++) {
    const n = sampleForIndex(rule, i);
    if (n === undefined) continue;
    const c = rules.select(n) as PluralCategory;
    if (!map.has(c)) map.set(c, i);
  }
  return map;
}

/**
 * Tornado CSV -> PO, reading the rows as the loader reads them (Python's `strip`, the last of
 * duplicate rows wins; the overridden ones are reported). Plain rows become entries; a
 * `singular`+`plural` pair (with any CLDR category rows of the same singular) becomes a plural
 * entry whose `msgstr[i]` is the category row for a count gettext puts in form i, else the
 * singular (count 1) or plural translation. The header gets `Language` and the locale's
 * `Plural-Forms` (GNU gettext's table). What PO has no place for — a 4th column, a row the loader
 * skips, a category no gettext form of the locale takes (Russian `other`), a lone singular or
 * plural row, a plain row whose message is also a pair's singular — travels in `# csv:`
 * translator comments, which msgfmt ignores and `poToCsv` turns back into the same rows.
 */
export function csvToPo(bytes: Uint8Array, code: string | undefined, file: string): ConvertResult {
  const lost: LocaleKitWarning[] = [];
  const notes: LocaleKitWarning[] = [];
  const classified = readCsvRows(bytes, { file })
    .map(classifyRow)
    .filter((r): r is ClassifiedRow => r !== undefined);
  const { winners, losers } = loaderWinners(classified);
  for (const { row, winner } of losers)
    lost.push({
      code: 'W_CONVERT_DUPLICATE',
      file,
      line: row.row.line,
      message: `duplicate row ${JSON.stringify(row.english)}${row.kind === 'unknown' ? '' : ` (${row.kind})`} left out; line ${winner.row.line} wins, as in the loader`,
    });
  const hasPlurals = winners.some((r) => r.kind !== 'unknown');
  const pluralForms = code ? pluralFormsFor(code) : undefined;
  const rule = pluralForms ? parsePluralFormsHeader(pluralForms, file, []) : DEFAULT_PLURAL_RULE;
  if (hasPlurals && !pluralForms) {
    lost.push({
      code: 'W_CONVERT_PLURAL_FORMS',
      file,
      message: `no Plural-Forms known for ${code ?? 'this locale'}; wrote nplurals=2; plural=(n != 1);`,
    });
  }
  const tag = code ? codeToTag(code) : 'en';
  const rules = new Intl.PluralRules(tag);
  const formOf = formsOfCategory(rule, rules);
  const carry = (r: ClassifiedRow, why: string) =>
    notes.push({
      code: 'I_CONVERT_CARRIED',
      file,
      line: r.row.line,
      message: `${why}; kept as a "# csv:" comment (msgfmt ignores it; converting back restores the row)`,
    });

  interface Draft {
    msgid: string;
    msgidPlural?: string;
    single?: string;
    pair?: [string, string];
    categories: Map<PluralCategory, string>;
    comments: string[];
    line: number;
  }
  const drafts = new Map<string, Draft>();
  const order: Draft[] = [];
  const draftFor = (msgid: string, line: number): Draft => {
    let d = drafts.get(msgid);
    if (!d) {
      d = { msgid, categories: new Map(), comments: [], line };
      drafts.set(msgid, d);
      order.push(d);
    }
    return d;
  };
  const headerComments: string[] = [];
  const keepExtraColumns = (d: Draft, r: ClassifiedRow) => {
    if (r.row.cells.length > 3) d.comments.push(csvComment(r.row.cells));
  };
  // Rows the loader skips travel on the header, or on their message's entry.
  const skipped: ClassifiedRow[] = classified.filter((r) => !r.recognised);
  const plainOf = new Map<string, ClassifiedRow>();
  for (let i = 0; i < winners.length; i++) {
    const r = winners[i] as ClassifiedRow;
    if (r.english === '') {
      headerComments.push(csvComment(r.row.cells));
      carry(r, 'a row with an empty message cannot be a PO entry (msgid "" is the header)');
      continue;
    }
    if (r.kind === 'unknown') {
      plainOf.set(r.english, r);
      continue;
    }
    if (r.kind === 'singular') {
      const next = winners[i + 1];
      if (next?.kind === 'plural') {
        const d = draftFor(r.english, r.row.line);
        d.msgidPlural = next.english;
        d.pair = [r.translation, next.translation];
        keepExtraColumns(d, r);
        keepExtraColumns(d, next);
        i++;
        continue;
      }
    }
    if (r.kind === 'singular' || r.kind === 'plural') {
      headerComments.push(csvComment(r.row.cells));
      carry(
        r,
        `a lone "${r.kind}" row (no ${r.kind === 'singular' ? 'plural row after it' : 'singular row before it'}) is not a gettext plural entry`,
      );
      continue;
    }
    const d = draftFor(r.english, r.row.line);
    const category = r.kind as PluralCategory;
    if (!formOf.has(category)) {
      d.comments.push(csvComment(r.row.cells));
      carry(r, `no gettext form of ${code ?? 'this locale'} takes CLDR category "${category}"`);
      continue;
    }
    d.categories.set(category, r.translation);
    keepExtraColumns(d, r);
  }
  for (const [msgid, r] of plainOf) {
    const d = drafts.get(msgid);
    if (d && (d.pair || d.categories.size > 0)) {
      d.comments.push(csvComment(r.row.cells));
      carry(r, `plain row ${JSON.stringify(msgid)} has the same message as a plural entry`);
      continue;
    }
    const plain = draftFor(msgid, r.row.line);
    plain.single = r.translation;
    keepExtraColumns(plain, r);
  }
  for (const r of skipped) {
    const d = drafts.get(r.english);
    (d ? d.comments : headerComments).push(csvComment(r.row.cells));
    carry(
      r,
      r.row.cells.length < 2
        ? 'a one-cell row (the loader skips it)'
        : `third column ${JSON.stringify(r.kind)} is not one the loader knows (it skips the row)`,
    );
  }
  order.sort((a, b) => a.line - b.line);

  const fields: [string, string][] = [];
  if (code) fields.push(['Language', code]);
  fields.push(
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=UTF-8'],
    ['Content-Transfer-Encoding', '8bit'],
  );
  if (hasPlurals) fields.push(['Plural-Forms', pluralForms ?? 'nplurals=2; plural=(n != 1);']);
  const header = makePoEntry({
    msgid: '',
    msgstr: [formatHeaderFields(fields)],
    translatorComments: headerComments,
  });
  const out: PoEntry[] = [];
  for (const d of order) {
    if (d.single !== undefined && !d.pair && d.categories.size === 0) {
      out.push(
        makePoEntry({
          msgid: d.msgid,
          msgstr: [d.single],
          translatorComments: d.comments,
          line: d.line,
          msgidLine: d.line,
        }),
      );
      continue;
    }
    if (!d.pair && d.categories.size === 0) {
      // Only carried rows: keep them on an untranslated entry of the message.
      out.push(
        makePoEntry({
          msgid: d.msgid,
          msgstr: [''],
          translatorComments: d.comments,
          line: d.line,
          msgidLine: d.line,
        }),
      );
      continue;
    }
    if (!d.pair) {
      lost.push({
        code: 'W_CONVERT_NO_PLURAL',
        file,
        line: d.line,
        message: `${JSON.stringify(d.msgid)} has category rows but no "plural" row: msgid_plural set to the msgid`,
      });
    }
    const msgstr: string[] = [];
    for (let i = 0; i < rule.nplurals; i++) {
      const n = sampleForIndex(rule, i);
      const category = n === undefined ? undefined : (rules.select(n) as PluralCategory);
      const fromCategory = category ? d.categories.get(category) : undefined;
      msgstr.push(
        fromCategory ??
          (category === 'one' || (category === undefined && n === 1)
            ? (d.pair?.[0] ?? '')
            : (d.pair?.[1] ?? d.pair?.[0] ?? '')),
      );
    }
    out.push(
      makePoEntry({
        msgid: d.msgid,
        msgidPlural: d.msgidPlural ?? d.msgid,
        msgstr,
        translatorComments: d.comments,
        line: d.line,
        msgidLine: d.line,
      }),
    );
  }
  return {
    text: serializePo({ header, entries: out }),
    lost,
    notes,
    doc: { header, entries: out },
  };
}

function printWarnings(io: CliIo, list: readonly LocaleKitWarning[], label: string): void {
  for (const w of list)
    io.err(`${w.file}${w.line !== undefined ? `:${w.line}` : ''}: ${label}: ${w.message}\n`);
}

/** `localekit convert <in> <out>`: CSV <-> PO by extension; the output is replaced atomically. */
export async function runConvert(
  input: string,
  output: string,
  opts: { locale?: string; toCode?: string },
  io: CliIo,
): Promise<number> {
  const from = path.extname(input).toLowerCase();
  const to = path.extname(output).toLowerCase();
  const ok =
    (from === '.csv' && (to === '.po' || to === '.pot')) || (from === '.po' && to === '.csv');
  if (!ok)
    throw usageError(
      `cannot convert ${from || input} to ${to || output}`,
      'convert .csv to .po, or .po to .csv',
    );
  if (opts.toCode !== undefined && to === '.csv')
    throw usageError(
      '--to-code applies to a PO output',
      'CSV catalogs are written in UTF-8, as Tornado reads them',
    );
  if (opts.toCode !== undefined && !canEncode(opts.toCode))
    throw usageError(
      `unknown charset ${opts.toCode}`,
      'give a charset iconv knows, e.g. UTF-8, ISO-8859-2, KOI8-U, EUC-JP',
    );
  const code = opts.locale ?? codeFromPath(input) ?? codeFromPath(output);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path.resolve(io.cwd, input));
  } catch (error) {
    throw new LocaleKitError('E_IO', `cannot read ${input}`, {
      hint: 'check the path',
      cause: error,
    });
  }
  let out: Uint8Array;
  let result: ConvertResult;
  if (from === '.csv') {
    result = csvToPo(bytes, code, input);
    const doc = result.doc as PoDocumentLike;
    const charset = opts.toCode ?? 'UTF-8';
    out = encodePo(
      { header: withCharset(doc.header, charset), entries: doc.entries },
      charset,
      output,
      (e) => ({ file: input, line: e.line }),
    );
  } else {
    result = poToCsv(parsePoDocument(bytes, { file: input }), code, input);
    out = Buffer.from(result.text, 'utf8');
  }
  printWarnings(io, result.lost, 'warning');
  printWarnings(io, result.notes, 'note');
  await writeFileAtomic(path.resolve(io.cwd, output), out, { display: output });
  return EXIT_OK;
}

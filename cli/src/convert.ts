import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PluralCategory, PluralRule } from 'localekit/formats';
import { readCsvRows } from 'localekit/formats';
import { LocaleKitError, type LocaleKitWarning } from 'localekit';
import { codeToTag } from 'localekit/catalogs';
import { headerField, parsePoDocument } from 'localekit/formats';
import type { PoDocument, PoEntry } from 'localekit/formats';
import { DEFAULT_PLURAL_RULE, parsePluralFormsHeader } from 'localekit/formats';
import { cldrCategories, csvEntries, isLocaleCode } from 'localekit/catalogs';
import { serializeCsv } from 'localekit/formats';
import { type CliIo, EXIT_OK, usageError } from './io.js';
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
  lost: LocaleKitWarning[];
}

/**
 * PO -> Tornado CSV. Plain entries become `"msgid","msgstr"`; a plural entry becomes a Tornado
 * `singular`/`plural` pair (the forms gettext picks for 1 and for the first `other` count) and,
 * when the locale has more CLDR categories than `one`/`other`, a row per category (the form
 * gettext picks for a count CLDR puts in that category). CSV cannot hold contexts, comments,
 * fuzzy flags or obsolete entries: those are reported in `lost`.
 */
export function poToCsv(doc: PoDocument, code: string | undefined, file: string): ConvertResult {
  const lost: LocaleKitWarning[] = [];
  const warnings: LocaleKitWarning[] = [];
  const pf = headerField(doc.headers, 'Plural-Forms');
  const rule = pf === undefined ? DEFAULT_PLURAL_RULE : parsePluralFormsHeader(pf, file, warnings);
  const tag = code ? codeToTag(code) : 'en';
  const rules = new Intl.PluralRules(tag);
  const categories = cldrCategories(tag);
  const rows: string[][] = [];
  const pick = (e: PoEntry, n: number | undefined) =>
    n === undefined ? '' : (e.msgstr[rule.index(n)] ?? '');
  for (const e of doc.entries) {
    const where = { file, line: e.msgidLine };
    if (e.obsolete) continue;
    if (e.msgctxt !== undefined) {
      lost.push({
        code: 'W_CONVERT_CONTEXT',
        ...where,
        message: `msgctxt ${JSON.stringify(e.msgctxt)} cannot be written to CSV; entry left out`,
      });
      continue;
    }
    const fuzzy = e.flags.includes('fuzzy');
    if (fuzzy)
      lost.push({
        code: 'W_CONVERT_FUZZY',
        ...where,
        message: `fuzzy translation of ${JSON.stringify(e.msgid)} written as untranslated`,
      });
    const clear = (s: string) => (fuzzy ? '' : s);
    if (e.msgidPlural === undefined) {
      rows.push([e.msgid, clear(e.msgstr[0] ?? '')]);
      continue;
    }
    const otherSample = sampleFor(rules, 'other') ?? 5;
    rows.push(
      [e.msgid, clear(pick(e, 1)), 'singular'],
      [e.msgidPlural, clear(pick(e, otherSample)), 'plural'],
    );
    if (categories.some((c) => c !== 'one' && c !== 'other')) {
      for (const c of categories) rows.push([e.msgid, clear(pick(e, sampleFor(rules, c))), c]);
    }
  }
  return { text: serializeCsv(rows), lost };
}

/**
 * Tornado CSV -> PO. Plain rows become entries; a `singular`+`plural` pair (with any CLDR
 * category rows of the same singular) becomes a plural entry whose `msgstr[i]` is the category
 * row for a count gettext puts in form i, else the singular (count 1) or plural translation.
 * The header gets `Language` and the locale's `Plural-Forms` (GNU gettext's table).
 */
export function csvToPo(bytes: Uint8Array, code: string | undefined, file: string): ConvertResult {
  const lost: LocaleKitWarning[] = [];
  const { entries } = csvEntries(readCsvRows(bytes, { file }));
  const hasPlurals = entries.some((e) => e.msgidPlural !== undefined || e.categories);
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
  const fields: [string, string][] = [];
  if (code) fields.push(['Language', code]);
  fields.push(
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=UTF-8'],
    ['Content-Transfer-Encoding', '8bit'],
  );
  if (hasPlurals) fields.push(['Plural-Forms', pluralForms ?? 'nplurals=2; plural=(n != 1);']);
  const header = makePoEntry({ msgid: '', msgstr: [formatHeaderFields(fields)] });
  const out: PoEntry[] = [];
  for (const e of entries) {
    if (e.msgidPlural === undefined && !e.categories) {
      out.push(makePoEntry({ msgid: e.msgid, msgstr: [e.forms[0] ?? ''] }));
      continue;
    }
    if (e.msgidPlural === undefined) {
      lost.push({
        code: 'W_CONVERT_NO_PLURAL',
        file,
        line: e.line,
        message: `${JSON.stringify(e.msgid)} has category rows but no "plural" row: msgid_plural set to the msgid`,
      });
    }
    const msgstr: string[] = [];
    for (let i = 0; i < rule.nplurals; i++) {
      const n = sampleForIndex(rule, i);
      const category = n === undefined ? undefined : (rules.select(n) as PluralCategory);
      const fromCategory = category ? e.categories?.get(category) : undefined;
      msgstr.push(
        fromCategory ??
          (category === 'one' || (category === undefined && n === 1)
            ? (e.forms[0] ?? '')
            : (e.forms[1] ?? e.forms[0] ?? '')),
      );
    }
    out.push(makePoEntry({ msgid: e.msgid, msgidPlural: e.msgidPlural ?? e.msgid, msgstr }));
  }
  return { text: serializePo({ header, entries: out }), lost };
}

/** `localekit convert <in> <out>`: CSV <-> PO by extension. */
export async function runConvert(
  input: string,
  output: string,
  opts: { locale?: string },
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
  const result =
    from === '.csv'
      ? csvToPo(bytes, code, input)
      : poToCsv(parsePoDocument(bytes, { file: input }), code, input);
  for (const w of result.lost)
    io.err(`${w.file}${w.line !== undefined ? `:${w.line}` : ''}: warning: ${w.message}\n`);
  try {
    await writeFile(path.resolve(io.cwd, output), result.text);
  } catch (error) {
    throw new LocaleKitError('E_IO', `cannot write ${output}`, {
      hint: 'check the directory exists and is writable',
      cause: error,
    });
  }
  return EXIT_OK;
}

import path from 'node:path';
import { LocaleKitError, type LocaleKitWarning } from 'localekit';
import { headerField } from 'localekit/formats';
import { parsePluralFormsHeader } from 'localekit/formats';
import { icuPlaceholders, pythonPlaceholders } from 'localekit/text';
import { statsFor, referenceMessages, type LocaleStats } from 'localekit/stats';
import {
  cldrCategories,
  listCatalogFiles,
  type LoadedCatalog,
  loadCatalogFile,
  loadTemplate,
  missingPluralForms,
  type UnitEntry,
} from 'localekit/catalogs';
import { renderHtmlReport } from './html-report.js';
import {
  type CliIo,
  EXIT_OK,
  EXIT_PROBLEMS,
  endProgress,
  progress,
  writeFileAtomic,
} from './io.js';

/** How bad a finding is: `error` and `warning` make `check` exit 1; `info` does not. */
export type Severity = 'error' | 'warning' | 'info';

/** One problem `check` found. Part of the `--json` schema (see docs/cli.md). */
export interface Finding {
  readonly file: string;
  /** 1-based; 0 when the problem has no line (a message missing from the file). */
  readonly line: number;
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  /** The msgid concerned, when there is one. */
  readonly msgid?: string;
  readonly msgctxt?: string;
}

export type FindingCode =
  | 'missing'
  | 'untranslated'
  | 'fuzzy'
  | 'obsolete'
  | 'placeholders'
  | 'icu-syntax'
  | 'plural-forms-missing'
  | 'plural-forms-invalid'
  | 'plural-forms-cldr'
  | 'duplicate'
  | 'parse-error'
  | 'load-warning'
  | 'not-served';

const SEVERITY: Readonly<Record<FindingCode, Severity>> = {
  missing: 'error',
  untranslated: 'warning',
  fuzzy: 'warning',
  obsolete: 'info',
  placeholders: 'error',
  'icu-syntax': 'error',
  'plural-forms-missing': 'error',
  'plural-forms-invalid': 'error',
  'plural-forms-cldr': 'info',
  duplicate: 'error',
  'parse-error': 'error',
  'load-warning': 'warning',
  'not-served': 'info',
};

/** The result of checking a directory: per-locale numbers and every finding, sorted. */
export interface CheckResult {
  /** Catalog files looked at, broken ones and ones the server does not serve included. */
  readonly catalogs: number;
  readonly locales: readonly LocaleStats[];
  readonly findings: readonly Finding[];
}

/**
 * The placeholders of a message: `%(name)s` (Python) and `{name}` (ICU arguments, also inside
 * plural/select branches), read by the runtime's own code (`localekit/text`), so check compares
 * exactly what `Locale#_` fills. `icuError` is the ICU parser's error when the text is not valid ICU.
 */
export function placeholders(text: string): { names: Set<string>; icuError: string | undefined } {
  const names = new Set<string>();
  for (const name of pythonPlaceholders(text).names) names.add(`%(${name})`);
  const icu = icuPlaceholders(text);
  for (const name of icu.names) names.add(`{${name}}`);
  return { names, icuError: icu.error };
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  a.size === b.size && [...a].every((x) => b.has(x));
const show = (s: Iterable<string>) => [...s].sort().join(' ') || 'none';

function entryFindings(
  c: LoadedCatalog,
  e: UnitEntry,
  nplurals: number,
  push: (f: Omit<Finding, 'file' | 'severity'>) => void,
): void {
  const about = {
    line: e.line,
    msgid: e.msgid,
    ...(e.msgctxt !== undefined ? { msgctxt: e.msgctxt } : {}),
  };
  const quoted = JSON.stringify(e.msgid.length > 60 ? `${e.msgid.slice(0, 57)}...` : e.msgid);
  if (e.obsolete) {
    push({
      ...about,
      code: 'obsolete',
      message: `obsolete entry ${quoted} (#~); remove it or bring it back`,
    });
    return;
  }
  if (e.fuzzy)
    push({
      ...about,
      code: 'fuzzy',
      message: `fuzzy translation of ${quoted} is not used; review it and remove the fuzzy flag`,
    });
  const translations = [...e.forms, ...(e.categories?.values() ?? [])].filter((t) => t !== '');
  if (translations.length === 0) {
    push({ ...about, code: 'untranslated', message: `${quoted} is not translated` });
    return;
  }
  const missingForms = missingPluralForms(e, c.source.format, c.source.tag, nplurals);
  if (missingForms.length > 0) {
    push({
      ...about,
      code: 'plural-forms-missing',
      message: `${quoted} lacks plural forms ${missingForms.join(', ')} for ${c.source.code}`,
    });
  }
  const source = placeholders(e.msgid);
  const sources = new Set(source.names);
  if (e.msgidPlural !== undefined)
    for (const n of placeholders(e.msgidPlural).names) sources.add(n);
  const targets = new Set<string>();
  for (const t of translations) {
    const p = placeholders(t);
    if (p.icuError !== undefined && source.icuError === undefined) {
      push({
        ...about,
        code: 'icu-syntax',
        message: `translation of ${quoted} is not valid ICU MessageFormat (${p.icuError}): ${JSON.stringify(t.slice(0, 80))}`,
      });
    }
    for (const n of p.names) targets.add(n);
  }
  // Plural forms may drop the count in the `one` form ("Une pomme"): compare the unions.
  if (!sameSet(sources, targets)) {
    push({
      ...about,
      code: 'placeholders',
      message: `placeholders differ in ${quoted}: message has ${show(sources)}, translation has ${show(targets)}`,
    });
  }
}

function headerFindings(
  c: LoadedCatalog,
  push: (f: Omit<Finding, 'file' | 'severity'>) => void,
): number {
  if (c.source.format !== 'po') return 2;
  const value = headerField(c.headers, 'Plural-Forms');
  const line = c.document?.header?.line ?? 1;
  if (value === undefined) return 2;
  const warnings: { code: string; message: string }[] = [];
  const rule = parsePluralFormsHeader(value, c.source.file, warnings as never);
  const invalid = warnings.find((w) => w.code === 'W_PLURAL_FORMS_INVALID');
  if (invalid) {
    push({ line, code: 'plural-forms-invalid', message: invalid.message });
    return 2;
  }
  const cldr = cldrCategories(c.source.tag);
  if (rule.nplurals !== cldr.length) {
    push({
      line,
      code: 'plural-forms-cldr',
      message: `Plural-Forms has nplurals=${rule.nplurals}, CLDR has ${cldr.length} categories for counts in ${c.source.tag} (${cldr.join(', ')})`,
    });
  }
  return rule.nplurals;
}

/** Checks every catalog of a directory. I/O errors reject; a catalog that does not parse is a finding. */
export async function checkDirectory(
  dir: string,
  options: {
    template?: string;
    domain?: string;
    cwd?: string;
    onFile?: (file: string) => void;
  } = {},
): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  const findings: Finding[] = [];
  const loaderWarning = (w: LocaleKitWarning): Finding => ({
    file: w.file,
    line: w.line ?? 0,
    code: 'load-warning',
    severity: SEVERITY['load-warning'],
    message: `${w.message} [${w.code}]`,
  });
  // The server's scanner: every file it serves (a .mo wins over the .po beside it), and the .po
  // files it does not serve, which translators still edit.
  const files = await listCatalogFiles(dir, {
    cwd,
    ...(options.domain !== undefined ? { domain: options.domain } : {}),
    onWarning: (w) => findings.push(loaderWarning(w)),
  });
  for (const f of files) {
    if (f.served) continue;
    findings.push({
      file: f.file,
      line: 0,
      code: 'not-served',
      severity: SEVERITY['not-served'],
      message:
        'the server reads the .mo beside this file, not this file (run localekit compile after editing)',
    });
  }
  const catalogs: LoadedCatalog[] = [];
  for (const f of files) {
    options.onFile?.(f.file);
    try {
      catalogs.push(await loadCatalogFile(f));
    } catch (error) {
      if (!(error instanceof LocaleKitError) || error.code === 'E_IO') throw error;
      findings.push({
        file: f.file,
        line: error.line ?? 0,
        code: 'parse-error',
        severity: 'error',
        message: error.message
          .replace(`${f.file}:${error.line ?? ''}: `, '')
          .replace(`${f.file}: `, ''),
      });
    }
  }
  const template =
    options.template !== undefined ? await loadTemplate(options.template, cwd) : undefined;
  const reference = referenceMessages(template ?? catalogs.flatMap((c) => c.entries));
  const locales: LocaleStats[] = [];
  for (const c of catalogs) {
    const push = (f: Omit<Finding, 'file' | 'severity'>) =>
      findings.push({ file: c.source.file, severity: SEVERITY[f.code], ...f });
    const nplurals = headerFindings(c, push);
    for (const w of c.warnings) {
      if (!reportedElsewhere(w)) findings.push(loaderWarning(w));
    }
    for (const d of c.duplicates) {
      push({
        line: d.line,
        msgid: d.msgid,
        code: 'duplicate',
        message: `duplicate message ${JSON.stringify(d.msgid)}, first on line ${d.first}`,
      });
    }
    const present = new Set<string>();
    for (const e of c.entries) {
      if (!e.obsolete) present.add(e.key);
      entryFindings(c, e, nplurals, push);
    }
    if (template) {
      for (const t of template) {
        if (present.has(t.key) || (c.source.format === 'csv' && t.msgctxt !== undefined)) continue;
        push({
          line: 0,
          msgid: t.msgid,
          ...(t.msgctxt !== undefined ? { msgctxt: t.msgctxt } : {}),
          code: 'missing',
          message: `${JSON.stringify(t.msgid)} from the template is missing (run localekit update)`,
        });
      }
    }
    if (c.source.served) locales.push(statsFor(c, reference));
  }
  const order = new Map(files.map((f, i) => [f.file, i]));
  findings.sort(
    (a, b) =>
      (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) ||
      a.line - b.line ||
      a.code.localeCompare(b.code),
  );
  return { catalogs: files.length, locales, findings };
}

/** Text for people: findings grouped per file, then a summary line. */
export function formatFindings(result: CheckResult): string {
  let out = '';
  let current: string | undefined;
  for (const f of result.findings) {
    if (f.file !== current) {
      out += `${current === undefined ? '' : '\n'}${f.file}\n`;
      current = f.file;
    }
    out += `  ${f.file}:${f.line}: ${f.severity} [${f.code}] ${f.message}\n`;
  }
  const count = (s: Severity) => result.findings.filter((f) => f.severity === s).length;
  out += `${out ? '\n' : ''}${result.catalogs} ${result.catalogs === 1 ? 'catalog' : 'catalogs'}: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes\n`;
  return out;
}

/**
 * Loader warnings that `check` already reports with a finding of its own (duplicates, Plural-Forms
 * header problems), so one problem is not listed twice.
 */
function reportedElsewhere(w: LocaleKitWarning): boolean {
  return /^W_(?:CSV|PO|MO)_DUPLICATE$|^W_PLURAL_FORMS_(?:INVALID|MISSING)$/.test(w.code);
}

/** True when a finding should fail CI. */
export function hasProblems(result: CheckResult): boolean {
  return result.findings.some((f) => f.severity !== 'info');
}

/** `localekit check <dir> [--template pot] [--json] [--html file]`. */
export async function runCheck(
  dir: string,
  opts: { template?: string; domain: string; json?: boolean; html?: string },
  io: CliIo,
): Promise<number> {
  const result = await checkDirectory(dir, {
    cwd: io.cwd,
    domain: opts.domain,
    ...(opts.template !== undefined ? { template: opts.template } : {}),
    onFile: (file) => progress(io, `check ${file}`),
  });
  endProgress(io);
  if (opts.json) {
    io.out(
      `${JSON.stringify({ version: 1, ok: !hasProblems(result), locales: result.locales, findings: result.findings }, null, 2)}\n`,
    );
  } else {
    io.out(formatFindings(result));
  }
  if (opts.html !== undefined) {
    await writeFileAtomic(
      path.resolve(io.cwd, opts.html),
      renderHtmlReport(result, { title: `localekit check: ${dir}` }),
      { display: opts.html },
    );
  }
  return hasProblems(result) ? EXIT_PROBLEMS : EXIT_OK;
}

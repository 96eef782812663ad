import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LocaleKitError } from 'localekit';
import { serializeCsv } from 'localekit/formats';
import { type ExtractedMessage, type ExtractWarning, MessageCollector } from './extract-core.js';
import { extractFromScript, SCRIPT_EXTENSIONS } from './extract-js.js';
import {
  extractFromEjs,
  extractFromHandlebars,
  extractFromNunjucks,
  extractFromPug,
  VIEW_EXTENSIONS,
  type ViewOptions,
} from './extract-views.js';
import { DEFAULT_KEYWORDS, type KeywordSpec, keywordTable } from './keywords.js';
import { formatHeaderFields, makePoEntry, serializePo } from 'localekit/formats';

/** Options of `extractMessages`. */
export interface ExtractOptions {
  /** Added to (and, for the same name, replacing) the default keywords `_`, `translate`, `pgettext`. */
  readonly keywords?: readonly KeywordSpec[];
  /** Comment tag, as xgettext `--add-comments=TAG`. @default 'TRANSLATORS:' */
  readonly commentTag?: string;
  /** References are relative to this directory. @default process.cwd() */
  readonly cwd?: string;
  /** Called after each file (for progress). */
  readonly onFile?: (file: string, done: number, total: number) => void;
}

export interface ExtractResult {
  /** In order of first appearance (files in sorted path order, then source order). */
  readonly messages: readonly ExtractedMessage[];
  readonly warnings: readonly ExtractWarning[];
  readonly files: readonly string[];
}

const SKIPPED_DIRS = new Set(['node_modules', 'dist']);

function isSource(file: string): boolean {
  const ext = path.extname(file).toLowerCase();
  return SCRIPT_EXTENSIONS.has(ext) || VIEW_EXTENSIONS.has(ext);
}

/** Every source file under the paths, sorted, skipping node_modules, dist and dot-directories. */
export async function listSourceFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  const visit = async (p: string, explicit: boolean): Promise<void> => {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(p);
    } catch (error) {
      throw new LocaleKitError('E_IO', `cannot read ${path.relative(cwd, p) || p}`, {
        hint: 'check the path exists and is readable',
        cause: error,
      });
    }
    if (info.isDirectory()) {
      const name = path.basename(p);
      if (!explicit && (SKIPPED_DIRS.has(name) || name.startsWith('.'))) return;
      const entries = await readdir(p);
      entries.sort();
      for (const entry of entries) await visit(path.join(p, entry), false);
    } else if (explicit || isSource(p)) {
      found.add(p);
    }
  };
  for (const p of paths) await visit(path.resolve(cwd, p), true);
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Reference form of a file: relative to cwd, posix separators (as xgettext prints it). */
export function referencePath(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

/** Extracts one file's messages into the collector. */
export async function extractFile(
  text: string,
  file: string,
  collector: MessageCollector,
  options: ViewOptions,
): Promise<void> {
  const ext = path.extname(file).toLowerCase();
  const kind = SCRIPT_EXTENSIONS.get(ext);
  if (kind) {
    extractFromScript(text, file, collector, { kind, ...options });
    return;
  }
  switch (ext) {
    case '.ejs':
      return extractFromEjs(text, file, collector, options);
    case '.pug':
      return extractFromPug(text, file, collector, options);
    case '.njk':
      return extractFromNunjucks(text, file, collector, options);
    case '.hbs':
      return extractFromHandlebars(text, file, collector, options);
    default:
      throw new LocaleKitError('E_USAGE', `do not know how to extract from ${ext || 'this file'}`, {
        file,
        hint: 'give .js .mjs .cjs .ts .tsx .jsx .ejs .pug .njk or .hbs files, or directories',
      });
  }
}

/** Walks the paths and extracts every translatable message, deterministically ordered. */
export async function extractMessages(
  paths: readonly string[],
  options: ExtractOptions = {},
): Promise<ExtractResult> {
  const cwd = options.cwd ?? process.cwd();
  const files = await listSourceFiles(paths, cwd);
  const collector = new MessageCollector();
  const viewOptions: ViewOptions = {
    keywords: keywordTable([...DEFAULT_KEYWORDS, ...(options.keywords ?? [])]),
    commentTag: options.commentTag ?? 'TRANSLATORS:',
  };
  let done = 0;
  for (const file of files) {
    const ref = referencePath(file, cwd);
    let text: string;
    try {
      text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    } catch (error) {
      throw new LocaleKitError('E_IO', `cannot read ${ref}`, {
        hint: 'check the file is readable',
        cause: error,
      });
    }
    await extractFile(text, ref, collector, viewOptions);
    options.onFile?.(ref, ++done, files.length);
  }
  return {
    messages: [...collector.messages.values()],
    warnings: collector.warnings,
    files: files.map((f) => referencePath(f, cwd)),
  };
}

/** The header xgettext writes (POT-Creation-Date left out so the output is deterministic). */
export function potHeaderFields(withPlurals: boolean): [string, string][] {
  const fields: [string, string][] = [
    ['Project-Id-Version', 'PACKAGE VERSION'],
    ['Report-Msgid-Bugs-To', ''],
    ['PO-Revision-Date', 'YEAR-MO-DA HO:MI+ZONE'],
    ['Last-Translator', 'FULL NAME <EMAIL@ADDRESS>'],
    ['Language-Team', 'LANGUAGE <LL@li.org>'],
    ['Language', ''],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=UTF-8'],
    ['Content-Transfer-Encoding', '8bit'],
  ];
  if (withPlurals) fields.push(['Plural-Forms', 'nplurals=INTEGER; plural=EXPRESSION;']);
  return fields;
}

/** A POT file from extracted messages, in xgettext's layout. */
export function formatPot(messages: readonly ExtractedMessage[]): string {
  const withPlurals = messages.some((m) => m.msgidPlural !== undefined);
  const header = makePoEntry({
    msgid: '',
    msgstr: [formatHeaderFields(potHeaderFields(withPlurals))],
    translatorComments: [
      'SOME DESCRIPTIVE TITLE.',
      "Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER",
      'This file is distributed under the same license as the PACKAGE package.',
      'FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.',
      '',
    ],
    flags: ['fuzzy'],
  });
  const entries = messages.map((m) =>
    makePoEntry({
      ...(m.msgctxt !== undefined ? { msgctxt: m.msgctxt } : {}),
      msgid: m.msgid,
      ...(m.msgidPlural !== undefined ? { msgidPlural: m.msgidPlural } : {}),
      msgstr: m.msgidPlural !== undefined ? ['', ''] : [''],
      extractedComments: m.comments,
      references: m.references,
    }),
  );
  return serializePo({ header, entries });
}

/**
 * A Tornado CSV template: `"msg",""`, and for plurals a `singular` and a `plural` row. CSV has
 * no contexts: messages with a msgctxt are left out, with a warning each.
 */
export function formatCsvTemplate(
  messages: readonly ExtractedMessage[],
  warn: (w: ExtractWarning) => void,
): string {
  const rows: string[][] = [];
  for (const m of messages) {
    if (m.msgctxt !== undefined) {
      const [file, line] = splitReference(m.references[0] ?? '');
      warn({ file, line, message: `CSV has no msgctxt; ${JSON.stringify(m.msgid)} left out` });
      continue;
    }
    if (m.msgidPlural === undefined) rows.push([m.msgid, '']);
    else rows.push([m.msgid, '', 'singular'], [m.msgidPlural, '', 'plural']);
  }
  return serializeCsv(rows);
}

function splitReference(ref: string): [string, number] {
  const i = ref.lastIndexOf(':');
  return i < 0 ? [ref, 0] : [ref.slice(0, i), Number(ref.slice(i + 1))];
}

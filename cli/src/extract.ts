import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { LocaleKitError } from 'localekit';
import { serializeCsv } from 'localekit/formats';
import { type ExtractedMessage, type ExtractWarning, MessageCollector } from './extract-core.js';
import { extractFromScript, SCRIPT_EXTENSIONS, type ScriptKind } from './extract-js.js';
import {
  extractFromView,
  VIEW_ENGINE_NAMES,
  VIEW_EXTENSIONS,
  type ViewEngine,
  type ViewOptions,
} from './extract-views.js';
import { flagsOf } from './extract-flags.js';
import { DEFAULT_KEYWORDS, type KeywordSpec, keywordTable } from './keywords.js';
import { formatHeaderFields, makePoEntry, type PoEntry, serializePoEntry } from 'localekit/formats';

/** Options of `extractMessages`. */
export interface ExtractOptions {
  /** Added to (and, for the same name, replacing) the default keywords `_`, `_html`, `translate`, `pgettext`. */
  readonly keywords?: readonly KeywordSpec[];
  /** Comment tag, as xgettext `--add-comments=TAG`. @default 'TRANSLATORS:' */
  readonly commentTag?: string;
  /** References are relative to this directory. @default process.cwd() */
  readonly cwd?: string;
  /**
   * More template extensions, or other engines for the default ones: `.html` → `njk` reads
   * Nunjucks templates named `*.html` (see `parseTemplateExt`).
   */
  readonly templateExtensions?: ReadonlyMap<string, ViewEngine>;
  /** Called after each file (for progress). */
  readonly onFile?: (file: string, done: number, total: number) => void;
}

/** A file extract could not read or parse: named, left out, everything else extracted. */
export interface ExtractFailure {
  readonly file: string;
  /** 0 when the failure has no line (an unreadable file). */
  readonly line: number;
  readonly message: string;
}

export interface ExtractResult {
  /** In order of first appearance (files in sorted path order, then source order). */
  readonly messages: readonly ExtractedMessage[];
  /** Non-literal arguments, recovered syntax errors, symlinks not followed… (`line` 0: the file). */
  readonly warnings: readonly ExtractWarning[];
  /** Files that could not be parsed or read; their messages are missing from `messages`. */
  readonly failures: readonly ExtractFailure[];
  /** The files read, failed ones included. */
  readonly files: readonly string[];
}

const SKIPPED_DIRS = new Set(['node_modules', 'dist']);

/** What a file is, by extension: a script kind, a view engine, or nothing to extract. */
type SourceKind =
  | { readonly kind: 'script'; readonly script: ScriptKind }
  | { readonly kind: 'view'; readonly engine: ViewEngine };

function sourceKind(file: string, views: ReadonlyMap<string, ViewEngine>): SourceKind | undefined {
  const ext = path.extname(file).toLowerCase();
  const engine = views.get(ext);
  if (engine) return { kind: 'view', engine };
  const script = SCRIPT_EXTENSIONS.get(ext);
  return script ? { kind: 'script', script } : undefined;
}

/**
 * Parses a `--template-ext` value, `EXT=ENGINE`: `html=njk`, `.html=nunjucks`,
 * `handlebars=hbs`. Engines: ejs, pug, njk (nunjucks), hbs (handlebars).
 */
export function parseTemplateExt(text: string): [string, ViewEngine] {
  const m = /^\.?([A-Za-z0-9][\w.-]*)=([A-Za-z]+)$/.exec(text.trim());
  const engine = m ? VIEW_ENGINE_NAMES.get((m[2] as string).toLowerCase()) : undefined;
  if (!m || !engine) {
    throw new LocaleKitError('E_USAGE', `invalid --template-ext ${JSON.stringify(text)}`, {
      hint: 'use EXT=ENGINE, e.g. html=njk; engines: ejs, pug, njk (nunjucks), hbs (handlebars)',
    });
  }
  return [`.${(m[1] as string).toLowerCase()}`, engine];
}

/** Files found under the paths, and what the walk skipped or could not follow. */
export interface SourceListing {
  /** Absolute paths, sorted. */
  readonly files: readonly string[];
  readonly warnings: readonly ExtractWarning[];
  /** Files or directories inside the tree that could not be read. */
  readonly failures: readonly ExtractFailure[];
}

function isInside(child: string, root: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Every source file under the paths, sorted, skipping node_modules, dist and dot-directories.
 * A symlink is followed only when its target lies inside the tree of the path given (the
 * target's real path inside that path's real path), so a link never takes the walk out of the
 * project; a link to a directory already being walked (a loop) and a link that cannot be
 * resolved are reported and skipped. A file reached twice (through a link) is read once, under
 * its own path when the walk also reaches it without a link.
 * A path given that does not exist is an `E_IO` error.
 */
export async function listSourceFiles(
  paths: readonly string[],
  cwd: string,
  views: ReadonlyMap<string, ViewEngine> = VIEW_EXTENSIONS,
): Promise<SourceListing> {
  // real path -> the path as walked, and whether that path is the file's own (no link on the way)
  const found = new Map<string, { path: string; canonical: boolean }>();
  const keep = (real: string, p: string, canonical: boolean) => {
    const seen = found.get(real);
    if (!seen || (canonical && !seen.canonical)) found.set(real, { path: p, canonical });
  };
  const warnings: ExtractWarning[] = [];
  const failures: ExtractFailure[] = [];
  const visitedDirs = new Set<string>();
  const rel = (p: string) => referencePath(p, cwd) || p;
  const visit = async (
    p: string,
    given: string,
    root: string,
    ancestors: readonly string[],
  ): Promise<void> => {
    let real: string;
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      real = await realpath(p);
      info = await stat(real);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') {
        warnings.push({ file: rel(p), line: 0, message: 'symlink loop, not followed' });
      } else if (code === 'ENOENT') {
        warnings.push({ file: rel(p), line: 0, message: 'broken symlink, not followed' });
      } else {
        failures.push({ file: rel(p), line: 0, message: `cannot read: ${errorText(error)}` });
      }
      return;
    }
    if (!isInside(real, root)) {
      warnings.push({
        file: rel(p),
        line: 0,
        message: `symlink to ${real}, outside ${rel(root)}; not followed`,
      });
      return;
    }
    if (info.isDirectory()) {
      const name = path.basename(p);
      if (SKIPPED_DIRS.has(name) || name.startsWith('.')) return;
      if (ancestors.includes(real)) {
        warnings.push({
          file: rel(p),
          line: 0,
          message: `symlink loop (back to ${rel(real)}), not followed`,
        });
        return;
      }
      // A directory reached through a link is walked again under the link's name (a file found
      // both ways keeps its own path); ancestors, by real path, stop a loop.
      const canonical = path.relative(given, p) === path.relative(root, real);
      if (visitedDirs.has(real)) return;
      if (canonical) visitedDirs.add(real);
      let entries: string[];
      try {
        entries = await readdir(real);
      } catch (error) {
        failures.push({ file: rel(p), line: 0, message: `cannot read: ${errorText(error)}` });
        return;
      }
      entries.sort();
      for (const entry of entries) {
        await visit(path.join(p, entry), given, root, [...ancestors, real]);
      }
    } else if (info.isFile() && sourceKind(p, views)) {
      keep(real, p, path.relative(given, p) === path.relative(root, real));
    }
  };
  for (const given of paths) {
    const p = path.resolve(cwd, given);
    let real: string;
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      real = await realpath(p);
      info = await stat(real);
    } catch (error) {
      throw new LocaleKitError('E_IO', `cannot read ${rel(p)}`, {
        hint: 'check the path exists and is readable',
        cause: error,
      });
    }
    if (info.isDirectory()) {
      // A directory given by name is walked even when it is called `dist` or `.config`.
      visitedDirs.add(real);
      let entries: string[];
      try {
        entries = await readdir(real);
      } catch (error) {
        throw new LocaleKitError('E_IO', `cannot read ${rel(p)}`, {
          hint: 'check the directory is readable',
          cause: error,
        });
      }
      entries.sort();
      for (const entry of entries) await visit(path.join(p, entry), p, real, [real]);
    } else {
      keep(real, p, true);
    }
  }
  const files = [...found.values()].map((f) => f.path).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files, warnings, failures };
}

/** A `LocaleKitError`'s message without the `file:line: ` before it and the `(hint)` after it. */
function bareMessage(error: LocaleKitError): string {
  let text = error.message;
  const where = error.file
    ? `${error.file}${error.line !== undefined ? `:${error.line}` : ''}: `
    : '';
  if (text.startsWith(where)) text = text.slice(where.length);
  const hint = error.hint ? ` (${error.hint})` : '';
  if (hint && text.endsWith(hint)) text = text.slice(0, -hint.length);
  return text;
}

function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ?? e.message ?? String(error);
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
  views: ReadonlyMap<string, ViewEngine> = VIEW_EXTENSIONS,
): Promise<void> {
  const kind = sourceKind(file, views);
  if (kind?.kind === 'script') {
    extractFromScript(text, file, collector, { kind: kind.script, ...options });
    return;
  }
  if (kind?.kind === 'view') return extractFromView(kind.engine, text, file, collector, options);
  const ext = path.extname(file).toLowerCase();
  throw new LocaleKitError('E_USAGE', `do not know how to extract from ${ext || 'this file'}`, {
    file,
    hint: 'give .js .mjs .cjs .ts .tsx .jsx .ejs .pug .njk or .hbs files, or directories (--template-ext html=njk for other template names)',
  });
}

/**
 * Walks the paths and extracts every translatable message, deterministically ordered. A file
 * that does not parse (`E_SYNTAX`) or cannot be read is named in `failures` and the walk goes
 * on; a missing view engine (`E_VIEW_ENGINE`), a missing path or a file of unknown kind given by
 * name stops it with a `LocaleKitError`.
 */
export async function extractMessages(
  paths: readonly string[],
  options: ExtractOptions = {},
): Promise<ExtractResult> {
  const cwd = options.cwd ?? process.cwd();
  const views = new Map([...VIEW_EXTENSIONS, ...(options.templateExtensions ?? [])]);
  const listing = await listSourceFiles(paths, cwd, views);
  const collector = new MessageCollector();
  collector.warnings.push(...listing.warnings);
  const failures: ExtractFailure[] = [...listing.failures];
  const viewOptions: ViewOptions = {
    keywords: keywordTable([...DEFAULT_KEYWORDS, ...(options.keywords ?? [])]),
    commentTag: options.commentTag ?? 'TRANSLATORS:',
  };
  let done = 0;
  for (const file of listing.files) {
    const ref = referencePath(file, cwd);
    try {
      const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
      await extractFile(text, ref, collector, viewOptions, views);
    } catch (error) {
      if (error instanceof LocaleKitError && error.code === 'E_SYNTAX') {
        failures.push({ file: ref, line: error.line ?? 0, message: bareMessage(error) });
      } else if (!(error instanceof LocaleKitError)) {
        failures.push({ file: ref, line: 0, message: `cannot read: ${errorText(error)}` });
      } else {
        throw error;
      }
    }
    options.onFile?.(ref, ++done, listing.files.length);
  }
  return {
    messages: [...collector.messages.values()],
    warnings: collector.warnings,
    failures,
    files: listing.files.map((f) => referencePath(f, cwd)),
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
  const blocks = [serializePoEntry(header)];
  for (const m of messages) {
    const entry = makePoEntry({
      ...(m.msgctxt !== undefined ? { msgctxt: m.msgctxt } : {}),
      msgid: m.msgid,
      ...(m.msgidPlural !== undefined ? { msgidPlural: m.msgidPlural } : {}),
      msgstr: m.msgidPlural !== undefined ? ['', ''] : [''],
      extractedComments: m.comments,
      references: m.references,
      flags: flagsOf(m),
    });
    blocks.push(m.wrap === false ? serializeUnwrapped(entry) : serializePoEntry(entry));
  }
  return `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/**
 * A `no-wrap` entry as xgettext writes it: its strings are not wrapped (only split after inner
 * newlines), its `#:` lines still are.
 */
function serializeUnwrapped(entry: PoEntry): string[] {
  const references = serializePoEntry(makePoEntry({ msgid: '', references: entry.references }));
  const lines = serializePoEntry({ ...entry, references: [] }, { width: 0 });
  const at = lines.findIndex((l) => !l.startsWith('#.') && !l.startsWith('# ') && l !== '#');
  lines.splice(at, 0, ...references.filter((l) => l.startsWith('#:')));
  return lines;
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

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { LocaleKitError } from 'localekit';
import { parsePoDocument } from 'localekit/formats';
import type { PoDocument, PoEntry } from 'localekit/formats';
import { findCatalogFiles, isLocaleCode, readCatalogBytes } from 'localekit/catalogs';
import { encoderFor, UnencodableError } from './encode.js';
import { type CliIo, endProgress, forEachCatalog, writeFileAtomic } from './io.js';
import { compileMo } from 'localekit/formats';

/**
 * Whether msgfmt would put a message in the revision-1 "system dependent" section: c-format
 * messages with ISO C 99 `<inttypes.h>` macros (`%<PRIu64>`) or glibc's `I` flag (`%Id`).
 * localekit writes revision 0 only: such messages are written as plain strings (what a JS
 * reader wants; Python's gettext does not read msgfmt's sysdep section at all).
 */
export function isSystemDependent(entry: PoEntry): boolean {
  if (!entry.flags.includes('c-format')) return false;
  const texts = [entry.msgid, entry.msgidPlural ?? '', ...entry.msgstr];
  return texts.some((t) => /%(?:\d+\$)?[-+ #0'I\d.*]*<PRI|%(?:\d+\$)?[-+ #0'\d]*I/.test(t));
}

/** The line of the header's `Content-Type` field (for charset errors), else the header's line. */
function headerLine(doc: PoDocument): number | undefined {
  return doc.header?.msgidLine || undefined;
}

/**
 * The MO bytes of a PO document, as msgfmt would write them: live, non-fuzzy, translated entries;
 * the header kept even when fuzzy (msgfmt keeps it); encoded in the header's charset (any charset
 * iconv-lite knows, see encode.ts).
 *
 * @throws LocaleKitError `E_CHARSET` for a charset that cannot be encoded, or a character the
 *   charset cannot hold (with the line of its entry).
 */
export function compilePoDocument(doc: PoDocument, file: string): Uint8Array {
  const header = doc.header ? (doc.header.msgstr[0] ?? '') : undefined;
  const encode = encoderFor(doc.charset);
  if (!encode) {
    throw new LocaleKitError('E_CHARSET', `cannot encode the charset ${doc.charset}`, {
      file,
      line: headerLine(doc),
      hint: 'convert the catalog with msgconv --to-code=UTF-8',
    });
  }
  const live = doc.entries.filter((e) => !e.obsolete);
  try {
    return compileMo(
      header,
      live.map((e) => ({
        msgctxt: e.msgctxt,
        msgid: e.msgid,
        msgidPlural: e.msgidPlural,
        msgstr: e.msgstr,
        fuzzy: e.flags.includes('fuzzy'),
      })),
      { charset: doc.charset, file, encode },
    );
  } catch (error) {
    if (!(error instanceof UnencodableError)) throw error;
    // Rare path: find the entry that holds the character, for its line.
    const culprit = live.find((e) =>
      [e.msgctxt ?? '', e.msgid, e.msgidPlural ?? '', ...e.msgstr].some((t) => {
        try {
          encode(t);
          return false;
        } catch {
          return true;
        }
      }),
    );
    throw new LocaleKitError('E_CHARSET', error.message, {
      file,
      line: culprit?.msgidLine ?? headerLine(doc),
      hint: 'fix the text, or convert the catalog to UTF-8 (localekit convert --to-code, msgconv)',
    });
  }
}

/** Where the `.mo` of a `.po` goes: beside it, same name. */
export function moPathFor(poPath: string): string {
  return poPath.replace(/\.po$/i, '.mo');
}

/** Every `.po` to compile: flat `<code>.po`, and each `<code>/LC_MESSAGES/*.po` (any domain). */
async function poFiles(dir: string, cwd: string): Promise<{ path: string; file: string }[]> {
  const files = await findCatalogFiles(dir, { cwd });
  const found = new Map<string, string>();
  for (const f of files) if (f.format === 'po') found.set(f.path, f.file);
  const root = path.resolve(cwd, dir);
  for (const name of (await readdir(root)).sort()) {
    if (!isLocaleCode(name)) continue;
    const lc = path.join(root, name, 'LC_MESSAGES');
    let names: string[];
    try {
      names = (await readdir(lc)).sort();
    } catch {
      continue;
    }
    for (const po of names.filter((n) => n.endsWith('.po'))) {
      const abs = path.join(lc, po);
      found.set(abs, path.relative(cwd, abs).split(path.sep).join('/'));
    }
  }
  return [...found].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, file]) => ({ path: p, file }));
}

/**
 * `localekit compile <dir>`: a `.mo` next to every `.po`. A catalog that cannot be read, parsed,
 * encoded or written is named on stderr and the others are still compiled; the exit status is 2
 * when any failed.
 */
export async function runCompile(dir: string, io: CliIo): Promise<number> {
  const files = await poFiles(dir, io.cwd);
  if (files.length === 0) io.err(`localekit: no .po files in ${dir}\n`);
  return forEachCatalog(files, io, 'compiled', async (f) => {
    const bytes = await readCatalogBytes(f);
    const mo = compilePoDocument(parsePoDocument(bytes, { file: f.file }), f.file);
    await writeFileAtomic(moPathFor(f.path), mo, { display: moPathFor(f.file) });
    endProgress(io);
    io.err(`${moPathFor(f.file)}: compiled\n`);
  });
}

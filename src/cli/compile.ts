import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocaleKitError } from '../errors.js';
import { parsePoDocument } from '../po.js';
import type { PoDocument } from '../po-document.js';
import { findCatalogFiles } from './catalog-files.js';
import { type CliIo, EXIT_OK, endProgress, progress } from './io.js';
import { compileMo } from './mo-writer.js';

/**
 * The MO bytes of a PO document, as msgfmt would write them: live, non-fuzzy, translated entries;
 * the header kept even when fuzzy (msgfmt keeps it); encoded in the header's charset.
 */
export function compilePoDocument(doc: PoDocument, file: string): Uint8Array {
  const header = doc.header ? (doc.header.msgstr[0] ?? '') : undefined;
  return compileMo(
    header,
    doc.entries
      .filter((e) => !e.obsolete)
      .map((e) => ({
        msgctxt: e.msgctxt,
        msgid: e.msgid,
        msgidPlural: e.msgidPlural,
        msgstr: e.msgstr,
        fuzzy: e.flags.includes('fuzzy'),
      })),
    { charset: doc.charset, file },
  );
}

/** Where the `.mo` of a `.po` goes: beside it, same name. */
export function moPathFor(poPath: string): string {
  return poPath.replace(/\.po$/i, '.mo');
}

/** `localekit compile <dir>`: a `.mo` next to every `.po`. */
export async function runCompile(dir: string, io: CliIo): Promise<number> {
  const files = (await findCatalogFiles(dir, { cwd: io.cwd })).filter((f) => f.format === 'po');
  // Every domain under LC_MESSAGES, not only `messages`.
  for (const f of [...files]) {
    if (!f.path.includes(`${path.sep}LC_MESSAGES${path.sep}`)) continue;
    const lc = path.dirname(f.path);
    for (const name of (await readdir(lc)).sort()) {
      const p = path.join(lc, name);
      if (name.endsWith('.po') && !files.some((g) => g.path === p)) {
        files.push({ ...f, path: p, file: path.relative(io.cwd, p).split(path.sep).join('/') });
      }
    }
  }
  let done = 0;
  for (const f of files) {
    progress(io, `compile ${++done}/${files.length} ${f.file}`);
    const bytes = await readFile(f.path);
    const mo = compilePoDocument(parsePoDocument(bytes, { file: f.file }), f.file);
    const target = moPathFor(f.path);
    try {
      await writeFile(target, mo);
    } catch (error) {
      throw new LocaleKitError('E_IO', `cannot write ${moPathFor(f.file)}`, {
        hint: 'check the directory is writable',
        cause: error,
      });
    }
    io.err(`${moPathFor(f.file)}: compiled\n`);
  }
  endProgress(io);
  return EXIT_OK;
}

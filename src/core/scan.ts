import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CODE_SHAPE } from '../negotiation/locale-code.js';
import { LocaleKitError, type LocaleKitWarning, type WarningHandler } from '../errors.js';

/**
 * The one directory scanner: `loadTranslations`, `localekit/catalogs` (and so `localekit/stats`
 * and every CLI command) find catalogs through it, so the files the tools count are the files the
 * server serves.
 */

/**
 * A locale code as catalog files name them (`es_ES`, `pt_BR`, `fr`, `zh_TW`, `sr_Latn_RS`,
 * `es_419`, GNU's `sr@latin`, `ca@valencia`): defined in negotiation/locale-code.ts.
 */
export { CODE_SHAPE };

/** One catalog file of a directory. */
export interface CatalogSource {
  /** Locale code as the file names it (`es_ES`, `sr@latin`). */
  readonly code: string;
  readonly format: 'csv' | 'po' | 'mo';
  /** `<dir>/<code>.<ext>` (flat) or `<dir>/<code>/LC_MESSAGES/<domain>.<ext>` (gnu). */
  readonly path: string;
  readonly layout: 'flat' | 'gnu';
  /** The gettext domain of a `gnu` file. */
  readonly domain: string | undefined;
  /**
   * Whether the server reads this file. A `.po` beside a `.mo` of the same code and layout is not
   * served: the compiled file is what gettext reads (and what `localekit compile` writes).
   */
  readonly served: boolean;
  /** Lower is consulted first when one code has several served files. */
  readonly rank: number;
}

const FLAT_FORMATS: Readonly<Record<string, CatalogSource['format']>> = {
  csv: 'csv',
  po: 'po',
  mo: 'mo',
};

/** GNU layout before flat files; within a layout `.mo` before `.po` before `.csv`. */
const RANK = { gnu: { mo: 0, po: 1 }, flat: { mo: 2, po: 3, csv: 4 } } as const;

const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Every catalog of `dir`, sorted by code then rank, shadowed `.po` files included (`served:
 * false`). Anything named like a catalog that is not a regular file (a directory, a FIFO, a
 * device, a dangling link) and any file not named by a locale code is reported through `warn` and
 * left out.
 *
 * @throws LocaleKitError `E_IO` when `dir` cannot be read.
 */
export async function scanCatalogs(
  dir: string,
  options: { readonly domains: readonly string[]; readonly warn: WarningHandler },
): Promise<CatalogSource[]> {
  const { warn } = options;
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    throw new LocaleKitError('E_IO', `cannot read (${errorCode(cause)})`, {
      file: dir,
      hint: 'check that the catalog directory exists and is readable',
      cause,
    });
  }
  const found: CatalogSource[] = [];
  for (const entry of entries.sort(byName)) {
    const path = join(dir, entry.name);
    const dot = entry.name.lastIndexOf('.');
    const ext = dot > 0 ? entry.name.slice(dot + 1) : '';
    const format = Object.hasOwn(FLAT_FORMATS, ext) ? FLAT_FORMATS[ext] : undefined;
    const kind = await entryKind(path, entry, warn);
    if (kind === 'skip') continue;
    if (format !== undefined) {
      const code = entry.name.slice(0, dot);
      if (kind !== 'file') {
        warn(notAFile(path, kind));
        continue;
      }
      if (!CODE_SHAPE.test(code)) {
        warn(nameWarning(path, code, `.${ext}`));
        continue;
      }
      found.push(source(code, format, path, 'flat', undefined));
      continue;
    }
    if (kind !== 'directory') continue;
    const gnu: CatalogSource[] = [];
    for (const domain of options.domains) {
      for (const f of ['mo', 'po'] as const) {
        const file = join(path, 'LC_MESSAGES', `${domain}.${f}`);
        const what = await pathKind(file);
        if (what === 'file') gnu.push(source(entry.name, f, file, 'gnu', domain));
        else if (what !== 'missing') warn(notAFile(file, what));
      }
    }
    if (gnu.length === 0) continue;
    if (CODE_SHAPE.test(entry.name)) found.push(...gnu);
    else warn(nameWarning(path, entry.name, '/'));
  }
  return markShadowed(found).sort((a, b) =>
    a.code === b.code ? a.rank - b.rank : a.code < b.code ? -1 : 1,
  );
}

function source(
  code: string,
  format: CatalogSource['format'],
  path: string,
  layout: CatalogSource['layout'],
  domain: string | undefined,
): CatalogSource {
  const rank = layout === 'gnu' ? RANK.gnu[format as 'mo' | 'po'] : RANK.flat[format];
  return { code, format, path, layout, domain, served: true, rank };
}

/** A `.po` with a `.mo` of the same code, layout and domain beside it is not served. */
function markShadowed(found: CatalogSource[]): CatalogSource[] {
  const compiled = new Set(
    found.filter((s) => s.format === 'mo').map((s) => `${s.layout}\0${s.domain}\0${s.code}`),
  );
  return found.map((s) =>
    s.format === 'po' && compiled.has(`${s.layout}\0${s.domain}\0${s.code}`)
      ? { ...s, served: false }
      : s,
  );
}

type Kind = 'file' | 'directory' | 'special' | 'skip';

/** Follows symbolic links; a dangling or unreadable link is reported and skipped. */
async function entryKind(path: string, entry: Dirent, warn: WarningHandler): Promise<Kind> {
  if (entry.isDirectory()) return 'directory';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return 'special';
  try {
    const target = await stat(path);
    return target.isDirectory() ? 'directory' : target.isFile() ? 'file' : 'special';
  } catch (cause) {
    warn({
      code: 'W_UNREADABLE',
      file: path,
      message: `cannot follow symbolic link (${errorCode(cause)}); skipped`,
    });
    return 'skip';
  }
}

async function pathKind(path: string): Promise<'file' | 'directory' | 'special' | 'missing'> {
  try {
    const s = await stat(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'special';
  } catch {
    return 'missing';
  }
}

function notAFile(path: string, kind: 'directory' | 'special'): LocaleKitWarning {
  return {
    code: 'W_NOT_A_FILE',
    file: path,
    // A FIFO, a device (/dev/zero) or a socket would hang or exhaust memory when read.
    message:
      kind === 'directory'
        ? 'is a directory, not a catalog file; skipped'
        : 'is not a regular file (a FIFO, device or socket); skipped',
  };
}

function nameWarning(file: string, base: string, suffix: string): LocaleKitWarning {
  const expected = expectedSpelling(base);
  const ext = suffix === '/' ? '' : suffix;
  return {
    code: 'W_FILE_NAME',
    file,
    message: expected
      ? `"${base}" is not a locale code as localekit spells them; skipped (rename it to ${expected}${ext})`
      : `"${base}" is not a locale code; skipped (name catalogs like es_ES${ext}, pt_BR${ext} or fr${ext})`,
  };
}

/** The spelling Tornado expects for a near-miss file name (`en-GB` → `en_GB`, `de_de` → `de_DE`). */
export function expectedSpelling(name: string): string | undefined {
  const parts = name.split(/[-_]/);
  if (parts.length < 1 || parts.length > 3) return undefined;
  const [lang, ...rest] = parts;
  if (lang === undefined || !/^[a-zA-Z]{2,3}$/.test(lang)) return undefined;
  const fixed = [lang.toLowerCase()];
  for (const part of rest) {
    if (/^[a-zA-Z]{4}$/.test(part))
      fixed.push(part[0]!.toUpperCase() + part.slice(1).toLowerCase());
    else if (/^[a-zA-Z]{2}$|^\d{3}$/.test(part)) fixed.push(part.toUpperCase());
    else return undefined;
  }
  const code = fixed.join('_');
  return CODE_SHAPE.test(code) ? code : undefined;
}

export function errorCode(cause: unknown): string {
  return cause instanceof Error && 'code' in cause
    ? String((cause as NodeJS.ErrnoException).code)
    : String(cause);
}

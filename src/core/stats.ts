import {
  findCatalogFiles,
  isTranslated,
  type LoadedCatalog,
  loadCatalogFile,
  loadTemplate,
  missingPluralForms,
  type UnitEntry,
} from './catalog-files.js';
import { LocaleKitError } from '../errors.js';
import { headerField } from '../formats/po.js';
import { parsePluralFormsHeader } from '../formats/plural-forms.js';

/** Translation progress of one locale's catalog. */
export interface LocaleStats {
  /** Locale code as the file names it (`fr_FR`). */
  readonly code: string;
  /** The catalog file, relative to the working directory. */
  readonly file: string;
  readonly format: 'po' | 'csv' | 'mo';
  /** Messages counted: the template's, or the union of every catalog's in the directory. */
  readonly total: number;
  /** Messages with a usable translation (not empty, not fuzzy). */
  readonly translated: number;
  /** Messages whose translation is marked fuzzy (not used at runtime). */
  readonly fuzzy: number;
  /** `total - translated - fuzzy`: empty or absent. */
  readonly untranslated: number;
  /** Plural messages lacking a form the locale needs (CLDR categories; PO: `nplurals`). */
  readonly missingPluralForms: number;
  /** `translated / total` in percent, one decimal; 100 when there is nothing to translate. */
  readonly percent: number;
  /** The msgids not usable at runtime (absent, empty or fuzzy), in template/first-seen order. */
  readonly missing: string[];
}

/** Options of `catalogStats`. */
export interface CatalogStatsOptions {
  /** gettext domain: `<code>/LC_MESSAGES/<domain>.po`. @default 'messages' */
  readonly domain?: string;
  /** A `.pot` (or `.csv`) template; when given, `total` is its message count. */
  readonly template?: string;
  /**
   * Called for each catalog that cannot be read or parsed, which is then left out of the result.
   * Without it, the first such catalog rejects the whole call. @default undefined
   */
  readonly onError?: (file: string, error: LocaleKitError) => void;
}

function nplurals(catalog: LoadedCatalog): number {
  if (catalog.pluralRule) return catalog.pluralRule.nplurals;
  const value = headerField(catalog.headers, 'Plural-Forms');
  if (value === undefined) return 2;
  return parsePluralFormsHeader(value, catalog.source.file, []).nplurals;
}

/** Counts for one catalog against the reference messages (key -> msgid, in order). */
export function statsFor(
  catalog: LoadedCatalog,
  reference: ReadonlyMap<string, string>,
): LocaleStats {
  const byKey = new Map<string, UnitEntry>();
  for (const e of catalog.entries) if (!e.obsolete) byKey.set(e.key, e);
  let translated = 0;
  let fuzzy = 0;
  let missingPlural = 0;
  const missing: string[] = [];
  const n = nplurals(catalog);
  for (const [key, msgid] of reference) {
    const entry = byKey.get(key);
    if (entry && isTranslated(entry)) translated++;
    else {
      if (entry?.fuzzy) fuzzy++;
      missing.push(msgid);
    }
    if (
      entry &&
      missingPluralForms(entry, catalog.source.format, catalog.source.tag, n).length > 0
    ) {
      missingPlural++;
    }
  }
  const total = reference.size;
  return {
    code: catalog.source.code,
    file: catalog.source.file,
    format: catalog.source.format,
    total,
    translated,
    fuzzy,
    untranslated: total - translated - fuzzy,
    missingPluralForms: missingPlural,
    percent: total === 0 ? 100 : Math.round((translated / total) * 1000) / 10,
    missing,
  };
}

/** The union of live msgids over catalogs, in first-seen order (key -> msgid). */
export function referenceMessages(entries: Iterable<UnitEntry>): Map<string, string> {
  const reference = new Map<string, string>();
  for (const e of entries) if (!e.obsolete && !reference.has(e.key)) reference.set(e.key, e.msgid);
  return reference;
}

/**
 * Translation progress per locale of a catalog directory (the numbers `localekit stats` prints
 * and the demo's /status page shows). A catalog that cannot be parsed rejects with its
 * `LocaleKitError`.
 */
export async function catalogStats(
  dir: string,
  options: CatalogStatsOptions = {},
): Promise<LocaleStats[]> {
  const files = await findCatalogFiles(dir, {
    includeMo: true,
    ...(options.domain !== undefined ? { domain: options.domain } : {}),
  });
  const { onError } = options;
  const loaded = await Promise.all(
    files.map((f) =>
      onError === undefined
        ? loadCatalogFile(f)
        : loadCatalogFile(f).catch((error: unknown) => {
            if (!(error instanceof LocaleKitError)) throw error;
            onError(f.file, error);
            return undefined;
          }),
    ),
  );
  const catalogs = loaded.filter((c): c is LoadedCatalog => c !== undefined);
  const reference =
    options.template !== undefined
      ? referenceMessages(await loadTemplate(options.template, process.cwd()))
      : referenceMessages(catalogs.flatMap((c) => c.entries));
  return catalogs.map((c) => statsFor(c, reference));
}

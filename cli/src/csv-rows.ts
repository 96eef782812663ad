import { type CsvRow, pythonStrip } from 'localekit/formats';

/** The third-column values the loader recognises (`unknown` is a plain row). */
export const CSV_KINDS: ReadonlySet<string> = new Set([
  'unknown',
  'singular',
  'plural',
  'zero',
  'one',
  'two',
  'few',
  'many',
  'other',
]);

/** A CSV row as the loader classifies it (Python's `strip` on every cell, as Tornado does). */
export interface ClassifiedRow {
  readonly row: CsvRow;
  readonly english: string;
  readonly translation: string;
  /** `unknown` (plain), `singular`, `plural`, a CLDR category, or what the loader rejects. */
  readonly kind: string;
  /** Whether the loader reads the row (two cells or more, a known third column). */
  readonly recognised: boolean;
}

/** Classifies a row as `parseCsv` does; `undefined` for an empty line. */
export function classifyRow(row: CsvRow): ClassifiedRow | undefined {
  const { cells } = row;
  if (cells.length === 0) return undefined;
  const english = pythonStrip(cells[0] ?? '');
  const translation = pythonStrip(cells[1] ?? '');
  if (cells.length < 2) {
    if (english === '') return undefined;
    return { row, english, translation, kind: '', recognised: false };
  }
  const kind = cells.length > 2 ? pythonStrip(cells[2] ?? '') || 'unknown' : 'unknown';
  return { row, english, translation, kind, recognised: CSV_KINDS.has(kind) };
}

/**
 * The rows the loader serves and the ones it overrides: of two rows with the same message and
 * kind, the last wins (`W_CSV_DUPLICATE`). `winners` keeps file order.
 */
export function loaderWinners(rows: readonly ClassifiedRow[]): {
  winners: ClassifiedRow[];
  losers: { row: ClassifiedRow; winner: ClassifiedRow }[];
} {
  const last = new Map<string, ClassifiedRow>();
  for (const r of rows) if (r.recognised) last.set(`${r.kind}\0${r.english}`, r);
  const winners: ClassifiedRow[] = [];
  const losers: { row: ClassifiedRow; winner: ClassifiedRow }[] = [];
  for (const r of rows) {
    if (!r.recognised) continue;
    const w = last.get(`${r.kind}\0${r.english}`) as ClassifiedRow;
    if (w === r) winners.push(r);
    else losers.push({ row: r, winner: w });
  }
  return { winners, losers };
}

/**
 * Rows PO cannot hold travel in PO translator comments, one JSON array of cells a line
 * (`# csv: ["Hello","Hallo","Unknown"]`), and come back as rows when the PO is converted to CSV.
 */
export const CSV_COMMENT = 'csv: ';

export function csvComment(cells: readonly string[]): string {
  return `${CSV_COMMENT}${JSON.stringify(cells)}`;
}

/** The cells of a `# csv:` comment, or `undefined` when the comment is something else. */
export function csvCommentCells(comment: string): string[] | undefined {
  if (!comment.startsWith(CSV_COMMENT)) return undefined;
  try {
    const cells: unknown = JSON.parse(comment.slice(CSV_COMMENT.length));
    return Array.isArray(cells) && cells.every((c) => typeof c === 'string') ? cells : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Tornado CSV as Python's `csv` module writes it with `quoting=QUOTE_ALL`: every cell quoted,
 * quotes doubled, one row per line (a cell may hold a newline inside its quotes), UTF-8, LF.
 */
export function serializeCsv(rows: readonly (readonly string[])[]): string {
  return rows
    .map((row) => row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(','))
    .map((line) => `${line}\n`)
    .join('');
}

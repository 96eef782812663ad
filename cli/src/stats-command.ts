import path from 'node:path';
import { catalogStats, type LocaleStats } from 'localekit/stats';
import { type CliIo, EXIT_OK, EXIT_USAGE } from './io.js';

/** A plain-text table, columns padded, numbers right-aligned. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return (
    [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n'
  );
}

export function formatStats(stats: readonly LocaleStats[]): string {
  return formatTable(
    ['locale', 'file', 'messages', 'translated', '%', 'fuzzy', 'untranslated', 'missing plurals'],
    stats.map((s) => [
      s.code,
      s.file,
      String(s.total),
      String(s.translated),
      s.percent.toFixed(1),
      String(s.fuzzy),
      String(s.untranslated),
      String(s.missingPluralForms),
    ]),
  );
}

/** `localekit stats <dir> [--template pot] [--json]`. */
export async function runStats(
  dir: string,
  opts: { template?: string; domain: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  const cwd = process.cwd();
  // catalogStats resolves against process.cwd(); make paths absolute against the CLI's cwd.
  let broken = 0;
  const stats = await catalogStats(path.resolve(io.cwd, dir), {
    domain: opts.domain,
    // Go on past a broken catalog: name it, show the others, exit 2 at the end.
    onError: (_file, error) => {
      broken++;
      io.err(`localekit: ${error.message}\n`);
    },
    ...(opts.template !== undefined ? { template: path.resolve(io.cwd, opts.template) } : {}),
  });
  const shown = stats.map((s) => {
    const abs = path.resolve(cwd, s.file);
    const rel = path.relative(io.cwd, abs);
    return { ...s, file: (rel.startsWith('..') ? abs : rel).split(path.sep).join('/') };
  });
  io.out(opts.json ? `${JSON.stringify(shown, null, 2)}\n` : formatStats(shown));
  return broken > 0 ? EXIT_USAGE : EXIT_OK;
}

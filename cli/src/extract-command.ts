import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocaleKitError } from 'localekit';
import { extractMessages, formatCsvTemplate, formatPot } from './extract.js';
import { type CliIo, EXIT_OK, endProgress, progress, usageError } from './io.js';
import { parseKeywordSpec } from './keywords.js';

/** `localekit extract <paths...> -o out.pot|out.csv [--keyword spec...]`. */
export async function runExtract(
  paths: readonly string[],
  opts: { output: string; keyword: readonly string[]; addComments?: string },
  io: CliIo,
): Promise<number> {
  const ext = path.extname(opts.output).toLowerCase();
  if (ext !== '.pot' && ext !== '.po' && ext !== '.csv') {
    throw usageError(`cannot write ${opts.output}`, 'the output must end in .pot or .csv');
  }
  const keywords = opts.keyword.map(parseKeywordSpec);
  const result = await extractMessages(paths, {
    keywords,
    commentTag: opts.addComments ?? 'TRANSLATORS:',
    cwd: io.cwd,
    onFile: (file, done, total) => progress(io, `extract ${done}/${total} ${file}`),
  });
  endProgress(io);
  const warnings = [...result.warnings];
  const text =
    ext === '.csv'
      ? formatCsvTemplate(result.messages, (w) => warnings.push(w))
      : formatPot(result.messages);
  for (const w of warnings) io.err(`${w.file}:${w.line}: warning: ${w.message}\n`);
  const target = path.resolve(io.cwd, opts.output);
  try {
    await writeFile(target, text);
  } catch (error) {
    throw new LocaleKitError('E_IO', `cannot write ${opts.output}`, {
      hint: 'check the directory exists and is writable',
      cause: error,
    });
  }
  io.err(
    `localekit: ${plural(result.messages.length, 'message')} from ${plural(result.files.length, 'file')} -> ${opts.output}\n`,
  );
  return EXIT_OK;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

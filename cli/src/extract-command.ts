import path from 'node:path';
import { extractMessages, formatCsvTemplate, formatPot, parseTemplateExt } from './extract.js';
import {
  type CliIo,
  EXIT_OK,
  EXIT_PROBLEMS,
  endProgress,
  progress,
  usageError,
  writeFileAtomic,
} from './io.js';
import { parseKeywordSpec } from './keywords.js';
import { writeTypes } from './types.js';

/**
 * `localekit extract <paths...> -o out.pot|out.csv [--keyword spec...] [--template-ext EXT=ENGINE...]`.
 * Exit status 0; 1 when some file could not be parsed or read (it is named at file:line, and
 * the template is written with everything else); 2 for usage and I/O errors (nothing written).
 */
export async function runExtract(
  paths: readonly string[],
  opts: {
    output: string;
    keyword: readonly string[];
    addComments?: string;
    templateExt?: readonly string[];
    types?: string | undefined;
  },
  io: CliIo,
): Promise<number> {
  const ext = path.extname(opts.output).toLowerCase();
  if (opts.types !== undefined && !opts.types.endsWith('.d.ts')) {
    throw usageError(`cannot write ${opts.types}`, 'the --types file must end in .d.ts');
  }
  if (ext !== '.pot' && ext !== '.po' && ext !== '.csv') {
    throw usageError(`cannot write ${opts.output}`, 'the output must end in .pot or .csv');
  }
  const keywords = opts.keyword.map(parseKeywordSpec);
  const templateExtensions = new Map((opts.templateExt ?? []).map(parseTemplateExt));
  const result = await extractMessages(paths, {
    keywords,
    templateExtensions,
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
  for (const w of warnings) io.err(`${where(w.file, w.line)}: warning: ${w.message}\n`);
  for (const f of result.failures) {
    io.err(`${where(f.file, f.line)}: error: ${f.message} (file left out; fix it and run again)\n`);
  }
  const target = path.resolve(io.cwd, opts.output);
  await writeFileAtomic(target, text, { display: opts.output });
  const failed = result.failures.length;
  const read = result.files.filter((f) => !result.failures.some((x) => x.file === f)).length;
  if (opts.types !== undefined) await writeTypes(result.messages, opts.output, opts.types, io);
  io.err(
    `localekit: ${plural(result.messages.length, 'message')} from ${plural(read, 'file')} -> ${opts.output}${failed > 0 ? `; ${plural(failed, 'file')} left out (errors above)` : ''}\n`,
  );
  return failed > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

function where(file: string, line: number): string {
  return line > 0 ? `${file}:${line}` : file;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

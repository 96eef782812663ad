import { Command, CommanderError, Option } from 'commander';
import { LocaleKitError } from 'localekit';
import { runCheck } from './check.js';
import { runCompile } from './compile.js';
import { runConvert } from './convert.js';
import { runExtract } from './extract-command.js';
import { type CliIo, EXIT_OK, EXIT_USAGE, processIo } from './io.js';
import { runStats } from './stats-command.js';
import { runTypes } from './types.js';
import { runUpdate } from './update.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** Builds the commander program; `setCode` receives each command's exit status. */
function buildProgram(io: CliIo, setCode: (code: number) => void): Command {
  const program = new Command('localekit');
  program
    .description(
      'Translator tools for localekit catalogs: extract, update, check, compile, convert, stats, types.',
    )
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: (s, write) => write(`localekit: ${s.replace(/^error: /, '')}`),
    })
    .exitOverride();

  program
    .command('extract')
    .description(
      'find translatable strings in JS/TS sources and EJS, Pug, Nunjucks, Handlebars views',
    )
    .argument(
      '<paths...>',
      'files and directories (node_modules, dist and dot-directories are skipped)',
    )
    .requiredOption('-o, --output <file>', 'the template to write: a .pot, or a .csv (Tornado CSV)')
    .option(
      '-k, --keyword <spec>',
      'another function name, or an xgettext spec (name:1,2, name:1c,2); repeatable',
      collect,
      [],
    )
    .option('--add-comments <tag>', 'comment tag copied to #. lines', 'TRANSLATORS:')
    .option(
      '--template-ext <ext=engine>',
      'read *.EXT files as templates of ENGINE (ejs, pug, njk, hbs), e.g. html=njk; repeatable',
      collect,
      [],
    )
    .option('--types <file.d.ts>', 'also write the message types (as `localekit types`)')
    .addHelpText(
      'after',
      '\nDefault keywords: _(msg[, plural, count]), translate(msg[, plural, count]),\npgettext(ctx, msg[, plural, count]), _html(msg) (Handlebars), also as members\n(locale._, req.locale.translate).\n\nA file that does not parse is named (file:line) and left out; the rest is\nextracted and written, and the exit status is 1.\n',
    )
    .action(
      async (
        paths: string[],
        opts: {
          output: string;
          keyword: string[];
          addComments: string;
          templateExt: string[];
          types?: string;
        },
      ) => {
        setCode(await runExtract(paths, opts, io));
      },
    );

  program
    .command('update')
    .description('merge a template (.pot or .csv) into every PO and CSV catalog in a directory')
    .argument('<template>', 'the template made by extract')
    .argument('<dir>', 'the catalog directory')
    .option('-d, --domain <name>', 'gettext domain: <code>/LC_MESSAGES/<domain>.po', 'messages')
    .option(
      '-N, --no-fuzzy-matching',
      'do not fill new messages from similar old ones (as msgmerge -N)',
    )
    .option(
      '--to-code <charset>',
      'write PO catalogs in this charset (default: each keeps its own, as msgmerge does)',
    )
    .addHelpText(
      'after',
      [
        '',
        'As msgmerge --previous: in a PO catalog, a new message with no exact match',
        '(same msgctxt and msgid) takes the translation of the most similar translated',
        'message of the same msgctxt (GNU fstrcmp similarity >= 0.6), marked "#, fuzzy",',
        'the old msgid kept in "#| msgid" lines. The runtime and msgfmt ignore it until a',
        'translator checks it and removes the flag. The old message it came from is not',
        'kept as obsolete (#~). The search is bounded (msgids over 4096 bytes, and a work',
        'bound per catalog); stderr says when messages were not searched.',
        'CSV catalogs have no fuzzy flag: new messages are added empty, vanished ones',
        'are dropped.',
        '',
      ].join('\n'),
    )
    .action(
      async (
        template: string,
        dir: string,
        opts: { domain: string; fuzzyMatching: boolean; toCode?: string },
      ) => {
        setCode(await runUpdate(template, dir, opts, io));
      },
    );

  program
    .command('check')
    .description('translator QA over a catalog directory; exit 1 when problems are found')
    .argument('<dir>', 'the catalog directory')
    .option(
      '-t, --template <pot>',
      'the template; messages it has that a catalog lacks are "missing"',
    )
    .option('-d, --domain <name>', 'gettext domain', 'messages')
    .option('--json', 'machine-readable findings on stdout')
    .option('--html <file>', 'also write a self-contained HTML report')
    .action(
      async (
        dir: string,
        opts: { template?: string; domain: string; json?: boolean; html?: string },
      ) => {
        setCode(await runCheck(dir, opts, io));
      },
    );

  program
    .command('compile')
    .description('write a .mo next to every .po (<code>/LC_MESSAGES/<domain>.mo, or <code>.mo)')
    .argument('<dir>', 'the catalog directory')
    .action(async (dir: string) => {
      setCode(await runCompile(dir, io));
    });

  program
    .command('convert')
    .description('convert a catalog between Tornado CSV and gettext PO, by file extension')
    .argument('<in>', 'a .csv or .po file')
    .argument('<out>', 'a .po or .csv file')
    .addOption(new Option('-l, --locale <code>', 'the locale, when the file name does not say it'))
    .option(
      '--to-code <charset>',
      "charset of a PO output (default: the input PO's, UTF-8 from CSV); CSV is written as UTF-8",
    )
    .action(async (input: string, output: string, opts: { locale?: string; toCode?: string }) => {
      setCode(await runConvert(input, output, opts, io));
    });

  program
    .command('stats')
    .description('a table per locale: messages, translated %, fuzzy, missing plural forms')
    .argument('<dir>', 'the catalog directory')
    .option('-t, --template <pot>', 'count messages against this template')
    .option('-d, --domain <name>', 'gettext domain', 'messages')
    .option('--json', 'machine-readable output')
    .action(async (dir: string, opts: { template?: string; domain: string; json?: boolean }) => {
      setCode(await runStats(dir, opts, io));
    });

  program
    .command('types')
    .description(
      'write a .d.ts that type-checks message ids and placeholder values (opt-in Register augmentation)',
    )
    .argument('<template>', 'a .pot template, or source files and directories to extract from')
    .requiredOption('-o, --output <file.d.ts>', 'the declaration file to write')
    .addHelpText(
      'after',
      [
        '',
        'With the file in your tsconfig, _(), translate() and pgettext() accept only the',
        "template's ids (an unknown id is an error naming the closest one), a plural id only",
        'with its plural and a count, and _() needs a value for every placeholder:',
        '%(name)s string | number, %(n)d number, {n, number} number, {d, date} Date | number,',
        "{g, select, a {..} b {..}} 'a' | 'b'. A non-literal id is not checked.",
        '',
      ].join('\n'),
    )
    .action(async (template: string, opts: { output: string }) => {
      setCode(await runTypes(template, opts, io));
    });

  for (const command of program.commands) {
    command
      .configureOutput({
        writeOut: (s) => io.out(s),
        writeErr: (s) => io.err(s),
        outputError: (s, write) => write(`localekit: ${s.replace(/^error: /, '')}`),
      })
      .showHelpAfterError(`(run "localekit ${command.name()} --help" for usage)`)
      .exitOverride();
  }
  return program;
}

/** One line for a user error: `localekit: file:line: message (hint)`, never a stack trace. */
export function formatError(error: unknown): string {
  if (error instanceof LocaleKitError) return `localekit: ${error.message}\n`;
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && typeof e.path === 'string') {
    return `localekit: ${e.path}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}\n`;
  }
  return `localekit: internal error: ${(error as Error)?.stack ?? String(error)}\n`;
}

/**
 * Runs the CLI on `argv` (without `node` and the script) and returns the exit status:
 * 0 done, 1 `check` found problems, 2 usage or I/O error.
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.help' ||
        error.code === 'commander.version'
      ) {
        return EXIT_OK;
      }
      return EXIT_USAGE;
    }
    io.err(formatError(error));
    return EXIT_USAGE;
  }
}

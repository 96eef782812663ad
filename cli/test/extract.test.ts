import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractMessages, formatCsvTemplate, formatPot } from '../src/extract.js';
import { parseKeywordSpec } from '../src/keywords.js';
import { memoryIo } from '../src/io.js';
import { serializePo } from 'localekit/formats';
import { run } from '../src/program.js';
import { readCsvRows } from 'localekit/formats';
import { parsePoDocument } from 'localekit/formats';
import type { PoEntry } from 'localekit/formats';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const WORK = mkdtempSync(path.join(tmpdir(), 'localekit-cli-extract-'));

type Row = [string | null, string, string | null, string[], string[]];
const rows = (entries: readonly PoEntry[]): Row[] =>
  entries.map((e) => [
    e.msgctxt ?? null,
    e.msgid,
    e.msgidPlural ?? null,
    [...e.references],
    [...e.extractedComments],
  ]);

beforeAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  for (const dir of ['src', 'ts', 'views']) {
    cpSync(path.join(FIXTURES, dir), path.join(WORK, dir), { recursive: true });
  }
  // The TS fixtures are stored as .txt so that `tsc -p tsconfig.json` (which includes test/)
  // does not type-check them; they get their real names here and are removed afterwards.
  for (const name of ['page.tsx', 'util.ts']) {
    renameSync(path.join(WORK, 'ts', `${name}.txt`), path.join(WORK, 'ts', name));
  }
  // Directories the walk must skip.
  for (const skipped of ['src/node_modules/pkg', 'src/.cache', 'src/dist']) {
    mkdirSync(path.join(WORK, skipped), { recursive: true });
    writeFileSync(path.join(WORK, skipped, 'index.js'), "_('must not be extracted');\n");
  }
});

afterAll(() => {
  rmSync(path.join(WORK, 'ts'), { recursive: true, force: true });
});

describe('extract: JavaScript against GNU xgettext', () => {
  it('finds the same msgctxt, msgid, msgid_plural, references and comments as xgettext', async () => {
    const jsFiles = ['src/app.js', 'src/lib/cart.mjs'];
    const oracle = execFileSync(
      'xgettext',
      [
        '--language=JavaScript',
        '--from-code=UTF-8',
        '--keyword=_',
        '--keyword=_:1,2',
        '--keyword=translate',
        '--keyword=translate:1,2',
        '--keyword=pgettext:1c,2',
        '--keyword=pgettext:1c,2,3',
        '--add-comments=TRANSLATORS:',
        '-o',
        '-',
        ...jsFiles,
      ],
      { cwd: WORK, encoding: 'utf8' },
    );
    const ours = await extractMessages(['src'], { cwd: WORK });
    const expected = rows(parsePoDocument(oracle).entries);
    const actual = rows(parsePoDocument(formatPot(ours.messages)).entries);
    expect(actual).toEqual(expected);
    expect(actual.length).toBe(20);
    expect(ours.files).toEqual(jsFiles);
  });

  it('writes a POT that GNU msgcat leaves byte-for-byte unchanged (escaping, wrapping)', async () => {
    const ours = await extractMessages(['src', 'ts', 'views'], { cwd: WORK });
    const pot = formatPot(ours.messages);
    const file = path.join(WORK, 'all.pot');
    writeFileSync(file, pot);
    expect(execFileSync('msgcat', [file], { encoding: 'utf8' })).toBe(pot);
    expect(pot).toContain(
      'msgid ""\n"A rather long message that goes on and on so that xgettext has to wrap it "\n',
    );
    expect(pot).not.toContain('POT-Creation-Date');
    expect(pot).toContain('"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"');
  });

  it('reports non-literal arguments with file:line and skips them', async () => {
    const ours = await extractMessages(['src', 'ts', 'views'], { cwd: WORK });
    expect(ours.warnings.map((w) => `${w.file}:${w.line}: ${w.message}`)).toEqual([
      'src/app.js:10: non-literal argument to _()',
      'ts/util.ts:7: non-literal argument to locale._()',
      'views/home.hbs:5: non-literal argument to _()',
      'views/home.njk:5: non-literal argument to _()',
    ]);
  });

  it('skips node_modules, dist and dot-directories', async () => {
    const ours = await extractMessages(['src'], { cwd: WORK });
    expect(ours.messages.some((m) => m.msgid === 'must not be extracted')).toBe(false);
  });
});

describe('extract: TypeScript and views', () => {
  const only = async (dir: string) =>
    rows(
      parsePoDocument(formatPot((await extractMessages([dir], { cwd: WORK })).messages)).entries,
    );

  it('TS and TSX', async () => {
    expect(await only('ts')).toEqual([
      [null, 'Search', null, ['ts/page.tsx:10'], []],
      [null, 'Tooltip', null, ['ts/page.tsx:12'], []],
      [null, 'Welcome, {name}', null, ['ts/page.tsx:13'], []],
      [null, 'One result', '{count} results', ['ts/page.tsx:14'], []],
      [null, 'Typed', null, ['ts/util.ts:4'], []],
      ['button', 'Save', null, ['ts/util.ts:5'], []],
      [null, 'No substitutions', null, ['ts/util.ts:6'], []],
    ]);
  });

  it('EJS through ejs own tokenizer, with <%# TRANSLATORS: %> comments', async () => {
    const all = await only('views');
    expect(all.filter((r) => r[3].some((ref) => ref.startsWith('views/home.ejs')))).toEqual([
      [null, 'EJS title', null, ['views/home.ejs:1'], []],
      [
        null,
        'One apple',
        '{count} apples',
        ['views/home.ejs:3', 'views/home.hbs:3'],
        ['TRANSLATORS: the cart line'],
      ],
      ['greeting', 'Hi', null, ['views/home.ejs:5'], []],
      [null, 'Sign in', null, ['views/home.ejs:7'], []],
    ]);
  });

  it('Handlebars, Nunjucks and Pug', async () => {
    const all = await only('views');
    const of = (ext: string) => all.filter((r) => r[3].every((ref) => ref.includes(ext)));
    expect(of('.hbs')).toEqual([
      [null, 'Handlebars title', null, ['views/home.hbs:2'], ['TRANSLATORS: hbs heading']],
      ['hbs', 'Context', null, ['views/home.hbs:4'], []],
      [null, 'Sub expression', null, ['views/home.hbs:4'], []],
    ]);
    expect(of('.njk')).toEqual([
      [null, 'Nunjucks title', null, ['views/home.njk:2'], ['TRANSLATORS: njk heading']],
      [null, 'One njk', '{count} njks', ['views/home.njk:3'], []],
      ['njk', 'Context', null, ['views/home.njk:4'], []],
    ]);
    expect(of('.pug')).toEqual([
      [null, 'Pug title', null, ['views/home.pug:2'], ['TRANSLATORS: pug heading']],
      [null, 'Pug attribute', null, ['views/home.pug:3'], []],
      [null, 'Pug interpolation', null, ['views/home.pug:3'], []],
      ['pug', 'Context', null, ['views/home.pug:4'], []],
      [null, 'One pug', 'Many pugs', ['views/home.pug:6'], []],
    ]);
  });

  it('a view with a syntax error is named at file:line and left out; the other files are extracted', async () => {
    const bad = path.join(WORK, 'bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(path.join(bad, 'x.njk'), '<p>\n{{ _("a" }}\n');
    writeFileSync(path.join(bad, 'y.njk'), '<p>{{ _("Still here") }}</p>\n');
    const result = await extractMessages(['bad'], { cwd: WORK });
    expect(result.failures).toEqual([
      {
        file: 'bad/x.njk',
        line: 2,
        message: 'nunjucks: parseSignature: expected comma after expression',
      },
    ]);
    expect(result.messages.map((m) => [m.msgid, m.references])).toEqual([
      ['Still here', ['bad/y.njk:1']],
    ]);
  });
});

describe('extract: keywords and output', () => {
  it('parses xgettext keyword specs', () => {
    expect(parseKeywordSpec('N_')).toEqual({ name: 'N_', msgid: 1, plural: 2, autoPlural: true });
    expect(parseKeywordSpec('ngettext:1,2')).toEqual({
      name: 'ngettext',
      msgid: 1,
      plural: 2,
      autoPlural: false,
    });
    expect(parseKeywordSpec('npgettext:1c,2,3')).toEqual({
      name: 'npgettext',
      context: 1,
      msgid: 2,
      plural: 3,
      autoPlural: false,
    });
    expect(() => parseKeywordSpec('bad:x')).toThrow(/invalid --keyword/);
  });

  it('--keyword adds functions', async () => {
    const dir = path.join(WORK, 'kw');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'k.js'), "N_('noop');\nmsg(1, 'second');\n_('default');\n");
    const result = await extractMessages(['kw'], {
      cwd: WORK,
      keywords: [parseKeywordSpec('N_'), parseKeywordSpec('msg:2')],
    });
    expect(result.messages.map((m) => m.msgid)).toEqual(['noop', 'second', 'default']);
  });

  it('writes a Tornado CSV template; msgctxt entries are left out with a warning', async () => {
    const result = await extractMessages(['src/lib'], { cwd: WORK });
    const warnings: string[] = [];
    const csv = formatCsvTemplate(result.messages, (w) => warnings.push(`${w.file}:${w.line}`));
    expect(readCsvRows(csv).map((r) => r.cells)).toEqual([
      ['Your cart', ''],
      ['One item', '', 'singular'],
      ['{count} items', '', 'plural'],
      ['Hello', ''],
      ['It\'s "quoted"\tand\\slashed', ''],
      [
        'A rather long message that goes on and on so that xgettext has to wrap it over several lines of the POT file',
        '',
      ],
    ]);
    expect(warnings).toEqual(['src/lib/cart.mjs:10']);
  });

  it('the CLI output is deterministic across runs', async () => {
    const io = memoryIo(WORK);
    expect(await run(['extract', 'src', 'views', '-o', 'a.pot'], io)).toBe(0);
    expect(await run(['extract', 'views', 'src', '-o', 'b.pot'], io)).toBe(0);
    const a = readFileSync(path.join(WORK, 'a.pot'), 'utf8');
    expect(a).toBe(readFileSync(path.join(WORK, 'b.pot'), 'utf8'));
    expect(io.stderr).toContain('src/app.js:10: warning: non-literal argument to _()');
    expect(io.stderr).toMatch(/localekit: \d+ messages from \d+ files -> a\.pot/);
    const one = memoryIo(WORK);
    expect(await run(['extract', 'src/app.js', '-o', 'c.pot'], one)).toBe(0);
    expect(one.stderr).toMatch(/localekit: \d+ messages? from 1 file -> c\.pot\n/);
    // Reading our POT and writing it again changes nothing.
    expect(serializePo(parsePoDocument(a))).toBe(a);
  });
});

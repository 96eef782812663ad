import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../src/io.js';
import { run } from '../src/program.js';
import { messageTypes, placeholderTypes } from '../src/types.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TEMPLATE = path.join(import.meta.dirname, 'fixtures', 'types', 'messages.pot');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const WORK = mkdtempSync(path.join(tmpdir(), 'localekit-types-'));

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    // The package's own declarations are checked too, with the augmentation applied.
    skipLibCheck: false,
    types: [],
  },
  include: ['*.ts'],
});

/** A project that imports `localekit` (this repository's dist/) the way an app does. */
function project(name: string, files: Record<string, string>): string {
  const dir = path.join(WORK, name);
  mkdirSync(dir, { recursive: true });
  // The repository's node_modules: `localekit` (a link to the package itself), express's types.
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(path.join(dir, 'tsconfig.json'), TSCONFIG);
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

/** Runs `tsc -p .` in `dir`; returns its exit status and what it printed. */
async function tsc(dir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [TSC, '-p', '.', '--pretty', 'false'],
      {
        cwd: dir,
      },
    );
    return { code: 0, output: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, output: e.stdout };
  }
}

/** tsc's errors in `file` by line, each with its indented explanation lines. */
function errorsByLine(output: string, file: string): Map<number, string> {
  const byLine = new Map<number, string>();
  let current: number | undefined;
  for (const text of output.split('\n')) {
    const m = /^(.+?)\((\d+),\d+\): error (.*)$/.exec(text);
    if (m) {
      current = m[1] === file ? Number(m[2]) : undefined;
      if (current !== undefined) byLine.set(current, `${byLine.get(current) ?? ''}${m[3]}\n`);
    } else if (current !== undefined && text.startsWith(' ')) {
      byLine.set(current, `${byLine.get(current)}${text.trim()}\n`);
    }
  }
  return byLine;
}

const PRELUDE = [
  "import { loadTranslations } from 'localekit';",
  "import type { Response } from 'express';",
  "import 'localekit/express';",
  "const { _, translate, pgettext } = (await loadTranslations('locales')).defaultLocale;",
  'declare const dynamicId: string;',
  'declare const res: Response;',
];

let declaration = '';

beforeAll(async () => {
  const io = memoryIo(WORK);
  expect(await run(['types', TEMPLATE, '-o', 'messages.d.ts'], io)).toBe(0);
  declaration = readFileSync(path.join(WORK, 'messages.d.ts'), 'utf8');
  expect(io.stderr).toBe('localekit: types for 11 messages -> messages.d.ts\n');
});

afterAll(() => {
  rmSync(WORK, { recursive: true, force: true });
});

describe('placeholderTypes', () => {
  const table: [string, Record<string, string>][] = [
    ['Hello, %(name)s', { name: 'text' }],
    ['%(n)d items, %(ratio).2f%%, %(hex)x', { n: 'number', ratio: 'number', hex: 'number' }],
    ['%(v)r', { v: 'text' }],
    ['Hello, {name}', { name: 'text' }],
    ['{n, number} points on {d, date, short} at {t, time}', { n: 'number', d: 'date', t: 'date' }],
    ['{count, plural, one {# item for {who}} other {# items}}', { count: 'number', who: 'text' }],
    ['{g, select, a {A} b {B} other {?}}', { g: 'select:a|b|other' }],
    ['{n} and {n, number}', { n: 'number' }],
    // Python wins when both appear, as in the runtime; braces are then literal text.
    ['%(name)s {not, number}', { name: 'text' }],
    // Not valid ICU: the runtime shows it verbatim, so it needs nothing.
    ['{unclosed', {}],
    ['<b>{name}</b>', { name: 'text' }],
    ['No placeholders', {}],
  ];
  it.each(table)('%s', (text, expected) => {
    const found = Object.fromEntries(
      [...placeholderTypes(text)].map(([name, t]) => [
        name,
        t.kind === 'select' ? `select:${[...t.options].join('|')}` : t.kind,
      ]),
    );
    expect(found).toEqual(expected);
  });
});

describe('localekit types', () => {
  it('writes a Register augmentation with each id and its values', () => {
    expect(declaration).toContain("declare module 'localekit' {\n  interface Register {");
    expect(declaration).toContain('"Sign out": {};');
    expect(declaration).toContain(
      '"%(ratio).1f%% done, %(left)d left": { readonly "left": number; readonly "ratio": number; };',
    );
    expect(declaration).toContain(
      '"{gender, select, female {She} male {He} other {They}} replied to {name}": { readonly "gender": "female" | "male" | "other"; readonly "name": string | number; };',
    );
    expect(declaration).toContain(
      '"One file": { plural: "%(count)d files"; values: { readonly "count": number; } };',
    );
    expect(declaration).toContain('"menu": {\n          singular: {\n            "Open": {};');
    expect(declaration).not.toContain('Gone');
  });

  it('extract --types writes the same declaration as types on the template it writes', async () => {
    const dir = path.join(WORK, 'extract');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'app.js'),
      "_('Hi, %(name)s');\npgettext('menu', 'Open');\n_('%(count)d cat', '%(count)d cats', n);\n",
    );
    const io = memoryIo(dir);
    expect(await run(['extract', '.', '-o', 'm.pot', '--types', 'a.d.ts'], io)).toBe(0);
    expect(await run(['types', 'm.pot', '-o', 'b.d.ts'], io)).toBe(0);
    const a = readFileSync(path.join(dir, 'a.d.ts'), 'utf8');
    const b = readFileSync(path.join(dir, 'b.d.ts'), 'utf8');
    // Only the first line (the source named) differs.
    expect(a.split('\n').slice(1)).toEqual(b.split('\n').slice(1));
    expect(a).toContain('"Hi, %(name)s": { readonly "name": string | number; };');
  });

  it('rejects an output that is not a .d.ts, and a CSV template, with exit 2', async () => {
    const io = memoryIo(WORK);
    expect(await run(['types', TEMPLATE, '-o', 'messages.ts'], io)).toBe(2);
    expect(io.stderr).toContain('the output must end in .d.ts');
    writeFileSync(path.join(WORK, 't.csv'), '"Hi",""\n');
    expect(await run(['types', 't.csv', '-o', 'x.d.ts'], io)).toBe(2);
    expect(io.stderr).toContain('pass the .pot or the source directory');
  });

  it('is deterministic and escapes ids that are not plain text', () => {
    const weird = [
      { msgid: 'say "hi"\n\\' },
      { msgid: '__proto__' },
      { msgid: 'x', msgctxt: 'b' },
      { msgid: 'x', msgctxt: 'a' },
    ];
    const text = messageTypes(weird, 'src');
    expect(text).toBe(messageTypes(weird, 'src'));
    expect(text).toContain('"say \\"hi\\"\\n\\\\": {};');
    expect(text).toContain('"__proto__": {};');
    expect(text.indexOf('"a": {')).toBeLessThan(text.indexOf('"b": {'));
  });
});

describe('tsc on projects using the generated types', () => {
  it('passes on correct calls of every kind', async () => {
    const dir = project('good', {
      'messages.d.ts': declaration,
      'app.ts': [
        ...PRELUDE,
        "_('Sign out');",
        "_('Welcome back, %(name)s!', { name: 'Ada' });",
        "_('Welcome back, %(name)s!', { name: 7 });",
        "_('%(ratio).1f%% done, %(left)d left', { ratio: 0.5, left: 3 });",
        "_('You have {points, number} points', { points: 12 });",
        "_('Posted on {when, date, long}', { when: new Date() });",
        "_('{gender, select, female {She} male {He} other {They}} replied to {name}', { gender: 'male', name: 'Bo' });",
        "_('%(count)d new message in %(folder)s', '%(count)d new messages in %(folder)s', 2, { folder: 'Inbox' });",
        "_('One file', '%(count)d files', 4);",
        "translate('Sign in');",
        "translate('One file', '%(count)d files', 4);",
        "pgettext('menu', 'Open');",
        "pgettext('menu', '%(count)d recent file', '%(count)d recent files', 3);",
        '_(dynamicId);',
        "res.locals._('Welcome back, %(name)s!', { name: 'Ada' });",
        "res.locals.pgettext('menu', 'Open');",
        'export {};',
      ].join('\n'),
    });
    const { code, output } = await tsc(dir);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('fails on a misspelt id (naming the closest), a missing or mistyped value, a plural without its count', async () => {
    const cases: [string, RegExp][] = [
      [
        "_('Sing out');",
        /'Sing out' is not a message id of the template; did you mean 'Sign out'\?/,
      ],
      [
        "translate('Sign i');",
        /'Sign i' is not a message id of the template; did you mean 'Sign in'\?/,
      ],
      ["_('Welcome back, %(name)s');", /did you mean 'Welcome back, %\(name\)s!'\?/],
      ["_('Welcome back, %(name)s!');", /TS2554: Expected 2 arguments, but got 1/],
      ["_('Welcome back, %(name)s!', {});", /Property '"name"' is missing in type '\{\}'/],
      ["_('Welcome back, %(name)s!', { nmae: 'Ada' });", /'nmae' does not exist in type/],
      [
        "_('%(ratio).1f%% done, %(left)d left', { ratio: 0.5, left: '3' });",
        /Type 'string' is not assignable to type 'number'/,
      ],
      [
        "_('You have {points, number} points', { points: '12' });",
        /Type 'string' is not assignable to type 'number'/,
      ],
      [
        "_('{gender, select, female {She} male {He} other {They}} replied to {name}', { gender: 'x', name: 'Bo' });",
        /Type '"x"' is not assignable to type '"other" \| "female" \| "male"'/,
      ],
      ["_('One file');", /'One file' is a plural message: pass its plural and a count/],
      [
        "_('One file', '%(count)d file', 2);",
        /'"%\(count\)d file"' is not assignable to parameter of type '"%\(count\)d files"'/,
      ],
      [
        "translate('One file', '%(count)d files');",
        /No overload expects 2 arguments, but overloads do exist that expect either 1 or 3 arguments/,
      ],
      [
        "_('%(count)d new message in %(folder)s', '%(count)d new messages in %(folder)s', 2);",
        /TS2554: Expected 4 arguments, but got 3/,
      ],
      ["_('Sign out', 'Sign outs', 2);", /'Sign out' has no plural in the template/],
      [
        "pgettext('menu', 'Opne');",
        /'Opne' is not a message id of the template; did you mean 'Open'\?/,
      ],
      [
        "pgettext('mneu', 'Open');",
        /'mneu' is not a message context of the template; did you mean 'menu'\?/,
      ],
      ["pgettext('menu', 'Sign out');", /'Sign out' is not a message id of the template/],
      // The template variables of localekit/express are the same functions, so they are narrowed.
      ["res.locals._('Sign ot');", /did you mean 'Sign out'\?/],
      ["res.locals.translate('Welcome back, %(name)s!', 'x', 1);", /has no plural in the template/],
    ];
    const dir = project('bad', {
      'messages.d.ts': declaration,
      'app.ts': [...PRELUDE, ...cases.map(([line]) => line), 'export {};'].join('\n'),
    });
    const { code, output } = await tsc(dir);
    expect(code).toBe(2);
    const errors = errorsByLine(output, 'app.ts');
    cases.forEach(([line, expected], i) => {
      const message = errors.get(PRELUDE.length + i + 1) ?? '';
      expect({ line, message }).toEqual({ line, message: expect.stringMatching(expected) });
    });
    expect(errors.size).toBe(cases.length);
  });

  it('stays fast in a template of 2,000 messages: a correct call type-checks, a typo is named', async () => {
    // Regression: the closest-id search once ran for correct calls too ("excessively deep").
    const words = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma', 'kappa', 'theta'];
    const ids = Array.from({ length: 2000 }, (_, i) => {
      const parts = [0, 1, 2, 3].map((k) => words[Math.floor(i / 8 ** k) % 8]);
      return `${parts.join(' ')} ${i}${i % 3 === 0 ? ' %(name)s' : ''}`;
    });
    const pot = ids.map((id) => `msgid ${JSON.stringify(id)}\nmsgstr ""\n`).join('\n');
    writeFileSync(path.join(WORK, 'big.pot'), pot);
    const io = memoryIo(WORK);
    expect(await run(['types', 'big.pot', '-o', 'big.d.ts'], io)).toBe(0);
    const dir = project('big', {
      'messages.d.ts': readFileSync(path.join(WORK, 'big.d.ts'), 'utf8'),
      'app.ts': [
        ...PRELUDE,
        `_(${JSON.stringify(ids[1234])});`,
        `_(${JSON.stringify(ids[1233])}, { name: 'x' });`,
        `_(${JSON.stringify(ids[1234]!.replace('1234', '1324'))});`,
        "_('zeta');",
        'export {};',
      ].join('\n'),
    });
    const { output } = await tsc(dir);
    const errors = errorsByLine(output, 'app.ts');
    expect([...errors.keys()]).toEqual([PRELUDE.length + 3, PRELUDE.length + 4]);
    expect(errors.get(PRELUDE.length + 3)).toContain(`did you mean '${ids[1234]}'?`);
    // No id starts with "z": no suggestion rather than a search of every id.
    expect(errors.get(PRELUDE.length + 4)).toContain(
      `'zeta' is not a message id of the template"'.`,
    );
  });

  it('keeps string signatures in a project without generated types', async () => {
    const dir = project('untyped', {
      'app.ts': [
        ...PRELUDE,
        "_('Any text at all, %(name)s', { name: 'Ada' });",
        "_('%(count)d thing', '%(count)d things', 2);",
        "translate('Whatever', 'Whatevers');",
        "pgettext('any context', 'Any message');",
        "const s: string = _('Sing out');",
        'export { s };',
      ].join('\n'),
    });
    const { code, output } = await tsc(dir);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it("checks the demo's app.js against the demo's generated types (examples/tsconfig.json)", async () => {
    const { code, output } = await tsc(path.join(ROOT, 'examples'));
    expect(output).toBe('');
    expect(code).toBe(0);
    // The committed declaration is what `localekit types` makes from the committed template.
    const io = memoryIo(WORK);
    expect(
      await run(['types', path.join(ROOT, 'examples', 'messages.pot'), '-o', 'demo.d.ts'], io),
    ).toBe(0);
    const fresh = readFileSync(path.join(WORK, 'demo.d.ts'), 'utf8').split('\n').slice(1);
    const committed = readFileSync(path.join(ROOT, 'examples', 'messages.d.ts'), 'utf8')
      .split('\n')
      .slice(1);
    expect(fresh).toEqual(committed);
  });
});

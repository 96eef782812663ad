/**
 * The Python `%` formatter against python3 itself: every conversion with flags, widths and
 * precisions over ints, floats (ties, huge, tiny, subnormal, inf, nan) and strings (quotes,
 * escapes, non-ASCII, astral), compared byte for byte with `template % mapping`. Where Python
 * raises, localekit's fill must fail (undefined) — except the two documented JS conveniences
 * (numeric strings for numeric conversions; booleans, null and undefined through `String()`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compilePython,
  fillPython,
  formatPython,
  pythonPlaceholders,
} from '../../src/text/python.js';

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** A JS value as the oracle reads it: integers are Python ints, other numbers floats. */
type Encoded = ['int', string] | ['float', string] | ['str', string];

function encode(value: number | string): Encoded {
  if (typeof value === 'string') return ['str', value];
  if (Number.isInteger(value)) return ['int', BigInt(value).toString()];
  return ['float', Number.isNaN(value) ? 'nan' : String(value).replace('Infinity', 'inf')];
}

const ORACLE = `
import json, sys
cases = json.load(sys.stdin)
def decode(v):
    kind, text = v
    return int(text) if kind == 'int' else float(text) if kind == 'float' else text
out = []
for template, value in cases:
    try:
        out.append(template % {'v': decode(value)})
    except Exception as e:
        out.append(None)
json.dump(out, sys.stdout)
`;

function python(cases: [string, Encoded][]): (string | null)[] {
  return JSON.parse(
    execFileSync(PYTHON, ['-c', ORACLE], {
      input: JSON.stringify(cases),
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    }),
  ) as (string | null)[];
}

const FLAGS = ['', '-', '+', ' ', '#', '0', '-0', '+0', ' 0', '#0', '+#', '- '];
const WIDTHS = ['', '1', '8'];
const PRECISIONS = ['', '.0', '.1', '.3', '.', '.12'];
const CONVERSIONS = [...'diouxXeEfFgGcrsa'];

const NUMBERS = [
  0,
  1,
  -1,
  7,
  42,
  -42,
  255,
  65,
  1000000,
  2 ** 53,
  -(2 ** 60),
  1e21,
  1e300,
  0.5,
  1.5,
  2.5,
  -2.5,
  0.125,
  0.375,
  2 / 3,
  -0.04,
  0.1,
  1e-5,
  1.5e-7,
  123.456,
  9.9999,
  99999.5,
  5e-324,
  1.7976931348623157e308,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
  0x10ffff,
  0x110000,
];
const STRINGS = [
  '',
  'x',
  'Ana',
  "it's",
  'say "hi"',
  `both ' and "`,
  'tab\there',
  'é\n',
  'back\\slash',
  '\u0007bell',
  '\u00a0nbsp',
  '\u200bzw',
  '日本語',
  '😀',
  'a😀b',
  '\u0085',
  '\u00ff\u0100',
];

function casesFor(values: readonly (number | string)[]): [string, number | string][] {
  const cases: [string, number | string][] = [];
  for (const conversion of CONVERSIONS)
    for (const flags of FLAGS)
      for (const width of WIDTHS)
        for (const precision of PRECISIONS)
          for (const value of values)
            cases.push([`<%(v)${flags}${width}${precision}${conversion}>`, value]);
  return cases;
}

/** Inputs where Python raises but localekit fills on purpose (documented JS conveniences). */
function jsConvenience(template: string, value: number | string): boolean {
  const conversion = template.at(-2)!;
  return (
    typeof value === 'string' &&
    value.trim() !== '' &&
    !Number.isNaN(Number(value)) &&
    conversion !== 'c' &&
    conversion !== 's' &&
    conversion !== 'r' &&
    conversion !== 'a'
  );
}

describe('formatPython against python3 `template % mapping`', () => {
  it.each([
    ['numbers', NUMBERS],
    ['strings', STRINGS],
  ] as const)('every conversion × flag × width × precision over %s', (_name, values) => {
    const cases = casesFor(values);
    const expected = python(cases.map(([t, v]) => [t, encode(v)]));
    const wrong: string[] = [];
    cases.forEach(([template, value], i) => {
      const got = formatPython(template, { v: value }) ?? null;
      const want = expected[i];
      if (got !== want && !(want === null && jsConvenience(template, value)))
        wrong.push(
          `${template} % ${JSON.stringify(String(value))}: ${JSON.stringify(got)} != python ${JSON.stringify(want)}`,
        );
    });
    expect(cases.length).toBeGreaterThan(values === NUMBERS ? 60_000 : 30_000);
    expect(wrong.filter((_, i) => i % 37 === 0).slice(0, 30)).toEqual([]);
  });

  it('random finite floats in %e %f %g with random precision equal Python', () => {
    const samples = fc.sample(
      fc.tuple(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom('e', 'f', 'g', 'G', 'E', 's', 'r'),
      ),
      { numRuns: 3000, seed: 20261204 },
    );
    const cases = samples.map(([x, p, c]) => [`%(v).${p}${c}`, x] as [string, number]);
    const expected = python(cases.map(([t, v]) => [t, encode(v)]));
    const wrong = cases
      .map(([t, v], i) => [t, v, formatPython(t, { v }) ?? null, expected[i]] as const)
      .filter(([, , got, want]) => got !== want);
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('texts Python refuses with a mapping cannot be filled', () => {
    const texts = ['%(v)', '%(v', '%(v)z', '%(v)*d', '%(v).*f', '%(v)s %', '%(v)%'];
    const expected = python(texts.map((t) => [t, encode(1)]));
    expect(expected).toEqual(texts.map(() => null));
    expect(texts.map((t) => formatPython(t, { v: 1 }))).toEqual(texts.map(() => undefined));
    // A positional placeholder beside a mapping: Python formats the mapping itself (`% s` in
    // "100% sure" prints the dict); localekit refuses the text instead.
    const positional = ['%s', '100% sure %(v)s'];
    expect(python(positional.map((t) => [t, encode(1)]))).toEqual(["{'v': 1}", "100{'v': 1}ure 1"]);
    expect(positional.map((t) => formatPython(t, { v: 1 }))).toEqual([undefined, undefined]);
  });

  it('nested parentheses in a key, length modifiers and %% as Python reads them', () => {
    const texts = ['%(a(b))s', '%(v)ld|%(v)hd|%(v)Li', '%%(v)s', '100%% of %(v)s'];
    const values = { 'a(b)': 'nested', v: 7 };
    const expected = JSON.parse(
      execFileSync(
        PYTHON,
        [
          '-c',
          `import json,sys; print(json.dumps([t % {'a(b)': 'nested', 'v': 7} for t in json.load(sys.stdin)]))`,
        ],
        {
          input: JSON.stringify(texts),
          encoding: 'utf8',
        },
      ),
    ) as string[];
    expect(expected).toEqual(['nested', '7|7|7', '%(v)s', '100% of 7']);
    expect(texts.map((t) => formatPython(t, values))).toEqual(expected);
  });
});

describe('formatPython: what earlier releases did, kept', () => {
  it.each([
    ['%(name)s has %(count)d items', { name: 'Ana', count: 3.9 }, 'Ana has 3 items'],
    ['%(count)d%%', { count: 50 }, '50%'],
    ['%(ratio).1f', { ratio: 0.26 }, '0.3'],
    ['%(ratio).2f', { ratio: 2 / 3 }, '0.67'],
    ['%(n)5d|', { n: 42 }, '   42|'],
    ['%(n)-5d|', { n: 42 }, '42   |'],
    ['%(n)05d', { n: -42 }, '-0042'],
    ['%(n)x', { n: 255 }, 'ff'],
    ['%(n)d', { n: '12' }, '12'], // a numeric string (Python would raise)
    ['%(v)s', { v: null }, 'null'],
    ['%(v)s|%(w)s', { v: true, w: undefined }, 'true|undefined'],
    ['%(n)d', { n: 10n ** 30n }, '1000000000000000000000000000000'],
    ['%(a)s%(a)s', { a: 'x' }, 'xx'],
  ] as const)('%s with %o → %s', (text, values, expected) => {
    expect(formatPython(text, values)).toBe(expected);
  });

  it.each([
    ['%(missing)s', { name: 'x' }],
    ['%(n)d', { n: 'abc' }],
    ['%(n)d', { n: '' }],
    ['%(n)d', { n: ' ' }],
    ['%(n)d', { n: true }],
    ['%(n)d', { n: null }],
    ['%(name)q', { name: 'x' }],
    ['100% %(name)s', { name: 'x' }],
    ['%(__proto__)s', {}],
    ['%(toString)s', {}],
    ['%(s)s', { s: Symbol('x') }],
    [`%(n)${'9'.repeat(4)}d`, { n: 1 }], // width above 999 is refused, not allocated
  ] as const)('%s with %o cannot be filled', (text, values) => {
    expect(formatPython(text, values as Record<string, unknown>)).toBeUndefined();
  });
});

describe('compilePython', () => {
  it('compiles once into literal pieces and specs; the fill is a join', () => {
    const compiled = compilePython('Hi %(name)s, %(count)05d%% done');
    expect(compiled).toEqual({
      texts: ['Hi ', ', ', '% done'],
      specs: [
        {
          name: 'name',
          conversion: 's',
          flags: 0,
          width: 0,
          precision: -1,
          plain: true,
          bareInteger: false,
        },
        {
          name: 'count',
          conversion: 'd',
          flags: 16,
          width: 5,
          precision: -1,
          plain: false,
          bareInteger: false,
        },
      ],
    });
    if ('error' in compiled) throw new Error('unreachable');
    expect(fillPython(compiled, { name: 'Ana' }, 42)).toBe('Hi Ana, 00042% done');
    expect(fillPython(compiled, { name: 'Ana', count: 7 }, 42)).toBe('Hi Ana, 00007% done');
    expect(fillPython(compiled, { name: 'Ana' }, undefined)).toBeUndefined();
  });

  it('names the error and where it is', () => {
    expect(compilePython('ok %(a)s then 50% off')).toMatchObject({
      error: 'a positional placeholder needs a tuple, not a mapping',
      index: 16,
    });
    expect(compilePython('%(a)5.2k')).toEqual({
      error: 'unsupported format character "k"',
      index: 7,
      specs: [],
    });
  });

  it('is linear on hostile texts (issue 14: `%` + 30,000 zeros + `z` took 3.2 s)', () => {
    // In a child process against dist/ with a wall-clock limit: hang detection, not a timing
    // assertion. Each text is 30,000+ characters and compiled and filled 100 times; a quadratic
    // scan would need minutes, the linear one needs milliseconds.
    const script = `
      import { formatPython } from ${JSON.stringify(new URL('../../dist/text/python.js', import.meta.url).href)};
      const texts = [
        '%' + '0'.repeat(30000) + 'z',
        '%(a)' + '0'.repeat(30000) + 'z',
        '%(a)' + '0'.repeat(30000) + '.' + '1'.repeat(30000),
        '%('.repeat(30000),
        '%(a)s'.repeat(20000) + '%',
        '%%'.repeat(50000) + '%(a)s',
        '%(a)s'.repeat(20000),
      ];
      const out = [];
      for (const text of texts) {
        let r;
        for (let i = 0; i < 100; i++) r = formatPython(text, { a: 'x' });
        out.push(r === undefined ? null : r.length);
      }
      console.log(JSON.stringify(out));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.error?.message ?? null).toBeNull();
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([null, null, null, null, null, 50_001, 20_000]);
  });
});

describe('pythonPlaceholders (for the CLI check)', () => {
  it.each([
    ['%(name)s liked %(count)d posts, %(name)s', ['name', 'count'], undefined],
    ['no placeholders, 100%', [], undefined],
    ['{icu} is not Python', [], undefined],
    ['%(a)s and %(b)0.2f%%', ['a', 'b'], undefined],
    ['%(a)s then %(b)k', ['a'], 'unsupported format character "k" at index 15'],
    ['%(a)s 50% off', ['a'], 'a positional placeholder needs a tuple, not a mapping at index 8'],
  ] as const)('%s → %o', (text, names, error) => {
    expect(pythonPlaceholders(text)).toEqual({ names, error });
  });
});

/**
 * Property tests for every catalog parser: whatever the bytes, a parser returns a well-formed
 * `Catalog` or throws a `LocaleKitError` with an `E_` code, a file and a hint — never another
 * exception, never a polluted `Object.prototype`. Inputs are both raw noise and grammar-shaped
 * text (CSV-ish, PO-ish, mutated real MO files from GNU msgfmt), so the deep states are reached.
 * The per-property run counts are in RUNS; the totals go in the closing report.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/formats/catalog.js';
import { parseCsv } from '../../src/formats/csv.js';
import { LocaleKitError } from '../../src/errors.js';
import { parseMo } from '../../src/formats/mo.js';
import { compilePluralExpression } from '../../src/formats/plural-forms.js';
import { parsePo } from '../../src/formats/po.js';
import { toBigEndian } from '../helpers/mo.js';

/** Runs per property. Raised with LOCALEKIT_FUZZ_RUNS for a longer local session. */
const SCALE = Number(process.env.LOCALEKIT_FUZZ_RUNS ?? 1);
const RUNS = {
  csvBytes: 3000 * SCALE,
  csvShaped: 4000 * SCALE,
  poBytes: 3000 * SCALE,
  poShaped: 4000 * SCALE,
  moBytes: 3000 * SCALE,
  moMutated: 5000 * SCALE,
  pluralAny: 4000 * SCALE,
  pluralShaped: 4000 * SCALE,
} as const;

const FILE = 'fuzz/input';
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

/** The outcome of one parse: a Catalog checked for shape, or a LocaleKitError checked for shape. */
function expectCatalogOrError(parse: () => Catalog, format: Catalog['format']): 'ok' | string {
  let catalog: Catalog;
  try {
    catalog = parse();
  } catch (error) {
    if (!(error instanceof LocaleKitError)) throw error;
    expect(error.code).toMatch(/^E_[A-Z0-9_]+$/);
    expect(error.file).toBe(FILE);
    expect(error.message.startsWith(FILE)).toBe(true);
    expect(error.hint.length).toBeGreaterThan(10);
    if (error.line !== undefined)
      expect(Number.isInteger(error.line) && error.line >= 1).toBe(true);
    return error.code;
  } finally {
    expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(PROTO_KEYS);
  }
  expect(catalog.format).toBe(format);
  expect(catalog.file).toBe(FILE);
  for (const map of [catalog.messages, catalog.tornadoSingular, catalog.tornadoPlural]) {
    expect(map).toBeInstanceOf(Map);
    for (const [key, value] of map) {
      expect(typeof key).toBe('string');
      expect(typeof value === 'string' && value !== '').toBe(true);
    }
  }
  for (const [key, forms] of catalog.pluralForms) {
    expect(typeof key).toBe('string');
    expect(forms.every((f) => typeof f === 'string')).toBe(true);
    expect(forms[0]).not.toBe('');
    expect(typeof catalog.pluralIds.get(key)).toBe('string');
  }
  const { nplurals, index } = catalog.pluralRule;
  expect(Number.isInteger(nplurals) && nplurals >= 1 && nplurals <= 100).toBe(true);
  for (const n of [0, 1, 2, 5, 11, 21, 101, 1e6, Number.NaN, -3, 2 ** 70]) {
    const i = index(n);
    expect(Number.isInteger(i) && i >= 0).toBe(true);
  }
  for (const w of catalog.warnings) {
    expect(w.code).toMatch(/^W_[A-Z0-9_]+$/);
    expect(w.file).toBe(FILE);
    expect(w.message.length).toBeGreaterThan(5);
  }
  return 'ok';
}

/** Counts outcomes so the test can check that both branches were actually exercised. */
function tally(): { add(outcome: string): void; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  return { add: (o) => counts.set(o, (counts.get(o) ?? 0) + 1), counts };
}

const encoder = new TextEncoder();

// ---- CSV ----

const csvPiece = fc.oneof(
  fc.constantFrom(
    '"',
    '""',
    ',',
    '\n',
    '\r\n',
    '\r',
    ' ',
    '\t',
    '\uFEFF',
    '\u0000',
    'plural',
    'singular',
    'one',
    'few',
    'unknown',
    '__proto__',
    'constructor',
    'Hello',
    'é',
    '👋',
    '%(name)s',
    '{n}',
  ),
  fc.string({ maxLength: 6 }),
);
const csvText = fc.array(csvPiece, { maxLength: 60 }).map((parts) => parts.join(''));
const csvBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  csvText.map((t) => encoder.encode(t)),
  // BOM-marked UTF-16 with arbitrary (often odd-length or surrogate-broken) payloads.
  fc
    .tuple(
      fc.constantFrom([0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf]),
      fc.uint8Array({ maxLength: 200 }),
    )
    .map(([bom, rest]) => Uint8Array.from([...bom, ...rest])),
);

// ---- PO ----

const poString = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '\\n',
        '\\t',
        '\\"',
        '\\\\',
        '\\x',
        '\\xc3\\xa9',
        '\\0',
        '\\101',
        '\\u00e9',
        '\\q',
        '\\',
        'é',
        '"',
        '%(x)s',
        '{x}',
      ),
      fc.string({ maxLength: 5 }),
    ),
    { maxLength: 6 },
  )
  .map((p) => `"${p.join('')}"`);
const pluralHeader = fc.oneof(
  fc.constantFrom(
    'nplurals=2; plural=(n != 1);',
    'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);',
    'nplurals=0; plural=0;',
    'nplurals=1000; plural=n;',
    'nplurals=2; plural=(function(){process.exit(1)})();',
    "nplurals=2; plural=n;require('fs')",
    'nplurals=2; plural=n/0;',
    'nplurals=2;',
    'plural=n;',
    '',
  ),
  fc.string({ maxLength: 40 }).map((s) => `nplurals=2; plural=${s};`),
);
const charsetName = fc.constantFrom(
  'UTF-8',
  'ISO-8859-1',
  'ISO-8859-2',
  'KOI8-R',
  'EUC-JP',
  'CHARSET',
  'x-bogus',
  'utf-16',
  '',
);
const poHeaderText = fc
  .tuple(charsetName, pluralHeader)
  .map(
    ([cs, pf]) =>
      `msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=${cs}\\n"\n"Plural-Forms: ${pf}\\n"\n\n`,
  );
const poLine = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        'msgid',
        'msgstr',
        'msgctxt',
        'msgid_plural',
        'msgstr[0]',
        'msgstr[1]',
        'msgstr[2]',
        'msgstr[7]',
        '#~ msgid',
        '#~ msgstr',
        '#| msgid',
      ),
      poString,
    )
    .map(([k, s]) => `${k} ${s}`),
  poString,
  fc.constantFrom(
    '#, fuzzy',
    '#, c-format',
    '# comment',
    '#: src/a.js:1',
    '#. note',
    '',
    'domain "x"',
    'msgid',
    'msgstr[',
    '"unterminated',
  ),
  fc.string({ maxLength: 12 }),
);
const poText = fc
  .tuple(fc.option(poHeaderText, { nil: '' }), fc.array(poLine, { maxLength: 30 }))
  .map(([h, lines]) => h + lines.join('\n'));
const poBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  poText.map((t) => encoder.encode(t)),
  // Latin-1 bytes in a file that declares no charset or UTF-8.
  fc
    .tuple(poText, fc.uint8Array({ minLength: 1, maxLength: 8 }))
    .map(([t, junk]) => Uint8Array.from([...encoder.encode(t), ...junk])),
);

// ---- MO ----

const realMo: Uint8Array[] = [];

const moMutation = fc.oneof(
  // overwrite a 32-bit word of the header or tables with a hostile value
  fc.record({
    kind: fc.constant('word' as const),
    at: fc.nat({ max: 120 }),
    value: fc.oneof(
      fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffff8, 2 ** 31 - 1),
      fc.nat(),
    ),
    little: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.nat({ max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);
const moBytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc
    .uint8Array({ maxLength: 200 })
    .map((rest) => Uint8Array.from([0xde, 0x12, 0x04, 0x95, ...rest])),
  fc
    .tuple(fc.nat(), fc.array(moMutation, { minLength: 1, maxLength: 4 }))
    .map(([which, mutations]) => {
      const base = realMo[which % realMo.length] as Uint8Array;
      let bytes = Uint8Array.from(base);
      for (const m of mutations) {
        if (m.kind === 'truncate') bytes = bytes.subarray(0, m.at % (bytes.length + 1));
        else if (bytes.length > 0) {
          const at = m.at % bytes.length;
          if (m.kind === 'byte') bytes[at] = m.value;
          else if (at + 4 <= bytes.length)
            new DataView(bytes.buffer, bytes.byteOffset).setUint32(
              at - (at % 4),
              m.value >>> 0,
              m.little,
            );
        }
      }
      return bytes;
    }),
);

let scratch: string | undefined;
afterAll(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'localekit-fuzz-parsers-'));
  scratch = dir;
  const sources: Record<string, string> = {
    plain:
      'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n' +
      'msgid "Hello"\nmsgstr "Привет"\n\nmsgctxt "menu"\nmsgid "Open"\nmsgstr "Открыть"\n\n' +
      'msgid "One file"\nmsgid_plural "%(count)d files"\nmsgstr[0] "%(count)d файл"\nmsgstr[1] "%(count)d файла"\nmsgstr[2] "%(count)d файлов"\n\n' +
      'msgid "__proto__"\nmsgstr "прото"\n',
    latin1:
      'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "Coffee"\nmsgstr "Caf\\xe9"\n',
  };
  for (const [name, text] of Object.entries(sources)) {
    const po = join(dir, `${name}.po`);
    const mo = join(dir, `${name}.mo`);
    writeFileSync(po, text);
    execFileSync('msgfmt', ['-o', mo, po]);
    const bytes = new Uint8Array(readFileSync(mo));
    realMo.push(bytes, toBigEndian(bytes));
  }
});

describe('parseCsv on any input', () => {
  it(`bytes → Catalog or E_CSV_* (${RUNS.csvBytes} runs)`, () => {
    const t = tally();
    fc.assert(
      fc.property(csvBytes, (bytes) => {
        const outcome = expectCatalogOrError(() => parseCsv(bytes, { file: FILE }), 'csv');
        if (outcome !== 'ok') expect(outcome).toMatch(/^E_CSV_(QUOTE|ENCODING)$/);
        t.add(outcome);
      }),
      { numRuns: RUNS.csvBytes },
    );
    expect(t.counts.get('ok') ?? 0).toBeGreaterThan(RUNS.csvBytes / 10);
    expect(t.counts.get('E_CSV_ENCODING') ?? 0).toBeGreaterThan(0);
  });

  it(`CSV-shaped strings → Catalog or E_CSV_QUOTE (${RUNS.csvShaped} runs)`, () => {
    const t = tally();
    fc.assert(
      fc.property(csvText, (text) => {
        const outcome = expectCatalogOrError(() => parseCsv(text, { file: FILE }), 'csv');
        // A string has no encoding to get wrong.
        if (outcome !== 'ok') expect(outcome).toBe('E_CSV_QUOTE');
        t.add(outcome);
      }),
      { numRuns: RUNS.csvShaped },
    );
    expect(t.counts.get('ok') ?? 0).toBeGreaterThan(100);
    expect(t.counts.get('E_CSV_QUOTE') ?? 0).toBeGreaterThan(100);
  });
});

describe('parsePo on any input', () => {
  it(`bytes → Catalog or E_PO_* (${RUNS.poBytes} runs)`, () => {
    const t = tally();
    fc.assert(
      fc.property(poBytes, (bytes) => {
        const outcome = expectCatalogOrError(() => parsePo(bytes, { file: FILE }), 'po');
        if (outcome !== 'ok') expect(outcome).toMatch(/^E_PO_(SYNTAX|ESCAPE|CHARSET|ENCODING)$/);
        t.add(outcome);
      }),
      { numRuns: RUNS.poBytes },
    );
    expect(t.counts.get('ok') ?? 0).toBeGreaterThan(50);
    expect(t.counts.get('E_PO_SYNTAX') ?? 0).toBeGreaterThan(50);
  });

  it(`PO-shaped strings → Catalog or E_PO_* (${RUNS.poShaped} runs)`, () => {
    const t = tally();
    fc.assert(
      fc.property(poText, (text) => {
        const outcome = expectCatalogOrError(() => parsePo(text, { file: FILE }), 'po');
        if (outcome !== 'ok') expect(outcome).toMatch(/^E_PO_(SYNTAX|ESCAPE|CHARSET|ENCODING)$/);
        t.add(outcome);
      }),
      { numRuns: RUNS.poShaped },
    );
    expect(t.counts.get('ok') ?? 0).toBeGreaterThan(100);
    expect(t.counts.get('E_PO_ESCAPE') ?? 0).toBeGreaterThan(0);
  });
});

describe('parseMo on any input', () => {
  it('the byte-swapped (big-endian) msgfmt output reads exactly as the original', () => {
    for (let i = 0; i < realMo.length; i += 2) {
      const le = parseMo(realMo[i] as Uint8Array, { file: FILE });
      const be = parseMo(realMo[i + 1] as Uint8Array, { file: FILE });
      expect([...be.messages]).toEqual([...le.messages]);
      expect([...be.pluralForms]).toEqual([...le.pluralForms]);
      expect(be.pluralRule.expression).toBe(le.pluralRule.expression);
    }
    expect(parseMo(realMo[1] as Uint8Array).messages.get('Hello')).toBe('Привет');
  });

  it(`bytes → Catalog or E_MO_* (${RUNS.moBytes} runs)`, () => {
    const t = tally();
    fc.assert(
      fc.property(moBytes, (bytes) => {
        const outcome = expectCatalogOrError(() => parseMo(bytes, { file: FILE }), 'mo');
        if (outcome !== 'ok')
          expect(outcome).toMatch(/^E_MO_(MAGIC|VERSION|TRUNCATED|BOUNDS|CHARSET|ENCODING)$/);
        t.add(outcome);
      }),
      { numRuns: RUNS.moBytes },
    );
    expect(t.counts.get('E_MO_MAGIC') ?? 0).toBeGreaterThan(0);
  });

  it(`mutated msgfmt output (LE and BE) → Catalog or E_MO_* (${RUNS.moMutated} runs)`, () => {
    const t = tally();
    fc.assert(
      fc.property(moBytes, (bytes) => {
        t.add(expectCatalogOrError(() => parseMo(bytes, { file: FILE }), 'mo'));
      }),
      { numRuns: RUNS.moMutated },
    );
    for (const code of ['ok', 'E_MO_MAGIC', 'E_MO_TRUNCATED', 'E_MO_BOUNDS']) {
      expect(t.counts.get(code) ?? 0, code).toBeGreaterThan(0);
    }
  });
});

// ---- Plural-Forms expressions ----

const pluralExpr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      'n',
      '0',
      '1',
      '2',
      '10',
      '100',
      '18446744073709551615',
      '18446744073709551616',
      '9007199254740993',
    ),
    fc
      .tuple(
        tie('e'),
        fc.constantFrom('||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%'),
        tie('e'),
      )
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('e').map((a) => `!${a}`),
    tie('e').map((a) => `(${a})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
  ),
})).e;

const hostileCounts = [
  0,
  1,
  2,
  3,
  11,
  21,
  111,
  1e6,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 64,
  Number.POSITIVE_INFINITY,
  -1,
  -0,
  0.5,
  Number.NaN,
  Number.NEGATIVE_INFINITY,
];

describe('compilePluralExpression on any input', () => {
  it(`any string → evaluator or E_PLURAL_FORMS, no code runs (${RUNS.pluralAny} runs)`, () => {
    const t = tally();
    const g = globalThis as { __pwned?: unknown };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.string({ unit: 'binary', maxLength: 60 }),
          fc
            .array(
              fc.constantFrom(
                'n',
                '(',
                ')',
                '?',
                ':',
                '!',
                '=',
                '==',
                '&',
                '|',
                '&&',
                '||',
                '1',
                ' ',
                ';',
                'process',
                'globalThis.__pwned=1',
                'require',
                '`',
                '$',
                '[',
                ']',
                '.',
                ',',
              ),
              { maxLength: 30 },
            )
            .map((a) => a.join('')),
        ),
        (expr) => {
          let index: (n: number) => number;
          try {
            index = compilePluralExpression(expr);
          } catch (error) {
            expect(error).toBeInstanceOf(LocaleKitError);
            expect((error as LocaleKitError).code).toBe('E_PLURAL_FORMS');
            expect((error as LocaleKitError).hint).toMatch(/gettext allows/);
            t.add('error');
            return;
          }
          for (const n of hostileCounts) {
            const i = index(n);
            expect(Number.isInteger(i) && i >= 0).toBe(true);
          }
          t.add('ok');
        },
      ),
      { numRuns: RUNS.pluralAny },
    );
    expect(g.__pwned).toBeUndefined();
    expect(t.counts.get('ok') ?? 0).toBeGreaterThan(10);
    expect(t.counts.get('error') ?? 0).toBeGreaterThan(RUNS.pluralAny / 2);
  });

  it(`grammar-shaped expressions compile and give a whole number >= 0 for every count (${RUNS.pluralShaped} runs)`, () => {
    fc.assert(
      fc.property(
        pluralExpr,
        fc.oneof(fc.constantFrom(...hostileCounts), fc.double(), fc.nat()),
        (expr, n) => {
          let index: (n: number) => number;
          try {
            index = compilePluralExpression(expr);
          } catch (error) {
            // The one grammatical expression refused: dividing by a literal 0 (GNU would SIGFPE).
            expect((error as LocaleKitError).message).toMatch(/divides by zero/);
            // (a literal that wraps to 0 modulo 2^64 counts, as in C's unsigned long)
            const divisors = [...expr.matchAll(/[/%] \(*(\d+)/g)].map(
              (m) => BigInt(m[1] as string) % 2n ** 64n,
            );
            expect(divisors).toContain(0n);
            return;
          }
          const i = index(n);
          expect(Number.isInteger(i) && i >= 0 && i <= 2 ** 64).toBe(true);
          // Deterministic: the same count gives the same form.
          expect(index(n)).toBe(i);
        },
      ),
      { numRuns: RUNS.pluralShaped },
    );
  });
});

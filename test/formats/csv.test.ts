import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, pythonStrip, readCsvRows } from '../../src/formats/csv.js';
import { LocaleKitError } from '../../src/errors.js';
import { DEFAULT_PLURAL_RULE } from '../../src/formats/plural-forms.js';
import { thrown } from '../helpers/errors.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/csv');
/** Scratch files: a fresh directory in the OS temp dir, removed after the file's tests. */
const OUT = mkdtempSync(join(tmpdir(), 'localekit-csv-'));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));
const ORACLE = join(ROOT, 'scripts/gettext-oracle.py');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const HAS_TORNADO = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import tornado.locale']);
    return true;
  } catch {
    return false;
  }
})();

function python(args: string[]): unknown {
  return JSON.parse(execFileSync(PYTHON, [ORACLE, ...args]).toString('utf8'));
}

const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

/** Inputs that exercise every state of Python's csv reader (excel dialect, strict=False). */
const TRICKY = [
  'a,b\n',
  'a,b',
  'a,b\r\n"c",d\r\n',
  '"a,b",c\n',
  '"a""b",c',
  '"multi\nline",x\n',
  '"multi\r\nline",x\r\n',
  '"cr\ronly",x\rnext,row',
  'a,\n',
  ',\n',
  ',',
  '\n\n\na\n',
  '"ab"cd,e',
  '"ab" ,e',
  '"ab"cd"ef",g',
  'a"b,c',
  ' "a",b',
  '"a"',
  '""',
  '"""",x',
  '"a""",b',
  'a,b,c,d,e\n',
  'x,"y\n\nz"\n',
  '"",""\n',
  'a, b ,  c  \n',
  '\t"a"\t,b',
  'é,ü,"ß\n€"\n',
  '"a\nb"c\nd,e',
  'trailing,newlines\n\n\n',
  '\ufeffbom,row\n',
  '"emoji 🦊","x"',
  'a\u2028b,c', // U+2028 is not a CSV line break
];

describe('readCsvRows against Python csv.reader (as Tornado opens the file)', () => {
  let oracle: Record<string, { ok: boolean; rows: string[][] }> = {};
  beforeAll(() => {
    rmSync(join(OUT, 'tricky'), { recursive: true, force: true });
    mkdirSync(join(OUT, 'tricky'), { recursive: true });
    const files = TRICKY.map((text, i) => {
      const path = join(OUT, 'tricky', `${i}.csv`);
      writeFileSync(path, text);
      return path;
    });
    oracle = python(['csv', ...files]) as typeof oracle;
  });

  TRICKY.forEach((text, i) => {
    it(JSON.stringify(text), () => {
      const answer = oracle[join(OUT, 'tricky', `${i}.csv`)];
      expect(answer?.ok).toBe(true);
      const bytes = new TextEncoder().encode(text);
      expect(readCsvRows(bytes).map((r) => r.cells)).toEqual(answer?.rows);
      // a string gives the same rows as its UTF-8 bytes
      expect(readCsvRows(text).map((r) => r.cells)).toEqual(answer?.rows);
    });
  });

  it('gives each row the line it starts on', () => {
    expect(readCsvRows('a,b\r\n"c\r\nd",e\r\n\r\nf,g\rh,i').map((r) => [r.line, r.cells])).toEqual([
      [1, ['a', 'b']],
      [2, ['c\nd', 'e']],
      [4, []],
      [5, ['f', 'g']],
      [6, ['h', 'i']],
    ]);
  });

  it('an unterminated quote is E_CSV_QUOTE at the line where it opened (Python would return a partial row)', () => {
    const e = thrown(() => readCsvRows('a,b\n"c,d\ne,f\n', { file: 'x.csv' }));
    expect([e.code, e.file, e.line]).toEqual(['E_CSV_QUOTE', 'x.csv', 2]);
    expect(e.hint).toMatch(/two quotes/);
    expect(thrown(() => readCsvRows('x,"y""')).line).toBe(1);
  });

  it('any bytes give rows or a LocaleKitError, nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc
            .array(fc.constantFrom('"', ',', '\n', '\r', 'a', ' ', 'é', '""'), { maxLength: 40 })
            .map((parts) => new TextEncoder().encode(parts.join(''))),
        ),
        (bytes) => {
          try {
            const rows = readCsvRows(bytes);
            return rows.every((r) => r.line >= 1 && Array.isArray(r.cells));
          } catch (e) {
            return (
              e instanceof LocaleKitError && ['E_CSV_QUOTE', 'E_CSV_ENCODING'].includes(e.code)
            );
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('parseCsv from strings', () => {
  it('puts each row in the table Tornado puts it in', () => {
    const c = parseCsv(
      [
        '"I love you","Te amo"',
        '"%(name)s liked this","A %(name)s les gustó esto","plural"',
        '"%(name)s liked this","A %(name)s le gustó esto","singular"',
        '"%(count)d item","%(count)d artículo","one"',
        '"%(count)d item","%(count)d artículos","other"',
        '"Plain","Llano","unknown"',
        '"Also plain","También",""',
      ].join('\n'),
      { file: 'es_LA.csv' },
    );
    expect(c.format).toBe('csv');
    expect(c.file).toBe('es_LA.csv');
    expect([...c.messages]).toEqual([
      ['I love you', 'Te amo'],
      ['Plain', 'Llano'],
      ['Also plain', 'También'],
    ]);
    expect([...c.tornadoPlural]).toEqual([['%(name)s liked this', 'A %(name)s les gustó esto']]);
    expect([...c.tornadoSingular]).toEqual([['%(name)s liked this', 'A %(name)s le gustó esto']]);
    expect([...(c.categoryForms.get('%(count)d item') ?? [])]).toEqual([
      ['one', '%(count)d artículo'],
      ['other', '%(count)d artículos'],
    ]);
    expect(c.pluralRule).toBe(DEFAULT_PLURAL_RULE);
    expect(c.headers.size).toBe(0);
    expect(c.pluralForms.size + c.pluralIds.size).toBe(0);
    expect(c.warnings).toEqual([]);
  });

  it('an unknown third column skips the row with W_CSV_PLURAL_UNKNOWN naming file:line', () => {
    const c = parseCsv('"a","b"\n"c","d","Plural"\n"e","f","dual"\n', { file: 'x.csv' });
    expect([...c.messages.keys()]).toEqual(['a']);
    expect(c.tornadoPlural.size).toBe(0);
    expect(c.warnings.map((w) => [w.code, w.file, w.line])).toEqual([
      ['W_CSV_PLURAL_UNKNOWN', 'x.csv', 2],
      ['W_CSV_PLURAL_UNKNOWN', 'x.csv', 3],
    ]);
    expect(c.warnings[0]?.message).toMatch(/"Plural"/);
  });

  it('a duplicate: the last row wins, with W_CSV_DUPLICATE (per table)', () => {
    const c = parseCsv(
      '"a","1"\n"a","2"\n"a","p","plural"\n"b","x","few"\n"b","y","few"\n"b","z","many"',
    );
    expect(c.messages.get('a')).toBe('2');
    expect(c.tornadoPlural.get('a')).toBe('p');
    expect([...(c.categoryForms.get('b') ?? [])]).toEqual([
      ['few', 'y'],
      ['many', 'z'],
    ]);
    expect(c.warnings.map((w) => [w.code, w.line])).toEqual([
      ['W_CSV_DUPLICATE', 2],
      ['W_CSV_DUPLICATE', 5],
    ]);
    expect(c.warnings[0]?.message).toMatch(/also on line 1/);
  });

  it('an empty translation is not stored (Tornado would store "")', () => {
    const c = parseCsv('"a",""\n"b","  "\n"c","","plural"\n"d","","few"\n"e","E"\n"e",""');
    expect(c.messages.size).toBe(0);
    expect(c.tornadoPlural.size).toBe(0);
    expect(c.categoryForms.size).toBe(0);
    expect(c.warnings.map((w) => w.code)).toEqual(['W_CSV_DUPLICATE']);
  });

  it('rows with one cell warn and are skipped; blank lines are silent', () => {
    const c = parseCsv('\n"lonely"\n   \n"a","b"\n', { file: 'y.csv' });
    expect([...c.messages]).toEqual([['a', 'b']]);
    expect(c.warnings).toEqual([
      expect.objectContaining({ code: 'W_CSV_SHORT_ROW', file: 'y.csv', line: 2 }),
    ]);
  });

  it('trims cells as Python str.strip() does', () => {
    expect(pythonStrip('\u001c\u0085 a b \u3000\t')).toBe('a b');
    expect(pythonStrip('\ufeffa')).toBe('\ufeffa'); // not whitespace to Python
    expect(pythonStrip('plain')).toBe('plain');
    const c = parseCsv('  " a " ,\t" b "\t, plural \n"c" , " d "');
    // leading spaces make a cell unquoted: its quotes stay, as in Python
    expect([...c.tornadoPlural]).toEqual([['" a "', '" b "']]);
    expect([...c.messages]).toEqual([['c', '" d "']]);
  });

  it('keeps __proto__, constructor and toString as ordinary messages', () => {
    const c = parseCsv(
      '"__proto__","p"\n"constructor","c"\n"toString","t","singular"\n"hasOwnProperty","h","one"',
    );
    expect(c.messages.get('__proto__')).toBe('p');
    expect(c.messages.get('constructor')).toBe('c');
    expect(c.tornadoSingular.get('toString')).toBe('t');
    expect(c.categoryForms.get('hasOwnProperty')?.get('one')).toBe('h');
    expect(Object.getPrototypeOf(c.messages)).toBe(Map.prototype);
  });

  it('an empty input is an empty catalog', () => {
    for (const input of [
      '',
      new Uint8Array(0),
      new Uint8Array([0xef, 0xbb, 0xbf]),
      new Uint8Array([0xff, 0xfe]),
    ]) {
      const c = parseCsv(input);
      expect(
        c.messages.size + c.tornadoPlural.size + c.tornadoSingular.size + c.categoryForms.size,
      ).toBe(0);
      expect(c.warnings).toEqual([]);
    }
  });
});

describe('parseCsv from files as translators write them', () => {
  it('es_ES.csv: UTF-8, quotes, newlines, whitespace, every kind of row', () => {
    const c = parseCsv(fixture('es_ES.csv'), { file: 'es_ES.csv' });
    expect(c.messages.get('Hello')).toBe('Hola de nuevo');
    expect(c.messages.get('Padded')).toBe('Relleno');
    expect(c.messages.get('Red, green and blue')).toBe('Rojo, verde y azul');
    expect(c.messages.get('He said "hi"')).toBe('Dijo "hola"');
    expect(c.messages.get('Two\nlines')).toBe('Dos\nlíneas');
    expect(c.messages.get('Unquoted cell')).toBe('Celda sin comillas');
    expect(c.messages.has('Not translated yet')).toBe(false);
    expect(c.tornadoPlural.get('%(count)d apples')).toBe('%(count)d manzanas');
    expect(c.tornadoSingular.get('%(count)d apple')).toBe('%(count)d manzana');
    expect(Object.fromEntries(c.categoryForms.get('%(count)d item') ?? [])).toEqual({
      one: '%(count)d artículo',
      other: '%(count)d artículos',
      many: '%(count)d de artículos',
    });
    expect(c.warnings.map((w) => `${w.code}@${w.line}`)).toEqual([
      'W_CSV_DUPLICATE@23',
      'W_CSV_PLURAL_UNKNOWN@24',
      'W_CSV_SHORT_ROW@25',
    ]);
  });

  it('fr_FR.csv: UTF-8 with BOM and CRLF', () => {
    const c = parseCsv(fixture('fr_FR.csv'));
    expect([...c.messages.keys()]).toEqual(['Hello', 'Sign in', 'Multi\nline']);
    expect(c.messages.get('Multi\nline')).toBe('Sur\ndeux lignes');
    expect(c.tornadoSingular.get('%(count)d file')).toBe('%(count)d fichier');
  });

  it('ru_RU.csv: UTF-16 LE with BOM; pl_PL.csv: UTF-16 BE with BOM', () => {
    const ru = parseCsv(fixture('ru_RU.csv'));
    expect(ru.messages.get('Hello')).toBe('Привет');
    expect(Object.fromEntries(ru.categoryForms.get('%(count)d file') ?? [])).toEqual({
      one: '%(count)d файл',
      few: '%(count)d файла',
      many: '%(count)d файлов',
      other: '%(count)d файла',
    });
    const pl = parseCsv(fixture('pl_PL.csv'));
    expect(pl.messages.get('Zażółć gęślą jaźń')).toBe('Zażółć gęślą jaźń 🦊');
    expect(pl.categoryForms.get('%(count)d file')?.get('few')).toBe('%(count)d pliki');
  });

  it('de_DE.csv: an empty file is an empty catalog', () => {
    const c = parseCsv(fixture('de_DE.csv'));
    expect(c.messages.size).toBe(0);
    expect(c.warnings).toEqual([]);
  });

  it('broken/unterminated.csv: E_CSV_QUOTE on line 3', () => {
    const e = thrown(() =>
      parseCsv(fixture('broken/unterminated.csv'), { file: 'unterminated.csv' }),
    );
    expect([e.code, e.file, e.line]).toEqual(['E_CSV_QUOTE', 'unterminated.csv', 3]);
  });

  it('broken/latin1.csv: E_CSV_ENCODING naming the byte offset and line', () => {
    const e = thrown(() => parseCsv(fixture('broken/latin1.csv'), { file: 'latin1.csv' }));
    expect([e.code, e.file, e.line]).toEqual(['E_CSV_ENCODING', 'latin1.csv', 1]);
    expect(e.message).toMatch(/bad byte 0xe1 at byte offset 11/);
    expect(e.hint).toMatch(/UTF-8/);
    const late = thrown(() =>
      parseCsv(new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0x63, 0x2c, 0xc3, 0x28])),
    );
    expect([late.line, late.message]).toEqual([2, expect.stringMatching(/byte offset 6/)]);
  });

  it('broken/utf16-lone-surrogate.csv: E_CSV_ENCODING', () => {
    const e = thrown(() => parseCsv(fixture('broken/utf16-lone-surrogate.csv')));
    expect(e.code).toBe('E_CSV_ENCODING');
    expect(e.message).toMatch(/UTF-16LE: bad byte 0x00 at byte offset 12/);
    expect(thrown(() => parseCsv(new Uint8Array([0xfe, 0xff, 0x00, 0x41, 0x00]))).code).toBe(
      'E_CSV_ENCODING',
    );
  });
});

describe.skipIf(!HAS_TORNADO)('parseCsv against tornado.locale.load_translations', () => {
  // Tornado remembers the first file's encoding for the rest of the directory, so each file
  // gets a directory of its own.
  for (const code of ['es_ES', 'fr_FR', 'ru_RU', 'pl_PL', 'de_DE']) {
    it(`${code}.csv`, () => {
      const dir = join(OUT, 'tornado', code);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      copyFileSync(join(FIXTURES, `${code}.csv`), join(dir, `${code}.csv`));
      const tornado =
        (python(['tornado', dir]) as Record<string, Record<string, Record<string, string>>>)[
          code
        ] ?? {};
      const nonEmpty = (table: Record<string, string> | undefined) =>
        Object.fromEntries(Object.entries(table ?? {}).filter(([, v]) => v !== ''));
      const c = parseCsv(fixture(`${code}.csv`));
      expect(Object.fromEntries(c.messages)).toEqual(nonEmpty(tornado.unknown));
      expect(Object.fromEntries(c.tornadoPlural)).toEqual(nonEmpty(tornado.plural));
      expect(Object.fromEntries(c.tornadoSingular)).toEqual(nonEmpty(tornado.singular));
    });
  }
});

describe('parseCsv: any bytes give a Catalog or a LocaleKitError', () => {
  it('property', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc
            .array(
              fc.constantFrom(
                '"',
                ',',
                '\n',
                '\r\n',
                'a',
                ' ',
                'plural',
                'few',
                'singular',
                '__proto__',
              ),
              {
                maxLength: 50,
              },
            )
            .map((p) => p.join('')),
        ),
        (input) => {
          try {
            const c = parseCsv(input);
            return c.format === 'csv' && c.messages instanceof Map;
          } catch (e) {
            return (
              e instanceof LocaleKitError && ['E_CSV_QUOTE', 'E_CSV_ENCODING'].includes(e.code)
            );
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

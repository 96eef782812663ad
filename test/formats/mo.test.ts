import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocaleKitError } from '../../src/errors.js';
import { parseMo } from '../../src/formats/mo.js';
import { DEFAULT_PLURAL_RULE } from '../../src/formats/plural-forms.js';
import { parsePo } from '../../src/formats/po.js';
import { thrown } from '../helpers/errors.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/po');
/** Scratch files: a fresh directory in the OS temp dir, removed after the file's tests. */
const OUT = mkdtempSync(join(tmpdir(), 'localekit-mo-'));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));
const ORACLE = join(ROOT, 'scripts/gettext-oracle.py');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/**
 * A minimal MO writer for hostile inputs: entries as [msgid, msgstr] byte strings (latin1),
 * written in the order given; `patch` edits the 32-bit words of the header afterwards.
 */
function buildMo(
  entries: [string, string][],
  opts: { little?: boolean; revision?: number; patch?: Record<number, number> } = {},
): Uint8Array {
  const little = opts.little ?? true;
  const n = entries.length;
  const headerSize = 28;
  const origTable = headerSize;
  const transTable = origTable + n * 8;
  let dataOffset = transTable + n * 8;
  const strings: Buffer[] = [];
  const table = (which: 0 | 1) =>
    entries.map((e) => {
      const bytes = Buffer.from(e[which], 'latin1');
      const entry = [bytes.length, dataOffset];
      strings.push(bytes, Buffer.from([0]));
      dataOffset += bytes.length + 1;
      return entry;
    });
  const orig = table(0);
  const trans = table(1);
  const words = [0x950412de, opts.revision ?? 0, n, origTable, transTable, 0, dataOffset];
  for (const [index, value] of Object.entries(opts.patch ?? {})) words[Number(index)] = value;
  const head = Buffer.alloc(headerSize + n * 16);
  const put = (i: number, v: number) =>
    little ? head.writeUInt32LE(v >>> 0, i) : head.writeUInt32BE(v >>> 0, i);
  for (const [i, w] of words.entries()) put(i * 4, w);
  [...orig, ...trans].forEach(([len, off], i) => {
    put(headerSize + i * 8, len as number);
    put(headerSize + i * 8 + 4, off as number);
  });
  return new Uint8Array(Buffer.concat([head, ...strings]));
}

const UTF8_HEADER =
  'Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=3; plural=n%3;\n';

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
});

describe('parseMo on msgfmt output', () => {
  it('reads little- and big-endian files alike, and as parsePo reads the source', () => {
    const po = join(FIXTURES, 'ar.po');
    execFileSync('msgfmt', ['--endianness=little', '-o', join(OUT, 'ar-le.mo'), po]);
    execFileSync('msgfmt', ['--endianness=big', '-o', join(OUT, 'ar-be.mo'), po]);
    const le = readFileSync(join(OUT, 'ar-le.mo'));
    const be = readFileSync(join(OUT, 'ar-be.mo'));
    expect([...le.subarray(0, 4)]).toEqual([0xde, 0x12, 0x04, 0x95]);
    expect([...be.subarray(0, 4)]).toEqual([0x95, 0x04, 0x12, 0xde]);
    const a = parseMo(le, { file: 'ar-le.mo' });
    const b = parseMo(be);
    const source = parsePo(readFileSync(po));
    for (const c of [a, b]) {
      expect(c.format).toBe('mo');
      expect(c.messages).toEqual(source.messages);
      expect(c.pluralForms).toEqual(source.pluralForms);
      expect(c.pluralIds).toEqual(source.pluralIds);
      expect(c.pluralRule.nplurals).toBe(6);
      expect(c.headers.get('Language')).toBe('ar');
    }
    expect(a.file).toBe('ar-le.mo');
    expect(a.messages.get('menu\u0004Open')).toBe('فتح (ملف)');
    expect(a.pluralForms.get('cart\u0004%d item in your cart')?.[5]).toBe('%d منتج');
    expect(a.pluralIds.get('%d file')).toBe('%d files');
  });

  it('revision 1 (system-dependent strings): reads the static table, as Python does', () => {
    const po = join(OUT, 'sysdep.po');
    writeFileSync(
      po,
      'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n#, c-format\nmsgid "%<PRIu64> files"\nmsgstr "%<PRIu64> Dateien"\n\nmsgid "plain"\nmsgstr "einfach"\n',
    );
    execFileSync('msgfmt', ['-o', join(OUT, 'sysdep.mo'), po]);
    const bytes = readFileSync(join(OUT, 'sysdep.mo'));
    expect(bytes.readUInt32LE(4)).toBe(1);
    const python = JSON.parse(
      execFileSync(PYTHON, [ORACLE, 'mo', join(OUT, 'sysdep.mo')]).toString(),
    );
    const c = parseMo(bytes);
    expect(Object.fromEntries(c.messages)).toEqual(python[join(OUT, 'sysdep.mo')].messages);
    expect([...c.messages]).toEqual([['plain', 'einfach']]);
  });
});

describe('parseMo on hand-made files', () => {
  it('contexts, plurals, empty translations, duplicates', () => {
    const c = parseMo(
      buildMo([
        ['', UTF8_HEADER],
        ['ctx\u0004key', 'with context'],
        ['one\u0000many', 'f0\u0000f1\u0000f2'],
        ['empty', ''],
        ['emptyfirst\u0000s', '\u0000x'],
        ['__proto__', 'proto'],
        ['dup', 'first'],
        ['dup', 'second'],
      ]),
      { file: 'h.mo' },
    );
    expect([...c.messages]).toEqual([
      ['ctx\u0004key', 'with context'],
      ['__proto__', 'proto'],
      ['dup', 'second'],
    ]);
    expect([...c.pluralForms]).toEqual([['one', ['f0', 'f1', 'f2']]]);
    expect([...c.pluralIds]).toEqual([['one', 'many']]);
    expect([0, 1, 2, 3].map(c.pluralRule.index)).toEqual([0, 1, 2, 0]);
    expect(c.warnings).toEqual([expect.objectContaining({ code: 'W_MO_DUPLICATE', file: 'h.mo' })]);
  });

  it('decodes every string with the header charset', () => {
    const koi8 = buildMo([
      ['', 'Content-Type: text/plain; charset=KOI8-R\n'],
      ['Hello', '\xf0\xd2\xc9\xd7\xc5\xd4'],
    ]);
    expect(parseMo(koi8).messages.get('Hello')).toBe('Привет');
    const latin1 = buildMo([
      ['', 'Content-Type: text/plain; charset=iso-8859-1\n'],
      ['\xe9', '\x80\xff'],
    ]);
    expect(parseMo(latin1).messages.get('é')).toBe('\u0080ÿ');
  });

  it('no header: UTF-8, the default rule, and no warning unless there are plural entries', () => {
    const plain = parseMo(buildMo([['a', '\xc3\xa9']]));
    expect(plain.messages.get('a')).toBe('é');
    expect(plain.pluralRule).toBe(DEFAULT_PLURAL_RULE);
    expect(plain.warnings).toEqual([]);
    const plural = parseMo(buildMo([['a\u0000b', 'x\u0000y']]));
    expect(plural.warnings.map((w) => w.code)).toEqual(['W_PLURAL_FORMS_MISSING']);
  });

  it('an empty catalog (no entries) is valid', () => {
    const c = parseMo(buildMo([]));
    expect(c.messages.size + c.pluralForms.size).toBe(0);
  });
});

describe('hostile MO files', () => {
  const valid = () =>
    buildMo([
      ['', UTF8_HEADER],
      ['a', 'b'],
      ['c\u0000d', 'e\u0000f'],
    ]);

  it.each([
    ['not an MO file', new TextEncoder().encode('msgid "a"\nmsgstr "b"\n'), 'E_MO_MAGIC'],
    ['three bytes', new Uint8Array([0xde, 0x12, 0x04]), 'E_MO_TRUNCATED'],
    ['magic only', new Uint8Array([0xde, 0x12, 0x04, 0x95]), 'E_MO_TRUNCATED'],
    ['major revision 2', buildMo([['a', 'b']], { revision: 0x20000 }), 'E_MO_VERSION'],
    ['N = 2^31', buildMo([['a', 'b']], { patch: { 2: 2 ** 31 } }), 'E_MO_TRUNCATED'],
    ['N = 2^32 - 1', buildMo([['a', 'b']], { patch: { 2: 2 ** 32 - 1 } }), 'E_MO_TRUNCATED'],
    ['tables past the end', buildMo([['a', 'b']], { patch: { 3: 0xfffffff0 } }), 'E_MO_TRUNCATED'],
    [
      'translations table past the end',
      buildMo([['a', 'b']], { patch: { 4: 0x7fffffff } }),
      'E_MO_TRUNCATED',
    ],
    [
      'unknown charset',
      buildMo([['', 'Content-Type: text/plain; charset=X-NOPE\n']]),
      'E_MO_CHARSET',
    ],
    [
      'bytes invalid in the charset',
      buildMo([
        ['', UTF8_HEADER],
        ['a', '\xff\xfe'],
      ]),
      'E_MO_ENCODING',
    ],
  ])('%s: %s', (_name, bytes, code) => {
    const e = thrown(() => parseMo(bytes, { file: 'bad.mo' }));
    expect(e.code).toBe(code);
    expect(e.file).toBe('bad.mo');
    expect(e.hint.length).toBeGreaterThan(10);
  });

  it('a string offset or length past the end is E_MO_BOUNDS naming the entry', () => {
    const bytes = valid();
    const lying = Buffer.from(bytes);
    lying.writeUInt32LE(0xffffff00, 28 + 8 + 4); // msgid #1 offset
    const e = thrown(() => parseMo(lying));
    expect([e.code, e.message]).toEqual([
      'E_MO_BOUNDS',
      expect.stringMatching(/msgid #1 \(1 bytes at offset 4294967040\)/),
    ]);
    const longer = Buffer.from(bytes);
    longer.writeUInt32LE(0x7fffffff, 28 + 3 * 8 + 8); // msgstr #1 length
    expect(thrown(() => parseMo(longer)).code).toBe('E_MO_BOUNDS');
  });

  it('every prefix of a real MO file gives a LocaleKitError or a Catalog', () => {
    execFileSync('msgfmt', ['-o', join(OUT, 'ja.mo'), join(FIXTURES, 'ja.po')]);
    const full = readFileSync(join(OUT, 'ja.mo'));
    const codes = new Set<string>();
    let catalogs = 0;
    for (let len = 0; len <= full.length; len++) {
      try {
        parseMo(full.subarray(0, len));
        catalogs++;
      } catch (e) {
        expect(e).toBeInstanceOf(LocaleKitError);
        codes.add((e as LocaleKitError).code);
      }
    }
    expect([...codes].sort()).toEqual(['E_MO_BOUNDS', 'E_MO_TRUNCATED']);
    // Only the whole file (and the one missing its final NUL) is complete.
    expect(catalogs).toBe(2);
  });

  it('property: any bytes, and any corruption of a valid file, give a Catalog or a LocaleKitError', () => {
    const base = valid();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc
            .array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), {
              minLength: 1,
              maxLength: 6,
            })
            .map((edits) => {
              const copy = base.slice();
              for (const [i, v] of edits) copy[i] = v;
              return copy;
            }),
        ),
        (bytes) => {
          try {
            return parseMo(bytes).format === 'mo';
          } catch (e) {
            return e instanceof LocaleKitError && /^E_MO_/.test(e.code);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

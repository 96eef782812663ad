import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/formats/catalog.js';
import { LocaleKitError } from '../../src/errors.js';
import { parseMo } from '../../src/formats/mo.js';
import { DEFAULT_PLURAL_RULE } from '../../src/formats/plural-forms.js';
import { parsePo, parsePoDocument } from '../../src/formats/po.js';
import { thrown } from '../helpers/errors.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/po');
/** Scratch files: a fresh directory in the OS temp dir, removed after the file's tests. */
const OUT = mkdtempSync(join(tmpdir(), 'localekit-po-'));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

function maps(c: Catalog) {
  return {
    messages: Object.fromEntries(c.messages),
    pluralForms: Object.fromEntries(c.pluralForms),
    pluralIds: Object.fromEntries(c.pluralIds),
  };
}

/** Runs msgfmt on `po`; returns its exit status, first reported line and the .mo (if any). */
function msgfmt(name: string, po: string | Uint8Array) {
  const src = join(OUT, `${name}.po`);
  const mo = join(OUT, `${name}.mo`);
  rmSync(mo, { force: true });
  writeFileSync(src, po);
  const r = spawnSync('msgfmt', ['-o', mo, src]);
  const stderr = r.stderr.toString();
  const m = /\.po:(\d+):/.exec(stderr);
  return { status: r.status, line: m ? Number(m[1]) : undefined, stderr, mo };
}

const HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n';

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
});

describe('string escapes, as GNU msgfmt reads them', () => {
  const value = (literal: string) =>
    parsePo(`${HEADER}msgid "k"\nmsgstr ${literal}\n`).messages.get('k');

  it.each([
    ['"\\a\\b\\f\\v\\t\\n\\r\\\\\\""', '\x07\b\f\v\t\n\r\\"'],
    ['"\\101\\60\\0601"', 'A001'], // octal: 1 to 3 digits
    ['"\\1012"', 'A2'],
    ['"\\777"', 'ÿ'], // 0o777 & 0xff = 0xff: a byte, here decoded… see the next test
    ['"\\x41\\x2a"', 'A*'],
    ['"\\x4142"', 'B'], // hex is greedy and keeps the low byte, as GNU does
    ['"\\xc3\\xa9\\303\\251"', 'éé'], // escapes are bytes in the file's charset
    ['"caf\\xc3\\xa9 ok"', 'café ok'],
    ['"a\\0b" "c"', 'ac'], // a NUL ends that literal (C strings)
    ['"\\x00"', undefined],
  ])('%s is %j', (literal, expected) => {
    if (literal === '"\\777"') {
      expect(thrown(() => value(literal)).code).toBe('E_PO_ESCAPE'); // lone 0xff is not UTF-8
      expect(
        parsePo(
          `msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "k"\nmsgstr "\\777"\n`,
        ).messages.get('k'),
      ).toBe(expected);
      return;
    }
    expect(value(literal)).toBe(expected);
  });

  it.each([
    ["\\'", 4],
    ['\\?', 4],
    ['\\u00e9', 4],
    ['\\q', 4],
    ['\\x', 4],
    ['\\xg', 4],
  ])('"%s" is E_PO_ESCAPE at the line msgfmt reports', (sequence, line) => {
    const po = `${HEADER.trimEnd()}\nmsgid "k"\nmsgstr "a${sequence}-"\n`;
    const gnu = msgfmt('escape', po);
    expect(gnu.status).not.toBe(0);
    expect(gnu.stderr).toMatch(/invalid control sequence/);
    const e = thrown(() => parsePo(po, { file: 'e.po' }));
    expect([e.code, e.file, e.line]).toEqual(['E_PO_ESCAPE', 'e.po', line]);
    expect(gnu.line).toBe(line);
    expect(e.hint).toMatch(/\\ooo/);
  });

  it('a \\0 escape warns W_PO_NUL', () => {
    const c = parsePo(`${HEADER}msgid "k"\nmsgstr "a\\0b"\n`, { file: 'n.po' });
    expect(c.messages.get('k')).toBe('a');
    expect(c.warnings).toEqual([
      expect.objectContaining({ code: 'W_PO_NUL', file: 'n.po', line: 5 }),
    ]);
  });
});

describe('tricky.po: parsePo, msgfmt + parseMo and msgunfmt + parsePo agree', () => {
  const source = readFileSync(join(FIXTURES, 'tricky.po'));
  let viaMo: Catalog;
  let viaMsgunfmt: Catalog;
  const direct = parsePo(source, { file: 'tricky.po' });
  beforeAll(() => {
    const gnu = msgfmt('tricky', source);
    expect(gnu.status).toBe(0);
    viaMo = parseMo(readFileSync(gnu.mo), { file: 'tricky.mo' });
    const po = execFileSync('msgunfmt', [gnu.mo], { stdio: ['ignore', 'pipe', 'ignore'] });
    viaMsgunfmt = parsePo(po);
  });

  it('gives the same maps three ways', () => {
    expect(maps(viaMo)).toEqual(maps(direct));
    expect(maps(viaMsgunfmt)).toEqual(maps(direct));
    expect(viaMo.headers).toEqual(direct.headers);
  });

  it('reads every construct', () => {
    const m = direct.messages;
    expect(m.get('escapes')).toBe(
      'bell\x07 bs\b ff\f vt\v tab\t nl\n cr\r bslash\\ quote" octA001 hexA*B utf8éé',
    );
    expect(m.get('keyword alone on its line')).toBe('value on the next line');
    expect(m.get('indented')).toBe('with tabs and spaces');
    expect(m.get('abc')).toBe('one line, three strings');
    expect(m.get('\u0004ctx')).toBe('empty context');
    expect(m.get('ctx')).toBe('no context');
    expect(m.get('x\u0004ctx')).toBe('context x');
    expect(m.get('__proto__')).toBe('proto');
    expect(m.get('constructor')).toBe('ctor');
    expect(m.get('multi-line msgid\nsecond line')).toBe('multi-line msgstr\nsecond line');
    for (const gone of ['fuzzy', 'untranslated', 'obsolete', 'old\u0004obsolete with context']) {
      expect(m.has(gone)).toBe(false);
    }
    expect(direct.pluralForms.get('partial')).toEqual(['first form', '', 'third form']);
    expect(direct.pluralForms.has('first empty')).toBe(false); // msgstr[0] empty: msgfmt drops it
    expect(direct.pluralForms.has('fuzzy plural')).toBe(false);
    expect(direct.pluralForms.get('fewer forms than nplurals')).toEqual(['only one']);
    expect(direct.pluralForms.get('toString')).toEqual(['ts0', 'ts1', 'ts2']);
    expect(direct.pluralIds.get('toString')).toBe('toStrings');
    expect(direct.pluralRule.nplurals).toBe(3);
    expect([1, 2, 3].map(direct.pluralRule.index)).toEqual([0, 1, 2]);
    expect(direct.headers.get('X-Long-Header')).toBe('first part and second part');
    expect(direct.warnings).toEqual([]);
  });

  it('parsePoDocument keeps comments, flags, references, previous and obsolete entries', () => {
    const doc = parsePoDocument(source);
    expect(doc.charset).toBe('UTF-8');
    expect(doc.header?.flags).toEqual(['fuzzy']);
    expect(doc.header?.translatorComments).toEqual([
      'Every construct GNU msgfmt accepts that a simple PO reader might not.',
      'The header is fuzzy: msgfmt still uses it.',
    ]);
    expect([...doc.headers.keys()]).toEqual([
      'Project-Id-Version',
      'Content-Type',
      'Plural-Forms',
      'X-Long-Header',
    ]);
    const escapes = doc.entries[0];
    expect(escapes).toMatchObject({
      msgid: 'escapes',
      extractedComments: ['TRANSLATORS: every C escape msgfmt accepts'],
      references: ['src/a.js:1', 'src/b.js:22'],
      flags: ['c-format', 'no-python-format'],
      line: 12,
      msgidLine: 15,
      obsolete: false,
    });
    expect(escapes?.msgctxt).toBeUndefined();
    const emptyCtx = doc.entries.find((e) => e.msgctxt === '');
    expect(emptyCtx).toMatchObject({
      msgid: 'ctx',
      translatorComments: ['The empty context is a context.'],
    });
    const partial = doc.entries.find((e) => e.msgid === 'partial');
    expect(partial).toMatchObject({ previous: ['msgid "old plural"'], msgidPlural: 'partials' });
    const fuzzy = doc.entries.find((e) => e.msgid === 'fuzzy');
    expect(fuzzy).toMatchObject({
      flags: ['fuzzy'],
      previous: ['msgid "fuzy"'],
      msgstr: ['dropped'],
    });
    const obsolete = doc.entries.filter((e) => e.obsolete);
    expect(obsolete.map((e) => [e.msgctxt, e.msgid, e.msgstr, e.previous])).toEqual([
      [undefined, 'obsolete', ['gone'], []],
      ['old', 'obsolete with context', ['gone too'], ['msgid "older"']],
    ]);
    expect(doc.entries.filter((e) => !e.obsolete)).toHaveLength(17);
  });
});

describe('syntax errors: E_PO_SYNTAX where msgfmt fails, at the line it names', () => {
  it.each([
    ['missing msgstr', 'msgid "a"\n\nmsgid "b"\nmsgstr "x"\n', 1],
    ['missing msgstr at end of file', 'msgid "a"\nmsgstr "x"\n\nmsgid "b"\n', 4],
    ['msgstr[0] without msgid_plural', 'msgid "a"\nmsgstr[0] "x"\n', 2],
    ['plural forms out of order', 'msgid "a"\nmsgid_plural "b"\nmsgstr[1] "x"\nmsgstr[0] "y"\n', 3],
    ['a skipped plural form', 'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[2] "y"\n', 4],
    ['msgstr in a plural entry', 'msgid "a"\nmsgid_plural "b"\nmsgstr "x"\n', 3],
    ['an unterminated string', 'msgid "a\nmsgstr "x"\n', 1],
    ['msgstr without msgid', 'msgstr "x"\n', 1],
    ['an unknown keyword', 'msgid "a"\nmsgstring "x"\n', 2],
    ['a string without keyword', '"x"\nmsgid "a"\nmsgstr "b"\n', 1],
    ['junk after a string', 'msgid "a" x\nmsgstr "b"\n', 1],
  ])('%s', (_name, po, line) => {
    const gnu = msgfmt('syntax', po);
    expect(gnu.status).not.toBe(0);
    const e = thrown(() => parsePo(po, { file: 's.po' }));
    expect([e.code, e.file, e.line]).toEqual(['E_PO_SYNTAX', 's.po', line]);
    expect(e.hint.length).toBeGreaterThan(10);
  });

  it('gettext-parser-style leniencies we keep: a BOM warns, a domain line is ignored', () => {
    const c = parsePo('\ufeffdomain "x"\nmsgid "a"\nmsgstr "b"\n', { file: 'b.po' });
    expect(c.messages.get('a')).toBe('b');
    expect(c.warnings.map((w) => w.code)).toEqual(['W_PO_BOM']);
  });
});

describe('catalog rules', () => {
  it('a duplicate message warns W_PO_DUPLICATE and the last one wins (msgfmt refuses the file)', () => {
    const po = `${HEADER}msgid "a"\nmsgstr "1"\n\nmsgctxt "c"\nmsgid "a"\nmsgstr "ctx"\n\nmsgid "a"\nmsgstr "2"\n`;
    expect(msgfmt('dup', po).stderr).toMatch(/duplicate message definition/);
    const c = parsePo(po, { file: 'd.po' });
    expect(c.messages.get('a')).toBe('2');
    expect(c.messages.get('c\u0004a')).toBe('ctx');
    expect(c.warnings).toEqual([
      expect.objectContaining({ code: 'W_PO_DUPLICATE', file: 'd.po', line: 11 }),
    ]);
    expect(c.warnings[0]?.message).toMatch(/first on line 4/);
  });

  it('empty and comment-only files are empty catalogs with the default rule', () => {
    for (const input of ['', '\n\n', '# just a comment\n#, fuzzy\n', new Uint8Array(0)]) {
      const c = parsePo(input);
      expect(c.messages.size + c.pluralForms.size).toBe(0);
      expect(c.headers.size).toBe(0);
      expect(c.pluralRule).toBe(DEFAULT_PLURAL_RULE);
      expect(c.warnings).toEqual([]);
    }
  });

  it('plural entries without Plural-Forms warn W_PLURAL_FORMS_MISSING (as msgfmt does)', () => {
    const c = parsePo(`${HEADER}msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n`, {
      file: 'p.po',
    });
    expect(c.pluralRule).toBe(DEFAULT_PLURAL_RULE);
    expect(c.warnings.map((w) => w.code)).toEqual(['W_PLURAL_FORMS_MISSING']);
    const hostile = parsePo(
      'msgid ""\nmsgstr "Plural-Forms: nplurals=1000; plural=n;\\n"\n\nmsgid "a"\nmsgstr "b"\n',
    );
    expect(hostile.pluralRule).toBe(DEFAULT_PLURAL_RULE);
    expect(hostile.warnings.map((w) => w.code)).toEqual(['W_PLURAL_FORMS_INVALID']);
  });

  it('CRLF files read like LF files', () => {
    const lf = readFileSync(join(FIXTURES, 'ru.po'), 'utf8');
    const crlf = parsePo(lf.replace(/\n/g, '\r\n'));
    expect(maps(crlf)).toEqual(maps(parsePo(lf)));
    expect(crlf.headers.get('Language')).toBe('ru');
  });
});

describe('charsets', () => {
  it('decodes the bytes with the charset the header declares', () => {
    const latin1 = Buffer.from(
      'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "Gr\xfc\xdfe"\nmsgstr "\xa4\xb5\x80"\n',
      'latin1',
    );
    const doc = parsePoDocument(latin1);
    expect(doc.charset).toBe('ISO-8859-1');
    // ISO-8859-1 proper, not windows-1252: 0x80 is U+0080, as Python decodes it
    expect(parsePo(latin1).messages.get('Grüße')).toBe('¤µ\u0080');
  });

  it('CHARSET (the POT placeholder) and no header mean UTF-8', () => {
    const pot =
      'msgid ""\nmsgstr "Content-Type: text/plain; charset=CHARSET\\n"\n\nmsgid "é"\nmsgstr "ü"\n';
    expect(parsePo(Buffer.from(pot)).messages.get('é')).toBe('ü');
    expect(parsePo(Buffer.from('msgid "é"\nmsgstr "ü"\n')).messages.get('é')).toBe('ü');
  });

  it('an unknown charset is E_PO_CHARSET naming it', () => {
    const e = thrown(() =>
      parsePo(Buffer.from('msgid ""\nmsgstr "Content-Type: text/plain; charset=KLINGON-8\\n"\n'), {
        file: 'k.po',
      }),
    );
    expect([e.code, e.file]).toEqual(['E_PO_CHARSET', 'k.po']);
    expect(e.message).toMatch(/KLINGON-8/);
  });

  it('bytes invalid in the charset are E_PO_ENCODING with the line', () => {
    const bad = Buffer.concat([
      Buffer.from(`${HEADER}msgid "a"\nmsgstr "`),
      Buffer.from([0xe9]),
      Buffer.from('"\n'),
    ]);
    const e = thrown(() => parsePo(bad, { file: 'u.po' }));
    expect([e.code, e.file, e.line]).toEqual(['E_PO_ENCODING', 'u.po', 5]);
    expect(e.message).toMatch(/byte offset 79/);
  });

  it('a charset declared after the first 64 KiB is still honoured', () => {
    const padding = `# ${'x'.repeat(100)}\n`.repeat(700);
    const po = Buffer.from(
      `${padding}msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "a"\nmsgstr "\xe9"\n`,
      'latin1',
    );
    expect(parsePo(po).messages.get('a')).toBe('é');
  });
});

describe('property: any input gives a Catalog or a LocaleKitError', () => {
  const pieces = [
    'msgid ',
    'msgstr ',
    'msgstr[0] ',
    'msgstr[1] ',
    'msgid_plural ',
    'msgctxt ',
    '"',
    '"a"',
    '\\',
    '\\x',
    '\\n',
    '\n',
    '#~ ',
    '#, fuzzy\n',
    '# c\n',
    ' ',
    'é',
    '\\0',
  ];
  it('holds', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => p.join('')),
          fc.string({ maxLength: 100 }),
        ),
        (input) => {
          try {
            const c = parsePo(input);
            return c.format === 'po' && c.messages instanceof Map;
          } catch (e) {
            return e instanceof LocaleKitError && /^E_PO_/.test(e.code);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

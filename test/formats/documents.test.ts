/**
 * Issue 13: each format reads into a lossless document, and the runtime `Catalog` is built from
 * that same document (one code path: what the CLI reads is what the server serves).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogFromCsvDocument, parseCsv, readCsvDocument } from '../../src/formats/csv.js';
import { catalogFromMoDocument, parseMo, readMoDocument } from '../../src/formats/mo.js';
import { catalogFromPoDocument, parsePo, parsePoDocument } from '../../src/formats/po.js';

const TMP = mkdtempSync(join(tmpdir(), 'localekit-documents-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const PO = [
  '# Translator comment',
  'msgid ""',
  'msgstr ""',
  '"Project-Id-Version: demo 1.0\\n"',
  '"Content-Type: text/plain; charset=UTF-8\\n"',
  '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
  '',
  '#. extracted',
  '#: src/a.js:1 src/b.js:2',
  '#, fuzzy, python-format',
  '#| msgid "Old"',
  'msgctxt "menu"',
  'msgid "Open"',
  'msgstr "Ouvrir"',
  '',
  'msgid "file"',
  'msgid_plural "files"',
  'msgstr[0] "fichier"',
  'msgstr[1] "fichiers"',
  '',
  '#~ msgid "Gone"',
  '#~ msgstr "Parti"',
  '',
].join('\r\n');

describe('PO document', () => {
  const doc = parsePoDocument(PO, { file: 'fr.po' });

  it('keeps the header fields in order, with their lines, BOM and line ending', () => {
    expect([...doc.headers.keys()]).toEqual(['Project-Id-Version', 'Content-Type', 'Plural-Forms']);
    expect(Object.fromEntries(doc.headerLines)).toEqual({
      '': 2,
      'Project-Id-Version': 4,
      'Content-Type': 5,
      'Plural-Forms': 6,
    });
    expect(doc.header?.translatorComments).toEqual(['Translator comment']);
    expect([doc.charset, doc.bom, doc.lineEnding]).toEqual(['UTF-8', false, '\r\n']);
  });

  it('keeps every comment kind, flags, #| previous, references and obsolete entries', () => {
    expect(doc.entries.map((e) => [e.msgctxt, e.msgid, e.obsolete, e.line, e.msgidLine])).toEqual([
      ['menu', 'Open', false, 8, 13],
      [undefined, 'file', false, 16, 16],
      [undefined, 'Gone', true, 21, 21],
    ]);
    const open = doc.entries[0];
    expect(open?.extractedComments).toEqual(['extracted']);
    expect(open?.references).toEqual(['src/a.js:1', 'src/b.js:2']);
    expect(open?.flags).toEqual(['fuzzy', 'python-format']);
    expect(open?.previous).toEqual(['msgid "Old"']);
    expect(doc.entries[1]?.msgstr).toEqual(['fichier', 'fichiers']);
  });

  it('the runtime catalog is the document through catalogFromPoDocument', () => {
    const built = catalogFromPoDocument(doc, { file: 'fr.po' });
    const parsed = parsePo(PO, { file: 'fr.po' });
    for (const c of [built, parsed]) {
      expect(Object.fromEntries(c.messages)).toEqual({}); // "Open" is fuzzy, "Gone" obsolete
      expect(Object.fromEntries(c.pluralForms)).toEqual({ file: ['fichier', 'fichiers'] });
      expect(c.pluralRule.nplurals).toBe(2);
    }
  });
});

describe('CSV document', () => {
  it('keeps every column of every row with its line, and the UTF-16 BOM and CRLF it came in', () => {
    const text =
      '"Hello","Bonjour","","note for translators","x"\r\n"a","b"\r\n\r\n"c,d","e\r\nf",unknown\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const doc = readCsvDocument(bytes, { file: 'fr.csv' });
    expect([doc.encoding, doc.bom, doc.lineEnding]).toEqual(['UTF-16LE', true, '\r\n']);
    expect(doc.rows.map((r) => [r.line, r.cells])).toEqual([
      [1, ['Hello', 'Bonjour', '', 'note for translators', 'x']],
      [2, ['a', 'b']],
      [3, []],
      [4, ['c,d', 'e\nf', 'unknown']],
    ]);
    const built = catalogFromCsvDocument(doc, { file: 'fr.csv' });
    expect(Object.fromEntries(built.messages)).toEqual({ Hello: 'Bonjour', a: 'b', 'c,d': 'e\nf' });
    expect(Object.fromEntries(parseCsv(bytes, { file: 'fr.csv' }).messages)).toEqual(
      Object.fromEntries(built.messages),
    );
  });

  it('UTF-8 without BOM, bare CR line endings', () => {
    const doc = readCsvDocument(Buffer.from('"a","b"\r"c","d"\r'));
    expect([doc.encoding, doc.bom, doc.lineEnding]).toEqual(['UTF-8', false, '\r']);
    expect(doc.rows.map((r) => r.line)).toEqual([1, 2]);
  });
});

describe('MO document', () => {
  it('reads msgfmt output: byte order, charset, header and every entry with contexts and plurals', () => {
    const po = join(TMP, 'ru.po');
    const mo = join(TMP, 'ru.mo');
    writeFileSync(
      po,
      'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=KOI8-R\\n"\n"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n' +
        'msgctxt "menu"\nmsgid "Open"\nmsgstr "\xcf\xd4\xcb\xd2\xd9\xd4\xd8"\n\nmsgid "file"\nmsgid_plural "files"\nmsgstr[0] "\xc6\xc1\xca\xcc"\nmsgstr[1] "\xc6\xc1\xca\xcc\xc1"\nmsgstr[2] "\xc6\xc1\xca\xcc\xcf\xd7"\n',
      'latin1',
    );
    execFileSync('msgfmt', ['-o', mo, po]);
    const bytes = readFileSync(mo);
    const doc = readMoDocument(bytes, { file: 'ru.mo' });
    expect([doc.littleEndian, doc.revision, doc.charset]).toEqual([true, 0, 'KOI8-R']);
    expect(doc.headers.get('Content-Type')).toBe('text/plain; charset=KOI8-R');
    expect(doc.entries.map((e) => [e.msgctxt, e.msgid, e.msgidPlural, e.msgstr])).toEqual([
      [undefined, 'file', 'files', ['файл', 'файла', 'файлов']],
      ['menu', 'Open', undefined, ['открыть']],
    ]);
    const built = catalogFromMoDocument(doc, { file: 'ru.mo' });
    const parsed = parseMo(bytes, { file: 'ru.mo' });
    expect(Object.fromEntries(built.messages)).toEqual({ 'menu\u0004Open': 'открыть' });
    expect(Object.fromEntries(parsed.messages)).toEqual(Object.fromEntries(built.messages));
    expect(parsed.pluralRule.index(5)).toBe(2);
  });
});

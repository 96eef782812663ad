import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePoDocument, isSystemDependent } from '../src/compile.js';
import { serializePo } from 'localekit/formats';
import { csvToPo, poToCsv } from '../src/convert.js';
import { memoryIo } from '../src/io.js';
import { compileMo, gettextHash } from 'localekit/formats';
import { run } from '../src/program.js';
import { parseCsv, readCsvRows } from 'localekit/formats';
import { parseMo } from 'localekit/formats';
import { parsePo, parsePoDocument } from 'localekit/formats';

const WORK = mkdtempSync(path.join(tmpdir(), 'localekit-cli-compile-'));

/** Real Debian catalogs: contexts (glib20), 3- and 4-form plurals (ru, pl), CJK, Arabic. */
const DEBIAN = [
  'fr/LC_MESSAGES/glib20.mo',
  'ru/LC_MESSAGES/diffutils.mo',
  'pl/LC_MESSAGES/sed.mo',
  'ja/LC_MESSAGES/grep.mo',
  'ar/LC_MESSAGES/gdk-pixbuf.mo',
  'de/LC_MESSAGES/findutils.mo',
].filter((p) => existsSync(`/usr/share/locale/${p}`));

const msgunfmt = (file: string) => execFileSync('msgunfmt', [file], { encoding: 'utf8' });

/** Python's gettext.GNUTranslations(...)._catalog, printed deterministically. */
function pythonCatalog(file: string): string {
  const script = [
    'import gettext, sys',
    'with open(sys.argv[1], "rb") as f: t = gettext.GNUTranslations(f)',
    'print(repr(sorted(t._catalog.items(), key=repr)))',
    'print(t.plural(0), t.plural(1), t.plural(2), t.plural(5), t.plural(22), t.plural(101))',
  ].join('\n');
  return execFileSync('python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

const SEEDED = `# A catalog with every case msgfmt treats specially.
#, fuzzy
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

msgid "Hello"
msgstr "Привет"

msgctxt "menu"
msgid "Open"
msgstr "Открыть"

msgctxt "menu"
msgid "One file"
msgid_plural "{count} files"
msgstr[0] "{count} файл"
msgstr[1] "{count} файла"
msgstr[2] "{count} файлов"

#, fuzzy
msgid "Fuzzy"
msgstr "Нечётко"

msgid "Untranslated"
msgstr ""

msgid "Multi\\nline \\"quoted\\"\\ttab"
msgstr "Много\\nстрок"

#~ msgid "Old"
#~ msgstr "Старое"
`;

beforeAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
});

describe('compile: MO files as msgfmt writes them', () => {
  it('is byte-for-byte msgfmt output on a seeded catalog (fuzzy, contexts, plurals, obsolete)', () => {
    const po = path.join(WORK, 'seeded.po');
    writeFileSync(po, SEEDED);
    execFileSync('msgfmt', ['-o', path.join(WORK, 'seeded.gnu.mo'), po]);
    const ours = compilePoDocument(parsePoDocument(SEEDED, { file: 'seeded.po' }), 'seeded.po');
    expect(Buffer.from(ours).equals(readFileSync(path.join(WORK, 'seeded.gnu.mo')))).toBe(true);
    const catalog = parseMo(ours);
    expect(catalog.messages.get('Fuzzy')).toBeUndefined();
    expect(catalog.messages.get('menu\u0004Open')).toBe('Открыть');
    expect(catalog.pluralForms.get('menu\u0004One file')).toEqual([
      '{count} файл',
      '{count} файла',
      '{count} файлов',
    ]);
    expect(catalog.headers.get('Plural-Forms')).toMatch(/^nplurals=3;/);
  });

  it('hashes as GNU hash_string', () => {
    // Values from GNU's hashpjw on these strings (computed by hand from hash-string.c).
    expect(gettextHash(new TextEncoder().encode(''))).toBe(0);
    expect(gettextHash(new TextEncoder().encode('a'))).toBe(97);
    expect(gettextHash(new TextEncoder().encode('ab'))).toBe(97 * 16 + 98);
  });

  it('encodes ISO-8859-1 catalogs in their charset, and refuses charsets it cannot write', () => {
    const latin =
      'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "Summer"\nmsgstr "Été"\n';
    const bytes = Buffer.from(latin, 'latin1');
    const po = path.join(WORK, 'latin1.po');
    writeFileSync(po, bytes);
    execFileSync('msgfmt', ['-o', path.join(WORK, 'latin1.gnu.mo'), po]);
    const ours = compilePoDocument(parsePoDocument(bytes), 'latin1.po');
    expect(Buffer.from(ours).equals(readFileSync(path.join(WORK, 'latin1.gnu.mo')))).toBe(true);
    expect(() =>
      compileMo('Content-Type: text/plain; charset=KOI8-R\n', [{ msgid: 'a', msgstr: ['б'] }]),
    ).toThrow(expect.objectContaining({ code: 'E_CHARSET' }));
  });

  it.each(DEBIAN)(
    'round-trips /usr/share/locale/%s like msgfmt (msgunfmt and Python gettext)',
    (rel) => {
      expect(DEBIAN.length).toBeGreaterThanOrEqual(3);
      const name = rel.replace(/\//g, '_').replace(/\.mo$/, '');
      const po = path.join(WORK, `${name}.po`);
      execFileSync('msgunfmt', ['-o', po, `/usr/share/locale/${rel}`]);
      // msgfmt writes system-dependent C messages (%<PRIuMAX>, %Id) to a revision-1 section that
      // localekit does not write (documented): compare on the rest.
      const doc = parsePoDocument(readFileSync(po), { file: po });
      writeFileSync(
        po,
        serializePo({
          header: doc.header,
          entries: doc.entries.filter((e) => !isSystemDependent(e)),
        }),
      );
      const gnu = path.join(WORK, `${name}.gnu.mo`);
      execFileSync('msgfmt', ['-o', gnu, po]);
      const mine = path.join(WORK, `${name}.mine.mo`);
      writeFileSync(mine, compilePoDocument(parsePoDocument(readFileSync(po), { file: po }), po));
      expect(msgunfmt(mine)).toBe(msgunfmt(gnu));
      expect(pythonCatalog(mine)).toBe(pythonCatalog(gnu));
      expect(readFileSync(mine).equals(readFileSync(gnu))).toBe(true);
    },
  );

  it('the compile command writes <code>/LC_MESSAGES/<domain>.mo and <code>.mo', async () => {
    const dir = path.join(WORK, 'locales');
    mkdirSync(path.join(dir, 'ru_RU', 'LC_MESSAGES'), { recursive: true });
    writeFileSync(path.join(dir, 'ru_RU', 'LC_MESSAGES', 'messages.po'), SEEDED);
    writeFileSync(path.join(dir, 'ru_RU', 'LC_MESSAGES', 'admin.po'), SEEDED);
    writeFileSync(path.join(dir, 'uk.po'), SEEDED);
    const io = memoryIo(WORK);
    expect(await run(['compile', 'locales'], io)).toBe(0);
    for (const mo of ['ru_RU/LC_MESSAGES/messages.mo', 'ru_RU/LC_MESSAGES/admin.mo', 'uk.mo']) {
      expect(parseMo(readFileSync(path.join(dir, mo))).messages.get('Hello')).toBe('Привет');
    }
    expect(io.stderr).toContain('locales/uk.mo: compiled');
  });
});

describe('convert: CSV <-> PO', () => {
  const RU_CSV = [
    '"Hello","Привет"',
    '"One apple","{count} яблоко","singular"',
    '"{count} apples","{count} яблок","plural"',
    '"One apple","{count} яблоко","one"',
    '"One apple","{count} яблока","few"',
    '"One apple","{count} яблок","many"',
    '"Untranslated",""',
    '',
  ].join('\n');

  it('CSV -> PO maps CLDR categories to the locale Plural-Forms indexes; PO -> CSV gives the rows back', () => {
    const { text: po } = csvToPo(Buffer.from(RU_CSV), 'ru_RU', 'ru_RU.csv');
    const catalog = parsePo(po);
    expect(catalog.pluralRule.nplurals).toBe(3);
    expect(catalog.pluralForms.get('One apple')).toEqual([
      '{count} яблоко',
      '{count} яблока',
      '{count} яблок',
    ]);
    expect(catalog.pluralIds.get('One apple')).toBe('{count} apples');
    // msgfmt accepts it (a checked compile).
    const file = path.join(WORK, 'ru_RU.po');
    writeFileSync(file, po);
    execFileSync('msgfmt', ['--check', '-o', '/dev/null', file]);
    const { text: csv } = poToCsv(parsePoDocument(po), 'ru_RU', 'ru_RU.po');
    expect(readCsvRows(csv).map((r) => r.cells)).toEqual(
      readCsvRows(RU_CSV)
        .map((r) => r.cells)
        .filter((c) => c.length > 0),
    );
  });

  it('the same count gets the same text from the CSV and from the PO made of it', () => {
    const { text: po } = csvToPo(Buffer.from(RU_CSV), 'ru_RU', 'ru_RU.csv');
    const fromPo = parsePo(po);
    const fromCsv = parseCsv(RU_CSV);
    const rules = new Intl.PluralRules('ru-RU');
    for (const n of [0, 1, 2, 4, 5, 11, 21, 22, 25, 101, 111]) {
      const poText = fromPo.pluralForms.get('One apple')?.[fromPo.pluralRule.index(n)];
      const csvText = fromCsv.categoryForms.get('One apple')?.get(rules.select(n) as 'one');
      expect([n, poText]).toEqual([n, csvText]);
    }
  });

  it('PO -> CSV -> PO keeps every translation; contexts and fuzzy are reported, not guessed', () => {
    const doc = parsePoDocument(SEEDED);
    const { text: csv, lost } = poToCsv(doc, 'ru_RU', 'ru.po');
    expect(lost.map((l) => l.code).sort()).toEqual([
      'W_CONVERT_CONTEXT',
      'W_CONVERT_CONTEXT',
      'W_CONVERT_FUZZY',
    ]);
    const back = parsePo(csvToPo(Buffer.from(csv), 'ru_RU', 'ru.csv').text);
    expect(back.messages.get('Hello')).toBe('Привет');
    expect(back.messages.get('Multi\nline "quoted"\ttab')).toBe('Много\nстрок');
    expect(back.messages.has('Fuzzy')).toBe(false);
  });

  it('fr (n > 1): a Tornado pair only, and back', async () => {
    const po =
      'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nPlural-Forms: nplurals=2; plural=(n > 1);\\n"\n\nmsgid "One apple"\nmsgid_plural "{count} apples"\nmsgstr[0] "{count} pomme"\nmsgstr[1] "{count} pommes"\n';
    writeFileSync(path.join(WORK, 'fr_FR.po'), po);
    const io = memoryIo(WORK);
    expect(await run(['convert', 'fr_FR.po', 'fr_FR.csv'], io)).toBe(0);
    const csv = readFileSync(path.join(WORK, 'fr_FR.csv'), 'utf8');
    expect(csv).toBe(
      '"One apple","{count} pomme","singular"\n"{count} apples","{count} pommes","plural"\n',
    );
    expect(await run(['convert', 'fr_FR.csv', 'fr_FR.back.po', '--locale', 'fr_FR'], io)).toBe(0);
    const back = parsePo(readFileSync(path.join(WORK, 'fr_FR.back.po')));
    expect(back.pluralRule.expression).toBe('(n > 1)');
    expect(back.pluralForms.get('One apple')).toEqual(['{count} pomme', '{count} pommes']);
  });

  it('refuses other extensions with exit status 2', async () => {
    const io = memoryIo(WORK);
    expect(await run(['convert', 'a.txt', 'b.po'], io)).toBe(2);
    expect(io.stderr).toBe(
      'localekit: cannot convert .txt to .po (convert .csv to .po, or .po to .csv)\n',
    );
  });
});

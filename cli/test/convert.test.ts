import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv, parseMo, parsePo, parsePoDocument, readCsvRows } from 'localekit/formats';
import { csvToPo, poToCsv } from '../src/convert.js';
import { memoryIo } from '../src/io.js';
import { run } from '../src/program.js';
import { haveGettext } from './helpers/debian.js';

const WORK = mkdtempSync(path.join(tmpdir(), 'localekit-cli-convert-'));
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

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
      'W_CONVERT_COMMENT',
      'W_CONVERT_CONTEXT',
      'W_CONVERT_CONTEXT',
      'W_CONVERT_FUZZY',
      'W_CONVERT_HEADER',
      'W_CONVERT_OBSOLETE',
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

describe('convert: PO -> CSV names what CSV cannot hold', () => {
  const PO = `# Translator: Jan
msgid ""
msgstr ""
"Language: pl\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

# Keep it short
#. TRANSLATORS: a button
#: app.js:3
#, javascript-format
msgid "Save"
msgstr "Zapisz"

msgid "Usage:\\n"
msgstr "Użycie:\\n"

msgid " padded"
msgstr " wypełniony"

msgid "Name"
msgstr "Nazwa "

#, fuzzy
#| msgid "Old"
msgid "Older"
msgstr "Starszy"

#~ msgid "Gone"
#~ msgstr "Nie ma"
`;

  it('a count per kind with the first line, and what it could hold is written', async () => {
    writeFileSync(path.join(WORK, 'pl.po'), PO);
    const io = memoryIo(WORK);
    expect(await run(['convert', 'pl.po', 'pl.csv'], io)).toBe(0);
    expect(io.stderr).toBe(
      [
        'pl.po:25: warning: fuzzy translation of "Older" written as untranslated',
        'pl.po:2: warning: the header (Language, Content-Type) is not written: CSV has no header',
        'pl.po:1: warning: 2 translator comments not written (the first here)',
        'pl.po:11: warning: 1 extracted (#.) comments not written',
        'pl.po:11: warning: 1 references (#:) not written',
        'pl.po:11: warning: 1 flags (#, c-format…) not written',
        'pl.po:14: warning: 2 messages with leading or trailing whitespace left out: the CSV loader strips every cell, so they would become other messages (the first here)',
        'pl.po:20: warning: 1 translations lose their leading or trailing whitespace (the CSV loader strips every cell)',
        'pl.po:25: warning: 1 previous msgids (#|) not written',
        'pl.po:28: warning: 1 obsolete (#~) entries left out: CSV has no obsolete rows',
        '',
      ].join('\n'),
    );
    expect(readFileSync(path.join(WORK, 'pl.csv'), 'utf8')).toBe(
      '"Save","Zapisz"\n"Name","Nazwa "\n"Older",""\n',
    );
  });
});

describe('convert: CSV -> PO reads rows as the loader does and carries what PO has no place for', () => {
  const CSV = [
    '"Hello","Cześć"',
    '"Hello","Witaj"',
    '"Note","Notatka","","for the docs team"',
    '"Odd","Dziwne","Unknown"',
    '"One apple","{count} jabłko","singular"',
    '"{count} apples","{count} jabłek","plural"',
    '"One apple","{count} jabłko","one"',
    '"One apple","{count} jabłka","few"',
    '"One apple","{count} jabłek","many"',
    '"One apple","{count} jabłka","other"',
    '',
  ].join('\n');

  it('last duplicate wins (reported), extra columns, skipped rows and Polish "other" travel in # csv: comments; msgfmt -c accepts it', async () => {
    writeFileSync(path.join(WORK, 'pl_PL.csv'), CSV);
    const io = memoryIo(WORK);
    expect(await run(['convert', 'pl_PL.csv', 'pl_PL.po'], io)).toBe(0);
    expect(io.stderr).toBe(
      [
        'pl_PL.csv:1: warning: duplicate row "Hello" left out; line 2 wins, as in the loader',
        'pl_PL.csv:10: note: no gettext form of pl_PL takes CLDR category "other"; kept as a "# csv:" comment (msgfmt ignores it; converting back restores the row)',
        'pl_PL.csv:4: note: third column "Unknown" is not one the loader knows (it skips the row); kept as a "# csv:" comment (msgfmt ignores it; converting back restores the row)',
        '',
      ].join('\n'),
    );
    const po = readFileSync(path.join(WORK, 'pl_PL.po'), 'utf8');
    const catalog = parsePo(po);
    expect(catalog.messages.get('Hello')).toBe('Witaj');
    expect(catalog.messages.get('Note')).toBe('Notatka');
    expect(catalog.pluralForms.get('One apple')).toEqual([
      '{count} jabłko',
      '{count} jabłka',
      '{count} jabłek',
    ]);
    expect(po).toContain('# csv: ["Note","Notatka","","for the docs team"]\nmsgid "Note"');
    if (haveGettext) {
      const check = spawnSync('msgfmt', ['-c', '-o', '/dev/null', path.join(WORK, 'pl_PL.po')]);
      expect(check.status).toBe(0);
    }
    // And back: every row but the overridden duplicate, cells as they were.
    // A missing output directory is an I/O error, exit 2.
    expect(await run(['convert', 'pl_PL.po', 'no-such-dir/pl_PL.csv'], memoryIo(WORK))).toBe(2);
    expect(await run(['convert', 'pl_PL.po', 'pl_PL.back.csv'], memoryIo(WORK))).toBe(0);
    const back = readCsvRows(readFileSync(path.join(WORK, 'pl_PL.back.csv'))).map((r) => r.cells);
    const original = readCsvRows(CSV)
      .map((r) => r.cells)
      .filter((c) => c.length > 0)
      .slice(1);
    expect(new Set(back.map((c) => JSON.stringify(c)))).toEqual(
      new Set(original.map((c) => JSON.stringify(c))),
    );
  });

  it('the loader serves the same from the CSV and from the PO made of it', () => {
    const { text } = csvToPo(Buffer.from(CSV), 'pl_PL', 'pl_PL.csv');
    const fromPo = parsePo(text);
    const fromCsv = parseCsv(CSV);
    expect(fromPo.messages.get('Hello')).toBe(fromCsv.messages.get('Hello'));
    const rules = new Intl.PluralRules('pl-PL');
    for (const n of [1, 2, 5, 12, 22, 25, 101]) {
      expect(fromPo.pluralForms.get('One apple')?.[fromPo.pluralRule.index(n)]).toBe(
        fromCsv.categoryForms.get('One apple')?.get(rules.select(n) as 'one'),
      );
    }
  });
});

describe.skipIf(!haveGettext)(
  'convert: round trips on real data lose exactly what stderr named',
  () => {
    const MO = '/usr/share/locale/ru/LC_MESSAGES/apt.mo';

    it('PO -> CSV -> PO (apt ru): every message kept but those named', async () => {
      const po = execFileSync('msgunfmt', [MO]);
      writeFileSync(path.join(WORK, 'ru.po'), po);
      const io = memoryIo(WORK);
      expect(await run(['convert', 'ru.po', 'ru.csv'], io)).toBe(0);
      expect(await run(['convert', 'ru.csv', 'ru.back.po'], memoryIo(WORK))).toBe(0);
      const before = parsePo(po);
      const after = parsePo(readFileSync(path.join(WORK, 'ru.back.po')));
      const lostKeys = [...before.messages.keys(), ...before.pluralForms.keys()].filter(
        (k) => !after.messages.has(k) && !after.pluralForms.has(k),
      );
      const named = /(\d+) messages with leading or trailing whitespace left out/.exec(io.stderr);
      const contexts = io.stderr
        .split('\n')
        .filter((l) => l.includes('cannot be written to CSV')).length;
      expect(lostKeys.length).toBeGreaterThan(0);
      expect(lostKeys.length).toBe(Number(named?.[1] ?? 0) + contexts);
      for (const [k, v] of before.messages)
        if (after.messages.has(k)) expect(after.messages.get(k)).toBe(v);
      for (const [k, v] of before.pluralForms)
        if (after.pluralForms.has(k)) expect(after.pluralForms.get(k)).toEqual(v);
      const mo = parseMo(readFileSync(MO));
      expect(mo.messages.size).toBe(before.messages.size);
    });

    it('CSV -> PO -> CSV: the same rows but the overridden duplicates, which are named', async () => {
      const { text } = poToCsv(parsePoDocument(execFileSync('msgunfmt', [MO])), 'ru', 'ru.po');
      const extra = '"Extra","Доп","","note"\n"Skip me","x","Weird"\n"Дубль","1"\n"Дубль","2"\n';
      writeFileSync(path.join(WORK, 'ru_RU.csv'), text + extra);
      const io = memoryIo(WORK);
      expect(await run(['convert', 'ru_RU.csv', 'ru_RU.po'], io)).toBe(0);
      expect(await run(['convert', 'ru_RU.po', 'ru_RU.back.csv'], memoryIo(WORK))).toBe(0);
      const rows = (t: string | Buffer) => readCsvRows(t).map((r) => JSON.stringify(r.cells));
      const before = rows(text + extra);
      const lastLine = readCsvRows(text + extra).at(-1)?.line ?? 0;
      const after = rows(readFileSync(path.join(WORK, 'ru_RU.back.csv')));
      const missing = before.filter((r) => !after.includes(r));
      const warnings = io.stderr.split('\n').filter((l) => l.includes('warning'));
      expect(missing).toEqual(['["Дубль","1"]']);
      expect(warnings).toEqual([
        `ru_RU.csv:${lastLine - 1}: warning: duplicate row "Дубль" left out; line ${lastLine} wins, as in the loader`,
      ]);
      expect(after.length).toBe(before.length - 1);
    });
  },
);

describe('convert --to-code', () => {
  it('writes the PO in the charset asked for, and names the CSV line of a character it cannot hold', async () => {
    writeFileSync(path.join(WORK, 'cs.csv'), '"Delete","Smazat"\n"Rename","Přejmenovat"\n');
    const io = memoryIo(WORK);
    expect(await run(['convert', 'cs.csv', 'cs.po', '--to-code', 'ISO-8859-2'], io)).toBe(0);
    const bytes = readFileSync(path.join(WORK, 'cs.po'));
    expect(bytes.toString('latin1')).toContain('charset=ISO-8859-2\\n');
    expect(bytes.includes(Buffer.from([0x50, 0xf8, 0x65]))).toBe(true); // "Pře" in ISO-8859-2
    expect(parsePo(bytes).messages.get('Rename')).toBe('Přejmenovat');

    writeFileSync(path.join(WORK, 'cs2.csv'), '"Delete","Smazat"\n"Snow","☃"\n');
    const bad = memoryIo(WORK);
    expect(await run(['convert', 'cs2.csv', 'cs2.po', '--to-code', 'ISO-8859-2'], bad)).toBe(2);
    expect(bad.stderr).toBe(
      'localekit: cs2.csv:2: "☃" (U+2603) cannot be written in ISO-8859-2 (in "Snow"); cs2.po was not written (write it with --to-code UTF-8, or change the text)\n',
    );
    expect(await run(['convert', 'cs.po', 'x.csv', '--to-code', 'UTF-16'], memoryIo(WORK))).toBe(2);
  });
});

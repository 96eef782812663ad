import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogStats } from '../../src/core/stats.js';

const WORK = mkdtempSync(path.join(tmpdir(), 'localekit-stats-'));
const FIXTURES = path.resolve('cli/test/fixtures/check');

beforeAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(path.join(WORK, 'de_DE', 'LC_MESSAGES'), { recursive: true });
  const header = (pf: string) =>
    `msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nPlural-Forms: ${pf}\\n"\n\n`;
  writeFileSync(
    path.join(WORK, 'pl_PL.po'),
    `${header('nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);')}` +
      'msgid "A"\nmsgstr "a"\n\n#, fuzzy\nmsgid "B"\nmsgstr "b"\n\nmsgid "C"\nmsgstr ""\n\n' +
      'msgid "One file"\nmsgid_plural "{count} files"\nmsgstr[0] "plik"\nmsgstr[1] "pliki"\nmsgstr[2] ""\n\n#~ msgid "Old"\n#~ msgstr "stary"\n',
  );
  writeFileSync(path.join(WORK, 'ru_RU.csv'), '"A","а"\n"D","д"\n');
  // A compiled-only catalog (no .po beside it) is counted too.
  const po = path.join(WORK, 'de.po.txt');
  writeFileSync(
    po,
    `${header('nplurals=2; plural=(n != 1);')}msgid "A"\nmsgstr "A-de"\n\nmsgid "B"\nmsgstr "B-de"\n`,
  );
  execFileSync('msgfmt', ['-o', path.join(WORK, 'de_DE', 'LC_MESSAGES', 'messages.mo'), po]);
  writeFileSync(path.join(WORK, 'README.csv'), '"not","a locale"\n');
});

describe('catalogStats', () => {
  it('counts against the union of msgids when there is no template', async () => {
    const stats = await catalogStats(WORK);
    const rel = (f: string) => path.relative(WORK, path.resolve(f));
    expect(stats.map((s) => ({ ...s, file: rel(s.file) }))).toEqual([
      {
        code: 'de_DE',
        file: 'de_DE/LC_MESSAGES/messages.mo',
        format: 'mo',
        total: 5,
        translated: 2,
        fuzzy: 0,
        untranslated: 3,
        missingPluralForms: 0,
        percent: 40,
        missing: ['C', 'One file', 'D'],
      },
      {
        code: 'pl_PL',
        file: 'pl_PL.po',
        format: 'po',
        total: 5,
        translated: 1,
        fuzzy: 1,
        untranslated: 3,
        missingPluralForms: 1,
        percent: 20,
        missing: ['B', 'C', 'One file', 'D'],
      },
      {
        code: 'ru_RU',
        file: 'ru_RU.csv',
        format: 'csv',
        total: 5,
        translated: 2,
        fuzzy: 0,
        untranslated: 3,
        missingPluralForms: 0,
        percent: 40,
        missing: ['B', 'C', 'One file'],
      },
    ]);
  });

  it('counts against a template, and reads <code>/LC_MESSAGES/<domain>.po', async () => {
    const stats = await catalogStats(path.join(FIXTURES, 'clean'), {
      template: path.join(FIXTURES, 'messages.pot'),
    });
    expect(
      stats.map((s) => [s.code, s.format, s.total, s.translated, s.percent, s.missing]),
    ).toEqual([
      ['de_DE', 'po', 4, 4, 100, []],
      ['fr_FR', 'po', 4, 4, 100, []],
      ['ru_RU', 'csv', 4, 3, 75, ['Open']],
    ]);
    expect(await catalogStats(path.join(FIXTURES, 'clean'), { domain: 'other' })).toHaveLength(2);
  });

  it('rejects with a LocaleKitError for a missing directory', async () => {
    await expect(catalogStats(path.join(WORK, 'nope'))).rejects.toMatchObject({ code: 'E_IO' });
  });
});

describe('catalogStats counts what the server serves', () => {
  const header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n';
  const dir = mkdtempSync(path.join(tmpdir(), 'localekit-stats-served-'));

  beforeAll(() => {
    // fr_FR.po has 3 translations, the fr_FR.mo compiled from an older version only 1: the
    // server reads the .mo, so stats must count the .mo.
    writeFileSync(path.join(dir, 'old.po.txt'), `${header}msgid "A"\nmsgstr "a"\n`);
    execFileSync('msgfmt', ['-o', path.join(dir, 'fr_FR.mo'), path.join(dir, 'old.po.txt')]);
    writeFileSync(
      path.join(dir, 'fr_FR.po'),
      `${header}msgid "A"\nmsgstr "a"\n\nmsgid "B"\nmsgstr "b"\n\nmsgid "C"\nmsgstr "c"\n`,
    );
    writeFileSync(path.join(dir, 'de_DE.po'), `${header}msgid "A"\nmsgstr "unterminated\n`);
    writeFileSync(path.join(dir, 'es_ES.csv'), '"A","a-es"\n"B","b-es"\n');
  });

  it('reads the .mo that wins over the .po beside it', async () => {
    const errors: string[] = [];
    const stats = await catalogStats(dir, {
      onError: (file, e) => errors.push(`${file} ${e.code}`),
    });
    expect(stats.map((s) => [s.code, path.basename(s.file), s.translated, s.total])).toEqual([
      ['es_ES', 'es_ES.csv', 2, 2],
      ['fr_FR', 'fr_FR.mo', 1, 2],
    ]);
    // Outside the working directory, paths stay absolute.
    expect(errors).toEqual([`${path.join(dir, 'de_DE.po')} E_PO_SYNTAX`]);
  });

  it('rejects on the broken catalog when no onError is given', async () => {
    await expect(catalogStats(dir)).rejects.toMatchObject({ code: 'E_PO_SYNTAX' });
  });
});

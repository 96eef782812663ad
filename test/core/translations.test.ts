import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LocaleKitError,
  type LocaleKitWarning,
  loadTranslations,
  type Translations,
} from '../../src/index.js';
import { makeDir, msgfmt, poHeader, writeFiles } from '../helpers/tmp.js';

const RU_PLURAL =
  'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);';

const FILES: Record<string, string> = {
  // Tornado CSV as a translator writes it: BOM, quotes, CRLF, plural/singular rows, CLDR rows.
  'es_ES.csv':
    '\uFEFF"Hello","Hola"\r\n' +
    '"Sign out","Cerrar sesión"\r\n' +
    '"%(name)s liked this","A %(name)s le gustó esto","singular"\r\n' +
    '"%(name)s liked this","A %(name)s les gustó esto","plural"\r\n' +
    '"Not yet","" \r\n' +
    '"__proto__","protótipo"\r\n' +
    '"Hi {name}","Hola {name}"\r\n' +
    '"Broken {name}","Roto {name"\r\n',
  'ru_RU.csv':
    '"Hello","Здравствуйте"\n' +
    '"{count} item","{count} товар","one"\n' +
    '"{count} item","{count} товара","few"\n' +
    '"{count} item","{count} товаров","many"\n' +
    '"{count} item","{count} товара","other"\n' +
    '"%(count)d file","%(count)d файл","one"\n' +
    '"%(count)d files","%(count)d файлов","plural"\n',
  'de_DE.csv': '',
  'README.csv': '"Hello","x"\n',
  'en-GB.csv': '"Hello","Hiya"\n',
  'de_de.csv': '"Hello","Hallo"\n',
  'fr_FR/LC_MESSAGES/messages.po':
    poHeader('nplurals=2; plural=(n > 1);', 'UTF-8', 'fr_FR') +
    'msgid "Hello"\nmsgstr "Bonjour"\n\n' +
    'msgctxt "menu"\nmsgid "Open"\nmsgstr "Ouvrir"\n\n' +
    'msgctxt "door"\nmsgid "Open"\nmsgstr "Ouverte"\n\n' +
    'msgid "One apple"\nmsgid_plural "{count} apples"\nmsgstr[0] "{count} pomme"\nmsgstr[1] "{count} pommes"\n\n' +
    '#, fuzzy\nmsgid "Fuzzy one"\nmsgstr "Flou"\n\n' +
    'msgid "Untranslated"\nmsgstr ""\n',
  'es.po':
    poHeader('nplurals=2; plural=(n != 1);') +
    'msgid "Goodbye"\nmsgstr "Adiós"\n\nmsgid "Hello"\nmsgstr "Hola (es)"\n',
  'es_LA.po': poHeader('nplurals=2; plural=(n != 1);') + 'msgid "Hello"\nmsgstr "Hola (LA)"\n',
  'pl_PL.po':
    poHeader(
      'nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);',
    ) +
    'msgid "%(count)d file"\nmsgid_plural "%(count)d files"\nmsgstr[0] "%(count)d plik"\nmsgstr[1] "%(count)d pliki"\nmsgstr[2] "%(count)d plików"\n',
  'ar.po':
    poHeader(
      'nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;',
    ) + 'msgid "Hello"\nmsgstr "مرحبا"\n',
};

let dir: string;
let cleanup: () => void;
let i18n: Translations;
const warnings: LocaleKitWarning[] = [];

beforeAll(async () => {
  ({ dir, cleanup } = makeDir(FILES));
  // A compiled catalog beside its source: the .mo must win.
  writeFiles(dir, {
    'uk_UA/LC_MESSAGES/messages.po': poHeader(RU_PLURAL) + 'msgid "Hello"\nmsgstr "Привіт (po)"\n',
    'uk_UA/LC_MESSAGES/src.po': poHeader(RU_PLURAL) + 'msgid "Hello"\nmsgstr "Привіт (mo)"\n',
  });
  msgfmt(join(dir, 'uk_UA/LC_MESSAGES/src.po'), join(dir, 'uk_UA/LC_MESSAGES/messages.mo'));
  i18n = await loadTranslations(dir, { onWarning: (w) => warnings.push(w) });
});
afterAll(() => cleanup());

describe('loadTranslations', () => {
  it('lists every code with a catalog plus the default, sorted', () => {
    expect(i18n.supportedLocales).toEqual([
      'ar',
      'de_DE',
      'en_US',
      'es',
      'es_ES',
      'es_LA',
      'fr_FR',
      'pl_PL',
      'ru_RU',
      'uk_UA',
    ]);
    expect(i18n.defaultLocale.code).toBe('en_US');
  });

  it('skips files whose names are not locale codes, naming the expected spelling', () => {
    const names = warnings.filter((w) => w.code === 'W_FILE_NAME').map((w) => w.message);
    expect(names).toHaveLength(3);
    expect(names.find((m) => m.includes('"en-GB"'))).toContain('en_GB.csv');
    expect(names.find((m) => m.includes('"de_de"'))).toContain('de_DE.csv');
    expect(names.find((m) => m.includes('"README"'))).toContain('not a locale code');
  });

  it('rejects unknown and invalid options at startup', async () => {
    await expect(loadTranslations(dir, { defualtLocale: 'fr' } as never)).rejects.toMatchObject({
      code: 'E_OPTION',
      message: expect.stringContaining('defualtLocale'),
    });
    await expect(loadTranslations(dir, { defaultLocale: '../x' })).rejects.toBeInstanceOf(
      LocaleKitError,
    );
    await expect(loadTranslations(join(dir, 'nope'))).rejects.toMatchObject({ code: 'E_IO' });
  });
});

describe('Tornado CSV lookups', () => {
  it('translates plain rows and keeps the English text for missing ones', () => {
    const es = i18n.get('es_ES');
    expect(es.translate('Hello')).toBe('Hola');
    expect(es.translate('Sign out')).toBe('Cerrar sesión');
    expect(es.translate('Nothing here')).toBe('Nothing here');
  });

  it('treats an empty cell as not translated yet (deliberately unlike Tornado)', () => {
    expect(i18n.get('es_ES').translate('Not yet')).toBe('Not yet');
  });

  it('uses singular rows for count 1 and plural rows (keyed by the plural) otherwise', () => {
    const es = i18n.get('es_ES');
    expect(es.translate('%(name)s liked this', '%(name)s liked this', 1)).toBe(
      'A %(name)s le gustó esto',
    );
    expect(es.translate('%(name)s liked this', '%(name)s liked this', 2)).toBe(
      'A %(name)s les gustó esto',
    );
    expect(es._('%(name)s liked this', '%(name)s liked this', 3, { name: 'Ana' })).toBe(
      'A Ana les gustó esto',
    );
  });

  it('gives Russian every CLDR form from category rows, then Tornado rows', () => {
    const ru = i18n.get('ru');
    expect(
      [1, 2, 5, 11, 21, 22, 101, 1.5].map((n) => ru._('{count} item', '{count} items', n)),
    ).toEqual([
      '1 товар',
      '2 товара',
      '5 товаров',
      '11 товаров',
      '21 товар',
      '22 товара',
      '101 товар',
      '1.5 товара',
    ]);
    expect(ru._('%(count)d file', '%(count)d files', 1)).toBe('1 файл');
    expect(ru._('%(count)d file', '%(count)d files', 7)).toBe('7 файлов');
  });

  it('treats __proto__ as an ordinary message', () => {
    expect(i18n.get('es_ES').translate('__proto__')).toBe('protótipo');
    expect(i18n.get('es_ES').translate('constructor')).toBe('constructor');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("ignores the context in pgettext, as Tornado's CSVLocale does", () => {
    expect(i18n.get('es_ES').pgettext('menu', 'Hello')).toBe('Hola');
    expect(i18n.get('ru_RU')._('{count} item', '{count} items', 5)).toBe('5 товаров');
  });

  it('gives an empty CSV a supported locale with no messages', () => {
    expect(i18n.get('de_DE').code).toBe('de_DE');
    expect(i18n.get('de_DE').translate('Hello')).toBe('Hello');
  });
});

describe('gettext lookups', () => {
  it('reads contexts, plurals and skips fuzzy and empty entries', () => {
    const fr = i18n.get('fr_FR');
    expect(fr.translate('Hello')).toBe('Bonjour');
    expect(fr.pgettext('menu', 'Open')).toBe('Ouvrir');
    expect(fr.pgettext('door', 'Open')).toBe('Ouverte');
    expect(fr.pgettext('window', 'Open')).toBe('Open');
    expect(fr.translate('Open')).toBe('Open');
    expect(fr.translate('Fuzzy one')).toBe('Fuzzy one');
    expect(fr.translate('Untranslated')).toBe('Untranslated');
    expect([0, 1, 2].map((n) => fr._('One apple', '{count} apples', n))).toEqual([
      '0 pomme',
      '1 pomme',
      '2 pommes',
    ]);
  });

  it('falls back from es_LA to es for what es_LA lacks', () => {
    expect(i18n.get('es_LA').translate('Hello')).toBe('Hola (LA)');
    expect(i18n.get('es_LA').translate('Goodbye')).toBe('Adiós');
    expect(i18n.get('es').translate('Hello')).toBe('Hola (es)');
  });

  it('uses Polish Plural-Forms for every count', () => {
    const pl = i18n.get('pl_PL');
    expect(
      [1, 2, 4, 5, 12, 22, 25, 112, 1001].map((n) => pl._('%(count)d file', '%(count)d files', n)),
    ).toEqual([
      '1 plik',
      '2 pliki',
      '4 pliki',
      '5 plików',
      '12 plików',
      '22 pliki',
      '25 plików',
      '112 plików',
      '1001 plików',
    ]);
  });

  it('prefers the .mo over the .po beside it', () => {
    expect(i18n.get('uk_UA').translate('Hello')).toBe('Привіт (mo)');
  });
});

describe('Locale', () => {
  it('has code, tag, names and direction', () => {
    const ar = i18n.get('ar');
    expect([ar.code, ar.tag, ar.rtl, ar.dir]).toEqual(['ar', 'ar', true, 'rtl']);
    const es = i18n.get('es_ES');
    expect([es.code, es.tag, es.name, es.nameEn, es.dir]).toEqual([
      'es_ES',
      'es-ES',
      'Español (España)',
      'Spanish (Spain)',
      'ltr',
    ]);
  });

  it('has pre-bound methods', () => {
    const { _, translate, pgettext } = i18n.get('fr_FR');
    expect([_('Hello'), translate('Hello'), pgettext('menu', 'Open')]).toEqual([
      'Bonjour',
      'Bonjour',
      'Ouvrir',
    ]);
  });

  it('returns the translation verbatim when there are no values', () => {
    expect(i18n.get('es_ES')._('Hi {name}')).toBe('Hola {name}');
    expect(i18n.get('es_ES')._('Hi {name}', { name: 'Bo' })).toBe('Hola Bo');
  });

  it('falls back to the English text when a translation cannot be filled, and never throws', () => {
    const es = i18n.get('es_ES');
    expect(es._('Broken {name}', { name: 'Bo' })).toBe('Broken Bo');
    expect(es._('Hi {name}', {})).toBe('Hi {name}');
    const hostile = {
      get name(): string {
        throw new Error('boom');
      },
    };
    expect(es._('Hi {name}', hostile)).toBe('Hi {name}');
    expect(es._('%(name)s liked this', '%(name)s liked this', 2, {})).toBe('%(name)s liked this');
  });

  it('treats a missing count as 0', () => {
    expect(i18n.get('fr_FR')._('One apple', '{count} apples', undefined as unknown as number)).toBe(
      '0 pomme',
    );
  });
});

describe('find', () => {
  it.each([
    ['fr_FR', 'fr_FR'],
    ['fr-fr', 'fr_FR'],
    ['FR_fr', 'fr_FR'],
    ['ar', 'ar'],
    ['fr', undefined],
    ['__proto__', undefined],
    ['constructor', undefined],
    ['../../etc/passwd', undefined],
    ['x'.repeat(10_000), undefined],
    [['fr_FR'], undefined],
    [undefined, undefined],
  ])('%j → %s', (input, expected) => {
    expect(i18n.find(input)?.code).toBe(expected);
  });
});

describe('reload', () => {
  it('swaps in new catalogs, and keeps the old ones when the new files are broken', async () => {
    const d = makeDir({ 'fr_FR.csv': '"Hello","Bonjour"\n' });
    try {
      const t = await loadTranslations(d.dir, { onWarning: () => {} });
      writeFileSync(join(d.dir, 'fr_FR.csv'), '"Hello","Salut"\n');
      writeFileSync(join(d.dir, 'de_DE.csv'), '"Hello","Hallo"\n');
      await t.reload();
      expect(t.get('fr').translate('Hello')).toBe('Salut');
      expect(t.supportedLocales).toEqual(['de_DE', 'en_US', 'fr_FR']);

      writeFileSync(join(d.dir, 'fr_FR.csv'), '"Hello","Coucou"\n');
      writeFileSync(join(d.dir, 'de_DE.csv'), '"Hello","Hallo\n');
      await expect(t.reload()).rejects.toMatchObject({
        code: 'E_CSV_QUOTE',
        file: join(d.dir, 'de_DE.csv'),
      });
      expect(t.get('fr').translate('Hello')).toBe('Salut');
      expect(t.get('de').translate('Hello')).toBe('Hallo');

      rmSync(join(d.dir, 'de_DE.csv'));
      await t.reload();
      expect(t.supportedLocales).toEqual(['en_US', 'fr_FR']);
      expect(t.get('fr').translate('Hello')).toBe('Coucou');
    } finally {
      d.cleanup();
    }
  });
});

describe('Python gettext agrees', () => {
  it('answers every lookup as gettext.translation with fallbacks does', () => {
    const base = join(dir, 'py');
    const po = (lang: string, body: string, plural: string) => {
      writeFiles(base, { [`${lang}/LC_MESSAGES/messages.po`]: poHeader(plural) + body });
      msgfmt(
        join(base, `${lang}/LC_MESSAGES/messages.po`),
        join(base, `${lang}/LC_MESSAGES/messages.mo`),
      );
    };
    po(
      'sl',
      'msgid "dog"\nmsgid_plural "dogs"\nmsgstr[0] "pes-0"\nmsgstr[1] "pes-1"\nmsgstr[2] "pes-2"\nmsgstr[3] "pes-3"\n\n' +
        'msgctxt "animal"\nmsgid "cat"\nmsgstr "mačka"\n\nmsgid "only"\nmsgstr "samo"\n',
      'nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);',
    );
    po(
      'sl_SI',
      'msgid "only"\nmsgstr "samo SI"\n',
      'nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);',
    );
    const script = `
import gettext, json, sys
t = gettext.translation('messages', sys.argv[1], languages=['sl_SI'])
out = {'only': t.gettext('only'), 'cat': t.pgettext('animal', 'cat'), 'nocat': t.pgettext('x', 'cat'),
       'dogs': [t.ngettext('dog', 'dogs', n) for n in range(0, 210)], 'missing': [t.ngettext('a', 'b', n) for n in range(3)]}
print(json.dumps(out))`;
    const expected = JSON.parse(
      execFileSync('python3', ['-c', script, base], { encoding: 'utf8' }),
    );
    return loadTranslations(base, { onWarning: () => {} }).then((t) => {
      const sl = t.get('sl_SI');
      expect(sl.translate('only')).toBe(expected.only);
      expect(sl.pgettext('animal', 'cat')).toBe(expected.cat);
      expect(sl.pgettext('x', 'cat')).toBe(expected.nocat);
      expect(Array.from({ length: 210 }, (_, n) => sl.translate('dog', 'dogs', n))).toEqual(
        expected.dogs,
      );
      expect([0, 1, 2].map((n) => sl.translate('a', 'b', n))).toEqual(expected.missing);
    });
  });
});

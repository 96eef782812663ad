/**
 * `Locale` (src/core/locale.ts): `translate`, `pgettext` and `_` over real catalogs (a Tornado CSV
 * with CLDR rows, a gettext PO with a fallback chain), the Python and ICU fills through the
 * compiled-text cache, and the helpers' never-throw contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTranslations, type Locale } from '../../src/index.js';
import { makeDir, poHeader } from '../helpers/tmp.js';

let ru: Locale;
let fr: Locale;
let es: Locale;
let esLA: Locale;
let en: Locale;
let cleanup: () => void;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = makeDir({
    'ru_RU.csv': [
      '"%(name)s liked this","%(name)s понравилось это"',
      '"%(count)d file","%(count)d файл",one',
      '"%(count)d file","%(count)d файла",few',
      '"%(count)d file","%(count)d файлов",many',
      '"%(count)d file","%(count)d файла",other',
      '"{count} item","{count} товар",one',
      '"{count} item","{count} товара",few',
      '"{count} item","{count} товаров",many',
      '"Typed %(n)d","Тип %(n)s"',
      '"Ratio %(r).1f%%","Доля %(r).1f%%"',
      '"Wrong %(name)s","Неверно %(nom)s"',
      '',
    ].join('\n'),
    'fr_FR/LC_MESSAGES/messages.po': [
      poHeader('nplurals=2; plural=(n > 1);'),
      'msgctxt "menu"',
      'msgid "Open"',
      'msgstr "Ouvrir"',
      '',
      'msgctxt "door"',
      'msgid "%(count)d is open"',
      'msgid_plural "%(count)d are open"',
      'msgstr[0] "%(count)d est ouverte"',
      'msgstr[1] "%(count)d sont ouvertes"',
      '',
      'msgid "Hello %(name)s"',
      'msgstr "Bonjour %(name)s"',
      '',
    ].join('\n'),
    'es/LC_MESSAGES/messages.po': [
      poHeader('nplurals=2; plural=(n != 1);'),
      'msgid "Cart"',
      'msgstr "Carrito"',
      '',
    ].join('\n'),
    'es_LA/LC_MESSAGES/messages.po': [
      poHeader('nplurals=2; plural=(n != 1);'),
      'msgid "Hello %(name)s"',
      'msgstr "Hola %(name)s"',
      '',
    ].join('\n'),
  }));
  const i18n = await loadTranslations(dir, { onWarning() {} });
  ru = i18n.get('ru_RU');
  fr = i18n.get('fr_FR');
  es = i18n.get('es');
  esLA = i18n.get('es_LA');
  en = i18n.get('en_US');
});
afterAll(() => cleanup());

describe('Locale#_ with Python-format texts (Tornado messages)', () => {
  it('fills %(name)s and gives Russian every plural form with %(count)d', () => {
    expect(ru._('%(name)s liked this', { name: 'Аня' })).toBe('Аня понравилось это');
    expect([1, 2, 5, 21, 22, 111].map((n) => ru._('%(count)d file', '%(count)d files', n))).toEqual(
      ['1 файл', '2 файла', '5 файлов', '21 файл', '22 файла', '111 файлов'],
    );
  });

  it('fills the same text the same way on every call (compiled once, cached)', () => {
    const values = { name: 'Bo' };
    const first = fr._('Hello %(name)s', values);
    for (let i = 0; i < 1000; i++) expect(fr._('Hello %(name)s', values)).toBe(first);
    expect(first).toBe('Bonjour Bo');
  });

  it('takes count from values when they have one, else the count argument', () => {
    expect(ru._('%(count)d file', '%(count)d files', 2, { count: 5 })).toBe('5 файла');
    expect(ru._('%(count)d file', '%(count)d files', 5, { other: 1 })).toBe('5 файлов');
    expect(ru._('{count} item', '{count} items', 3)).toBe('3 товара');
  });

  it('formats as Python: %(r).1f%% with half-even rounding on the binary value', () => {
    expect(ru._('Ratio %(r).1f%%', { r: 0.25 })).toBe('Доля 0.2%');
    expect(ru._('Ratio %(r).1f%%', { r: 0.35 })).toBe('Доля 0.3%'); // 0.35 is 0.34999… in binary
  });

  it('fills the English text when the translation cannot be filled, else returns it as it is', () => {
    expect(ru._('Wrong %(name)s', { name: 'X' })).toBe('Wrong X');
    expect(ru._('Wrong %(name)s', {})).toBe('Wrong %(name)s');
    expect(ru._('Typed %(n)d', { n: 3 })).toBe('Тип 3');
    expect(ru._('Typed %(n)d', { n: 'x' })).toBe('Тип x'); // the translation's %(n)s takes it
  });

  it('returns the translation verbatim when no values are given (Tornado)', () => {
    expect(fr._('Hello %(name)s')).toBe('Bonjour %(name)s');
    expect(en._('100% sure', { a: 1 })).toBe('100% sure');
  });
});

describe('Locale#translate and #pgettext', () => {
  it('translate picks the form and does not fill', () => {
    expect(ru.translate('%(count)d file', '%(count)d files', 5)).toBe('%(count)d файлов');
    expect(en.translate('%(count)d file', '%(count)d files', 1)).toBe('%(count)d file');
    expect(en.translate('%(count)d file', '%(count)d files', 0)).toBe('%(count)d files');
  });

  it('pgettext reads gettext contexts, with plurals', () => {
    expect(fr.pgettext('menu', 'Open')).toBe('Ouvrir');
    expect(fr.pgettext('file', 'Open')).toBe('Open');
    expect(fr.pgettext('door', '%(count)d is open', '%(count)d are open', 1)).toBe(
      '%(count)d est ouverte',
    );
    expect(fr.pgettext('door', '%(count)d is open', '%(count)d are open', 3)).toBe(
      '%(count)d sont ouvertes',
    );
  });

  it('es_LA falls back to es for what it lacks', () => {
    expect([esLA.translate('Cart'), esLA._('Hello %(name)s', { name: 'Ana' })]).toEqual([
      'Carrito',
      'Hola Ana',
    ]);
    expect(es.translate('Hello %(name)s')).toBe('Hello %(name)s');
  });

  it('reads non-string arguments through a guarded String()', () => {
    const noPrototype = Object.create(null) as Record<string, unknown>;
    expect(en.translate(42 as unknown as string)).toBe('42');
    expect(en.translate(noPrototype as unknown as string)).toBe('[object Object]');
    expect(en._(noPrototype as unknown as string)).toBe('[object Object]');
    expect(fr.pgettext(noPrototype as unknown as string, 'Open')).toBe('Open');
    expect(en.translate('a', 'b', { toString: 1, valueOf: 1 } as unknown as number)).toBe('b');
  });
});

describe('Locale helpers never throw', () => {
  const now = Date.UTC(2024, 2, 15, 14, 37, 25);
  it('formatDate and formatDay give "" for what is not a time', () => {
    expect(en.formatDate(Number.NaN, { now })).toBe('');
    expect(en.formatDay(new Date('nope'))).toBe('');
    expect(en.formatDate(now - 120_000, { now })).toBe('2 minutes ago');
  });

  it('list reads items through String() and anything but an array as an empty list', () => {
    expect(en.list(['A', 2 as unknown as string, Object.create(null) as string])).toBe(
      'A, 2 and [object Object]',
    );
    expect(en.list('abc' as unknown as string[])).toBe('');
  });

  it('friendlyNumber keeps every digit of a BigInt', () => {
    expect(en.friendlyNumber(12345678901234567890n as unknown as number)).toBe(
      '12,345,678,901,234,567,890',
    );
    expect(en.friendlyNumber('1234' as unknown as number)).toBe('1,234');
    expect(en.friendlyNumber(Symbol('x') as unknown as number)).toBe('NaN');
  });
});

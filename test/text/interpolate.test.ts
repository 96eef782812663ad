import { describe, expect, it } from 'vitest';
import {
  fillPlaceholders,
  IcuFormatter,
  icuPlaceholders,
  MAX_CACHED_LENGTH,
  TextFormatter,
} from '../../src/text/interpolate.js';

describe('IcuFormatter', () => {
  it('formats arguments, plurals and selects for the locale', () => {
    const ru = new IcuFormatter('ru-RU');
    const text = '{count, plural, one {# товар} few {# товара} many {# товаров} other {# товара}}';
    expect([1, 2, 5, 21, 1.5].map((count) => ru.format(text, { count }))).toEqual([
      '1 товар',
      '2 товара',
      '5 товаров',
      '21 товар',
      '1,5 товара',
    ]);
    const en = new IcuFormatter('en');
    expect(
      en.format('{g, select, female {She} other {They}} said hi to {name}', {
        g: 'female',
        name: 'Bo',
      }),
    ).toBe('She said hi to Bo');
  });

  it('answers undefined for broken ICU and missing values instead of throwing', () => {
    const en = new IcuFormatter('en');
    expect(en.format('Hello {name', { name: 'x' })).toBeUndefined();
    expect(en.format('Hello {name}', {})).toBeUndefined();
    expect(en.format('{n, plural, other {#}', { n: 1 })).toBeUndefined();
  });

  it('keeps markup-looking text as text (no tag parsing)', () => {
    expect(new IcuFormatter('en').format('<b>{name}</b>', { name: 'A' })).toBe('<b>A</b>');
  });
});

describe('fillPlaceholders', () => {
  const icu = new IcuFormatter('en');
  it('uses Python syntax when the text has %( and never re-reads a value', () => {
    expect(fillPlaceholders('%(a)s and {b}', { a: '{x}' }, icu)).toBe('{x} and {b}');
    expect(fillPlaceholders('{a} and %(b)s', { a: 1, b: '{a}' }, icu)).toBe('{a} and {a}');
  });
  it('uses ICU otherwise, and returns text without placeholders unchanged', () => {
    expect(fillPlaceholders('Hi {name}', { name: '%(x)s' }, icu)).toBe('Hi %(x)s');
    expect(fillPlaceholders('100%% sure', { a: 1 }, icu)).toBe('100%% sure');
  });
});

describe('TextFormatter: compiled texts cached within a byte budget', () => {
  it('fills Python, ICU and plain texts, and `count` from the argument', () => {
    const f = new TextFormatter('ru', 100_000);
    expect(f.fill('%(n)d из %(count)d', { n: 1 }, 5)).toBe('1 из 5');
    expect(f.fill('{count, plural, one {# файл} few {# файла} other {# файлов}}', {}, 3)).toBe(
      '3 файла',
    );
    expect(f.fill('{n} и {count}', { n: 'a', count: 'b' }, 5)).toBe('a и b');
    expect(f.fill('no placeholders', undefined, undefined)).toBe('no placeholders');
  });

  it('stays within its budget for 20,000 distinct texts and caches no text over 2,048 characters', () => {
    const f = new TextFormatter('en', 200_000);
    let max = 0;
    for (let i = 0; i < 20_000; i++) {
      expect(f.fill(`it's {n, plural, one {# x} other {# y}} ${i}`, { n: 2 }, undefined)).toBe(
        `it's 2 y ${i}`,
      );
      max = Math.max(max, f.cachedBytes);
    }
    expect(max).toBeLessThanOrEqual(200_000);
    expect(max).toBeGreaterThan(100_000);
    const g = new TextFormatter('en', 200_000);
    const long = `%(a)s ${'x'.repeat(MAX_CACHED_LENGTH)}`;
    expect(g.fill(long, { a: 'A' }, undefined)).toBe(`A ${'x'.repeat(MAX_CACHED_LENGTH)}`);
    expect(g.cachedBytes).toBe(0);
    g.fill('%(a)s short', { a: 'A' }, undefined);
    expect(g.cachedBytes).toBeGreaterThan(0);
  });
});

describe('icuPlaceholders (for the CLI check)', () => {
  it.each([
    ['Hi {name}, {n, plural, one {# item for {who}} other {# items}}', ['name', 'n', 'who'], false],
    ['{d, date, short} <b>{tag}</b> {g, select, a {{x}} other {}}', ['d', 'tag', 'g', 'x'], false],
    ['no braces, %(py)s', [], false],
    ['Broken {name', [], true],
    ['Broken {name} and {other', ['name'], true],
  ] as const)('%s → %o', (text, names, broken) => {
    const result = icuPlaceholders(text);
    expect(result.names).toEqual(names);
    expect(result.error !== undefined).toBe(broken);
  });
});

describe('localekit/text (the package export the CLI reads placeholders through)', () => {
  it('resolves to the built placeholder readers', async () => {
    const text = (await import('localekit/text')) as typeof import('../../src/text/index.js');
    expect(text.pythonPlaceholders('%(name)s has %(count)d')).toEqual({
      names: ['name', 'count'],
      error: undefined,
    });
    expect(text.icuPlaceholders('{n, plural, one {# {who}} other {#}}').names).toEqual([
      'n',
      'who',
    ]);
    expect(text.isPythonFormat('100%% %(a)s')).toBe(true);
  });
});

describe('TextFormatter: catalog translations are kept apart from the bounded cache', () => {
  it('keeps a catalog text outside the byte budget, and any other text within it', () => {
    const f = new TextFormatter('en', 50_000);
    for (let i = 0; i < 2_000; i++)
      expect(f.fill(`%(n)d catalog text ${i}`, { n: i }, undefined, true)).toBe(
        `${i} catalog text ${i}`,
      );
    expect(f.cachedBytes).toBe(0);
    expect(f.fill('%(n)d request text', { n: 1 }, undefined, false)).toBe('1 request text');
    expect(f.cachedBytes).toBeGreaterThan(0);
    expect(f.cachedBytes).toBeLessThanOrEqual(50_000);
  });
});

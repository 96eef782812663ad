import { describe, expect, it } from 'vitest';
import { fillPlaceholders, formatPython, IcuFormatter } from '../../src/text/interpolate.js';

describe('formatPython', () => {
  it.each([
    ['%(name)s has %(count)d items', { name: 'Ana', count: 3.9 }, 'Ana has 3 items'],
    ['%(count)d%%', { count: 50 }, '50%'],
    ['%(ratio).1f', { ratio: 0.26 }, '0.3'],
    ['%(ratio).2f', { ratio: 2 / 3 }, '0.67'],
    ['%(n)5d|', { n: 42 }, '   42|'],
    ['%(n)-5d|', { n: 42 }, '42   |'],
    ['%(n)05d', { n: -42 }, '-0042'],
    ['%(n)x', { n: 255 }, 'ff'],
    ['%(v)s', { v: null }, 'null'],
    ['%(a)s%(a)s', { a: 'x' }, 'xx'],
  ])('%s with %j → %s', (text, values, expected) => {
    expect(formatPython(text, values)).toBe(expected);
  });

  it.each([
    ['%(missing)s', { name: 'x' }],
    ['%(n)d', { n: 'abc' }],
    ['%(n)d', { n: '' }],
    ['%(name)q', { name: 'x' }],
    ['100% %(name)s', { name: 'x' }],
    ['%(__proto__)s', {}],
    ['%(toString)s', {}],
  ])('%s with %j cannot be filled', (text, values) => {
    expect(formatPython(text, values)).toBeUndefined();
  });
});

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

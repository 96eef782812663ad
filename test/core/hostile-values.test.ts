/**
 * Hostile values and translations through `Locale#_`: getters that throw, Proxies, values whose
 * `toString` throws, missing placeholders, broken ICU in a translation, prototype keys as value
 * names. `_()` never throws: it fills the translation, else the English text, else returns the
 * English text as it is — each case asserts which.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTranslations, type Locale } from '../../src/index.js';
import { makeDir } from '../helpers/tmp.js';

let es: Locale;
let cleanup: () => void;
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = makeDir({
    'es_ES.csv':
      '"Hi {name}","Hola {name}"\n' +
      '"Broken {name}","Roto {name"\n' +
      '"Deep {name}","{name, select, a {{name, select, b {x} other {y}}} other {z}}"\n' +
      '"Plural {n}","{n, plural, one {# uno} other {# otros"\n' +
      '"Hi %(name)s","Hola %(name)s"\n' +
      '"Typed %(n)d","Tipo %(n)d"\n' +
      '"Missing %(name)s","Falta %(other)s"\n' +
      '"Tag {name}","<b>{name}</b><script>x</script>"\n',
  }));
  const i18n = await loadTranslations(dir, { onWarning() {} });
  es = i18n.get('es_ES');
});
afterAll(() => cleanup());

const throwingGetter = {
  get name(): string {
    throw new Error('boom');
  },
};
const throwingToString = {
  name: {
    toString: (): string => {
      throw new Error('boom');
    },
  },
};
const trapsThrow = new Proxy({} as Record<string, unknown>, {
  get: () => {
    throw new Error('trap');
  },
  has: () => {
    throw new Error('trap');
  },
  ownKeys: () => {
    throw new Error('trap');
  },
  getOwnPropertyDescriptor: () => {
    throw new Error('trap');
  },
});
const proxyAnswersEverything = new Proxy({} as Record<string, unknown>, {
  get: (_t, key) => (key === 'name' ? 'Ana' : undefined),
  has: () => true,
  getOwnPropertyDescriptor: () => ({
    value: 'Ana',
    configurable: true,
    enumerable: true,
    writable: false,
  }),
});
const protoValues = JSON.parse('{"__proto__": {"polluted": "yes"}, "name": "Ana"}') as Record<
  string,
  unknown
>;

const CASES: readonly [name: string, run: () => string, expected: string][] = [
  ['ICU: plain', () => es._('Hi {name}', { name: 'Ana' }), 'Hola Ana'],
  [
    'ICU: getter throws → English text as it is',
    () => es._('Hi {name}', throwingGetter),
    'Hi {name}',
  ],
  [
    'ICU: toString throws → English text as it is',
    () => es._('Hi {name}', throwingToString),
    'Hi {name}',
  ],
  ['ICU: Proxy whose traps all throw', () => es._('Hi {name}', trapsThrow), 'Hi {name}'],
  [
    'ICU: Proxy that answers every key',
    () => es._('Hi {name}', proxyAnswersEverything),
    'Hola Ana',
  ],
  ['ICU: missing value → English text as it is', () => es._('Hi {name}', {}), 'Hi {name}'],
  [
    'ICU: broken translation → English filled',
    () => es._('Broken {name}', { name: 'Ana' }),
    'Broken Ana',
  ],
  [
    'ICU: broken plural in translation → English filled',
    () => es._('Plural {n}', { n: 2 }),
    'Plural 2',
  ],
  ['ICU: nested select', () => es._('Deep {name}', { name: 'a' }), 'y'],
  [
    'ICU: value holding ICU syntax is not re-interpreted',
    () => es._('Hi {name}', { name: '{evil}' }),
    'Hola {evil}',
  ],
  [
    'ICU: markup in a translation is returned as written (templates escape)',
    () => es._('Tag {name}', { name: 'Ana' }),
    '<b>Ana</b><script>x</script>',
  ],
  ['ICU: __proto__ in values', () => es._('Hi {name}', protoValues), 'Hola Ana'],
  ['ICU: Symbol value', () => es._('Hi {name}', { name: Symbol('s') }), 'Hi {name}'],
  ['ICU: BigInt value', () => es._('Hi {name}', { name: 10n }), 'Hola 10'],
  [
    'ICU: null-prototype values',
    () =>
      es._(
        'Hi {name}',
        Object.assign(Object.create(null) as Record<string, unknown>, { name: 'Ana' }),
      ),
    'Hola Ana',
  ],
  ['Python: plain', () => es._('Hi %(name)s', { name: 'Ana' }), 'Hola Ana'],
  ['Python: getter throws', () => es._('Hi %(name)s', throwingGetter), 'Hi %(name)s'],
  ['Python: toString throws', () => es._('Hi %(name)s', throwingToString), 'Hi %(name)s'],
  ['Python: Proxy whose traps all throw', () => es._('Hi %(name)s', trapsThrow), 'Hi %(name)s'],
  [
    'Python: translation names a value the English does not → English filled',
    () => es._('Missing %(name)s', { name: 'Ana' }),
    'Missing Ana',
  ],
  [
    'Python: %d of a non-number → English as it is',
    () => es._('Typed %(n)d', { n: 'x' }),
    'Typed %(n)d',
  ],
  [
    'Python: value holding %(name)s is not re-interpreted',
    () => es._('Hi %(name)s', { name: '%(name)s' }),
    'Hola %(name)s',
  ],
  [
    'Python: a name of 10,000 characters',
    () => es._(`%(${'a'.repeat(10_000)})s`, { a: 1 }),
    `%(${'a'.repeat(10_000)})s`,
  ],
  [
    'plural: count NaN counts as 0',
    () => es._('{count} file', '{count} files', Number.NaN),
    '0 files',
  ],
  [
    'plural: count Infinity counts as 0',
    () => es._('%(count)d file', '%(count)d files', Number.POSITIVE_INFINITY),
    '0 files',
  ],
];

describe('_() with hostile values never throws', () => {
  it.each(CASES)('%s', (_name, run, expected) => {
    expect(run()).toBe(expected);
    expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(PROTO_KEYS);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// A values object that throws (a Proxy whose traps throw) leaves the English text for the count:
// the plural for 2, not the singular.
it('plural with a throwing values object gives the English plural for count 2', () => {
  expect(es._('{count} file', '{count} files', 2, trapsThrow)).toBe('{count} files');
});

/** Values hostile to every conversion JS has: each is a case of its own below. */
function hostileValues(): [name: string, value: unknown][] {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  return [
    ['a JSON body {"toString":1,"valueOf":1}', JSON.parse('{"toString":1,"valueOf":1}')],
    ['a null-prototype object', Object.create(null)],
    ['a Symbol', Symbol('s')],
    ['a BigInt', 10n ** 30n],
    ['a Proxy whose traps all throw', trapsThrow],
    ['a revoked Proxy', revoked.proxy],
    ['an object whose toString throws', throwingToString.name],
    ['an object with a throwing getter', throwingGetter],
    [
      'Symbol.toPrimitive that throws',
      {
        [Symbol.toPrimitive]: () => {
          throw new Error('boom');
        },
      },
    ],
    ['a function', () => 1],
    ['an array holding a null-prototype object', [Object.create(null)]],
    ['a Date that is not a time', new Date(Number.NaN)],
    ['NaN', Number.NaN],
    ['undefined', undefined],
    ['null', null],
  ];
}

const CALLS: [name: string, call: (v: unknown) => unknown][] = [
  ['_(v)', (v) => es._(v as string)],
  ['_(v, values)', (v) => es._(v as string, { name: 'Ana' })],
  ['_(msg, v)', (v) => es._('Hi %(name)s', v as Record<string, unknown>)],
  ['_(msg, plural, v)', (v) => es._('One file', '%(count)d files', v as number)],
  [
    '_(msg, plural, 2, v)',
    (v) => es._('One file', '%(count)d files', 2, v as Record<string, unknown>),
  ],
  ['_(msg, v, 2)', (v) => es._('One file', v as string, 2)],
  ['_(msg, {name: v})', (v) => es._('Hi %(name)s', { name: v })],
  ['_(icu, {name: v})', (v) => es._('Hi {name}', { name: v })],
  ['translate(v)', (v) => es.translate(v as string)],
  ['translate(msg, v, v)', (v) => es.translate('a', v as string, v as number)],
  ['pgettext(v, v)', (v) => es.pgettext(v as string, v as string)],
  ['pgettext(ctx, msg, plural, v)', (v) => es.pgettext('c', 'a', 'b', v as number)],
  ['formatDate(v)', (v) => es.formatDate(v as number)],
  ['formatDate(now, v)', (v) => es.formatDate(0, v as object)],
  [
    'formatDate(0, {now: v, gmtOffset: v})',
    (v) => es.formatDate(0, { now: v as number, gmtOffset: v as number }),
  ],
  ['formatDay(v, v)', (v) => es.formatDay(v as number, v as object)],
  ['list(v)', (v) => es.list(v as string[])],
  ['list([v, v])', (v) => es.list([v, v] as string[])],
  ['friendlyNumber(v)', (v) => es.friendlyNumber(v as number)],
];

describe('never throws for any JS value (issue 14)', () => {
  const cases = hostileValues().flatMap(([valueName, value]) =>
    CALLS.map(([callName, call]) => [`${callName} with ${valueName}`, call, value] as const),
  );
  it.each(cases)('%s returns a string', (_name, call, value) => {
    expect(typeof call(value)).toBe('string');
  });

  it('the issue-14 cases answer the English plural and "[object Object]"', () => {
    const body = JSON.parse('{"toString":1,"valueOf":1}') as number;
    expect(es._('One file', '%(count)d files', body)).toBe('0 files');
    expect(es._('One file', '%(count)d files', Symbol('n') as unknown as number)).toBe('0 files');
    expect(es._(Object.create(null) as string)).toBe('[object Object]');
    expect(es._('Hi %(name)s', { name: 10n ** 30n })).toBe('Hola 1000000000000000000000000000000');
  });

  it('fast-check: anything() in every argument of every method', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CALLS),
        fc.anything({
          withBigInt: true,
          withNullPrototype: true,
          withBoxedValues: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
          withSparseArray: true,
          withDate: true,
        }),
        ([, call], value) => typeof call(value) === 'string',
      ),
      { numRuns: 5000, seed: 14 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.anything({ withBigInt: true, withNullPrototype: true, withDate: true }), {
          maxLength: 4,
        }),
        fc.constantFrom<keyof Locale>(
          '_',
          'translate',
          'pgettext',
          'formatDate',
          'formatDay',
          'list',
          'friendlyNumber',
        ),
        (args, method) => {
          const fn = es[method] as (...a: unknown[]) => unknown;
          return typeof fn(...args) === 'string';
        },
      ),
      { numRuns: 5000, seed: 15 },
    );
  });
});

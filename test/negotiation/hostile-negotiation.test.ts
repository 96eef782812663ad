/**
 * Hostile request data against negotiation: `Translations#negotiate` (Accept-Language),
 * `#get` and `#find` (what the middleware uses for query and cookie values). Every answer must be
 * a supported locale (or `undefined` from `find`), chosen as specified, with `Object.prototype`
 * untouched. Inputs big enough to hang a careless parser run in a child process with a time limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTranslations, type Translations } from '../../src/index.js';
import { runChild } from '../fixtures/hostile/run-child.js';
import { makeDir } from '../helpers/tmp.js';

const CATALOGS: Record<string, string> = {
  'fr_FR.csv': '"Hello","Bonjour"\n',
  'de_DE.csv': '"Hello","Hallo"\n',
  'es_ES.csv': '"Hello","Hola"\n',
  'sk_SK.csv': '"Hello","Ahoj"\n',
  'zh_TW.csv': '"Hello","你好"\n',
  'ar.csv': '"Hello","مرحبا"\n',
  'pt_BR.po': 'msgid "Hello"\nmsgstr "Olá"\n',
};
const SUPPORTED = ['ar', 'de_DE', 'en_US', 'es_ES', 'fr_FR', 'pt_BR', 'sk_SK', 'zh_TW'];
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

let dir: string;
let cleanup: () => void;
let i18n: Translations;

beforeAll(async () => {
  ({ dir, cleanup } = makeDir(CATALOGS));
  i18n = await loadTranslations(dir, { defaultLocale: 'en_US', onWarning() {} });
});
afterAll(() => cleanup());

function expectClean(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(PROTO_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

/** `expected`: the one right answer, or the answers the spec allows when it leaves room. */
type Expected = string | readonly string[];
function expectChoice(actual: string, expected: Expected): void {
  expect(SUPPORTED).toContain(actual);
  if (typeof expected === 'string') expect(actual).toBe(expected);
  else expect(expected).toContain(actual);
}

const NEGOTIATE_CASES: readonly [name: string, header: string | undefined, expected: Expected][] = [
  ['missing header', undefined, 'en_US'],
  ['empty header', '', 'en_US'],
  ['only separators', ' , ;, ,,;;', 'en_US'],
  ['plain', 'fr', 'fr_FR'],
  ['__proto__ as a tag', '__proto__', 'en_US'],
  ['constructor as a tag', 'constructor', 'en_US'],
  ['toString and hasOwnProperty as tags', 'toString, hasOwnProperty, valueOf', 'en_US'],
  ['__proto__ before a real tag', '__proto__, de', 'de_DE'],
  ['constructor with a higher q than a real tag', 'constructor;q=0.9, fr;q=0.8', 'fr_FR'],
  ['__proto__ with a region', '__proto__-FR, pt-BR', 'pt_BR'],
  ['q=1e309 (Infinity) is not a qvalue: the range is dropped', 'fr;q=1e309, de;q=0.5', 'de_DE'],
  ['q=1e309 must not outrank q=1', 'de, fr;q=1e309', 'de_DE'],
  ['q=NaN: the range is dropped', 'fr;q=NaN, de;q=0.5', 'de_DE'],
  ['q=-1 never outranks a valid q', 'de;q=0.5, fr;q=-1', 'de_DE'],
  ['q=0 refusal of everything', 'fr;q=0, de;q=0', 'en_US'],
  ['q=0 refusal then * gives the default', 'fr;q=0, *', 'en_US'],
  ['q with junk: the range is dropped', 'fr;q=0.5x, de;q=0.4', 'de_DE'],
  ['q=0.0001 (more than 3 decimals) is dropped', 'fr;q=0.0001, de;q=0.001', 'de_DE'],
  ['many parameters', 'fr;a=1;b=2;c=3;q=0.9;d=4, de;q=0.1', 'fr_FR'],
  ['CRLF inside a range makes it invalid', 'fr\r\nSet-Cookie: evil=1', 'en_US'],
  [
    'NUL and control characters make ranges invalid',
    'd\u0000e, \u0001fr\u0007, \u001b[31mes',
    'en_US',
  ],
  ['tab is whitespace, vertical tab is not', '\tfr\t;\tq=0.5\t,\u000bde', 'fr_FR'],
  ['long s (ſ uppercases to S) is not es', 'e\u017f', 'en_US'],
  ['Cyrillic look-alike of de', '\u0434e, d\u0435', 'en_US'],
  ['Kelvin sign (lowercases to k) is not sk', 's\u212a', 'en_US'],
  ['dotted capital I', '\u0130T, fr', 'fr_FR'],
  ['zero-width space after a tag', 'fr\u200b', 'en_US'],
  ['emoji and astral characters', '👋, 𝔣𝔯, zh-TW', 'zh_TW'],
  ['lone surrogates', '\ud800fr, \udc00de, es', 'es_ES'],
  ['a-a-a shape (short)', Array.from({ length: 50 }, () => 'a').join('-'), 'en_US'],
  ['fr followed by a-a-a', `fr-${Array.from({ length: 50 }, () => 'a').join('-')}`, 'fr_FR'],
  ['x-private use', 'x-fr, i-klingon, de', 'de_DE'],
  ['star only gives the default', '*', 'en_US'],
  ['zh-Hant reaches zh_TW', 'zh-Hant', 'zh_TW'],
  ['case mixing', 'PT-br', 'pt_BR'],
  ['underscore form', 'es_ES', 'es_ES'],
  ['a later q=0 refuses a range accepted earlier', 'fr, fr, fr;q=0, de', 'de_DE'],
  ['comma storm', `${','.repeat(1000)}de${','.repeat(1000)}`, 'de_DE'],
];

describe('negotiate(Accept-Language) with hostile headers', () => {
  it.each(NEGOTIATE_CASES)('%s', (_name, header, expected) => {
    const locale = i18n.negotiate(header);
    expectChoice(locale.code, expected);
    expect(locale).toBe(i18n.get(locale.code));
    expectClean();
  });

  it('gives the same answer for the same header (no state carried between calls)', () => {
    for (const [, header] of NEGOTIATE_CASES) {
      expect(i18n.negotiate(header).code).toBe(i18n.negotiate(header).code);
    }
  });
});

const FIND_CASES: readonly [name: string, input: unknown, expected: string | null][] = [
  ['exact', 'fr_FR', 'fr_FR'],
  ['lower case with a dash', 'pt-br', 'pt_BR'],
  ['upper case', 'FR-FR', 'fr_FR'],
  ['language only is not exact', 'fr', null],
  ['__proto__', '__proto__', null],
  ['constructor', 'constructor', null],
  ['toString', 'toString', null],
  ['hasOwnProperty', 'hasOwnProperty', null],
  ['valueOf', 'valueOf', null],
  ['__defineGetter__', '__defineGetter__', null],
  ['empty', '', null],
  ['CRLF after a code', 'fr_FR\r\n', null],
  ['header injection', 'fr_FR\r\nSet-Cookie: evil=1', null],
  ['leading space', ' fr_FR', null],
  ['trailing space', 'fr_FR ', null],
  ['NUL after a code', 'fr_FR\u0000', null],
  ['zero-width space', 'fr_\u200bFR', null],
  ['long s (uppercases to S)', 'e\u017f_E\u017f', null],
  ['repeated code', 'fr_FR'.repeat(1000), null],
  ['a megabyte', 'x'.repeat(1_000_000), null],
  ['a-a-a shape', Array.from({ length: 10_000 }, () => 'a').join('-'), null],
  ['undefined', undefined, null],
  ['null', null, null],
  ['number', 42, null],
  ['array holding a code', ['fr_FR'], null],
  ['object whose toString gives a code', { toString: () => 'fr_FR' }, null],
  [
    'object with a throwing toString',
    {
      toString: () => {
        throw new Error('boom');
      },
    },
    null,
  ],
];

describe('find(code) with hostile query and cookie values', () => {
  it.each(FIND_CASES)('%s', (_name, input, expected) => {
    const found = i18n.find(input as string);
    expect(found?.code ?? null).toBe(expected);
    expectClean();
  });

  // FINDING (src/core/translations.ts, find/foldCode): folding with String#toLowerCase is Unicode-aware,
  // so the Kelvin sign U+212A folds to "k" and 's\u212a_S\u212a' finds sk_SK. Harmless (the answer
  // is still a supported Locale, never the raw input) but not "only an exact supported code".
  // Expected: undefined for anything outside [A-Za-z0-9_-]. Marked `fails` until fixed.
  it('Kelvin sign (lowercases to k) does not find sk_SK', () => {
    expect(i18n.find('s\u212a_S\u212a')).toBeUndefined();
  });
});

const GET_CASES: readonly [name: string, codes: string[], expected: Expected][] = [
  ['no codes', [], 'en_US'],
  ['__proto__ then de', ['__proto__', 'de'], 'de_DE'],
  ['constructor', ['constructor'], 'en_US'],
  ['toString with a region', ['toString-FR'], 'en_US'],
  ['empty strings', ['', '', ''], 'en_US'],
  ['a-a-a shape', [Array.from({ length: 10_000 }, () => 'a').join('-')], 'en_US'],
  ['CRLF', ['fr\r\n'], 'en_US'],
  ['zh-Hant', ['zh-Hant'], 'zh_TW'],
  ['1,000 junk codes then fr', [...Array.from({ length: 1000 }, (_, i) => `x${i}`), 'fr'], 'fr_FR'],
];

describe('get(...codes) with hostile codes', () => {
  it.each(GET_CASES)('%s', (_name, codes, expected) => {
    expectChoice(i18n.get(...codes).code, expected);
    expectClean();
  });
});

// Inputs big enough that a quadratic parser or an unbounded split would hang: each in its own
// process, killed after 5 s.
const BIG_CASES: readonly [
  name: string,
  repeat: { head?: string; text: string; times: number; tail?: string },
  expected: Expected,
][] = [
  ['100 KB of one tag', { text: 'x', times: 100_000 }, 'en_US'],
  ['de, then 100 KB of junk', { head: 'de, ', text: 'q', times: 100_000 }, 'de_DE'],
  [
    '100 KB of junk, then fr (past the 4 KB that is read)',
    { text: 'q', times: 100_000, tail: ', fr' },
    'en_US',
  ],
  [
    '10,000 ranges, the real one first',
    { head: 'de;q=0.1, ', text: 'xx;q=0.5, ', times: 10_000 },
    'de_DE',
  ],
  [
    '10,000 ranges, the real one last (past the 64 that are read)',
    { text: 'xx;q=0.5, ', times: 10_000, tail: 'de;q=0.1' },
    'en_US',
  ],
  ['10,000 copies of de', { text: 'de, ', times: 10_000 }, 'de_DE'],
  ['10,000 q=0 refusals then de', { text: 'fr;q=0, ', times: 10_000, tail: 'de' }, 'en_US'],
  ['a-a-a… of 100 KB', { text: 'a-', times: 50_000, tail: 'a' }, 'en_US'],
  ['fr-a-a-a… of 100 KB', { head: 'fr', text: '-a', times: 50_000 }, 'en_US'],
  ['100 KB of semicolons', { text: ';', times: 100_000, tail: 'fr' }, 'en_US'],
  ['100 KB of q parameters', { head: 'de', text: ';q=1', times: 25_000, tail: ', fr' }, 'en_US'],
  ['100 KB of spaces inside a range', { text: ' ', times: 100_000, tail: 'fr' }, 'en_US'],
  ['10,000 __proto__ ranges', { text: '__proto__;q=0.9, ', times: 10_000, tail: 'es' }, 'en_US'],
  ['20,000 distinct-looking tags', { text: 'zz-Zzzz-ZZ-1234567-x-abc, ', times: 20_000 }, 'en_US'],
];

describe('negotiate/get/find on huge inputs, each in a child process with a 5 s limit', () => {
  it.each(BIG_CASES)('%s', (_name, repeat, expected) => {
    const result = runChild({
      op: 'translations',
      dir,
      repeat,
      calls: [
        ['negotiate', '$INPUT'],
        ['get', '$INPUT'],
        ['find', '$INPUT'],
      ],
    });
    const [negotiated, got, found] = result.answers as [string, string, string | null];
    expectChoice(negotiated, expected);
    expect(SUPPORTED).toContain(got);
    expect(found).toBeNull();
  });
});

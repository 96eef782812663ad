import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  codeToTag,
  createMatcher,
  MAX_HEADER_CHARS,
  normalizeTag,
  parseAcceptLanguage,
} from '../../src/negotiation/negotiate.js';

const SUPPORTED = [
  'en_US',
  'fr_FR',
  'es_ES',
  'de_DE',
  'pt_BR',
  'pt_PT',
  'ru_RU',
  'pl_PL',
  'ar',
  'ja_JP',
  'zh_TW',
  'zh_CN',
  'nb_NO',
];
const matcher = createMatcher(SUPPORTED, 'en_US');

/** [Accept-Language, expected code]: real browsers' headers, then edge cases. */
const HEADERS: [string, string][] = [
  // Chrome / Edge (Chromium): region first, then the bare language, then English.
  ['en-US,en;q=0.9', 'en_US'],
  ['en-US,en;q=0.9,de;q=0.8', 'en_US'],
  ['fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7', 'fr_FR'],
  ['de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7', 'de_DE'],
  ['es-ES,es;q=0.9', 'es_ES'],
  ['es-419,es;q=0.9', 'es_ES'],
  ['es-MX,es;q=0.9,en;q=0.8', 'es_ES'],
  ['es-US,es;q=0.9,en;q=0.8', 'es_ES'],
  ['pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7', 'pt_BR'],
  ['pt-PT,pt;q=0.9,en-US;q=0.8,en;q=0.7', 'pt_PT'],
  ['ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7', 'ru_RU'],
  ['pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7', 'pl_PL'],
  ['ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7', 'ja_JP'],
  ['zh-CN,zh;q=0.9', 'zh_CN'],
  ['zh-CN,zh;q=0.9,en;q=0.8', 'zh_CN'],
  ['zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7', 'zh_TW'],
  ['zh-HK,zh;q=0.9,en;q=0.8', 'zh_TW'],
  ['ar-EG,ar;q=0.9,en-US;q=0.8,en;q=0.7', 'ar'],
  ['ar-SA,ar;q=0.9', 'ar'],
  ['nb-NO,nb;q=0.9,no;q=0.8,nn;q=0.7,en-US;q=0.6,en;q=0.5', 'nb_NO'],
  ['it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7', 'en_US'],
  ['ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7', 'en_US'],
  ['ko-KR,ko;q=0.9,ja;q=0.8', 'ja_JP'],
  ['tr-TR,tr;q=0.9,de;q=0.8', 'de_DE'],
  ['nl-NL,nl;q=0.9,fr;q=0.8,en;q=0.6', 'fr_FR'],
  ['uk-UA,uk;q=0.9,ru;q=0.8,en-US;q=0.7,en;q=0.6', 'ru_RU'],
  ['he-IL,he;q=0.9,en-US;q=0.8,en;q=0.7', 'en_US'],
  ['hi-IN,hi;q=0.9,en-IN;q=0.8,en;q=0.7', 'en_US'],
  ['fa-IR,fa;q=0.9,ar;q=0.8', 'ar'],
  ['vi-VN,vi;q=0.9,fr-FR;q=0.8,fr;q=0.7,en-US;q=0.6,en;q=0.5', 'fr_FR'],
  ['sv-SE,sv;q=0.9,nb;q=0.8,en;q=0.7', 'nb_NO'],
  ['fr-CA,fr;q=0.9,en-CA;q=0.8,en;q=0.7', 'fr_FR'],
  ['de-CH,de;q=0.9,fr;q=0.8', 'de_DE'],
  ['de-AT,de;q=0.9', 'de_DE'],
  ['en-GB,en-US;q=0.9,en;q=0.8', 'en_US'],
  ['en-IN,en-GB;q=0.9,en-US;q=0.8,en;q=0.7,hi;q=0.6', 'en_US'],
  // Firefox: bare language first, q with one decimal.
  ['en-US,en;q=0.5', 'en_US'],
  ['fr,fr-FR;q=0.8,en-US;q=0.5,en;q=0.3', 'fr_FR'],
  ['de,en-US;q=0.7,en;q=0.3', 'de_DE'],
  ['ru-RU,ru;q=0.8,en-US;q=0.5,en;q=0.3', 'ru_RU'],
  ['pl,en-US;q=0.7,en;q=0.3', 'pl_PL'],
  ['ja,en-US;q=0.7,en;q=0.3', 'ja_JP'],
  ['zh-TW,zh;q=0.8,en-US;q=0.5,en;q=0.3', 'zh_TW'],
  ['es-AR,es;q=0.8,en-US;q=0.5,en;q=0.3', 'es_ES'],
  ['pt-BR,pt;q=0.8,en-US;q=0.5,en;q=0.3', 'pt_BR'],
  ['nn-NO,nn;q=0.8,nb;q=0.6,en-US;q=0.4,en;q=0.2', 'nb_NO'],
  ['ar,en-US;q=0.7,en;q=0.3', 'ar'],
  ['it,en-US;q=0.7,en;q=0.3', 'en_US'],
  // Safari (macOS, iOS): often a single range, script subtags for Chinese.
  ['en-GB', 'en_US'],
  ['fr-FR', 'fr_FR'],
  ['ja-JP', 'ja_JP'],
  ['de-DE', 'de_DE'],
  ['zh-TW', 'zh_TW'],
  ['zh-Hant-TW', 'zh_TW'],
  ['zh-Hant-HK,zh-Hant;q=0.9', 'zh_TW'],
  ['zh-Hans-CN,zh-Hans;q=0.9', 'zh_CN'],
  ['zh-Hans-HK', 'zh_CN'],
  ['zh-Hant-CN', 'zh_TW'],
  ['pt-PT', 'pt_PT'],
  ['nb-NO', 'nb_NO'],
  ['en-AU,en;q=0.9', 'en_US'],
  // Bare languages: CLDR likely subtags choose the region.
  ['pt', 'pt_BR'],
  ['en', 'en_US'],
  ['zh', 'zh_CN'],
  ['es', 'es_ES'],
  ['fr', 'fr_FR'],
  ['ar', 'ar'],
  ['ru', 'ru_RU'],
  // Regions that are not supported: same language and script elsewhere.
  ['pt-AO', 'pt_PT'],
  ['pt-MZ', 'pt_PT'],
  ['pt-US', 'pt_BR'],
  ['fr-BE', 'fr_FR'],
  ['fr-CH, de-CH;q=0.8', 'fr_FR'],
  ['ru-UA', 'ru_RU'],
  ['ar-MA', 'ar'],
  ['zh-SG,zh;q=0.9', 'zh_CN'],
  ['zh-MO', 'zh_TW'],
  ['cmn-Hant-TW', 'zh_TW'],
  // Norwegian as CLDR relates it; a deprecated code; no relation to Danish.
  ['no', 'nb_NO'],
  ['no-NO', 'nb_NO'],
  ['nb', 'nb_NO'],
  ['nn,en;q=0.5', 'en_US'],
  ['da-DK,da;q=0.9', 'en_US'],
  ['iw-IL,ja;q=0.5', 'ja_JP'],
  // q-values: ordering, stability, spelling.
  ['en;q=0.1, fr;q=0.9', 'fr_FR'],
  ['de;q=0.5, ja;q=0.5', 'de_DE'],
  ['ja;q=0.5, de;q=0.5', 'ja_JP'],
  ['de;q=0.500, fr;q=0.5', 'de_DE'],
  ['es;q=0.3, pt;q=0.31', 'pt_BR'],
  ['fr;q=0.001, de;q=0', 'fr_FR'],
  ['fr ; Q=0.9 , de;q=1', 'de_DE'],
  ['  de  ;  q = 0.8  ,  ja;q=0.9 ', 'ja_JP'],
  ['\tja\t;\tq=0.5', 'ja_JP'],
  ['de;q=1.0, fr', 'de_DE'],
  ['de;level=1;q=0.5, ja;q=0.4', 'de_DE'],
  ['de;q=0.5;q=1, fr;q=0.7', 'fr_FR'],
  // Invalid q drops that range only.
  ['de;q=1.5, fr;q=0.1', 'fr_FR'],
  ['de;q=x, fr;q=0.1', 'fr_FR'],
  ['de;q=-1, fr;q=0.1', 'fr_FR'],
  ['de;q=1e309, fr;q=0.1', 'fr_FR'],
  ['de;q=, fr;q=0.1', 'fr_FR'],
  ['de;q=0.5.5, ja;q=0.1', 'ja_JP'],
  ['de;q=.5, ja;q=0.1', 'ja_JP'],
  ['de;q=0x1, ja', 'ja_JP'],
  ['de;q=Infinity,ja', 'ja_JP'],
  ['de;q=NaN, ja;q=0.1', 'ja_JP'],
  ['de;q=1.0001, ja;q=0.1', 'ja_JP'],
  // q=0 refuses, even through a broader range; `*` is every supported locale not mentioned.
  ['zh-TW;q=0, zh', 'zh_CN'],
  ['zh-Hant;q=0, zh-TW', 'en_US'],
  ['zh-CN;q=0, zh-TW', 'zh_TW'],
  ['zh;q=0, zh-TW, ja;q=0.5', 'zh_TW'],
  ['pt-BR;q=0, pt', 'pt_PT'],
  ['fr;q=0, fr-CA', 'fr_FR'],
  ['fr-FR;q=0, fr', 'en_US'],
  ['no;q=0, nb, de;q=0.1', 'de_DE'],
  ['de, *;q=0', 'de_DE'],
  ['*;q=0', 'en_US'],
  ['*', 'en_US'],
  ['*, fr;q=0.5', 'en_US'],
  ['fr;q=0.5, *;q=0.1', 'fr_FR'],
  ['xx;q=1, *;q=0.5', 'en_US'],
  ['de;q=0.1, *', 'en_US'],
  ['en;q=0.1, *', 'fr_FR'],
  ['en;q=0, *', 'fr_FR'],
  ['en;q=0, fr;q=0, *', 'es_ES'],
  ['*;q=0.5, de', 'de_DE'],
  // Case and separators.
  ['EN-us', 'en_US'],
  ['ZH-hant-TW', 'zh_TW'],
  ['Fr_fr', 'fr_FR'],
  ['PT-br', 'pt_BR'],
  ['en_US,en;q=0.9', 'en_US'],
  ['zh_TW', 'zh_TW'],
  // Extensions, variants, private use.
  ['en-US-u-ca-gregory, de', 'en_US'],
  ['de-DE-1996', 'de_DE'],
  ['ja-JP-u-ca-japanese', 'ja_JP'],
  ['zh-Hant-TW-x-private', 'zh_TW'],
  ['x-pirate, i-klingon', 'en_US'],
  // Garbage, control characters, prototype names.
  ['', 'en_US'],
  ['   ', 'en_US'],
  [',,,,,', 'en_US'],
  [';;;', 'en_US'],
  ['q=0.5', 'en_US'],
  ['de-, -de, 123, de--DE, de-DE-, toolongtag1', 'en_US'],
  ['de\u0000, ja;q=0.1', 'ja_JP'],
  ['ja\r\n, de;q=0.5', 'de_DE'],
  ['日本語, ja;q=0.5', 'ja_JP'],
  ['<script>alert(1)</script>, de;q=0.5', 'de_DE'],
  ['__proto__, de', 'de_DE'],
  ['constructor, toString, hasOwnProperty, ja', 'ja_JP'],
  ['\u00a0de', 'en_US'],
];

describe('negotiate: browser headers and edge cases', () => {
  it('has a large table', () => {
    expect(HEADERS.length).toBeGreaterThanOrEqual(100);
  });
  it.each(HEADERS)('%j → %s', (header, expected) => {
    expect(matcher.negotiate(header)).toBe(expected);
    // Again, from the header cache.
    expect(matcher.negotiate(header)).toBe(expected);
  });
  it('undefined → default', () => {
    expect(matcher.negotiate(undefined)).toBe('en_US');
  });
});

describe('negotiate: bounded input', () => {
  it('reads only the first 4096 characters (100 KB header)', () => {
    expect(matcher.negotiate('xx,'.repeat(40_000) + 'de')).toBe('en_US');
    expect(matcher.negotiate('ja,' + 'xx,'.repeat(40_000) + 'de')).toBe('ja_JP');
  });
  it('drops an element cut by the limit instead of reading its beginning', () => {
    const head = 'ja;q=0.1,';
    const header = head + ' '.repeat(MAX_HEADER_CHARS - 2 - head.length) + 'de-CH';
    expect(header.slice(0, MAX_HEADER_CHARS).endsWith('de')).toBe(true);
    expect(matcher.negotiate(header)).toBe('ja_JP');
  });
  it('reads at most 64 elements (10,000 ranges)', () => {
    expect(matcher.negotiate(Array(63).fill('xx').concat('de').join(','))).toBe('de_DE');
    expect(matcher.negotiate(Array(64).fill('xx').concat('de').join(','))).toBe('en_US');
    expect(matcher.negotiate('a;q=0.1,'.repeat(10_000) + 'fr')).toBe('en_US');
  });
});

describe('negotiate: a refused range is never chosen (fr_CA, en_GB, es_MX supported)', () => {
  const m = createMatcher(
    ['en_US', 'en_GB', 'fr_FR', 'fr_CA', 'es_ES', 'es_MX', 'pt_PT', 'zh_TW', 'zh_HK'],
    'en_US',
  );
  it.each([
    ['fr-CA;q=0, fr', 'fr_FR'],
    ['fr;q=0.9, fr-CA;q=0', 'fr_FR'],
    ['fr-CA', 'fr_CA'],
    ['fr-CH', 'fr_FR'],
    ['fr-FR;q=0, fr-CH', 'fr_CA'],
    ['es-AR', 'es_MX'],
    ['es-419', 'es_MX'],
    ['es', 'es_ES'],
    ['es-GQ', 'es_ES'],
    ['en-AU', 'en_GB'],
    ['en-IN', 'en_GB'],
    ['en-CA', 'en_US'],
    ['en-PH', 'en_US'],
    ['en', 'en_US'],
    ['en-US;q=0, en', 'en_GB'],
    ['pt', 'pt_PT'],
    ['zh-HK', 'zh_HK'],
    ['zh-MO', 'zh_HK'],
    ['zh-Hant', 'zh_TW'],
    ['zh-CN', 'en_US'],
    ['zh', 'en_US'],
  ])('%j → %s', (header, expected) => {
    expect(m.negotiate(header)).toBe(expected);
  });
});

describe('negotiate: the more specific range wins over a broader refusal', () => {
  // [header, supported, expected]. A refusal holds for every candidate it covers unless the range
  // being matched extends it (`fr-CA` extends `fr`) and it does not name that candidate exactly.
  const withFrench = ['en_US', 'fr', 'fr_FR', 'fr_CA'];
  it.each([
    ['fr;q=0, fr-CA', SUPPORTED, 'fr_FR'],
    ['fr;q=0, fr-CA', withFrench, 'fr_CA'],
    ['fr;q=0, fr-CH', withFrench, 'fr_FR'], // the catalog named exactly `fr` stays refused
    ['fr;q=0, fr-FR', SUPPORTED, 'fr_FR'],
    ['fr;q=0, fr', SUPPORTED, 'en_US'], // the same range is not more specific
    ['fr;q=0, fr-CA;q=0.1, de;q=0.5', SUPPORTED, 'de_DE'], // q order still decides
    ['fr;q=0, de;q=0.5, fr-CA', SUPPORTED, 'fr_FR'],
    ['fr-CA;q=0, fr', withFrench, 'fr'], // the other direction, unchanged
    ['fr-CA;q=0, fr-FR;q=0, fr', withFrench, 'en_US'], // a plain `fr` catalog is fr-FR (likely subtags)
    ['fr-CA;q=0, fr;q=0.5, fr-CH', SUPPORTED, 'fr_FR'],
    ['fr-CA;q=0, fr-CA-x-test', withFrench, 'fr'], // names fr_CA exactly: never overridden
    ['fr-FR;q=0, fr-FR-1996', SUPPORTED, 'en_US'],
    ['zh-Hant;q=0, zh-TW', SUPPORTED, 'en_US'], // zh-TW does not extend zh-Hant
    ['zh;q=0, zh-Hant', SUPPORTED, 'zh_TW'],
    ['zh;q=0, zh-Hant-HK', SUPPORTED, 'zh_TW'],
    ['zh;q=0, zh-TW, zh', SUPPORTED, 'zh_TW'],
    ['pt;q=0, pt-AO', SUPPORTED, 'pt_PT'],
    ['pt;q=0, pt-AO, pt-BR;q=0', SUPPORTED, 'pt_PT'],
    ['pt;q=0, pt-BR;q=0, pt-AO', ['en_US', 'pt_BR'], 'en_US'], // pt-BR;q=0 names pt_BR
  ] as const)('%j with %j → %s', (header, supported, expected) => {
    expect(createMatcher(supported, 'en_US').negotiate(header)).toBe(expected);
  });
});

describe('negotiate: a related language only when nothing listed is supported', () => {
  // CLDR languageMatching: desired nn accepts nb (96%), but a language the visitor listed wins.
  const norwegian = ['en_US', 'nb_NO', 'de_DE'];
  it.each([
    ['nn, en;q=0.5', 'en_US'],
    ['nn, de;q=0.1', 'de_DE'],
    ['nn-NO, nn;q=0.9, en-US;q=0.8', 'en_US'],
    ['nn', 'nb_NO'],
    ['nn, it;q=0.5', 'nb_NO'], // Italian is not supported: the related language serves
    ['nn, nb;q=0.1, de;q=0.5', 'de_DE'], // nb listed: an ordinary range, in q order
    ['nn;q=0.9, nb;q=0.1', 'nb_NO'],
    ['nn, *', 'en_US'], // `*` is a listed range that something supported matches
    ['nn, *;q=0', 'nb_NO'],
    ['nn, nb;q=0', 'en_US'], // refusing nb refuses it as a fallback too
    ['nn, en;q=0', 'nb_NO'],
  ])('%j → %s', (header, expected) => {
    expect(createMatcher(norwegian, 'en_US').negotiate(header)).toBe(expected);
  });
  it.each([
    [['nn'], 'nb_NO'],
    [['nn', 'en'], 'en_US'],
    [['nn', 'de'], 'de_DE'],
    [['nn', 'it'], 'nb_NO'],
    [['it', 'nn'], 'nb_NO'],
  ])('match(%j) → %s', (codes, expected) => {
    expect(createMatcher(norwegian, 'en_US').match(codes)).toBe(expected);
  });
  it('without nb, nn is simply unsupported', () => {
    expect(createMatcher(['en_US', 'de_DE'], 'en_US').negotiate('nn, de;q=0.5')).toBe('de_DE');
  });
});

describe('match (Translations.get)', () => {
  it.each([
    [['fr'], 'fr_FR'],
    [['fr-CA'], 'fr_FR'],
    [['FR-ca'], 'fr_FR'],
    [['fr_CA'], 'fr_FR'],
    [['zh-Hant-TW'], 'zh_TW'],
    [['zh-Hant'], 'zh_TW'],
    [['zh-HK'], 'zh_TW'],
    [['zh-CN'], 'zh_CN'],
    [['zh-Hans'], 'zh_CN'],
    [['zh'], 'zh_CN'],
    [['pt'], 'pt_BR'],
    [['PT_pt'], 'pt_PT'],
    [['EN_us'], 'en_US'],
    [['en'], 'en_US'],
    [['es_LA'], 'es_ES'],
    [['de_DE.UTF-8'], 'de_DE'],
    [['xx', 'de'], 'de_DE'],
    [['xx'], 'en_US'],
    [[], 'en_US'],
    [['*', 'ja'], 'ja_JP'],
    [['', 'ja'], 'ja_JP'],
    [['__proto__', 'ja'], 'ja_JP'],
    [['nb'], 'nb_NO'],
    [['no_NO'], 'nb_NO'],
    [['nn'], 'nb_NO'],
    [['ar_EG'], 'ar'],
    [['ar_AR'], 'ar'],
    [['ja', 'de'], 'ja_JP'],
    [['x'.repeat(10_000), 'de'], 'de_DE'],
  ])('%j → %s', (codes, expected) => {
    expect(matcher.match(codes)).toBe(expected);
  });

  it('never crosses Chinese scripts', () => {
    const hans = createMatcher(['en_US', 'zh_CN'], 'en_US');
    expect(hans.match(['zh-TW'])).toBe('en_US');
    expect(hans.match(['zh-Hant'])).toBe('en_US');
    expect(hans.match(['zh-HK'])).toBe('en_US');
    expect(hans.match(['zh-SG'])).toBe('zh_CN');
    const hant = createMatcher(['en_US', 'zh_TW'], 'en_US');
    expect(hant.match(['zh'])).toBe('en_US');
    expect(hant.match(['zh-CN'])).toBe('en_US');
    expect(hant.match(['zh-Hans'])).toBe('en_US');
    expect(hant.match(['zh-HK'])).toBe('zh_TW');
  });

  it('never crosses Serbian scripts', () => {
    const latn = createMatcher(['en_US', 'sr_Latn'], 'en_US');
    expect(latn.match(['sr'])).toBe('en_US');
    expect(latn.match(['sr-Latn-RS'])).toBe('sr_Latn');
    expect(latn.match(['sr-ME'])).toBe('sr_Latn');
    expect(latn.match(['sh'])).toBe('sr_Latn');
    const cyrl = createMatcher(['sr_RS', 'en_US'], 'en_US');
    expect(cyrl.match(['sr-Latn'])).toBe('en_US');
    expect(cyrl.match(['sr'])).toBe('sr_RS');
    expect(cyrl.match(['sr-Cyrl-BA'])).toBe('sr_RS');
  });

  it('answers with the code exactly as the catalog spells it', () => {
    const m = createMatcher(['pt-br', 'EN'], 'EN');
    expect(m.match(['pt'])).toBe('pt-br');
    expect(m.match(['en-US'])).toBe('EN');
    expect(m.negotiate('pt-PT')).toBe('pt-br');
    expect(m.negotiate('de')).toBe('EN');
  });

  it('the default takes part in matching even without a catalog', () => {
    const m = createMatcher(['fr_FR'], 'en_US');
    expect(m.match(['en-GB'])).toBe('en_US');
    expect(m.negotiate('de, en;q=0.1, fr;q=0.05')).toBe('en_US');
  });
});

describe('parseAcceptLanguage', () => {
  it('parses, drops invalid ranges and sorts by q, stable', () => {
    expect(
      parseAcceptLanguage('en;q=0.5, fr , de;q=1.5, x;q=x, ja;q=0.50, *;q=0, zh-Hant-TW;Q=0.7'),
    ).toEqual([
      { tag: 'fr', q: 1, index: 1 },
      { tag: 'zh-Hant-TW', q: 0.7, index: 4 },
      { tag: 'en', q: 0.5, index: 0 },
      { tag: 'ja', q: 0.5, index: 2 },
      { tag: '*', q: 0, index: 3 },
    ]);
  });
  it('keeps q exact in decimal', () => {
    expect(parseAcceptLanguage('a;q=0.7,b;q=0.123,c;q=1.000').map((r) => r.q)).toEqual([
      1, 0.7, 0.123,
    ]);
  });
  it('reads at most 64 elements', () => {
    expect(parseAcceptLanguage(Array(100).fill('de').join(',')).length).toBe(64);
  });
});

describe('normalizeTag and codeToTag', () => {
  it.each([
    ['EN_us', 'en-US'],
    ['en-US', 'en-US'],
    ['en_US', 'en-US'],
    ['zh_hant_tw', 'zh-Hant-TW'],
    ['iw', 'he'],
    ['sr_RS@latin', 'sr-Latn-RS'],
    ['de_DE.UTF-8', 'de-DE'],
    ['es_LA', 'es-419'],
    ['*', undefined],
    ['', undefined],
    ['en US', undefined],
    ['__proto__', undefined],
    ['x'.repeat(200), undefined],
  ])('normalizeTag(%j) = %j', (code, tag) => {
    expect(normalizeTag(code)).toBe(tag);
  });
  it.each([
    ['es_ES', 'es-ES'],
    ['zh_TW', 'zh-TW'],
    ['sr_Latn_RS', 'sr-Latn-RS'],
    ['pt_BR', 'pt-BR'],
    ['ar', 'ar'],
    ['x_pirate', 'x-pirate'],
  ])('codeToTag(%j) = %j', (code, tag) => {
    expect(codeToTag(code)).toBe(tag);
  });
});

describe('properties', () => {
  const supported = new Set(SUPPORTED);
  const tag = fc.oneof(
    fc.constantFrom('en', 'fr-CA', 'zh-Hant', 'pt', '*', 'de_DE', 'nb', 'sr-Latn', 'x-y', 'i'),
    fc.stringMatching(/^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8}){0,3}$/),
  );
  const range = fc
    .tuple(tag, fc.option(fc.oneof(fc.double({ min: -1, max: 2 }).map(String), fc.string())))
    .map(([t, q]) => (q === null ? t : `${t};q=${q}`));
  const header = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.array(range, { maxLength: 80 }).map((rs) => rs.join(', ')),
  );

  it('any string → a supported code, never a throw', () => {
    fc.assert(
      fc.property(header, (h) => {
        expect(supported.has(matcher.negotiate(h))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('any codes → a supported code', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(tag, fc.string()), { maxLength: 5 }), (codes) => {
        expect(supported.has(matcher.match(codes))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('parse result: at most 64 ranges, q in 0..1, sorted descending', () => {
    fc.assert(
      fc.property(header, (h) => {
        const ranges = parseAcceptLanguage(h);
        expect(ranges.length).toBeLessThanOrEqual(64);
        for (let i = 0; i < ranges.length; i++) {
          const r = ranges[i]!;
          expect(r.q >= 0 && r.q <= 1).toBe(true);
          if (i > 0) expect(ranges[i - 1]!.q).toBeGreaterThanOrEqual(r.q);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a refused range is never the answer, whatever follows it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SUPPORTED),
        fc.array(range, { maxLength: 6 }),
        (code, rest) => {
          const refused = code.replace('_', '-');
          const answer = matcher.negotiate([`${refused};q=0`, ...rest].join(','));
          if (code !== 'en_US') expect(answer).not.toBe(code);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

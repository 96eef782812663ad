/**
 * Property tests for negotiation: any header, any code list, any query/cookie value gives a
 * supported locale (or `undefined` from `find`), deterministically, without touching
 * `Object.prototype`. Run counts are in RUNS; totals go in the closing report.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTranslations, type Translations } from '../../src/index.js';
import { createMatcher, parseAcceptLanguage } from '../../src/negotiation/negotiate.js';
import { makeDir } from '../helpers/tmp.js';

const SCALE = Number(process.env.LOCALEKIT_FUZZ_RUNS ?? 1);
const RUNS = {
  matcherNegotiate: 5000 * SCALE,
  matcherMatch: 3000 * SCALE,
  parse: 3000 * SCALE,
  translations: 3000 * SCALE,
  find: 3000 * SCALE,
} as const;

const SUPPORTED = [
  'ar',
  'de_DE',
  'en_US',
  'es_ES',
  'fr_FR',
  'pt_BR',
  'sr_Latn_RS',
  'zh_CN',
  'zh_TW',
];
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

const tagPiece = fc.oneof(
  fc.constantFrom(
    'fr',
    'FR',
    'de',
    'pt',
    'br',
    'zh',
    'Hant',
    'Hans',
    'TW',
    'HK',
    'sr',
    'Latn',
    'Cyrl',
    'es',
    '419',
    'x',
    'i',
    'en',
    'US',
    'ar',
    '*',
    '__proto__',
    'constructor',
    'toString',
    'a',
    'q',
  ),
  fc.string({ minLength: 1, maxLength: 9 }),
);
const tag = fc
  .array(tagPiece, { minLength: 1, maxLength: 5 })
  .chain((parts) => fc.constantFrom('-', '_').map((sep) => parts.join(sep)));
const qvalue = fc.oneof(
  fc.constantFrom(
    '1',
    '0',
    '0.5',
    '0.001',
    '1.000',
    '1e309',
    'NaN',
    '-1',
    '0.0001',
    '',
    '2',
    '.5',
    'Infinity',
  ),
  fc.double().map(String),
);
const range = fc
  .tuple(
    tag,
    fc.option(qvalue, { nil: undefined }),
    fc.constantFrom('', ' ', '\t', ';a=b', ';q=1;q=0'),
  )
  .map(([t, q, extra]) => (q === undefined ? t + extra : `${t}${extra};q=${q}`));
const header = fc.oneof(
  fc
    .array(range, { maxLength: 12 })
    .chain((rs) => fc.constantFrom(', ', ',', ' , ', ',,').map((sep) => rs.join(sep))),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

let dir: string;
let cleanup: () => void;
let i18n: Translations;

beforeAll(async () => {
  ({ dir, cleanup } = makeDir(
    Object.fromEntries(
      SUPPORTED.filter((c) => c !== 'en_US').map((c) => [`${c}.csv`, '"Hello","x"\n']),
    ),
  ));
  i18n = await loadTranslations(dir, { onWarning() {} });
});
afterAll(() => cleanup());

function expectClean(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(PROTO_KEYS);
}

describe('negotiation on any input', () => {
  it(`createMatcher().negotiate(any header) → a supported code, deterministic (${RUNS.matcherNegotiate} runs)`, () => {
    const matcher = createMatcher(SUPPORTED, 'en_US');
    const seen = new Set<string>();
    fc.assert(
      fc.property(header, (h) => {
        const code = matcher.negotiate(h);
        expect(SUPPORTED).toContain(code);
        expect(matcher.negotiate(h)).toBe(code);
        seen.add(code);
        expectClean();
      }),
      { numRuns: RUNS.matcherNegotiate },
    );
    // The generator reaches real answers, not only the default.
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });

  it(`createMatcher().match(any codes) → a supported code (${RUNS.matcherMatch} runs)`, () => {
    const matcher = createMatcher(SUPPORTED, 'en_US');
    fc.assert(
      fc.property(
        fc.array(fc.oneof(tag, fc.string({ maxLength: 40 })), { maxLength: 8 }),
        (codes) => {
          expect(SUPPORTED).toContain(matcher.match(codes));
          expectClean();
        },
      ),
      { numRuns: RUNS.matcherMatch },
    );
  });

  it(`parseAcceptLanguage(any header) → at most 64 ranges with q in [0, 1] (${RUNS.parse} runs)`, () => {
    fc.assert(
      fc.property(header, (h) => {
        const ranges = parseAcceptLanguage(h);
        expect(ranges.length).toBeLessThanOrEqual(64);
        for (const r of ranges) {
          expect(r.q >= 0 && r.q <= 1).toBe(true);
          expect(typeof r.tag).toBe('string');
          expect(r.tag.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS.parse },
    );
  });

  it(`Translations negotiate/get → a supported Locale of this snapshot (${RUNS.translations} runs)`, () => {
    fc.assert(
      fc.property(
        header,
        fc.array(fc.oneof(tag, fc.string({ maxLength: 20 })), { maxLength: 5 }),
        (h, codes) => {
          const negotiated = i18n.negotiate(h);
          expect(i18n.supportedLocales).toContain(negotiated.code);
          expect(negotiated).toBe(i18n.get(negotiated.code));
          const got = i18n.get(...codes);
          expect(i18n.supportedLocales).toContain(got.code);
          expectClean();
        },
      ),
      { numRuns: RUNS.translations },
    );
  });

  it(`Translations find(any value) → undefined or the exact supported code, ignoring case and -/_ (${RUNS.find} runs)`, () => {
    const variants = fc
      .constantFrom(...SUPPORTED)
      .chain((code) =>
        fc.tuple(
          fc.constant(code),
          fc.array(fc.boolean(), { minLength: code.length, maxLength: code.length }),
          fc.boolean(),
        ),
      );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          tag,
          variants.map((v) => v),
        ),
        (input) => {
          if (Array.isArray(input)) {
            // A supported code re-cased and re-dashed must be found, as itself.
            const [code, upper, dash] = input as [string, boolean[], boolean];
            const spelled = [...code]
              .map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase()))
              .join('')
              .replaceAll('_', dash ? '-' : '_');
            expect(i18n.find(spelled)?.code).toBe(code);
            return;
          }
          const found = i18n.find(input as string);
          if (found !== undefined) {
            expect(SUPPORTED).toContain(found.code);
            expect(found.code.toLowerCase()).toBe(
              (input as string).toLowerCase().replaceAll('-', '_'),
            );
          }
          expectClean();
        },
      ),
      { numRuns: RUNS.find },
    );
  });
});

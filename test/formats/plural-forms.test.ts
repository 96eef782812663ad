import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LocaleKitWarning } from '../../src/errors.js';
import { LocaleKitError } from '../../src/errors.js';
import {
  compilePluralExpression,
  DEFAULT_PLURAL_RULE,
  parsePluralFormsHeader,
} from '../../src/formats/plural-forms.js';

const ORACLE = join(import.meta.dirname, '../../scripts/gettext-oracle.py');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Expressions from real catalogs (GNU manual, CLDR-derived gettext rules) and precedence traps. */
const EXPRESSIONS = [
  '0',
  'n != 1',
  '(n > 1)',
  'n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2',
  'n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2',
  'n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5',
  'n==1 ? 0 : n==2 ? 1 : n<7 ? 2 : n<11 ? 3 : 4',
  'n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3',
  '(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2',
  'n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2',
  'n==1 ? 0 : (n==0 || (n%100>0 && n%100<20)) ? 1 : 2',
  '(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2)',
  'n==1 || n%10==1 ? 0 : 1',
  '(n==1 || n==11) ? 0 : (n==2 || n==12) ? 1 : (n > 2 && n < 20) ? 2 : 3',
  '1 + 2 * 3 - n % 7',
  'n / 3 * 3 == n',
  '!n',
  '!n == 0',
  'n > 5 == n < 9',
  'n && 0 || 1',
  'n ? n ? 1 : 2 : 3',
  'n < 3 ? 0 : n < 10 ? 1 : n < 100 ? 2 : 3',
  '((((n))))%10',
];

describe('compilePluralExpression against Python gettext.c2py (n = 0..200)', () => {
  let oracle: Record<string, { ok: boolean; index: number[] }> = {};
  beforeAll(() => {
    oracle = JSON.parse(execFileSync(PYTHON, [ORACLE, 'c2py', ...EXPRESSIONS]).toString());
  });
  for (const expr of EXPRESSIONS) {
    it(expr, () => {
      const answer = oracle[expr];
      expect(answer?.ok).toBe(true);
      const f = compilePluralExpression(expr);
      expect(Array.from({ length: 201 }, (_, n) => f(n))).toEqual(answer?.index);
    });
  }
});

describe('compilePluralExpression: C semantics', () => {
  it.each([
    ['(n-1)%10', 0, 5], // (2^64 - 1) % 10: unsigned wrap-around, as GNU computes it
    ['n-2 < 3', 0, 0], // 0 - 2 is huge, not -2
    ['n-2 < 3', 4, 1],
    ['18446744073709551617', 0, 1], // literals wrap modulo 2^64 like strtoul into unsigned long
    ['n*n*n*n % 1000', 100000, 920], // 10^20 overflows 2^64: (10^20 mod 2^64) % 1000
    ['n*n*n*n % 1000003', 100000, Number((10n ** 20n % 2n ** 64n) % 1000003n)],
    ['n/(n-n)', 5, 0], // a computed zero divisor gives 0 instead of SIGFPE
    ['n%(n-n)', 5, 0],
    ['n/2', 7, 3],
    // GNU's grammar allows `!!`; Python's c2py turns it into invalid Python, so no oracle here
    ['!!n + !(n - n)', 0, 1],
    ['!!n + !(n - n)', 5, 2],
    ['n != 1', -1, 0], // counts are taken as |trunc(n)|
    ['n != 1', 1.9, 0],
    ['n', Number.NaN, 0],
    ['n', 2 ** 60, 2 ** 60],
  ])('%s at n=%s is %s', (expr, n, expected) => {
    expect(compilePluralExpression(expr)(n)).toBe(expected);
  });

  it.each([
    ['n; process.exit()', /unexpected character ";"/],
    ['process.exit()', /unknown identifier/],
    ['constructor', /unknown identifier/],
    ['nplurals', /unknown identifier/],
    ['n = 1', /'=' is not an operator/],
    ['n & 1', /bitwise '&'/],
    ['n | 1', /bitwise '\|'/],
    ['-n', /expected n, a number/],
    ['n ? 1', /expected ':'/],
    ['(n', /expected '\)'/],
    ['n)', /unbalanced '\)'/],
    ['', /unexpected end/],
    ['n %0', /divides by zero/],
    ['n / (0)', /divides by zero/],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a JavaScript template is the hostile input
    ['`${n}`', /unexpected character/],
    ['n\u0000', /unexpected character/],
  ])('%j is E_PLURAL_FORMS (%s)', (expr, message) => {
    let error: unknown;
    try {
      compilePluralExpression(expr);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LocaleKitError);
    expect((error as LocaleKitError).code).toBe('E_PLURAL_FORMS');
    expect((error as LocaleKitError).message).toMatch(message);
    expect((error as LocaleKitError).hint).toMatch(/C subset/);
  });

  it('bounds size and nesting', () => {
    expect(compilePluralExpression(`${'('.repeat(63)}n${')'.repeat(63)}`)(4)).toBe(4);
    expect(() => compilePluralExpression(`${'('.repeat(65)}n${')'.repeat(65)}`)).toThrow(
      /nesting too deep/,
    );
    expect(() => compilePluralExpression(`${'!'.repeat(100)}n`)).toThrow(/nesting too deep/);
    expect(() => compilePluralExpression(`n${'?n:n'.repeat(70)}`)).toThrow(/nesting too deep/);
    expect(() => compilePluralExpression(`n${' + 1'.repeat(300)}`)).toThrow(
      expect.objectContaining({
        code: 'E_PLURAL_FORMS',
        message: expect.stringMatching(/1201 characters long \(limit 1024\)/),
      }),
    );
    // long but flat chains are fine within the size limit
    expect(compilePluralExpression(`n${'+1'.repeat(500)}`)(1)).toBe(501);
  });

  it('any string compiles or throws E_PLURAL_FORMS, nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 60 }), fc.stringMatching(/^[n0-9 ()!?:<>=&|+*/%-]{0,40}$/)),
        (expr) => {
          try {
            const f = compilePluralExpression(expr);
            const r = f(7);
            return Number.isInteger(r) && r >= 0;
          } catch (e) {
            return e instanceof LocaleKitError && e.code === 'E_PLURAL_FORMS';
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('parsePluralFormsHeader', () => {
  const parse = (value: string | undefined) => {
    const warnings: LocaleKitWarning[] = [];
    const rule = parsePluralFormsHeader(value, 'x.po', warnings);
    return { rule, codes: warnings.map((w) => w.code), warnings };
  };

  it('reads nplurals and the expression, ending it at ";" as GNU does', () => {
    const { rule, codes } = parse(
      'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);',
    );
    expect(codes).toEqual([]);
    expect(rule.nplurals).toBe(3);
    expect(rule.expression).toBe('(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2)');
    expect([0, 1, 2, 11, 21].map(rule.index)).toEqual([2, 0, 1, 1, 0]);
  });

  it('finds the fields in either order and with spaces after "="', () => {
    const { rule, codes } = parse('plural=(n > 1); nplurals= 2;');
    expect(codes).toEqual([]);
    expect(rule.nplurals).toBe(2);
    expect([0, 1, 2].map(rule.index)).toEqual([0, 0, 1]);
  });

  it('missing: the GNU default with W_PLURAL_FORMS_MISSING', () => {
    const { rule, warnings } = parse(undefined);
    expect(rule).toBe(DEFAULT_PLURAL_RULE);
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'W_PLURAL_FORMS_MISSING', file: 'x.po' }),
    ]);
    expect([0, 1, 2].map(rule.index)).toEqual([1, 0, 1]);
  });

  it.each([
    ['nplurals=0; plural=0;', /nplurals=0 is outside 1\.\.100/],
    ['nplurals=1000; plural=n;', /nplurals=1000 is outside/],
    ['nplurals=2; plural=n%0;', /divides by zero/],
    ['nplurals=2; plural=process.exit();', /unknown identifier/],
    ['nplurals=2; plural=require("fs")', /unknown identifier/],
    ['nplurals=INTEGER; plural=EXPRESSION;', /nplurals is not a number/],
    ['nplurals=2', /needs both/],
    ['plural=n != 1', /needs both/],
    [`nplurals=2; plural=${'('.repeat(80)}n${')'.repeat(80)};`, /nesting too deep/],
  ])('%j: the GNU default with W_PLURAL_FORMS_INVALID (%s)', (value, why) => {
    const { rule, warnings } = parse(value);
    expect(rule).toBe(DEFAULT_PLURAL_RULE);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.code).toBe('W_PLURAL_FORMS_INVALID');
    expect(warnings[0]?.message).toMatch(why);
  });

  it('text after the expression is ignored as GNU ignores it, with a warning', () => {
    const { rule, codes } = parse('nplurals=2; plural=n != 1; process.exit(1)');
    expect(codes).toEqual(['W_PLURAL_FORMS_TRAILING']);
    expect(rule.nplurals).toBe(2);
    expect([1, 2].map(rule.index)).toEqual([0, 1]);
  });
});

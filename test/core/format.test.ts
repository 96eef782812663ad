import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFormatter, type TranslateFunction } from '../../src/core/format.js';

/** test/fixtures/tornado/*.json, written by scripts/gen-tornado-dates.py from Python Tornado. */
interface TornadoFixture {
  code: string;
  tornado: string;
  nows: number[];
  translations?: Record<'unknown' | 'singular' | 'plural', Record<string, string>>;
  /** [date ms, index into nows, gmt offset, flags: 1 relative | 2 shorter | 4 full, expected] */
  formatDate: [number, number, number, number, string][];
  /** [date ms, gmt offset, dow 0/1, expected] */
  formatDay?: [number, number, number, string][];
  list: [string[], string][];
  friendlyNumber?: [number, string][];
}

function fixture(name: string): TornadoFixture {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/tornado/${name}.json`, import.meta.url), 'utf8'),
  ) as TornadoFixture;
}

/** Tornado's CSVLocale.translate over a fixture's catalog. */
function csvTranslate(t: TornadoFixture['translations']): TranslateFunction {
  return (message, plural, count) => {
    if (plural !== undefined) {
      if (count !== 1) return t?.plural[plural] ?? plural;
      return t?.singular[message] ?? message;
    }
    return t?.unknown[message] ?? message;
  };
}

function mismatches(f: TornadoFixture): string[] {
  const fmt = createFormatter(f.code, csvTranslate(f.translations));
  const bad: string[] = [];
  for (const [date, n, gmtOffset, flags, expected] of f.formatDate) {
    const now = f.nows[n]!;
    const options = {
      gmtOffset,
      now: flags & 4 ? new Date(now) : now, // both Date and epoch ms
      relative: (flags & 1) !== 0,
      shorter: (flags & 2) !== 0,
      fullFormat: (flags & 4) !== 0,
    };
    const got = fmt.formatDate(flags & 2 ? new Date(date) : date, options);
    if (got !== expected)
      bad.push(`${JSON.stringify([date, now, options])}: ${got} != ${expected}`);
  }
  for (const [date, gmtOffset, dow, expected] of f.formatDay ?? []) {
    const got = fmt.formatDay(date, { gmtOffset, dow: dow === 1 });
    if (got !== expected) bad.push(`formatDay ${date} ${gmtOffset} ${dow}: ${got} != ${expected}`);
  }
  for (const [items, expected] of f.list) {
    const got = fmt.list(items);
    if (got !== expected) bad.push(`list ${JSON.stringify(items)}: ${got} != ${expected}`);
  }
  for (const [n, expected] of f.friendlyNumber ?? []) {
    const got = fmt.friendlyNumber(n);
    if (got !== expected) bad.push(`friendlyNumber ${n}: ${got} != ${expected}`);
  }
  return bad;
}

const identity: TranslateFunction = (message, plural, count) =>
  plural !== undefined && count !== 1 ? plural : message;

describe('createFormatter against Python Tornado (scripts/gen-tornado-dates.py)', () => {
  it('en_US: every format_date/format_day/list/friendly_number case equals Tornado', () => {
    const f = fixture('en_US');
    expect(f.formatDate.length).toBeGreaterThan(9000);
    expect(mismatches(f)).toEqual([]);
  });

  it('en_GB: Tornado wording with its 24-hour clock', () => {
    const f = fixture('en_GB');
    expect(f.formatDate.length).toBeGreaterThan(2000);
    expect(f.formatDate.some((c) => c[4].endsWith(' at 18:31'))).toBe(true);
    // friendly_number is Tornado's only for en/en_US; en_GB goes through Intl, so skip it here.
    expect(mismatches({ ...f, friendlyNumber: [] })).toEqual([]);
  });

  it('fr_FR with a catalog translating Tornado strings: the catalog wording, Tornado formatting', () => {
    const f = fixture('fr_FR');
    expect(f.formatDate.length).toBeGreaterThan(2000);
    expect(mismatches(f)).toEqual([]);
  });

  it('zh_CN with a catalog: Tornado’s 上午/下午 clock', () => {
    const f = fixture('zh_CN');
    expect(f.formatDate.some((c) => c[4].includes('下午'))).toBe(true);
    expect(mismatches(f)).toEqual([]);
  });

  it('fa_IR with a translated list joins with " و " as Tornado does', () => {
    const f = fixture('fa_IR');
    expect(f.list.find((l) => l[0].length === 3)?.[1]).toBe('A و B و C');
    expect(mismatches(f)).toEqual([]);
  });
});

describe('createFormatter: Tornado quirks kept and deliberate deviations', () => {
  const en = createFormatter('en_US', identity);
  const now = Date.UTC(2024, 2, 15, 14, 37, 25);

  it('rounds minutes and hours half to even, like Python 3 round()', () => {
    expect(en.formatDate(now - 90_000, { now })).toBe('2 minutes ago');
    expect(en.formatDate(now - 150_000, { now })).toBe('2 minutes ago');
    expect(en.formatDate(now - 210_000, { now })).toBe('4 minutes ago');
    expect(en.formatDate(now - 5_400_000, { now })).toBe('2 hours ago');
    expect(en.formatDate(now - 9_000_000, { now })).toBe('2 hours ago');
  });

  it('future: under a minute is "now", else the full format', () => {
    expect(en.formatDate(now + 30_000, { now })).toBe('0 seconds ago');
    expect(en.formatDate(now + 3_600_000, { now })).toBe('March 15, 2024 at 3:37 pm');
    // Tornado tests timedelta.seconds, so a day and 10 s ahead is also "now".
    expect(en.formatDate(now + 86_410_000, { now })).toBe('0 seconds ago');
  });

  it('gmtOffset is minutes west of UTC and never the machine zone', () => {
    expect(en.formatDate(now, { now, relative: false, gmtOffset: 300 })).toBe('9:37 am');
    expect(en.formatDate(now, { now, relative: false, gmtOffset: -330 })).toBe('8:07 pm');
    expect(en.formatDate(now, { now, fullFormat: true, gmtOffset: -600 })).toBe(
      'March 16, 2024 at 12:37 am',
    );
  });

  it('defaults now to the current time', () => {
    expect(en.formatDate(Date.now() - 5 * 60_000)).toBe('5 minutes ago');
    expect(en.formatDate(new Date(Date.now() - 3 * 3_600_000))).toBe('3 hours ago');
  });

  it('friendlyNumber keeps the sign and fraction apart where Tornado mangles them', () => {
    expect(en.friendlyNumber(1234567)).toBe('1,234,567');
    expect(en.friendlyNumber(-1234)).toBe('-1,234'); // Tornado: "-1,234"
    expect(en.friendlyNumber(-123)).toBe('-123'); // Tornado: "-,123"
    expect(en.friendlyNumber(1234.5)).toBe('1,234.5'); // Tornado: "123,4.5"
    expect(en.friendlyNumber(1e21)).toBe('1,000,000,000,000,000,000,000');
  });

  it('rejects an invalid date with a RangeError, as Intl does', () => {
    expect(() => en.formatDate(Number.NaN, { now })).toThrow(RangeError);
    expect(() => en.formatDay(new Date('nope'))).toThrow(RangeError);
  });

  it('calls translate with exactly Tornado’s message strings', () => {
    const calls: unknown[][] = [];
    const spy = createFormatter('en_US', (m, p, c) => {
      calls.push(p === undefined ? [m] : [m, p, c]);
      return identity(m, p, c);
    });
    spy.formatDate(now - 120_000, { now });
    expect(calls).toEqual([['1 minute ago', '%(minutes)d minutes ago', 2]]);
    calls.length = 0;
    spy.list(['a', 'b']);
    expect(calls).toEqual([['%(commas)s and %(last)s']]);
  });
});

describe('createFormatter: Intl for untranslated non-English locales (Node ICU output)', () => {
  const now = Date.UTC(2024, 2, 15, 14, 37, 25);
  const opts = { now, gmtOffset: 300 };
  const fr = createFormatter('fr_FR', identity);
  const ru = createFormatter('ru_RU', identity);
  const ar = createFormatter('ar', identity);
  const ja = createFormatter('ja_JP', identity);

  it('French', () => {
    expect(fr.formatDate(now - 30_000, opts)).toBe('il y a 30 secondes');
    expect(fr.formatDate(now - 26 * 3_600_000, opts)).toBe('hier à 07:37');
    expect(fr.formatDate(now - 40 * 86_400_000, opts)).toBe('4 février à 9:37');
    expect(fr.formatDate(now - 400 * 86_400_000, { ...opts, shorter: true })).toBe(
      '9 février 2023',
    );
    expect(fr.formatDay(now)).toBe('vendredi 15 mars');
    expect(fr.list(['A', 'B', 'C'])).toBe('A, B et C');
    expect(fr.friendlyNumber(1234567)).toBe('1\u202f234\u202f567');
  });

  it('Russian', () => {
    expect(ru.formatDate(now - 120_000, opts)).toBe('2 минуты назад');
    expect(ru.formatDate(now - 26 * 3_600_000, opts)).toBe('вчера в 07:37');
    expect(ru.formatDay(now, { dow: false })).toBe('15 марта');
    expect(ru.list(['A', 'B', 'C'])).toBe('A, B и C');
  });

  it('Arabic', () => {
    expect(ar.formatDate(now - 2 * 3_600_000, opts)).toBe('قبل ساعتين');
    expect(ar.formatDate(now - 26 * 3_600_000, opts)).toBe('أمس في 7:37 ص');
    expect(ar.list(['A', 'B', 'C'])).toBe('A وB وC');
  });

  it('Japanese', () => {
    expect(ja.formatDate(now - 30_000, opts)).toBe('30 秒前');
    expect(ja.formatDate(now - 26 * 3_600_000, opts)).toBe('昨日 7:37');
    expect(ja.formatDay(now)).toBe('3月15日金曜日');
    expect(ja.list(['A', 'B', 'C'])).toBe('A、B、C');
  });
});

describe('createFormatter: a catalog template Python could not fill', () => {
  const now = Date.UTC(2024, 2, 15, 14, 37, 25);
  // A translator's typo: Python's `%` would raise KeyError on `%(dia)s`; the Intl wording is used
  // instead of a half-filled template.
  const typo: TranslateFunction = (message, plural, count) => {
    if (message === '%(month_name)s %(day)s, %(year)s')
      return '%(dia)s de %(month_name)s de %(year)s';
    if (message === '1 minute ago')
      return count === 1 ? 'hace 1 minuto' : 'hace %(minutos)d minutos';
    if (message === '%(commas)s and %(last)s') return '%(commas)s y %(last)';
    return plural !== undefined && count !== 1 ? plural : message;
  };
  const es = createFormatter('es_ES', typo);

  it('formatDate, relative and list fall back to Intl, never to a half-filled text', () => {
    expect(es.formatDate(Date.UTC(2020, 0, 5), { now, shorter: true })).toBe('5 de enero de 2020');
    expect(es.formatDate(now - 5 * 60_000, { now })).toBe('hace 5 minutos');
    expect(es.list(['A', 'B', 'C'])).toBe('A, B y C');
  });
});

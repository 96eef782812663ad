/**
 * Tornado's formatting helpers (`format_date`, `format_day`, `list`, `friendly_number` from
 * tornado/locale.py), ported exactly for English, and through `Intl` for any other locale whose
 * catalog does not translate Tornado's own message strings.
 */
import { codeToTag } from '../negotiation/negotiate.js';
import { compilePython, fillPythonWith, isPythonSyntaxError, MISSING } from '../text/python.js';
import type { FormatDateOptions, FormatDayOptions } from './types.js';

/** `Locale#translate` as the formatter sees it. */
export type TranslateFunction = (message: string, plural?: string, count?: number) => string;

/** Tornado's helpers, bound to one locale. */
export interface LocaleFormatter {
  /** Tornado's `format_date`: "2 minutes ago", "yesterday at 3:45 pm", "March 5, 2019 at 9:00 am". */
  formatDate(date: Date | number, options?: FormatDateOptions): string;
  /** Tornado's `format_day`: "Monday, January 22" (or "January 22" with `dow: false`). */
  formatDay(date: Date | number, options?: FormatDayOptions): string;
  /** Tornado's `list`: "A, B and C" in English (no serial comma), `Intl.ListFormat` elsewhere. */
  list(items: readonly string[]): string;
  /** Tornado's `friendly_number`: "1,234,567" in English, `Intl.NumberFormat` elsewhere. */
  friendlyNumber(n: number | bigint): string;
}

const DAY_MS = 86_400_000;

/** Tornado translates these at `Locale.__init__`; Python's `weekday()` counts from Monday. */
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const WEEKDAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

/** Tornado's `format_date` message for each branch (the `_()` argument, byte for byte). */
const DATE_TEMPLATES = {
  time: '%(time)s',
  yesterday: 'yesterday',
  yesterdayAt: 'yesterday at %(time)s',
  weekday: '%(weekday)s',
  weekdayAt: '%(weekday)s at %(time)s',
  monthDay: '%(month_name)s %(day)s',
  monthDayAt: '%(month_name)s %(day)s at %(time)s',
  full: '%(month_name)s %(day)s, %(year)s',
  fullAt: '%(month_name)s %(day)s, %(year)s at %(time)s',
} as const;
type DateKind = keyof typeof DATE_TEMPLATES;

/**
 * `%(time)s` and `%(weekday)s` are bare placeholders: a translator "translates" them to themselves,
 * which looks just like no translation. They follow the catalog's choice for their `at` form.
 */
const PLACEHOLDER_SIBLINGS: ReadonlyMap<string, string> = new Map([
  ['%(time)s', 'yesterday at %(time)s'],
  ['%(weekday)s', '%(weekday)s at %(time)s'],
]);

/**
 * A catalog's Tornado template filled as Python's `%` would fill it; undefined where Python would
 * raise (an unknown key, a malformed placeholder), so the caller uses its `Intl` wording instead.
 * Tornado's own messages are few and fixed, so nothing is cached.
 */
function pythonFill(
  template: string,
  lookup: (name: string) => string | number | typeof MISSING,
): string | undefined {
  const compiled = compilePython(template);
  return isPythonSyntaxError(compiled) ? undefined : fillPythonWith(compiled, lookup);
}

/** Python 3's `round()`: halves go to the even neighbour (`round(2.5) == 2`). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
}

function toMs(date: Date | number): number {
  const ms = date instanceof Date ? date.getTime() : Number(date);
  if (!Number.isFinite(ms)) throw new RangeError('Invalid time value');
  return ms;
}

/** `timedelta.seconds` of a span: the seconds within its last (floored) day. */
function secondsPart(spanMs: number): number {
  return Math.floor((spanMs - Math.floor(spanMs / DAY_MS) * DAY_MS) / 1000);
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Tornado's comma grouping of `str(value)` for non-negative integers. */
function groupDigits(digits: string): string {
  let out = '';
  let end = digits.length;
  while (end > 0) {
    const start = Math.max(0, end - 3);
    out = digits.slice(start, end) + (out === '' ? '' : ',' + out);
    end = start;
  }
  return out;
}

/**
 * Tornado's `friendly_number` for `en`/`en_US`. Exact for non-negative integers; Tornado mangles
 * negatives (`-123` → `-,123`) and fractions (`1234.5` → `123,4.5`), so those get the sign and the
 * fraction kept apart instead.
 */
function tornadoFriendlyNumber(n: number | bigint): string {
  if (typeof n === 'bigint') return (n < 0n ? '-' : '') + groupDigits((n < 0n ? -n : n).toString());
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  if (Number.isInteger(abs)) {
    return (
      sign + groupDigits(abs <= Number.MAX_SAFE_INTEGER ? String(abs) : BigInt(abs).toString())
    );
  }
  const text = String(abs);
  const m = /^(\d+)(\.\d+)$/.exec(text);
  return m === null ? sign + text : sign + groupDigits(m[1]!) + m[2]!;
}

/**
 * "yesterday" joined to a time as the locale joins a date to a time ("hier à 22:30", "вчера в
 * 22:30", "昨日 22:30"): CLDR's date-time glue is what a long date+time adds around the date and
 * the time formatted alone.
 */
function joinDayAndTime(dateOnly: string, timeOnly: string, both: string, day: string): string {
  if (both.startsWith(dateOnly) && both.endsWith(timeOnly)) {
    return day + both.slice(dateOnly.length, both.length - timeOnly.length) + timeOnly;
  }
  if (both.startsWith(timeOnly) && both.endsWith(dateOnly)) {
    return timeOnly + both.slice(timeOnly.length, both.length - dateOnly.length) + day;
  }
  return day + ' ' + timeOnly;
}

function intlLocales(tag: string): string[] {
  try {
    return Intl.getCanonicalLocales(tag);
  } catch {
    return [];
  }
}

/**
 * Binds Tornado's helpers to a locale. `translate` is called with Tornado's own message strings,
 * exactly as Tornado calls `self.translate`. `Intl` formatters are built on first use, once.
 */
export function createFormatter(code: string, translate: TranslateFunction): LocaleFormatter {
  const tag = codeToTag(code);
  const locales = intlLocales(tag);
  // Tornado's wording is English: it is right for English locales even when untranslated.
  const english = locales.length === 0 || tag.toLowerCase().split('-')[0] === 'en';
  // tornado/locale.py: `tfhour_clock = self.code not in ("en", "en_US", "zh_CN")`.
  const clock = code === 'en' || code === 'en_US' ? 'ampm' : code === 'zh_CN' ? 'zh' : '24h';
  const tornadoNumbers = code === 'en' || code === 'en_US';
  // Tornado joins Persian lists with " و ".
  const comma = code.startsWith('fa') ? ' \u0648 ' : ', ';

  const dtfCache = new Map<string, Intl.DateTimeFormat>();
  function dtf(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    let f = dtfCache.get(key);
    if (f === undefined) {
      f = new Intl.DateTimeFormat(locales, { ...options, timeZone: 'UTC' });
      dtfCache.set(key, f);
    }
    return f;
  }
  const hm = { hour: 'numeric', minute: '2-digit' } as const;
  const md = { month: 'long', day: 'numeric' } as const;
  const ymd = { year: 'numeric', month: 'long', day: 'numeric' } as const;
  let rtfAlways: Intl.RelativeTimeFormat | undefined;
  let rtfAuto: Intl.RelativeTimeFormat | undefined;
  let listFormat: Intl.ListFormat | undefined;
  let numberFormat: Intl.NumberFormat | undefined;

  /** The catalog's text, or undefined where a non-English catalog leaves Tornado's string alone. */
  function tr(message: string, plural?: string, count?: number): string | undefined {
    const out = plural === undefined ? translate(message) : translate(message, plural, count);
    if (english) return out;
    return out === message || out === plural ? undefined : out;
  }

  function relative(
    singular: string,
    plural: string,
    n: number,
    unit: 'second' | 'minute' | 'hour',
  ) {
    const t = tr(singular, plural, n);
    const filled =
      t === undefined ? undefined : pythonFill(t, (k) => (k === unit + 's' ? n : MISSING));
    if (filled !== undefined) return filled;
    rtfAlways ??= new Intl.RelativeTimeFormat(locales, { numeric: 'always' });
    return rtfAlways.format(-n, unit);
  }

  function monthName(d: Date): string {
    const m = MONTHS[d.getUTCMonth()]!;
    const t = tr(m);
    if (t !== undefined) return t;
    // The month as it stands beside a day number (genitive in Russian, Polish…).
    const parts = dtf('md', md).formatToParts(d);
    return parts.find((p) => p.type === 'month')?.value ?? m;
  }

  function weekdayName(d: Date): string {
    const w = WEEKDAYS[(d.getUTCDay() + 6) % 7]!;
    return tr(w) ?? dtf('w', { weekday: 'long' }).format(d);
  }

  function tornadoTime(d: Date): string {
    const h = d.getUTCHours();
    const m = pad2(d.getUTCMinutes());
    if (clock === '24h') return `${h}:${m}`;
    if (clock === 'zh') return (h >= 12 ? '\u4e0b\u5348' : '\u4e0a\u5348') + `${h % 12 || 12}:${m}`;
    return `${h % 12 || 12}:${m} ${h >= 12 ? 'pm' : 'am'}`;
  }

  function fill(template: string, d: Date): string | undefined {
    return pythonFill(template, (name) => {
      switch (name) {
        case 'month_name':
          return monthName(d);
        case 'weekday':
          return weekdayName(d);
        case 'day':
          return String(d.getUTCDate());
        case 'year':
          return String(d.getUTCFullYear());
        case 'time':
          return tornadoTime(d);
        default:
          return MISSING;
      }
    });
  }

  function intlDate(kind: DateKind, d: Date): string {
    switch (kind) {
      case 'time':
        return dtf('hm', hm).format(d);
      case 'yesterday':
      case 'yesterdayAt': {
        rtfAuto ??= new Intl.RelativeTimeFormat(locales, { numeric: 'auto' });
        const day = rtfAuto.format(-1, 'day');
        if (kind === 'yesterday') return day;
        return joinDayAndTime(
          dtf('dateLong', { dateStyle: 'long' }).format(d),
          dtf('timeShort', { timeStyle: 'short' }).format(d),
          dtf('dateTimeLong', { dateStyle: 'long', timeStyle: 'short' }).format(d),
          day,
        );
      }
      case 'weekday':
        return dtf('w', { weekday: 'long' }).format(d);
      case 'weekdayAt':
        return dtf('whm', { weekday: 'long', ...hm }).format(d);
      case 'monthDay':
        return dtf('md', md).format(d);
      case 'monthDayAt':
        return dtf('mdhm', { ...md, ...hm }).format(d);
      case 'full':
        return dtf('ymd', ymd).format(d);
      case 'fullAt':
        return dtf('ymdhm', { ...ymd, ...hm }).format(d);
    }
  }

  function formatDate(date: Date | number, options: FormatDateOptions = {}): string {
    const gmtOffset = options.gmtOffset ?? 0;
    const useRelative = options.relative ?? true;
    const shorter = options.shorter ?? false;
    let fullFormat = options.fullFormat ?? false;
    let dateMs = toMs(date);
    const nowMs = toMs(options.now ?? Date.now());
    if (dateMs > nowMs) {
      // Tornado: clock skew — a date less than a minute ahead counts as now in relative mode.
      // It tests `timedelta.seconds`, so "1 day and 10 s ahead" also counts as now; kept as is.
      if (useRelative && secondsPart(dateMs - nowMs) < 60) dateMs = nowMs;
      else fullFormat = true;
    }
    const offsetMs = gmtOffset * 60_000;
    const local = new Date(dateMs - offsetMs);
    if (Number.isNaN(local.getTime())) throw new RangeError('Invalid time value');
    const diff = nowMs - dateMs;
    const days = Math.floor(diff / DAY_MS);
    const seconds = secondsPart(diff);

    let kind: DateKind | undefined;
    if (!fullFormat) {
      if (useRelative && days === 0) {
        if (seconds < 50)
          return relative('1 second ago', '%(seconds)d seconds ago', seconds, 'second');
        if (seconds < 50 * 60) {
          const minutes = roundHalfEven(seconds / 60);
          return relative('1 minute ago', '%(minutes)d minutes ago', minutes, 'minute');
        }
        const hours = roundHalfEven(seconds / 3600);
        return relative('1 hour ago', '%(hours)d hours ago', hours, 'hour');
      }
      const yesterday = new Date(nowMs - offsetMs - DAY_MS);
      if (days === 0) kind = 'time';
      else if (days === 1 && local.getUTCDate() === yesterday.getUTCDate() && useRelative) {
        kind = shorter ? 'yesterday' : 'yesterdayAt';
      } else if (days < 5) kind = shorter ? 'weekday' : 'weekdayAt';
      // Tornado: 11 months, "since confusing for same month last year".
      else if (days < 334) kind = shorter ? 'monthDay' : 'monthDayAt';
    }
    kind ??= shorter ? 'full' : 'fullAt';
    const message = DATE_TEMPLATES[kind];
    const sibling = PLACEHOLDER_SIBLINGS.get(message);
    const template =
      sibling === undefined
        ? tr(message)
        : tr(sibling) === undefined
          ? undefined
          : translate(message);
    return (template === undefined ? undefined : fill(template, local)) ?? intlDate(kind, local);
  }

  function formatDay(date: Date | number, options: FormatDayOptions = {}): string {
    const local = new Date(toMs(date) - (options.gmtOffset ?? 0) * 60_000);
    if (Number.isNaN(local.getTime())) throw new RangeError('Invalid time value');
    const dow = options.dow ?? true;
    const template = tr(dow ? '%(weekday)s, %(month_name)s %(day)s' : '%(month_name)s %(day)s');
    const filled = template === undefined ? undefined : fill(template, local);
    if (filled !== undefined) return filled;
    return dow ? dtf('wmd', { weekday: 'long', ...md }).format(local) : dtf('md', md).format(local);
  }

  function list(items: readonly string[]): string {
    if (items.length === 0) return '';
    if (items.length === 1) return String(items[0]);
    const template = tr('%(commas)s and %(last)s');
    if (template !== undefined) {
      const commas = items.slice(0, -1).map(String).join(comma);
      const last = String(items[items.length - 1]);
      const filled = pythonFill(template, (k) =>
        k === 'commas' ? commas : k === 'last' ? last : MISSING,
      );
      if (filled !== undefined) return filled;
    }
    listFormat ??= new Intl.ListFormat(locales, { type: 'conjunction' });
    return listFormat.format(items.map(String));
  }

  function friendlyNumber(n: number | bigint): string {
    if (tornadoNumbers) return tornadoFriendlyNumber(n);
    numberFormat ??= new Intl.NumberFormat(locales);
    return numberFormat.format(n);
  }

  return Object.freeze({ formatDate, formatDay, list, friendlyNumber });
}

/**
 * Locale negotiation: `Accept-Language` (RFC 9110 §12.5.4) and locale codes in → one supported code
 * out. Pure: no I/O, no global state; all per-locale work is done once in `createMatcher`.
 *
 * Matching is RFC 4647 "lookup" made smarter with CLDR likely subtags (`Intl.Locale#maximize`) and
 * CLDR's `languageMatching` data (regional groups, nb/no/nn), but it never crosses scripts.
 */

/** One language range of an `Accept-Language` header. */
export interface LanguageRange {
  /** The range as written (`fr-CA`, `*`). */
  readonly tag: string;
  /** Its quality, 0..1 (`q=0` means "not acceptable"). */
  readonly q: number;
  /** Its position among the ranges read, for stable ordering. */
  readonly index: number;
}

/** What `createMatcher` returns. */
export interface LocaleMatcher {
  /** `Translations.get(...codes)`: the first code that matches anything wins, else the default. */
  match(codes: readonly string[]): string;
  /** `Translations.negotiate(header)`: the best supported code for an `Accept-Language` value. */
  negotiate(header: string | undefined): string;
}

/** Only this much of a header is read, so any header costs bounded time. */
export const MAX_HEADER_CHARS = 4096;
/** Only this many list elements of a header are read. */
export const MAX_RANGES = 64;
/** Longest locale code or language range considered (RFC 5646 suggests 35 for a plain tag). */
const MAX_TAG_CHARS = 128;
/** Entries in the per-matcher memo of requested tag → ranked candidates (LRU). */
const MEMO_SIZE = 512;
/**
 * Entries in the per-matcher LRU of raw header → answer. Browsers send few distinct headers, and a
 * hit costs one Map lookup instead of a parse (measured by scripts/measure-negotiate.mjs).
 */
const HEADER_CACHE_SIZE = 256;

const COMMA = 44;
const SEMICOLON = 59;
const EQUALS = 61;
const SPACE = 32;
const TAB = 9;
const DOT = 46;

function isOws(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * `1*8ALPHA *("-" 1*8alphanum)` or `*` (RFC 4647 §2.1). `_` is accepted as a separator because
 * some clients send POSIX-style `en_US`.
 */
function isLanguageRange(s: string, start: number, end: number): boolean {
  if (end - start === 1 && s.charCodeAt(start) === 42) return true;
  if (end - start > MAX_TAG_CHARS) return false;
  let len = 0;
  let first = true;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 45 || c === 95) {
      if (len === 0) return false;
      len = 0;
      first = false;
    } else if (isAlpha(c) || (!first && isDigit(c))) {
      if (++len > 8) return false;
    } else {
      return false;
    }
  }
  return len > 0;
}

/**
 * A qvalue (RFC 9110 §12.4.2), read a little more liberally than the grammar (any number of
 * decimals) but never outside 0..1: `q=x`, `q=1.5`, `q=-1`, `q=1e309` → `NaN`, which drops the range.
 */
function parseQ(s: string, start: number, end: number): number {
  if (start >= end) return Number.NaN;
  let i = start;
  let q = 0;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) break;
    q = q * 10 + (c - 48);
    i++;
  }
  if (i === start) return Number.NaN;
  if (i < end) {
    if (s.charCodeAt(i) !== DOT) return Number.NaN;
    i++;
    let frac = 0;
    let div = 1;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (!isDigit(c)) return Number.NaN;
      if (div < 1e15) {
        frac = frac * 10 + (c - 48);
        div *= 10;
      }
      i++;
    }
    q += frac / div; // one division: 0.7, not 0.7000000000000001
  }
  return q <= 1 ? q : Number.NaN;
}

/**
 * Parses one list element `range *( OWS ";" OWS param )`; returns the q-value, or NaN if the
 * element is not a valid range with a valid (or absent) weight. `out[0..1]` receive the tag bounds.
 */
function parseElement(s: string, start: number, end: number, out: number[]): number {
  let i = start;
  while (i < end && isOws(s.charCodeAt(i))) i++;
  const tagStart = i;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === SEMICOLON || isOws(c)) break;
    i++;
  }
  const tagEnd = i;
  if (!isLanguageRange(s, tagStart, tagEnd)) return Number.NaN;
  out[0] = tagStart;
  out[1] = tagEnd;
  let q = 1;
  let seenQ = false;
  while (i < end) {
    while (i < end && isOws(s.charCodeAt(i))) i++;
    if (i >= end) break;
    if (s.charCodeAt(i) !== SEMICOLON) return Number.NaN;
    i++;
    while (i < end && isOws(s.charCodeAt(i))) i++;
    const nameStart = i;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c === EQUALS || c === SEMICOLON || isOws(c)) break;
      i++;
    }
    const nameEnd = i;
    while (i < end && isOws(s.charCodeAt(i))) i++;
    let valueStart = i;
    let valueEnd = i;
    if (i < end && s.charCodeAt(i) === EQUALS) {
      i++;
      while (i < end && isOws(s.charCodeAt(i))) i++;
      valueStart = i;
      while (i < end) {
        const c = s.charCodeAt(i);
        if (c === SEMICOLON || isOws(c)) break;
        i++;
      }
      valueEnd = i;
    }
    const c0 = s.charCodeAt(nameStart);
    if (nameEnd - nameStart === 1 && (c0 === 113 || c0 === 81)) {
      // The first q wins; a weight that is not a qvalue makes the whole range invalid.
      if (!seenQ) {
        q = parseQ(s, valueStart, valueEnd);
        if (Number.isNaN(q)) return q;
        seenQ = true;
      }
    } else if (nameEnd === nameStart) {
      if (valueEnd > valueStart) return Number.NaN;
    }
    // Other parameters (RFC 2616's `level`, extensions) are ignored.
  }
  return q;
}

/**
 * Parses an `Accept-Language` value (RFC 9110 §12.5.4): ranges with their q-values, sorted by q,
 * highest first, stable among equal q. Invalid elements are dropped. At most the first
 * `MAX_HEADER_CHARS` characters (cut at the last complete element) and `MAX_RANGES` elements are read.
 */
export function parseAcceptLanguage(header: string): LanguageRange[] {
  const ranges: LanguageRange[] = [];
  if (typeof header !== 'string') return ranges;
  let end = header.length;
  if (end > MAX_HEADER_CHARS) {
    end =
      header.charCodeAt(MAX_HEADER_CHARS) === COMMA
        ? MAX_HEADER_CHARS
        : Math.max(0, header.lastIndexOf(',', MAX_HEADER_CHARS - 1));
  }
  const bounds = [0, 0];
  let elements = 0;
  let sorted = true;
  let i = 0;
  while (i < end && elements < MAX_RANGES) {
    let j = header.indexOf(',', i);
    if (j === -1 || j > end) j = end;
    let k = i;
    while (k < j && isOws(header.charCodeAt(k))) k++;
    if (k < j) {
      elements++;
      const q = parseElement(header, k, j, bounds);
      if (!Number.isNaN(q)) {
        const last = ranges[ranges.length - 1];
        if (last !== undefined && last.q < q) sorted = false;
        ranges.push({ tag: header.slice(bounds[0], bounds[1]), q, index: ranges.length });
      }
    }
    i = j + 1;
  }
  // Array#sort is stable (ES2019); equal q keep header order.
  if (!sorted) ranges.sort((a, b) => b.q - a.q);
  return ranges;
}

/** Deprecated ISO 639 codes that CLDR canonicalises (`iw` → `he`), plus macrolanguage `cmn`. */
const LANGUAGE_ALIASES: ReadonlyMap<string, string> = new Map([
  ['iw', 'he'],
  ['in', 'id'],
  ['ji', 'yi'],
  ['jw', 'jv'],
  ['mo', 'ro'],
  ['tl', 'fil'],
  ['cmn', 'zh'],
  // CLDR languageMatching: desired "no" ↔ supported "nb" at 100%: the same written language.
  ['no', 'nb'],
]);

/** CLDR `languageMatching`: desired `nn` accepts `nb`/`no` (96%) — only after every `nn`. */
const FALLBACK_LANGUAGES: ReadonlyMap<string, string> = new Map([['nn', 'nb']]);

/** Tornado/Facebook pseudo-codes whose region is not a region. */
const CODE_TAGS: ReadonlyMap<string, string> = new Map([
  ['es_la', 'es-419'],
  ['ar_ar', 'ar'],
]);

/** CLDR languageMatching `$americas` (UN M.49 region 019), for `es`/`pt` regional groups. */
const AMERICAS = new Set(
  (
    'AG AI AR AW BB BL BM BO BQ BR BS BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP GS GT GY HN HT ' +
    'JM KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT UM US UY VC VE VG VI ' +
    '419 019 005 013 021 029'
  ).split(' '),
);
/** CLDR languageMatching `$enUS`: English regions that follow US usage. */
const EN_US = new Set('AS CA GU MH MP PH PR UM US VI'.split(' '));
/** CLDR `$cnsar`: Hong Kong and Macao (for `zh-Hant`). */
const CNSAR = new Set(['HK', 'MO']);
/** CLDR `$maghreb` (for `ar`). */
const MAGHREB = new Set('MA DZ TN LY MR EH'.split(' '));

/** CLDR languageMatching's regional groups: two regions in one group are closer than others. */
function regionGroup(lang: string, script: string, region: string): string {
  switch (lang) {
    case 'en':
      return EN_US.has(region) ? 'enUS' : 'enGB';
    case 'es':
    case 'pt':
      return AMERICAS.has(region) ? 'americas' : 'other';
    case 'ar':
      return MAGHREB.has(region) ? 'maghreb' : 'other';
    case 'zh':
      return script === 'Hant' && CNSAR.has(region) ? 'cnsar' : 'other';
    default:
      return '';
  }
}

function cutLength(code: string): string | undefined {
  return typeof code === 'string' && code.length > 0 && code.length <= MAX_TAG_CHARS
    ? code
    : undefined;
}

/** `de_DE.UTF-8@euro` → `de_DE`, `sr_RS@latin` → `sr_Latn_RS` (glibc/gettext locale names). */
function stripPosix(code: string): string {
  const at = code.indexOf('@');
  let modifier = '';
  if (at !== -1) {
    modifier = code.slice(at + 1).toLowerCase();
    code = code.slice(0, at);
  }
  const dot = code.indexOf('.');
  if (dot !== -1) code = code.slice(0, dot);
  const script = modifier === 'latin' ? 'Latn' : modifier === 'cyrillic' ? 'Cyrl' : '';
  if (script !== '') {
    const sep = code.search(/[-_]/);
    code = sep === -1 ? code + '_' + script : code.slice(0, sep) + '_' + script + code.slice(sep);
  }
  return code;
}

/**
 * `EN_us`, `en-US`, `en_US` → `en-US`; `zh_hant_tw` → `zh-Hant-TW`; `iw` → `he` (BCP 47 canonical
 * form via `Intl.getCanonicalLocales`). `undefined` for anything that is not a language tag.
 */
export function normalizeTag(code: string): string | undefined {
  const bounded = cutLength(code);
  if (bounded === undefined) return undefined;
  const mapped = CODE_TAGS.get(bounded.toLowerCase());
  if (mapped !== undefined) return mapped;
  const dashed = stripPosix(bounded).replace(/_/g, '-');
  if (!isLanguageRange(dashed, 0, dashed.length) || dashed === '*') return undefined;
  try {
    return Intl.getCanonicalLocales(dashed)[0];
  } catch {
    return undefined;
  }
}

/**
 * A catalog code as Tornado names it → its BCP 47 tag: `es_ES` → `es-ES`, `sr_Latn_RS` →
 * `sr-Latn-RS`, `es_LA` (Tornado's "Latin America") → `es-419`. A code that is no tag at all comes
 * back with `_` turned into `-`.
 */
export function codeToTag(code: string): string {
  return normalizeTag(code) ?? String(code).replace(/_/g, '-');
}

/** Language, script and region of a tag, maximized by CLDR likely subtags where possible. */
interface Subtags {
  /** Alias-folded language (`no` → `nb`, `iw` → `he`). */
  readonly lang: string;
  /** Script as written in the tag, or ''. */
  readonly script: string;
  /** Region as written in the tag, upper-case, or ''. */
  readonly region: string;
  /** Likely script (`zh-TW` → `Hant`), or '' when CLDR does not know the tag. */
  readonly maxScript: string;
  /** Likely region (`pt` → `BR`), or ''. */
  readonly maxRegion: string;
}

/** Splits a lower-case `-`-separated tag into language/script/region without any `Intl` call. */
function explicitSubtags(lower: string): { lang: string; script: string; region: string } {
  const parts = lower.split('-');
  let lang = parts[0] ?? '';
  let script = '';
  let region = '';
  let i = 1;
  // Skip extlang subtags (`zh-yue`): rare in headers, and the primary language still applies.
  while (i < parts.length && parts[i]!.length === 3 && /^[a-z]{3}$/.test(parts[i]!) && i < 4) i++;
  const s = parts[i];
  if (s !== undefined && s.length === 4 && /^[a-z]{4}$/.test(s)) {
    script = s.charAt(0).toUpperCase() + s.slice(1);
    i++;
  }
  const r = parts[i];
  if (r !== undefined && (/^[a-z]{2}$/.test(r) || /^[0-9]{3}$/.test(r))) region = r.toUpperCase();
  if (lang === 'sh') {
    lang = 'sr';
    script ||= 'Latn';
  }
  lang = LANGUAGE_ALIASES.get(lang) ?? lang;
  return { lang, script, region };
}

function subtagsOf(lower: string): Subtags {
  const { lang, script, region } = explicitSubtags(lower);
  let maxScript = script;
  let maxRegion = region;
  if (/^[a-z]{2,3}$|^[a-z]{5,8}$/.test(lang)) {
    try {
      const max = new Intl.Locale(
        lang + (script ? '-' + script : '') + (region ? '-' + region : ''),
      ).maximize();
      maxScript = max.script ?? script;
      maxRegion = max.region ?? region;
    } catch {
      // Not a tag Intl accepts: only exact and truncation matches apply.
    }
  }
  return { lang, script, region, maxScript, maxRegion };
}

/** One supported code with everything matching needs, computed once. */
interface Candidate {
  readonly code: string;
  /** Lower-case BCP 47 tag (`pt-br`). */
  readonly lower: string;
  readonly sub: Subtags;
  /** CLDR regional group of the maximized region. */
  readonly group: string;
  /** The region CLDR considers likely for this language+script (`pt-Latn` → `BR`). */
  readonly likelyRegion: string;
}

function lowerTagOf(code: string): string {
  return codeToTag(code).toLowerCase();
}

/**
 * Ranks how well `c` serves a request for `req` (lower is better), or -1 if it must not serve it.
 * 1xx truncation (RFC 4647 lookup), 2xx same maximized region, 3xx same CLDR regional group,
 * 4xx the language's likely region, 5xx any other region; +1000 for a related language (nn → nb).
 */
function rank(c: Candidate, reqLower: string, req: Subtags): number {
  let base = 0;
  if (c.sub.lang !== req.lang) {
    if (FALLBACK_LANGUAGES.get(req.lang) !== c.sub.lang) return -1;
    base = 1000;
  }
  // Never across scripts (zh-Hant vs zh-Hans, sr-Latn vs sr-Cyrl). Unknown scripts compare equal.
  if (c.sub.maxScript !== '' && req.maxScript !== '' && c.sub.maxScript !== req.maxScript) {
    return -1;
  }
  if (base === 0 && reqLower.length > c.lower.length && reqLower.startsWith(c.lower + '-')) {
    return 100 - c.lower.length;
  }
  if (c.sub.maxRegion !== '' && c.sub.maxRegion === req.maxRegion) return base + 200;
  const reqGroup = regionGroup(req.lang, req.maxScript, req.maxRegion);
  if (reqGroup !== '' && reqGroup === c.group) {
    // CLDR: non-US English prefers en-GB (distance 3) over other non-US English (4).
    return base + (reqGroup === 'enGB' && c.sub.maxRegion === 'GB' ? 300 : 301);
  }
  if (c.sub.maxRegion !== '' && c.sub.maxRegion === c.likelyRegion) return base + 400;
  return base + 500;
}

/**
 * Whether a range covers a candidate, for `q=0` refusals and for what `*` leaves out: RFC 4647
 * basic filtering (`fr` covers `fr-CA`), or every subtag the range names equals the candidate's
 * maximized one (`zh-Hant` covers `zh_TW`; `fr-CA` does not cover `fr_FR`).
 */
function covers(rangeLower: string, range: Subtags, c: Candidate): boolean {
  if (c.lower === rangeLower || c.lower.startsWith(rangeLower + '-')) return true;
  return (
    range.lang === c.sub.lang &&
    (range.script === '' || range.script === c.sub.maxScript) &&
    (range.region === '' || range.region === c.sub.maxRegion)
  );
}

/** Lower case with `_` as `-`, without a regex pass in the common case. */
function lowerDash(tag: string): string {
  const lower = tag.toLowerCase();
  return lower.indexOf('_') === -1 ? lower : lower.replace(/_/g, '-');
}

function normalizeRequest(code: string): string | undefined {
  const bounded = cutLength(code);
  if (bounded === undefined) return undefined;
  const lower = bounded.toLowerCase();
  const mapped = CODE_TAGS.get(lower);
  if (mapped !== undefined) return mapped.toLowerCase();
  return stripPosix(lower).replace(/_/g, '-');
}

/**
 * Builds a matcher for `supportedCodes` (+ `defaultCode`). The result always returns one of those
 * codes exactly as spelled there.
 */
export function createMatcher(
  supportedCodes: readonly string[],
  defaultCode: string,
): LocaleMatcher {
  const codes = [...supportedCodes];
  if (!codes.includes(defaultCode)) codes.push(defaultCode);

  const candidates: Candidate[] = codes.map((code) => {
    const lower = lowerTagOf(code);
    const sub = subtagsOf(lower);
    let likelyRegion = '';
    if (sub.maxScript !== '') {
      try {
        likelyRegion = new Intl.Locale(sub.lang + '-' + sub.maxScript).maximize().region ?? '';
      } catch {
        likelyRegion = '';
      }
    }
    const group = regionGroup(sub.lang, sub.maxScript, sub.maxRegion);
    return { code, lower, sub, group, likelyRegion };
  });

  // Exact lookups: the tag, the code as written (lower-cased, `-`), then the maximized tag.
  const exact = new Map<string, Candidate>();
  for (const c of candidates) if (!exact.has(c.lower)) exact.set(c.lower, c);
  for (const c of candidates) {
    const key = c.code.toLowerCase().replace(/_/g, '-');
    if (!exact.has(key)) exact.set(key, c);
  }
  for (const c of candidates) {
    if (c.sub.maxScript === '' || c.sub.maxRegion === '') continue;
    const key = `${c.sub.lang}-${c.sub.maxScript}-${c.sub.maxRegion}`.toLowerCase();
    if (!exact.has(key)) exact.set(key, c);
  }
  const languages = new Set<string>();
  for (const c of candidates) languages.add(c.sub.lang);
  for (const [from, to] of FALLBACK_LANGUAGES) if (languages.has(to)) languages.add(from);

  const defaultCandidate = candidates.find((c) => c.code === defaultCode)!;
  // Candidates in `*` order: the default first (the server's own preference), then as supplied.
  const wildcardOrder = [defaultCandidate, ...candidates.filter((c) => c !== defaultCandidate)];

  // Bounded LRU: requested tag (lower-case) → candidates best first. Only tags whose language is
  // supported get here, and Intl#maximize is the expensive part of a miss.
  const memo = new Map<string, { sub: Subtags; ranked: readonly Candidate[] }>();

  function analyse(lower: string): { sub: Subtags; ranked: readonly Candidate[] } | undefined {
    const hit = memo.get(lower);
    if (hit !== undefined) {
      memo.delete(lower);
      memo.set(lower, hit);
      return hit;
    }
    const dash = lower.indexOf('-');
    const first = dash === -1 ? lower : lower.slice(0, dash);
    const lang = first === 'sh' ? 'sr' : (LANGUAGE_ALIASES.get(first) ?? first);
    if (!languages.has(lang)) return undefined;
    const sub = subtagsOf(lower);
    const scored: { c: Candidate; r: number }[] = [];
    for (const c of candidates) {
      const r = rank(c, lower, sub);
      if (r >= 0) scored.push({ c, r });
    }
    scored.sort((a, b) => a.r - b.r);
    const entry = { sub, ranked: scored.map((s) => s.c) };
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
    memo.set(lower, entry);
    return entry;
  }

  function isRefused(c: Candidate, refused: readonly { lower: string; sub: Subtags }[]): boolean {
    for (const r of refused) if (covers(r.lower, r.sub, c)) return true;
    return false;
  }

  function best(
    lower: string,
    refused: readonly { lower: string; sub: Subtags }[],
  ): Candidate | undefined {
    const direct = exact.get(lower);
    if (direct !== undefined && (refused.length === 0 || !isRefused(direct, refused))) {
      return direct;
    }
    const a = analyse(lower);
    if (a === undefined) return undefined;
    for (const c of a.ranked) if (refused.length === 0 || !isRefused(c, refused)) return c;
    return undefined;
  }

  const none: readonly { lower: string; sub: Subtags }[] = [];

  function match(requested: readonly string[]): string {
    for (const code of requested) {
      const lower = normalizeRequest(code);
      if (lower === undefined || !isLanguageRange(lower, 0, lower.length) || lower === '*') {
        continue;
      }
      const c = best(lower, none);
      if (c !== undefined) return c.code;
    }
    return defaultCode;
  }

  /** `covers` reads only the subtags a range names, so no `Intl` call (and no memo) is needed. */
  function rangeSubtags(lower: string): Subtags {
    const { lang, script, region } = explicitSubtags(lower);
    return { lang, script, region, maxScript: script, maxRegion: region };
  }

  // Only headers up to the read limit are keys, so the cache holds at most 256 × 4 KB.
  const headerCache = new Map<string, string>();

  function negotiate(header: string | undefined): string {
    if (typeof header !== 'string' || header.length === 0) return defaultCode;
    if (header.length > MAX_HEADER_CHARS) return negotiateUncached(header);
    const hit = headerCache.get(header);
    if (hit !== undefined) return hit;
    const code = negotiateUncached(header);
    if (headerCache.size >= HEADER_CACHE_SIZE) headerCache.delete(headerCache.keys().next().value!);
    headerCache.set(header, code);
    return code;
  }

  function negotiateUncached(header: string): string {
    const ranges = parseAcceptLanguage(header);
    let refused = none;
    for (const r of ranges) {
      // `*;q=0` refuses only what no other range names, i.e. it just disables the wildcard.
      if (r.q === 0 && r.tag !== '*') {
        if (refused === none) refused = [];
        const lower = lowerDash(r.tag);
        (refused as { lower: string; sub: Subtags }[]).push({ lower, sub: rangeSubtags(lower) });
      }
    }
    let wildcardTried = false;
    for (const r of ranges) {
      if (r.q === 0) break; // sorted: only refusals follow
      if (r.tag === '*') {
        // A second `*` has the same answer as the first: try once, keeping the work linear.
        if (wildcardTried) continue;
        wildcardTried = true;
        const c = wildcard(ranges, refused);
        if (c !== undefined) return c.code;
        continue;
      }
      const c = best(lowerDash(r.tag), refused);
      if (c !== undefined) return c.code;
    }
    return defaultCode;
  }

  /** `*`: any supported locale that no other range mentions (RFC 9110 §12.5.4), default first. */
  function wildcard(
    ranges: readonly LanguageRange[],
    refused: readonly { lower: string; sub: Subtags }[],
  ): Candidate | undefined {
    const mentioned: { lower: string; sub: Subtags }[] = [];
    for (const r of ranges) {
      if (r.tag === '*' || r.q === 0) continue;
      const lower = lowerDash(r.tag);
      mentioned.push({ lower, sub: rangeSubtags(lower) });
    }
    for (const c of wildcardOrder) {
      if (!isRefused(c, refused) && !isRefused(c, mentioned)) return c;
    }
    return undefined;
  }

  return Object.freeze({ match, negotiate });
}

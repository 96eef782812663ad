/**
 * How close a supported locale is to a requested tag, after CLDR's `languageMatching`: truncation
 * first (RFC 4647 lookup), then the same region, the same regional group, the language's likely
 * region, any region; never across scripts. Pure; everything per locale is computed once in
 * `toCandidate`.
 */
import {
  explicitSubtags,
  FALLBACK_LANGUAGES,
  lowerTagOf,
  type Subtags,
  subtagsOf,
} from './tags.js';

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

/** One supported code with everything matching needs, computed once. */
export interface Candidate {
  readonly code: string;
  /** Lower-case BCP 47 tag (`pt-br`; `es-419` for Tornado's `es_LA`). */
  readonly lower: string;
  /** The code as written, lower-cased with `-` (`es-la`). */
  readonly folded: string;
  readonly sub: Subtags;
  /** CLDR regional group of the maximized region. */
  readonly group: string;
  /** The region CLDR considers likely for this language+script (`pt-Latn` → `BR`). */
  readonly likelyRegion: string;
}

/** Candidates ranked at or above this are served through a related language (nn → nb). */
export const RELATED_LANGUAGE = 1000;

/** Everything matching needs about one supported code (two `Intl.Locale#maximize` calls). */
export function toCandidate(code: string): Candidate {
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
  const folded = code.toLowerCase().replace(/_/g, '-');
  return { code, lower, folded, sub, group, likelyRegion };
}

/**
 * Ranks how well `c` serves a request for `req` (lower is better), or -1 if it must not serve it.
 * 1xx truncation (RFC 4647 lookup), 2xx same maximized region, 3xx same CLDR regional group,
 * 4xx the language's likely region, 5xx any other region; +1000 for a related language (nn → nb).
 */
export function rank(c: Candidate, reqLower: string, req: Subtags): number {
  let base = 0;
  if (c.sub.lang !== req.lang) {
    if (FALLBACK_LANGUAGES.get(req.lang) !== c.sub.lang) return -1;
    base = RELATED_LANGUAGE;
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

/** A language range as `covers` reads it: lower-case with `-`, and the subtags it names. */
export interface RangeTag {
  readonly lower: string;
  readonly sub: Subtags;
}

/** `covers` reads only the subtags a range names, so no `Intl` call (and no memo) is needed. */
export function toRangeTag(lower: string): RangeTag {
  const { lang, script, region } = explicitSubtags(lower);
  return { lower, sub: { lang, script, region, maxScript: script, maxRegion: region } };
}

/**
 * Whether a range covers a candidate, for `q=0` refusals and for what `*` leaves out: RFC 4647
 * basic filtering (`fr` covers `fr-CA`), or every subtag the range names equals the candidate's
 * maximized one (`zh-Hant` covers `zh_TW`; `fr-CA` does not cover `fr_FR`).
 */
export function covers(range: RangeTag, c: Candidate): boolean {
  const rangeLower = range.lower;
  if (c.lower === rangeLower || c.lower.startsWith(rangeLower + '-')) return true;
  const { lang, script, region } = range.sub;
  return (
    lang === c.sub.lang &&
    (script === '' || script === c.sub.maxScript) &&
    (region === '' || region === c.sub.maxRegion)
  );
}

/**
 * Locale negotiation: `Accept-Language` (RFC 9110 §12.5.4) and locale codes in → one supported code
 * out. Pure: no I/O, no global state; all per-locale work is done once in `createMatcher`.
 *
 * Matching is RFC 4647 "lookup" made smarter with CLDR likely subtags (`Intl.Locale#maximize`) and
 * CLDR's `languageMatching` data (regional groups, nb/no/nn), but it never crosses scripts. The
 * parts, each a module of its own: `accept-language` (the header grammar), `tags` (spellings and
 * subtags), `distance` (how close a candidate is), `candidate-index` (the prepared supported
 * codes), `refusals` (`q=0`).
 */
import {
  isLanguageRange,
  type LanguageRange,
  MAX_HEADER_CHARS,
  parseAcceptLanguage,
} from './accept-language.js';
import { CandidateIndex } from './candidate-index.js';
import { type Candidate, covers, type RangeTag, toRangeTag } from './distance.js';
import { Refusals } from './refusals.js';
import { lowerDash, normalizeRequest } from './tags.js';

export {
  type LanguageRange,
  MAX_HEADER_CHARS,
  MAX_RANGES,
  parseAcceptLanguage,
} from './accept-language.js';
export { codeToTag, normalizeTag } from './tags.js';

/** What `createMatcher` returns. */
export interface LocaleMatcher {
  /** `Translations.get(...codes)`: the first code that matches anything wins, else the default. */
  match(codes: readonly string[]): string;
  /** `Translations.negotiate(header)`: the best supported code for an `Accept-Language` value. */
  negotiate(header: string | undefined): string;
}

/**
 * Entries in the per-matcher cache of raw header → answer. Browsers send few distinct headers, and
 * a hit costs one Map lookup instead of a parse (measured by scripts/measure-negotiate.mjs). Only
 * headers up to the read limit are keys, so the cache holds at most 256 × 4 KB.
 */
const HEADER_CACHE_SIZE = 256;

/**
 * Which candidates a pass may serve. A related language (`nn` → `nb`) is only a fallback: it is
 * tried after every range (or code) the visitor listed has failed in its own language, as CLDR's
 * best-fit matcher prefers a listed language to a related one (`nn, en;q=0.5` → English).
 */
type Pass = 'direct' | 'related';

/**
 * Builds a matcher for `supportedCodes` (+ `defaultCode`). The result always returns one of those
 * codes exactly as spelled there.
 */
export function createMatcher(
  supportedCodes: readonly string[],
  defaultCode: string,
): LocaleMatcher {
  const index = new CandidateIndex(supportedCodes, defaultCode);
  const headerCache = new Map<string, string>();

  function match(codes: readonly string[]): string {
    return (
      firstCodeMatch(index, codes, 'direct') ??
      (index.hasRelatedLanguages ? firstCodeMatch(index, codes, 'related') : undefined) ??
      defaultCode
    );
  }

  function negotiate(header: string | undefined): string {
    if (typeof header !== 'string' || header.length === 0) return defaultCode;
    if (header.length > MAX_HEADER_CHARS) return negotiateHeader(index, header);
    const hit = headerCache.get(header);
    if (hit !== undefined) return hit;
    const code = negotiateHeader(index, header);
    if (headerCache.size >= HEADER_CACHE_SIZE) headerCache.delete(headerCache.keys().next().value!);
    headerCache.set(header, code);
    return code;
  }

  return Object.freeze({ match, negotiate });
}

/** `Translations.get`: the first code that any candidate serves in this pass. */
function firstCodeMatch(
  index: CandidateIndex,
  codes: readonly string[],
  pass: Pass,
): string | undefined {
  for (const code of codes) {
    const lower = normalizeRequest(code);
    if (lower === undefined || lower === '*' || !isLanguageRange(lower, 0, lower.length)) continue;
    const c = bestCandidate(index, lower, pass, Refusals.NONE);
    if (c !== undefined) return c.code;
  }
  return undefined;
}

/** A header's answer: its ranges best first in the language they name, then related languages. */
function negotiateHeader(index: CandidateIndex, header: string): string {
  const ranges = parseAcceptLanguage(header);
  const refusals = Refusals.of(ranges);
  const c =
    firstRangeMatch(index, ranges, refusals, 'direct') ??
    (index.hasRelatedLanguages ? firstRangeMatch(index, ranges, refusals, 'related') : undefined);
  return c?.code ?? index.defaultCode;
}

/** The first acceptable range (sorted by q) that a candidate not refused serves in this pass. */
function firstRangeMatch(
  index: CandidateIndex,
  ranges: readonly LanguageRange[],
  refusals: Refusals,
  pass: Pass,
): Candidate | undefined {
  let wildcardTried = false;
  for (const r of ranges) {
    if (r.q === 0) break; // sorted: only refusals follow
    if (r.tag === '*') {
      // `*` already stands for every language in the first pass; a second `*` has the same
      // answer as the first, so it is tried once, keeping the work linear.
      if (pass === 'related' || wildcardTried) continue;
      wildcardTried = true;
      const c = wildcardMatch(index, ranges, refusals);
      if (c !== undefined) return c;
      continue;
    }
    const c = bestCandidate(index, lowerDash(r.tag), pass, refusals);
    if (c !== undefined) return c;
  }
  return undefined;
}

/** The best candidate for one requested tag (lower-case, `-`) that no refusal blocks. */
function bestCandidate(
  index: CandidateIndex,
  lower: string,
  pass: Pass,
  refusals: Refusals,
): Candidate | undefined {
  if (pass === 'direct') {
    const exact = index.exact(lower);
    if (exact !== undefined && !refusals.blocks(exact, lower)) return exact;
  }
  const ranking = index.ranking(lower);
  if (ranking === undefined) return undefined;
  for (const c of pass === 'direct' ? ranking.direct : ranking.related) {
    if (!refusals.blocks(c, lower)) return c;
  }
  return undefined;
}

/** `*`: any supported locale that no other range mentions (RFC 9110 §12.5.4), default first. */
function wildcardMatch(
  index: CandidateIndex,
  ranges: readonly LanguageRange[],
  refusals: Refusals,
): Candidate | undefined {
  const mentioned: RangeTag[] = [];
  for (const r of ranges) {
    if (r.tag !== '*' && r.q > 0) mentioned.push(toRangeTag(lowerDash(r.tag)));
  }
  for (const c of index.wildcardOrder) {
    if (!refusals.covers(c) && !mentioned.some((m) => covers(m, c))) return c;
  }
  return undefined;
}

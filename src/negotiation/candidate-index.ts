/**
 * The supported codes, prepared once for matching: an exact-spelling table and, per requested tag,
 * the candidates that may serve it, best first (memoized, bounded).
 */
import { type Candidate, RELATED_LANGUAGE, rank, toCandidate } from './distance.js';
import { FALLBACK_LANGUAGES, LANGUAGE_ALIASES, subtagsOf } from './tags.js';

/** Entries in the memo of requested tag → ranking (LRU). */
const MEMO_SIZE = 512;

/** The candidates that may serve one requested tag, best first. */
export interface Ranking {
  /** The same language (`fr-CA` → `fr_FR`). */
  readonly direct: readonly Candidate[];
  /** A related language, CLDR `languageMatching` (`nn` → `nb`). */
  readonly related: readonly Candidate[];
}

const NO_CANDIDATES: readonly Candidate[] = Object.freeze([]);

export class CandidateIndex {
  readonly defaultCode: string;
  /** Candidates in `*` order: the default first (the server's own preference), then as supplied. */
  readonly wildcardOrder: readonly Candidate[];
  /** Whether any supported language is some other language's related fallback (nb for nn). */
  readonly hasRelatedLanguages: boolean;
  readonly #candidates: readonly Candidate[];
  readonly #exact: ReadonlyMap<string, Candidate>;
  /** Languages that reach some candidate, directly or as a related language. */
  readonly #languages: ReadonlySet<string>;
  readonly #memo = new Map<string, Ranking>();

  constructor(supportedCodes: readonly string[], defaultCode: string) {
    const codes = [...supportedCodes];
    if (!codes.includes(defaultCode)) codes.push(defaultCode);
    const candidates = codes.map(toCandidate);
    this.defaultCode = defaultCode;
    this.#candidates = candidates;
    this.#exact = exactTable(candidates);
    const languages = new Set(candidates.map((c) => c.sub.lang));
    let hasRelated = false;
    for (const [from, to] of FALLBACK_LANGUAGES) {
      if (languages.has(to)) {
        languages.add(from);
        hasRelated = true;
      }
    }
    this.#languages = languages;
    this.hasRelatedLanguages = hasRelated;
    const defaultCandidate = candidates.find((c) => c.code === defaultCode)!;
    this.wildcardOrder = [defaultCandidate, ...candidates.filter((c) => c !== defaultCandidate)];
  }

  /** The candidate a lower-case, `-`-separated tag names exactly, if any. */
  exact(lower: string): Candidate | undefined {
    return this.#exact.get(lower);
  }

  /**
   * Every candidate that may serve `lower`, best first; undefined when no supported language is
   * that language or related to it (decided without any `Intl` call).
   */
  ranking(lower: string): Ranking | undefined {
    const hit = this.#memo.get(lower);
    if (hit !== undefined) {
      this.#memo.delete(lower);
      this.#memo.set(lower, hit);
      return hit;
    }
    if (!this.#languages.has(primaryLanguage(lower))) return undefined;
    const ranking = rankCandidates(this.#candidates, lower);
    if (this.#memo.size >= MEMO_SIZE) this.#memo.delete(this.#memo.keys().next().value!);
    this.#memo.set(lower, ranking);
    return ranking;
  }
}

/** Exact lookups: the tag, the code as written (lower-cased, `-`), then the maximized tag. */
function exactTable(candidates: readonly Candidate[]): Map<string, Candidate> {
  const exact = new Map<string, Candidate>();
  for (const c of candidates) if (!exact.has(c.lower)) exact.set(c.lower, c);
  for (const c of candidates) if (!exact.has(c.folded)) exact.set(c.folded, c);
  for (const c of candidates) {
    if (c.sub.maxScript === '' || c.sub.maxRegion === '') continue;
    const key = `${c.sub.lang}-${c.sub.maxScript}-${c.sub.maxRegion}`.toLowerCase();
    if (!exact.has(key)) exact.set(key, c);
  }
  return exact;
}

/** The alias-folded language subtag of a lower-case tag (`iw-il` → `he`, `sh` → `sr`). */
function primaryLanguage(lower: string): string {
  const dash = lower.indexOf('-');
  const first = dash === -1 ? lower : lower.slice(0, dash);
  return first === 'sh' ? 'sr' : (LANGUAGE_ALIASES.get(first) ?? first);
}

/** `Intl#maximize` of the request is the expensive part, which is why rankings are memoized. */
function rankCandidates(candidates: readonly Candidate[], lower: string): Ranking {
  const req = subtagsOf(lower);
  const scored: { c: Candidate; r: number }[] = [];
  for (const c of candidates) {
    const r = rank(c, lower, req);
    if (r >= 0) scored.push({ c, r });
  }
  scored.sort((a, b) => a.r - b.r);
  const split = scored.findIndex((s) => s.r >= RELATED_LANGUAGE);
  const ordered = scored.map((s) => s.c);
  if (split === -1) return { direct: ordered, related: NO_CANDIDATES };
  return { direct: ordered.slice(0, split), related: ordered.slice(split) };
}

import { Buffer } from 'node:buffer';
import type { PoEntry } from 'localekit/formats';

/**
 * Fuzzy matching for `localekit update`, as GNU `msgmerge` 0.21 does it (msgl-fsearch.c,
 * message.c, gnulib fstrcmp.c):
 * - the similarity of two msgids is fstrcmp's ratio `2·common / (len1 + len2)`, `common` being
 *   the length of their longest common subsequence of *bytes* (UTF-8); GNU gets it from a diff,
 *   here a bit-parallel LCS gives the same number; both skip a pair early when the lengths or the
 *   byte counts show it cannot beat the best match so far;
 * - a match must score at least `FUZZY_THRESHOLD` (0.6);
 * - only entries with a translation (`msgstr` / `msgstr[0]` not empty) are offered;
 * - for a msgid of 4 characters or more, only old msgids that share a 4-character substring
 *   with it are compared (msgmerge's 4-gram index), most shared 4-grams first; a shorter msgid
 *   is compared with every old msgid of a byte length that can reach the threshold;
 * - the first candidate with the highest score wins (ties go to the one sharing more 4-grams,
 *   then to the one earlier in the catalog).
 * Unlike msgmerge, which also proposes translations from other contexts and from obsolete (`#~`)
 * entries, only live entries of the same `msgctxt` are offered.
 *
 * The search is quadratic (each new message against each old one, each comparison costing
 * len1 · len2 / 32 word operations), so it is bounded: msgids longer than `FUZZY_MAX_BYTES` are
 * neither searched for nor offered, and one catalog's search stops once it has spent
 * `FUZZY_WORK_BOUND` steps (index entries read, candidates ordered and compared, bytes counted,
 * LCS word operations); the new messages left are added untranslated, and the caller says how
 * many.
 */

/** msgmerge's FUZZY_THRESHOLD. */
export const FUZZY_THRESHOLD = 0.6;
/** Longer msgids (UTF-8 bytes) take no part in fuzzy matching. */
export const FUZZY_MAX_BYTES = 4096;
/**
 * Steps one catalog's fuzzy search may take: 0.5 to 1.5 s (measured on generated catalogs: 3,000
 * new short messages against 20,000 old ones take 70% of it, in 1 s; 500 new paragraphs against
 * 2,000 old ones would need 10 times more).
 */
export const FUZZY_WORK_BOUND = 200_000_000;

/** msgmerge's bonus for a candidate of the same context (every candidate here). */
const BONUS = 0.00001;
/** fstrcmp's histogram bound is only worth it from this combined length on. */
const HISTOGRAM_FROM = 20;
/** Strings of fewer characters have no 4-gram and take msgmerge's short-string path. */
const GRAM = 4;

/**
 * What a candidate costs beyond the bytes it compares, in steps (measured: a step of the LCS
 * takes about 3 ns; sorting and visiting a candidate, and setting up a comparison, cost about
 * this many times more).
 */
const TOUCH_STEPS = 20;
const EVALUATION_STEPS = 50;

/** Counts the steps of a search, to bound it. */
export interface FuzzyWork {
  steps: number;
}

/** A byte string's byte counts, sparse: the distinct bytes and how often each occurs. */
interface ByteCounts {
  readonly bytes: Uint8Array;
  readonly counts: Int32Array;
}

const scratch = new Int32Array(256);

function byteCounts(s: Uint8Array): ByteCounts {
  const bytes: number[] = [];
  for (const c of s) if ((scratch[c] = (scratch[c] as number) + 1) === 1) bytes.push(c);
  const counts = Int32Array.from(bytes, (c) => scratch[c] as number);
  for (const c of bytes) scratch[c] = 0;
  return { bytes: Uint8Array.from(bytes), counts };
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

/**
 * A byte string prepared for comparison with many others: its byte counts (fstrcmp's quick
 * bound) and the bit masks of the bit-parallel LCS (Allison–Dix / Hyyrö), which finds the
 * longest common subsequence in O(len1 · len2 / 32) whatever the strings.
 */
class Query {
  readonly bytes: Uint8Array;
  readonly #dense = new Int32Array(256);
  readonly #words: number;
  /** `#masks[c * words + w]`: bit i of word w set where `bytes[32w + i] === c`. */
  readonly #masks: Int32Array;
  readonly #present = new Uint8Array(256);
  readonly #v: Int32Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.#words = Math.max(1, Math.ceil(bytes.length / 32));
    this.#masks = new Int32Array(256 * this.#words);
    this.#v = new Int32Array(this.#words);
    bytes.forEach((c, i) => {
      this.#dense[c] = (this.#dense[c] as number) + 1;
      this.#present[c] = 1;
      const at = c * this.#words + (i >>> 5);
      this.#masks[at] = (this.#masks[at] as number) | (1 << (i & 31));
    });
  }

  /**
   * gnulib's `fstrcmp_bounded(query, other, lowerBound)`: their similarity, from 0 to 1, or some
   * value below `lowerBound` when a quick bound shows it is below it.
   */
  similarity(other: Uint8Array, counts: ByteCounts, lowerBound: number, work: FuzzyWork): number {
    const n = this.bytes.length;
    const m = other.length;
    const sum = n + m;
    if (n === 0 || m === 0) return sum === 0 ? 1 : 0;
    if (lowerBound > 0) {
      if ((2 * Math.min(n, m)) / sum < lowerBound) return 0;
      if (sum >= HISTOGRAM_FROM) {
        // Each edit changes one byte's count by one: the counts' differences bound the edits.
        const dense = this.#dense;
        let differences = n;
        for (let i = 0; i < counts.bytes.length; i++) {
          const q = dense[counts.bytes[i] as number] as number;
          const d = q - (counts.counts[i] as number);
          differences += (d < 0 ? -d : d) - q;
        }
        work.steps += counts.bytes.length;
        if ((sum - differences) / sum < lowerBound) return 0;
      }
    }
    return (2 * this.#lcs(other, work)) / sum;
  }

  /** The length of the longest common subsequence of the query and `other`. */
  #lcs(other: Uint8Array, work: FuzzyWork): number {
    const words = this.#words;
    const masks = this.#masks;
    const present = this.#present;
    const v = this.#v;
    v.fill(-1);
    let steps = 0;
    for (const c of other) {
      if (present[c] === 0) continue; // no match: V stays as it is
      const base = c * words;
      let carry = 0;
      for (let w = 0; w < words; w++) {
        const x = (v[w] as number) >>> 0;
        const u = (x & (masks[base + w] as number)) >>> 0;
        const sum = x + u + carry;
        carry = sum > 0xffffffff ? 1 : 0;
        // V' = (V + U) | (V - U); U is a subset of V, so V - U is V & ~U.
        v[w] = sum | (x & ~u);
      }
      steps += words;
    }
    work.steps += steps + other.length;
    let zeros = 0;
    const n = this.bytes.length;
    for (let w = 0; w < words; w++) {
      const bits = Math.min(32, n - 32 * w);
      const mask = bits === 32 ? -1 : (1 << bits) - 1;
      zeros += popcount(~(v[w] as number) & mask);
    }
    return zeros;
  }
}

/**
 * gnulib's `fstrcmp_bounded`: the similarity `2·LCS / (len1 + len2)` of two byte strings, from
 * 0 to 1, or some value below `lowerBound` as soon as it is sure to be below it.
 */
export function fstrcmp(
  a: Uint8Array,
  b: Uint8Array,
  lowerBound = 0,
  work: FuzzyWork = { steps: 0 },
): number {
  return new Query(a).similarity(b, byteCounts(b), lowerBound, work);
}

interface Candidate {
  readonly entry: PoEntry;
  readonly bytes: Uint8Array;
  readonly counts: ByteCounts;
}

interface ContextIndex {
  readonly candidates: Candidate[];
  /** 4-gram → indices of the candidates holding it, ascending, each once. */
  readonly grams: Map<string, number[]>;
  /** UTF-8 length → indices of candidates that short, for msgids under 4 characters. */
  readonly short: Map<number, number[]>;
  counts?: Int32Array;
}

/** The longest length msgmerge keeps in its short-string lists (SHORT_MSG_MAX). */
const SHORT_MAX = Math.trunc((GRAM - 1) * 4 * (2 / FUZZY_THRESHOLD - 1));

/** The 4-character substrings of `msgid` (characters: code points, as GNU's UTF-8 iterator). */
function gramsOf(msgid: string): string[] {
  const starts: number[] = [];
  for (let i = 0; i < msgid.length; i++) {
    starts.push(i);
    const c = msgid.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < msgid.length) {
      const d = msgid.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  starts.push(msgid.length);
  const grams: string[] = [];
  for (let i = 0; i + GRAM < starts.length; i++)
    grams.push(msgid.slice(starts[i], starts[i + GRAM]));
  return grams;
}

const contextKey = (msgctxt: string | undefined) =>
  msgctxt === undefined ? '' : `\u0004${msgctxt}`;

/** What a search found: the old entry, or why there is none. */
export type FuzzyResult =
  | { readonly entry: PoEntry }
  | { readonly entry: undefined; readonly skipped?: 'long' | 'bound' };

/** The old catalog's translated entries, indexed for msgmerge's fuzzy search. */
export class FuzzyMatcher {
  readonly #contexts = new Map<string, ContextIndex>();
  readonly #work: FuzzyWork = { steps: 0 };
  readonly #bound: number;
  readonly #maxBytes: number;

  /** `entries`: the old catalog's live entries, in file order. */
  constructor(
    entries: Iterable<PoEntry>,
    options: { readonly workBound?: number; readonly maxBytes?: number } = {},
  ) {
    this.#bound = options.workBound ?? FUZZY_WORK_BOUND;
    this.#maxBytes = options.maxBytes ?? FUZZY_MAX_BYTES;
    for (const entry of entries) {
      if (entry.obsolete || entry.msgid === '' || (entry.msgstr[0] ?? '') === '') continue;
      const bytes = Buffer.from(entry.msgid, 'utf8');
      if (bytes.length > this.#maxBytes) continue;
      const key = contextKey(entry.msgctxt);
      let index = this.#contexts.get(key);
      if (!index) {
        index = { candidates: [], grams: new Map(), short: new Map() };
        this.#contexts.set(key, index);
      }
      const at = index.candidates.length;
      index.candidates.push({ entry, bytes, counts: byteCounts(bytes) });
      for (const gram of gramsOf(entry.msgid)) {
        const list = index.grams.get(gram);
        if (!list) index.grams.set(gram, [at]);
        else if (list[list.length - 1] !== at) list.push(at);
      }
      if (bytes.length <= SHORT_MAX) {
        const list = index.short.get(bytes.length);
        if (list) list.push(at);
        else index.short.set(bytes.length, [at]);
      }
    }
  }

  /** The most similar translated old entry with this context, as msgmerge picks it. */
  find(msgctxt: string | undefined, msgid: string): FuzzyResult {
    if (msgid === '') return { entry: undefined };
    const bytes = Buffer.from(msgid, 'utf8');
    if (bytes.length > this.#maxBytes) return { entry: undefined, skipped: 'long' };
    if (this.#work.steps > this.#bound) return { entry: undefined, skipped: 'bound' };
    const index = this.#contexts.get(contextKey(msgctxt));
    if (!index) return { entry: undefined };
    const grams = gramsOf(msgid);
    const order =
      grams.length === 0 ? this.#shortOrder(index, bytes.length) : this.#gramOrder(index, grams);
    // Shared 4-gram counts, for ties; the short-string order is msgmerge's already.
    const counts = grams.length > 0 ? index.counts : undefined;
    const query = new Query(bytes);
    let best = FUZZY_THRESHOLD;
    let found: number | undefined;
    const n = bytes.length;
    let outcome: FuzzyResult | undefined;
    for (const at of order) {
      const candidate = index.candidates[at] as Candidate;
      const m = candidate.bytes.length;
      // msgmerge's fuzzy_search_goal_function, with the same floating-point steps.
      const lowerBound = best - BONUS * 1.01;
      // fstrcmp's quickest bound, before anything else.
      if ((2 * Math.min(n, m)) / (n + m) < lowerBound) continue;
      this.#work.steps += EVALUATION_STEPS;
      if (this.#work.steps > this.#bound) {
        outcome = { entry: undefined, skipped: 'bound' };
        break;
      }
      const weight =
        query.similarity(candidate.bytes, candidate.counts, lowerBound, this.#work) + BONUS;
      if (
        weight > best ||
        // msgmerge goes through a count's candidates in catalog order; here they come unsorted.
        (weight === best &&
          found !== undefined &&
          counts !== undefined &&
          counts[at] === counts[found] &&
          at < found)
      ) {
        best = weight;
        found = at;
      }
    }
    if (counts) for (const at of order) counts[at] = 0;
    return outcome ?? { entry: found === undefined ? undefined : index.candidates[found]?.entry };
  }

  /** Under 4 characters: the candidates of a length that can reach the threshold, shortest first. */
  #shortOrder(index: ContextIndex, length: number): number[] {
    const ratio = 2 / FUZZY_THRESHOLD - 1;
    const order: number[] = [];
    for (let l = Math.ceil(length / ratio); l <= Math.trunc(length * ratio); l++)
      order.push(...(index.short.get(l) ?? []));
    this.#work.steps += order.length;
    return order;
  }

  /**
   * The candidates sharing a 4-gram with the msgid, those sharing most first (msgmerge then
   * takes catalog order; `find` breaks ties that way). Leaves each one's count in `index.counts`
   * for `find`, which clears them.
   */
  #gramOrder(index: ContextIndex, grams: readonly string[]): Int32Array {
    index.counts ??= new Int32Array(index.candidates.length);
    const counts = index.counts;
    const touched: number[] = [];
    for (const gram of grams) {
      const list = index.grams.get(gram);
      if (!list) continue;
      this.#work.steps += list.length;
      for (const at of list) if ((counts[at] = (counts[at] as number) + 1) === 1) touched.push(at);
    }
    // A counting sort on the number of shared 4-grams, most first.
    const most = grams.length;
    const starts = new Int32Array(most + 2);
    for (const at of touched) {
      const next = most - (counts[at] as number) + 1;
      starts[next] = (starts[next] as number) + 1;
    }
    for (let c = 1; c < starts.length; c++)
      starts[c] = (starts[c] as number) + (starts[c - 1] as number);
    const order = new Int32Array(touched.length);
    for (const at of touched) {
      const bucket = most - (counts[at] as number);
      order[starts[bucket] as number] = at;
      starts[bucket] = (starts[bucket] as number) + 1;
    }
    this.#work.steps += TOUCH_STEPS * touched.length;
    return order;
  }
}

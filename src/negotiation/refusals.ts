/**
 * `q=0` ranges: what the visitor said is not acceptable (RFC 9110 §12.4.2), and when a more
 * specific range they listed overrides a broader refusal.
 */
import type { LanguageRange } from './accept-language.js';
import { type Candidate, covers, type RangeTag, toRangeTag } from './distance.js';
import { lowerDash } from './tags.js';

export class Refusals {
  /** No refusals: the common header, checked without a loop. */
  static readonly NONE = new Refusals([]);

  readonly #ranges: readonly RangeTag[];

  private constructor(ranges: readonly RangeTag[]) {
    this.#ranges = ranges;
  }

  /** The `q=0` ranges of a parsed header. `*;q=0` is not one: it only disables the wildcard. */
  static of(ranges: readonly LanguageRange[]): Refusals {
    let refused: RangeTag[] | undefined;
    for (const r of ranges) {
      if (r.q === 0 && r.tag !== '*') (refused ??= []).push(toRangeTag(lowerDash(r.tag)));
    }
    return refused === undefined ? Refusals.NONE : new Refusals(refused);
  }

  /** Whether `c` is refused when it is reached through the range `requested` (lower-case, `-`). */
  blocks(c: Candidate, _requested: string): boolean {
    for (const refusal of this.#ranges) {
      if (covers(refusal, c)) return true;
    }
    return false;
  }

  /** Whether any refusal covers `c`, whatever was asked for (for `*`). */
  covers(c: Candidate): boolean {
    for (const refusal of this.#ranges) if (covers(refusal, c)) return true;
    return false;
  }
}

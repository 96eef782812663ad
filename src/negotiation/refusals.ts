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

  /**
   * Whether `c` is refused when it is reached through the range `requested` (lower-case, `-`).
   * A refusal covering `c` holds unless `requested` is a strictly more specific range than it
   * (`fr;q=0, fr-CA` still serves French for `fr-CA`) and it does not name `c` exactly: the more
   * specific range wins, in both directions (`fr-CA;q=0, fr` never serves `fr_CA`).
   */
  blocks(c: Candidate, requested: string): boolean {
    for (const refusal of this.#ranges) {
      if (covers(refusal, c) && !isOverridden(refusal, requested, c)) return true;
    }
    return false;
  }

  /** Whether any refusal covers `c`, whatever was asked for (for `*`). */
  covers(c: Candidate): boolean {
    for (const refusal of this.#ranges) if (covers(refusal, c)) return true;
    return false;
  }
}

function isOverridden(refusal: RangeTag, requested: string, c: Candidate): boolean {
  const broader = refusal.lower;
  return (
    requested.length > broader.length + 1 &&
    requested.startsWith(broader) &&
    requested.charCodeAt(broader.length) === 45 /* - */ &&
    c.lower !== broader &&
    c.folded !== broader
  );
}

import { LB_CLASSES, LB_PAIRS, LB_RUNS, WIDTH_RUNS } from './linebreak-data.js';

/**
 * Line breaking as GNU gettext's PO writer does it (libunistring 1.0's `ulc_width_linebreaks`:
 * Unicode line breaking, UAX #14, over `uc_width` columns), so that `msgcat` leaves a file we
 * wrote unchanged. The tables come from scripts/gen-linebreak.py (Unicode 14 classes, the pair
 * table asked of libunistring itself); `test/formats/linebreak.test.ts` compares this module
 * with libunistring on real catalogs.
 */

/** A break decision per character, as libunistring's `UC_BREAK_*`. */
export const BREAK_UNDEFINED = 0;
export const BREAK_PROHIBITED = 1;
export const BREAK_POSSIBLE = 2;

type ClassName = (typeof LB_CLASSES)[number];
const C = Object.fromEntries(LB_CLASSES.map((c, i) => [c, i])) as Record<ClassName, number>;

function lookup(runs: readonly number[], cp: number): number {
  let lo = 0;
  let hi = runs.length / 2 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((runs[mid * 2] as number) <= cp) lo = mid;
    else hi = mid - 1;
  }
  return runs[lo * 2 + 1] as number;
}

/**
 * Whether libunistring treats `charset` as a legacy CJK encoding (uniwidth/cjk.h): there,
 * ambiguous-width characters take two columns and break like ideographs.
 */
export function isCjkCharset(charset: string): boolean {
  const name = charset.toUpperCase();
  return ['EUC-JP', 'GB2312', 'GBK', 'EUC-TW', 'BIG5', 'EUC-KR', 'CP949', 'JOHAB'].includes(name);
}

/** `uc_width`: columns a code point takes (0 combining, 2 wide, -1 control). */
export function columnWidth(cp: number, cjk: boolean): number {
  const w = lookup(WIDTH_RUNS, cp);
  if (w === 1 && cjk && cp >= 0xa1 && cp < 0xff61 && cp !== 0x20a9) return 2;
  return w;
}

function classOf(cp: number, cjk: boolean): number {
  const c = lookup(LB_RUNS, cp);
  switch (c) {
    case C.AI:
      return cjk ? C.ID : C.AL;
    case C.SA:
    case C.XX:
    case C.SG:
      return C.AL;
    case C.CJ:
      return C.NS;
    case C.CB:
      return C.ID;
    case C.NL:
      return C.BK;
    default:
      return c;
  }
}

/**
 * `u8_possible_linebreaks`: for each code point, whether a line may break before it. The first
 * never breaks; after spaces a break comes before the next non-space (the spaces stay on the
 * line they end).
 */
export function possibleBreaks(cps: readonly number[], cjk: boolean): Uint8Array {
  const p = new Uint8Array(cps.length);
  let lastProp = C.BK;
  let precedingProp = C.BK;
  let seenSpace = false;
  let riCount = 0;
  for (let i = 0; i < cps.length; i++) {
    const prop = classOf(cps[i] as number, cjk);
    if (prop === C.BK || prop === C.LF || prop === C.CR) {
      p[i] = BREAK_PROHIBITED;
      lastProp = C.BK;
      seenSpace = false;
    } else if (prop === C.SP) {
      p[i] = BREAK_PROHIBITED;
      seenSpace = true;
    } else if (prop === C.ZW) {
      p[i] = BREAK_PROHIBITED;
      lastProp = C.ZW;
      seenSpace = false;
    } else if (prop === C.CM || prop === C.ZWJ) {
      if (lastProp === C.BK) {
        p[i] = BREAK_PROHIBITED;
        lastProp = C.AL;
        seenSpace = false;
      } else if (lastProp === C.ZW || seenSpace) {
        p[i] = BREAK_POSSIBLE;
        lastProp = C.AL;
        seenSpace = false;
      } else p[i] = BREAK_PROHIBITED;
    } else {
      if (lastProp === C.BK) p[i] = BREAK_PROHIBITED;
      else if (lastProp === C.ZW) p[i] = BREAK_POSSIBLE;
      else if (precedingProp === C.ZWJ) p[i] = BREAK_PROHIBITED;
      else if (lastProp === C.RI && prop === C.RI)
        p[i] = seenSpace || riCount % 2 === 0 ? BREAK_POSSIBLE : BREAK_PROHIBITED;
      else {
        const rule = (LB_PAIRS[lastProp] as string)[prop];
        p[i] = rule === 'D' || (rule === 'I' && seenSpace) ? BREAK_POSSIBLE : BREAK_PROHIBITED;
      }
      lastProp = prop;
      seenSpace = false;
    }
    riCount = prop === C.RI ? riCount + 1 : 0;
    precedingProp = prop;
  }
  return p;
}

/**
 * `ulc_width_linebreaks` with no text after the end: the breaks that keep every line within
 * `width` columns (the first line starting at `startColumn`), taking the last possible break
 * before a line would overflow; `overrides[i]`, when not `BREAK_UNDEFINED`, replaces the
 * possible-break decision before character `i`.
 */
export function widthBreaks(
  cps: readonly number[],
  width: number,
  startColumn: number,
  overrides: Uint8Array,
  cjk: boolean,
): Uint8Array {
  const p = possibleBreaks(cps, cjk);
  let lastColumn = startColumn;
  let lastBreak = -1;
  let pieceWidth = 0;
  for (let i = 0; i < cps.length; i++) {
    const o = overrides[i] as number;
    if (o !== BREAK_UNDEFINED) p[i] = o;
    if (p[i] === BREAK_POSSIBLE) {
      if (lastBreak >= 0 && lastColumn + pieceWidth > width) {
        p[lastBreak] = BREAK_POSSIBLE;
        lastColumn = 0;
      }
      lastBreak = i;
      lastColumn += pieceWidth;
      pieceWidth = 0;
      p[i] = BREAK_PROHIBITED;
    }
    const w = columnWidth(cps[i] as number, cjk);
    if (w >= 0) pieceWidth += w;
  }
  if (lastBreak >= 0 && lastColumn + pieceWidth > width) p[lastBreak] = BREAK_POSSIBLE;
  return p;
}

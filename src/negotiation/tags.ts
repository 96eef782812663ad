/**
 * Language tags and locale codes: spelling (`EN_us`, `sr_RS@latin`, `es_LA`) to canonical BCP 47,
 * and tags to the language, script and region that matching compares. Pure; `Intl` is the only
 * data source (CLDR likely subtags through `Intl.Locale#maximize`).
 */
import { isLanguageRange, MAX_TAG_CHARS } from './accept-language.js';
import { expandGnuModifier } from './locale-code.js';

/** Deprecated ISO 639 codes that CLDR canonicalises (`iw` → `he`), plus macrolanguage `cmn`. */
export const LANGUAGE_ALIASES: ReadonlyMap<string, string> = new Map([
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
export const FALLBACK_LANGUAGES: ReadonlyMap<string, string> = new Map([['nn', 'nb']]);

/** Tornado/Facebook pseudo-codes whose region is not a region. */
const CODE_TAGS: ReadonlyMap<string, string> = new Map([
  ['es_la', 'es-419'],
  ['ar_ar', 'ar'],
]);

function cutLength(code: string): string | undefined {
  return typeof code === 'string' && code.length > 0 && code.length <= MAX_TAG_CHARS
    ? code
    : undefined;
}

/**
 * `de_DE.UTF-8@euro` → `de_DE`, `sr_RS@latin` → `sr_Latn_RS`, `ca@valencia` → `ca_ES_valencia`
 * (glibc/gettext locale names; the modifier table is in locale-code.ts).
 */
function stripPosix(code: string): string {
  return expandGnuModifier(code);
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
export interface Subtags {
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
export function explicitSubtags(lower: string): { lang: string; script: string; region: string } {
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

export function subtagsOf(lower: string): Subtags {
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

export function lowerTagOf(code: string): string {
  return codeToTag(code).toLowerCase();
}

/** Lower case with `_` as `-`, without a regex pass in the common case. */
export function lowerDash(tag: string): string {
  const lower = tag.toLowerCase();
  return lower.indexOf('_') === -1 ? lower : lower.replace(/_/g, '-');
}

export function normalizeRequest(code: string): string | undefined {
  const bounded = cutLength(code);
  if (bounded === undefined) return undefined;
  const lower = bounded.toLowerCase();
  const mapped = CODE_TAGS.get(lower);
  if (mapped !== undefined) return mapped.toLowerCase();
  return stripPosix(lower).replace(/_/g, '-');
}

/**
 * Display data for any locale code: Tornado's own names (tornado/_locale_data.py) where Tornado has
 * the code, CLDR (via `Intl.DisplayNames`) for everything else, and text direction from the script.
 */
import { codeToTag } from '../negotiation/negotiate.js';

/** What `Locale` shows about itself. */
export interface LocaleInfo {
  /** BCP 47 tag (`es-ES`), for `<html lang>` and `Content-Language`. */
  readonly tag: string;
  /** The language's name in itself (`Español (España)`). */
  readonly name: string;
  /** Its English name (`Spanish (Spain)`). */
  readonly nameEn: string;
  /** Written right to left. */
  readonly rtl: boolean;
}

/**
 * Tornado 6.2's `LOCALE_NAMES`, code → [name, name_en], copied exactly (including Tornado's own
 * `"Ukraini "`), so a Tornado app's language switcher reads the same after porting.
 */
const TORNADO_NAMES: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['af_ZA', ['Afrikaans', 'Afrikaans']],
  ['am_ET', ['አማርኛ', 'Amharic']],
  ['ar_AR', ['العربية', 'Arabic']],
  ['bg_BG', ['Български', 'Bulgarian']],
  ['bn_IN', ['বাংলা', 'Bengali']],
  ['bs_BA', ['Bosanski', 'Bosnian']],
  ['ca_ES', ['Català', 'Catalan']],
  ['cs_CZ', ['Čeština', 'Czech']],
  ['cy_GB', ['Cymraeg', 'Welsh']],
  ['da_DK', ['Dansk', 'Danish']],
  ['de_DE', ['Deutsch', 'German']],
  ['el_GR', ['Ελληνικά', 'Greek']],
  ['en_GB', ['English (UK)', 'English (UK)']],
  ['en_US', ['English (US)', 'English (US)']],
  ['es_ES', ['Español (España)', 'Spanish (Spain)']],
  ['es_LA', ['Español', 'Spanish']],
  ['et_EE', ['Eesti', 'Estonian']],
  ['eu_ES', ['Euskara', 'Basque']],
  ['fa_IR', ['فارسی', 'Persian']],
  ['fi_FI', ['Suomi', 'Finnish']],
  ['fr_CA', ['Français (Canada)', 'French (Canada)']],
  ['fr_FR', ['Français', 'French']],
  ['ga_IE', ['Gaeilge', 'Irish']],
  ['gl_ES', ['Galego', 'Galician']],
  ['he_IL', ['עברית', 'Hebrew']],
  ['hi_IN', ['हिन्दी', 'Hindi']],
  ['hr_HR', ['Hrvatski', 'Croatian']],
  ['hu_HU', ['Magyar', 'Hungarian']],
  ['id_ID', ['Bahasa Indonesia', 'Indonesian']],
  ['is_IS', ['Íslenska', 'Icelandic']],
  ['it_IT', ['Italiano', 'Italian']],
  ['ja_JP', ['日本語', 'Japanese']],
  ['ko_KR', ['한국어', 'Korean']],
  ['lt_LT', ['Lietuvių', 'Lithuanian']],
  ['lv_LV', ['Latviešu', 'Latvian']],
  ['mk_MK', ['Македонски', 'Macedonian']],
  ['ml_IN', ['മലയാളം', 'Malayalam']],
  ['ms_MY', ['Bahasa Melayu', 'Malay']],
  ['nb_NO', ['Norsk (bokmål)', 'Norwegian (bokmal)']],
  ['nl_NL', ['Nederlands', 'Dutch']],
  ['nn_NO', ['Norsk (nynorsk)', 'Norwegian (nynorsk)']],
  ['pa_IN', ['ਪੰਜਾਬੀ', 'Punjabi']],
  ['pl_PL', ['Polski', 'Polish']],
  ['pt_BR', ['Português (Brasil)', 'Portuguese (Brazil)']],
  ['pt_PT', ['Português (Portugal)', 'Portuguese (Portugal)']],
  ['ro_RO', ['Română', 'Romanian']],
  ['ru_RU', ['Русский', 'Russian']],
  ['sk_SK', ['Slovenčina', 'Slovak']],
  ['sl_SI', ['Slovenščina', 'Slovenian']],
  ['sq_AL', ['Shqip', 'Albanian']],
  ['sr_RS', ['Српски', 'Serbian']],
  ['sv_SE', ['Svenska', 'Swedish']],
  ['sw_KE', ['Kiswahili', 'Swahili']],
  ['ta_IN', ['தமிழ்', 'Tamil']],
  ['te_IN', ['తెలుగు', 'Telugu']],
  ['th_TH', ['ภาษาไทย', 'Thai']],
  ['tl_PH', ['Filipino', 'Filipino']],
  ['tr_TR', ['Türkçe', 'Turkish']],
  ['uk_UA', ['Українська', 'Ukraini ']],
  ['vi_VN', ['Tiếng Việt', 'Vietnamese']],
  ['zh_CN', ['中文(简体)', 'Chinese (Simplified)']],
  ['zh_TW', ['中文(繁體)', 'Chinese (Traditional)']],
]);

/**
 * Scripts written right to left (Unicode/CLDR; ICU's `uscript_isRightToLeft` list), checked against
 * the maximized tag so `ar`, `ur`, `ckb`, `pa-PK`, `uz-AF` are RTL and `pa`, `ku`, `sr` are not.
 */
const RTL_SCRIPTS = new Set(
  (
    'Adlm Arab Aran Armi Avst Chrs Cprt Elym Hatr Hebr Hung Khar Lydi Mand Mani Mend Merc Mero ' +
    'Narb Nbat Nkoo Orkh Ougr Palm Phli Phlp Phnx Prti Rohg Samr Sarb Sogd Sogo Syrc Thaa Yezi'
  ).split(' '),
);

/** Codes come from catalog file names, not requests; the bound only guards against misuse. */
const MEMO_LIMIT = 1024;
const memo = new Map<string, LocaleInfo>();

let englishNames: Intl.DisplayNames | undefined;

/** `Intl.Locale#getTextInfo()` (ES2024) or the older `textInfo` getter Node 20 has. */
function directionOf(locale: Intl.Locale): string | undefined {
  const l = locale as Intl.Locale & {
    getTextInfo?: () => { direction?: string };
    textInfo?: { direction?: string };
  };
  try {
    return (typeof l.getTextInfo === 'function' ? l.getTextInfo() : l.textInfo)?.direction;
  } catch {
    return undefined;
  }
}

function isRtl(tag: string): boolean {
  try {
    const locale = new Intl.Locale(tag);
    const script = locale.maximize().script;
    if (script !== undefined) return RTL_SCRIPTS.has(script);
    return directionOf(locale) === 'rtl';
  } catch {
    return false;
  }
}

/**
 * Capitalises the first letter in the locale's own casing rules: CLDR's `contextTransforms` ask
 * for this (`titlecase-firstword`) when a language name stands alone in a menu, which is how a
 * language switcher uses it (`français` → `Français`); caseless scripts are unchanged.
 */
function capitalise(text: string, tag: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const head = String.fromCodePoint(first);
  let upper: string;
  try {
    upper = head.toLocaleUpperCase(tag);
  } catch {
    upper = head.toUpperCase();
  }
  return upper + text.slice(head.length);
}

function cldrNames(tag: string): { name: string; nameEn: string } | undefined {
  try {
    englishNames ??= new Intl.DisplayNames(['en'], {
      type: 'language',
      languageDisplay: 'standard',
      fallback: 'none',
    });
    const own = new Intl.DisplayNames([tag], {
      type: 'language',
      languageDisplay: 'standard',
      fallback: 'none',
    });
    const nameEn = englishNames.of(tag);
    const name = own.of(tag);
    if (nameEn === undefined || name === undefined) return undefined;
    return { name: capitalise(name, tag), nameEn };
  } catch {
    return undefined;
  }
}

/** Tornado spells codes `xx_YY`; accept `xx-yy` and other casings for its table too. */
function tornadoKey(code: string): string {
  const parts = code.split(/[-_]/);
  if (parts.length !== 2) return code;
  return `${parts[0]!.toLowerCase()}_${parts[1]!.toUpperCase()}`;
}

/**
 * Tag, native and English name, and direction for any locale code. Tornado's names where Tornado
 * has the code, else CLDR's; a code that is no language tag at all is named by itself.
 */
export function localeInfo(code: string): LocaleInfo {
  const cached = memo.get(code);
  if (cached !== undefined) return cached;
  const tag = codeToTag(code);
  const tornado = TORNADO_NAMES.get(code) ?? TORNADO_NAMES.get(tornadoKey(code));
  const names = tornado !== undefined ? { name: tornado[0], nameEn: tornado[1] } : cldrNames(tag);
  const info: LocaleInfo = Object.freeze({
    tag,
    name: names?.name ?? code,
    nameEn: names?.nameEn ?? code,
    rtl: isRtl(tag),
  });
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(code, info);
  return info;
}

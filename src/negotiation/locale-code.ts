/**
 * Locale codes as catalog files name them: Tornado's (`es_ES`, `pt_BR`, `fr`, `zh_TW`,
 * `sr_Latn_RS`, `es_419`) and GNU's with an `@modifier` (`sr@latin`, `ca@valencia`, `be@latin`,
 * `de_DE@euro`), which Debian ships in /usr/share/locale and Tornado and GNU gettext load.
 */

/** The shape of a catalog's locale code: language, optional script, region, `@modifier`. */
export const CODE_SHAPE =
  /^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|\d{3}))?(?:@[a-z]{2,20})?$/;

/**
 * What a GNU `@modifier` means in BCP 47 (CLDR's mapping of glibc locale names): a script, a
 * variant (with the region CLDR gives it when the code has none), or nothing (`@euro` only
 * names the currency).
 */
const MODIFIERS: ReadonlyMap<string, { script?: string; variant?: string; region?: string }> =
  new Map([
    ['latin', { script: 'Latn' }],
    ['cyrillic', { script: 'Cyrl' }],
    ['devanagari', { script: 'Deva' }],
    ['arabic', { script: 'Arab' }],
    ['valencia', { variant: 'valencia', region: 'ES' }],
    ['ijekavian', { variant: 'ijekavsk' }],
    ['ijekavianlatin', { script: 'Latn', variant: 'ijekavsk' }],
    ['euro', {}],
  ]);

/**
 * A glibc/GNU locale name as `_`-separated BCP 47 subtags: the charset dropped and the
 * `@modifier` turned into its script or variant. `sr@latin` → `sr_Latn`, `sr_RS@latin` →
 * `sr_Latn_RS`, `ca@valencia` → `ca_ES_valencia`, `de_DE.UTF-8@euro` → `de_DE`; an unknown
 * modifier is dropped. Case is kept as given (the caller folds it).
 */
export function expandGnuModifier(code: string): string {
  const at = code.indexOf('@');
  const modifier = at === -1 ? '' : code.slice(at + 1).toLowerCase();
  let base = at === -1 ? code : code.slice(0, at);
  const dot = base.indexOf('.');
  if (dot !== -1) base = base.slice(0, dot);
  const meaning = MODIFIERS.get(modifier);
  if (meaning === undefined) return base;
  const parts = base.split(/[-_]/);
  const language = parts[0] ?? '';
  let script = '';
  let rest = parts.slice(1);
  if (rest[0] !== undefined && rest[0].length === 4) {
    script = rest[0];
    rest = rest.slice(1);
  }
  script = meaning.script ?? script;
  if (rest.length === 0 && meaning.region !== undefined) rest = [meaning.region];
  if (meaning.variant !== undefined) rest = [...rest, meaning.variant];
  return [language, ...(script === '' ? [] : [script]), ...rest].join('_');
}

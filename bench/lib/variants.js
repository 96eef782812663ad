/** The five servers, in table order; `id` is the module under `bench/variants/`. */
export const VARIANTS = Object.freeze([
  { id: 'none', label: '(a) no i18n (static English)' },
  { id: 'handwritten', label: '(b) hand-written Map + Intl.PluralRules' },
  { id: 'i18next', label: '(c) i18next + i18next-http-middleware' },
  { id: 'i18n-node', label: '(d) i18n (i18n-node)' },
  { id: 'localekit', label: '(e) localekit + localeMiddleware' },
]);

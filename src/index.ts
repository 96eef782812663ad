export type { Catalog, PluralCategory, PluralRule } from './catalog.js';
export { currentLocale, runWithLocale } from './context.js';
export { LocaleKitError, type LocaleKitWarning, type WarningHandler } from './errors.js';
export { Locale } from './locale.js';
export { loadTranslations, type Translations, type WatchOptions } from './translations.js';
export type { FormatDateOptions, FormatDayOptions, LoadOptions, MessageValues } from './types.js';

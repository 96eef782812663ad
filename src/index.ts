export type { Catalog, PluralCategory, PluralRule } from './formats/catalog.js';
export { currentLocale, runWithLocale } from './core/context.js';
export { LocaleKitError, type LocaleKitWarning, type WarningHandler } from './errors.js';
export { Locale } from './core/locale.js';
export {
  type CatalogWatcher,
  loadTranslations,
  type Translations,
  type WatchOptions,
} from './core/translations.js';
export type {
  FormatDateOptions,
  FormatDayOptions,
  LoadOptions,
  MessageValues,
} from './core/types.js';

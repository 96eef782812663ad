export type { Catalog, PluralCategory, PluralRule } from './formats/catalog.js';
export {
  CATALOG_STATUS_MESSAGE,
  type CatalogReloader,
  type CatalogStatus,
  RELOAD_MESSAGE,
  type ReloadChannel,
  type ReloadOnMessageOptions,
  type ReloadableWorker,
  reloadOnMessage,
  reloadWorkers,
} from './core/cluster-reload.js';
export {
  bindLocale,
  currentLocale,
  runWithLocale,
  setDefaultTranslations,
} from './core/context.js';
export { LocaleKitError, type LocaleKitWarning, type WarningHandler } from './errors.js';
export { Locale } from './core/locale.js';
export type {
  ContextId,
  MessageCatalogTypes,
  PluralArguments,
  PluralId,
  PluralMessage,
  PluralValues,
  Register,
  SingularId,
  SingularValues,
} from './core/message-types.js';
export {
  createMissingCollector,
  type MissingCollector,
  type MissingCollectorOptions,
  type MissingDetails,
  type MissingHandler,
  type MissingMessage,
  type MissingPotOptions,
} from './core/missing.js';
export {
  type CatalogWatcher,
  type LoadOptions,
  loadTranslations,
  type Translations,
  type WatchOptions,
} from './core/translations.js';
export type {
  FormatDateOptions,
  FormatDayOptions,
  MessageValues,
} from './core/types.js';

import type { WarningHandler } from '../errors.js';

/** Options of `Locale#formatDate` (Tornado's `format_date`). */
export interface FormatDateOptions {
  /** Minutes *west* of UTC, like `Date#getTimezoneOffset` (300 = UTC−5). @default 0 */
  readonly gmtOffset?: number;
  /** "2 minutes ago", "yesterday at 3:45 pm"… for recent dates. @default true */
  readonly relative?: boolean;
  /** Drop the time of day where Tornado does. @default false */
  readonly shorter?: boolean;
  /** Always the full "Monday, January 22, 2008 at 10:30 pm" form. @default false */
  readonly fullFormat?: boolean;
  /** The current time. @default Date.now() */
  readonly now?: Date | number;
}

/** Options of `Locale#formatDay` (Tornado's `format_day`). */
export interface FormatDayOptions {
  /** Minutes west of UTC. @default 0 */
  readonly gmtOffset?: number;
  /** Include the day of the week. @default true */
  readonly dow?: boolean;
}

export type { MessageValues } from '../text/interpolate.js';

/** Options of `loadTranslations`. */
export interface LoadOptions {
  /** Used when nothing matches; needs no file. @default 'en_US' */
  readonly defaultLocale?: string;
  /** gettext domain: `<code>/LC_MESSAGES/<domain>.mo|.po`. @default 'messages' */
  readonly domain?: string;
  /** Receives recoverable oddities. @default prints to stderr */
  readonly onWarning?: WarningHandler;
}

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

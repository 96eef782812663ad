/**
 * `localekit/handlebars`: `_`, `pgettext` and `_html` helpers for Handlebars templates.
 *
 * ```hbs
 * {{_ "Hello, {name}" name=user}}
 * {{_ "One apple" "{count} apples" count=n}}
 * {{pgettext "menu" "Open"}}
 * {{_html "Read the <a href=\"/terms\">terms</a>, {name}" name=user}}
 * ```
 *
 * The Locale comes from the template's root data (`res.locals.locale`, which `localeMiddleware`
 * sets), then from `this.locale`, then from `currentLocale()`. `_` and `pgettext` return plain
 * strings, which `{{ }}` escapes like any other value. `_html` is for translations that contain
 * markup: the translation is trusted as HTML and every hash value is escaped before it is filled
 * in, so `{{_html …}}` is safe where `{{{_ …}}}` would not be.
 */
import { LocaleKitError } from '../errors.js';
import { currentLocale } from '../core/context.js';
import type { Locale } from '../core/locale.js';
import type { MessageValues } from '../core/types.js';

/** The part of the Handlebars module (or of an environment from `Handlebars.create()`) used here. */
export interface HandlebarsLike {
  registerHelper(name: string, fn: (...args: unknown[]) => unknown): void;
  escapeExpression(value: unknown): string;
  SafeString: new (html: string) => unknown;
}

/** Options of `registerHelpers`. */
export interface HandlebarsHelperOptions {
  /** Name of the translate-and-fill helper. @default '_' */
  readonly gettextName?: string;
  /** Name of the helper with a gettext context. @default 'pgettext' */
  readonly pgettextName?: string;
  /** Name of the helper for translations that contain markup; `false` registers none. @default '_html' */
  readonly htmlName?: string | false;
}

/** What Handlebars passes as a helper's last argument (the parts read here). */
interface HelperCall {
  readonly hash?: Record<string, unknown>;
  readonly data?: { readonly root?: unknown };
}

const KNOWN_OPTIONS: ReadonlySet<string> = new Set(['gettextName', 'pgettextName', 'htmlName']);
const HELPER_NAME = /^[A-Za-z_$][\w$-]*$/;

/**
 * What `registerHelpers` accepts: the Handlebars module, a `Handlebars.create()` environment, or
 * an instance's `handlebars` as express-handlebars 8 types it (an object of unknown members,
 * checked here at run time).
 */
export type HandlebarsInput = HandlebarsLike | { readonly [member: string]: unknown };

/**
 * Registers the helpers on `handlebars` (the module, an isolated `Handlebars.create()`, or
 * express-handlebars' `hbs.handlebars`). Something without `registerHelper`, unknown options and
 * names that are not Handlebars identifiers throw `LocaleKitError` `E_OPTION`.
 */
export function registerHelpers(
  input: HandlebarsInput,
  options: HandlebarsHelperOptions = {},
): void {
  const handlebars = input as HandlebarsLike;
  if (
    handlebars === null ||
    (typeof handlebars !== 'object' && typeof handlebars !== 'function') ||
    typeof handlebars.registerHelper !== 'function' ||
    typeof handlebars.escapeExpression !== 'function' ||
    typeof handlebars.SafeString !== 'function'
  ) {
    throw optionError(
      'registerHelpers() needs the Handlebars module or a Handlebars.create() environment',
    );
  }
  if (options === null || typeof options !== 'object')
    throw optionError('options must be an object');
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw optionError(`unknown option ${JSON.stringify(key)}`);
  }
  const gettextName = helperName('gettextName', options.gettextName, '_');
  const pgettextName = helperName('pgettextName', options.pgettextName, 'pgettext');
  const htmlName =
    options.htmlName === false ? false : helperName('htmlName', options.htmlName, '_html');

  handlebars.registerHelper(gettextName, function gettextHelper(this: unknown, ...args: unknown[]) {
    const call = args.pop() as HelperCall;
    return gettext(localeOf(this, call), args, call.hash);
  });

  handlebars.registerHelper(
    pgettextName,
    function pgettextHelper(this: unknown, ...args: unknown[]) {
      const call = args.pop() as HelperCall;
      const locale = localeOf(this, call);
      if (args.length < 2) return '';
      const [context, message, plural, count] = args;
      const hash = call.hash;
      const hasValues = hash !== undefined && Object.keys(hash).length > 0;
      if (plural === undefined || plural === null) {
        const text = locale.pgettext(String(context), String(message));
        return hasValues ? locale.fillTranslated(text, String(message), hash) : text;
      }
      const n = countOf(count, hash);
      const text = locale.pgettext(String(context), String(message), String(plural), n);
      const english = n === 1 ? String(message) : String(plural);
      return locale.fillTranslated(text, english, withCount(hash, n));
    },
  );

  if (htmlName !== false) {
    const { escapeExpression, SafeString } = handlebars;
    handlebars.registerHelper(htmlName, function htmlHelper(this: unknown, ...args: unknown[]) {
      const call = args.pop() as HelperCall;
      let escaped: Record<string, unknown> | undefined;
      if (call.hash !== undefined) {
        escaped = Object.create(null) as Record<string, unknown>;
        for (const [key, value] of Object.entries(call.hash)) {
          escaped[key] =
            typeof value === 'number' || typeof value === 'bigint' || value instanceof Date
              ? value
              : escapeExpression(value);
        }
      }
      return new SafeString(gettext(localeOf(this, call), args, escaped));
    });
  }
}

/**
 * `{{_ msg}}`, `{{_ msg name=value}}`, `{{_ singular plural count=n}}`, `{{_ singular plural n}}`:
 * the positional arguments and the hash, mapped onto `Locale#_`.
 */
function gettext(
  locale: Locale,
  args: unknown[],
  hash: Record<string, unknown> | undefined,
): string {
  if (args.length === 0) return '';
  const message = String(args[0]);
  const hasValues = hash !== undefined && Object.keys(hash).length > 0;
  if (args.length === 1 || args[1] === undefined || args[1] === null) {
    return hasValues ? locale._(message, hash) : locale._(message);
  }
  const count = countOf(args[2], hash);
  return locale._(message, String(args[1]), count, hasValues ? hash : undefined);
}

/** The third positional argument, else `count=` from the hash, as a number (NaN counts as 0 downstream). */
function countOf(positional: unknown, hash: Record<string, unknown> | undefined): number {
  const raw = positional ?? hash?.count;
  return typeof raw === 'number' ? raw : Number(raw);
}

function withCount(hash: Record<string, unknown> | undefined, count: number): MessageValues {
  if (hash !== undefined && Object.hasOwn(hash, 'count')) return hash;
  return { ...hash, count: Number.isFinite(count) ? count : 0 };
}

/** The request's Locale: the template's root data, then the current context, then `currentLocale()`. */
function localeOf(self: unknown, call: HelperCall | undefined): Locale {
  const root = call?.data?.root;
  if (isObject(root) && isLocale(root.locale)) return root.locale;
  if (isObject(self) && isLocale(self.locale)) return self.locale;
  return currentLocale();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/** Duck-typed, so a Locale from another copy of localekit still counts. */
function isLocale(value: unknown): value is Locale {
  return (
    isObject(value) &&
    typeof value._ === 'function' &&
    typeof value.pgettext === 'function' &&
    typeof value.tag === 'string'
  );
}

function helperName(option: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && HELPER_NAME.test(value)) return value;
  throw optionError(`${option} must be a helper name such as ${JSON.stringify(fallback)}`);
}

function optionError(message: string): LocaleKitError {
  return new LocaleKitError('E_OPTION', `registerHelpers: ${message}`, {
    hint: 'see "Handlebars" in docs/express.md',
  });
}

/**
 * `localekit/express`: the Express adapter. It picks a `Locale` for each request (the app's
 * `detect` > `?locale=` > the `locale` cookie > `Accept-Language` > the default), exposes it on
 * `req.locale` and `res.locals`, sets `Content-Language` and `Vary`, remembers a query choice in a
 * cookie, and runs the rest of the request inside `runWithLocale` so `currentLocale()` works in all
 * of the request's async work.
 *
 * Everything here is a call into the core plus headers; nothing is Express-only except the shape
 * of `req`/`res`, which is `node:http`'s plus Express's `req.secure` and `res.locals` (both
 * optional), so the same function also serves a plain `node:http` server or Connect.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LocaleKitError } from '../errors.js';
import { runWithLocale } from '../core/context.js';
import type { Locale } from '../core/locale.js';
import type { Translations } from '../core/translations.js';

/** What `detect` receives: the request (an Express `Request` in an Express app). */
export type DetectFunction = (req: LocaleRequest) => string | null | undefined;

/** Attributes of the cookie that remembers a `?locale=` choice. */
export interface LocaleCookieOptions {
  /** Lifetime in **seconds** (`Max-Age`), as the `cookie` package counts it. @default 31536000 (one year) */
  readonly maxAge?: number;
  /** `true`/`false` force the `Secure` attribute; `'auto'` adds it when `req.secure` is true. @default 'auto' */
  readonly secure?: boolean | 'auto';
}

/** Options of `localeMiddleware`. */
export interface LocaleMiddlewareOptions {
  /** Query-string parameter that picks a locale (`?locale=fr_FR`); `false` ignores the query. @default 'locale' */
  readonly queryParameter?: string | false;
  /** Cookie that remembers the choice; `false` neither reads nor writes a cookie. @default 'locale' */
  readonly cookie?: string | false;
  /**
   * The user's saved choice (Tornado's `get_user_locale`), consulted first: return a locale code
   * (resolved to the closest supported locale with `translations.get`), or `undefined`/`null`/`''`
   * to let the query, the cookie and `Accept-Language` decide. Trusted application code: a code
   * that matches nothing gives the default locale. Must be synchronous.
   */
  readonly detect?: DetectFunction;
  /** Attributes of the remembering cookie. */
  readonly cookieOptions?: LocaleCookieOptions;
}

/** The parts of a request the middleware reads (Express's `Request` has them all). */
export interface LocaleRequest extends IncomingMessage {
  /** Express: `true` over TLS, or behind a trusted proxy that says `X-Forwarded-Proto: https`. */
  secure?: boolean;
  /** Set by the middleware. */
  locale?: Locale;
}

/** The parts of a response the middleware writes (Express's `Response` has them all). */
export interface LocaleResponse extends ServerResponse {
  /** Express's per-response template variables; created when missing. */
  locals?: Record<string, unknown>;
}

/** The middleware `localeMiddleware` returns; use it with `app.use()`. */
export type LocaleMiddleware = (
  req: LocaleRequest,
  res: LocaleResponse,
  next: (err?: unknown) => void,
) => void;

/** The template variables the middleware puts on `res.locals`. */
export interface LocaleLocals {
  /** `locale._`: translate and fill placeholders. */
  _: Locale['_'];
  /** `locale.pgettext`: translate with a gettext context. */
  pgettext: Locale['pgettext'];
  /** `locale.translate`: Tornado's `translate`. */
  translate: Locale['translate'];
  /** The request's `Locale`. */
  locale: Locale;
  /** `'rtl'` or `'ltr'`, for `<html dir>`. */
  dir: 'rtl' | 'ltr';
  /** The BCP 47 tag (`pt-BR`), for `<html lang>`. */
  lang: string;
}

declare global {
  // Declaration merging is the only way to extend Express's own types.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The request's `Locale`, set by `localeMiddleware` from `localekit/express`. */
      locale: Locale;
    }
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Locals extends LocaleLocals {}
  }
}

/** RFC 6265 / RFC 9110 `token`: what a cookie name or a query parameter name may be made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Longest locale code accepted from a query or a cookie (`zh-Hant-TW`, `sr_RS@latin` fit easily). */
const MAX_CODE_LENGTH = 35;

/** Longest raw (percent-encoded) value looked at: every character of a code escaped. */
const MAX_RAW_LENGTH = MAX_CODE_LENGTH * 3;

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  'queryParameter',
  'cookie',
  'detect',
  'cookieOptions',
]);
const KNOWN_COOKIE_OPTIONS: ReadonlySet<string> = new Set(['maxAge', 'secure']);

/** The validated, frozen options, with the strings the hot path needs built once. */
interface ResolvedOptions {
  readonly queryParameter: string | false;
  readonly cookie: string | false;
  readonly detect: DetectFunction | undefined;
  /** `locale=` — what a cookie pair starts with. */
  readonly cookiePrefix: string;
  /** `; Path=/; Max-Age=…; SameSite=Lax; HttpOnly` */
  readonly cookieAttributes: string;
  readonly secure: boolean | 'auto';
  /** What `Vary` must list. */
  readonly vary: readonly string[];
  /** The same, joined, for the common case of no `Vary` yet. */
  readonly varyHeader: string;
}

/**
 * Express (4 and 5) middleware that gives every request its `Locale`.
 *
 * ```ts
 * const i18n = await loadTranslations('locales');
 * app.use(localeMiddleware(i18n));
 * app.get('/', (req, res) => res.send(req.locale._('Hello, {name}', { name: 'Ada' })));
 * ```
 *
 * Options are checked here, once: an unknown or ill-typed option throws a `LocaleKitError` with
 * code `E_OPTION` when the app starts.
 */
export function localeMiddleware(
  translations: Translations,
  options: LocaleMiddlewareOptions = {},
): LocaleMiddleware {
  assertTranslations(translations);
  const resolved = resolveOptions(options);
  const { queryParameter, cookie, detect, cookiePrefix, cookieAttributes, secure } = resolved;

  return function localekitMiddleware(req, res, next) {
    let locale: Locale | undefined;
    let remember = false;

    if (detect !== undefined) {
      const saved = detect(req);
      if (typeof saved === 'string' && saved !== '') {
        locale = translations.get(saved);
      } else if (saved !== undefined && saved !== null && saved !== '') {
        next(
          new LocaleKitError(
            'E_DETECT',
            `detect() returned ${describe(saved)}; expected a locale code, undefined or null`,
            { hint: 'return the code synchronously, e.g. req.user?.locale' },
          ),
        );
        return;
      }
    }
    if (locale === undefined && queryParameter !== false) {
      const code = queryValue(req.url, queryParameter);
      if (code !== undefined) {
        locale = translations.find(code);
        remember = locale !== undefined && cookie !== false;
      }
    }
    if (locale === undefined && cookie !== false) {
      const code = cookieValue(req.headers.cookie, cookiePrefix);
      if (code !== undefined) locale = translations.find(code);
    }
    locale ??= translations.negotiate(req.headers['accept-language']);

    req.locale = locale;
    let locals = res.locals;
    if (locals === undefined) {
      locals = Object.create(null) as Record<string, unknown>;
      res.locals = locals;
    }
    locals._ = locale._;
    locals.pgettext = locale.pgettext;
    locals.translate = locale.translate;
    locals.locale = locale;
    locals.dir = locale.dir;
    locals.lang = locale.tag;

    res.setHeader('Content-Language', locale.tag);
    appendVary(res, resolved);
    if (remember) {
      const isSecure = secure === 'auto' ? req.secure === true : secure;
      appendSetCookie(
        res,
        cookiePrefix + locale.code + cookieAttributes + (isSecure ? '; Secure' : ''),
      );
    }
    runWithLocale(locale, next);
  };
}

function assertTranslations(translations: unknown): asserts translations is Translations {
  const t = translations as Partial<Translations> | null;
  if (
    t === null ||
    typeof t !== 'object' ||
    typeof t.get !== 'function' ||
    typeof t.find !== 'function' ||
    typeof t.negotiate !== 'function'
  ) {
    throw new LocaleKitError(
      'E_OPTION',
      'localeMiddleware() needs the Translations that loadTranslations() resolves to',
      { hint: 'app.use(localeMiddleware(await loadTranslations("locales")))' },
    );
  }
}

function resolveOptions(options: LocaleMiddlewareOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw optionError(`options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw optionError(
        `unknown option ${JSON.stringify(key)}`,
        `known options: ${[...KNOWN_OPTIONS].join(', ')}`,
      );
    }
  }
  const queryParameter = nameOption('queryParameter', options.queryParameter, 'locale');
  const cookie = nameOption('cookie', options.cookie, 'locale');
  const { detect } = options;
  if (detect !== undefined && typeof detect !== 'function') {
    throw optionError(`detect must be a function, got ${describe(detect)}`);
  }
  const cookieOptions = options.cookieOptions ?? {};
  if (cookieOptions === null || typeof cookieOptions !== 'object') {
    throw optionError(`cookieOptions must be an object, got ${describe(cookieOptions)}`);
  }
  for (const key of Object.keys(cookieOptions)) {
    if (!KNOWN_COOKIE_OPTIONS.has(key)) {
      throw optionError(
        `unknown cookieOptions option ${JSON.stringify(key)}`,
        `known: ${[...KNOWN_COOKIE_OPTIONS].join(', ')}`,
      );
    }
  }
  const maxAge = cookieOptions.maxAge ?? ONE_YEAR_SECONDS;
  if (!Number.isSafeInteger(maxAge) || maxAge < 0) {
    throw optionError(
      `cookieOptions.maxAge must be a whole number of seconds >= 0, got ${describe(maxAge)}`,
    );
  }
  const secure = cookieOptions.secure ?? 'auto';
  if (secure !== true && secure !== false && secure !== 'auto') {
    throw optionError(
      `cookieOptions.secure must be true, false or 'auto', got ${describe(secure)}`,
    );
  }
  // A response chosen by a cookie (or by `detect`, which usually reads a session cookie) must not
  // be served from a shared cache to a user without it; with neither, `Cookie` would only split
  // the cache for nothing.
  const vary =
    cookie !== false || detect !== undefined ? ['Accept-Language', 'Cookie'] : ['Accept-Language'];
  return Object.freeze({
    queryParameter,
    cookie,
    detect,
    cookiePrefix: cookie === false ? '' : `${cookie}=`,
    cookieAttributes: `; Path=/; Max-Age=${maxAge}; SameSite=Lax; HttpOnly`,
    secure,
    vary: Object.freeze(vary),
    varyHeader: vary.join(', '),
  });
}

function nameOption(name: string, value: unknown, fallback: string): string | false {
  if (value === undefined) return fallback;
  if (value === false) return false;
  if (typeof value === 'string' && TOKEN.test(value)) return value;
  throw optionError(
    `${name} must be false or a name made of letters, digits and !#$%&'*+-.^_\`|~, got ${describe(value)}`,
  );
}

function optionError(
  message: string,
  hint = 'see the localeMiddleware options in docs/express.md',
): LocaleKitError {
  return new LocaleKitError('E_OPTION', `localeMiddleware: ${message}`, { hint });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function') {
    return 'a Promise';
  }
  return typeof value === 'object' || typeof value === 'function'
    ? `a ${typeof value}`
    : String(value);
}

/**
 * The first value of query parameter `name` in `url`, percent-decoded, or `undefined` when absent,
 * empty, longer than a locale code can be, or malformed. Scans the raw URL itself rather than
 * `req.query`, so the answer does not depend on Express's version or `query parser` setting
 * (`qs` turns `?locale[x]=` into objects, Express 5 re-parses on every access), and a repeated
 * parameter (`?locale=a&locale=b`) simply gives its first value. The work is one pass over the
 * query string; the only allocation is the returned value.
 */
export function queryValue(url: string | undefined, name: string): string | undefined {
  if (url === undefined) return undefined;
  const start = url.indexOf('?');
  if (start === -1) return undefined;
  // A fragment never reaches a server, but a URL given by hand may have one, before or after `?`.
  const hash = url.indexOf('#');
  if (hash !== -1 && hash < start) return undefined;
  const end = hash === -1 ? url.length : hash;
  const nameLength = name.length;
  let pair = start + 1;
  while (pair < end) {
    let next = url.indexOf('&', pair);
    if (next === -1 || next > end) next = end;
    if (
      next - pair > nameLength &&
      url.charCodeAt(pair + nameLength) === 0x3d /* = */ &&
      url.startsWith(name, pair)
    ) {
      return decodeValue(url, pair + nameLength + 1, next, true);
    }
    pair = next + 1;
  }
  return undefined;
}

/**
 * The value of the first cookie whose pair starts with `prefix` (`locale=`) in a `Cookie` header,
 * unquoted and percent-decoded, or `undefined`. The first pair wins, as RFC 6265 §5.4 orders the
 * most specific cookie first. One pass over the header, no per-cookie allocation: a 10 KB header
 * costs a scan, not a map of every cookie.
 */
export function cookieValue(header: string | undefined, prefix: string): string | undefined {
  if (header === undefined || header.length < prefix.length) return undefined;
  let pair = 0;
  const length = header.length;
  while (pair < length) {
    while (
      pair < length &&
      (header.charCodeAt(pair) === 0x20 || header.charCodeAt(pair) === 0x09)
    ) {
      pair++;
    }
    let next = header.indexOf(';', pair);
    if (next === -1) next = length;
    if (header.startsWith(prefix, pair)) {
      let from = pair + prefix.length;
      let to = next;
      while (
        to > from &&
        (header.charCodeAt(to - 1) === 0x20 || header.charCodeAt(to - 1) === 0x09)
      ) {
        to--;
      }
      if (
        to - from >= 2 &&
        header.charCodeAt(from) === 0x22 &&
        header.charCodeAt(to - 1) === 0x22
      ) {
        from++;
        to--;
      }
      return decodeValue(header, from, to, false);
    }
    pair = next + 1;
  }
  return undefined;
}

/** `source[from, to)` percent-decoded (and `+` as space in a query), if it can be a locale code. */
function decodeValue(
  source: string,
  from: number,
  to: number,
  plusIsSpace: boolean,
): string | undefined {
  const length = to - from;
  if (length === 0 || length > MAX_RAW_LENGTH) return undefined;
  let value = source.slice(from, to);
  if (plusIsSpace && value.includes('+')) value = value.replaceAll('+', ' ');
  if (value.includes('%')) {
    try {
      value = decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return value.length <= MAX_CODE_LENGTH ? value : undefined;
}

/**
 * Adds the options' `Vary` fields to the response's `Vary` without duplicates (case-insensitive),
 * keeping what is there, as the `vary` package (Express's `res.vary`) does; `*` already varies on
 * everything.
 */
function appendVary(res: ServerResponse, options: ResolvedOptions): void {
  const existing = res.getHeader('Vary');
  if (existing === undefined) {
    res.setHeader('Vary', options.varyHeader);
    return;
  }
  let value = Array.isArray(existing) ? existing.join(', ') : String(existing);
  if (value.trim() === '*') return;
  const present = value
    .toLowerCase()
    .split(',')
    .map((field) => field.trim());
  if (present.includes('*')) return;
  for (const field of options.vary) {
    if (!present.includes(field.toLowerCase())) {
      value = value.trim() === '' ? field : `${value}, ${field}`;
    }
  }
  res.setHeader('Vary', value);
}

/** Adds one `Set-Cookie` line, keeping any the app has set already. */
function appendSetCookie(res: ServerResponse, line: string): void {
  const existing = res.getHeader('Set-Cookie');
  if (existing === undefined) {
    res.setHeader('Set-Cookie', line);
  } else if (Array.isArray(existing)) {
    res.setHeader('Set-Cookie', [...existing, line]);
  } else {
    res.setHeader('Set-Cookie', [String(existing), line]);
  }
}

/**
 * The one framework-free core of every adapter: "request in, locale and headers out". It validates
 * the options once, picks a request's `Locale` from its sources in order, and knows what to write:
 * `Content-Language`, `Vary`, the remembering cookie and the template variables. The Express, Koa
 * and Fastify adapters are thin files that read a request's parts with their framework's API and
 * write what this module computes.
 *
 * Sources, the first that yields a supported locale wins (each falls through when it does not):
 * `detect` (may be async) > path prefix (`/fr/…`, opt-in) > subdomain (`fr.example.com`, opt-in) >
 * query parameter > cookie > `Accept-Language` > the default.
 */
import type { ServerResponse } from 'node:http';
import { nameDefaultTranslations } from '../core/context.js';
import type { Locale } from '../core/locale.js';
import { PSEUDO_LOCALES } from '../core/pseudo.js';
import type { Translations } from '../core/translations.js';
import { LocaleKitError } from '../errors.js';
import { codeToTag, createMatcher, type LocaleMatcher } from '../negotiation/negotiate.js';

/** What `detect` may answer: a locale code, or nothing (`undefined`, `null`, `''`) to fall through. */
export type DetectResult = string | null | undefined;

/** Attributes of the cookie that remembers a choice (`?locale=`, or `setLocale(…, { remember })`). */
export interface LocaleCookieOptions {
  /** Lifetime in **seconds** (`Max-Age`), as the `cookie` package counts it. @default 31536000 (one year) */
  readonly maxAge?: number;
  /** `true`/`false` force the `Secure` attribute; `'auto'` adds it over TLS (`req.secure`, `ctx.secure`, `request.protocol`). @default 'auto' */
  readonly secure?: boolean | 'auto';
  /** `Domain`, e.g. `example.com` to share the choice with `fr.example.com`. @default none (this host only) */
  readonly domain?: string;
  /** `Path`. @default '/' */
  readonly path?: string;
  /** `SameSite`: `'lax'`, `'strict'`, `'none'` (needs `secure: true`), or `false` to leave it out. @default 'lax' */
  readonly sameSite?: 'lax' | 'strict' | 'none' | 'Lax' | 'Strict' | 'None' | false;
  /** `HttpOnly`: scripts cannot read the cookie. @default true */
  readonly httpOnly?: boolean;
}

/** The options every adapter takes (each adapter types `detect`'s request as its own). */
export interface LocaleSourceOptions<Req> {
  /** Query-string parameter that picks a locale (`?locale=fr`); `false` ignores the query. @default 'locale' */
  readonly queryParameter?: string | false;
  /** Cookie that remembers the choice; `false` neither reads nor writes a cookie. @default 'locale' */
  readonly cookie?: string | false;
  /**
   * The user's saved choice (Tornado's `get_user_locale`), consulted first: return a locale code
   * or a Promise of one, resolved to the closest supported locale (`fr` → `fr_FR`); `undefined`,
   * `null`, `''` or a code that matches no supported locale falls through to the next source. If
   * it throws, rejects or returns something else, the request gets the default locale and the
   * error goes to the framework's error handling (`E_DETECT` for a wrong type).
   */
  detect?(req: Req): DetectResult | PromiseLike<DetectResult>;
  /**
   * A first path segment naming a supported locale (`/fr/cart`, `/pt-BR/cart`, matched like the
   * query) picks it; adapters that can strip it for routing do (Express, Koa, node:http).
   * @default false
   */
  readonly pathPrefix?: boolean;
  /** The first label of the `Host` (`fr.example.com`, `pt-br.example.com`) picks a locale. @default false */
  readonly subdomain?: boolean;
  /** Attributes of the remembering cookie. */
  readonly cookieOptions?: LocaleCookieOptions;
}

/** The template variables every adapter puts where its views read them. */
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

/** One `<link rel="alternate" hreflang href>`: a locale's tag (or `x-default`) and its URL. */
export interface HreflangLink {
  readonly hreflang: string;
  readonly href: string;
}

/** What the sources chose for one request. */
export interface Choice {
  readonly locale: Locale;
  /** A query choice to remember in the cookie. */
  readonly remember: boolean;
  /** Length of the `/fr` path prefix that chose it (0 when no prefix did), to strip for routing. */
  readonly prefixLength: number;
}

/** The parts of a request the sources read, as each framework exposes them. */
export interface RequestParts {
  /** The request target as received (`/fr/cart?n=3`). */
  readonly url: string | undefined;
  readonly host: string | undefined;
  readonly cookie: string | undefined;
  readonly acceptLanguage: string | undefined;
}

/** Reads and writes a response's headers, whatever the framework keeps them in. */
export interface HeaderAccess<Target> {
  get(target: Target, name: string): unknown;
  set(target: Target, name: string, value: string | string[]): void;
}

/** RFC 6265 / RFC 9110 `token`: what a cookie name or a query parameter name may be made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Longest locale code accepted from a request (`zh-Hant-TW`, `sr_RS@latin` fit easily). */
const MAX_CODE_LENGTH = 35;
/** Longest raw (percent-encoded) value looked at: every character of a code escaped. */
const MAX_RAW_LENGTH = MAX_CODE_LENGTH * 3;
/** What a path segment or host label must look like to be tried as a locale code. */
const CODE_LIKE = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/;
/** RFC 1034 host name, optionally with a leading dot (ignored by browsers, RFC 6265 §5.2.3). */
const DOMAIN =
  /^\.?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** RFC 6265 `path-value`: any CHAR but CTLs and `;` (and no space, which no sane path needs). */
const COOKIE_PATH = /^\/[\x21-\x3a\x3c-\x7e]*$/;
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;
/**
 * A code no catalog can have (`CODE_SHAPE` wants lower-case 2–3 letters first) given to the
 * adapters' own matcher as its "default", so "matched nothing" is told apart from "matched the
 * default": the query, cookie, prefix and `detect` never fall back, they fall through.
 */
const NO_MATCH = 'qaa_QM';
const PSEUDO_CODES: ReadonlySet<string> = new Set(PSEUDO_LOCALES.values());

const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  'queryParameter',
  'cookie',
  'detect',
  'cookieOptions',
  'pathPrefix',
  'subdomain',
]);
const KNOWN_COOKIE_OPTIONS: ReadonlySet<string> = new Set([
  'maxAge',
  'secure',
  'domain',
  'path',
  'sameSite',
  'httpOnly',
]);

/** The part of the options `Vary` needs. */
type VaryOptions = Pick<ResolvedOptions<never>, 'vary' | 'varyHeader'>;

/** The validated, frozen options, with the strings the hot path needs built once. */
export interface ResolvedOptions<Req> {
  readonly queryParameter: string | false;
  readonly cookie: string | false;
  readonly detect: ((req: Req) => DetectResult | PromiseLike<DetectResult>) | undefined;
  readonly pathPrefix: boolean;
  readonly subdomain: boolean;
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
 * One adapter instance's sources over one `Translations`. Created once per middleware or plugin;
 * `choose` runs per request.
 */
export class LocaleSources<Req> {
  readonly translations: Translations;
  readonly options: ResolvedOptions<Req>;
  #matcherFor: readonly string[] | undefined;
  #matcher: LocaleMatcher | undefined;

  /** Validates everything once; a wrong option is an `E_OPTION` error when the app starts. */
  constructor(translations: Translations, options: LocaleSourceOptions<Req>, adapter: string) {
    assertTranslations(translations, adapter);
    this.translations = translations;
    this.options = resolveOptions(options, adapter);
    nameDefaultTranslations(translations);
  }

  /**
   * The request's Locale from its sources, in order. Synchronous unless `detect` returns a Promise.
   * Throws (or rejects with) what `detect` throws, or `E_DETECT` for an answer of the wrong type.
   */
  choose(req: Req, parts: RequestParts): Choice | Promise<Choice> {
    const { detect } = this.options;
    if (detect !== undefined) {
      const saved = detect(req);
      if (isThenable(saved)) {
        return Promise.resolve(saved).then((value) => this.#afterDetect(value, parts));
      }
      return this.#afterDetect(saved, parts);
    }
    return this.#fromRequest(parts);
  }

  /** The closest supported Locale for a code (`fr` → `fr_FR`, `pt-br` → `pt_BR`), or `undefined`. */
  closest(code: unknown): Locale | undefined {
    if (typeof code !== 'string' || code.length === 0 || code.length > MAX_CODE_LENGTH) {
      return undefined;
    }
    const exact = this.translations.find(code);
    if (exact !== undefined) return exact;
    const supported = this.translations.supportedLocales;
    // Rebuilt only when a reload swapped the snapshot (a new frozen array).
    if (this.#matcherFor !== supported || this.#matcher === undefined) {
      // Pseudo-locales are reached only by their own name (the exact `find` above), never as the
      // closest match of a real language, as `Translations#get` has it.
      this.#matcher = createMatcher(
        supported.filter((c) => !PSEUDO_CODES.has(c)),
        NO_MATCH,
      );
      this.#matcherFor = supported;
    }
    const matched = this.#matcher.match([code]);
    return matched === NO_MATCH ? undefined : this.translations.find(matched);
  }

  /** `url` without a leading segment that names a supported locale (`/fr/cart` → `/cart`). */
  stripPrefix(url: string): string {
    const segment = firstSegment(url);
    if (segment === undefined || this.closest(segment) === undefined) return url;
    return withoutPrefix(url, segment.length + 1);
  }

  /** `Set-Cookie` value remembering `locale`. */
  cookieLine(locale: Locale, secureRequest: boolean): string {
    const { cookiePrefix, cookieAttributes, secure } = this.options;
    const isSecure = secure === 'auto' ? secureRequest : secure;
    return cookiePrefix + locale.code + cookieAttributes + (isSecure ? '; Secure' : '');
  }

  /**
   * `<link rel="alternate" hreflang>` targets for the page at `path` (the URL without a locale
   * prefix; `mount` is where the app is mounted): every supported locale but the pseudo-locales,
   * then `x-default` (the page without a choice, which negotiates). With `pathPrefix` a locale's
   * URL is its prefix (`/fr-FR/cart`); otherwise it is the query parameter (`/cart?locale=fr_FR`);
   * with neither, only `x-default`. Paths are site-relative; put your canonical origin in front.
   */
  hreflangLinks(mount: string, path: string): HreflangLink[] {
    const { pathPrefix, queryParameter } = this.options;
    const links: HreflangLink[] = [];
    const plain = pathPrefix ? path : withoutQueryParameter(path, queryParameter);
    if (pathPrefix || queryParameter !== false) {
      for (const code of this.translations.supportedLocales) {
        if (PSEUDO_CODES.has(code)) continue; // a testing aid, not a language to advertise
        const locale = this.translations.find(code);
        if (locale === undefined) continue;
        const href = pathPrefix
          ? mount + localizedPath(code, path)
          : mount + withQueryParameter(plain, queryParameter as string, code);
        links.push({ hreflang: locale.tag, href });
      }
    }
    links.push({ hreflang: 'x-default', href: mount + plain });
    return links;
  }

  #afterDetect(saved: unknown, parts: RequestParts): Choice {
    if (typeof saved === 'string') {
      if (saved !== '') {
        const locale = this.closest(saved);
        if (locale !== undefined) return { locale, remember: false, prefixLength: 0 };
      }
    } else if (saved !== undefined && saved !== null) {
      throw new LocaleKitError(
        'E_DETECT',
        `detect() returned ${describe(saved)}; expected a locale code, undefined or null`,
        { hint: 'return the code or a Promise of it, e.g. req.user?.locale' },
      );
    }
    return this.#fromRequest(parts);
  }

  #fromRequest(parts: RequestParts): Choice {
    const { queryParameter, cookie, pathPrefix, subdomain, cookiePrefix } = this.options;
    if (pathPrefix) {
      const segment = firstSegment(parts.url);
      const locale = segment === undefined ? undefined : this.closest(segment);
      if (locale !== undefined) {
        return { locale, remember: false, prefixLength: segment!.length + 1 };
      }
    }
    if (subdomain) {
      const label = firstLabel(parts.host);
      if (label !== undefined) {
        const locale = this.closest(label);
        if (locale !== undefined) return { locale, remember: false, prefixLength: 0 };
      }
    }
    if (queryParameter !== false) {
      const locale = this.closest(queryValue(parts.url, queryParameter));
      if (locale !== undefined) return { locale, remember: cookie !== false, prefixLength: 0 };
    }
    if (cookie !== false) {
      const locale = this.closest(cookieValue(parts.cookie, cookiePrefix));
      if (locale !== undefined) return { locale, remember: false, prefixLength: 0 };
    }
    return {
      locale: this.translations.negotiate(parts.acceptLanguage),
      remember: false,
      prefixLength: 0,
    };
  }
}

/**
 * `/pt-BR/cart` for (`pt_BR`, `/cart`): the path under a locale's prefix, which is its BCP 47 tag
 * (`fr-FR`, `ar`, `zh-TW`); what `pathPrefix` reads back. `path` should not carry a prefix already.
 */
export function localizedPath(code: string | Locale, path: string): string {
  const tag = typeof code === 'string' ? codeToTag(code) : code.tag;
  const rest = typeof path === 'string' && path !== '' ? path : '/';
  return rest.startsWith('/') ? `/${tag}${rest}` : `/${tag}/${rest}`;
}

/** `url` without its first `length` characters (a `/fr` prefix), still starting with `/`. */
export function withoutPrefix(url: string, length: number): string {
  const rest = url.slice(length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** Puts the template variables for `locale` on `target` (`res.locals`, `reply.locals`, `ctx.state`). */
export function assignLocals(target: Record<string, unknown>, locale: Locale): void {
  target._ = locale._;
  target.pgettext = locale.pgettext;
  target.translate = locale.translate;
  target.locale = locale;
  target.dir = locale.dir;
  target.lang = locale.tag;
}

/**
 * Writes `Content-Language`, appends the `Vary` fields, and the cookie line if any, through
 * `access` (node's `res`, Fastify's `reply`).
 */
export function writeHeaders<T>(
  access: HeaderAccess<T>,
  target: T,
  options: VaryOptions,
  locale: Locale,
  cookieLine: string | undefined,
): void {
  access.set(target, 'Content-Language', locale.tag);
  appendVary(access, target, options);
  if (cookieLine !== undefined) appendSetCookie(access, target, cookieLine);
}

/** `node:http`'s `ServerResponse` (Express, Koa and plain servers keep headers there). */
export const nodeHeaders: HeaderAccess<ServerResponse> = {
  get: (res, name) => res.getHeader(name),
  set: (res, name, value) => {
    res.setHeader(name, value);
  },
};

/**
 * Adds the options' `Vary` fields to the response's `Vary` without duplicates (case-insensitive),
 * keeping what is there, as the `vary` package (Express's `res.vary`) does; `*` already varies on
 * everything.
 */
function appendVary<T>(access: HeaderAccess<T>, target: T, options: VaryOptions): void {
  const existing = access.get(target, 'Vary');
  if (existing === undefined || existing === null || existing === '') {
    access.set(target, 'Vary', options.varyHeader);
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
  access.set(target, 'Vary', value);
}

/**
 * Adds one `Set-Cookie` line, keeping any the app has set already; a line for the same cookie
 * name (a second `setLocale`) replaces the earlier one instead of sending two.
 */
function appendSetCookie<T>(access: HeaderAccess<T>, target: T, line: string): void {
  const existing = access.get(target, 'Set-Cookie');
  if (existing === undefined || existing === null || existing === '') {
    access.set(target, 'Set-Cookie', line);
    return;
  }
  const name = line.slice(0, line.indexOf('=') + 1);
  const lines = (Array.isArray(existing) ? existing : [existing]).map(String);
  const kept = lines.filter((l) => !l.startsWith(name));
  access.set(target, 'Set-Cookie', [...kept, line]);
}

function assertTranslations(translations: unknown, adapter: string): void {
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
      `${adapter}() needs the Translations that loadTranslations() resolves to`,
      { hint: 'pass the result of await loadTranslations("locales")' },
    );
  }
}

function resolveOptions<Req>(
  options: LocaleSourceOptions<Req>,
  adapter: string,
): ResolvedOptions<Req> {
  const fail = (message: string, hint?: string): LocaleKitError =>
    new LocaleKitError('E_OPTION', `${adapter}: ${message}`, {
      hint: hint ?? 'see the adapter options in docs/express.md',
    });
  if (options === null || typeof options !== 'object') {
    throw fail(`options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw fail(
        `unknown option ${JSON.stringify(key)}`,
        `known options: ${[...KNOWN_OPTIONS].join(', ')}`,
      );
    }
  }
  const name = (option: string, value: unknown): string | false => {
    if (value === undefined) return 'locale';
    if (value === false) return false;
    if (typeof value === 'string' && TOKEN.test(value)) return value;
    throw fail(
      `${option} must be false or a name made of letters, digits and !#$%&'*+-.^_\`|~, got ${describe(value)}`,
    );
  };
  const flag = (option: string, value: unknown): boolean => {
    if (value === undefined) return false;
    if (typeof value === 'boolean') return value;
    throw fail(`${option} must be true or false, got ${describe(value)}`);
  };
  const queryParameter = name('queryParameter', options.queryParameter);
  const cookie = name('cookie', options.cookie);
  const { detect } = options;
  if (detect !== undefined && typeof detect !== 'function') {
    throw fail(`detect must be a function, got ${describe(detect)}`);
  }
  const pathPrefix = flag('pathPrefix', options.pathPrefix);
  const subdomain = flag('subdomain', options.subdomain);
  const cookieAttributes = resolveCookieOptions(options.cookieOptions ?? {}, fail);
  // A response chosen by a cookie (or by `detect`, which usually reads a session cookie) must not
  // be served from a shared cache to a user without it; with neither, `Cookie` would only split
  // the cache for nothing. The path and the host are part of every cache key already.
  const vary =
    cookie !== false || detect !== undefined ? ['Accept-Language', 'Cookie'] : ['Accept-Language'];
  return Object.freeze({
    queryParameter,
    cookie,
    detect: detect === undefined ? undefined : detect.bind(options),
    pathPrefix,
    subdomain,
    cookiePrefix: cookie === false ? '' : `${cookie}=`,
    cookieAttributes: cookieAttributes.attributes,
    secure: cookieAttributes.secure,
    vary: Object.freeze(vary),
    varyHeader: vary.join(', '),
  });
}

function resolveCookieOptions(
  cookieOptions: LocaleCookieOptions,
  fail: (message: string, hint?: string) => LocaleKitError,
): { attributes: string; secure: boolean | 'auto' } {
  if (cookieOptions === null || typeof cookieOptions !== 'object') {
    throw fail(`cookieOptions must be an object, got ${describe(cookieOptions)}`);
  }
  for (const key of Object.keys(cookieOptions)) {
    if (!KNOWN_COOKIE_OPTIONS.has(key)) {
      throw fail(
        `unknown cookieOptions option ${JSON.stringify(key)}`,
        `known: ${[...KNOWN_COOKIE_OPTIONS].join(', ')}`,
      );
    }
  }
  const maxAge = cookieOptions.maxAge ?? ONE_YEAR_SECONDS;
  if (!Number.isSafeInteger(maxAge) || maxAge < 0) {
    throw fail(
      `cookieOptions.maxAge must be a whole number of seconds >= 0, got ${describe(maxAge)}`,
    );
  }
  const secure = cookieOptions.secure ?? 'auto';
  if (secure !== true && secure !== false && secure !== 'auto') {
    throw fail(`cookieOptions.secure must be true, false or 'auto', got ${describe(secure)}`);
  }
  const path = cookieOptions.path ?? '/';
  if (typeof path !== 'string' || path.length > 1024 || !COOKIE_PATH.test(path)) {
    throw fail(
      `cookieOptions.path must start with / and hold no spaces, control characters or ';', got ${describe(path)}`,
    );
  }
  const domain = cookieOptions.domain;
  if (
    domain !== undefined &&
    (typeof domain !== 'string' || domain.length > 253 || !DOMAIN.test(domain))
  ) {
    throw fail(
      `cookieOptions.domain must be a host name such as example.com, got ${describe(domain)}`,
    );
  }
  const rawSameSite = cookieOptions.sameSite ?? 'lax';
  const sameSite =
    rawSameSite === false
      ? false
      : typeof rawSameSite === 'string'
        ? rawSameSite.toLowerCase()
        : '';
  if (sameSite !== false && sameSite !== 'lax' && sameSite !== 'strict' && sameSite !== 'none') {
    throw fail(
      `cookieOptions.sameSite must be 'lax', 'strict', 'none' or false, got ${describe(rawSameSite)}`,
    );
  }
  if (sameSite === 'none' && secure !== true) {
    // Browsers drop a SameSite=None cookie without Secure.
    throw fail(
      "cookieOptions.sameSite 'none' needs secure: true",
      'browsers reject SameSite=None without Secure',
    );
  }
  const httpOnly = cookieOptions.httpOnly ?? true;
  if (typeof httpOnly !== 'boolean') {
    throw fail(`cookieOptions.httpOnly must be true or false, got ${describe(httpOnly)}`);
  }
  let attributes = `; Path=${path}`;
  if (domain !== undefined) attributes += `; Domain=${domain}`;
  attributes += `; Max-Age=${maxAge}`;
  if (sameSite !== false)
    attributes += `; SameSite=${sameSite[0]!.toUpperCase()}${sameSite.slice(1)}`;
  if (httpOnly) attributes += '; HttpOnly';
  return { attributes, secure };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isThenable(value)) return 'a Promise';
  return typeof value === 'object' || typeof value === 'function'
    ? `a ${typeof value}`
    : String(value);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** The first path segment of `url` if it looks like a locale code (`/pt-BR/x` → `pt-BR`). */
function firstSegment(url: string | undefined): string | undefined {
  if (url === undefined || url.charCodeAt(0) !== 0x2f /* / */) return undefined;
  let end = 1;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 0x2f || c === 0x3f /* ? */ || c === 0x23 /* # */) break;
    // A segment longer than any code is not one (and is not scanned further).
    if (end > MAX_CODE_LENGTH) return undefined;
    end++;
  }
  const segment = url.slice(1, end);
  return CODE_LIKE.test(segment) ? segment : undefined;
}

/** The first label of a `Host` (`fr.example.com:8080` → `fr`) when there is more than one label. */
function firstLabel(host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  const dot = host.indexOf('.');
  if (dot <= 0 || dot > MAX_CODE_LENGTH) return undefined;
  const label = host.slice(0, dot);
  return CODE_LIKE.test(label) ? label : undefined;
}

/** `path` without its `name=` query pairs. */
function withoutQueryParameter(path: string, name: string | false): string {
  if (name === false) return path;
  const q = path.indexOf('?');
  if (q === -1) return path;
  const kept = path
    .slice(q + 1)
    .split('&')
    .filter((pair) => pair !== name && !pair.startsWith(`${name}=`));
  return kept.length === 0 ? path.slice(0, q) : `${path.slice(0, q)}?${kept.join('&')}`;
}

function withQueryParameter(path: string, name: string, code: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(code)}`;
}

/**
 * The first value of query parameter `name` in `url`, percent-decoded, or `undefined` when absent,
 * empty, longer than a locale code can be, or malformed. Scans the raw URL itself rather than a
 * framework's parsed query, so the answer does not depend on Express's version or `query parser`
 * setting (`qs` turns `?locale[x]=` into objects), and a repeated parameter
 * (`?locale=a&locale=b`) simply gives its first value. One pass; the only allocation is the value.
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

/**
 * `localekit/fastify`: the Fastify 5 adapter, a plugin over the shared core in `./core.ts`.
 *
 * ```ts
 * await app.register(localePlugin, { translations: i18n });
 * app.get('/', (request) => request.locale._('Hello'));
 * ```
 *
 * An `onRequest` hook picks the Locale, sets `request.locale`, `reply.locals` (which `@fastify/view`
 * passes to every template), `Content-Language`, `Vary` and the remembering cookie, and runs the
 * rest of the request in the locale's async context (re-entered after the body is parsed, as
 * `@fastify/request-context` does), so `currentLocale()` works in handlers and everything they
 * start. The plugin is not encapsulated (`Symbol.for('skip-override')`, as `fastify-plugin` sets
 * it): registered anywhere, it serves every route of the instance it is registered on.
 */
import { AsyncResource } from 'node:async_hooks';
import type {
  FastifyInstance,
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import { type LocaleHolder, runWithHolder } from '../core/context.js';
import type { Locale } from '../core/locale.js';
import type { Translations } from '../core/translations.js';
import { LocaleKitError } from '../errors.js';
import {
  assignLocals,
  type Choice,
  type DetectResult,
  type HeaderAccess,
  type HreflangLink,
  type LocaleCookieOptions,
  type LocaleLocals,
  type LocaleSourceOptions,
  LocaleSources,
  localizedPath,
  withoutPrefix,
  writeHeaders,
} from './core.js';

export type { DetectResult, HreflangLink, LocaleCookieOptions, LocaleLocals };
export { localizedPath };

/** Options of `localePlugin`: the `Translations` and the same sources as every adapter. */
export interface LocalePluginOptions extends LocaleSourceOptions<FastifyRequest> {
  /** What `loadTranslations()` resolved to. */
  readonly translations: Translations;
}

/** Options of `setLocale`. */
export interface SetLocaleOptions {
  /** Also write the remembering cookie (when the plugin has one). @default false */
  readonly remember?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's `Locale`, set by `localePlugin` from `localekit/fastify`. */
    locale: Locale;
  }
  interface FastifyReply {
    /** Template variables (`@fastify/view` passes them to every template). */
    locals: LocaleLocals & Record<string, unknown>;
  }
}

/** Per-request state, for `setLocale`, `hreflangLinks` and re-entering the async context. */
interface RequestState extends LocaleHolder {
  readonly sources: LocaleSources<FastifyRequest>;
  readonly reply: FastifyReply;
  /** The URL without a locale prefix, for links. */
  readonly path: string;
  /** The async context the handler must run in (the body parser leaves it). */
  resource: AsyncResource | undefined;
}

const STATE = Symbol('localekit.fastify');

type WithState = FastifyRequest & { [STATE]?: RequestState };

/** Register options Fastify itself reads and still passes to the plugin. */
const REGISTER_OPTIONS: ReadonlySet<string> = new Set(['prefix', 'logLevel', 'logSerializers']);

/** Fastify keeps headers on the reply until it sends them; `Set-Cookie` appends on `header()`. */
const replyHeaders: HeaderAccess<FastifyReply> = {
  get: (reply, name) => reply.getHeader(name),
  set: (reply, name, value) => {
    reply.removeHeader(name);
    reply.header(name, value);
  },
};

function plugin(
  fastify: FastifyInstance,
  options: LocalePluginOptions,
  done: (err?: Error) => void,
): void {
  if (options === null || typeof options !== 'object') {
    done(
      new LocaleKitError('E_OPTION', 'localePlugin: options must be an object', {
        hint: 'app.register(localePlugin, { translations: await loadTranslations("locales") })',
      }),
    );
    return;
  }
  const { translations, ...rest } = options;
  for (const key of REGISTER_OPTIONS) delete (rest as Record<string, unknown>)[key];
  let sources: LocaleSources<FastifyRequest>;
  try {
    sources = new LocaleSources<FastifyRequest>(translations, rest, 'localePlugin');
  } catch (error) {
    done(error as Error);
    return;
  }
  if (!fastify.hasRequestDecorator('locale')) fastify.decorateRequest('locale', null as never);
  if (!fastify.hasReplyDecorator('locals')) fastify.decorateReply('locals', null as never);

  fastify.addHook('onRequest', (request, reply, next) => {
    let chosen: Choice | Promise<Choice>;
    try {
      chosen = sources.choose(request, {
        url: request.originalUrl,
        host: request.host,
        cookie: request.headers.cookie,
        acceptLanguage: request.headers['accept-language'],
      });
    } catch (error) {
      fail(sources, request, reply, next, error);
      return;
    }
    if (chosen instanceof Promise) {
      chosen.then(
        (choice) => start(sources, request, reply, next, choice),
        (error: unknown) => fail(sources, request, reply, next, error),
      );
    } else {
      start(sources, request, reply, next, chosen);
    }
  });

  // After the body parser: back into the request's async context for validation and the handler.
  fastify.addHook('preValidation', (request, _reply, next) => {
    const resource = (request as WithState)[STATE]?.resource;
    if (resource === undefined) next();
    else resource.runInAsyncScope(next);
  });
  done();
}

function start(
  sources: LocaleSources<FastifyRequest>,
  request: FastifyRequest,
  reply: FastifyReply,
  next: HookHandlerDoneFunction,
  choice: Choice,
): void {
  const { locale } = choice;
  const url = request.originalUrl;
  const path = choice.prefixLength > 0 ? withoutPrefix(url, choice.prefixLength) : url;
  const state = enter(sources, request, reply, path, locale);
  writeHeaders(
    replyHeaders,
    reply,
    sources.options,
    locale,
    choice.remember ? sources.cookieLine(locale, request.protocol === 'https') : undefined,
  );
  runWithHolder(state, () => {
    state.resource = new AsyncResource('localekit');
    next();
  });
}

/** `detect` failed: the default Locale everywhere, then the error to Fastify's error handler. */
function fail(
  sources: LocaleSources<FastifyRequest>,
  request: FastifyRequest,
  reply: FastifyReply,
  next: HookHandlerDoneFunction,
  error: unknown,
): void {
  const locale = sources.translations.defaultLocale;
  const state = enter(sources, request, reply, request.originalUrl, locale);
  writeHeaders(replyHeaders, reply, sources.options, locale, undefined);
  runWithHolder(state, () => {
    state.resource = new AsyncResource('localekit');
    next(error instanceof Error ? error : new Error(String(error)));
  });
}

function enter(
  sources: LocaleSources<FastifyRequest>,
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
  locale: Locale,
): RequestState {
  const state: RequestState = { locale, sources, reply, path, resource: undefined };
  (request as WithState)[STATE] = state;
  request.locale = locale;
  // `@fastify/view` may have created `reply.locals` in its own onRequest hook; keep its object.
  if (reply.locals === null || typeof reply.locals !== 'object') {
    reply.locals = Object.create(null) as FastifyReply['locals'];
  }
  assignLocals(reply.locals, locale);
  return state;
}

function stateOf(request: FastifyRequest, caller: string): RequestState {
  const state = (request as WithState | null)?.[STATE];
  if (state === undefined) {
    throw new LocaleKitError(
      'E_NO_MIDDLEWARE',
      `${caller}(request) needs a request that went through localePlugin`,
      { hint: 'app.register(localePlugin, { translations }) before the routes that call it' },
    );
  }
  return state;
}

/**
 * Fastify plugin that gives every request its `Locale`:
 * `app.register(localePlugin, { translations: i18n, ...options })`. Options are those of every
 * adapter (`queryParameter`, `cookie`, `detect`, `pathPrefix`, `subdomain`, `cookieOptions`);
 * a wrong one fails `register` with `E_OPTION`.
 */
export const localePlugin: FastifyPluginCallback<LocalePluginOptions> = Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'localekit',
  [Symbol.for('plugin-meta')]: { name: 'localekit', fastify: '5.x' },
});

/**
 * Switches the request to the closest supported locale for `code` from here on: `request.locale`,
 * `reply.locals`, `Content-Language` (until the reply is sent), `currentLocale()` and, with
 * `{ remember: true }`, the cookie. A code that matches nothing changes nothing. Returns the
 * request's Locale after the call.
 */
export function setLocale(
  request: FastifyRequest,
  code: string | Locale,
  options: SetLocaleOptions = {},
): Locale {
  const state = stateOf(request, 'setLocale');
  const locale = state.sources.closest(typeof code === 'string' ? code : code?.code);
  if (locale === undefined) return state.locale;
  state.locale = locale;
  request.locale = locale;
  const { reply, sources } = state;
  if (reply.locals !== null && typeof reply.locals === 'object') assignLocals(reply.locals, locale);
  if (!reply.sent) {
    const remember = options.remember === true && sources.options.cookie !== false;
    writeHeaders(
      replyHeaders,
      reply,
      sources.options,
      locale,
      remember ? sources.cookieLine(locale, request.protocol === 'https') : undefined,
    );
  }
  return locale;
}

/** `<link rel="alternate" hreflang>` targets for this page, as in `localekit/express`. */
export function hreflangLinks(request: FastifyRequest): HreflangLink[] {
  const state = stateOf(request, 'hreflangLinks');
  return state.sources.hreflangLinks('', state.path);
}

/**
 * A `rewriteUrl` for `Fastify({ rewriteUrl: stripLocalePrefix(i18n) })`: removes a leading
 * segment naming a supported locale (`/fr/cart` → `/cart`) before routing, so routes are written
 * without it. Fastify keeps the URL as received in `request.originalUrl`, which `localePlugin`
 * with `pathPrefix: true` reads.
 */
export function stripLocalePrefix(
  translations: Translations,
): (req: { url?: string | undefined }) => string {
  const sources = new LocaleSources<unknown>(
    translations,
    { pathPrefix: true },
    'stripLocalePrefix',
  );
  return (req) => sources.stripPrefix(req.url ?? '/');
}

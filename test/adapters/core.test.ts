/**
 * The framework-free core of the adapters: the raw query and cookie scanners, closest-match
 * resolution that never answers with an unsupported locale, localized paths, hreflang targets and
 * the cookie attributes, checked at factory time.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cookieValue,
  type LocaleSourceOptions,
  LocaleSources,
  localizedPath,
  queryValue,
} from '../../src/adapters/core.js';
import { LocaleKitError, loadTranslations, type Translations } from '../../src/index.js';
import { makeDir, writeFiles } from '../helpers/tmp.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const LOCALES = path.join(here, '..', 'fixtures', 'express', 'locales');

let i18n: Translations;

beforeAll(async () => {
  i18n = await loadTranslations(LOCALES, { defaultLocale: 'en_US', onWarning() {} });
});

const parts = (url: string, more: { host?: string; cookie?: string; al?: string } = {}) => ({
  url,
  host: more.host,
  cookie: more.cookie,
  acceptLanguage: more.al,
});

describe('LocaleSources#closest', () => {
  const cases: [unknown, string | undefined][] = [
    ['fr', 'fr_FR'],
    ['fr-CA', 'fr_FR'],
    ['FR_fr', 'fr_FR'],
    ['pt', 'pt_BR'],
    ['zh-HK', 'zh_TW'],
    ['zh-Hans', 'zh_CN'],
    ['en', 'en_US'],
    ['en_US', 'en_US'],
    ['xx_XX', undefined],
    ['qaa-QM', undefined],
    ['*', undefined],
    ['__proto__', undefined],
    ['toString', undefined],
    ['', undefined],
    ['a'.repeat(36), undefined],
    [42, undefined],
    [undefined, undefined],
  ];
  it.each(cases)('%j → %s', (code, expected) => {
    const sources = new LocaleSources(i18n, {}, 'test');
    expect(sources.closest(code)?.code).toBe(expected);
  });
});

describe('LocaleSources#choose: the order of the sources', () => {
  const all: LocaleSourceOptions<string> = {
    detect: (saved) => saved,
    pathPrefix: true,
    subdomain: true,
  };
  const cases: [string, string, { host?: string; cookie?: string; al?: string }, string][] = [
    // [detect's answer, url, parts, expected]
    [
      'ru',
      '/de/x?locale=es',
      { host: 'ar.example.com', cookie: 'locale=he', al: 'zh-TW' },
      'ru_RU',
    ],
    ['', '/de/x?locale=es', { host: 'ar.example.com', cookie: 'locale=he', al: 'zh-TW' }, 'de_DE'],
    ['', '/api/x?locale=es', { host: 'ar.example.com', cookie: 'locale=he' }, 'ar'],
    ['', '/x?locale=es', { host: 'www.example.com', cookie: 'locale=he' }, 'es_ES'],
    ['', '/x?locale=zz', { host: '127.0.0.1', cookie: 'locale=he' }, 'he'],
    ['xx', '/x', { cookie: 'locale=nope', al: 'zh-HK' }, 'zh_TW'],
    ['', '/x', {}, 'en_US'],
  ];
  it.each(cases)('detect %j, %s %j → %s', (saved, url, more, expected) => {
    const sources = new LocaleSources<string>(i18n, all, 'test');
    const choice = sources.choose(saved, parts(url, more));
    expect(choice).not.toBeInstanceOf(Promise);
    expect((choice as { locale: { code: string } }).locale.code).toBe(expected);
  });

  it('reports the prefix length to strip and whether to remember', () => {
    const sources = new LocaleSources<void>(i18n, { pathPrefix: true }, 'test');
    expect(sources.choose(undefined, parts('/pt-BR/cart?n=1'))).toMatchObject({
      prefixLength: 6,
      remember: false,
    });
    expect(sources.choose(undefined, parts('/fr'))).toMatchObject({ prefixLength: 3 });
    expect(sources.choose(undefined, parts('/cart?locale=fr'))).toMatchObject({
      prefixLength: 0,
      remember: true,
    });
    expect(sources.stripPrefix('/fr/cart?x=1')).toBe('/cart?x=1');
    expect(sources.stripPrefix('/fr?x=1')).toBe('/?x=1');
    expect(sources.stripPrefix('/api/cart')).toBe('/api/cart');
    // A segment longer than a code is not cut into one.
    const long = `/fr-${'aaaaaaaa-'.repeat(5)}x/cart`;
    expect(sources.stripPrefix(long)).toBe(long);
    expect(sources.choose(undefined, parts(long))).toMatchObject({ prefixLength: 0 });
  });

  it('awaits a detect that returns a Promise', async () => {
    const sources = new LocaleSources<void>(
      i18n,
      { detect: () => Promise.resolve('de-AT') },
      'test',
    );
    const choice = sources.choose(undefined, parts('/?locale=fr'));
    expect(choice).toBeInstanceOf(Promise);
    expect((await choice).locale.code).toBe('de_DE');
  });

  it('a detect answer of the wrong type is E_DETECT', async () => {
    const sources = new LocaleSources<void>(
      i18n,
      { detect: () => Promise.resolve(7 as unknown as string) },
      'test',
    );
    await expect(sources.choose(undefined, parts('/'))).rejects.toMatchObject({ code: 'E_DETECT' });
  });
});

describe('localizedPath', () => {
  const cases: [string, string, string][] = [
    ['fr_FR', '/cart', '/fr-FR/cart'],
    ['pt_BR', '/', '/pt-BR/'],
    ['ar', '/a/b?c=1', '/ar/a/b?c=1'],
    ['zh_TW', 'x', '/zh-TW/x'],
    ['es_LA', '', '/es-419/'],
  ];
  it.each(cases)('(%s, %j) → %s', (code, p, expected) => {
    expect(localizedPath(code, p)).toBe(expected);
  });

  it('what it writes, pathPrefix reads back as the same locale', () => {
    const sources = new LocaleSources<void>(i18n, { pathPrefix: true }, 'test');
    for (const code of i18n.supportedLocales) {
      const choice = sources.choose(undefined, parts(localizedPath(code, '/cart')));
      expect((choice as { locale: { code: string } }).locale.code).toBe(code);
    }
  });
});

describe('hreflangLinks', () => {
  it('prefix mode: every supported locale under its prefix, then x-default', () => {
    const sources = new LocaleSources<void>(i18n, { pathPrefix: true }, 'test');
    const links = sources.hreflangLinks('', '/cart?n=2');
    expect(links).toHaveLength(i18n.supportedLocales.length + 1);
    expect(links).toContainEqual({ hreflang: 'pt-BR', href: '/pt-BR/cart?n=2' });
    expect(links.at(-1)).toEqual({ hreflang: 'x-default', href: '/cart?n=2' });
  });

  it('query mode: the parameter replaces any there, under the mount path', () => {
    const sources = new LocaleSources<void>(i18n, {}, 'test');
    const links = sources.hreflangLinks('/shop', '/cart?locale=de_DE&n=2');
    expect(links).toContainEqual({ hreflang: 'zh-TW', href: '/shop/cart?n=2&locale=zh_TW' });
    expect(links.at(-1)).toEqual({ hreflang: 'x-default', href: '/shop/cart?n=2' });
  });

  it('with neither a prefix nor a query parameter, only x-default', () => {
    const sources = new LocaleSources<void>(i18n, { queryParameter: false }, 'test');
    expect(sources.hreflangLinks('', '/a')).toEqual([{ hreflang: 'x-default', href: '/a' }]);
  });
});

describe('cookie attributes', () => {
  const ru = () => i18n.find('ru_RU')!;
  const cases: [LocaleSourceOptions<void>['cookieOptions'], boolean, string][] = [
    [{}, false, 'locale=ru_RU; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly'],
    [{}, true, 'locale=ru_RU; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly; Secure'],
    [
      { domain: 'example.com', path: '/app', sameSite: 'strict', httpOnly: false, maxAge: 60 },
      false,
      'locale=ru_RU; Path=/app; Domain=example.com; Max-Age=60; SameSite=Strict',
    ],
    [
      { sameSite: 'none', secure: true },
      false,
      'locale=ru_RU; Path=/; Max-Age=31536000; SameSite=None; HttpOnly; Secure',
    ],
    [{ sameSite: false, secure: false }, true, 'locale=ru_RU; Path=/; Max-Age=31536000; HttpOnly'],
  ];
  it.each(cases)('%j (secure request: %s) → %s', (cookieOptions, secure, expected) => {
    const options = cookieOptions === undefined ? {} : { cookieOptions };
    const sources = new LocaleSources<void>(i18n, options, 'test');
    expect(sources.cookieLine(ru(), secure)).toBe(expected);
  });

  const bad: [string, unknown][] = [
    ['domain with a space', { domain: 'exa mple.com' }],
    ['domain with ;', { domain: 'example.com; Secure' }],
    ['domain not a string', { domain: 5 }],
    ['path without /', { path: 'app' }],
    ['path with ;', { path: '/a;b' }],
    ['path with CR LF', { path: '/a\r\nX: y' }],
    ['sameSite unknown', { sameSite: 'loose' }],
    ['sameSite true', { sameSite: true }],
    ['sameSite none without secure', { sameSite: 'none' }],
    ['sameSite none with secure auto', { sameSite: 'none', secure: 'auto' }],
    ['httpOnly a string', { httpOnly: 'yes' }],
    ['unknown attribute', { expires: 5 }],
  ];
  it.each(bad)('%s → E_OPTION at factory time', (_label, cookieOptions) => {
    let error: unknown;
    try {
      new LocaleSources(i18n, { cookieOptions } as LocaleSourceOptions<void>, 'test');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LocaleKitError);
    expect((error as LocaleKitError).code).toBe('E_OPTION');
  });

  it('pathPrefix and subdomain must be booleans', () => {
    expect(
      () =>
        new LocaleSources(
          i18n,
          { pathPrefix: 'yes' } as unknown as LocaleSourceOptions<void>,
          'test',
        ),
    ).toThrow(/pathPrefix must be true or false/);
    expect(
      () =>
        new LocaleSources(i18n, { subdomain: 1 } as unknown as LocaleSourceOptions<void>, 'test'),
    ).toThrow(/subdomain must be true or false/);
  });
});

describe('queryValue', () => {
  const cases: [string | undefined, string | undefined][] = [
    [undefined, undefined],
    ['/', undefined],
    ['/?locale=fr_FR', 'fr_FR'],
    ['/?a=1&locale=fr_FR&b=2', 'fr_FR'],
    ['/?locale=fr_FR&locale=de_DE', 'fr_FR'],
    ['/?locale=', undefined],
    ['/?locale', undefined],
    ['/?locales=fr_FR', undefined],
    ['/?xlocale=fr_FR', undefined],
    ['/?locale=fr+FR', 'fr FR'],
    ['/?locale=pt%2DBR', 'pt-BR'],
    ['/?locale=%E0%A4%A', undefined],
    ['/?locale=fr_FR#locale=de', 'fr_FR'],
    ['/#?locale=de', undefined],
    [`/?locale=${'a'.repeat(36)}`, undefined],
    [`/?locale=${'a'.repeat(35)}`, 'a'.repeat(35)],
    [`/?locale=${'%61'.repeat(35)}`, 'a'.repeat(35)],
    [`/?locale=${'%61'.repeat(36)}`, undefined],
  ];
  it.each(cases)('%s → %s', (url, expected) => {
    expect(queryValue(url, 'locale')).toBe(expected);
  });
});

describe('cookieValue', () => {
  const cases: [string | undefined, string | undefined][] = [
    [undefined, undefined],
    ['', undefined],
    ['locale=fr_FR', 'fr_FR'],
    ['a=1; locale=fr_FR; b=2', 'fr_FR'],
    ['a=1;locale=fr_FR', 'fr_FR'],
    ['locale=fr_FR; locale=de_DE', 'fr_FR'],
    ['locale="de_DE"', 'de_DE'],
    ['locale=de_DE  ', 'de_DE'],
    ['xlocale=fr_FR', undefined],
    ['a=locale=fr_FR', undefined],
    ['locale=', undefined],
    ['locale=%E0%A4%A', undefined],
    ['locale=pt%5FBR', 'pt_BR'],
    [`locale=${'a'.repeat(200)}`, undefined],
    [`${'x=y; '.repeat(2000)}locale=ru_RU`, 'ru_RU'],
  ];
  it.each(cases)('%s → %s', (header, expected) => {
    expect(cookieValue(header, 'locale=')).toBe(expected);
  });
});

describe('after a reload', () => {
  it('closest matching sees the locales the new snapshot has', async () => {
    const d = makeDir({ 'fr_FR.csv': '"Hello","Bonjour"\n' });
    try {
      const t = await loadTranslations(d.dir, { onWarning() {} });
      const sources = new LocaleSources<void>(t, {}, 'test');
      expect(sources.closest('it')).toBeUndefined();
      writeFiles(d.dir, { 'it_IT.csv': '"Hello","Ciao"\n' });
      await t.reload();
      expect(sources.closest('it')?.translate('Hello')).toBe('Ciao');
      expect(sources.closest('fr-CA')?.translate('Hello')).toBe('Bonjour');
    } finally {
      d.cleanup();
    }
  });
});

describe('pseudo-locales', () => {
  it('are taken by name only, never as the closest match of a real language', async () => {
    const t = await loadTranslations(LOCALES, { onWarning() {}, pseudo: ['en-XA', 'ar-XB'] });
    const sources = new LocaleSources<void>(t, {}, 'test');
    expect(sources.closest('en-XA')?.code).toBe('en_XA');
    expect(sources.closest('ar_xb')?.code).toBe('ar_XB');
    expect(sources.closest('en-GB')?.code).toBe('en_US');
    expect(sources.closest('ar-EG')?.code).toBe('ar');
    expect(sources.closest('en-XB')?.code).toBe('en_US');
    const tags = sources.hreflangLinks('', '/').map((l) => l.hreflang);
    expect(tags).not.toContain('en-XA');
    expect(tags).toHaveLength(t.supportedLocales.length - 2 + 1);
  });
});

/**
 * `currentLocale()` outside a request is explicit (issue 17): loading catalogs changes nothing,
 * the app names its Translations (`setDefaultTranslations`, or the first adapter it creates), and
 * `bindLocale` carries a request's Locale into callbacks its async chain does not reach.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { localeMiddleware } from '../../src/adapters/express.js';
import {
  bindLocale,
  currentLocale,
  loadTranslations,
  runWithLocale,
  setDefaultTranslations,
} from '../../src/index.js';
import { makeDir } from '../helpers/tmp.js';

describe('currentLocale outside a request', () => {
  it('follows only what the app names, never what was loaded last', async () => {
    const a = makeDir({ 'fr_FR.csv': '"Hello","Salut"\n' });
    const b = makeDir({ 'de_DE.csv': '"Hello","Hallo"\n' });
    try {
      // Nothing named yet: en_US with no catalogs, whatever has been loaded.
      const fr = await loadTranslations(a.dir, { defaultLocale: 'fr_FR' });
      expect(currentLocale().code).toBe('en_US');
      expect(currentLocale().translate('Hello')).toBe('Hello');

      // The first adapter names its Translations; a second one does not take over.
      localeMiddleware(fr);
      expect(currentLocale()).toBe(fr.defaultLocale);
      const de = await loadTranslations(b.dir, { defaultLocale: 'de_DE' });
      localeMiddleware(de);
      expect(currentLocale().translate('Hello')).toBe('Salut');

      // An explicit call does.
      setDefaultTranslations(de);
      expect(currentLocale()).toBe(de.defaultLocale);
      expect(currentLocale().translate('Hello')).toBe('Hallo');
      setDefaultTranslations(undefined);
      expect(currentLocale().code).toBe('en_US');
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });
});

describe('bindLocale', () => {
  it('carries the Locale into a global EventEmitter listener and a pooled callback', async () => {
    const dir = makeDir({ 'ru_RU.csv': '"Hello","Привет"\n', 'fr_FR.csv': '"Hello","Salut"\n' });
    try {
      const i18n = await loadTranslations(dir.dir);
      const bus = new EventEmitter();
      const seen: string[] = [];
      // A "pool" whose callbacks run from its own context, as a database driver's do.
      const queue: (() => void)[] = [];
      const pool = { run: (callback: () => void) => queue.push(callback) };
      runWithLocale(i18n.get('ru_RU'), () => {
        bus.on('plain', () => seen.push(`plain ${currentLocale().code}`));
        bus.on(
          'bound',
          bindLocale(() => seen.push(`bound ${currentLocale().code}`)),
        );
        pool.run(() => seen.push(`pool ${currentLocale().code}`));
        pool.run(bindLocale(() => seen.push(`pool-bound ${currentLocale().code}`)));
      });
      runWithLocale(i18n.get('fr_FR'), () => {
        bus.emit('plain');
        bus.emit('bound');
        for (const callback of queue) callback();
      });
      expect(seen).toEqual(['plain fr_FR', 'bound ru_RU', 'pool fr_FR', 'pool-bound ru_RU']);
    } finally {
      dir.cleanup();
    }
  });

  it('keeps the this and the arguments of the call', () => {
    const bound = bindLocale(function (this: unknown, a: number, b: number) {
      return [this, a + b];
    });
    const self = { x: 1 };
    expect(bound.call(self, 2, 3)).toEqual([self, 5]);
    expect(() => bindLocale(5 as unknown as () => void)).toThrow(TypeError);
  });
});

/**
 * `Translations#watch`: an edit is picked up after the debounce, a broken edit goes to `onError`
 * and keeps the catalogs in use, and `close()` stops it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { LocaleKitError, loadTranslations } from '../../src/index.js';
import { makeDir } from '../helpers/tmp.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function until(cond: () => boolean, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await sleep(10);
  return cond();
}

async function setup(): Promise<{
  dir: string;
  i18n: Awaited<ReturnType<typeof loadTranslations>>;
}> {
  const { dir, cleanup } = makeDir({
    'fr_FR.csv': '"Hello","Bonjour"\n',
    'de_DE/LC_MESSAGES/messages.po': 'msgid "Hello"\nmsgstr "Hallo"\n',
  });
  cleanups.push(cleanup);
  return { dir, i18n: await loadTranslations(dir, { onWarning() {} }) };
}

describe('watch()', () => {
  it('picks up an edit after the debounce, and a new locale', async () => {
    const { dir, i18n } = await setup();
    let reloads = 0;
    const w = i18n.watch({ debounceMs: 50, onReload: () => reloads++ });
    cleanups.push(() => w.close());
    writeFileSync(join(dir, 'fr_FR.csv'), '"Hello","Salut"\n');
    // Not before the debounce has passed.
    expect(i18n.get('fr_FR').translate('Hello')).toBe('Bonjour');
    expect(await until(() => i18n.get('fr_FR').translate('Hello') === 'Salut')).toBe(true);
    expect(reloads).toBeGreaterThanOrEqual(1);
    // In a subdirectory too (the watch is recursive).
    writeFileSync(join(dir, 'de_DE/LC_MESSAGES/messages.po'), 'msgid "Hello"\nmsgstr "Servus"\n');
    expect(await until(() => i18n.get('de_DE').translate('Hello') === 'Servus')).toBe(true);
    writeFileSync(join(dir, 'es_ES.csv'), '"Hello","Hola"\n');
    expect(await until(() => i18n.supportedLocales.includes('es_ES'))).toBe(true);
    expect(i18n.get('es').translate('Hello')).toBe('Hola');
  });

  it('coalesces a burst of edits into few reloads', async () => {
    const { dir, i18n } = await setup();
    let reloads = 0;
    const w = i18n.watch({ debounceMs: 150, onReload: () => reloads++ });
    cleanups.push(() => w.close());
    for (let i = 0; i < 20; i++) {
      writeFileSync(join(dir, 'fr_FR.csv'), `"Hello","Bonjour ${i}"\n`);
      await sleep(5);
    }
    expect(await until(() => i18n.get('fr_FR').translate('Hello') === 'Bonjour 19')).toBe(true);
    await sleep(300);
    expect(reloads).toBeGreaterThanOrEqual(1);
    expect(reloads).toBeLessThanOrEqual(3);
  });

  it('a broken edit calls onError with the LocaleKitError and keeps the old catalogs', async () => {
    const { dir, i18n } = await setup();
    const errors: unknown[] = [];
    const w = i18n.watch({ debounceMs: 30, onError: (e) => errors.push(e) });
    cleanups.push(() => w.close());
    writeFileSync(join(dir, 'fr_FR.csv'), '"Hello","Salut\n');
    expect(await until(() => errors.length > 0)).toBe(true);
    const error = errors[0] as LocaleKitError;
    expect(error).toBeInstanceOf(LocaleKitError);
    expect(error.code).toBe('E_CSV_QUOTE');
    expect(error.file).toBe(join(dir, 'fr_FR.csv'));
    expect(error.line).toBe(1);
    expect(i18n.get('fr_FR').translate('Hello')).toBe('Bonjour');
    // Fixing the file recovers.
    writeFileSync(join(dir, 'fr_FR.csv'), '"Hello","Salut"\n');
    expect(await until(() => i18n.get('fr_FR').translate('Hello') === 'Salut')).toBe(true);
  });

  it('close() stops it', async () => {
    const { dir, i18n } = await setup();
    let reloads = 0;
    const w = i18n.watch({ debounceMs: 20, onReload: () => reloads++ });
    w.close();
    writeFileSync(join(dir, 'fr_FR.csv'), '"Hello","Coucou"\n');
    await sleep(300);
    expect(reloads).toBe(0);
    expect(i18n.get('fr_FR').translate('Hello')).toBe('Bonjour');
    // close() right after an edit cancels the pending reload too.
    const w2 = i18n.watch({ debounceMs: 100, onReload: () => reloads++ });
    writeFileSync(join(dir, 'fr_FR.csv'), '"Hello","Allô"\n');
    await sleep(20);
    w2.close();
    await sleep(250);
    expect(reloads).toBe(0);
    expect(i18n.get('fr_FR').translate('Hello')).toBe('Bonjour');
  });

  it('rejects bad options with E_OPTION', async () => {
    const { i18n } = await setup();
    expect(() => i18n.watch({ debounceMs: -1 })).toThrow(
      expect.objectContaining({ code: 'E_OPTION' }),
    );
    expect(() => i18n.watch({ debounceMs: Number.NaN })).toThrow(
      expect.objectContaining({ code: 'E_OPTION' }),
    );
    expect(() => i18n.watch({ debouncems: 5 } as never)).toThrow(
      expect.objectContaining({ code: 'E_OPTION' }),
    );
  });

  it('survives a symlink loop inside the watched directory', async () => {
    const { dir, i18n } = await setup();
    const { symlinkSync } = await import('node:fs');
    symlinkSync('.', join(dir, 'self'));
    symlinkSync('loop', join(dir, 'loop'));
    const errors: unknown[] = [];
    const w = i18n.watch({ debounceMs: 30, onError: (e) => errors.push(e) });
    cleanups.push(() => w.close());
    writeFileSync(join(dir, 'fr_FR.csv'), '"Hello","Salut"\n');
    expect(await until(() => i18n.get('fr_FR').translate('Hello') === 'Salut')).toBe(true);
  });
});

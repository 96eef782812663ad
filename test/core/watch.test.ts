/**
 * `Translations#watch`: an edit is picked up after the settle window, a broken edit goes to
 * `onError` and keeps the catalogs in use, and `close()` stops it. Then real deploys: the
 * directory removed and recreated, renamed away and replaced, a release symlink switched with the
 * real `ln -sfn` (the catalog directory itself, and one higher up the path), files and locale
 * directories added and removed — each followed, and followed again afterwards. And a catalog
 * rewritten in place in chunks, read all the while, never seen half-written. Each case prints the
 * measured time from the end of the deploy to the first read of the new catalogs.
 */
import { createHook } from 'node:async_hooks';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  openSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LocaleKitError, loadTranslations, type Translations } from '../../src/index.js';
import { watchCatalogs } from '../../src/core/watch.js';
import { makeDir, writeFiles } from '../helpers/tmp.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** Measured pickup times, printed at the end. */
const timings: string[] = [];
afterAll(() => {
  if (timings.length > 0) process.stdout.write(`watch pickup times:\n${timings.join('\n')}\n`);
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
    expect(() => i18n.watch({ pollMs: 5 })).toThrow(
      expect.objectContaining({ code: 'E_OPTION', message: expect.stringContaining('pollMs') }),
    );
    expect(() => i18n.watch({ onError: 'log' } as never)).toThrow(
      expect.objectContaining({ code: 'E_OPTION' }),
    );
  });

  it('throws E_IO at once for a directory that is not there', async () => {
    const { dir, i18n } = await setup();
    rmSync(dir, { recursive: true, force: true });
    expect(() => i18n.watch()).toThrow(
      expect.objectContaining({
        code: 'E_IO',
        file: dir,
        message: expect.stringContaining('ENOENT'),
      }),
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

/** Polls `cond` every 5 ms; returns the milliseconds it took, or fails after `ms`. */
async function pickup(label: string, cond: () => boolean, ms = 8000): Promise<number> {
  const start = performance.now();
  const end = start + ms;
  while (!cond() && performance.now() < end) await sleep(5);
  expect(cond(), label).toBe(true);
  const took = Math.round(performance.now() - start);
  timings.push(`  ${label}: ${took} ms`);
  return took;
}

function tmpBase(): string {
  const { dir, cleanup } = makeDir({});
  cleanups.push(cleanup);
  return dir;
}

function csv(text: string): string {
  return `"Hello","${text}"\n`;
}

function watchAll(
  i18n: Translations,
  options: Parameters<Translations['watch']>[0] = {},
): { errors: unknown[]; reloads: () => number } {
  const errors: unknown[] = [];
  let reloads = 0;
  const w = i18n.watch({
    onError: (e) => errors.push(e),
    onReload: () => {
      reloads++;
    },
    ...options,
  });
  cleanups.push(() => w.close());
  return { errors, reloads: () => reloads };
}

describe('watch() follows deploys (default settle window of 100 ms)', () => {
  it('directory removed and recreated: one E_IO per removal, then follows the new directory', async () => {
    const base = tmpBase();
    const loc = join(base, 'loc');
    writeFiles(loc, { 'fr_FR.csv': csv('v1') });
    const i18n = await loadTranslations(loc, { onWarning() {} });
    const fr = (): string => i18n.get('fr_FR').translate('Hello');
    const { errors } = watchAll(i18n, { pollMs: 100 });
    await sleep(50);
    for (let cycle = 1; cycle <= 2; cycle++) {
      const before = errors.length;
      rmSync(loc, { recursive: true });
      await pickup(`removed (cycle ${cycle}): E_IO reported`, () => errors.length > before);
      const error = errors[before] as LocaleKitError;
      expect(error).toBeInstanceOf(LocaleKitError);
      expect(error.code).toBe('E_IO');
      expect(error.file).toBe(loc);
      expect(error.message).toContain('ENOENT');
      // The catalogs in use stay; polling a missing directory does not repeat the error.
      expect(fr()).toBe(`v${2 * cycle - 1}`);
      await sleep(350);
      expect(errors.length).toBe(before + 1);

      writeFiles(loc, { 'fr_FR.csv': csv(`v${2 * cycle}`) });
      await pickup(`removed and recreated (cycle ${cycle})`, () => fr() === `v${2 * cycle}`);
      // Still watching the new directory: an in-place edit is seen.
      writeFileSync(join(loc, 'fr_FR.csv'), csv(`v${2 * cycle + 1}`));
      await pickup(
        `edit in the recreated directory (cycle ${cycle})`,
        () => fr() === `v${2 * cycle + 1}`,
      );
    }
    expect(errors.length).toBe(2);
  });

  it('renamed away and replaced (mv loc loc.old && mv loc.new loc), then later edits', async () => {
    const base = tmpBase();
    const loc = join(base, 'loc');
    writeFiles(loc, {
      'fr_FR.csv': csv('v1'),
      'de_DE/LC_MESSAGES/messages.po': 'msgid "Hello"\nmsgstr "d1"\n',
    });
    const i18n = await loadTranslations(loc, { onWarning() {} });
    const fr = (): string => i18n.get('fr_FR').translate('Hello');
    const de = (): string => i18n.get('de_DE').translate('Hello');
    const { errors } = watchAll(i18n);
    await sleep(50);
    for (let n = 2; n <= 3; n++) {
      writeFiles(join(base, 'loc.new'), {
        'fr_FR.csv': csv(`v${n}`),
        'de_DE/LC_MESSAGES/messages.po': `msgid "Hello"\nmsgstr "d${n}"\n`,
      });
      renameSync(loc, join(base, 'loc.old'));
      renameSync(join(base, 'loc.new'), loc);
      await pickup(
        `renamed away and replaced (#${n - 1})`,
        () => fr() === `v${n}` && de() === `d${n}`,
      );
      rmSync(join(base, 'loc.old'), { recursive: true });
      // Later edits inside the replacement, flat and in LC_MESSAGES, are followed.
      writeFileSync(join(loc, 'de_DE/LC_MESSAGES/messages.po'), `msgid "Hello"\nmsgstr "e${n}"\n`);
      await pickup(`LC_MESSAGES edit after the replacement (#${n - 1})`, () => de() === `e${n}`);
    }
    expect(errors).toEqual([]);
  });

  it('release symlink switched with ln -sfn (the watched path is the symlink)', async () => {
    const base = tmpBase();
    writeFiles(base, { 'v1/fr_FR.csv': csv('v1'), 'v2/fr_FR.csv': csv('v2') });
    symlinkSync('v1', join(base, 'current'));
    const i18n = await loadTranslations(join(base, 'current'), { onWarning() {} });
    const fr = (): string => i18n.get('fr_FR').translate('Hello');
    const { errors } = watchAll(i18n);
    await sleep(50);
    execFileSync('ln', ['-sfn', 'v2', 'current'], { cwd: base });
    await pickup('ln -sfn v2 current', () => fr() === 'v2');
    // Now following v2, not v1.
    writeFileSync(join(base, 'v1/fr_FR.csv'), csv('v1 edited'));
    writeFileSync(join(base, 'v2/fr_FR.csv'), csv('v2 edited'));
    await pickup('edit in the new release', () => fr() === 'v2 edited');
    // And back (a rollback).
    execFileSync('ln', ['-sfn', 'v1', 'current'], { cwd: base });
    await pickup('ln -sfn v1 current (rollback)', () => fr() === 'v1 edited');
    expect(errors).toEqual([]);
  });

  it('release symlink switched higher up the path (current/locales), found by the poll', async () => {
    const base = tmpBase();
    writeFiles(base, {
      'releases/r1/locales/fr_FR.csv': csv('r1'),
      'releases/r2/locales/fr_FR.csv': csv('r2'),
    });
    symlinkSync(join('releases', 'r1'), join(base, 'current'));
    const dir = join(base, 'current', 'locales');
    const i18n = await loadTranslations(dir, { onWarning() {} });
    const fr = (): string => i18n.get('fr_FR').translate('Hello');
    const { errors } = watchAll(i18n, { pollMs: 1000 });
    await sleep(50);
    execFileSync('ln', ['-sfn', join('releases', 'r2'), 'current'], { cwd: base });
    const took = await pickup(
      'ln -sfn releases/r2 current, watching current/locales (pollMs 1000)',
      () => fr() === 'r2',
    );
    // Nothing announces this switch: the poll finds it (after at most pollMs, then the window).
    expect(took).toBeLessThan(8000);
    // The watchers moved to r2: an edit there is seen through events.
    writeFileSync(join(base, 'releases/r2/locales/fr_FR.csv'), csv('r2 edited'));
    await pickup('edit in the new release after the poll re-armed', () => fr() === 'r2 edited');
    expect(errors).toEqual([]);
  });

  it('files and locale directories added and removed', async () => {
    const base = tmpBase();
    writeFiles(base, {
      'fr_FR.csv': csv('fr'),
      'de_DE/LC_MESSAGES/messages.po': 'msgid "Hello"\nmsgstr "Hallo"\n',
    });
    const i18n = await loadTranslations(base, { onWarning() {} });
    const { errors } = watchAll(i18n);
    await sleep(50);
    writeFileSync(join(base, 'es_ES.csv'), csv('Hola'));
    await pickup('file added (es_ES.csv)', () => i18n.supportedLocales.includes('es_ES'));
    expect(i18n.get('es').translate('Hello')).toBe('Hola');
    rmSync(join(base, 'fr_FR.csv'));
    await pickup('file removed (fr_FR.csv)', () => !i18n.supportedLocales.includes('fr_FR'));
    expect(i18n.get('fr_FR').code).toBe('en_US');
    writeFiles(base, { 'pt_BR/LC_MESSAGES/messages.po': 'msgid "Hello"\nmsgstr "Olá"\n' });
    await pickup(
      'locale directory added (pt_BR/LC_MESSAGES/messages.po)',
      () => i18n.get('pt').translate('Hello') === 'Olá',
    );
    // The new directory is watched: an in-place edit inside it is seen.
    writeFileSync(join(base, 'pt_BR/LC_MESSAGES/messages.po'), 'msgid "Hello"\nmsgstr "Oi"\n');
    await pickup(
      'edit inside the added locale directory',
      () => i18n.get('pt').translate('Hello') === 'Oi',
    );
    rmSync(join(base, 'de_DE'), { recursive: true });
    await pickup(
      'locale directory removed (de_DE/)',
      () => !i18n.supportedLocales.includes('de_DE'),
    );
    expect(i18n.supportedLocales).toEqual(['en_US', 'es_ES', 'pt_BR']);
    expect(errors).toEqual([]);
  });
});

describe('watch() never publishes a catalog written in place in chunks', () => {
  const MESSAGES = Array.from({ length: 400 }, (_, i) => `m${String(i).padStart(3, '0')}`);
  const FIRST = MESSAGES[0]!;
  const MIDDLE = MESSAGES[250]!;
  const LAST = MESSAGES.at(-1)!;

  function entries(format: 'csv' | 'po', gen: number): string[] {
    return MESSAGES.map((m) =>
      format === 'csv' ? `"${m}","g${gen} ${m}"\n` : `msgid "${m}"\nmsgstr "g${gen} ${m}"\n\n`,
    );
  }

  /**
   * Rewrites `file` in place (truncate, same inode) `plan.length` times, generation 2, 3, …, each
   * in `plan[i]` chunks `gap` ms apart, cut at entry boundaries (so every prefix parses). A reader
   * serves translations all the while; with `stallMs`, it also blocks the event loop that long
   * every `2 × stallMs`, as a busy server does, so file-system events arrive late and timers
   * fire late. Returns every (first, middle, last) translation the reader saw, with counts.
   */
  async function chunkedRewrites(
    format: 'csv' | 'po',
    plan: readonly number[],
    opts: { window: number; gap: number; stallMs?: number },
  ): Promise<{ seen: Map<string, number>; errors: unknown[]; reloads: number }> {
    const file = format === 'csv' ? 'fr_FR.csv' : 'fr_FR/LC_MESSAGES/messages.po';
    const { dir, cleanup } = makeDir({ [file]: entries(format, 1).join('') });
    cleanups.push(cleanup);
    const path = join(dir, file);
    const i18n = await loadTranslations(dir, { onWarning() {} });
    const { errors, reloads } = watchAll(i18n, { debounceMs: opts.window });
    await sleep(50);

    const seen = new Map<string, number>();
    let reading = true;
    const reader = (async () => {
      let lastStall = performance.now();
      while (reading) {
        const fr = i18n.get('fr_FR');
        const row = [fr.translate(FIRST), fr.translate(MIDDLE), fr.translate(LAST)].join('|');
        seen.set(row, (seen.get(row) ?? 0) + 1);
        if (opts.stallMs !== undefined && performance.now() - lastStall > 2 * opts.stallMs) {
          const end = performance.now() + opts.stallMs;
          while (performance.now() < end) {
            // A slow request holding the event loop.
          }
          lastStall = performance.now();
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    let gen = 1;
    for (const chunks of plan) {
      gen++;
      const parts = entries(format, gen);
      const size = Math.ceil(parts.length / chunks);
      const fd = openSync(path, 'w'); // truncates in place: same inode
      for (let c = 0; c < chunks; c++) {
        writeSync(fd, parts.slice(c * size, (c + 1) * size).join(''));
        if (c < chunks - 1) await sleep(opts.gap);
      }
      closeSync(fd);
      const want = gen;
      await pickup(
        `${format}: ${chunks} chunks ${opts.gap} ms apart, window ${opts.window} ms${opts.stallMs ? `, event loop blocked ${opts.stallMs} ms every ${2 * opts.stallMs} ms` : ''}`,
        () => i18n.get('fr_FR').translate(LAST) === `g${want} ${LAST}`,
      );
    }
    reading = false;
    await reader;
    return { seen, errors, reloads: reloads() };
  }

  const row = (gen: number): string => [FIRST, MIDDLE, LAST].map((m) => `g${gen} ${m}`).join('|');
  /** Rows that are not one whole generation: a prefix of the file (later entries in English). */
  const partial = (seen: Map<string, number>): string[] =>
    [...seen.keys()].filter((r) => !/^g(\d) m000\|g\1 m250\|g\1 m399$/.test(r));

  for (const format of ['csv', 'po'] as const) {
    it(`${format}: chunks written less than the window apart are never seen half-written`, async () => {
      const { seen, errors, reloads } = await chunkedRewrites(format, [2, 3, 4], {
        window: 200,
        gap: 50,
      });
      expect(partial(seen)).toEqual([]);
      expect(new Set(seen.keys())).toEqual(new Set([row(1), row(2), row(3), row(4)]));
      expect([...seen.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
      expect(errors).toEqual([]);
      expect(reloads).toBe(3);
    });

    it(`${format}: … nor while the event loop is blocked for longer than the window`, async () => {
      const { seen, errors } = await chunkedRewrites(format, [8, 8], {
        window: 200,
        gap: 50,
        stallMs: 300,
      });
      expect(partial(seen)).toEqual([]);
      expect(new Set(seen.keys())).toEqual(new Set([row(1), row(2), row(3)]));
      expect(errors).toEqual([]);
    });
  }
});

describe('watchCatalogs(): the check after reading', () => {
  it('a file that changes while it is read is not swapped in; the watcher settles again', async () => {
    const { dir, cleanup } = makeDir({ 'fr_FR.csv': csv('v1') });
    cleanups.push(cleanup);
    const verdicts: boolean[] = [];
    let reloads = 0;
    const w = watchCatalogs(
      dir,
      async (stillSettled) => {
        // The first read is overtaken by a writer; the second is not.
        if (verdicts.length === 0) writeFileSync(join(dir, 'fr_FR.csv'), csv('v2, longer'));
        const ok = await stillSettled();
        verdicts.push(ok);
        return ok;
      },
      { debounceMs: 30, onReload: () => reloads++, onError: (e) => verdicts.push(e as never) },
    );
    cleanups.push(() => w.close());
    await sleep(50);
    writeFileSync(join(dir, 'fr_FR.csv'), csv('v2'));
    await pickup('veto, settle again, accept', () => reloads === 1);
    expect(verdicts).toEqual([false, true]);
  });

  it('a reload that finishes after close() is not swapped in', async () => {
    const { dir, cleanup } = makeDir({ 'fr_FR.csv': csv('v1') });
    cleanups.push(cleanup);
    const verdicts: boolean[] = [];
    let release: (() => void) | undefined;
    const w = watchCatalogs(
      dir,
      async (stillSettled) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        const ok = await stillSettled();
        verdicts.push(ok);
        return ok;
      },
      { debounceMs: 20 },
    );
    await sleep(50);
    writeFileSync(join(dir, 'fr_FR.csv'), csv('v2'));
    expect(await until(() => release !== undefined)).toBe(true);
    w.close();
    release?.();
    await sleep(20);
    expect(verdicts).toEqual([false]);
  });
});

describe('watch() close() leaves nothing behind', () => {
  it('every fs.watch handle is closed and no timer fires after close()', async () => {
    const base = tmpBase();
    writeFiles(base, {
      'fr_FR.csv': csv('v1'),
      'de_DE/LC_MESSAGES/messages.po': 'msgid "Hello"\nmsgstr "Hallo"\n',
    });
    const i18n = await loadTranslations(base, { onWarning() {} });
    const live = new Map<number, string>();
    const hook = createHook({
      init(id, type) {
        if (type === 'FSEVENTWRAP') live.set(id, type);
      },
      destroy(id) {
        live.delete(id);
      },
    }).enable();
    try {
      let reloads = 0;
      const w = i18n.watch({ debounceMs: 20, pollMs: 20, onReload: () => reloads++ });
      await sleep(100);
      // The directory, its parent, de_DE and de_DE/LC_MESSAGES.
      expect(live.size).toBe(4);
      w.close();
      w.close();
      // Changes the poll alone would find (no fs.watch left to announce them).
      writeFileSync(join(base, 'fr_FR.csv'), csv('v2'));
      await sleep(300);
      expect(live.size).toBe(0);
      expect(reloads).toBe(0);
      expect(i18n.get('fr_FR').translate('Hello')).toBe('v1');
    } finally {
      hook.disable();
    }
  });
});

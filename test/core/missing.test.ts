import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMissingCollector,
  type Locale,
  loadTranslations,
  type MissingDetails,
} from '../../src/index.js';
import { makeDir, poHeader } from '../helpers/tmp.js';

const CLI = join(import.meta.dirname, '../../cli/dist/main.js');

const FILES: Record<string, string> = {
  'fr_FR.csv': '"Hello","Bonjour"\n',
  'pt_BR.csv': '"Bus","Ônibus"\n',
  'pt_PT.csv': '"Hello","Olá"\n',
  'de_DE/LC_MESSAGES/messages.po':
    poHeader('nplurals=2; plural=(n != 1);') +
    'msgid "Hello"\nmsgstr "Hallo"\n\nmsgctxt "menu"\nmsgid "Open"\nmsgstr "Öffnen"\n',
  'de_DE/LC_MESSAGES/errors.po': `${poHeader('nplurals=2; plural=(n != 1);')}msgid "Oops"\nmsgstr "Hoppla"\n`,
};

type Call = [code: string, message: string, context: string | undefined, details: MissingDetails];

describe('onMissing', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = makeDir(FILES));
  });
  afterAll(() => cleanup());

  async function load(extra: object = {}): Promise<{
    calls: Call[];
    get: (code: string) => Locale;
  }> {
    const calls: Call[] = [];
    const i18n = await loadTranslations(dir, {
      domains: ['messages', 'errors'],
      onMissing: (locale, message, context, details) => {
        calls.push([locale.code, message, context, details]);
      },
      ...extra,
    });
    return { calls, get: (code) => i18n.get(code) };
  }

  it('is called once per missing message per locale, with context, plural and domain', async () => {
    const { calls, get } = await load();
    const fr = get('fr_FR');
    expect(fr.translate('Hello')).toBe('Bonjour');
    expect(fr.translate('Goodbye')).toBe('Goodbye');
    expect(fr.translate('Goodbye')).toBe('Goodbye');
    expect(fr._('Goodbye')).toBe('Goodbye');
    expect(fr.translate('One item', '{count} items', 3)).toBe('{count} items');
    expect(get('de_DE').pgettext('menu', 'Open')).toBe('Öffnen');
    expect(get('de_DE').pgettext('file', 'Open')).toBe('Open');
    expect(get('de_DE').pgettext('file', 'Open')).toBe('Open');
    expect(get('de_DE').dgettext('errors', 'Oops')).toBe('Hoppla');
    expect(get('de_DE').dgettext('errors', 'Gone')).toBe('Gone');
    expect(get('pt_PT').translate('Goodbye')).toBe('Goodbye');
    expect(calls).toEqual([
      ['fr_FR', 'Goodbye', undefined, { domain: 'messages' }],
      ['fr_FR', 'One item', undefined, { domain: 'messages', pluralMessage: '{count} items' }],
      ['de_DE', 'Open', 'file', { domain: 'messages' }],
      ['de_DE', 'Gone', undefined, { domain: 'errors' }],
      ['pt_PT', 'Goodbye', undefined, { domain: 'messages' }],
    ]);
  });

  it('reports what a fallbacks locale answered, since the locale itself lacks it', async () => {
    const { calls, get } = await load({ fallbacks: { pt_PT: ['pt_BR'] } });
    expect(get('pt_PT').translate('Bus')).toBe('Ônibus');
    expect(get('pt_PT').translate('Hello')).toBe('Olá');
    expect(get('pt_BR').translate('Bus')).toBe('Ônibus');
    expect(calls.map((c) => [c[0], c[1]])).toEqual([['pt_PT', 'Bus']]);
  });

  it('is not called for a locale with no catalogs (the source language)', async () => {
    const { calls, get } = await load();
    expect(get('en_US').translate('Anything')).toBe('Anything');
    expect(calls).toEqual([]);
  });

  it('is bounded by missingLimit per locale; a throwing handler never breaks translate', async () => {
    const { calls, get } = await load({ missingLimit: 3 });
    const fr = get('fr_FR');
    for (let i = 0; i < 100; i++) fr.translate(`message ${i}`);
    expect(calls.map((c) => c[1])).toEqual(['message 0', 'message 1', 'message 2']);
    get('de_DE').translate('x');
    expect(calls.length).toBe(4);

    const throwing = await loadTranslations(dir, {
      onMissing: () => {
        throw new Error('boom');
      },
    });
    expect(throwing.get('fr_FR').translate('Nope')).toBe('Nope');
  });

  it('a handler that translates the same message does not recurse', async () => {
    let depth = 0;
    const i18n = await loadTranslations(dir, {
      onMissing: (locale, message) => {
        depth++;
        locale.translate(message);
      },
    });
    expect(i18n.get('fr_FR').translate('Again')).toBe('Again');
    expect(depth).toBe(1);
  });

  it.each([[-1], [1.5], ['10'], [2_000_000]])('missingLimit %j is an E_OPTION', async (limit) => {
    await expect(loadTranslations(dir, { missingLimit: limit as number })).rejects.toMatchObject({
      code: 'E_OPTION',
    });
  });
});

describe('createMissingCollector', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = makeDir(FILES));
  });
  afterAll(() => cleanup());

  async function collect() {
    const missing = createMissingCollector();
    const i18n = await loadTranslations(dir, {
      domains: ['messages', 'errors'],
      onMissing: missing.onMissing,
    });
    const fr = i18n.get('fr_FR');
    const de = i18n.get('de_DE');
    fr.translate('Goodbye');
    de.translate('Goodbye');
    fr.translate('One item', '{count} items', 2);
    de.pgettext('file', 'Open');
    fr.translate('Say "hi"\n\tthen\\leave');
    de.dgettext('errors', 'Gone');
    fr._('Hello'); // translated: not collected
    return missing;
  }

  it('keeps each message once, with the locales that lacked it', async () => {
    const missing = await collect();
    expect(missing.messages()).toEqual([
      { message: 'Goodbye', domain: 'messages', locales: ['de_DE', 'fr_FR'] },
      {
        message: 'One item',
        pluralMessage: '{count} items',
        domain: 'messages',
        locales: ['fr_FR'],
      },
      { message: 'Open', context: 'file', domain: 'messages', locales: ['de_DE'] },
      { message: 'Say "hi"\n\tthen\\leave', domain: 'messages', locales: ['fr_FR'] },
      { message: 'Gone', domain: 'errors', locales: ['de_DE'] },
    ]);
    missing.clear();
    expect(missing.messages()).toEqual([]);
  });

  it('writes a POT that msgfmt -c accepts and msgcat leaves unchanged', async () => {
    const missing = await collect();
    const pot = missing.toPot({ domain: 'messages' });
    expect(pot).toContain('#. missing in: de_DE, fr_FR\nmsgid "Goodbye"\nmsgstr ""\n');
    expect(pot).toContain('msgctxt "file"\nmsgid "Open"\n');
    expect(pot).toContain(
      'msgid "One item"\nmsgid_plural "{count} items"\nmsgstr[0] ""\nmsgstr[1] ""',
    );
    expect(pot).not.toContain('Gone');
    const { dir: out, cleanup: done } = makeDir({ 'missing.pot': pot });
    try {
      const file = join(out, 'missing.pot');
      // -c checks the header and the format strings; the header is a template's (fuzzy).
      execFileSync('msgfmt', ['-c', '-o', '/dev/null', file], { stdio: 'pipe' });
      // msgcat re-parses and re-writes it in GNU style: byte for byte what toPot wrote.
      expect(execFileSync('msgcat', [file], { encoding: 'utf8' })).toBe(pot);
      expect(pot).toContain('msgid ""\n"Say \\"hi\\"\\n"\n"\\tthen\\\\leave"\nmsgstr ""');
    } finally {
      done();
    }
  });

  it('localekit update merges the POT into the catalogs', async () => {
    const missing = await collect();
    const { dir: work, cleanup: done } = makeDir({
      'locales/fr_FR.po': `${poHeader('nplurals=2; plural=(n > 1);', 'UTF-8', 'fr')}msgid "Hello"\nmsgstr "Bonjour"\n`,
    });
    try {
      const pot = join(work, 'missing.pot');
      writeFileSync(pot, missing.toPot({ domain: 'messages' }));
      execFileSync(process.execPath, [CLI, 'update', pot, join(work, 'locales')], {
        stdio: 'pipe',
      });
      const po = readFileSync(join(work, 'locales/fr_FR.po'), 'utf8');
      expect(po).toContain('msgid "Goodbye"\nmsgstr ""');
      expect(po).toContain('msgctxt "file"\nmsgid "Open"\nmsgstr ""');
      expect(po).toContain(
        'msgid "One item"\nmsgid_plural "{count} items"\nmsgstr[0] ""\nmsgstr[1] ""',
      );
      // The old translation is not in the template: kept as obsolete, as msgmerge does.
      expect(po).toContain('#~ msgid "Hello"');
    } finally {
      done();
    }
  });

  it('toPot() without a domain has every domain; an empty collector is a header only', async () => {
    const missing = await collect();
    expect(missing.toPot()).toContain('msgid "Gone"');
    const empty = createMissingCollector().toPot();
    expect(empty).toContain('"Content-Type: text/plain; charset=UTF-8\\n"');
    expect(empty.match(/^msgid /gm)?.length).toBe(1);
  });

  it('keeps at most `limit` messages', async () => {
    const missing = createMissingCollector({ limit: 2 });
    const i18n = await loadTranslations(dir, { onMissing: missing.onMissing });
    for (const m of ['a', 'b', 'c']) i18n.get('fr_FR').translate(m);
    i18n.get('de_DE').translate('a');
    expect(missing.messages().map((m) => [m.message, m.locales])).toEqual([
      ['a', ['de_DE', 'fr_FR']],
      ['b', ['fr_FR']],
    ]);
  });
});

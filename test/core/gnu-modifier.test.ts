/**
 * GNU `@modifier` catalogs (`sr@latin`, `ca@valencia`, `be@latin`), as Debian ships them in
 * /usr/share/locale and Tornado loads them: a locale each, with its BCP 47 tag, reached by it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocaleKitWarning, loadTranslations, type Translations } from '../../src/index.js';
import { makeDir, msgfmt, poHeader } from '../helpers/tmp.js';

const po = (text: string) =>
  `${poHeader('nplurals=2; plural=(n != 1);')}msgid "Hello"\nmsgstr "${text}"\n`;
let dir: { dir: string; cleanup: () => void };
let i18n: Translations;
const warnings: LocaleKitWarning[] = [];

beforeAll(async () => {
  dir = makeDir({
    'src/sr@latin.po': po('Zdravo'),
    'sr/LC_MESSAGES/messages.po': po('Здраво'),
    'ca@valencia/LC_MESSAGES/messages.po': po('Hola (valencià)'),
    'be@latin.csv': '"Hello","Vitaju"\n',
  });
  msgfmt(join(dir.dir, 'src/sr@latin.po'), join(dir.dir, 'sr@latin.mo'));
  // The .mo in LC_MESSAGES, as Debian ships it.
  const { mkdirSync, renameSync } = await import('node:fs');
  mkdirSync(join(dir.dir, 'sr@latin/LC_MESSAGES'), { recursive: true });
  renameSync(join(dir.dir, 'sr@latin.mo'), join(dir.dir, 'sr@latin/LC_MESSAGES/messages.mo'));
  i18n = await loadTranslations(dir.dir, { onWarning: (w) => warnings.push(w) });
});
afterAll(() => dir.cleanup());

describe('@modifier locales', () => {
  it('are supported locales, keeping the code as the file names it', () => {
    expect(i18n.supportedLocales).toEqual(['be@latin', 'ca@valencia', 'en_US', 'sr', 'sr@latin']);
    expect(warnings).toEqual([]);
  });

  it('sr-Latn reaches sr@latin/LC_MESSAGES/messages.mo, sr-Cyrl and sr reach sr', () => {
    const latin = i18n.get('sr-Latn');
    expect([latin.code, latin.tag, latin.translate('Hello')]).toEqual([
      'sr@latin',
      'sr-Latn',
      'Zdravo',
    ]);
    expect(i18n.get('sr-Latn-RS').code).toBe('sr@latin');
    expect(i18n.get('sr-Cyrl').translate('Hello')).toBe('Здраво');
    expect(i18n.get('sr').code).toBe('sr');
  });

  it('ca-ES-valencia and be-Latn reach theirs', () => {
    const ca = i18n.get('ca-ES-valencia');
    expect([ca.code, ca.tag, ca.translate('Hello')]).toEqual([
      'ca@valencia',
      'ca-ES-valencia',
      'Hola (valencià)',
    ]);
    const be = i18n.negotiate('be-Latn;q=0.9, en;q=0.1');
    expect([be.code, be.tag, be.translate('Hello')]).toEqual(['be@latin', 'be-Latn', 'Vitaju']);
  });
});

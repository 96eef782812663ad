import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocaleKitError, loadTranslations, type Translations } from '../../src/index.js';
import { makeDir, msgfmt, poHeader } from '../helpers/tmp.js';

const PT_PLURAL = 'nplurals=2; plural=(n > 1);';

// pt_PT lacks what only pt_BR has; es_LA lacks what es has (GNU shortening) and what es_MX has.
const FILES: Record<string, string> = {
  'pt_PT.csv': '"Hello","Olá (PT)"\n',
  'pt_BR/LC_MESSAGES/messages.po':
    poHeader(PT_PLURAL) +
    'msgid "Hello"\nmsgstr "Olá (BR)"\n\n' +
    'msgid "Bus"\nmsgstr "Ônibus"\n\n' +
    'msgctxt "menu"\nmsgid "Open"\nmsgstr "Abrir (BR)"\n\n' +
    'msgid "One file"\nmsgid_plural "%(count)d files"\nmsgstr[0] "%(count)d arquivo"\nmsgstr[1] "%(count)d arquivos"\n',
  'es.csv': '"Hello","Hola (es)"\n"Car","Coche"\n',
  'es_LA.csv': '"Bye","Chau"\n',
  'es_MX.csv': '"Car","Carro"\n"Truck","Camión"\n',
  'fr_FR.csv': '"Hello","Bonjour"\n',
  'fr_CA.csv': '"Hello","Allô"\n',
};

describe('fallbacks', () => {
  let dir: string;
  let cleanup: () => void;
  let i18n: Translations;
  beforeAll(async () => {
    ({ dir, cleanup } = makeDir(FILES));
    msgfmt(join(dir, 'pt_BR/LC_MESSAGES/messages.po'), join(dir, 'pt_BR/LC_MESSAGES/messages.mo'));
    i18n = await loadTranslations(dir, {
      fallbacks: { pt_PT: ['pt_BR'], es_LA: ['es_MX'], fr_CA: ['fr_FR', 'fr_CA'] },
      onWarning: () => {},
    });
  });
  afterAll(() => cleanup());

  it('without them, pt_PT falls back to English', async () => {
    const plain = await loadTranslations(dir, { onWarning: () => {} });
    expect(plain.get('pt_PT').translate('Bus')).toBe('Bus');
  });

  it.each([
    ['pt_PT', 'Hello', 'Olá (PT)'], // own catalog first
    ['pt_PT', 'Bus', 'Ônibus'], // then pt_BR's (a msgfmt-made .mo)
    ['pt_PT', 'Train', 'Train'], // then English
    ['pt_BR', 'Hello', 'Olá (BR)'], // fallbacks are one-way
    ['es_LA', 'Bye', 'Chau'], // own
    ['es_LA', 'Car', 'Coche'], // GNU shortening es_LA → es comes before fallbacks
    ['es_LA', 'Truck', 'Camión'], // then es_MX
    ['es_MX', 'Hello', 'Hola (es)'], // es_MX's own shortening
    ['fr_CA', 'Hello', 'Allô'], // listing itself is harmless
  ])('%s translate(%j) = %j', (code, message, expected) => {
    expect(i18n.get(code).translate(message)).toBe(expected);
  });

  it('reach plurals and contexts (gettext Plural-Forms of the catalog that answers)', () => {
    const pt = i18n.get('pt_PT');
    expect(pt.translate('One file', '%(count)d files', 1)).toBe('%(count)d arquivo');
    expect(pt.translate('One file', '%(count)d files', 0)).toBe('%(count)d arquivo'); // n > 1
    expect(pt.translate('One file', '%(count)d files', 2)).toBe('%(count)d arquivos');
    expect(pt.pgettext('menu', 'Open')).toBe('Abrir (BR)');
    expect(pt.pgettext('other', 'Open')).toBe('Open');
  });

  it('are followed transitively, and a cycle ends where it would repeat', async () => {
    const t = await loadTranslations(dir, {
      fallbacks: { pt_PT: ['es_LA'], es_LA: ['pt_PT', 'fr_FR'], fr_FR: ['pt_PT'] },
      onWarning: () => {},
    });
    const pt = t.get('pt_PT');
    expect(pt.translate('Bye')).toBe('Chau'); // pt_PT → es_LA
    expect(pt.translate('Car')).toBe('Coche'); // → es (es_LA's shortening)
    expect(pt.translate('Bus')).toBe('Bus'); // pt_BR is not on the way
    expect(t.get('fr_FR').translate('Car')).toBe('Coche'); // fr_FR → pt_PT → es_LA → es
    expect(t.get('es_LA').translate('Hello')).toBe('Hola (es)'); // its own shortening first
    expect(t.get('es_LA').translate('Truck')).toBe('Truck'); // es_MX is not on the way
  });

  it.each([
    [{ pt_PT: ['pt_XX'] }, 'pt_XX'],
    [{ pt_XX: ['pt_BR'] }, 'pt_XX'],
    [{ pt_PT: ['pt-BR'] }, 'pt-BR'],
    [{ 'pt-PT': ['pt_BR'] }, 'pt-PT'],
    [{ pt_PT: 'pt_BR' }, 'pt_PT'],
    [{ pt_PT: [42] }, '42'],
  ])('%j is an E_OPTION naming %s', async (fallbacks, named) => {
    const error = await loadTranslations(dir, {
      fallbacks: fallbacks as never,
      onWarning: () => {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocaleKitError);
    expect((error as LocaleKitError).code).toBe('E_OPTION');
    expect((error as LocaleKitError).message).toContain(named);
  });

  it('a misspelt code gets the spelling the catalogs use', async () => {
    const error = await loadTranslations(dir, { fallbacks: { pt_PT: ['pt-br'] } }).catch(
      (e: unknown) => e as LocaleKitError,
    );
    expect((error as LocaleKitError).hint).toContain('pt_BR');
  });

  it('may name the default locale even without a file', async () => {
    const t = await loadTranslations(dir, { fallbacks: { pt_PT: ['en_US'] }, onWarning: () => {} });
    expect(t.get('pt_PT').translate('Bus')).toBe('Bus');
  });
});

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocaleKitError, loadTranslations, type Translations } from '../../src/index.js';
import { makeDir, msgfmt, poHeader } from '../helpers/tmp.js';

const FR_PLURAL = 'nplurals=2; plural=(n > 1);';
const RU_PLURAL =
  'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);';

// Two domains; every catalog is compiled by GNU msgfmt and only the .mo files are kept.
const PO: Record<string, string> = {
  'fr_FR/LC_MESSAGES/messages.po':
    poHeader(FR_PLURAL) +
    'msgid "Save"\nmsgstr "Enregistrer"\n\nmsgid "Not found"\nmsgstr "Introuvable (messages)"\n',
  'fr_FR/LC_MESSAGES/errors.po':
    poHeader(FR_PLURAL) +
    'msgid "Not found"\nmsgstr "Page introuvable"\n\n' +
    'msgid "One error"\nmsgid_plural "%(count)d errors"\nmsgstr[0] "%(count)d erreur"\nmsgstr[1] "%(count)d erreurs"\n',
  // ru_RU has only the errors domain: still a supported locale.
  'ru_RU/LC_MESSAGES/errors.po':
    poHeader(RU_PLURAL) +
    'msgid "One error"\nmsgid_plural "%(count)d errors"\nmsgstr[0] "%(count)d ошибка"\nmsgstr[1] "%(count)d ошибки"\nmsgstr[2] "%(count)d ошибок"\n',
};

describe('several gettext domains in one Translations', () => {
  let dir: string;
  let cleanup: () => void;
  let i18n: Translations;
  beforeAll(async () => {
    ({ dir, cleanup } = makeDir({ ...PO, 'de_DE.csv': '"Save","Speichern"\n' }));
    for (const po of Object.keys(PO)) msgfmt(join(dir, po), join(dir, po.replace(/\.po$/, '.mo')));
    for (const po of Object.keys(PO)) rmSync(join(dir, po));
    i18n = await loadTranslations(dir, { domains: ['messages', 'errors'] });
  });
  afterAll(() => cleanup());

  it('reads each domain from its own .mo', () => {
    const fr = i18n.get('fr_FR');
    expect(fr.translate('Not found')).toBe('Introuvable (messages)');
    expect(fr.dgettext('messages', 'Not found')).toBe('Introuvable (messages)');
    expect(fr.dgettext('errors', 'Not found')).toBe('Page introuvable');
    expect(fr.dgettext('errors', 'Save')).toBe('Save');
  });

  it('dgettext with a plural uses the Plural-Forms of the domain that answers', () => {
    const ru = i18n.get('ru_RU');
    expect(ru.dgettext('errors', 'One error', '%(count)d errors', 1)).toBe('%(count)d ошибка');
    expect(ru.dgettext('errors', 'One error', '%(count)d errors', 3)).toBe('%(count)d ошибки');
    expect(ru.dgettext('errors', 'One error', '%(count)d errors', 5)).toBe('%(count)d ошибок');
    expect(i18n.get('fr_FR').dgettext('errors', 'One error', '%(count)d errors', 0)).toBe(
      '%(count)d erreur',
    );
  });

  it('one negotiation for all: a locale with only another domain is supported', () => {
    expect(i18n.supportedLocales).toEqual(['de_DE', 'en_US', 'fr_FR', 'ru_RU']);
    expect(i18n.negotiate('ru-RU,ru;q=0.9').code).toBe('ru_RU');
    expect(i18n.get('ru_RU').translate('Save')).toBe('Save');
  });

  it('flat catalogs belong to the default domain', () => {
    const de = i18n.get('de_DE');
    expect(de.translate('Save')).toBe('Speichern');
    expect(de.dgettext('errors', 'Save')).toBe('Save');
  });

  it('an unloaded domain answers the English text, never throws', () => {
    const fr = i18n.get('fr_FR');
    expect(fr.dgettext('emails', 'Save')).toBe('Save');
    expect(fr.dgettext('emails', 'One error', '%(count)d errors', 2)).toBe('%(count)d errors');
    expect(fr.dgettext('emails', 'One error', '%(count)d errors', 1)).toBe('One error');
    const { dgettext } = fr;
    expect(dgettext('errors', 'Not found')).toBe('Page introuvable');
    expect(fr.dgettext('__proto__', 'Save')).toBe('Save');
    expect(fr.dgettext(undefined as never, 'Save')).toBe('Save');
    expect(fr.dgettext('errors', 42 as never)).toBe('42');
    expect(fr.dgettext('errors', 'One error', '%(count)d errors', Number.NaN)).toBe(
      '%(count)d erreur',
    );
  });

  it('domain picks which one translate reads', async () => {
    const t = await loadTranslations(dir, { domains: ['messages', 'errors'], domain: 'errors' });
    expect(t.get('fr_FR').translate('Not found')).toBe('Page introuvable');
    expect(t.get('fr_FR').dgettext('messages', 'Not found')).toBe('Introuvable (messages)');
    const first = await loadTranslations(dir, { domains: ['errors'] });
    expect(first.get('fr_FR').translate('Not found')).toBe('Page introuvable');
    expect(first.supportedLocales).toEqual(['de_DE', 'en_US', 'fr_FR', 'ru_RU']);
  });

  it('the default stays one domain, messages', async () => {
    const t = await loadTranslations(dir);
    expect(t.supportedLocales).toEqual(['de_DE', 'en_US', 'fr_FR']);
    expect(t.get('fr_FR').dgettext('errors', 'Not found')).toBe('Not found');
  });

  it.each([
    [{ domains: [] }, 'domains'],
    [{ domains: 'errors' }, 'domains'],
    [{ domains: ['messages', '../x'] }, '../x'],
    [{ domains: ['messages'], domain: 'errors' }, 'errors'],
  ])('%j is an E_OPTION naming %s', async (options, named) => {
    const error = await loadTranslations(dir, options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocaleKitError);
    expect((error as LocaleKitError).code).toBe('E_OPTION');
    expect((error as LocaleKitError).message).toContain(named);
  });
});

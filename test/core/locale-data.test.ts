import { describe, expect, it } from 'vitest';
import { localeInfo } from '../../src/core/locale-data.js';

describe('localeInfo', () => {
  // Exact strings from tornado/_locale_data.py (Tornado 6.2), including its "Ukraini " typo.
  it.each([
    ['es_ES', 'Español (España)', 'Spanish (Spain)'],
    ['es_LA', 'Español', 'Spanish'],
    ['fr_FR', 'Français', 'French'],
    ['fr_CA', 'Français (Canada)', 'French (Canada)'],
    ['de_DE', 'Deutsch', 'German'],
    ['en_US', 'English (US)', 'English (US)'],
    ['pt_BR', 'Português (Brasil)', 'Portuguese (Brazil)'],
    ['zh_TW', '中文(繁體)', 'Chinese (Traditional)'],
    ['zh_CN', '中文(简体)', 'Chinese (Simplified)'],
    ['ja_JP', '日本語', 'Japanese'],
    ['ar_AR', 'العربية', 'Arabic'],
    ['nb_NO', 'Norsk (bokmål)', 'Norwegian (bokmal)'],
    ['uk_UA', 'Українська', 'Ukraini '],
    ['he_IL', 'עברית', 'Hebrew'],
    ['is_IS', 'Íslenska', 'Icelandic'],
  ])('Tornado names for %s', (code, name, nameEn) => {
    const info = localeInfo(code);
    expect(info.name).toBe(name);
    expect(info.nameEn).toBe(nameEn);
  });

  it('finds Tornado names whatever the spelling of the code', () => {
    expect(localeInfo('es-es').name).toBe('Español (España)');
    expect(localeInfo('PT-br').nameEn).toBe('Portuguese (Brazil)');
  });

  // Codes Tornado lacks: CLDR via Intl.DisplayNames, native name capitalised for a menu.
  it.each([
    ['fr', 'Français', 'French'],
    ['ar', 'العربية', 'Arabic'],
    ['ru', 'Русский', 'Russian'],
    ['ja', '日本語', 'Japanese'],
    ['pl', 'Polski', 'Polish'],
    ['es_MX', 'Español (México)', 'Spanish (Mexico)'],
    ['pt_AO', 'Português (Angola)', 'Portuguese (Angola)'],
    ['nn', 'Norsk nynorsk', 'Norwegian Nynorsk'],
    ['ckb', 'کوردیی ناوەندی', 'Central Kurdish'],
    ['sr_Latn', 'Srpski (latinica)', 'Serbian (Latin)'],
    ['tr', 'Türkçe', 'Turkish'],
  ])('CLDR names for %s', (code, name, nameEn) => {
    const info = localeInfo(code);
    expect(info.name).toBe(name);
    expect(info.nameEn).toBe(nameEn);
  });

  it.each([
    ['ar', true],
    ['he', true],
    ['fa', true],
    ['ur', true],
    ['ps', true],
    ['yi', true],
    ['ckb', true],
    ['dv', true],
    ['ar_AR', true],
    ['fa_IR', true],
    ['pa_PK', true],
    ['uz_AF', true],
    ['ja', false],
    ['ru', false],
    ['sr', false],
    ['pa', false],
    ['ku', false],
    ['en_US', false],
    ['x_pirate', false],
  ])('rtl(%s) = %s', (code, rtl) => {
    expect(localeInfo(code).rtl).toBe(rtl);
  });

  it.each([
    ['es_ES', 'es-ES'],
    ['zh_TW', 'zh-TW'],
    ['sr_Latn_RS', 'sr-Latn-RS'],
    ['es_LA', 'es-419'],
    ['ar', 'ar'],
  ])('tag(%s) = %s', (code, tag) => {
    expect(localeInfo(code).tag).toBe(tag);
  });

  it('names a code that is no language by itself', () => {
    expect(localeInfo('x_pirate')).toEqual({
      tag: 'x-pirate',
      name: 'x_pirate',
      nameEn: 'x_pirate',
      rtl: false,
    });
    expect(localeInfo('qq').name).toBe('qq');
  });

  it('returns the same frozen object for the same code', () => {
    const a = localeInfo('de_AT');
    expect(localeInfo('de_AT')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(a.name).toBe('Deutsch (Österreich)');
  });
});

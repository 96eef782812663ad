import { describe, expect, it } from 'vitest';
import { CODE_SHAPE, expandGnuModifier } from '../../src/negotiation/locale-code.js';
import { codeToTag } from '../../src/negotiation/negotiate.js';

describe('locale codes with a GNU @modifier', () => {
  it.each([
    // code, is a catalog code, BCP 47 tag (CLDR's reading of the glibc name)
    ['sr@latin', true, 'sr-Latn'],
    ['sr_RS@latin', true, 'sr-Latn-RS'],
    ['ca@valencia', true, 'ca-ES-valencia'],
    ['be@latin', true, 'be-Latn'],
    ['uz@cyrillic', true, 'uz-Cyrl'],
    ['sr@ijekavianlatin', true, 'sr-Latn-ijekavsk'],
    ['de_DE@euro', true, 'de-DE'],
    ['es_ES', true, 'es-ES'],
    ['sr_Latn_RS', true, 'sr-Latn-RS'],
  ])('%s: code %s, tag %s', (code, shape, tag) => {
    expect(CODE_SHAPE.test(code)).toBe(shape);
    expect(codeToTag(code)).toBe(tag);
  });

  it.each(['sr@', 'sr@Latin', '@latin', 'sr@latin@x', 'sr@l', 'en-GB@latin'])(
    '%s is not a catalog code',
    (code) => {
      expect(CODE_SHAPE.test(code)).toBe(false);
    },
  );

  it('expands the modifier into subtags and drops a charset', () => {
    expect(expandGnuModifier('de_DE.UTF-8@euro')).toBe('de_DE');
    expect(expandGnuModifier('ca_AD@valencia')).toBe('ca_AD_valencia');
    expect(expandGnuModifier('aa@saaho')).toBe('aa');
  });
});

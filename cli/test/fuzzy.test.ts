import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makePoEntry } from 'localekit/formats';
import type { PoEntry } from 'localekit/formats';
import { FUZZY_MAX_BYTES, FuzzyMatcher, fstrcmp } from '../src/fuzzy.js';

describe("fuzzy: GNU fstrcmp and msgmerge's candidate search", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('fstrcmp is 2·LCS/(len1+len2) over UTF-8 bytes', () => {
    expect(fstrcmp(bytes('One file'), bytes('One apple'))).toBe(12 / 17);
    expect(fstrcmp(bytes('Save the file'), bytes('Save the files'))).toBe(26 / 27);
    expect(fstrcmp(bytes('abc'), bytes('abc'))).toBe(1);
    expect(fstrcmp(bytes(''), bytes(''))).toBe(1);
    expect(fstrcmp(bytes('abc'), bytes(''))).toBe(0);
    // "é" is two bytes in UTF-8, both shared with "è" but one: c3 a9 / c3 a8.
    expect(fstrcmp(bytes('é'), bytes('è'))).toBe(2 / 4);
    // Below the lower bound it may answer anything below it (here: 0 from the length bound).
    expect(fstrcmp(bytes('a'), bytes('abcdefgh'), 0.6)).toBe(0);
  });

  it('fstrcmp agrees with a dynamic-programming LCS, across machine-word boundaries', () => {
    const lcs = (a: Uint8Array, b: Uint8Array) => {
      let prev = new Int32Array(b.length + 1);
      for (let i = 1; i <= a.length; i++) {
        const cur = new Int32Array(b.length + 1);
        for (let j = 1; j <= b.length; j++)
          cur[j] =
            a[i - 1] === b[j - 1]
              ? (prev[j - 1] as number) + 1
              : Math.max(prev[j] as number, cur[j - 1] as number);
        prev = cur;
      }
      return prev[b.length] as number;
    };
    const text = fc.uint8Array({ minLength: 1, maxLength: 150, min: 97, max: 100 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(fstrcmp(a, b)).toBe((2 * lcs(a, b)) / (a.length + b.length));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('bounds the search: over-long msgids and a spent work budget are reported', async () => {
    const entries = [
      makePoEntry({ msgid: 'Save the file', msgstr: ['Enregistrer'] }),
      makePoEntry({ msgid: `${'x'.repeat(FUZZY_MAX_BYTES)}y`, msgstr: ['long'] }),
    ];
    const matcher = new FuzzyMatcher(entries);
    expect(matcher.find(undefined, 'Save the files').entry?.msgstr).toEqual(['Enregistrer']);
    expect(matcher.find(undefined, `${'x'.repeat(FUZZY_MAX_BYTES)}z`)).toEqual({
      entry: undefined,
      skipped: 'long',
    });
    expect(matcher.find(undefined, `${'x'.repeat(FUZZY_MAX_BYTES - 1)}z`)).toEqual({
      entry: undefined,
    });
    const spent = new FuzzyMatcher(entries, { workBound: 0 });
    expect(spent.find(undefined, 'Save the files')).toEqual({ entry: undefined, skipped: 'bound' });
  });

  it('only offers translated live entries of the same context', () => {
    const old: PoEntry[] = [
      makePoEntry({ msgid: 'Open the file', msgstr: [''] }),
      makePoEntry({ msgctxt: 'menu', msgid: 'Open the files', msgstr: ['Ouvrir (menu)'] }),
      makePoEntry({ msgid: 'Open a file', msgstr: ['Ouvrir'] }),
      makePoEntry({ msgid: 'Open the filez', msgstr: ['obsolète'], obsolete: true }),
    ];
    const matcher = new FuzzyMatcher(old);
    expect(matcher.find(undefined, 'Open the file!').entry?.msgstr).toEqual(['Ouvrir']);
    expect(matcher.find('menu', 'Open the file!').entry?.msgstr).toEqual(['Ouvrir (menu)']);
    expect(matcher.find('other', 'Open the file!').entry).toBeUndefined();
  });
});

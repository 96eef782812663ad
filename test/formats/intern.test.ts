import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { internKey } from '../../src/formats/intern.js';

describe('internKey', () => {
  it.each([
    '',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    '0',
    '123',
    '4294967295',
    '-1',
    '1.5',
    'NaN',
    'ctx\u0004Hello',
    'Привет, %(name)s',
    '😀 {count}',
    'a'.repeat(10_000),
  ])('returns the same text for %j', (text) => {
    expect(internKey(text)).toBe(text);
  });

  it('returns the same text for any string (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        (text) => internKey(text) === text,
      ),
      { numRuns: 2000 },
    );
  });

  it('leaves Object.prototype alone', () => {
    internKey('__proto__');
    internKey('polluted');
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

import { describe, expect, it } from 'vitest';
import { TextCache } from '../../src/text/cache.js';

const entry = (bytes: number, id = 0) => ({ bytes, id });

describe('TextCache (two generations, bounded in bytes)', () => {
  it('never holds more than its budget, however many entries arrive', () => {
    const cache = new TextCache<{ bytes: number; id: number }>(10_000);
    let max = 0;
    for (let i = 0; i < 5_000; i++) {
      cache.set(`k${i}`, entry(100 + (i % 7) * 50, i));
      max = Math.max(max, cache.bytes);
    }
    expect(max).toBeLessThanOrEqual(10_000);
    expect(cache.bytes).toBeGreaterThan(5_000);
    expect(cache.get('k4999')?.id).toBe(4999);
    expect(cache.get('k0')).toBeUndefined();
  });

  it('keeps an entry that is used while newer ones arrive (approximate LRU)', () => {
    const cache = new TextCache<{ bytes: number; id: number }>(1_000);
    cache.set('hot', entry(100, -1));
    for (let i = 0; i < 100; i++) {
      cache.set(`cold${i}`, entry(100, i));
      expect(cache.get('hot')?.id).toBe(-1);
    }
    // Not used any more: gone after a budget's worth of new entries.
    for (let i = 100; i < 120; i++) cache.set(`cold${i}`, entry(100, i));
    expect(cache.get('hot')).toBeUndefined();
  });

  it('does not keep an entry larger than half its budget', () => {
    const cache = new TextCache<{ bytes: number; id: number }>(1_000);
    cache.set('big', entry(600));
    expect([cache.get('big'), cache.size, cache.bytes]).toEqual([undefined, 0, 0]);
  });
});

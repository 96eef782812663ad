/**
 * Issue 14's memory case: 100,000 distinct request-derived messages (`_(req.query.q, { n: 1 })`,
 * 20 characters to 8 KB, ICU with apostrophes, simple ICU, Python format, broken ICU) through
 * `_` on two locales, in a child process started with --expose-gc against dist/. The heap after
 * a full GC may not grow by 64 MiB at any checkpoint: the compiled-text caches are bounded in bytes
 * (1 MiB a locale) and texts over 2,048 characters are not cached. (Before: 201 MiB at the worst
 * checkpoint with the 5,000-entry cap.)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../fixtures/hostile/text-cache-soak.mjs', import.meta.url));
const LIMIT = 64 * 1024 * 1024;

it('100,000 distinct messages on two locales grow the heap by less than 64 MiB after GC', () => {
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=512', SCRIPT, '100000'],
    { encoding: 'utf8', timeout: 180_000 }, // hang detection only
  );
  expect(run.error?.message ?? null).toBeNull();
  expect(run.stderr).toBe('');
  const result = JSON.parse(run.stdout) as { count: number; maxGrowth: number; growth: number };
  console.log(
    `text cache soak: ${result.count} messages, heap growth after GC ${(result.maxGrowth / 1048576).toFixed(1)} MiB at the worst checkpoint, ${(result.growth / 1048576).toFixed(1)} MiB at the end`,
  );
  expect(result.count).toBe(100_000);
  expect(result.maxGrowth).toBeLessThan(LIMIT);
}, 200_000);

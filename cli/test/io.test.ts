import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/io.js';
import { makeDir } from '../../test/helpers/tmp.js';

const MAIN = path.resolve(import.meta.dirname, '../dist/main.js');
const dirs: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of dirs) cleanup();
});

/** A catalog of about 90 KB and a template that rewrites all of it (new references). */
function bigCatalog(): { dir: string; po: Buffer } {
  const entries: string[] = [];
  const pot: string[] = [];
  for (let i = 0; i < 2000; i++) {
    entries.push(`#: old.js:${i}\nmsgid "Message number ${i}"\nmsgstr "Message numéro ${i}"\n`);
    pot.push(`#: new.js:${i}\nmsgid "Message number ${i}"\nmsgstr ""\n`);
  }
  const header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n';
  const po = Buffer.from(header + entries.join('\n'));
  const { dir, cleanup } = makeDir({ 'po/fr.po': po, 'messages.pot': header + pot.join('\n') });
  dirs.push(cleanup);
  return { dir, po };
}

function cli(dir: string, script: string): { status: number | null; stderr: string } {
  const r = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('atomic writes', () => {
  it('replaces the file and keeps its mode', async () => {
    const { dir, cleanup } = makeDir({ 'a.po': 'old' });
    dirs.push(cleanup);
    const file = path.join(dir, 'a.po');
    chmodSync(file, 0o640);
    await writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['a.po']);
  });

  it('follows a symlink: the file it points to is replaced, the link stays', async () => {
    const { dir, cleanup } = makeDir({ 'real/fr.po': 'old' });
    dirs.push(cleanup);
    symlinkSync(path.join(dir, 'real/fr.po'), path.join(dir, 'fr.po'));
    await writeFileAtomic(path.join(dir, 'fr.po'), 'new');
    expect(lstatSync(path.join(dir, 'fr.po')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(dir, 'real/fr.po'), 'utf8')).toBe('new');
  });

  it('a write cut short by the file size limit (ulimit -f) leaves the original bytes, one error line, exit 2', () => {
    const { dir, po } = bigCatalog();
    expect(po.length).toBeGreaterThan(80_000);
    const r = cli(dir, `ulimit -f 20; exec node ${MAIN} update messages.pot po`);
    expect(r.status).toBe(2);
    expect(readFileSync(path.join(dir, 'po/fr.po')).equals(po)).toBe(true);
    expect(r.stderr).toBe(
      'localekit: cannot write po/fr.po: the file size limit was reached (EFBIG); the original is unchanged (raise the file size limit (ulimit -f), then run the command again)\n',
    );
    // No temporary file left behind.
    expect(readdirSync(path.join(dir, 'po'))).toEqual(['fr.po']);
  });

  it('a read-only directory leaves the original bytes, one error line, exit 2', () => {
    const { dir, po } = bigCatalog();
    chmodSync(path.join(dir, 'po'), 0o555);
    // root writes into a read-only directory anyway: run the CLI as nobody then.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      chmodSync(dir, 0o755);
      for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
        if ((statSync(d).mode & 0o005) !== 0o005) chmodSync(d, statSync(d).mode | 0o005);
      }
    }
    const prefix = asRoot ? 'setpriv --reuid 65534 --regid 65534 --clear-groups ' : '';
    const r = cli(dir, `${prefix}node ${MAIN} update messages.pot po`);
    chmodSync(path.join(dir, 'po'), 0o755);
    expect(r.status).toBe(2);
    expect(readFileSync(path.join(dir, 'po/fr.po')).equals(po)).toBe(true);
    expect(r.stderr).toBe(
      'localekit: cannot create a temporary file beside po/fr.po: permission denied (EACCES); the original is unchanged (make the directory and the file writable, then run the command again)\n',
    );
  });

  it('a target that cannot be replaced (a directory) is an error naming it, nothing written', async () => {
    const { dir, cleanup } = makeDir({});
    dirs.push(cleanup);
    mkdirSync(path.join(dir, 'out.po'));
    await expect(
      writeFileAtomic(path.join(dir, 'out.po'), 'x', { display: 'out.po' }),
    ).rejects.toThrow(
      'cannot replace out.po: the path is a directory (EISDIR); nothing was written',
    );
    writeFileSync(path.join(dir, 'keep.txt'), 'k');
    expect(readdirSync(dir).sort()).toEqual(['keep.txt', 'out.po']);
  });

  it('compile goes on past a catalog it cannot write, names it, exits 2', () => {
    const header =
      'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n';
    const { dir, cleanup } = makeDir({ 'l/de.po': header, 'l/fr.po': header });
    dirs.push(cleanup);
    mkdirSync(path.join(dir, 'l/de.mo')); // in the way
    const r = cli(dir, `node ${MAIN} compile l`);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      [
        'localekit: cannot replace l/de.mo: the path is a directory (EISDIR); nothing was written (fix the cause, then run the command again)',
        'l/fr.mo: compiled',
        'localekit: 1 of 2 catalogs not compiled',
        '',
      ].join('\n'),
    );
    expect(statSync(path.join(dir, 'l/fr.mo')).size).toBeGreaterThan(28);
  });
});

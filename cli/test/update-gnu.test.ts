import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makePoEntry, parsePoDocument, serializePo } from 'localekit/formats';
import type { PoEntry } from 'localekit/formats';
import { memoryIo } from '../src/io.js';
import { run } from '../src/program.js';
import { makeDir } from '../../test/helpers/tmp.js';
import { CHARSET_LANGS, debianCatalogs, haveGettext } from './helpers/debian.js';

const dirs: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of dirs) cleanup();
});

/**
 * A template made from a real catalog as a new release of the program would bring it: every
 * 10th message gone, every 10th edited (a fuzzy match), some new ones, `c-format` and `no-wrap`
 * flags on some, new references, and a header with POT-Creation-Date and Report-Msgid-Bugs-To.
 */
function templateOf(catalog: Buffer): string {
  const doc = parsePoDocument(catalog);
  const entries: PoEntry[] = [];
  doc.entries.forEach((e, index) => {
    const i = index + 1;
    if (i % 10 === 3) return;
    const msgid =
      i % 10 === 5 && e.msgid.length > 8 ? e.msgid.replace(/\w+/, (w) => `${w}s`) : e.msgid;
    const flags = i % 7 === 0 ? ['c-format'] : i % 11 === 0 ? ['no-wrap'] : [];
    entries.push(
      makePoEntry({
        ...(e.msgctxt !== undefined ? { msgctxt: e.msgctxt } : {}),
        msgid,
        ...(e.msgidPlural !== undefined ? { msgidPlural: e.msgidPlural } : {}),
        msgstr: e.msgidPlural !== undefined ? ['', ''] : [''],
        references: [`src/file${i}.c:${i}`],
        flags,
      }),
    );
    if (i % 13 === 0)
      entries.push(
        makePoEntry({ msgid: `Brand new message number ${i}`, references: [`src/new.c:${i}`] }),
      );
  });
  const header = makePoEntry({
    msgid: '',
    flags: ['fuzzy'],
    msgstr: [
      'Project-Id-Version: PACKAGE VERSION\nReport-Msgid-Bugs-To: bugs@example.org\nPOT-Creation-Date: 2026-01-01 10:00+0000\nPO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\nLast-Translator: FULL NAME <EMAIL@ADDRESS>\nLanguage-Team: LANGUAGE <LL@li.org>\nLanguage: \nMIME-Version: 1.0\nContent-Type: text/plain; charset=CHARSET\nContent-Transfer-Encoding: 8bit\n',
    ],
  });
  return serializePo({ header, entries });
}

const PER_CHARSET = 2;

describe.skipIf(!haveGettext)(
  'update = msgmerge --previous, byte for byte, on Debian catalogs in every charset',
  () => {
    for (const charset of Object.keys(CHARSET_LANGS)) {
      it(`${charset}`, async () => {
        const catalogs = debianCatalogs(charset, PER_CHARSET);
        expect(catalogs.length).toBeGreaterThan(0);
        let identical = 0;
        for (const c of catalogs) {
          const { dir, cleanup } = makeDir({ 'old.po': c.bytes, 't.pot': templateOf(c.bytes) });
          dirs.push(cleanup);
          mkdirSync(path.join(dir, 'po'));
          writeFileSync(path.join(dir, 'po', `${c.lang}.po`), c.bytes);
          const gnu = spawnSync(
            'msgmerge',
            ['--previous', '-q', '-o', 'gnu.po', 'old.po', 't.pot'],
            { cwd: dir },
          );
          expect(gnu.status).toBe(0);
          const io = memoryIo(dir);
          expect(await run(['update', 't.pot', 'po'], io)).toBe(0);
          const ours = readFileSync(path.join(dir, 'po', `${c.lang}.po`));
          const theirs = readFileSync(path.join(dir, 'gnu.po'));
          expect([c.lang, c.domain, ours.equals(theirs)]).toEqual([c.lang, c.domain, true]);
          // msgcat leaves our output unchanged (GNU's line wrapping).
          const cat = spawnSync('msgcat', [path.join(dir, 'po', `${c.lang}.po`)]);
          expect(cat.stdout.equals(ours)).toBe(true);
          identical++;
        }
        expect(identical).toBe(catalogs.length);
      });
    }
  },
);

describe('update: the catalog charset is kept; --to-code changes it', () => {
  const LATIN2 = Buffer.concat([
    Buffer.from(
      'msgid ""\nmsgstr ""\n"Language: pl\\n"\n"Content-Type: text/plain; charset=ISO-8859-2\\n"\n\nmsgid "Delete"\nmsgstr "Usu',
    ),
    Buffer.from([0xf1]), // ń in ISO-8859-2
    Buffer.from('"\n'),
  ]);
  const POT =
    'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Delete"\nmsgstr ""\n';

  it('writes ISO-8859-2 bytes under the ISO-8859-2 header, and a second run changes nothing', async () => {
    const { dir, cleanup } = makeDir({ 'po/pl.po': LATIN2, 't.pot': POT });
    dirs.push(cleanup);
    const io = memoryIo(dir);
    expect(await run(['update', 't.pot', 'po'], io)).toBe(0);
    const once = readFileSync(path.join(dir, 'po/pl.po'));
    expect(once.includes(Buffer.from([0x55, 0x73, 0x75, 0xf1]))).toBe(true);
    expect(await run(['update', 't.pot', 'po'], io)).toBe(0);
    expect(readFileSync(path.join(dir, 'po/pl.po')).equals(once)).toBe(true);
  });

  it('--to-code UTF-8 rewrites the header and the bytes, as msgconv does', async () => {
    const { dir, cleanup } = makeDir({ 'po/pl.po': LATIN2, 't.pot': POT });
    dirs.push(cleanup);
    expect(await run(['update', 't.pot', 'po', '--to-code', 'UTF-8'], memoryIo(dir))).toBe(0);
    const text = readFileSync(path.join(dir, 'po/pl.po'), 'utf8');
    expect(text).toContain('"Content-Type: text/plain; charset=UTF-8\\n"');
    expect(text).toContain('msgstr "Usuń"');
  });

  it('a character the charset cannot hold is an error naming file:line; the catalog is left as it was; others go on', async () => {
    const pot = `${POT}\n#: app.js:3\nmsgid "Жук"\nmsgstr ""\n`;
    const utf8 = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n';
    const { dir, cleanup } = makeDir({ 'po/pl.po': LATIN2, 'po/uk.po': utf8, 't.pot': pot });
    dirs.push(cleanup);
    const io = memoryIo(dir);
    expect(await run(['update', 't.pot', 'po'], io)).toBe(2);
    expect(readFileSync(path.join(dir, 'po/pl.po')).equals(LATIN2)).toBe(true);
    expect(io.stderr).toBe(
      [
        'localekit: t.pot:8: "Ж" (U+0416) cannot be written in ISO-8859-2 (in "Жук"); po/pl.po was not written (write it with --to-code UTF-8, or change the text)',
        'localekit: 1 of 2 catalogs not updated (left as they were)',
        '',
      ].join('\n'),
    );
    expect(io.stdout).toBe('po/uk.po: 2 added, 0 fuzzy, 0 obsoleted, 0 kept\n');
  });

  it('an unknown --to-code is a usage error', async () => {
    const io = memoryIo(process.cwd());
    expect(await run(['update', 't.pot', 'po', '--to-code', 'NOPE-1'], io)).toBe(2);
    expect(io.stderr).toContain('unknown charset NOPE-1');
  });
});

describe('update: flags and header as msgmerge', () => {
  const OLD = `# Translator comment
msgid ""
msgstr ""
"Project-Id-Version: x 1\\n"
"PO-Revision-Date: 2020-01-02 00:00+0000\\n"
"Language: pl\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"X-Custom: 1\\n"

#, python-format, range: 1..5
msgid "Hello %s"
msgstr "Cześć %s"

#, fuzzy, c-format
msgid "Bye %d"
msgstr "Pa %d"

#, c-format
msgid "Old %s thing"
msgstr "Stary %s"

msgid "Gone untranslated"
msgstr ""
`;
  const POT = `msgid ""
msgstr ""
"Project-Id-Version: PACKAGE VERSION\\n"
"Report-Msgid-Bugs-To: new@bugs\\n"
"POT-Creation-Date: 2024-05-05 10:00+0000\\n"
"Content-Type: text/plain; charset=CHARSET\\n"

#: a.c:1
#, c-format
msgid "Hello %s"
msgstr ""

#: a.c:2
#, javascript-format, no-wrap
msgid "Bye %d"
msgstr ""

#, c-format
msgid "New %s thing"
msgstr ""

#, c-format
msgid "Fresh %d entry"
msgstr ""
`;

  it('takes the template flags on kept, fuzzy and new entries, the range rule, and the template header fields', async () => {
    const { dir, cleanup } = makeDir({ 'po/pl.po': OLD, 'old.po': OLD, 't.pot': POT });
    dirs.push(cleanup);
    const io = memoryIo(dir);
    expect(await run(['update', 't.pot', 'po'], io)).toBe(0);
    spawnSync('msgmerge', ['--previous', '-q', '-o', 'gnu.po', 'old.po', 't.pot'], { cwd: dir });
    const ours = readFileSync(path.join(dir, 'po/pl.po'), 'utf8');
    expect(ours).toBe(readFileSync(path.join(dir, 'gnu.po'), 'utf8'));
    expect(ours).toContain('"POT-Creation-Date: 2024-05-05 10:00+0000\\n"');
    expect(ours).toContain('#, fuzzy, c-format\n#| msgid "Hello %s"\nmsgid "Hello %s"');
    expect(ours).toContain('#, c-format\nmsgid "Fresh %d entry"');
    expect(io.stdout).toBe('po/pl.po: 1 added, 1 fuzzy, 0 obsoleted, 2 kept\n');
    expect(io.stderr).toBe(
      'po/pl.po:24: 1 untranslated message no longer in the template removed (as msgmerge; nothing translated was lost), first "Gone untranslated"\n',
    );
  });
});

describe.skipIf(!haveGettext)('EUC-JP and Shift_JIS: the six JIS cells keep their bytes', () => {
  const CELLS: Record<string, string[]> = {
    'EUC-JP': ['a1c1', 'a1c2', 'a1dd', 'a1f1', 'a1f2', 'a2cc'],
    SHIFT_JIS: ['8160', '8161', '817c', '8191', '8192', '81ca'],
  };
  for (const [charset, cells] of Object.entries(CELLS)) {
    it(`${charset}: update equals msgmerge, compile equals msgfmt (〜 ‖ − ¢ £ ¬)`, async () => {
      const body = Buffer.from(cells.join(''), 'hex');
      const po = Buffer.concat([
        Buffer.from(
          `msgid ""\nmsgstr "Content-Type: text/plain; charset=${charset}\\n"\n\nmsgid "x"\nmsgstr "`,
        ),
        body,
        Buffer.from('"\n'),
      ]);
      const pot =
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=CHARSET\\n"\n\nmsgid "x"\nmsgstr ""\n';
      const { dir, cleanup } = makeDir({ 'po/ja.po': po, 'old.po': po, 't.pot': pot });
      dirs.push(cleanup);
      spawnSync('msgmerge', ['--previous', '-q', '-o', 'gnu.po', 'old.po', 't.pot'], { cwd: dir });
      expect(await run(['update', 't.pot', 'po'], memoryIo(dir))).toBe(0);
      const ours = readFileSync(path.join(dir, 'po/ja.po'));
      expect(ours.includes(body)).toBe(true);
      expect(ours.equals(readFileSync(path.join(dir, 'gnu.po')))).toBe(true);
      expect(await run(['compile', 'po'], memoryIo(dir))).toBe(0);
      spawnSync('msgfmt', ['-o', 'gnu.mo', 'old.po'], { cwd: dir });
      expect(
        readFileSync(path.join(dir, 'po/ja.mo')).equals(readFileSync(path.join(dir, 'gnu.mo'))),
      ).toBe(true);
    });
  }
});

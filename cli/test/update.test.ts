import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDirectory } from '../src/check.js';
import { FUZZY_MAX_BYTES } from '../src/fuzzy.js';
import { memoryIo } from '../src/io.js';
import { serializePo } from 'localekit/formats';
import { run } from '../src/program.js';
import { mergePo } from '../src/update.js';
import { loadTranslations } from 'localekit';
import { parsePoDocument } from 'localekit/formats';
import { makeDir } from '../../test/helpers/tmp.js';

// A small real catalog where msgmerge's choices are clear. It avoids the two places where
// `update` deliberately differs from msgmerge 0.21 (which also proposes translations from other
// contexts and from obsolete entries), and the one where it has always differed (msgmerge drops
// an untranslated message that vanished instead of keeping it as `#~`).
const OLD_PO = `msgid ""
msgstr ""
"Project-Id-Version: demo 1.0\\n"
"PO-Revision-Date: 2024-05-01 12:00+0200\\n"
"Last-Translator: Camille <camille@example.org>\\n"
"Language-Team: French\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#: app.js:1
msgid "Hello {name}"
msgstr "Bonjour {name}"

# Keep it short: the button is small.
#: app.js:2
msgid "Save the file"
msgstr "Enregistrer le fichier"

#: app.js:3
msgid "One apple"
msgid_plural "{count} apples"
msgstr[0] "Une pomme"
msgstr[1] "{count} pommes"

#: app.js:4
msgctxt "menu"
msgid "Open recent"
msgstr "Ouvrir un fichier récent"

#: app.js:5
msgid "Delete everything now"
msgstr "Tout supprimer maintenant"

#: app.js:6
msgid "One photo"
msgstr "Une photo"

#: app.js:7
#, fuzzy
#| msgid "Your cart is empty"
msgid "Your basket is empty"
msgstr "Votre panier est vide"

#: app.js:8
msgid "Résumé of the café"
msgstr "Résumé du café"

#: app.js:9
msgid ""
"The server could not complete your request because the upload was larger "
"than the limit configured by the administrator."
msgstr ""
"Le serveur n’a pas pu traiter votre demande : l’envoi dépasse la limite "
"fixée par l’administrateur."

#: app.js:10
#, fuzzy
#| msgid "Old header text"
msgid "Old heading text"
msgstr "Ancien titre"

#: app.js:11
msgid "Download {count} item"
msgid_plural "Download {count} items"
msgstr[0] "Télécharger {count} élément"
msgstr[1] "Télécharger {count} éléments"

#~ msgid "Log in"
#~ msgstr "Se connecter"

#~ msgid "Ancient toolbar"
#~ msgstr "Ancienne barre d’outils"
`;

const NEW_POT = `msgid ""
msgstr ""
"Project-Id-Version: demo 1.1\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"

#: app.js:1
msgid "Hello {name}"
msgstr ""

#: app.js:2
msgid "Save the files"
msgstr ""

#: app.js:3
msgid "One apple"
msgid_plural "{count} apples"
msgstr[0] ""
msgstr[1] ""

#. TRANSLATORS: the File menu
#: app.js:4
msgctxt "menu"
msgid "Open recent files"
msgstr ""

#: app.js:6
msgid "One photo"
msgid_plural "{count} photos"
msgstr[0] ""
msgstr[1] ""

#: app.js:7
msgid "Your basket is now empty"
msgstr ""

#: app.js:8
msgid "Résumé of the cafés"
msgstr ""

#: app.js:9
msgid ""
"The server could not complete your request because the upload was larger "
"than the limit set by the administrator."
msgstr ""

#: app.js:11
msgid "Download {count} file"
msgid_plural "Download {count} files"
msgstr[0] ""
msgstr[1] ""

#: app.js:12
msgid "Quit"
msgstr ""

#: app.js:13
msgid "Sign out of your account"
msgstr ""

#: app.js:14
msgid "Log in"
msgstr ""
`;

const dirs: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of dirs) cleanup();
});

/** A directory with `po/fr.po` (the old catalog), `old.po` (a copy for msgmerge), `new.pot`. */
function catalogDir(old = OLD_PO, pot = NEW_POT): string {
  const { dir, cleanup } = makeDir({ 'po/fr.po': old, 'old.po': old, 'new.pot': pot });
  dirs.push(cleanup);
  return dir;
}

function msgmerge(dir: string, ...flags: string[]): string {
  const out = join(dir, 'gnu.po');
  execFileSync('msgmerge', [...flags, '--previous', '-q', '-o', out, 'old.po', 'new.pot'], {
    cwd: dir,
  });
  return readFileSync(out, 'utf8');
}

/** Every field of every entry but line numbers, to compare two catalogs. */
function entriesOf(text: string) {
  const doc = parsePoDocument(text);
  return doc.entries.map(({ line: _line, msgidLine: _msgidLine, ...rest }) => ({
    msgctxt: undefined,
    msgidPlural: undefined,
    ...rest,
  }));
}

/** msgid → [msgstr, previous] of the fuzzy live entries. */
function fuzzyOf(text: string): Map<string, [readonly string[], readonly string[]]> {
  const doc = parsePoDocument(text);
  return new Map(
    doc.entries
      .filter((e) => !e.obsolete && e.flags.includes('fuzzy'))
      .map((e) => [e.msgid, [e.msgstr, e.previous]]),
  );
}

const LONG_NEW =
  'The server could not complete your request because the upload was larger than the limit set by the administrator.';

describe('update: fuzzy matching against GNU msgmerge --previous', () => {
  it('fills edited messages from the old ones, fuzzy, with #| lines, as msgmerge does', async () => {
    const dir = catalogDir();
    const io = memoryIo(dir);
    expect(await run(['update', 'new.pot', 'po'], io)).toBe(0);
    expect(io.stdout).toBe('po/fr.po: 2 added, 6 fuzzy, 2 obsoleted, 4 kept\n');
    expect(io.stderr).toBe('');
    const ours = readFileSync(join(dir, 'po/fr.po'), 'utf8');
    const gnu = msgmerge(dir);

    // The fuzzy entries: same msgids, same translations, same previous msgids.
    const fuzzy = fuzzyOf(ours);
    expect(fuzzy).toEqual(fuzzyOf(gnu));
    expect(fuzzy).toEqual(
      new Map([
        ['Save the files', [['Enregistrer le fichier'], ['msgid "Save the file"']]],
        [
          'Open recent files',
          [['Ouvrir un fichier récent'], ['msgctxt "menu"', 'msgid "Open recent"']],
        ],
        // Exact msgid, but it became plural: the translation is copied into every form.
        ['One photo', [['Une photo', 'Une photo'], ['msgid "One photo"']]],
        // Its old entry was fuzzy already: the msgid its translation was made for is kept.
        ['Your basket is now empty', [['Votre panier est vide'], ['msgid "Your cart is empty"']]],
        ['Résumé of the cafés', [['Résumé du café'], ['msgid "Résumé of the café"']]],
        [
          LONG_NEW,
          [
            [
              'Le serveur n’a pas pu traiter votre demande : l’envoi dépasse la limite fixée par l’administrateur.',
            ],
            [
              'msgid ""',
              '"The server could not complete your request because the upload was larger "',
              '"than the limit configured by the administrator."',
            ],
          ],
        ],
        [
          'Download {count} file',
          [
            ['Télécharger {count} élément', 'Télécharger {count} éléments'],
            ['msgid "Download {count} item"', 'msgid_plural "Download {count} items"'],
          ],
        ],
      ]),
    );

    // The whole catalog, entry by entry: comments, references, flags, order, obsolete ones.
    expect(entriesOf(ours)).toEqual(entriesOf(gnu));
    const doc = parsePoDocument(ours);
    const byId = new Map(doc.entries.map((e) => [e.msgid, e]));
    // The translator comment of the old entry comes along; the template's comments replace the old.
    expect(byId.get('Save the files')?.translatorComments).toEqual([
      'Keep it short: the button is small.',
    ]);
    expect(byId.get('Open recent files')?.extractedComments).toEqual([
      'TRANSLATORS: the File menu',
    ]);
    // Unrelated new messages stay untranslated; an obsolete exact match comes back as it was.
    expect(
      ['Quit', 'Sign out of your account', 'Log in'].map((id) => byId.get(id)?.msgstr),
    ).toEqual([[''], [''], ['Se connecter']]);
    expect(byId.get('Quit')?.flags).toEqual([]);
    // The old messages used for fuzzy matches are gone; the others that vanished are obsolete.
    expect(
      doc.entries.filter((e) => e.obsolete).map((e) => [e.msgid, e.flags, e.previous]),
    ).toEqual([
      ['Delete everything now', [], []],
      ['Old heading text', ['fuzzy'], ['msgid "Old header text"']],
      ['Ancient toolbar', [], []],
    ]);
    for (const gone of ['Save the file', 'Your basket is empty', 'Résumé of the café'])
      expect(byId.has(gone)).toBe(false);
    expect(ours).toContain(
      '#: app.js:2\n#, fuzzy\n#| msgid "Save the file"\nmsgid "Save the files"\nmsgstr "Enregistrer le fichier"\n',
    );
    expect(ours).toContain('#, fuzzy\n#~| msgid "Old header text"\n#~ msgid "Old heading text"\n');
    execFileSync('msgfmt', ['--check', '-o', '/dev/null', join(dir, 'po/fr.po')]);
  });

  it('-N (--no-fuzzy-matching) adds new messages empty and obsoletes the old ones, as msgmerge -N', async () => {
    const dir = catalogDir();
    const io = memoryIo(dir);
    expect(await run(['update', '-N', 'new.pot', 'po'], io)).toBe(0);
    expect(io.stdout).toBe('po/fr.po: 8 added, 0 fuzzy, 8 obsoleted, 4 kept\n');
    const ours = readFileSync(join(dir, 'po/fr.po'), 'utf8');
    const gnu = msgmerge(dir, '-N');
    expect(entriesOf(ours)).toEqual(entriesOf(gnu));
    // Only the exact match that became plural is fuzzy.
    expect(fuzzyOf(ours)).toEqual(
      new Map([['One photo', [['Une photo', 'Une photo'], ['msgid "One photo"']]]]),
    );
    const doc = parsePoDocument(ours);
    expect(doc.entries.find((e) => e.msgid === 'Save the files')?.msgstr).toEqual(['']);
    expect(doc.entries.filter((e) => e.obsolete).map((e) => e.msgid)).toEqual([
      'Save the file',
      'Open recent',
      'Delete everything now',
      'Your basket is empty',
      'Résumé of the café',
      'The server could not complete your request because the upload was larger than the limit configured by the administrator.',
      'Old heading text',
      'Download {count} item',
      'Ancient toolbar',
    ]);
    const help = memoryIo(dir);
    expect(await run(['update', '--help'], help)).toBe(0);
    expect(help.stdout).toContain('-N, --no-fuzzy-matching');
    expect(help.stdout).toContain('marked "#, fuzzy",\nthe old msgid kept in "#| msgid" lines');
    // --no-fuzzy-matching is the same option.
    const again = catalogDir();
    await run(['update', '--no-fuzzy-matching', 'new.pot', 'po'], memoryIo(again));
    expect(readFileSync(join(again, 'po/fr.po'), 'utf8')).toBe(ours);
  });

  it('a second update with the same template changes nothing, as msgmerge', async () => {
    const dir = catalogDir();
    await run(['update', 'new.pot', 'po'], memoryIo(dir));
    const once = readFileSync(join(dir, 'po/fr.po'), 'utf8');
    copyFileSync(join(dir, 'po/fr.po'), join(dir, 'old.po'));
    const io = memoryIo(dir);
    await run(['update', 'new.pot', 'po'], io);
    expect(io.stdout).toBe('po/fr.po: 0 added, 0 fuzzy, 0 obsoleted, 12 kept\n');
    expect(readFileSync(join(dir, 'po/fr.po'), 'utf8')).toBe(once);
    expect(entriesOf(once)).toEqual(entriesOf(msgmerge(dir)));
  });

  it('reads and writes msgmerge output unchanged, #| and #~| lines included', () => {
    const dir = catalogDir();
    const gnu = msgmerge(dir);
    expect(gnu).toContain('#| msgid ""\n#| "The server could not complete');
    expect(gnu).toContain('#~| msgid "Old header text"');
    expect(serializePo(parsePoDocument(gnu))).toBe(gnu);
  });

  it('chooses as msgmerge on generated catalogs (4-gram candidates, ties, short msgids, UTF-8)', () => {
    const words = ['file', 'files', 'open', 'the', 'a', 'now', 'user', 'édition', '日本', 'quit'];
    const words2 = ['quiet', 'mode', 'item', 'ok', 'go', 'x', 'abc', 'naïve', 'list', 'run'];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
    const vocabulary = [...words, ...words2];
    const phrase = () =>
      Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(vocabulary)).join(' ');
    const edit = (s: string) => {
      const chars = Array.from(s);
      const at = Math.floor(random() * (chars.length + 1));
      if (random() < 0.5) chars.splice(at, 0, pick(['s', 'é', ' ', 'e']));
      else chars.splice(Math.min(at, chars.length - 1), 1);
      return chars.join('');
    };
    const header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n';
    const q = (s: string) => JSON.stringify(s);
    let compared = 0;
    for (let round = 0; round < 4; round++) {
      const old = [...new Set(Array.from({ length: 60 }, phrase))];
      const template = new Set<string>();
      for (const m of old) {
        const r = random();
        if (r < 0.3) template.add(m);
        else if (r < 0.8) template.add(edit(m));
      }
      while (template.size < 70) template.add(phrase());
      template.delete('');
      const po = header + old.map((m, i) => `msgid ${q(m)}\nmsgstr "T${i}"\n`).join('\n');
      const pot = header + [...template].map((m) => `msgid ${q(m)}\nmsgstr ""\n`).join('\n');
      const dir = catalogDir(po, pot);
      const merged = mergePo(parsePoDocument(po), parsePoDocument(pot).entries, 'fr.po');
      const ours = serializePo(merged.doc);
      const gnu = msgmerge(dir);
      expect(fuzzyOf(ours)).toEqual(fuzzyOf(gnu));
      expect(merged.report.fuzzy).toBe(fuzzyOf(gnu).size);
      expect(entriesOf(ours)).toEqual(entriesOf(gnu));
      compared += merged.report.fuzzy;
    }
    expect(compared).toBeGreaterThan(80);
  });
});

describe('update: fuzzy entries at runtime and in check', () => {
  it('the runtime does not serve a fuzzy entry (it falls back to the msgid, like msgfmt)', async () => {
    const dir = catalogDir();
    await run(['update', 'new.pot', 'po'], memoryIo(dir));
    const i18n = await loadTranslations(join(dir, 'po'));
    const fr = i18n.get('fr');
    expect(fr.translate('Save the files')).toBe('Save the files');
    expect(fr.translate('One photo', '{count} photos', 3)).toBe('{count} photos');
    expect(fr.pgettext('menu', 'Open recent files')).toBe('Open recent files');
    // Exact matches and the resurrected obsolete entry are served.
    expect(fr.translate('Log in')).toBe('Se connecter');
    expect(fr.translate('One apple', '{count} apples', 3)).toBe('{count} pommes');
    // msgfmt leaves the same entries out of the .mo.
    execFileSync('msgfmt', ['-o', join(dir, 'fr.mo'), join(dir, 'po/fr.po')]);
    const mo = execFileSync('msgunfmt', [join(dir, 'fr.mo')], { encoding: 'utf8' });
    expect(mo).not.toContain('Save the files');
    expect(mo).toContain('Se connecter');

    // check reports them, each at its entry.
    const result = await checkDirectory(join(dir, 'po'), { cwd: dir });
    const doc = parsePoDocument(readFileSync(join(dir, 'po/fr.po')));
    const atLine = new Map(doc.entries.map((e) => [e.msgidLine, e.msgid]));
    expect(
      result.findings
        .filter((f) => f.code === 'fuzzy')
        .map((f) => [f.file, f.severity, atLine.get(f.line ?? 0)]),
    ).toEqual(
      [
        'Save the files',
        'Open recent files',
        'One photo',
        'Your basket is now empty',
        'Résumé of the cafés',
        LONG_NEW,
        'Download {count} file',
      ].map((id) => ['po/fr.po', 'warning', id]),
    );
  });

  it('CSV catalogs have no fuzzy flag: new messages are added empty', async () => {
    const dir = catalogDir();
    writeFileSync(join(dir, 'po/de.csv'), '"Save the file","Datei speichern"\n"Quit","Beenden"\n');
    const io = memoryIo(dir);
    expect(await run(['update', 'new.pot', 'po'], io)).toBe(0);
    expect(io.stdout.split('\n')[0]).toBe('po/de.csv: 10 added, 1 dropped, 1 kept');
    expect(readFileSync(join(dir, 'po/de.csv'), 'utf8')).toContain('"Save the files",""\n');
  });
});

describe('update: fuzzy matching bounds', () => {
  it('bounds the search in update: a spent work budget leaves the rest unsearched', async () => {
    const merged = mergePo(parsePoDocument(OLD_PO), parsePoDocument(NEW_POT).entries, 'fr.po', {
      fuzzyBounds: { workBound: 300 },
    });
    // The first two new messages were searched (and matched); the 6 after them were not.
    expect([merged.report.fuzzy, merged.report.added, merged.report.fuzzySkipped]).toEqual([
      2,
      6,
      { long: 0, bound: 6 },
    ]);
    expect(
      merged.doc.entries
        .filter((e) => !e.obsolete && e.flags.includes('fuzzy'))
        .map((e) => e.msgid),
    ).toEqual(['Save the files', 'Open recent files', 'One photo']);
  });

  it('says on stderr when messages were not searched', async () => {
    const long = 'y'.repeat(FUZZY_MAX_BYTES + 1);
    const dir = catalogDir(OLD_PO, `${NEW_POT}\nmsgid "${long}"\nmsgstr ""\n`);
    const io = memoryIo(dir);
    expect(await run(['update', 'new.pot', 'po'], io)).toBe(0);
    expect(io.stdout).toBe('po/fr.po: 3 added, 6 fuzzy, 2 obsoleted, 4 kept\n');
    expect(io.stderr).toBe(
      `po/fr.po: 1 new message over ${FUZZY_MAX_BYTES} bytes not fuzzy-matched (too long to compare)\n`,
    );
  });
});

describe('update: CSV catalogs keep what the loader reads', () => {
  const CSV = [
    '"Hello","Bonjour"',
    '"Save","Sauver","","reviewed by Anne"',
    '"Hello","Salut"',
    '"Odd","Étrange","Unknown"',
    '"Old text","Vieux texte"',
    '',
  ].join('\r\n');
  const POT =
    'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello"\nmsgstr ""\n\nmsgid "Save"\nmsgstr ""\n\nmsgid "New"\nmsgstr ""\n';

  it('keeps the loader winner of duplicates, 4th columns, rows the loader skips, CRLF; counts and names the dropped', async () => {
    const { dir, cleanup } = makeDir({ 'l/fr_FR.csv': CSV, 't.pot': POT });
    dirs.push(cleanup);
    const io = memoryIo(dir);
    expect(await run(['update', 't.pot', 'l'], io)).toBe(0);
    expect(readFileSync(join(dir, 'l/fr_FR.csv'), 'utf8')).toBe(
      [
        '"Hello","Salut"',
        '"Save","Sauver","","reviewed by Anne"',
        '"New",""',
        '"Odd","Étrange","Unknown"',
        '',
      ].join('\r\n'),
    );
    expect(io.stdout).toBe('l/fr_FR.csv: 1 added, 1 dropped, 2 kept\n');
    expect(io.stderr).toBe(
      [
        'l/fr_FR.csv:1: duplicate row "Hello" dropped; line 3 wins, as in the loader',
        'l/fr_FR.csv:4: row kept as it is; the loader skips it (third column "Unknown")',
        'l/fr_FR.csv:5: dropped "Old text" (no longer in the template)',
        '',
      ].join('\n'),
    );
    // The server serves the same translations before and after (but the dropped message).
    const after = await loadTranslations(join(dir, 'l'), { onWarning: () => {} });
    expect(after.get('fr_FR').translate('Hello')).toBe('Salut');
    expect(after.get('fr_FR').translate('Save')).toBe('Sauver');
  });

  it('goes on past a broken catalog, names it, exits 2', async () => {
    const { dir, cleanup } = makeDir({
      'l/de.po': 'msgid "Hello"\nmsgstr "Hallo\n',
      'l/fr_FR.csv': CSV,
      't.pot': POT,
    });
    dirs.push(cleanup);
    const io = memoryIo(dir);
    expect(await run(['update', 't.pot', 'l'], io)).toBe(2);
    expect(io.stderr.split('\n')[0]).toMatch(/^localekit: l\/de.po:2: /);
    expect(io.stderr).toContain('localekit: 1 of 2 catalogs not updated (left as they were)\n');
    expect(io.stdout).toBe('l/fr_FR.csv: 1 added, 1 dropped, 2 kept\n');
    expect(readFileSync(join(dir, 'l/de.po'), 'utf8')).toBe('msgid "Hello"\nmsgstr "Hallo\n');
  });
});

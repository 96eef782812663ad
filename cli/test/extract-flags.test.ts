import { execFileSync } from 'node:child_process';
import { parsePoDocument } from 'localekit/formats';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDir } from '../../test/helpers/tmp.js';
import { extractMessages, formatPot } from '../src/extract.js';
import { javascriptDirectives, readNotes } from '../src/extract-flags.js';

// Strings at the edges of GNU's JavaScript format-string grammar.
const FORMAT_STRINGS = [
  'Hello %s',
  '%d items',
  '%(name)s items',
  '{name} items',
  '100% sure',
  '100%% sure',
  '%1$s and %2$s',
  '%2$s then %1$s',
  '%1$s and %s',
  '%1$s and %1$d',
  '%0$s',
  'Ratio %.2f',
  'Ratio %.f',
  'Cut %.',
  'Hash %#d',
  'Star %*d',
  'Length %ld',
  'Pad %-5d|%05d|%+d|%Id',
  'Any %j, binary %b, hex %x %X, octal %o, char %c',
  'Unknown %i',
  'Object %o %O',
  'Ends with %',
  'Width %10s',
  'No directive at all',
];

const SCRIPT = `${FORMAT_STRINGS.map((s) => `_(${JSON.stringify(s)});`).join('\n')}
// xgettext:no-javascript-format
_('Not %s a format');
// xgettext:python-format
_('Py %(name)s');
// xgettext:no-c-format
_('C %d');
/* xgettext: no-wrap */
_('A long message that is not wrapped because a comment said so, even past column seventy-nine');
// TRANSLATORS: the count of results
// xgettext:range: 0..10
_('Ranged %d', 'Ranged plural %d', n);
// xgettext:javascript-format
_('Declared');
// xgettext:no-wrap range: 0..5 python-format
_('All three %d');
// xgettext:range: 3..1 unknown-format fuzzy
_('Ignored specials');
// TRANSLATORS: before
// see xgettext:no-wrap here
// after
_('Flag line in the middle');
// Note TRANSLATORS: prefixed
// Note second
// third
_('Prefixed');
_('One %d', 'Bad %', n);
_('Plain', 'Plain %d', n);
_('Sing %(x)s', 'Plu %s', n);
_('Dup %s');
// xgettext:no-javascript-format
_('Dup %s');
// xgettext:range: 1..2
_('Widened');
// xgettext:range: 5..9
_('Widened');
`;

const { dir, cleanup } = makeDir({ 'flags.js': SCRIPT });
afterAll(cleanup);

const entries = (pot: string) =>
  parsePoDocument(pot).entries.map((e) => ({
    msgid: e.msgid,
    msgidPlural: e.msgidPlural,
    references: e.references,
    comments: e.extractedComments,
    flags: e.flags,
  }));

describe('extract: #, flags as xgettext writes them', () => {
  const oracle = execFileSync(
    'xgettext',
    [
      '--language=JavaScript',
      '--keyword=_',
      '--keyword=_:1,2',
      '--add-comments=TRANSLATORS:',
      '-o',
      '-',
      'flags.js',
    ],
    { cwd: dir, encoding: 'utf8' },
  );

  it('javascript-format, xgettext: comments, tag prefixes: every entry equal to xgettext', async () => {
    const ours = await extractMessages(['flags.js'], { cwd: dir });
    const expected = entries(oracle);
    expect(entries(formatPot(ours.messages))).toEqual(expected);
    expect(expected).toHaveLength(FORMAT_STRINGS.length + 15);
  });

  it('the file is byte for byte what xgettext writes (no-wrap entries included)', async () => {
    const ours = await extractMessages(['flags.js'], { cwd: dir });
    const pot = formatPot(ours.messages);
    expect(pot).toBe(
      oracle
        .replace(/"POT-Creation-Date: .*\\n"\n/, '')
        .replace('charset=CHARSET', 'charset=UTF-8'),
    );
    expect(pot).toContain(
      '#, no-wrap\nmsgid "A long message that is not wrapped because a comment said so, even past column seventy-nine"\n',
    );
    expect(pot).toContain('#, python-format, javascript-format, range: 0..5, no-wrap\n');
    expect(pot).toContain('#: flags.js:57 flags.js:59\n#, range: 1..9\nmsgid "Widened"');
  });

  it('counts directives as GNU format-javascript.c (0.21) does', () => {
    expect(FORMAT_STRINGS.map((s) => [s, javascriptDirectives(s)])).toEqual([
      ['Hello %s', 1],
      ['%d items', 1],
      ['%(name)s items', undefined],
      ['{name} items', 0],
      ['100% sure', 1],
      ['100%% sure', 1],
      ['%1$s and %2$s', 2],
      ['%2$s then %1$s', 2],
      ['%1$s and %s', undefined],
      ['%1$s and %1$d', undefined],
      ['%0$s', undefined],
      ['Ratio %.2f', 1],
      ['Ratio %.f', 1],
      ['Cut %.', undefined],
      ['Hash %#d', undefined],
      ['Star %*d', undefined],
      ['Length %ld', undefined],
      ['Pad %-5d|%05d|%+d|%Id', 4],
      ['Any %j, binary %b, hex %x %X, octal %o, char %c', 6],
      ['Unknown %i', undefined],
      ['Object %o %O', undefined],
      ['Ends with %', undefined],
      ['Width %10s', 1],
      ['No directive at all', 0],
    ]);
  });

  it('reads a comment block: flag lines out, the tag prefix cut, trailing blank lines dropped', () => {
    const notes = readNotes(
      ['// keep out', '** TRANSLATORS: first', '** second', 'xgettext: no-wrap', 'third', '', ''],
      'TRANSLATORS:',
    );
    expect(notes.comments).toEqual(['TRANSLATORS: first', 'second', 'third']);
    expect(notes.wrap).toBe(false);
    expect([...notes.formats]).toEqual([]);
  });
});

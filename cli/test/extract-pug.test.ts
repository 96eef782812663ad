import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { extractMessages, formatPot } from '../src/extract.js';
import { parsePoDocument } from 'localekit/formats';
import { makeDir } from '../../test/helpers/tmp.js';

// Pug block comments: `//` or `//-` followed by more deeply indented lines are one comment.
const VIEW = `//- TRANSLATORS: first line
  second line
    deeper line
h1= _('Multi one')
div
  //-
    TRANSLATORS: the whole block
    is indented under the marker
  p= _('Multi two')
  // TRANSLATORS: a buffered comment
     spans two lines
  p(title=_('Multi three'))
//- not for translators
  TRANSLATORS: starts on the second line
p= _('Multi four')
//- TRANSLATORS: a */ inside

  after a blank line
p= _('Multi five')
//- TRANSLATORS: one line, as before
p= _('Multi six')
//- TRANSLATORS: too far away
  from the message

p= _('Multi seven')
`;

// The same comments as JavaScript line comments, for GNU xgettext.
const SCRIPT = `// TRANSLATORS: first line
// second line
// deeper line
_('Multi one');

// TRANSLATORS: the whole block
// is indented under the marker
_('Multi two');
// TRANSLATORS: a buffered comment
// spans two lines
_('Multi three');
// not for translators
// TRANSLATORS: starts on the second line
_('Multi four');
// TRANSLATORS: a */ inside
//
// after a blank line
_('Multi five');
// TRANSLATORS: one line, as before
_('Multi six');
`;

const { dir, cleanup } = makeDir({ 'views/multi.pug': VIEW, 'src/multi.js': SCRIPT });
afterAll(cleanup);

describe('extract: multi-line Pug comments', () => {
  it('keeps every line of a // or //- block comment, one #. line each', async () => {
    const { messages } = await extractMessages(['views'], { cwd: dir });
    expect(messages.map((m) => [m.msgid, m.comments])).toEqual([
      ['Multi one', ['TRANSLATORS: first line', 'second line', 'deeper line']],
      ['Multi two', ['TRANSLATORS: the whole block', 'is indented under the marker']],
      ['Multi three', ['TRANSLATORS: a buffered comment', 'spans two lines']],
      ['Multi four', ['TRANSLATORS: starts on the second line']],
      ['Multi five', ['TRANSLATORS: a */ inside', '', 'after a blank line']],
      ['Multi six', ['TRANSLATORS: one line, as before']],
      ['Multi seven', []],
    ]);
    const pot = formatPot(messages);
    expect(pot).toContain(
      '#. TRANSLATORS: first line\n#. second line\n#. deeper line\n#: views/multi.pug:4\nmsgid "Multi one"\n',
    );
    expect(pot).toContain(
      '#. TRANSLATORS: a */ inside\n#.\n#. after a blank line\n#: views/multi.pug:19\n',
    );
  });

  it('gives the same #. lines as xgettext gives for the same comments in JavaScript', async () => {
    const { messages } = await extractMessages(['views'], { cwd: dir });
    const oracle = execFileSync(
      'xgettext',
      ['--language=JavaScript', '--add-comments=TRANSLATORS:', '-o', '-', 'src/multi.js'],
      { cwd: dir, encoding: 'utf8' },
    );
    const expected = parsePoDocument(oracle).entries.map((e) => [e.msgid, e.extractedComments]);
    expect(expected).toHaveLength(6);
    // "Multi seven" is left out: a blank line before the message ends a Pug comment's reach, as
    // for one-line comments (and Nunjucks and Handlebars ones); xgettext reads on across it.
    expect(messages.slice(0, 6).map((m) => [m.msgid, m.comments])).toEqual(expected);
    // The #. lines themselves, as xgettext writes them ("#." alone for an empty line).
    const dots = (text: string) => text.split('\n').filter((l) => l.startsWith('#.'));
    expect(dots(formatPot(messages.slice(0, 6)))).toEqual(dots(oracle));
  });
});

// Unbuffered code that opens a block on one `-` line and closes it on another, as pug allows
// (its code generator joins the lines into one function and wraps indented children in braces).
const CODE_BLOCKS = `ul
  - for (let i = 0; i < items.length; i++) {
    li= _('Item')
  - }
- if (user) {
  p= _('Hello, {name}', { name: user.name })
- } else {
  //- TRANSLATORS: shown to visitors
  p= _('Hello, guest')
- }
- if (cart.length)
  p= _('One item', '{count} items', cart.length)
- else
  p(title=_('Empty cart'))= _('Your cart is empty')
-
  const labels = [
    _('First label'),
    _('Second label'),
  ];
- list.forEach(function (x) {
  span= x
- })
each item in items
  a(href=item.url)= _('Open')
mixin button(label)
  button= label
+button(_('Save'))
- const total = sum(items) // a line comment after code
`;

describe('extract: Pug code blocks', () => {
  const tree = makeDir({ 'views/blocks.pug': CODE_BLOCKS });
  afterAll(tree.cleanup);

  it('parses - for (...) { ... - } and - if/else blocks; references give the literal line', async () => {
    const result = await extractMessages(['views'], { cwd: tree.dir });
    expect(result.failures).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(
      result.messages.map((m) => [m.msgid, m.msgidPlural ?? null, m.references, m.comments]),
    ).toEqual([
      ['Item', null, ['views/blocks.pug:3'], []],
      ['Hello, {name}', null, ['views/blocks.pug:6'], []],
      ['Hello, guest', null, ['views/blocks.pug:9'], ['TRANSLATORS: shown to visitors']],
      ['One item', '{count} items', ['views/blocks.pug:12'], []],
      ['Empty cart', null, ['views/blocks.pug:14'], []],
      ['Your cart is empty', null, ['views/blocks.pug:14'], []],
      ['First label', null, ['views/blocks.pug:17'], []],
      ['Second label', null, ['views/blocks.pug:18'], []],
      ['Open', null, ['views/blocks.pug:24'], []],
      ['Save', null, ['views/blocks.pug:27'], []],
    ]);
  });

  it('an unbalanced block is a syntax error at the template line, not a crash', async () => {
    const bad = makeDir({ 'v/x.pug': "p= _('Before')\n- for (const x of xs) {\n  li= x\n" });
    try {
      const result = await extractMessages(['v'], { cwd: bad.dir });
      expect(result.failures.map((f) => `${f.file}:${f.line}`)).toEqual(['v/x.pug:3']);
      expect(result.messages).toEqual([]);
    } finally {
      bad.cleanup();
    }
  });
});

// Every construct of pug that carries JavaScript, in one template pug compiles.
const CONSTRUCTS = `doctype html
html(lang=lang)
  head
    title= _('Title')
  body
    unless user
      p= _('Unless')
    else if admin
      p= _('Else if')
    case kind
      when 'a'
        p= _('Case a')
      default
        p= _('Default')
    - var n = 0
    while n < 2
      - n++
      span= _('While')
    p #{_('Interp a')} and !{_('Interp b')} #[strong= _('Tag interp')]
    a(
      href=\`/x/\${id}\`
      title=_('Multi-line attr')
      data-x={ a: _('In object') }
    )= _('Link text')
    input(placeholder=_('Placeholder'))&attributes({ 'aria-label': _('Aria') })
    +card(_('Card title'))(class='big')
    script.
      var x = _('Not extracted: script text');
    p
      | Piped #{_('Piped interp')}
`;

describe('extract: every Pug construct that carries JavaScript', () => {
  const tree = makeDir({ 'views/all.pug': CONSTRUCTS });
  afterAll(tree.cleanup);

  it('pug compiles the template, and each message is found at its line', async () => {
    const pug = await import('pug');
    expect(typeof pug.compile(CONSTRUCTS)).toBe('function');
    const result = await extractMessages(['views'], { cwd: tree.dir });
    expect(result.failures).toEqual([]);
    expect(result.messages.map((m) => `${m.references.join(' ')} ${m.msgid}`)).toEqual([
      'views/all.pug:4 Title',
      'views/all.pug:7 Unless',
      'views/all.pug:9 Else if',
      'views/all.pug:12 Case a',
      'views/all.pug:14 Default',
      'views/all.pug:18 While',
      'views/all.pug:19 Interp a',
      'views/all.pug:19 Interp b',
      'views/all.pug:19 Tag interp',
      'views/all.pug:22 Multi-line attr',
      'views/all.pug:23 In object',
      'views/all.pug:24 Link text',
      'views/all.pug:25 Placeholder',
      'views/all.pug:25 Aria',
      'views/all.pug:26 Card title',
      'views/all.pug:30 Piped interp',
    ]);
  });
});

import { execFileSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { parsePoDocument } from 'localekit/formats';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDir } from '../../test/helpers/tmp.js';
import { extractMessages, formatPot, parseTemplateExt } from '../src/extract.js';
import { memoryIo } from '../src/io.js';
import { run } from '../src/program.js';

// A NestJS controller and service as such apps are written: legacy decorators on classes,
// methods and constructor/method parameters, `#private` members, `accessor`, `satisfies`,
// import attributes, `await using`. Stored as .txt so that tsc does not type-check it.
const NEST = readFileSync(
  path.join(import.meta.dirname, 'fixtures/nest/orders.controller.ts.txt'),
  'utf8',
);

const XGETTEXT_KEYWORDS = [
  '--keyword=_',
  '--keyword=_:1,2',
  '--keyword=_html',
  '--keyword=_html:1,2',
  '--keyword=translate',
  '--keyword=translate:1,2',
  '--keyword=pgettext:1c,2',
  '--keyword=pgettext:1c,2,3',
];

function xgettext(cwd: string, files: readonly string[]): string {
  return execFileSync(
    'xgettext',
    [
      '--language=JavaScript',
      '--from-code=UTF-8',
      ...XGETTEXT_KEYWORDS,
      '--add-comments=TRANSLATORS:',
      '-o',
      '-',
      ...files,
    ],
    { cwd, encoding: 'utf8' },
  );
}

/** Every field xgettext writes for an entry. */
const fields = (pot: string) =>
  parsePoDocument(pot).entries.map((e) => ({
    msgctxt: e.msgctxt,
    msgid: e.msgid,
    msgidPlural: e.msgidPlural,
    references: e.references,
    comments: e.extractedComments,
    flags: e.flags,
  }));

const withoutDate = (pot: string) =>
  pot.replace(/"POT-Creation-Date: .*\\n"\n/, '').replace('charset=CHARSET', 'charset=UTF-8');

const { dir, cleanup } = makeDir({
  'nest/orders.controller.ts': NEST,
  // TC39 decorators (TypeScript 5 without experimentalDecorators), with accessors.
  'tc39/widget.ts': `export @Component({ selector: 'app-widget' }) class Widget {
  @Input() accessor title = _('Widget title');
  @HostListener('click') static accessor clicks = 0;
}
@sealed
export default class Other {
  greet = () => _('TC39 greeting');
}
`,
  // Angular-style component with a parameter decorator and an inline template.
  // \`@roles.for('admin').guard\` (a member after a call) is legacy-only: TC39 wants parentheses.
  'angular/profile.component.ts': `import { Component, Inject, Optional } from '@angular/core';
@roles.for('admin').guard
@Component({
  selector: 'app-profile',
  standalone: true,
  template: '<h1>{{ title }}</h1>',
})
export class ProfileComponent {
  @Input() @roles.for('editor').field readonly title = this.locale._('Your profile');
  constructor(@Optional() @Inject(LOCALE) private readonly locale: Locale) {}
}
`,
  'react/Cart.tsx': `import type { FC } from 'react';
export const Cart: FC<{ n: number }> = ({ n }) => (
  <section aria-label={_('Cart')}>
    {_('One item', '{count} items', n)}
    <Trans tags={['strong']}>{_('Read the <strong>terms</strong>', {}, ['strong'])}</Trans>
  </section>
);
const pick = <T,>(xs: T[]) => xs[0];
`,
  'modern/module.mjs': `import config from './config.json' with { type: 'json' };
import legacy from './legacy.json' assert { type: 'json' };
const data = await load();
class Store {
  #items = [];
  static #count = 0;
  static { Store.#count = 1; }
  has(x) { return #items in this && this.#items.includes(x); }
}
{
  using handle = open();
  await using conn = await connect();
  console.log(_('Modern JavaScript'), data?.x ?? 0n);
}
`,
});
afterAll(cleanup);

describe('extract: the syntax current JS/TS projects use', () => {
  it('a NestJS controller and service: the same entries, flags and bytes as xgettext', async () => {
    const ours = await extractMessages(['nest'], { cwd: dir });
    expect(ours.failures).toEqual([]);
    expect(ours.warnings).toEqual([]);
    const pot = formatPot(ours.messages);
    const oracle = xgettext(dir, ['nest/orders.controller.ts']);
    expect(fields(pot)).toEqual(fields(oracle));
    expect(fields(pot).map((e) => [e.msgid, e.references, e.flags])).toEqual([
      ['Open', ['nest/orders.controller.ts:29'], []],
      ['Shipped', ['nest/orders.controller.ts:30'], []],
      ['One item in your order', ['nest/orders.controller.ts:44'], []],
      ['Order %d not found', ['nest/orders.controller.ts:52'], ['javascript-format']],
      ['Your order', ['nest/orders.controller.ts:69'], []],
      ['Read the <a href="/help">help</a>', ['nest/orders.controller.ts:79'], []],
      [
        'A rather long confirmation message that is written over several source lines',
        ['nest/orders.controller.ts:90'],
        [],
      ],
    ]);
    expect(pot).toBe(withoutDate(oracle));
  });

  it('TC39 decorators, Angular parameter decorators, TSX, class fields, using, import attributes', async () => {
    const ours = await extractMessages(['tc39', 'angular', 'react', 'modern'], { cwd: dir });
    expect(ours.failures).toEqual([]);
    expect(ours.warnings).toEqual([]);
    expect(ours.messages.map((m) => [m.msgid, m.msgidPlural, m.references])).toEqual([
      ['Your profile', undefined, ['angular/profile.component.ts:9']],
      ['Modern JavaScript', undefined, ['modern/module.mjs:13']],
      ['Cart', undefined, ['react/Cart.tsx:3']],
      ['One item', '{count} items', ['react/Cart.tsx:4']],
      ['Read the <strong>terms</strong>', undefined, ['react/Cart.tsx:5']],
      ['Widget title', undefined, ['tc39/widget.ts:2']],
      ['TC39 greeting', undefined, ['tc39/widget.ts:7']],
    ]);
  });

  it('a literal message with more arguments is extracted as xgettext extracts it', async () => {
    const { dir: d, cleanup: done } = makeDir({
      'args.js': `_('Literal', {}, ['strong']);
_('With values', { name });
locale._('Values and tags', { n: 1 }, ['em'], 3);
_('Computed plural', plural, n);
_('Number second', 2, n);
pgettext('menu', 'Open', {}, ['b']);
_(message, {});
`,
    });
    try {
      const ours = await extractMessages(['args.js'], { cwd: d });
      expect(fields(formatPot(ours.messages))).toEqual(fields(xgettext(d, ['args.js'])));
      expect(ours.messages.map((m) => m.msgid)).toEqual([
        'Literal',
        'With values',
        'Values and tags',
        'Computed plural',
        'Number second',
        'Open',
      ]);
      // Only what could have been a string is reported; `_(message)` is left out, as xgettext does.
      expect(ours.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
        '4: non-literal plural argument to _(); "Computed plural" extracted without msgid_plural',
        '7: non-literal argument to _()',
      ]);
    } finally {
      done();
    }
  });
});

describe('extract: a tree with a broken file', () => {
  const tree = makeDir({
    'src/a.ts': "@Injectable()\nexport class A { m() { return _('From a'); } }\n",
    'src/broken.ts': "export class B {\n  m() {\n    return _('Lost';\n  }\n}\n",
    'src/c.js': "_('From c');\n",
    'views/page.pug': "- for (const x of xs) {\n  p= _('From pug')\n- }\n",
    'views/bad.njk': '{% if %}\n',
  });
  afterAll(tree.cleanup);

  it('names each broken file at file:line and extracts everything else', async () => {
    const result = await extractMessages(['src', 'views'], { cwd: tree.dir });
    expect(result.failures.map((f) => `${f.file}:${f.line}`)).toEqual([
      'src/broken.ts:3',
      'views/bad.njk:1',
    ]);
    expect(result.failures[0]?.message).toBe('Unexpected token, expected ","');
    expect(result.messages.map((m) => [m.msgid, m.references])).toEqual([
      ['From a', ['src/a.ts:2']],
      ['From c', ['src/c.js:1']],
      ['From pug', ['views/page.pug:2']],
    ]);
  });

  it('the CLI writes the template with the rest, one error line per file, exit status 1', async () => {
    const io = memoryIo(tree.dir);
    expect(await run(['extract', 'src', 'views', '-o', 'out.pot'], io)).toBe(1);
    const pot = readFileSync(path.join(tree.dir, 'out.pot'), 'utf8');
    expect(parsePoDocument(pot).entries.map((e) => e.msgid)).toEqual([
      'From a',
      'From c',
      'From pug',
    ]);
    const lines = io.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'src/broken.ts:3: error: Unexpected token, expected "," (file left out; fix it and run again)',
    );
    expect(lines[1]).toMatch(/^views\/bad\.njk:1: error: nunjucks: /);
    expect(lines[2]).toBe(
      'localekit: 3 messages from 3 files -> out.pot; 2 files left out (errors above)',
    );
    expect(lines).toHaveLength(3);
  });
});

describe('extract: symlinks', () => {
  const outside = makeDir({ 'secret.js': "_('Outside the tree');\n" });
  const tree = makeDir({
    'app/src/main.js': "_('Inside');\n",
    'app/shared/util.js': "_('Shared');\n",
  });
  const app = path.join(tree.dir, 'app');
  symlinkSync(outside.dir, path.join(app, 'src', 'external'));
  symlinkSync(path.join(outside.dir, 'secret.js'), path.join(app, 'src', 'secret.js'));
  symlinkSync(app, path.join(app, 'src', 'loop')); // a directory linking to its ancestor
  symlinkSync('self.js', path.join(app, 'src', 'self.js')); // a link to itself (ELOOP)
  symlinkSync('missing.js', path.join(app, 'src', 'dangling.js'));
  symlinkSync(path.join(app, 'shared'), path.join(app, 'src', 'shared-link'));
  // Sorts before app/shared: the file is still referenced under its own path.
  symlinkSync(path.join(app, 'shared'), path.join(app, 'a-link'));
  symlinkSync(path.join(app, 'src', 'main.js'), path.join(app, 'a-main.js'));
  afterAll(() => {
    tree.cleanup();
    outside.cleanup();
  });

  it('never follow a link out of the tree; report loops and broken links; read a file once, under its own path', async () => {
    const result = await extractMessages(['app'], { cwd: tree.dir });
    expect(result.messages.map((m) => [m.msgid, m.references])).toEqual([
      ['Shared', ['app/shared/util.js:1']],
      ['Inside', ['app/src/main.js:1']],
    ]);
    expect(result.failures).toEqual([]);
    expect(result.warnings.map((w) => `${w.file}: ${w.message}`)).toEqual([
      'app/src/dangling.js: broken symlink, not followed',
      `app/src/external: symlink to ${outside.dir}, outside app; not followed`,
      'app/src/loop: symlink loop (back to app), not followed',
      `app/src/secret.js: symlink to ${path.join(outside.dir, 'secret.js')}, outside app; not followed`,
      'app/src/self.js: symlink loop, not followed',
    ]);
  });

  it('the CLI reports them as warnings and exits 0', async () => {
    const io = memoryIo(tree.dir);
    expect(await run(['extract', 'app', '-o', 'out.pot'], io)).toBe(0);
    expect(io.stderr).toContain('app/src/self.js: warning: symlink loop, not followed\n');
    expect(io.stderr).toContain('localekit: 2 messages from 2 files -> out.pot\n');
  });
});

describe('extract: --template-ext', () => {
  const tree = makeDir({
    'views/index.html': '{# TRANSLATORS: page title #}\n<h1>{{ _("Nunjucks in .html") }}</h1>\n',
    'views/mail.handlebars': '<p>{{_html "Read the <a href=\\"/terms\\">terms</a>"}}</p>\n',
  });
  afterAll(tree.cleanup);

  it('parses EXT=ENGINE, with the engine package names as aliases', () => {
    expect(parseTemplateExt('html=njk')).toEqual(['.html', 'njk']);
    expect(parseTemplateExt('.HTML=nunjucks')).toEqual(['.html', 'njk']);
    expect(parseTemplateExt('handlebars=handlebars')).toEqual(['.handlebars', 'hbs']);
    expect(() => parseTemplateExt('html')).toThrow(/invalid --template-ext "html"/);
    expect(() => parseTemplateExt('html=twig')).toThrow(/engines: ejs, pug, njk/);
  });

  it('reads .html as Nunjucks and .handlebars as Handlebars; _html is a default keyword', async () => {
    const io = memoryIo(tree.dir);
    const argv = ['extract', 'views', '-o', 'out.pot', '--template-ext', 'html=njk'];
    expect(await run([...argv, '--template-ext', 'handlebars=hbs'], io)).toBe(0);
    const entries = parsePoDocument(readFileSync(path.join(tree.dir, 'out.pot'), 'utf8')).entries;
    expect(entries.map((e) => [e.msgid, e.references, e.extractedComments])).toEqual([
      ['Nunjucks in .html', ['views/index.html:2'], ['TRANSLATORS: page title']],
      ['Read the <a href="/terms">terms</a>', ['views/mail.handlebars:1'], []],
    ]);
    // Without the option the walk does not look at .html files at all.
    const plain = memoryIo(tree.dir);
    expect(await run(['extract', 'views', '-o', 'plain.pot'], plain)).toBe(0);
    expect(plain.stderr).toBe('localekit: 0 messages from 0 files -> plain.pot\n');
  });

  it('a bad value is a usage error (exit 2), nothing written', async () => {
    const io = memoryIo(tree.dir);
    expect(
      await run(['extract', 'views', '-o', 'bad.pot', '--template-ext', 'html=twig'], io),
    ).toBe(2);
    expect(io.stderr).toContain('invalid --template-ext "html=twig"');
    expect(() => readFileSync(path.join(tree.dir, 'bad.pot'))).toThrow(/ENOENT/);
  });
});

describe('extract: templates at the edges of what their engines accept', () => {
  const EJS = `<%% not code %%>
<% if (user) { -%>
  <p><%= _('EJS hello') %></p>
<% } else { _%>
  <%- include('partial', { title: _('EJS include title') }) %>
<% } %>
<%_ const x = _('EJS slurp') _%>
<%# TRANSLATORS: ejs note %>
<%= _(\`EJS template\`) %>
`;
  const NJK = `{% raw %}{{ _("Raw not extracted") }}{% endraw %}
{% set title = _("Njk set") %}
{{- _("Njk trimmed") | upper -}}
{% macro field(label=_("Njk default arg")) %}{{ label }}{% endmacro %}
{% call field() %}{{ _("Njk in call") }}{% endcall %}
{% if x %}{{ pgettext("ctx", "Njk ctx") }}{% elif y %}{{ _("Njk elif") }}{% endif %}
{% for i in items %}{{ _("One njk", "{count} njks", loop.length) }}{% else %}{{ _("Njk empty") }}{% endfor %}
{{ _("Njk kw", name=user) }}
`;
  const HBS = `{{{{raw}}}} {{_ "Raw hbs not extracted"}} {{{{/raw}}}}
\\{{_ "Escaped not extracted"}}
{{> partial title=(_ "Hbs partial title")}}
{{~_ "Hbs trimmed"~}}
{{#each items as |item|}}{{_ "Hbs in each"}}{{else}}{{_ "Hbs empty"}}{{/each}}
{{!-- TRANSLATORS: hbs note --}}
{{_html "Hbs <b>html</b>" name=user}}
{{#if (eq a (_ "Hbs nested"))}}x{{/if}}
`;
  const tree = makeDir({ 'v/a.ejs': EJS, 'v/b.njk': NJK, 'v/c.hbs': HBS });
  afterAll(tree.cleanup);

  it('each engine accepts its template', async () => {
    const ejs = await import('ejs');
    const nunjucks = await import('nunjucks');
    const handlebars = await import('handlebars');
    expect(typeof ejs.compile(EJS, { client: true })).toBe('function');
    expect(
      nunjucks.compile(NJK).render({ _: (s: string) => s, pgettext: () => '', items: [] }),
    ).toContain('{{ _("Raw not extracted") }}');
    expect(typeof handlebars.default.precompile(HBS)).toBe('string');
  });

  it('extracts what the engine would call, nothing from raw or escaped blocks', async () => {
    const result = await extractMessages(['v'], { cwd: tree.dir });
    expect(result.failures).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(
      result.messages.map((m) => [m.msgctxt ?? null, m.msgid, m.references[0], m.comments]),
    ).toEqual([
      [null, 'EJS hello', 'v/a.ejs:3', []],
      [null, 'EJS include title', 'v/a.ejs:5', []],
      [null, 'EJS slurp', 'v/a.ejs:7', []],
      [null, 'EJS template', 'v/a.ejs:9', ['TRANSLATORS: ejs note']],
      [null, 'Njk set', 'v/b.njk:2', []],
      [null, 'Njk trimmed', 'v/b.njk:3', []],
      [null, 'Njk default arg', 'v/b.njk:4', []],
      [null, 'Njk in call', 'v/b.njk:5', []],
      ['ctx', 'Njk ctx', 'v/b.njk:6', []],
      [null, 'Njk elif', 'v/b.njk:6', []],
      [null, 'One njk', 'v/b.njk:7', []],
      [null, 'Njk empty', 'v/b.njk:7', []],
      [null, 'Njk kw', 'v/b.njk:8', []],
      [null, 'Hbs partial title', 'v/c.hbs:3', []],
      [null, 'Hbs trimmed', 'v/c.hbs:4', []],
      [null, 'Hbs in each', 'v/c.hbs:5', []],
      [null, 'Hbs empty', 'v/c.hbs:5', []],
      [null, 'Hbs <b>html</b>', 'v/c.hbs:7', ['TRANSLATORS: hbs note']],
      [null, 'Hbs nested', 'v/c.hbs:8', []],
    ]);
  });
});

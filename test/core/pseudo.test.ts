import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LocaleKitError, loadTranslations } from '../../src/index.js';
import { parsePoDocument } from '../../src/formats/po.js';
import {
  PSEUDO_EXPANSION,
  pseudoAccented,
  pseudoBidi,
  splitMessage,
} from '../../src/core/pseudo.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const LOCALES = path.join(ROOT, 'locales');
const RLM = '\u200f';
const RLO = '\u202e';
const PDF = '\u202c';

/** Every msgid and msgid_plural of the demo's template. */
const DEMO_MESSAGES = parsePoDocument(readFileSync(path.join(ROOT, 'examples', 'messages.pot')))
  .entries.filter((e) => !e.obsolete)
  .flatMap((e) => (e.msgidPlural === undefined ? [e.msgid] : [e.msgid, e.msgidPlural]));

/** Messages with every kind of thing that must survive: tags, entities, ICU, Python, quoting. */
const HARD_MESSAGES = [
  'Hello, <b>%(name)s</b>! You have %(count)d new messages &amp; 100%% more.',
  '<a href="/cart?n=2" class="x">Your cart</a> has {count, plural, =0 {no items} one {# item} other {# items}}.',
  '{gender, select, female {She invited {guest}} male {He invited {guest}} other {They invited {guest}}}',
  'Posted on {when, date, long} at {when, time, short}; {n, number} views',
  "It's '{literal}' text, isn''t it, {name}?",
  '%(ratio).1f%% done',
];

const PYTHON = /%(?:\([^)]*\)[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGo]|%)/g;
const TAGS = /<\/?[A-Za-z][^<>]*>|&[#\w]+;/g;

const ACCENTS = new Map(
  [...'åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'].map((c, i) => [
    c,
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'[i]!,
  ]),
);
const unaccent = (s: string): string => [...s].map((c) => ACCENTS.get(c) ?? c).join('');
const FILLER = /(?: (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))+\]$/;

function icuArguments(message: string): string[] {
  const ast = new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).getAst();
  const names: string[] = [];
  const visit = (nodes: readonly unknown[]): void => {
    for (const node of nodes as { type: number; value?: string; options?: object }[]) {
      if (node.type !== 0 && typeof node.value === 'string')
        names.push(`${node.type}:${node.value}`);
      for (const option of Object.values(node.options ?? {}) as { value: unknown[] }[])
        visit(option.value);
    }
  };
  visit(ast);
  return names.sort();
}

describe('pseudoAccented (en-XA)', () => {
  it('accents letters, keeps the rest, adds about 35 % of filler words, wraps in [ ]', () => {
    expect(pseudoAccented('Hello!')).toBe('[Ĥéļļö! one]');
    expect(pseudoAccented('Served by process %(pid)s.')).toBe(
      '[Šéŕṽéð ƀý þŕöçéšš %(pid)s. one two]',
    );
    expect(pseudoAccented('')).toBe('[]');
  });

  it.each([...DEMO_MESSAGES, ...HARD_MESSAGES])(
    'keeps the placeholders and tags of %j',
    (message) => {
      const pseudo = pseudoAccented(message);
      expect(pseudo.match(PYTHON) ?? []).toEqual(message.match(PYTHON) ?? []);
      expect(pseudo.match(TAGS) ?? []).toEqual(message.match(TAGS) ?? []);
      if (!message.includes('%(') && message.includes('{')) {
        expect(icuArguments(pseudo)).toEqual(icuArguments(message));
      }
      // Nothing else changed: undo the accents, the filler and the brackets to get it back.
      expect(unaccent(pseudo).replace(FILLER, ']')).toBe(`[${message}]`);
    },
  );

  it('expands the demo messages by about 35 % (measured over every msgid and plural)', () => {
    const chars = (s: string) => [...s].length;
    const source = DEMO_MESSAGES.reduce((n, m) => n + chars(m), 0);
    const pseudo = DEMO_MESSAGES.reduce((n, m) => n + chars(pseudoAccented(m)) - 2, 0);
    const ratio = pseudo / source;
    const withBrackets = (pseudo + 2 * DEMO_MESSAGES.length) / source;
    console.log(
      `en-XA expansion over ${DEMO_MESSAGES.length} demo texts: ${source} -> ${pseudo} characters, x${ratio.toFixed(3)} (x${withBrackets.toFixed(3)} with the brackets)`,
    );
    expect(PSEUDO_EXPANSION).toBe(0.35);
    // Placeholders are not lengthened and the filler is whole words, so it is near, not at, 35 %.
    expect(ratio).toBeGreaterThan(1.3);
    expect(ratio).toBeLessThan(1.4);
  });
});

describe('pseudoBidi (ar-XB)', () => {
  it('wraps each word and placeholder in RLM RLO … PDF RLM, as Android does', () => {
    const w = (s: string) => RLM + RLO + s + PDF + RLM;
    expect(pseudoBidi('Hello world')).toBe(`${w('Hello')} ${w('world')}`);
    expect(pseudoBidi('Served by process %(pid)s.')).toBe(
      `${w('Served')} ${w('by')} ${w('process')} ${w('%(pid)s')}${w('.')}`,
    );
    expect(pseudoBidi('Hi <b>{name}</b>')).toBe(`${w('Hi')} <b>${w('{name}')}</b>`);
  });

  it.each([...DEMO_MESSAGES, ...HARD_MESSAGES])(
    'keeps the placeholders and tags of %j',
    (message) => {
      const pseudo = pseudoBidi(message);
      if (!message.includes('%(') && message.includes('{')) {
        expect(icuArguments(pseudo)).toEqual(icuArguments(message));
      }
      // Only the bidi controls were added.
      expect(pseudo.replace(/[\u200f\u202e\u202c]/g, '')).toBe(message);
    },
  );
});

describe('splitMessage', () => {
  it('keeps ICU syntax and splits plural sub-messages', () => {
    expect(splitMessage('You have {n, plural, one {# item} other {# items}}!')).toEqual([
      { kind: 'text', text: 'You have ' },
      { kind: 'markup', text: '{n, plural, one ' },
      { kind: 'markup', text: '{' },
      { kind: 'text', text: '# item' },
      { kind: 'markup', text: '}' },
      { kind: 'markup', text: ' other ' },
      { kind: 'markup', text: '{' },
      { kind: 'text', text: '# items' },
      { kind: 'markup', text: '}' },
      { kind: 'markup', text: '}' },
      { kind: 'text', text: '!' },
    ]);
  });

  it('treats braces as text in a Python-formatted message, and keeps an unbalanced brace', () => {
    expect(splitMessage('%(a)s {b}').map((p) => p.kind)).toEqual(['placeholder', 'text']);
    expect(
      splitMessage('oops {n, plural, one {x')
        .map((p) => p.text)
        .join(''),
    ).toBe('oops {n, plural, one {x');
  });
});

describe('loadTranslations({ pseudo })', () => {
  it('adds en_XA and ar_XB, translating through them, reached only by name', async () => {
    const i18n = await loadTranslations(LOCALES, { pseudo: ['en-XA', 'ar-XB'], onWarning() {} });
    expect(i18n.supportedLocales).toContain('en_XA');
    expect(i18n.supportedLocales).toContain('ar_XB');
    const xa = i18n.get('en-XA');
    const xb = i18n.negotiate('ar-XB, en;q=0.5');
    expect([xa.code, xa.tag, xa.dir, xa.nameEn]).toEqual([
      'en_XA',
      'en-XA',
      'ltr',
      'English (Pseudo-Accents)',
    ]);
    expect([xb.code, xb.tag, xb.dir, xb.rtl]).toEqual(['ar_XB', 'ar-XB', 'rtl', true]);
    expect(i18n.find('EN_xa')?.code).toBe('en_XA');
    // Never the closest match of a real language.
    expect(i18n.negotiate('en-GB').code).toBe('en_US');
    expect(i18n.get('en-AU', 'fr').code).toBe('en_US');
    expect(i18n.negotiate('ar-EG').code).toBe('ar');
    const msg = [
      'Your cart contains %(count)d item.',
      'Your cart contains %(count)d items.',
    ] as const;
    // 24 and 25 characters of text: 35 % is 8.4 and 8.75, and " one two" is the nearest.
    expect(xa._(msg[0], msg[1], 1)).toBe('[Ýöûŕ çåŕţ çöñţåîñš 1 îţéɱ. one two]');
    expect(xa._(msg[0], msg[1], 5)).toBe('[Ýöûŕ çåŕţ çöñţåîñš 5 îţéɱš. one two]');
    expect(xa.pgettext('menu', 'Open')).toBe('[Öþéñ]');
    expect(xb._('Hello!')).toBe(`${RLM}${RLO}Hello!${PDF}${RLM}`);
  });

  it('is validated', async () => {
    await expect(loadTranslations(LOCALES, { pseudo: ['en-XB' as 'en-XA'] })).rejects.toThrow(
      /unknown pseudo-locale "en-XB"/,
    );
    await expect(
      loadTranslations(LOCALES, { pseudo: 'en-XA' as unknown as ['en-XA'] }),
    ).rejects.toBeInstanceOf(LocaleKitError);
    const plain = await loadTranslations(LOCALES, { onWarning() {} });
    expect(plain.supportedLocales).not.toContain('en_XA');
    expect(plain.find('en-XA')).toBeUndefined();
  });
});

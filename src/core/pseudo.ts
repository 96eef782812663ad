import { LocaleKitError } from '../errors.js';
import type { Catalog } from '../formats/catalog.js';
import type { LocaleMatcher } from '../negotiation/negotiate.js';

/**
 * Pseudo-locales, as Android and Chrome ship them: generated from the source (English) text at
 * lookup time, so every string that goes through `translate`/`_` is visibly "translated" and a
 * hard-coded one stands out.
 *
 * - `en-XA` (accented): every ASCII letter accented, the text lengthened by about 35 % with
 *   filler words, the whole wrapped in `[` `]` — shows truncation, concatenation, fonts.
 * - `ar-XB` (bidi): right to left. As Android's aapt2 does, each word (and each placeholder) is
 *   wrapped in RLM + RLO … PDF + RLM, so the English text is shown mirrored inside an RTL page.
 *
 * Placeholders (`%(name)s`, `%%`, `{name}`, ICU `{n, plural, …}`/`{g, select, …}` structure, `#`),
 * HTML tags and entities are kept byte for byte; only the text around them changes.
 */
export type PseudoLocaleTag = 'en-XA' | 'ar-XB';

/** The pseudo-locale tags `loadTranslations({ pseudo })` accepts, with their locale codes. */
export const PSEUDO_LOCALES: ReadonlyMap<PseudoLocaleTag, string> = new Map([
  ['en-XA', 'en_XA'],
  ['ar-XB', 'ar_XB'],
]);

/** How much longer `en-XA` makes a text, in characters of the text itself. */
export const PSEUDO_EXPANSION = 0.35;

const ACCENTED: ReadonlyMap<string, string> = new Map(
  [
    ...zip('abcdefghijklmnopqrstuvwxyz', 'åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýž'),
    ...zip('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'ÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'),
  ].map(([a, b]) => [a, b] as const),
);

function zip(a: string, b: string): [string, string][] {
  const to = [...b];
  return [...a].map((c, i) => [c, to[i]!]);
}

/** Android's filler: English number words, readable and obviously not translated. */
const FILLER =
  'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'.split(
    ' ',
  );

const RLM = '\u200f';
const RLO = '\u202e';
const PDF = '\u202c';

/** One piece of a message: text to change, or something to keep as it is. */
interface Piece {
  readonly kind: 'text' | 'placeholder' | 'markup';
  readonly text: string;
}

const PYTHON_PLACEHOLDER = /^%(?:\([^)]{0,100}\)[#0 +-]*\d{0,3}(?:\.\d{1,3})?[sdifrxXeEgGo]|%)/;
const TAG = /^<\/?[A-Za-z][^<>]*>/;
const ENTITY = /^&(?:#\d{1,7}|#x[\da-fA-F]{1,6}|[A-Za-z][\dA-Za-z]{1,31});/;

/**
 * Splits a message into text and what must be kept. A text with `%(` is Python-formatted (as
 * the runtime decides): braces are then plain text. Otherwise `{…}` is ICU MessageFormat: a simple
 * argument is a placeholder; in `plural`/`select` the syntax is kept and each `{sub-message}` is
 * split again; ICU quoting (`'{'`, `''`) is kept.
 */
export function splitMessage(message: string): Piece[] {
  const icu = !message.includes('%(') && message.includes('{');
  const pieces: Piece[] = [];
  splitInto(message, 0, message.length, icu, pieces);
  return pieces;
}

function splitInto(s: string, from: number, to: number, icu: boolean, out: Piece[]): void {
  let text = '';
  const keep = (kind: Piece['kind'], t: string): void => {
    if (text !== '') out.push({ kind: 'text', text });
    text = '';
    out.push({ kind, text: t });
  };
  let i = from;
  while (i < to) {
    const c = s[i]!;
    const rest = c === '%' || c === '<' || c === '&' ? s.slice(i, Math.min(to, i + 200)) : '';
    const match =
      c === '%'
        ? PYTHON_PLACEHOLDER.exec(rest)
        : c === '<'
          ? TAG.exec(rest)
          : c === '&'
            ? ENTITY.exec(rest)
            : null;
    if (match) {
      keep(c === '%' ? 'placeholder' : 'markup', match[0]);
      i += match[0].length;
    } else if (icu && c === "'" && (s[i + 1] === "'" || '{}#|'.includes(s[i + 1] ?? 'x'))) {
      // ICU quoting: '' is an apostrophe; '{…' is literal up to the next lone apostrophe.
      let end = i + 1;
      if (s[end] !== "'") {
        while (end < to && s[end] !== "'") end++;
      }
      end = Math.min(end + 1, to);
      keep('markup', s.slice(i, end));
      i = end;
    } else if (icu && c === '{') {
      i = splitArgument(s, i, to, out, (kind, t) => keep(kind, t));
    } else {
      text += c;
      i++;
    }
  }
  if (text !== '') out.push({ kind: 'text', text });
}

/**
 * An ICU argument starting at `open`: `{name}` or `{n, number, …}` is one placeholder;
 * `{n, plural, one {…} other {…}}` keeps its syntax and splits each sub-message. Returns the
 * index after the closing brace (or `to` when unbalanced: the rest is kept as it is).
 */
function splitArgument(
  s: string,
  open: number,
  to: number,
  out: Piece[],
  keep: (kind: Piece['kind'], text: string) => void,
): number {
  let i = open + 1;
  while (i < to && s[i] !== '{' && s[i] !== '}') i++;
  if (i >= to) {
    keep('markup', s.slice(open, to));
    return to;
  }
  if (s[i] === '}') {
    keep('placeholder', s.slice(open, i + 1));
    return i + 1;
  }
  // plural / select / selectordinal: syntax, then sub-messages in braces.
  keep('markup', s.slice(open, i));
  while (i < to && s[i] === '{') {
    const close = matchingBrace(s, i, to);
    if (close < 0) {
      keep('markup', s.slice(i, to));
      return to;
    }
    keep('markup', '{');
    splitInto(s, i + 1, close, true, out);
    keep('markup', '}');
    i = close + 1;
    let j = i;
    while (j < to && s[j] !== '{' && s[j] !== '}') j++;
    if (j > i) keep('markup', s.slice(i, j));
    i = j;
    if (s[i] === '}') {
      keep('markup', '}');
      return i + 1;
    }
  }
  return i;
}

function matchingBrace(s: string, open: number, to: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < to; i++) {
    const c = s[i];
    if (c === "'") {
      if (s[i + 1] === "'") i++;
      else if (quoted || '{}#|'.includes(s[i + 1] ?? 'x')) quoted = !quoted;
    } else if (!quoted && c === '{') depth++;
    else if (!quoted && c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** `en-XA`: accented, about 35 % longer, in `[` `]`. */
export function pseudoAccented(message: string): string {
  let out = '';
  let length = 0;
  for (const piece of splitMessage(message)) {
    if (piece.kind !== 'text') {
      out += piece.text;
      continue;
    }
    for (const c of piece.text) out += ACCENTED.get(c) ?? c;
    length += piece.text.length;
  }
  return `[${out}${filler(length * PSEUDO_EXPANSION)}]`;
}

/**
 * Whole filler words adding the nearest to `chars` characters (a space before each): a text of
 * 20 characters gets 7, one of 3 characters none (the brackets still show its edges).
 */
function filler(chars: number): string {
  let out = '';
  for (let i = 0; ; i++) {
    const next = `${out} ${FILLER[i % FILLER.length]}`;
    if (Math.abs(next.length - chars) >= Math.abs(out.length - chars)) return out;
    out = next;
  }
}

/** `ar-XB`: each word and placeholder forced right to left, as Android's pseudo-bidi. */
export function pseudoBidi(message: string): string {
  let out = '';
  for (const piece of splitMessage(message)) {
    if (piece.kind === 'markup') out += piece.text;
    else if (piece.kind === 'placeholder') out += RLM + RLO + piece.text + PDF + RLM;
    else out += piece.text.replace(/[^ \t\n]+/g, (word) => RLM + RLO + word + PDF + RLM);
  }
  return out;
}

/** The most texts a pseudo catalog remembers; past it they are computed on each lookup. */
const MAX_REMEMBERED = 10_000;

/**
 * A message table that answers every key with its pseudo-localized text. Only `get` is
 * meaningful (it is all `Locale` reads); results are remembered, up to a bound, since keys can
 * come from anywhere.
 */
class PseudoMessages extends Map<string, string> {
  readonly #transform: (message: string) => string;

  constructor(transform: (message: string) => string) {
    super();
    this.#transform = transform;
  }

  override get(key: string): string {
    let text = super.get(key);
    if (text === undefined) {
      text = this.#transform(String(key));
      if (this.size < MAX_REMEMBERED) super.set(key, text);
    }
    return text;
  }
}

const ENGLISH_PLURALS = Object.freeze({
  nplurals: 2,
  index: (n: number) => (n === 1 ? 0 : 1),
  expression: 'n != 1',
});

/**
 * The one catalog of a pseudo-locale. It claims the CSV format so that `Locale` takes the
 * singular for a count of 1 and the plural otherwise, as the English source does, and ignores
 * contexts (the pseudo text of a message is the same in every context).
 */
export function pseudoCatalog(tag: PseudoLocaleTag): Catalog {
  const messages = new PseudoMessages(tag === 'en-XA' ? pseudoAccented : pseudoBidi);
  return Object.freeze({
    format: 'csv',
    file: `<pseudo-locale ${tag}>`,
    messages,
    pluralForms: new Map(),
    pluralIds: new Map(),
    tornadoSingular: messages,
    tornadoPlural: messages,
    categoryForms: new Map(),
    pluralRule: ENGLISH_PLURALS,
    headers: new Map(),
    warnings: [],
  });
}

/** Validates `loadTranslations`' `pseudo` option. @default [] */
export function resolvePseudoOption(value: unknown): readonly PseudoLocaleTag[] {
  if (value === undefined) return Object.freeze([]);
  const valid = [...PSEUDO_LOCALES.keys()];
  if (!Array.isArray(value)) {
    throw new LocaleKitError('E_OPTION', 'pseudo must be an array of pseudo-locale tags', {
      hint: `e.g. pseudo: ['en-XA', 'ar-XB']`,
    });
  }
  const tags = new Set<PseudoLocaleTag>();
  for (const tag of value) {
    if (!PSEUDO_LOCALES.has(tag as PseudoLocaleTag)) {
      throw new LocaleKitError('E_OPTION', `unknown pseudo-locale ${JSON.stringify(tag)}`, {
        hint: `the pseudo-locales are ${valid.join(' and ')}`,
      });
    }
    tags.add(tag as PseudoLocaleTag);
  }
  return Object.freeze([...tags]);
}

function fold(code: string): string {
  return code.trim().toLowerCase().replaceAll('-', '_');
}

/**
 * Negotiation that reaches a pseudo-locale only when it is asked for by name (`?locale=en-XA`,
 * `Accept-Language: en-XA`): `en-GB` must find `en_US`, never the closest-by-subtags `en_XA`.
 */
export function pseudoAwareMatcher(
  all: LocaleMatcher,
  real: LocaleMatcher,
  pseudoCodes: ReadonlySet<string>,
): LocaleMatcher {
  return {
    match(codes) {
      const code = all.match(codes);
      if (!pseudoCodes.has(code)) return code;
      return codes.some((c) => typeof c === 'string' && fold(c) === fold(code))
        ? code
        : real.match(codes);
    },
    negotiate(header) {
      const code = all.negotiate(header);
      if (!pseudoCodes.has(code) || header === undefined) return code;
      const named = header
        .slice(0, 4096)
        .split(',', 64)
        .some((range) => fold(range.split(';', 1)[0]!) === fold(code));
      return named ? code : real.negotiate(header);
    },
  };
}

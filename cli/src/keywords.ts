import { LocaleKitError } from 'localekit';

/**
 * Which arguments of a call are the message parts (1-based, as xgettext's `--keyword` specs):
 * `_` is `{ msgid: 1, plural: 2, autoPlural: true }`; `pgettext:1c,2,3` is
 * `{ context: 1, msgid: 2, plural: 3 }`.
 */
export interface KeywordSpec {
  readonly name: string;
  readonly msgid: number;
  readonly plural?: number;
  readonly context?: number;
  /**
   * The plural argument is optional and told apart by its type: a string literal there is the
   * plural, anything else (`_(msg, { name })`) is a values object. Otherwise a non-literal plural
   * argument is reported.
   */
  readonly autoPlural: boolean;
}

/**
 * localekit's own functions: `_`, `translate`, `pgettext` (also as members, `locale._`), and the
 * Handlebars helper `_html` (`{{_html "Read the <a href=…>terms</a>"}}`, localekit/handlebars).
 */
export const DEFAULT_KEYWORDS: readonly KeywordSpec[] = Object.freeze([
  { name: '_', msgid: 1, plural: 2, autoPlural: true },
  { name: '_html', msgid: 1, plural: 2, autoPlural: true },
  { name: 'translate', msgid: 1, plural: 2, autoPlural: true },
  { name: 'pgettext', context: 1, msgid: 2, plural: 3, autoPlural: true },
]);

/**
 * Parses a `--keyword` value: `NAME` (message in argument 1, an optional string-literal plural in
 * argument 2, like `_`), or an xgettext spec `NAME:1`, `NAME:1,2`, `NAME:1c,2`, `NAME:1c,2,3`.
 */
export function parseKeywordSpec(text: string): KeywordSpec {
  const match = /^([A-Za-z_$][\w$]*)(?::(.*))?$/.exec(text.trim());
  const bad = () =>
    new LocaleKitError('E_USAGE', `invalid --keyword ${JSON.stringify(text)}`, {
      hint: 'use NAME, NAME:1, NAME:1,2 or NAME:1c,2 as xgettext does',
    });
  if (!match) throw bad();
  const name = match[1] as string;
  if (match[2] === undefined) return { name, msgid: 1, plural: 2, autoPlural: true };
  let context: number | undefined;
  const positions: number[] = [];
  for (const part of match[2].split(',')) {
    const m = /^(\d+)(c?)$/.exec(part.trim());
    if (!m) throw bad();
    const n = Number(m[1]);
    if (n < 1) throw bad();
    if (m[2] === 'c') {
      if (context !== undefined) throw bad();
      context = n;
    } else positions.push(n);
  }
  if (positions.length < 1 || positions.length > 2) throw bad();
  const spec: { -readonly [K in keyof KeywordSpec]: KeywordSpec[K] } = {
    name,
    msgid: positions[0] as number,
    autoPlural: false,
  };
  if (positions[1] !== undefined) spec.plural = positions[1];
  if (context !== undefined) spec.context = context;
  return spec;
}

/** Keywords by name; a later spec for the same name replaces an earlier one (`--keyword _:1` narrows `_`). */
export function keywordTable(specs: readonly KeywordSpec[]): ReadonlyMap<string, KeywordSpec> {
  const table = new Map<string, KeywordSpec>();
  for (const spec of specs) table.set(spec.name, spec);
  return table;
}

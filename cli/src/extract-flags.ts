/**
 * The `#,` flags of an extracted message, decided as GNU xgettext 0.21 decides them for
 * `--language=JavaScript`: `javascript-format` when the msgid (or, failing that, the plural) is
 * a valid format string with at least one directive, and whatever an `xgettext:` comment before
 * the message says (`// xgettext:no-javascript-format`, `python-format`, `range: 0..10`,
 * `no-wrap`). See gettext-tools/src/xg-message.c and read-catalog-special.c.
 */

/** xgettext's `enum is_format`, less `undecided` (an absent entry). */
export type FormatState = 'yes' | 'no' | 'possible' | 'impossible';

/**
 * The format languages xgettext 0.21 knows, in the order it writes them on the `#,` line
 * (gettext's `format_language[]`); a name not listed here is ignored in `xgettext:` comments,
 * as xgettext ignores it.
 */
export const FORMAT_LANGUAGES: readonly string[] = Object.freeze([
  'c',
  'objc',
  'python',
  'python-brace',
  'java',
  'java-printf',
  'csharp',
  'javascript',
  'scheme',
  'lisp',
  'elisp',
  'librep',
  'ruby',
  'sh',
  'awk',
  'lua',
  'object-pascal',
  'smalltalk',
  'qt',
  'qt-plural',
  'kde',
  'kde-kuit',
  'boost',
  'tcl',
  'perl',
  'perl-brace',
  'php',
  'gcc-internal',
  'gfc-internal',
  'ycp',
]);

const KNOWN_FORMATS: ReadonlySet<string> = new Set(FORMAT_LANGUAGES);

/** What a comment block before a message says. */
export interface CommentNotes {
  /** `#.` lines: from the line with the tag on, `xgettext:` lines left out. */
  readonly comments: readonly string[];
  readonly formats: ReadonlyMap<string, FormatState>;
  readonly range: readonly [number, number] | undefined;
  readonly wrap: boolean | undefined;
}

export const NO_NOTES: CommentNotes = Object.freeze({
  comments: Object.freeze([]) as readonly string[],
  formats: new Map<string, FormatState>(),
  range: undefined,
  wrap: undefined,
});

/** True when the notes carry anything (a comment that says nothing is not "used up"). */
export function hasNotes(notes: CommentNotes): boolean {
  return (
    notes.comments.length > 0 ||
    notes.formats.size > 0 ||
    notes.range !== undefined ||
    notes.wrap !== undefined
  );
}

interface Special {
  readonly formats: Map<string, FormatState>;
  range: [number, number] | undefined;
  wrap: boolean | undefined;
}

const SEPARATORS = /[\n \t\r\f\v,]+/;
const INT_MAX = 2147483647;

/** gettext's `parse_comment_special` on the text after `xgettext:`. */
function parseSpecial(text: string): Special {
  const result: Special = { formats: new Map(), range: undefined, wrap: undefined };
  const tokens = text.split(SEPARATORS).filter((t) => t !== '');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (token.endsWith('-format')) {
      let name = token.slice(0, -'-format'.length);
      let state: FormatState = 'yes';
      if (name.startsWith('no-')) {
        name = name.slice(3);
        state = 'no';
      } else if (name.startsWith('possible-')) {
        name = name.slice(9);
        state = 'possible';
      } else if (name.startsWith('impossible-')) {
        name = name.slice(11);
        state = 'impossible';
      }
      if (KNOWN_FORMATS.has(name)) {
        result.formats.set(name, state);
        continue;
      }
    }
    if (token === 'range:') {
      const value = tokens[++i] ?? '';
      const m = /^(\d+)\.\.(\d+)/.exec(value);
      if (m) {
        const min = Math.min(Number(m[1]), INT_MAX);
        const max = Math.min(Number(m[2]), INT_MAX);
        if (min <= max) result.range = [min, max];
      }
      continue;
    }
    if (token === 'wrap') result.wrap = true;
    else if (token === 'no-wrap') result.wrap = false;
    // Anything else (fuzzy, syntax checks, a future keyword) is ignored, as xgettext 0.21 does.
  }
  return result;
}

/**
 * Reads a comment block as xgettext's `remember_a_message` does: a line containing `xgettext:`
 * followed by a format, range or wrap keyword sets that and is not copied; otherwise the first
 * line that contains the tag starts the `#.` lines, and the text before the tag on that line is
 * cut from it and from the following lines that start with the same text. Trailing empty lines
 * are dropped.
 */
export function readNotes(lines: readonly string[], tag: string): CommentNotes {
  const formats = new Map<string, FormatState>();
  let range: [number, number] | undefined;
  let wrap: boolean | undefined;
  const comments: string[] = [];
  let adding = false;
  let prefix = '';
  for (const line of lines) {
    const at = line.indexOf('xgettext:');
    if (at >= 0) {
      const special = parseSpecial(line.slice(at + 'xgettext:'.length));
      let interesting = false;
      for (const [name, state] of special.formats) {
        formats.set(name, state);
        interesting = true;
      }
      if (special.range) {
        range = special.range;
        interesting = true;
      }
      if (special.wrap !== undefined) {
        wrap = special.wrap;
        interesting = true;
      }
      if (interesting) continue;
    }
    if (!adding && tag !== '') {
      const t = line.indexOf(tag);
      if (t >= 0) {
        adding = true;
        prefix = line.slice(0, t);
      }
    }
    if (adding)
      comments.push(prefix !== '' && line.startsWith(prefix) ? line.slice(prefix.length) : line);
  }
  while (comments.length > 0 && comments[comments.length - 1] === '') comments.pop();
  return { comments, formats, range, wrap };
}

/**
 * xgettext's rule for repeated comments: the new lines are appended unless they repeat the tail
 * of the lines already there (the same comment before two occurrences is written once).
 */
export function appendComments(existing: string[], added: readonly string[]): void {
  if (added.length === 0) return;
  if (added.length <= existing.length) {
    const tail = existing.slice(existing.length - added.length);
    if (tail.every((line, i) => line === added[i])) return;
  }
  existing.push(...added);
}

/** The wider of two ranges, as xgettext's `intersect_range` (despite its name) computes it. */
export function widenRange(
  current: readonly [number, number] | undefined,
  added: readonly [number, number],
): readonly [number, number] {
  if (!current) return added;
  return [Math.min(current[0], added[0]), Math.max(current[1], added[1])];
}

/**
 * GNU's JavaScript format-string parser (format-javascript.c, as in gettext 0.21): the number
 * of directives, or `undefined` when the string is not a valid format string. `%%` counts as a
 * directive; flags `- + space 0 I`, a width, `.` and a precision (digits optional in 0.21),
 * then one of `c s b d o x X f j %`;
 * `%1$s` numbered arguments, not mixed with unnumbered ones, the same type for one number.
 */
export function javascriptDirectives(text: string): number | undefined {
  let directives = 0;
  let numbered = 0;
  let unnumbered = 0;
  const types = new Map<number, string>();
  let i = 0;
  while (i < text.length) {
    if (text[i++] !== '%') continue;
    directives++;
    let number = 0;
    const m = /^(\d+)\$/.exec(text.slice(i, i + 12));
    if (m) {
      number = Number(m[1]);
      if (number === 0) return undefined;
      i += m[0].length;
    }
    while (i < text.length && '-+ 0I'.includes(text[i] as string)) i++;
    while (i < text.length && isDigit(text[i])) i++;
    if (text[i] === '.') {
      // 0.21 takes `%.f` (no precision digits); later versions reject it.
      i++;
      while (isDigit(text[i])) i++;
    }
    const conversion = text[i];
    if (conversion === undefined) return undefined;
    let type: string;
    if (conversion === '%') type = '';
    else if (conversion === 'c') type = 'c';
    else if (conversion === 's') type = 's';
    else if ('bdoxX'.includes(conversion)) type = 'i';
    else if (conversion === 'f') type = 'f';
    else if (conversion === 'j') type = '*';
    else return undefined;
    if (type !== '') {
      if (number > 0) {
        if (unnumbered > 0) return undefined;
        const seen = types.get(number);
        if (seen !== undefined && seen !== type) return undefined;
        types.set(number, type);
        numbered++;
      } else {
        if (numbered > 0) return undefined;
        unnumbered++;
      }
    }
    i++;
  }
  return directives;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/**
 * xgettext's `decide_is_format` for JavaScript, the only format whose strings it examines when
 * it reads JavaScript: the msgid (`plural` false) is examined only while undecided; the plural
 * also when the msgid made it `possible`. Valid with directives → `possible`; invalid →
 * `impossible` (no flag written); valid without directives → left undecided.
 */
export function decideFormat(
  formats: Map<string, FormatState>,
  text: string,
  plural: boolean,
): void {
  const state = formats.get('javascript');
  if (!(state === undefined || (plural && state === 'possible'))) return;
  const directives = javascriptDirectives(text);
  if (directives === undefined) formats.set('javascript', 'impossible');
  else if (directives > 0) formats.set('javascript', 'possible');
}

/** The `#,` flags in xgettext's order: formats, `range: a..b`, `no-wrap`. */
export function flagsOf(message: {
  readonly formats: ReadonlyMap<string, FormatState>;
  readonly range: readonly [number, number] | undefined;
  readonly wrap: boolean | undefined;
}): string[] {
  const flags: string[] = [];
  for (const name of FORMAT_LANGUAGES) {
    const state = message.formats.get(name);
    if (state === 'yes' || state === 'possible') flags.push(`${name}-format`);
    else if (state === 'no') flags.push(`no-${name}-format`);
  }
  if (message.range) flags.push(`range: ${message.range[0]}..${message.range[1]}`);
  if (message.wrap === false) flags.push('no-wrap');
  return flags;
}

import { IntlMessageFormat } from 'intl-messageformat';
import { compilePython, isPythonFormat } from './python.js';

/** What a placeholder must be given, from the most to the least specific. */
export type PlaceholderType =
  | { readonly kind: 'number' }
  | { readonly kind: 'date' }
  | { readonly kind: 'text' }
  | { readonly kind: 'select'; readonly options: readonly string[] };

/** Python conversions that take a number (`%(n)d`, `%(x).2f`, `%(h)x`…). */
const NUMERIC_CONVERSIONS = new Set('diouxXeEfFgG');

/**
 * The values a text's placeholders need, decided as `Locale#_` fills them: a text with `%(` is
 * Python format (`%(name)s` text, `%(n)d` and every numeric conversion a number); otherwise `{…}`
 * is ICU MessageFormat (`{name}` text, `{n, number}` and `{n, plural, …}` a number, `{d, date}` a
 * date, `{g, select, a {…} b {…}}` one of its keys). A name used twice must satisfy both uses. A
 * text that is not valid ICU needs nothing (it is shown as it is). For `localekit-cli types`.
 */
export function placeholderTypes(text: string): ReadonlyMap<string, PlaceholderType> {
  const found = new Map<string, PlaceholderType>();
  if (isPythonFormat(text)) {
    // The specs read before a syntax error still count, as `check` reads them.
    for (const spec of compilePython(text).specs) {
      addType(
        found,
        spec.name,
        NUMERIC_CONVERSIONS.has(spec.conversion) ? { kind: 'number' } : { kind: 'text' },
      );
    }
    return found;
  }
  if (!text.includes('{')) return found;
  try {
    const ast = new IntlMessageFormat(text, 'en', undefined, { ignoreTag: true }).getAst();
    icuTypes(ast as unknown as readonly IcuElement[], found);
  } catch {
    found.clear();
  }
  return found;
}

interface IcuElement {
  readonly type: number;
  readonly value?: unknown;
  readonly options?: Readonly<Record<string, { readonly value: readonly IcuElement[] }>>;
  readonly children?: readonly IcuElement[];
}

function icuTypes(elements: readonly IcuElement[], into: Map<string, PlaceholderType>): void {
  for (const e of elements) {
    // 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural (0 literal, 7 pound, 8 tag).
    if (typeof e.value === 'string') {
      if (e.type === 1) addType(into, e.value, { kind: 'text' });
      else if (e.type === 2 || e.type === 6) addType(into, e.value, { kind: 'number' });
      else if (e.type === 3 || e.type === 4) addType(into, e.value, { kind: 'date' });
      else if (e.type === 5) {
        addType(into, e.value, { kind: 'select', options: Object.keys(e.options ?? {}) });
      }
    }
    if (e.options !== undefined)
      for (const option of Object.values(e.options)) icuTypes(option.value, into);
    if (e.children !== undefined) icuTypes(e.children, into);
  }
}

/** Merges a use of `name` into what it already needs: the narrower type wins. */
export function addType(
  into: Map<string, PlaceholderType>,
  name: string,
  type: PlaceholderType,
): void {
  const had = into.get(name);
  if (had === undefined || had.kind === 'text') {
    into.set(name, type);
  } else if (had.kind === 'select' && type.kind === 'select') {
    into.set(name, { kind: 'select', options: [...new Set([...had.options, ...type.options])] });
  } else if (had.kind === 'date' && type.kind === 'number') {
    into.set(name, type);
  }
}

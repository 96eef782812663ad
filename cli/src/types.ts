import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseIcu } from '@formatjs/icu-messageformat-parser';
import { LocaleKitError } from 'localekit';
import { parsePoDocument } from 'localekit/formats';
import { extractMessages } from './extract.js';
import { type CliIo, EXIT_OK, usageError, writeFileAtomic } from './io.js';

/** One message of a template, as `types` needs it. */
export interface TemplateMessage {
  readonly msgctxt?: string | undefined;
  readonly msgid: string;
  readonly msgidPlural?: string | undefined;
}

/** What a placeholder must be given, from the most to the least specific. */
type ValueType =
  | { readonly kind: 'number' }
  | { readonly kind: 'date' }
  | { readonly kind: 'text' }
  | { readonly kind: 'select'; readonly options: ReadonlySet<string> };

const PYTHON_NAMED = /%\(([^)]{0,100})\)[#0 +-]*\d{0,3}(?:\.\d{1,3})?([sdifrxXeEgGo])/g;
const PYTHON_NUMERIC = new Set('difxXeEgGo');

/**
 * The values a message's placeholders need, decided as the runtime fills them: a text with
 * `%(` is Python-formatted (`%(name)s` string or number, `%(n)d`/`%(x).2f` a number); otherwise
 * `{…}` is ICU MessageFormat (`{name}` string or number, `{n, number}` and `{n, plural, …}` a
 * number, `{d, date}` a Date or epoch ms, `{g, select, a {…} b {…}}` one of the keys).
 */
export function placeholderTypes(text: string): Map<string, ValueType> {
  const found = new Map<string, ValueType>();
  if (text.includes('%(')) {
    for (const m of text.matchAll(PYTHON_NAMED)) {
      addType(found, m[1]!, PYTHON_NUMERIC.has(m[2]!) ? { kind: 'number' } : { kind: 'text' });
    }
    return found;
  }
  if (!text.includes('{')) return found;
  try {
    icuTypes(parseIcu(text, { ignoreTag: true }), found);
  } catch {
    // Not valid ICU: the runtime returns such a text verbatim, so it needs no values.
    found.clear();
  }
  return found;
}

interface IcuNode {
  readonly type: number;
  readonly value?: unknown;
  readonly options?: Readonly<Record<string, { readonly value: readonly IcuNode[] }>>;
  readonly children?: readonly IcuNode[];
}

// @formatjs/icu-messageformat-parser's TYPE enum.
const ICU_ARGUMENT = 1;
const ICU_NUMBER = 2;
const ICU_DATE = 3;
const ICU_TIME = 4;
const ICU_SELECT = 5;
const ICU_PLURAL = 6;

function icuTypes(nodes: readonly IcuNode[], into: Map<string, ValueType>): void {
  for (const node of nodes) {
    const name = typeof node.value === 'string' ? node.value : undefined;
    if (name !== undefined) {
      switch (node.type) {
        case ICU_ARGUMENT:
          addType(into, name, { kind: 'text' });
          break;
        case ICU_NUMBER:
        case ICU_PLURAL:
          addType(into, name, { kind: 'number' });
          break;
        case ICU_DATE:
        case ICU_TIME:
          addType(into, name, { kind: 'date' });
          break;
        case ICU_SELECT:
          addType(into, name, {
            kind: 'select',
            options: new Set(Object.keys(node.options ?? {})),
          });
          break;
      }
    }
    for (const option of Object.values(node.options ?? {})) icuTypes(option.value, into);
    if (node.children) icuTypes(node.children, into);
  }
}

/** One name used twice (`{n, number}` and `{n}`): the value must satisfy both. */
function addType(into: Map<string, ValueType>, name: string, type: ValueType): void {
  const had = into.get(name);
  if (had === undefined || had.kind === 'text') {
    into.set(name, type);
  } else if (had.kind === 'select' && type.kind === 'select') {
    into.set(name, { kind: 'select', options: new Set([...had.options, ...type.options]) });
  } else if (had.kind === 'date' && type.kind === 'number') {
    into.set(name, type);
  }
}

function typeText(type: ValueType): string {
  switch (type.kind) {
    case 'number':
      return 'number';
    case 'date':
      return 'Date | number';
    case 'text':
      return 'string | number';
    case 'select':
      return [...type.options].map(literal).join(' | ') || 'string';
  }
}

/** A TypeScript string literal for any text (JSON's escapes are valid TypeScript). */
function literal(text: string): string {
  return JSON.stringify(text);
}

function valuesType(texts: readonly string[]): string {
  const all = new Map<string, ValueType>();
  for (const text of texts) {
    for (const [name, type] of placeholderTypes(text)) addType(all, name, type);
  }
  if (all.size === 0) return '{}';
  const names = [...all.keys()].sort();
  return `{ ${names.map((n) => `readonly ${literal(n)}: ${typeText(all.get(n)!)};`).join(' ')} }`;
}

interface Tables {
  singular: string[];
  plural: string[];
}

/**
 * The declaration `localekit types` writes: a module augmentation of `localekit`'s `Register`
 * listing every id with the values its placeholders need. Deterministic: ids in template order,
 * contexts sorted, placeholder names sorted.
 */
export function messageTypes(messages: readonly TemplateMessage[], source: string): string {
  const root: Tables = { singular: [], plural: [] };
  const contexts = new Map<string, Tables>();
  const seen = new Set<string>();
  for (const m of messages) {
    if (m.msgid === '') continue;
    const key = `${m.msgctxt === undefined ? '' : `${m.msgctxt}\u0004`}${m.msgid}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let tables = root;
    if (m.msgctxt !== undefined) {
      tables = contexts.get(m.msgctxt) ?? { singular: [], plural: [] };
      contexts.set(m.msgctxt, tables);
    }
    if (m.msgidPlural === undefined) {
      tables.singular.push(`${literal(m.msgid)}: ${valuesType([m.msgid])};`);
    } else {
      tables.plural.push(
        `${literal(m.msgid)}: { plural: ${literal(m.msgidPlural)}; values: ${valuesType([m.msgid, m.msgidPlural])} };`,
      );
    }
  }
  const block = (lines: readonly string[], indent: string): string =>
    lines.length === 0 ? '{}' : `{\n${lines.map((l) => `${indent}  ${l}`).join('\n')}\n${indent}}`;
  const contextLines = [...contexts.keys()].sort().map((c) => {
    const t = contexts.get(c)!;
    return `${literal(c)}: {\n          singular: ${block(t.singular, '          ')};\n          plural: ${block(t.plural, '          ')};\n        };`;
  });
  return [
    `// Generated by \`localekit types\` from ${source}. Do not edit: run it again when the`,
    '// template changes. Include this file in your tsconfig to type-check message ids and values.',
    '/* eslint-disable */',
    "import 'localekit';",
    '',
    "declare module 'localekit' {",
    '  interface Register {',
    '    messages: {',
    `      singular: ${block(root.singular, '      ')};`,
    `      plural: ${block(root.plural, '      ')};`,
    `      contexts: ${block(contextLines, '      ')};`,
    '    };',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The messages of a `.pot`/`.po` template, or those `extract` finds under source paths. */
export async function readTemplateMessages(input: string, cwd: string): Promise<TemplateMessage[]> {
  const file = path.resolve(cwd, input);
  const ext = path.extname(file).toLowerCase();
  let isDir = false;
  try {
    isDir = (await stat(file)).isDirectory();
  } catch (error) {
    throw new LocaleKitError('E_IO', `cannot read ${input}`, {
      hint: 'pass a .pot template or a source directory',
      cause: error,
    });
  }
  if (!isDir && (ext === '.pot' || ext === '.po')) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new LocaleKitError('E_IO', `cannot read ${input}`, { cause: error });
    }
    return parsePoDocument(bytes, { file: input })
      .entries.filter((e) => !e.obsolete)
      .map((e) => ({ msgctxt: e.msgctxt, msgid: e.msgid, msgidPlural: e.msgidPlural }));
  }
  if (!isDir && ext === '.csv') {
    throw usageError(
      `${input}: types are made from a .pot or from sources`,
      'a CSV template has no plurals or contexts to type; pass the .pot or the source directory',
    );
  }
  const result = await extractMessages([input], { cwd });
  return result.messages.map((m) => ({
    msgctxt: m.msgctxt,
    msgid: m.msgid,
    msgidPlural: m.msgidPlural,
  }));
}

/** `localekit types <template.pot | source dir> -o <file.d.ts>`. */
export async function runTypes(
  input: string,
  opts: { output: string },
  io: CliIo,
): Promise<number> {
  if (!opts.output.endsWith('.d.ts')) {
    throw usageError(`cannot write ${opts.output}`, 'the output must end in .d.ts');
  }
  const messages = await readTemplateMessages(input, io.cwd);
  await writeTypes(messages, input, opts.output, io);
  return EXIT_OK;
}

/** Writes the declaration for `messages` (also used by `extract --types`). */
export async function writeTypes(
  messages: readonly TemplateMessage[],
  source: string,
  output: string,
  io: CliIo,
): Promise<void> {
  const text = messageTypes(messages, source.split(path.sep).join('/'));
  await writeFileAtomic(path.resolve(io.cwd, output), text, { display: output });
  const ids = messages.filter((m) => m.msgid !== '').length;
  io.err(`localekit: types for ${ids} message${ids === 1 ? '' : 's'} -> ${output}\n`);
}

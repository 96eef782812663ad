import { createRequire } from 'node:module';
import { LocaleKitError } from 'localekit';
import {
  type CallArgument,
  commentLines,
  type MessageCollector,
  type SourceComment,
} from './extract-core.js';
import { type CommentNotes, NO_NOTES, readNotes } from './extract-flags.js';
import { extractFromScript } from './extract-js.js';
import type { KeywordSpec } from './keywords.js';

/** The view engines extract reads, by the extension localekit gives their templates. */
export type ViewEngine = 'ejs' | 'pug' | 'njk' | 'hbs';

/** Default extension → engine (`--template-ext` adds to it: `html=njk`). */
export const VIEW_EXTENSIONS: ReadonlyMap<string, ViewEngine> = new Map([
  ['.ejs', 'ejs'],
  ['.pug', 'pug'],
  ['.njk', 'njk'],
  ['.hbs', 'hbs'],
]);

/** Engine names `--template-ext` accepts, the package's name included. */
export const VIEW_ENGINE_NAMES: ReadonlyMap<string, ViewEngine> = new Map([
  ['ejs', 'ejs'],
  ['pug', 'pug'],
  ['njk', 'njk'],
  ['nunjucks', 'njk'],
  ['hbs', 'hbs'],
  ['handlebars', 'hbs'],
]);

/** Extracts a template with the given engine's front end. */
export function extractFromView(
  engine: ViewEngine,
  text: string,
  file: string,
  collector: MessageCollector,
  options: ViewOptions,
): Promise<void> {
  switch (engine) {
    case 'ejs':
      return extractFromEjs(text, file, collector, options);
    case 'pug':
      return extractFromPug(text, file, collector, options);
    case 'njk':
      return extractFromNunjucks(text, file, collector, options);
    case 'hbs':
      return extractFromHandlebars(text, file, collector, options);
  }
}

/** Options every view front end takes. */
export interface ViewOptions {
  readonly keywords: ReadonlyMap<string, KeywordSpec>;
  readonly commentTag: string;
}

const requireHere = createRequire(import.meta.url);

/**
 * Loads a view engine lazily, so the CLI runs without the engines a project does not use, and
 * says what to install when a view needs one.
 */
async function loadEngine<T>(name: string, file: string): Promise<T> {
  try {
    const mod = (await import(name)) as { default?: T } & T;
    return mod.default ?? mod;
  } catch (error) {
    throw new LocaleKitError('E_VIEW_ENGINE', `${name} is needed to read this view`, {
      file,
      hint: `npm install --save-dev ${name}`,
      cause: error,
    });
  }
}

/** pug-lexer ships inside pug; resolved from pug's own location so it need not be hoisted. */
async function loadPugLexer(file: string): Promise<PugLex> {
  await loadEngine<unknown>('pug', file);
  const pugRequire = createRequire(requireHere.resolve('pug'));
  return pugRequire('pug-lexer') as PugLex;
}

function viewError(error: unknown, file: string, engine: string): LocaleKitError {
  if (error instanceof LocaleKitError) return error;
  const e = error as { line?: number; lineno?: number; msg?: string; message?: string };
  // pug gives `line`; nunjucks gives `lineno`, already 1-based in its errors.
  const line = e.line ?? e.lineno;
  const message = (e.msg ?? e.message ?? String(error)).split('\n').find((l) => l.trim() !== '');
  return new LocaleKitError('E_SYNTAX', `${engine}: ${message?.trim() ?? 'syntax error'}`, {
    file,
    line,
    hint: `fix the template; ${engine} itself cannot read it`,
    cause: error,
  });
}

/** The comment that ends on the line before `line` (or on it), as for `// TRANSLATORS:`. */
function commentBefore(
  comments: readonly SourceComment[],
  line: number,
  tag: string,
): CommentNotes {
  let best: SourceComment | undefined;
  for (const c of comments) {
    if (c.endLine <= line && c.endLine >= line - 1 && (!best || c.endLine >= best.endLine))
      best = c;
  }
  return best ? readNotes(best.lines, tag) : NO_NOTES;
}

// ---------------------------------------------------------------- EJS

interface EjsTemplateCtor {
  new (text: string, opts: Record<string, unknown>): { parseTemplateText(): string[] };
}

/**
 * EJS: ejs's own tokenizer splits the template; every character outside the code tags is then
 * blanked (newlines kept) and the tags become separators, so the whole template is one script
 * whose line and column numbers are the template's own. `<%# %>` comments become JS comments so
 * `<%# TRANSLATORS: … %>` works like `// TRANSLATORS:`.
 */
export async function extractFromEjs(
  text: string,
  file: string,
  collector: MessageCollector,
  options: ViewOptions,
): Promise<void> {
  const ejs = await loadEngine<{ Template: EjsTemplateCtor }>('ejs', file);
  let tokens: string[];
  try {
    tokens = new ejs.Template(text, {}).parseTemplateText();
  } catch (error) {
    throw viewError(error, file, 'ejs');
  }
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  let script = '';
  let mode: 'text' | 'code' | 'output' | 'comment' = 'text';
  for (const token of tokens) {
    if (mode === 'text') {
      if (token === '<%=' || token === '<%-') {
        mode = 'output';
        script += ';( ';
      } else if (token === '<%' || token === '<%_') {
        mode = 'code';
        script += token === '<%' ? '; ' : ';  ';
      } else if (token === '<%#') {
        mode = 'comment';
        script += '/* ';
      } else script += blank(token);
      continue;
    }
    if (token === '%>' || token === '-%>' || token === '_%>') {
      const pad = ' '.repeat(token.length - 2);
      if (mode === 'output') script += `)${pad};`;
      else if (mode === 'comment') script += `${pad}*/`;
      else script += `${pad};`;
      mode = 'text';
      continue;
    }
    script += mode === 'comment' ? token.replace(/\*\//g, '* ') : token;
  }
  extractFromScript(script, file, collector, {
    kind: 'js',
    keywords: options.keywords,
    commentTag: options.commentTag,
  });
}

// ---------------------------------------------------------------- Pug

interface PugToken {
  readonly type: string;
  readonly loc: { readonly start: { readonly line: number; readonly column: number } };
  readonly val?: unknown;
  readonly code?: string;
  readonly args?: string;
  readonly buffer?: boolean;
}
type PugLex = (src: string, options: { filename: string }) => PugToken[];

/**
 * Builds one script from the JavaScript fragments of a template, each at its own line, so that
 * babel reports the template's line numbers: blank lines pad the gaps, fragments on one line are
 * joined with a space. Braces are placed lazily, at the next fragment, so that a `//` comment
 * at the end of a code line cannot swallow them.
 */
class ScriptBuilder {
  private text = '';
  private line = 1;
  private pending = '';

  /** `{` or `}` to put before the next fragment (or at the end). */
  brace(ch: '{' | '}'): void {
    this.pending += ch;
  }

  add(line: number, code: string): void {
    if (line > this.line) {
      this.text += '\n'.repeat(line - this.line);
      this.line = line;
    } else if (this.text !== '') {
      this.text += ' ';
    }
    this.text += this.pending + code;
    this.pending = '';
    this.line += code.split('\n').length - 1;
  }

  /** A comment's lines as `//` lines on the lines where the comment stands. */
  comment(c: SourceComment): void {
    c.lines.forEach((l, i) => {
      this.add(c.startLine + i, `//${l}`);
    });
  }

  /** The script; braces still pending close on the last line (after a newline if it has a `//`). */
  finish(): string {
    if (this.pending === '') return this.text;
    const lastLine = this.text.slice(this.text.lastIndexOf('\n') + 1);
    return `${this.text}${lastLine.includes('//') ? '\n' : ' '}${this.pending}`;
  }
}

/**
 * Pug: pug-lexer's tokens; every token that carries JavaScript goes, at its line, into one
 * script that babel parses, as pug's code generator joins them into one function: unbuffered
 * code (`- for (…) {` … `- }`, `- if (x)` with an indented block, which pug wraps in braces),
 * `=`/`!=` code, attributes, `#{}`, `if`/`unless`/`while`/`case`/`when` conditions, `each`
 * lists, mixin calls and `-` blocks. Expressions become `;(expr);` statements.
 *
 * A `//` or `//-` comment counts for the code that starts on its last line or the line after
 * (blank lines and tag lines end its reach); such comments go into the script as `//` lines.
 */
export async function extractFromPug(
  text: string,
  file: string,
  collector: MessageCollector,
  options: ViewOptions,
): Promise<void> {
  const lex = await loadPugLexer(file);
  let tokens: PugToken[];
  try {
    tokens = lex(text, { filename: file });
  } catch (error) {
    throw viewError(error, file, 'pug');
  }
  type Item =
    | { kind: 'comment'; comment: SourceComment }
    | { kind: 'code'; line: number; code: string }
    | { kind: 'brace'; ch: '{' | '}' };
  const items: Item[] = [];
  const codeLines = new Set<number>();
  const code = (line: number, source: string, expression: boolean) => {
    items.push({ kind: 'code', line, code: expression ? `;(${source});` : source });
    codeLines.add(line);
  };
  // Depths at which an unbuffered code line opened a block (pug wraps the block in braces).
  const openBlocks: number[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as PugToken;
    const line = t.loc.start.line;
    switch (t.type) {
      case 'indent':
        depth++;
        break;
      case 'outdent':
        depth--;
        while (openBlocks.length > 0 && (openBlocks[openBlocks.length - 1] as number) > depth) {
          openBlocks.pop();
          items.push({ kind: 'brace', ch: '}' });
        }
        break;
      case 'comment': {
        // `//` or `//-`, and the indented lines under it: one comment (pug-lexer gives the block
        // as pipeless text), its lines joined as xgettext joins a multi-line comment.
        const lines = commentLines(String(t.val));
        let endLine = line;
        if (tokens[i + 1]?.type === 'start-pipeless-text') {
          let j = i + 2;
          for (; j < tokens.length && tokens[j]?.type !== 'end-pipeless-text'; j++) {
            const tj = tokens[j] as PugToken;
            // Blank lines count only between text lines: one after the block ends it.
            if (tj.type !== 'text' || String(tj.val).trim() === '') continue;
            const at = tj.loc.start.line;
            while (endLine < at - 1) {
              lines.push(''); // a blank line inside the block
              endLine++;
            }
            lines.push(...commentLines(String(tj.val)));
            endLine = at;
          }
          i = j;
        }
        items.push({ kind: 'comment', comment: { startLine: line, endLine, lines } });
        break;
      }
      case 'code':
        code(line, String(t.val), t.buffer === true);
        if (t.buffer !== true && tokens[i + 1]?.type === 'indent') {
          items.push({ kind: 'brace', ch: '{' });
          openBlocks.push(depth + 1);
        }
        break;
      case 'attribute':
        if (typeof t.val === 'string') code(line, t.val, true);
        break;
      case 'interpolated-code':
      case 'if':
      case 'else-if':
      case 'while':
      case 'case':
      case 'when':
      case '&attributes':
        if (typeof t.val === 'string' && t.val !== 'default') code(line, t.val, true);
        break;
      case 'each':
      case 'eachOf':
        if (typeof t.code === 'string') code(line, t.code, true);
        break;
      case 'call':
      case 'mixin':
        if (t.args) code(line, `;f(${t.args});`, false);
        break;
      case 'blockcode': {
        // `-` followed by an indented block: its text tokens are the statements, line by line.
        let j = i + 1;
        for (; j < tokens.length && tokens[j]?.type !== 'end-pipeless-text'; j++) {
          const tj = tokens[j] as PugToken;
          if (tj.type === 'text') code(tj.loc.start.line, String(tj.val), false);
        }
        i = j;
        break;
      }
      default:
        break;
    }
  }
  const script = new ScriptBuilder();
  for (const item of items) {
    if (item.kind === 'brace') script.brace(item.ch);
    else if (item.kind === 'code') script.add(item.line, item.code);
    else if (codeLines.has(item.comment.endLine + 1)) {
      script.comment(item.comment);
    }
  }
  extractFromScript(script.finish(), file, collector, {
    kind: 'js',
    keywords: options.keywords,
    commentTag: options.commentTag,
  });
}

// ---------------------------------------------------------------- Nunjucks

interface NunjucksNode {
  readonly typename: string;
  readonly lineno: number;
  readonly fields: readonly string[];
  readonly value?: unknown;
  readonly [field: string]: unknown;
}

interface NunjucksModule {
  readonly parser: { parse(src: string): NunjucksNode };
  readonly lexer: {
    lex(src: string): { nextToken(): { type: string; value: string; lineno: number } | null };
  };
}

function isNode(v: unknown): v is NunjucksNode {
  return typeof v === 'object' && v !== null && typeof (v as NunjucksNode).typename === 'string';
}

function nunjucksLiteral(node: NunjucksNode): string | undefined {
  if (node.typename === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.typename === 'Add' || node.typename === 'Concat') {
    const left = isNode(node.left) ? nunjucksLiteral(node.left) : undefined;
    const right =
      left !== undefined && isNode(node.right) ? nunjucksLiteral(node.right) : undefined;
    return left === undefined || right === undefined ? undefined : left + right;
  }
  return undefined;
}

/** Nunjucks values that are never strings: numbers, booleans, dicts, arrays. */
function nunjucksNeverString(node: NunjucksNode): boolean {
  if (node.typename === 'Literal') return typeof node.value !== 'string';
  return node.typename === 'Dict' || node.typename === 'Array';
}

function nunjucksCallee(node: NunjucksNode): string | undefined {
  if (node.typename === 'Symbol' && typeof node.value === 'string') return node.value;
  if (node.typename === 'LookupVal' && isNode(node.val) && node.val.typename === 'Literal') {
    return typeof node.val.value === 'string' ? node.val.value : undefined;
  }
  return undefined;
}

/** Nunjucks: `nunjucks.parser.parse`, FunCall nodes; `{# TRANSLATORS: #}` from its lexer. */
export async function extractFromNunjucks(
  text: string,
  file: string,
  collector: MessageCollector,
  options: ViewOptions,
): Promise<void> {
  const nunjucks = await loadEngine<NunjucksModule>('nunjucks', file);
  let root: NunjucksNode;
  const comments: SourceComment[] = [];
  try {
    root = nunjucks.parser.parse(text);
    const lexer = nunjucks.lexer.lex(text);
    for (let tok = lexer.nextToken(); tok; tok = lexer.nextToken()) {
      if (tok.type !== 'comment') continue;
      const lines = commentLines(tok.value.replace(/^\{#-?|-?#\}$/g, ''));
      const startLine = tok.lineno + 1;
      comments.push({ startLine, endLine: startLine + lines.length - 1, lines });
    }
  } catch (error) {
    throw viewError(error, file, 'nunjucks');
  }
  const visit = (node: NunjucksNode) => {
    if (node.typename === 'FunCall' && isNode(node.name) && isNode(node.args)) {
      const name = nunjucksCallee(node.name);
      const keyword = name === undefined ? undefined : options.keywords.get(name);
      if (keyword && name !== undefined) {
        const children = (node.args.children as NunjucksNode[]).filter(
          (c) => c.typename !== 'KeywordArgs',
        );
        const args: CallArgument[] = children.map((c) => {
          const value = nunjucksLiteral(c);
          return {
            value,
            line: c.lineno + 1,
            maybeString: value === undefined && !nunjucksNeverString(c),
          };
        });
        const line = args[keyword.msgid - 1]?.line ?? node.lineno + 1;
        collector.addCall(file, {
          keyword,
          callee: name,
          args,
          line: node.lineno + 1,
          notes: commentBefore(comments, line, options.commentTag),
        });
      }
    }
    for (const field of node.fields) {
      const value = node[field];
      if (Array.isArray(value)) {
        for (const c of value) if (isNode(c)) visit(c);
      } else if (isNode(value)) {
        visit(value);
      }
    }
  };
  visit(root);
}

// ---------------------------------------------------------------- Handlebars

interface HbsNode {
  readonly type: string;
  readonly loc?: { readonly start: { readonly line: number } };
  readonly [key: string]: unknown;
}

/** Handlebars: `Handlebars.parse`; Mustache/SubExpression/Block nodes whose path is a keyword. */
export async function extractFromHandlebars(
  text: string,
  file: string,
  collector: MessageCollector,
  options: ViewOptions,
): Promise<void> {
  const hbs = await loadEngine<{ parse(src: string): HbsNode }>('handlebars', file);
  let root: HbsNode;
  try {
    root = hbs.parse(text);
  } catch (error) {
    const m = /on line (\d+)/.exec(String((error as Error).message));
    const e = error as { lineNumber?: number };
    throw viewError(
      Object.assign(new Error((error as Error).message), {
        line: e.lineNumber ?? (m ? Number(m[1]) : undefined),
      }),
      file,
      'handlebars',
    );
  }
  const comments: SourceComment[] = [];
  const calls: HbsNode[] = [];
  const collect = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const n of node) collect(n);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const n = node as HbsNode;
    if (n.type === 'CommentStatement' && n.loc) {
      const lines = commentLines(String(n.value));
      const endLine = (n.loc as unknown as { end: { line: number } }).end.line;
      comments.push({ startLine: n.loc.start.line, endLine, lines });
    }
    if (
      n.type === 'MustacheStatement' ||
      n.type === 'SubExpression' ||
      n.type === 'BlockStatement'
    ) {
      calls.push(n);
    }
    for (const [key, value] of Object.entries(n)) {
      if (key !== 'loc' && typeof value === 'object') collect(value);
    }
  };
  collect(root);
  for (const n of calls) {
    const path = n.path as HbsNode | undefined;
    const name = path?.type === 'PathExpression' ? String(path.original).split('.').pop() : '';
    const keyword = name ? options.keywords.get(name) : undefined;
    if (!keyword || !name) continue;
    const params = (n.params as HbsNode[] | undefined) ?? [];
    const args: CallArgument[] = params.map((p) => ({
      value: p.type === 'StringLiteral' ? String(p.value) : undefined,
      line: p.loc?.start.line ?? 0,
      maybeString: p.type === 'PathExpression' || p.type === 'SubExpression',
    }));
    const line = args[keyword.msgid - 1]?.line ?? n.loc?.start.line ?? 0;
    collector.addCall(file, {
      keyword,
      callee: name,
      args,
      line: n.loc?.start.line ?? 0,
      notes: commentBefore(comments, line, options.commentTag),
    });
  }
}

import { type ParserPlugin, parse } from '@babel/parser';
import type { Comment, Node } from '@babel/types';
import { LocaleKitError } from 'localekit';
import { type CallArgument, commentLines, type MessageCollector } from './extract-core.js';
import { type CommentNotes, hasNotes, NO_NOTES, readNotes } from './extract-flags.js';
import type { KeywordSpec } from './keywords.js';

/** What a JS/TS source is, for the parser's plugins. */
export type ScriptKind = 'js' | 'jsx' | 'ts' | 'tsx';

export const SCRIPT_EXTENSIONS: ReadonlyMap<string, ScriptKind> = new Map([
  ['.js', 'jsx'],
  ['.mjs', 'jsx'],
  ['.cjs', 'jsx'],
  ['.jsx', 'jsx'],
  ['.ts', 'ts'],
  ['.mts', 'ts'],
  ['.cts', 'ts'],
  ['.tsx', 'tsx'],
]);

/** Options of `extractFromScript`. */
export interface ScriptOptions {
  readonly kind: ScriptKind;
  readonly keywords: ReadonlyMap<string, KeywordSpec>;
  /** `--add-comments` tag. @default 'TRANSLATORS:' */
  readonly commentTag?: string;
  /** Line of the first character of `code` in the file (templates embed code). @default 1 */
  readonly startLine?: number;
  /** Column of the first character of `code`. @default 0 */
  readonly startColumn?: number;
}

/** Syntax every current JS/TS project may use, whatever the file's kind. */
const COMMON_PLUGINS: ParserPlugin[] = [
  'decoratorAutoAccessors',
  'explicitResourceManagement',
  ['importAttributes', { deprecatedAssertSyntax: true }],
  'sourcePhaseImports',
  'deferredImportEvaluation',
];

/**
 * The plugin sets tried in turn. Legacy decorators (`experimentalDecorators`: NestJS, Angular,
 * TypeORM, with decorators on parameters) come first; a file the legacy grammar rejects is read
 * again with the TC39 grammar (`export @dec class`). Babel has no single plugin for both.
 */
function pluginSets(kind: ScriptKind): ParserPlugin[][] {
  const language: ParserPlugin[] =
    kind === 'ts' ? ['typescript'] : kind === 'tsx' ? ['typescript', 'jsx'] : ['jsx'];
  return [
    [...language, 'decorators-legacy', ...COMMON_PLUGINS],
    [...language, 'decorators', ...COMMON_PLUGINS],
  ];
}

/**
 * Errors the TC39 grammar recovers from but TypeScript itself accepts (parameter decorators
 * under `experimentalDecorators`): not worth a warning.
 */
const ACCEPTED_RECOVERABLE = new Set(['UnsupportedParameterDecorator']);

/** The string a literal expression stands for: 'a', `b`, 'a' + 'b'; `undefined` otherwise. */
export function literalValue(node: Node): string | undefined {
  switch (node.type) {
    case 'StringLiteral':
      return node.value;
    case 'TemplateLiteral':
      return node.expressions.length === 0
        ? (node.quasis[0]?.value.cooked ?? undefined)
        : undefined;
    case 'BinaryExpression': {
      if (node.operator !== '+' || node.left.type === 'PrivateName') return undefined;
      const left = literalValue(node.left);
      const right = left === undefined ? undefined : literalValue(node.right);
      return left === undefined || right === undefined ? undefined : left + right;
    }
    case 'ParenthesizedExpression':
      return literalValue(node.expression);
    default:
      return undefined;
  }
}

/** Expressions that never evaluate to a string: a values object, an array, a number, a function. */
const NEVER_STRING = new Set([
  'ObjectExpression',
  'ArrayExpression',
  'NumericLiteral',
  'BigIntLiteral',
  'BooleanLiteral',
  'NullLiteral',
  'RegExpLiteral',
  'ArrowFunctionExpression',
  'FunctionExpression',
  'ClassExpression',
]);

/** Whether a non-literal argument could hold a string (so it may be a computed plural). */
function mayBeString(node: Node): boolean {
  if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression') {
    return mayBeString(node.expression);
  }
  return !NEVER_STRING.has(node.type);
}

/** Line of the first string literal inside a (concatenated) literal, as xgettext reports it. */
function firstLiteralLine(node: Node): number {
  if (node.type === 'BinaryExpression') return firstLiteralLine(node.left);
  return node.loc?.start.line ?? 0;
}

/** `_`, `locale._`, `req.locale.translate`, `res.locals?._` → the last name; `undefined` otherwise. */
function calleeName(callee: Node): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if (
    (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') &&
    !callee.computed &&
    callee.property.type === 'Identifier'
  ) {
    return callee.property.name;
  }
  if (callee.type === 'TSNonNullExpression' || callee.type === 'ParenthesizedExpression') {
    return calleeName(callee.expression);
  }
  return undefined;
}

function calleeText(code: string, callee: Node, offset: number): string {
  const start = (callee.start ?? 0) - offset;
  const end = (callee.end ?? 0) - offset;
  const text = code.slice(start, end);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Visits every node once, in source order (children sorted by position). */
function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  const children: Node[] = [];
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key.endsWith('Comments') || key === 'extra') continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const v of value)
        if (v && typeof (v as Node).type === 'string') children.push(v as Node);
    } else if (value && typeof (value as Node).type === 'string') {
      children.push(value as Node);
    }
  }
  children.sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  for (const child of children) walk(child, visit);
}

interface TokenLike {
  readonly start: number;
  readonly type: unknown;
  readonly loc: { readonly start: { readonly line: number } };
}

/**
 * The `TRANSLATORS:` lookup, as xgettext does it for JavaScript: the comment block right before a
 * message is kept as long as no line of code comes between the comment and the line where the
 * message's string literal starts (blank lines do not count), and it is used up by the first
 * message that takes it.
 */
class CommentFinder {
  private readonly used = new Set<Comment>();
  constructor(
    private readonly code: string,
    private readonly offset: number,
    private readonly comments: readonly Comment[],
    private readonly tokens: readonly TokenLike[],
    private readonly tag: string,
  ) {}

  private isBlank(from: number, to: number): boolean {
    return /^\s*$/.test(this.code.slice(from - this.offset, to - this.offset));
  }

  private firstCodeTokenAfter(pos: number): TokenLike | undefined {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.tokens[mid] as TokenLike).start < pos) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.tokens.length; i++) {
      const token = this.tokens[i] as TokenLike;
      const type = token.type as string | { label?: string };
      if (type === 'CommentLine' || type === 'CommentBlock') continue;
      return token;
    }
    return undefined;
  }

  notesFor(literalStart: number, literalLine: number): CommentNotes {
    let index = -1;
    for (let i = this.comments.length - 1; i >= 0; i--) {
      if (((this.comments[i] as Comment).end ?? 0) <= literalStart) {
        index = i;
        break;
      }
    }
    if (index < 0) return NO_NOTES;
    const last = this.comments[index] as Comment;
    if (this.used.has(last)) return NO_NOTES;
    const next = this.firstCodeTokenAfter(last.end ?? 0);
    if (next && next.start < literalStart && next.loc.start.line < literalLine) return NO_NOTES;
    let first = index;
    while (first > 0) {
      const prev = this.comments[first - 1] as Comment;
      const cur = this.comments[first] as Comment;
      if (!this.isBlank(prev.end ?? 0, cur.start ?? 0) || this.used.has(prev)) break;
      first--;
    }
    const block = this.comments.slice(first, index + 1);
    const lines = block.flatMap((c) => commentLines(c.value));
    const notes = readNotes(lines, this.tag);
    // xgettext empties its comment buffer at each message; a block that says nothing is left
    // for the next one (which finds nothing in it either).
    if (hasNotes(notes)) for (const c of block) this.used.add(c);
    return notes;
  }
}

/** Babel's message without the `(line:column)` it appends. */
function syntaxMessage(error: unknown): string {
  return String((error as Error).message ?? error).replace(/\s*\(\d+:\d+\)$/, '');
}

/**
 * Parses with each plugin set in turn (see `pluginSets`); when every set fails, the error that
 * got furthest into the file is the one reported, as `E_SYNTAX` at its line.
 */
function parseScript(code: string, file: string, options: ScriptOptions): ReturnType<typeof parse> {
  let furthest: { pos: number; error: unknown } | undefined;
  for (const plugins of pluginSets(options.kind)) {
    try {
      return parse(code, {
        sourceType: 'unambiguous',
        allowReturnOutsideFunction: true,
        allowAwaitOutsideFunction: true,
        allowImportExportEverywhere: true,
        allowUndeclaredExports: true,
        allowNewTargetOutsideFunction: true,
        allowSuperOutsideMethod: true,
        errorRecovery: true,
        tokens: true,
        startLine: options.startLine ?? 1,
        startColumn: options.startColumn ?? 0,
        plugins,
      });
    } catch (error) {
      const pos = (error as { pos?: number }).pos ?? -1;
      if (!furthest || pos > furthest.pos) furthest = { pos, error };
    }
  }
  const error = furthest?.error;
  const loc = (error as { loc?: { line: number } } | undefined)?.loc;
  throw new LocaleKitError('E_SYNTAX', syntaxMessage(error), {
    file,
    line: loc?.line,
    hint: 'fix the syntax error, or leave the file out of the paths given to extract',
    cause: error,
  });
}

/**
 * Finds keyword calls in JS/TS source with @babel/parser (error recovery on, so one bad
 * statement does not hide the rest of the file) and feeds them to the collector.
 */
export function extractFromScript(
  code: string,
  file: string,
  collector: MessageCollector,
  options: ScriptOptions,
): void {
  const startLine = options.startLine ?? 1;
  const ast = parseScript(code, file, options);
  for (const err of ast.errors ?? []) {
    if (err.reasonCode !== undefined && ACCEPTED_RECOVERABLE.has(err.reasonCode)) continue;
    const loc = (err as { loc?: { line: number } }).loc;
    collector.warn(file, loc?.line ?? startLine, `syntax: ${syntaxMessage(err)}`);
  }
  const finder = new CommentFinder(
    code,
    0,
    ast.comments ?? [],
    (ast.tokens ?? []) as TokenLike[],
    options.commentTag ?? 'TRANSLATORS:',
  );
  walk(ast.program, (node) => {
    if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return;
    const name = calleeName(node.callee);
    const keyword = name === undefined ? undefined : options.keywords.get(name);
    if (!keyword) return;
    const args: CallArgument[] = node.arguments.map((a) => {
      const value = literalValue(a);
      return {
        value,
        line: value === undefined ? (a.loc?.start.line ?? 0) : firstLiteralLine(a),
        maybeString: value === undefined && mayBeString(a),
      };
    });
    const msgidNode = node.arguments[keyword.msgid - 1];
    const notes =
      msgidNode && args[keyword.msgid - 1]?.value !== undefined
        ? finder.notesFor(
            keyword.context !== undefined
              ? (node.arguments[keyword.context - 1]?.start ?? msgidNode.start ?? 0)
              : (msgidNode.start ?? 0),
            keyword.context !== undefined
              ? (node.arguments[keyword.context - 1]?.loc?.start.line ?? 0)
              : (args[keyword.msgid - 1]?.line ?? 0),
          )
        : NO_NOTES;
    collector.addCall(file, {
      keyword,
      callee: calleeText(code, node.callee, 0),
      args,
      line: node.loc?.start.line ?? startLine,
      notes,
    });
  });
}

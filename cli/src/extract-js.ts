import { type ParserPlugin, parse } from '@babel/parser';
import type { Comment, Node } from '@babel/types';
import { LocaleKitError } from 'localekit';
import {
  type CallArgument,
  commentLines,
  type MessageCollector,
  type SourceComment,
  taggedLines,
} from './extract-core.js';
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

function pluginsFor(kind: ScriptKind): ParserPlugin[] {
  switch (kind) {
    case 'ts':
      return ['typescript'];
    case 'tsx':
      return ['typescript', 'jsx'];
    case 'jsx':
      return ['jsx'];
    default:
      return [];
  }
}

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

  commentsFor(literalStart: number, literalLine: number): string[] {
    let index = -1;
    for (let i = this.comments.length - 1; i >= 0; i--) {
      if (((this.comments[i] as Comment).end ?? 0) <= literalStart) {
        index = i;
        break;
      }
    }
    if (index < 0) return [];
    const last = this.comments[index] as Comment;
    if (this.used.has(last)) return [];
    const next = this.firstCodeTokenAfter(last.end ?? 0);
    if (next && next.start < literalStart && next.loc.start.line < literalLine) return [];
    let first = index;
    while (first > 0) {
      const prev = this.comments[first - 1] as Comment;
      const cur = this.comments[first] as Comment;
      if (!this.isBlank(prev.end ?? 0, cur.start ?? 0) || this.used.has(prev)) break;
      first--;
    }
    const block = this.comments.slice(first, index + 1);
    const lines = block.flatMap((c) => commentLines(c.value));
    const kept = taggedLines(lines, this.tag);
    if (kept.length > 0) for (const c of block) this.used.add(c);
    return kept;
  }
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
  let ast: ReturnType<typeof parse>;
  try {
    ast = parse(code, {
      sourceType: 'unambiguous',
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      allowImportExportEverywhere: true,
      allowUndeclaredExports: true,
      errorRecovery: true,
      tokens: true,
      startLine,
      startColumn: options.startColumn ?? 0,
      plugins: pluginsFor(options.kind),
    });
  } catch (error) {
    const loc = (error as { loc?: { line: number } }).loc;
    throw new LocaleKitError('E_SYNTAX', (error as Error).message.replace(/\s*\(\d+:\d+\)$/, ''), {
      file,
      line: loc?.line,
      hint: 'fix the syntax error, or leave the file out of the paths given to extract',
      cause: error,
    });
  }
  for (const err of ast.errors ?? []) {
    const loc = (err as { loc?: { line: number } }).loc;
    collector.warn(file, loc?.line ?? startLine, `syntax: ${err.reasonCode ?? 'error'}`);
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
      return { value, line: value === undefined ? (a.loc?.start.line ?? 0) : firstLiteralLine(a) };
    });
    const msgidNode = node.arguments[keyword.msgid - 1];
    const comments =
      msgidNode && args[keyword.msgid - 1]?.value !== undefined
        ? finder.commentsFor(
            keyword.context !== undefined
              ? (node.arguments[keyword.context - 1]?.start ?? msgidNode.start ?? 0)
              : (msgidNode.start ?? 0),
            keyword.context !== undefined
              ? (node.arguments[keyword.context - 1]?.loc?.start.line ?? 0)
              : (args[keyword.msgid - 1]?.line ?? 0),
          )
        : [];
    collector.addCall(file, {
      keyword,
      callee: calleeText(code, node.callee, 0),
      args,
      line: node.loc?.start.line ?? startLine,
      comments,
    });
  });
}

/** Collects `SourceComment`s of a script (for view engines that embed JS). */
export function scriptComments(comments: readonly Comment[]): SourceComment[] {
  return comments.map((c) => ({
    startLine: c.loc?.start.line ?? 0,
    endLine: c.loc?.end.line ?? 0,
    lines: commentLines(c.value),
  }));
}

import { messageKey } from 'localekit/formats';
import type { KeywordSpec } from './keywords.js';

/** One argument of a keyword call, as any front end (JS, Nunjucks, Handlebars) sees it. */
export interface CallArgument {
  /** The string value when the argument is a literal (or a concatenation of literals). */
  readonly value: string | undefined;
  /** 1-based line where the argument (its first string literal) starts. */
  readonly line: number;
}

/** A call to a keyword function found in a source file. */
export interface KeywordCall {
  readonly keyword: KeywordSpec;
  /** The name as written, for messages (`_`, `locale._`). */
  readonly callee: string;
  readonly args: readonly CallArgument[];
  /** Line of the call's opening, when no argument exists. */
  readonly line: number;
  /** Comment lines (`TRANSLATORS: …`) that apply, already cut to start at the tag. */
  readonly comments: readonly string[];
}

/** A message as the extractor found it, merged over every occurrence. */
export interface ExtractedMessage {
  readonly msgctxt: string | undefined;
  readonly msgid: string;
  msgidPlural: string | undefined;
  /** `file:line`, in order of appearance. */
  readonly references: string[];
  /** `#.` lines. */
  readonly comments: string[];
}

/** A non-literal argument or another thing the extractor could not take. */
export interface ExtractWarning {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/**
 * Collects occurrences in order of first appearance, merging by (msgctxt, msgid) as xgettext
 * does: references accumulate, a plural seen at any occurrence makes the entry plural, and a
 * comment is added once.
 */
export class MessageCollector {
  readonly messages = new Map<string, ExtractedMessage>();
  readonly warnings: ExtractWarning[] = [];

  warn(file: string, line: number, message: string): void {
    this.warnings.push({ file, line, message });
  }

  add(
    file: string,
    line: number,
    msgctxt: string | undefined,
    msgid: string,
    msgidPlural: string | undefined,
    comments: readonly string[],
  ): void {
    const key = messageKey(msgctxt, msgid);
    let message = this.messages.get(key);
    if (!message) {
      message = { msgctxt, msgid, msgidPlural, references: [], comments: [] };
      this.messages.set(key, message);
    }
    if (message.msgidPlural === undefined && msgidPlural !== undefined) {
      message.msgidPlural = msgidPlural;
    }
    const ref = `${file}:${line}`;
    if (!message.references.includes(ref)) message.references.push(ref);
    for (const c of comments) if (!message.comments.includes(c)) message.comments.push(c);
  }

  /** Applies a keyword spec to a call: the message, or a warning naming the bad argument. */
  addCall(file: string, call: KeywordCall): void {
    const { keyword, args } = call;
    const what = `${call.callee}()`;
    const arg = (n: number | undefined) => (n === undefined ? undefined : args[n - 1]);
    const msgidArg = arg(keyword.msgid);
    if (!msgidArg) {
      this.warn(file, call.line, `${what} without a message argument`);
      return;
    }
    if (msgidArg.value === undefined) {
      this.warn(file, msgidArg.line, `non-literal argument to ${what}`);
      return;
    }
    let msgctxt: string | undefined;
    if (keyword.context !== undefined) {
      const ctxArg = arg(keyword.context);
      if (!ctxArg || ctxArg.value === undefined) {
        this.warn(file, ctxArg?.line ?? call.line, `non-literal argument to ${what}`);
        return;
      }
      msgctxt = ctxArg.value;
    }
    let msgidPlural: string | undefined;
    const pluralArg = arg(keyword.plural);
    if (pluralArg) {
      if (pluralArg.value !== undefined) msgidPlural = pluralArg.value;
      else if (!keyword.autoPlural || args.length > (keyword.plural ?? 0)) {
        // `_(msg, plural, count)` with a computed plural: not guessed.
        this.warn(file, pluralArg.line, `non-literal argument to ${what}`);
        return;
      }
    }
    this.add(file, msgidArg.line, msgctxt, msgidArg.value, msgidPlural, call.comments);
  }
}

/** A comment in a source file, for `TRANSLATORS:` lookups. */
export interface SourceComment {
  readonly startLine: number;
  readonly endLine: number;
  /** Text lines, each trimmed, without comment markers. */
  readonly lines: readonly string[];
}

/**
 * The lines xgettext `--add-comments=TAG` keeps from a comment block: from the first line that
 * starts with the tag to the end, trailing empty lines dropped; none when no line has the tag.
 */
export function taggedLines(lines: readonly string[], tag: string): string[] {
  const start = lines.findIndex((l) => l.startsWith(tag));
  if (start < 0) return [];
  const kept = lines.slice(start);
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  return kept;
}

/** Comment text lines: `//` and `/* *\/` markers removed, each line trimmed. */
export function commentLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.trim());
}

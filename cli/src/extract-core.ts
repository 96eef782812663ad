import { messageKey } from 'localekit/formats';
import {
  appendComments,
  type CommentNotes,
  decideFormat,
  type FormatState,
  NO_NOTES,
  widenRange,
} from './extract-flags.js';
import type { KeywordSpec } from './keywords.js';

/** One argument of a keyword call, as any front end (JS, Nunjucks, Handlebars) sees it. */
export interface CallArgument {
  /** The string value when the argument is a literal (or a concatenation of literals). */
  readonly value: string | undefined;
  /** 1-based line where the argument (its first string literal) starts. */
  readonly line: number;
  /**
   * For a non-literal: whether it could hold a string at run time (a name, a call, a template
   * with substitutions), as opposed to an object, array, number or function literal.
   */
  readonly maybeString: boolean;
}

/** A call to a keyword function found in a source file. */
export interface KeywordCall {
  readonly keyword: KeywordSpec;
  /** The name as written, for messages (`_`, `locale._`). */
  readonly callee: string;
  readonly args: readonly CallArgument[];
  /** Line of the call's opening, when no argument exists. */
  readonly line: number;
  /** What the comment block before the message says (`TRANSLATORS:` lines, `xgettext:` flags). */
  readonly notes: CommentNotes;
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
  /** Format flags by language (`javascript`, `python`, …), as xgettext decides them. */
  readonly formats: Map<string, FormatState>;
  /** `range: min..max` from an `xgettext:` comment, widened over occurrences as xgettext does. */
  range: readonly [number, number] | undefined;
  /** `false` for `no-wrap` (`xgettext:no-wrap`). */
  wrap: boolean | undefined;
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
    notes: CommentNotes = NO_NOTES,
  ): void {
    const key = messageKey(msgctxt, msgid);
    let message = this.messages.get(key);
    if (!message) {
      message = {
        msgctxt,
        msgid,
        msgidPlural: undefined,
        references: [],
        comments: [],
        formats: new Map(),
        range: undefined,
        wrap: undefined,
      };
      this.messages.set(key, message);
    }
    // xgettext's remember_a_message: comment flags override, then the msgid is examined for
    // the formats still undecided; the plural is examined when it first arrives.
    for (const [format, state] of notes.formats) message.formats.set(format, state);
    if (notes.wrap !== undefined) message.wrap = notes.wrap;
    if (notes.range) message.range = widenRange(message.range, notes.range);
    appendComments(message.comments, notes.comments);
    decideFormat(message.formats, msgid, false);
    if (message.msgidPlural === undefined && msgidPlural !== undefined) {
      message.msgidPlural = msgidPlural;
      decideFormat(message.formats, msgidPlural, true);
    }
    const ref = `${file}:${line}`;
    if (!message.references.includes(ref)) message.references.push(ref);
  }

  /**
   * Applies a keyword spec to a call, as xgettext does: a literal message is taken whatever
   * follows it (`_('Text', {}, ['strong'])`); a non-literal message or context drops the call with
   * a warning; a plural argument that is not a literal is left out (the singular is kept) with a
   * warning when it could have been a string, and silently when it is a values object.
   */
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
      else if (
        !keyword.autoPlural ||
        (pluralArg.maybeString && args.length > (keyword.plural ?? 0))
      ) {
        // `_(msg, plural, count)` with a computed plural: the singular is extracted (as xgettext
        // does), the plural is not guessed.
        this.warn(
          file,
          pluralArg.line,
          `non-literal plural argument to ${what}; ${JSON.stringify(msgidArg.value)} extracted without msgid_plural`,
        );
      }
    }
    this.add(file, msgidArg.line, msgctxt, msgidArg.value, msgidPlural, call.notes);
  }
}

/** A comment in a source file, for `TRANSLATORS:` lookups. */
export interface SourceComment {
  readonly startLine: number;
  readonly endLine: number;
  /** Text lines, each trimmed, without comment markers. */
  readonly lines: readonly string[];
}

/** Comment text lines: `//` and `/* *\/` markers removed, each line trimmed. */
export function commentLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.trim());
}

import { LocaleKitError } from 'localekit';
import {
  makePoEntry,
  type PoDocumentLike,
  type PoEntry,
  serializePo,
  serializePoEntry,
} from 'localekit/formats';
import { canonicalCharset, encoderFor, UnencodableError } from './encode.js';

/**
 * PO bytes for the files the CLI writes: the document serialized as GNU writes it, encoded in
 * its charset (the one it was read in, as msgmerge keeps it; or `--to-code`'s). A character the
 * charset cannot hold is an `E_CHARSET` error naming the file and line it came from, never a `?`.
 */

/** Where an entry of a document being written came from, for errors. */
export type EntryOrigin = (entry: PoEntry) => { file: string; line: number } | undefined;

/** The header entry with `charset=` of its `Content-Type` set to `charset` (as msgconv does). */
export function withCharset(header: PoEntry | undefined, charset: string): PoEntry | undefined {
  if (!header) return header;
  const text = header.msgstr[0] ?? '';
  const name = canonicalCharset(charset);
  const replaced = /^(Content-Type:[^\n]*charset=)[^\s;\n]*/im.test(text)
    ? text.replace(/^(Content-Type:[^\n]*charset=)[^\s;\n]*/im, `$1${name}`)
    : `${text}Content-Type: text/plain; charset=${name}\n`;
  return makePoEntry({ ...header, msgstr: [replaced, ...header.msgstr.slice(1)] });
}

/**
 * Serializes and encodes `doc` in `charset`.
 * @throws LocaleKitError `E_CHARSET`: an unknown charset, or a character it cannot hold (with the
 *   file and line `origin` gives for the entry that holds it, else the output file).
 */
export function encodePo(
  doc: PoDocumentLike,
  charset: string,
  output: string,
  origin: EntryOrigin = () => undefined,
): Uint8Array {
  const encode = encoderFor(charset);
  if (!encode) {
    throw new LocaleKitError('E_CHARSET', `cannot encode the charset ${charset}`, {
      file: output,
      hint: 'use --to-code UTF-8 (or another charset iconv knows)',
    });
  }
  const text = serializePo(doc);
  try {
    return encode(text);
  } catch (error) {
    if (!(error instanceof UnencodableError)) throw error;
    const culprit = [doc.header, ...doc.entries].find((e) => {
      if (!e) return false;
      try {
        encode(serializePoEntry(e).join('\n'));
        return false;
      } catch {
        return true;
      }
    });
    const where = culprit ? origin(culprit) : undefined;
    const line = where?.line || undefined;
    throw new LocaleKitError(
      'E_CHARSET',
      `${error.message}${culprit ? ` (in ${JSON.stringify(culprit.msgid.slice(0, 60))})` : ''}; ${output} was not written`,
      {
        file: where?.file ?? output,
        line,
        hint: 'write it with --to-code UTF-8, or change the text',
      },
    );
  }
}

import { charsetOfContentType } from './charset.js';

/**
 * The header entry of a gettext catalog (`msgid ""`): its `Name: value` fields, and the one
 * reader of its charset that every parser and writer uses.
 */

/**
 * Header fields of a header `msgstr`, in order, as Python's `gettext` splits them ("Name: value"
 * lines; a line without a colon continues the previous field). A repeated name: the last wins.
 */
export function parseHeaderFields(msgstr: string): Map<string, string> {
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const raw of msgstr.split('\n')) {
    const colon = raw.indexOf(':');
    if (colon !== -1) {
      last = raw.slice(0, colon).trim();
      headers.set(last, raw.slice(colon + 1).trim());
    } else if (last !== undefined && raw.trim() !== '') {
      headers.set(last, `${headers.get(last)}\n${raw}`);
    }
  }
  return headers;
}

/** A header field by name, ignoring case (gettext tools write `Content-Type`, people don't). */
export function headerField(
  headers: ReadonlyMap<string, string>,
  name: string,
): string | undefined {
  const exact = headers.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/**
 * The charset a header declares: `charset=` in its `Content-Type` field (`text/plain;
 * charset=ISO-8859-2` → `ISO-8859-2`), or `undefined`. Takes the header's text (a header entry's
 * `msgstr`) or its parsed fields. The POT placeholder `CHARSET` comes back as written; what it
 * means (UTF-8) is `decoderForCharset`'s business. This is the only reader of the header charset:
 * the PO and MO parsers and the writers all call it, so they cannot disagree.
 */
export function charsetOfHeader(header: string | ReadonlyMap<string, string>): string | undefined {
  const fields = typeof header === 'string' ? parseHeaderFields(header) : header;
  const contentType = headerField(fields, 'Content-Type');
  return contentType === undefined ? undefined : charsetOfContentType(contentType);
}

import { CONTEXT_SEPARATOR } from './catalog.js';
import { LocaleKitError } from '../errors.js';
import { charsetOfHeader } from './header.js';

/** One message to compile: what a PO entry holds, decoded. */
export interface MoMessage {
  readonly msgctxt?: string | undefined;
  readonly msgid: string;
  readonly msgidPlural?: string | undefined;
  /** `msgstr`, or `msgstr[0..n-1]` for a plural entry. */
  readonly msgstr: readonly string[];
  /** Entries flagged `fuzzy` are left out, as `msgfmt` does without `--use-fuzzy`. */
  readonly fuzzy?: boolean;
}

/** Options of `compileMo`. */
export interface CompileMoOptions {
  /**
   * Charset to encode with; normally the `charset=` of the header's `Content-Type`, which is
   * what `compileMo` reads when this is not given. `UTF-8`, `ISO-8859-1` (`latin1`) and `ASCII`
   * are supported; others are an `E_CHARSET` error.
   */
  readonly charset?: string;
  /** Write GNU's hash table, as `msgfmt` does. @default true */
  readonly hashTable?: boolean;
  /** For error messages. */
  readonly file?: string;
  /**
   * Encodes a string into `charset`'s bytes; given, it replaces the built-in encoders (UTF-8,
   * ISO-8859-1, ASCII), so any charset can be written (the CLI passes iconv-lite's). It should
   * throw on a character the charset cannot hold, never substitute one.
   */
  readonly encode?: (text: string) => Uint8Array;
}

/** The `charset=` of a PO header's `Content-Type`, or `undefined` (`charsetOfHeader`, kept by this name). */
export function headerCharset(header: string): string | undefined {
  return charsetOfHeader(header);
}

type Encoder = (text: string) => Uint8Array;

/**
 * The header as msgfmt (GNU gettext ≥ 0.20) writes it into the `.mo`: without the
 * `POT-Creation-Date` field, for reproducible builds. As write-mo.c does it: the first line that
 * starts with exactly `POT-Creation-Date:` (case-sensitive) is removed up to and including its
 * `\n` (to the end when there is none); other lines, and later repetitions, stay.
 */
export function moHeader(header: string): string {
  const field = 'POT-Creation-Date:';
  const at = header.startsWith(field) ? 0 : header.indexOf(`\n${field}`) + 1;
  if (at === 0 && !header.startsWith(field)) return header;
  const nl = header.indexOf('\n', at);
  return header.slice(0, at) + (nl === -1 ? '' : header.slice(nl + 1));
}

function encoderFor(charset: string, file: string | undefined): Encoder {
  const name = charset.toLowerCase().replace(/[^a-z0-9]/g, '');
  // `CHARSET` is the placeholder xgettext writes; msgfmt treats the file as ASCII/UTF-8.
  if (name === 'utf8' || name === 'charset') return (text) => Buffer.from(text, 'utf8');
  if (name === 'iso88591' || name === 'latin1' || name === 'ascii' || name === 'usascii') {
    const limit = name.includes('ascii') ? 0x7f : 0xff;
    return (text) => {
      for (let i = 0; i < text.length; i++) {
        if (text.charCodeAt(i) > limit) {
          throw new LocaleKitError(
            'E_CHARSET',
            `character ${JSON.stringify(text[i])} cannot be written in ${charset}`,
            { file, hint: 'change the charset in Content-Type to UTF-8' },
          );
        }
      }
      return Buffer.from(text, 'latin1');
    };
  }
  throw new LocaleKitError('E_CHARSET', `cannot encode the charset ${charset}`, {
    file,
    hint: 'convert the catalog to UTF-8 (msgconv --to-code=UTF-8) or ISO-8859-1',
  });
}

/** GNU gettext's `hash_string` (hash-string.c, "hashpjw"), over bytes up to the first NUL. */
export function gettextHash(bytes: Uint8Array): number {
  let hval = 0;
  for (const byte of bytes) {
    if (byte === 0) break;
    hval = ((hval << 4) + byte) >>> 0;
    const g = hval & 0xf0000000;
    if (g !== 0) {
      hval = (hval ^ (g >>> 24)) >>> 0;
      hval = (hval ^ g) >>> 0;
    }
  }
  return hval;
}

/** GNU's is_prime (write-mo.c), quirk included: it is only called with odd numbers and says 3 is not prime. */
function gnuIsPrime(candidate: number): boolean {
  let divn = 3;
  let sq = divn * divn;
  while (sq < candidate && candidate % divn !== 0) {
    divn++;
    sq += 4 * divn;
    divn++;
  }
  return candidate % divn !== 0;
}

/** msgfmt's hash table size: next_prime(4n/3) as write-mo.c computes it, at least 3. */
function hashTableSize(count: number): number {
  let size = Math.floor((count * 4) / 3) | 1;
  while (!gnuIsPrime(size)) size += 2;
  return size <= 2 ? 3 : size;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * A GNU MO file (revision 0, little-endian) from the messages and the header text: the header
 * (msgid "") first, then every non-fuzzy translated message sorted by msgid bytes as msgfmt sorts
 * them; `ctx\x04id` keys for contexts, `\0`-joined plural forms; strings in the header's charset;
 * the header without `POT-Creation-Date`, as msgfmt ≥ 0.20 writes it (see `moHeader`).
 * Untranslated messages (every msgstr empty) are left out, as msgfmt leaves them out.
 */
export function compileMo(
  header: string | undefined,
  messages: Iterable<MoMessage>,
  options: CompileMoOptions = {},
): Uint8Array {
  const charset = options.charset ?? (header ? headerCharset(header) : undefined) ?? 'UTF-8';
  const encode = options.encode ?? encoderFor(charset, options.file);
  const pairs: { id: Uint8Array; str: Uint8Array }[] = [];
  const seen = new Set<string>();
  if (header !== undefined) {
    pairs.push({ id: new Uint8Array(0), str: encode(moHeader(header)) });
    seen.add('');
  }
  for (const m of messages) {
    if (m.fuzzy || m.msgid === '') continue;
    if (m.msgstr.every((s) => s === '')) continue;
    const key = m.msgctxt === undefined ? m.msgid : m.msgctxt + CONTEXT_SEPARATOR + m.msgid;
    if (seen.has(key)) continue;
    seen.add(key);
    const id = m.msgidPlural === undefined ? key : `${key}\0${m.msgidPlural}`;
    const str = m.msgidPlural === undefined ? (m.msgstr[0] ?? '') : m.msgstr.join('\0');
    pairs.push({ id: encode(id), str: encode(str) });
  }
  pairs.sort((a, b) => compareBytes(a.id, b.id));

  const n = pairs.length;
  const hashSize = options.hashTable === false ? 0 : hashTableSize(n);
  const origTable = 28;
  const transTable = origTable + n * 8;
  const hashOffset = transTable + n * 8;
  let stringsOffset = hashOffset + hashSize * 4;
  const total =
    stringsOffset + pairs.reduce((sum, p) => sum + p.id.length + 1 + p.str.length + 1, 0);
  const buf = new Uint8Array(total);
  const view = new DataView(buf.buffer);
  view.setUint32(0, 0x950412de, true);
  view.setUint32(4, 0, true);
  view.setUint32(8, n, true);
  view.setUint32(12, origTable, true);
  view.setUint32(16, transTable, true);
  view.setUint32(20, hashSize, true);
  view.setUint32(24, hashOffset, true);
  // msgfmt writes all original strings, then all translations, each NUL-terminated.
  pairs.forEach((p, i) => {
    view.setUint32(origTable + i * 8, p.id.length, true);
    view.setUint32(origTable + i * 8 + 4, stringsOffset, true);
    buf.set(p.id, stringsOffset);
    stringsOffset += p.id.length + 1;
  });
  pairs.forEach((p, i) => {
    view.setUint32(transTable + i * 8, p.str.length, true);
    view.setUint32(transTable + i * 8 + 4, stringsOffset, true);
    buf.set(p.str, stringsOffset);
    stringsOffset += p.str.length + 1;
  });
  if (hashSize > 0) {
    // Open addressing with double hashing, exactly as msgfmt fills it (write-mo.c).
    const table = new Uint32Array(hashSize);
    pairs.forEach((p, i) => {
      const hval = gettextHash(p.id);
      let idx = hval % hashSize;
      const incr = 1 + (hval % (hashSize - 2));
      while (table[idx] !== 0) idx = idx >= hashSize - incr ? idx - (hashSize - incr) : idx + incr;
      table[idx] = i + 1;
    });
    table.forEach((v, i) => {
      view.setUint32(hashOffset + i * 4, v, true);
    });
  }
  return buf;
}

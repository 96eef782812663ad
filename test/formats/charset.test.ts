/**
 * Charsets decoded as Python's `bytes.decode` and GNU iconv decode them, not as the WHATWG
 * `TextDecoder` does: every byte sequence of every table-corrected charset against Python, and
 * real Debian catalogs converted by GNU `msgconv` into legacy charsets, read back equal to the
 * UTF-8 original.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHARSET_FIXES } from '../../src/formats/charset-fixes.js';
import { charsetOfContentType, decoderForCharset } from '../../src/formats/charset.js';
import { charsetOfHeader } from '../../src/formats/header.js';
import { parseMo } from '../../src/formats/mo.js';
import { parsePo } from '../../src/formats/po.js';

const GENERATOR = join(import.meta.dirname, '../../scripts/gen-charset-fixes.py');
const TMP = mkdtempSync(join(tmpdir(), 'localekit-charset-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function decode(charset: string, bytes: Uint8Array): string | null {
  const decoder = decoderForCharset(charset);
  if (decoder === undefined) throw new Error(`no decoder for ${charset}`);
  try {
    return decoder(bytes, 0, bytes.length);
  } catch {
    return null;
  }
}

describe('the differences from TextDecoder that matter', () => {
  it.each([
    ['EUC-JP', [0xa1, 0xc1], '\u301c'], // WAVE DASH; WHATWG: U+FF5E
    ['EUC-JP', [0xa1, 0xdd], '\u2212'], // MINUS SIGN; WHATWG: U+FF0D
    ['SHIFT_JIS', [0x81, 0x60], '\u301c'],
    ['ISO-8859-9', [0x80], '\u0080'], // WHATWG reads ISO-8859-9 as windows-1254: U+20AC
    ['CP1252', [0x81], null], // undefined in cp1252; WHATWG: U+0081
    ['EUC-KR', [0x81, 0x41], null], // a CP949 extension, not EUC-KR (Node's ICU even gives "A")
    ['GB2312', [0x81, 0x40], null], // GBK, not GB2312
    ['ISO-8859-16', [0xa4], '\u20ac'], // TextDecoder has no ISO-8859-16
    ['CP850', [0x82], 'é'],
    ['KOI8-R', [0xc1], 'а'],
  ])('%s %j → %j', (charset, bytes, expected) => {
    expect(decode(charset, Uint8Array.from(bytes))).toBe(expected);
  });

  it('fixed sequences amid ordinary text keep their place', () => {
    const bytes = Uint8Array.from([0x41, 0xa4, 0xa2, 0xa1, 0xc1, 0xa4, 0xa4, 0x42]); // Aあ〜いB
    expect(decode('EUC-JP', bytes)).toBe('Aあ〜いB');
    expect(decode('eucJP', bytes)).toBe('Aあ〜いB');
    expect(decode('EUC-JP', bytes.subarray(0, 4))).toBeNull(); // cut inside a sequence
  });
});

describe('every byte sequence agrees with Python', () => {
  it.each([...CHARSET_FIXES.keys()])('%s', (charset) => {
    const oracle = JSON.parse(
      execFileSync('python3', [GENERATOR, '--oracle', charset], {
        maxBuffer: 64 * 1024 * 1024,
      }).toString(),
    ) as [string, string | null][];
    expect(oracle.length).toBeGreaterThanOrEqual(128);
    const wrong: string[] = [];
    for (const [hex, expected] of oracle) {
      const got = decode(charset, Buffer.from(hex, 'hex'));
      if (got !== expected)
        wrong.push(`${hex}: ${JSON.stringify(got)} ≠ ${JSON.stringify(expected)}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});

describe('the header charset reader', () => {
  it.each([
    ['Content-Type: text/plain; charset=ISO-8859-2\n', 'ISO-8859-2'],
    ['content-type: text/plain;charset = EUC-JP\nX: y\n', 'EUC-JP'],
    ['Project-Id-Version: x\nContent-Type: text/plain; charset=CHARSET\n', 'CHARSET'],
    ['Project-Id-Version: x\n', undefined],
  ])('%j → %j', (header, expected) => {
    expect(charsetOfHeader(header)).toBe(expected);
  });

  it('reads charset= linearly on a long hostile value', () => {
    const value = `${'charset '.repeat(100_000)}charset=KOI8-R`;
    expect(charsetOfContentType(value)).toBe('KOI8-R');
  });
});

/** Debian catalogs converted with msgconv: [charset, locale, domains to try (first that fits)]. */
const CONVERSIONS: readonly [string, string, readonly string[]][] = [
  ['EUC-JP', 'ja', ['apt', 'coreutils', 'grep']],
  ['SHIFT_JIS', 'ja', ['apt', 'grep', 'coreutils']],
  ['EUC-KR', 'ko', ['apt', 'grep', 'coreutils', 'dpkg']],
  ['BIG5', 'zh_TW', ['apt', 'grep', 'coreutils', 'dpkg']],
  ['GB2312', 'zh_CN', ['apt', 'grep', 'coreutils', 'dpkg']],
  ['KOI8-R', 'ru', ['apt', 'grep', 'gnupg2', 'pg_ctl-15']],
  ['KOI8-U', 'uk', ['apt', 'grep']],
  ['ISO-8859-2', 'pl', ['apt', 'grep']],
  ['ISO-8859-9', 'tr', ['apt', 'grep', 'coreutils']],
];

describe('Debian catalogs converted by msgconv read back as the UTF-8 original', () => {
  it.each(CONVERSIONS)('%s (%s)', (charset, locale, domains) => {
    let compared = 0;
    for (const domain of domains) {
      const mo = `/usr/share/locale/${locale}/LC_MESSAGES/${domain}.mo`;
      if (!existsSync(mo)) continue;
      const utf8Po = join(TMP, `${locale}-${domain}.po`);
      const legacyPo = join(TMP, `${locale}-${domain}.${charset}.po`);
      const legacyMo = join(TMP, `${locale}-${domain}.${charset}.mo`);
      execFileSync('msgunfmt', ['-o', utf8Po, mo]);
      const conv = spawnSync('msgconv', ['-t', charset, '-o', legacyPo, utf8Po]);
      if (conv.status !== 0) continue; // the text does not fit this charset
      execFileSync('msgfmt', ['-o', legacyMo, legacyPo]);
      const original = parseMo(readFileSync(mo));
      const fromPo = parsePo(readFileSync(legacyPo));
      const fromMo = parseMo(readFileSync(legacyMo));
      expect(charsetOfHeader(fromPo.headers)?.toUpperCase()).toBe(charset);
      expect(fromPo.messages.size).toBeGreaterThan(20);
      for (const c of [fromPo, fromMo]) {
        expect(new Map(c.messages)).toEqual(new Map(original.messages));
        expect(new Map(c.pluralForms)).toEqual(new Map(original.pluralForms));
      }
      compared++;
      break;
    }
    expect(compared).toBe(1);
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMo } from '../../src/formats/mo.js';
import { readFileSync } from 'node:fs';
import {
  BREAK_POSSIBLE,
  BREAK_UNDEFINED,
  columnWidth,
  widthBreaks,
} from '../../src/formats/linebreak.js';

/**
 * The oracle is libunistring itself (the library GNU gettext 0.21 wraps PO lines with), called
 * through Python's ctypes: `u8_width_linebreaks` (what `ulc_width_linebreaks` runs after converting
 * to UTF-8) and `uc_width` on text from real catalogs.
 */
const haveLib =
  spawnSync('python3', ['-c', 'import ctypes; ctypes.CDLL("libunistring.so.2")']).status === 0;

const ORACLE = `
import ctypes, json, sys
L = ctypes.CDLL('libunistring.so.2')
L.u8_width_linebreaks.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
    ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
L.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
L.uc_width.restype = ctypes.c_int
job = json.load(sys.stdin)
out = {'breaks': [], 'widths': []}
for text in job['texts']:
    b = text.encode('utf-8')
    p = ctypes.create_string_buffer(len(b))
    L.u8_width_linebreaks(b, len(b), job['width'], job['start'], 0, None, job['encoding'].encode(), p)
    res, i = [], 0
    for k, ch in enumerate(text):
        if p.raw[i] == 2:
            res.append(k)
        i += len(ch.encode('utf-8'))
    out['breaks'].append(res)
for cp in job['codepoints']:
    out['widths'].append(L.uc_width(cp, job['encoding'].encode()))
json.dump(out, sys.stdout)
`;

function oracle(
  texts: string[],
  width: number,
  start: number,
  encoding: string,
  codepoints: number[] = [],
) {
  const out = execFileSync('python3', ['-c', ORACLE], {
    input: JSON.stringify({ texts, width, start, encoding, codepoints }),
    maxBuffer: 256 << 20,
  });
  return JSON.parse(out.toString()) as { breaks: number[][]; widths: number[] };
}

function ours(text: string, width: number, start: number, cjk: boolean): number[] {
  const chars = Array.from(text);
  const cps = chars.map((c) => c.codePointAt(0) as number);
  const p = widthBreaks(cps, width, start, new Uint8Array(cps.length).fill(BREAK_UNDEFINED), cjk);
  // Report positions in UTF-16 code units' character index, as the oracle does (per character).
  const res: number[] = [];
  p.forEach((v, i) => {
    if (v === BREAK_POSSIBLE) res.push(i);
  });
  return res;
}

const CATALOGS = [
  'fr/LC_MESSAGES/apt.mo',
  'pl/LC_MESSAGES/dpkg.mo',
  'ru/LC_MESSAGES/apt.mo',
  'ja/LC_MESSAGES/apt.mo',
  'zh_TW/LC_MESSAGES/dpkg.mo',
  'ko/LC_MESSAGES/apt.mo',
  'ar/LC_MESSAGES/gdk-pixbuf.mo',
].filter((p) => existsSync(`/usr/share/locale/${p}`));

function texts(): string[] {
  const all: string[] = [];
  for (const p of CATALOGS) {
    const c = parseMo(readFileSync(`/usr/share/locale/${p}`));
    for (const [k, v] of c.messages) all.push(k, v);
    for (const forms of c.pluralForms.values()) all.push(...forms);
  }
  // One portion per line, as the PO writer hands them over.
  return all.flatMap((t) => t.split('\n')).filter((t) => t.length > 0);
}

describe.skipIf(!haveLib || CATALOGS.length === 0)(
  'line breaking = libunistring (GNU gettext)',
  () => {
    const sample = texts();

    it('breaks every line of real catalogs where libunistring does (UTF-8, width 70)', () => {
      const expected = oracle(sample, 70, 7, 'UTF-8').breaks;
      let differ = 0;
      const firstDiffs: string[] = [];
      sample.forEach((t, i) => {
        const got = ours(t, 70, 7, false);
        if (JSON.stringify(got) !== JSON.stringify(expected[i])) {
          differ++;
          if (firstDiffs.length < 3) firstDiffs.push(t);
        }
      });
      expect(sample.length).toBeGreaterThan(5000);
      expect({ differ, firstDiffs }).toEqual({ differ: 0, firstDiffs: [] });
    });

    it('in a legacy CJK charset (EUC-JP) too, where ambiguous characters are wide', () => {
      const expected = oracle(sample, 40, 0, 'EUC-JP').breaks;
      const differ = sample.filter(
        (t, i) => JSON.stringify(ours(t, 40, 0, true)) !== JSON.stringify(expected[i]),
      );
      expect(differ.slice(0, 3)).toEqual([]);
    });

    it('column widths are uc_width for every BMP code point (UTF-8 and EUC-KR)', () => {
      const cps = Array.from({ length: 0xffff }, (_, i) => i + 1).filter(
        (c) => c < 0xd800 || c > 0xdfff,
      );
      for (const [encoding, cjk] of [
        ['UTF-8', false],
        ['EUC-KR', true],
      ] as const) {
        const widths = oracle([], 70, 0, encoding, cps).widths;
        const wrong = cps.filter((c, i) => columnWidth(c, cjk) !== widths[i]);
        expect([encoding, wrong.slice(0, 5)]).toEqual([encoding, []]);
      }
    });
  },
);

describe.skipIf(spawnSync('msgcat', ['--version']).status !== 0)(
  'the PO writer wraps as msgcat',
  () => {
    it('rewraps #| and #~| lines made by another tool as GNU does', async () => {
      const { parsePoDocument, serializePo } = await import('../../src/formats/index.js');
      const po = `msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

#, fuzzy
#| msgid "A very long previous message that was wrapped differently by some other tool "
#| "than GNU"
msgid "x"
msgstr "y"

#, fuzzy
#~| msgid "Another very long previous message in an obsolete entry that GNU wraps"
#~ msgid "z"
#~ msgstr "w"
`;
      const gnu = execFileSync('msgcat', ['-'], { input: po }).toString();
      expect(serializePo(parsePoDocument(po))).toBe(gnu);
    });
  },
);

#!/usr/bin/env python3
"""Generates src/formats/charset-fixes.ts: where Node's TextDecoder (the WHATWG Encoding standard)
decodes a legacy gettext charset differently from Python's `bytes.decode` (the runtime's oracle,
what Python's gettext returns) and glibc's iconv (what msgfmt/msgconv use).

For every byte sequence a catalog can hold in the charset (all single bytes; every lead byte with
every byte after it; EUC-JP's 0x8F three-byte JIS X 0212 sequences) it decodes the sequence alone
with Python, with glibc (through ctypes) and with TextDecoder (fatal), and records each sequence
where TextDecoder differs from Python: the text Python gives, or "invalid". Charsets TextDecoder
does not know at all get their whole upper half (single-byte charsets only). Sequences where
Python and glibc disagree are counted and printed (Python is followed: it is the oracle).

    python3 scripts/gen-charset-fixes.py > src/formats/charset-fixes.ts
    python3 scripts/gen-charset-fixes.py --oracle EUC-JP   # Python's answers, for the tests
"""
import ctypes
import ctypes.util
import json
import subprocess
import sys

libc = ctypes.CDLL(ctypes.util.find_library('c'), use_errno=True)
libc.iconv_open.restype = ctypes.c_void_p
libc.iconv_open.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
libc.iconv.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p),
                       ctypes.POINTER(ctypes.c_size_t), ctypes.POINTER(ctypes.c_char_p),
                       ctypes.POINTER(ctypes.c_size_t)]
libc.iconv.restype = ctypes.c_size_t
libc.iconv_close.argtypes = [ctypes.c_void_p]


def glibc(name, seq):
    cd = libc.iconv_open(b'UTF-8', name.encode())
    if cd == ctypes.c_void_p(-1).value:
        raise SystemExit(f'glibc has no {name}')
    try:
        inb = ctypes.create_string_buffer(seq, len(seq))
        inp = ctypes.c_char_p(ctypes.addressof(inb))
        inl = ctypes.c_size_t(len(seq))
        out = ctypes.create_string_buffer(64)
        outp = ctypes.c_char_p(ctypes.addressof(out))
        outl = ctypes.c_size_t(64)
        r = libc.iconv(cd, ctypes.byref(inp), ctypes.byref(inl), ctypes.byref(outp), ctypes.byref(outl))
        if r == ctypes.c_size_t(-1).value or inl.value != 0:
            return None
        # flush (stateful encodings)
        return out.raw[:64 - outl.value].decode('utf-8')
    finally:
        libc.iconv_close(cd)


def python(codec, seq):
    try:
        return seq.decode(codec)
    except UnicodeDecodeError:
        return None


# gettext name -> (python codec, glibc name, WHATWG label or None, structure)
CHARSETS = {
    'ISO-8859-2': ('iso8859_2', 'ISO-8859-2', 'iso-8859-2', 'single'),
    'ISO-8859-3': ('iso8859_3', 'ISO-8859-3', 'iso-8859-3', 'single'),
    'ISO-8859-4': ('iso8859_4', 'ISO-8859-4', 'iso-8859-4', 'single'),
    'ISO-8859-5': ('iso8859_5', 'ISO-8859-5', 'iso-8859-5', 'single'),
    'ISO-8859-6': ('iso8859_6', 'ISO-8859-6', 'iso-8859-6', 'single'),
    'ISO-8859-7': ('iso8859_7', 'ISO-8859-7', 'iso-8859-7', 'single'),
    'ISO-8859-8': ('iso8859_8', 'ISO-8859-8', 'iso-8859-8', 'single'),
    'ISO-8859-9': ('iso8859_9', 'ISO-8859-9', 'iso-8859-9', 'single'),
    'ISO-8859-10': ('iso8859_10', 'ISO-8859-10', 'iso-8859-10', 'single'),
    'ISO-8859-11': ('iso8859_11', 'ISO-8859-11', 'iso-8859-11', 'single'),
    'ISO-8859-13': ('iso8859_13', 'ISO-8859-13', 'iso-8859-13', 'single'),
    'ISO-8859-14': ('iso8859_14', 'ISO-8859-14', 'iso-8859-14', 'single'),
    'ISO-8859-15': ('iso8859_15', 'ISO-8859-15', 'iso-8859-15', 'single'),
    'ISO-8859-16': ('iso8859_16', 'ISO-8859-16', None, 'single'),
    'KOI8-R': ('koi8_r', 'KOI8-R', 'koi8-r', 'single'),
    'KOI8-U': ('koi8_u', 'KOI8-U', 'koi8-u', 'single'),
    'KOI8-T': ('koi8_t', 'KOI8-T', None, 'single'),
    'CP850': ('cp850', 'CP850', None, 'single'),
    'CP866': ('cp866', 'CP866', 'ibm866', 'single'),
    'CP874': ('cp874', 'CP874', 'windows-874', 'single'),
    'TIS-620': ('tis_620', 'TIS-620', 'windows-874', 'single'),
    'CP1250': ('cp1250', 'CP1250', 'windows-1250', 'single'),
    'CP1251': ('cp1251', 'CP1251', 'windows-1251', 'single'),
    'CP1252': ('cp1252', 'CP1252', 'windows-1252', 'single'),
    'CP1253': ('cp1253', 'CP1253', 'windows-1253', 'single'),
    'CP1254': ('cp1254', 'CP1254', 'windows-1254', 'single'),
    'CP1255': ('cp1255', 'CP1255', 'windows-1255', 'single'),
    'CP1256': ('cp1256', 'CP1256', 'windows-1256', 'single'),
    'CP1257': ('cp1257', 'CP1257', 'windows-1257', 'single'),
    'CP1258': ('cp1258', 'CP1258', 'windows-1258', 'single'),
    'EUC-JP': ('euc_jp', 'EUC-JP', 'euc-jp', 'euc-jp'),
    'SHIFT_JIS': ('shift_jis', 'SHIFT_JIS', 'shift_jis', 'sjis'),
    'CP932': ('cp932', 'CP932', 'shift_jis', 'sjis'),
    'EUC-KR': ('euc_kr', 'EUC-KR', 'euc-kr', 'dbcs'),
    'GB2312': ('gb2312', 'EUC-CN', 'gbk', 'dbcs'),
    'GBK': ('gbk', 'GBK', 'gbk', 'dbcs'),
    'GB18030': ('gb18030', 'GB18030', 'gb18030', 'gb18030'),
    'BIG5': ('big5', 'BIG5', 'big5', 'dbcs'),
    'CP950': ('cp950', 'CP950', 'big5', 'dbcs'),
}


def sequences(structure):
    for b in range(0x80, 0x100):
        yield bytes([b])
    if structure == 'single':
        return
    leads = range(0x81, 0xFF)
    if structure == 'euc-jp':
        leads = [0x8E] + list(range(0xA1, 0xFF))
    if structure == 'sjis':
        leads = list(range(0x81, 0xA0)) + list(range(0xE0, 0xFD))
    for lead in leads:
        for trail in range(0x00, 0x100):
            if structure == 'gb18030' and 0x30 <= trail <= 0x39:
                continue  # a four-byte sequence: left to TextDecoder
            yield bytes([lead, trail])
    if structure == 'euc-jp':
        for b2 in range(0xA1, 0xFF):
            for b3 in range(0xA1, 0xFF):
                yield bytes([0x8F, b2, b3])


def pack(fixes):
    """`hex=text` items, runs merged: `a-b=` (all invalid), `a-b=u+` (one unit each, counting up)."""
    items = []
    for f in fixes:
        key, text = f.split('=')
        k = int(key, 16)
        one = text != '' and '.' not in text
        v = int(text, 16) if one else None
        last = items[-1] if items else None
        if last and last['end'] + 1 == k and len(key) == last['len']:
            if text == '' and last['text'] == '':
                last['end'] = k
                continue
            if one and last['step'] is not None and last['step'] + (k - last['start']) == v:
                last['end'] = k
                continue
        items.append({'start': k, 'end': k, 'len': len(key), 'text': text, 'step': v})
    parts = []
    for it in items:
        key = f"{it['start']:0{it['len']}x}"
        if it['end'] == it['start']:
            parts.append(f"{key}={it['text']}")
        elif it['text'] == '':
            parts.append(f"{key}-{it['end']:0{it['len']}x}=")
        else:
            parts.append(f"{key}-{it['end']:0{it['len']}x}={it['text']}+")
    return ' '.join(parts)


def units(text):
    b = text.encode('utf-16-be')
    return '.'.join(f'{int.from_bytes(b[i:i + 2], "big"):x}' for i in range(0, len(b), 2))


NODE = r'''
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter(Boolean);
const label = process.argv[1];
const d = label === 'none' ? undefined : new TextDecoder(label, { fatal: true });
const out = lines.map((hex) => {
  if (!d) return null;
  try { return d.decode(Buffer.from(hex, 'hex')); } catch { return null; }
});
process.stdout.write(JSON.stringify(out));
'''


def main():
    out = ['/* Generated by scripts/gen-charset-fixes.py: do not edit. */', '',
           '/**',
           ' * Per charset: how TextDecoder (WHATWG) must be corrected to decode as Python and glibc do.',
           ' * `base`: the TextDecoder label the rest is decoded with (`undefined`: none, the table is',
           ' * complete). `fixes`: space-separated `hex=text`, the text as hex UTF-16 code units',
           ' * joined by `.`; an empty text means the sequence is invalid in the charset.',
           ' */',
           'export const CHARSET_FIXES: ReadonlyMap<string, { readonly base: string | undefined; readonly structure: string; readonly fixes: string }> = new Map([']
    report = []
    for name, (codec, gname, label, structure) in CHARSETS.items():
        seqs = list(sequences(structure))
        hexes = [s.hex() for s in seqs]
        node = subprocess.run(['node', '-e', NODE, label or 'none'], input='\n'.join(hexes),
                              capture_output=True, text=True, check=True)
        wh = json.loads(node.stdout)
        fixes = []
        disagree = 0
        for seq, w in zip(seqs, wh):
            p = python(codec, seq)
            g = glibc(gname, seq)
            if p != g:
                disagree += 1
            if p != w:
                fixes.append(seq.hex() + '=' + ('' if p is None else units(p)))
        packed = pack(fixes)
        report.append(f'{name}: {len(seqs)} sequences, {len(fixes)} fixed, python/glibc disagree on {disagree}, {len(packed)} chars')
        out.append(f"  ['{name}', {{ base: {json.dumps(label) if label else 'undefined'}, structure: '{structure}', fixes: '{packed}' }}],")
    out.append(']);')
    print('\n'.join(out))
    print('\n'.join(report), file=sys.stderr)


def oracle(name):
    """`--oracle NAME`: Python's decoding of every sequence of NAME, as JSON [[hex, text|null]…]."""
    codec, _, _, structure = CHARSETS[name]
    print(json.dumps([[s.hex(), python(codec, s)] for s in sequences(structure)]))


if len(sys.argv) == 3 and sys.argv[1] == '--oracle':
    oracle(sys.argv[2])
else:
    main()

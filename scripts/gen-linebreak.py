#!/usr/bin/env python3
"""Generates src/formats/linebreak-data.ts: the tables GNU gettext's PO writer wraps lines with.

GNU msgmerge/msgcat/xgettext 0.21 break long strings with libunistring's `ulc_width_linebreaks`
(Unicode line breaking, UAX #14, and `uc_width` columns). This script reads, on a machine with
GNU gettext's libunistring (libunistring.so.2) and Perl:
  - the Line_Break property of every code point from Perl's Unicode::UCD (Unicode 14, the
    version libunistring 1.0 is built from), corrected where libunistring's own classes differ
    (found by comparing breaks around every BMP character with the library's);
  - the pair table: for each two classes X, Y, whether libunistring breaks between them directly
    (D), only across spaces (I), or never (P), asked of the library itself;
  - the column width of every code point, from libunistring's `uc_width`.
Run: python3 scripts/gen-linebreak.py > src/formats/linebreak-data.ts
"""
import ctypes, subprocess, sys

L = ctypes.CDLL('libunistring.so.2')
L.u8_possible_linebreaks.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_char_p]
L.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
L.uc_width.restype = ctypes.c_int

CLASSES = ['OP', 'CL', 'CP', 'QU', 'GL', 'NS', 'EX', 'SY', 'IS', 'PR', 'PO', 'NU', 'AL', 'HL', 'ID',
           'IN', 'HY', 'BA', 'BB', 'B2', 'ZW', 'CM', 'WJ', 'H2', 'H3', 'JL', 'JV', 'JT', 'RI', 'EB',
           'EM', 'ZWJ',
           # OP of East Asian width F/W/H: libunistring breaks before it after AL/NU (LB30)
           'OPW',
           # not in the pair table: resolved by the algorithm
           'SP', 'BK', 'CR', 'LF', 'NL', 'AI', 'SA', 'XX', 'CJ', 'CB', 'SG']
REPS = {'OP': '(', 'CL': '}', 'CP': ')', 'QU': '"', 'GL': '\u00a0', 'NS': '\u17d6', 'EX': '!',
        'SY': '/', 'IS': ',', 'PR': '$', 'PO': '%', 'NU': '0', 'AL': 'a', 'HL': '\u05d0',
        'ID': '\u4e00', 'IN': '\u2024', 'HY': '-', 'BA': '\u2010', 'BB': '\u00b4', 'B2': '\u2014',
        'ZW': '\u200b', 'CM': '\u0300', 'WJ': '\u2060', 'H2': '\uac00', 'H3': '\uac01',
        'JL': '\u1100', 'JV': '\u1160', 'JT': '\u11a8', 'RI': '\U0001F1E6', 'EB': '\u261d',
        'EM': '\U0001F3FB', 'ZWJ': '\u200d', 'OPW': '\u300c'}
PAIR = CLASSES[:33]


def breaks(s):
    b = s.encode('utf-8', 'surrogatepass')
    p = ctypes.create_string_buffer(len(b))
    L.u8_possible_linebreaks(b, len(b), b'UTF-8', p)
    # per character: 2 = a break is possible before it
    out, i = [], 0
    for ch in s:
        out.append(p.raw[i])
        i += len(ch.encode('utf-8', 'surrogatepass'))
    return out


def pair(x, y):
    if breaks('a' + x + y)[2] == 2:
        return 'D'
    if breaks('a' + x + ' ' + y)[3] == 2:
        return 'I'
    return 'P'


table = [''.join(pair(REPS[x], REPS[y]) for y in PAIR) for x in PAIR]

perl = subprocess.run(['perl', '-MUnicode::UCD=prop_invmap', '-e',
                       'my ($l,$m)=prop_invmap("Line_Break"); print "$l->[$_] $m->[$_]\\n" for 0..$#$l'],
                      check=True, capture_output=True, text=True).stdout.split('\n')
starts, names = [], []
for line in perl:
    if not line:
        continue
    s, n = line.split(' ')
    starts.append(int(s))
    names.append('XX' if n == 'Unknown' else n)


def perl_class(cp):
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= cp:
            lo = mid
        else:
            hi = mid - 1
    return names[lo]


def resolve(c):
    return {'AI': 'AL', 'SA': 'AL', 'XX': 'AL', 'SG': 'AL', 'CJ': 'NS', 'CB': 'ID', 'NL': 'BK'}.get(c, c)


# libunistring's class of a character, as seen from outside: its breaks after and before each
# representative, and across a space.
PROBES = ['a', '0', '(', ')', '\u4e00', '"', '-', '/', ',', '%', '$', '!', '\u3001', '\u00a0']


def signature(ch):
    sig = []
    for r in PROBES:
        sig.append(breaks('a' + r + ch)[2])
        sig.append(breaks('a' + ch + r)[2])
        sig.append(breaks('a' + r + ' ' + ch)[3])
        sig.append(breaks('a' + ch + ' ' + r)[3])
    return tuple(sig)


rep_sig = {c: signature(REPS[c]) for c in PAIR if c not in ('CM', 'ZWJ', 'ZW', 'RI', 'EM')}
overrides = {}
for cp in range(0x20, 0x10000):
    if 0xD800 <= cp < 0xE000:
        continue
    ours = resolve(perl_class(cp))
    if ours not in rep_sig:
        continue
    sig = signature(chr(cp))
    if sig == rep_sig[ours]:
        continue
    match = [c for c, s in rep_sig.items() if s == sig]
    if match:
        overrides[cp] = match[0]
    else:
        print(f'// warning: U+{cp:04X} ({ours}) matches no class', file=sys.stderr)

ranges = []
for i, s in enumerate(starts):
    ranges.append((s, names[i]))
for cp, c in sorted(overrides.items()):
    ranges.append((cp, c))
    ranges.append((cp + 1, perl_class(cp + 1) if cp + 1 not in overrides else overrides[cp + 1]))
ranges.sort(key=lambda r: r[0])
merged = []
for s, c in ranges:
    if merged and merged[-1][0] == s:
        merged[-1] = (s, c)
        continue
    if merged and merged[-1][1] == c:
        continue
    merged.append((s, c))

widths = []
prev = None
for cp in range(0x110000):
    w = L.uc_width(cp, b'UTF-8')
    if w != prev:
        widths.append((cp, w))
        prev = w

idx = {c: i for i, c in enumerate(CLASSES)}
print('// Generated by scripts/gen-linebreak.py from Unicode 14 (Perl Unicode::UCD) and GNU')
print('// libunistring 1.0 (the line breaking GNU gettext 0.21 uses). Do not edit.')
print(f'// {len(overrides)} code points where libunistring\'s class differs from the UCD.')
print()
print('/** Line break classes; the first 33 index the pair table. */')
print('export const LB_CLASSES = ' + repr(CLASSES).replace("'", "'") + ' as const;')
print()
print('/** Pair table (before x after): D direct break, I only across spaces, P prohibited. */')
print('export const LB_PAIRS: readonly string[] = [')
for row in table:
    print(f"  '{row}',")
print('];')
print()
print('/** [first code point, class index] runs, sorted. */')
flat = []
for s, c in merged:
    flat += [s, idx[c]]
print('export const LB_RUNS: readonly number[] = [')
for i in range(0, len(flat), 16):
    print('  ' + ', '.join(str(v) for v in flat[i:i + 16]) + ',')
print('];')
print()
print('/** [first code point, uc_width] runs (UTF-8, non-CJK), sorted; -1 = control. */')
flat = []
for s, w in widths:
    flat += [s, w]
print('export const WIDTH_RUNS: readonly number[] = [')
for i in range(0, len(flat), 16):
    print('  ' + ', '.join(str(v) for v in flat[i:i + 16]) + ',')
print('];')
print(f'overrides: {sorted(overrides.items())[:40]} ... {len(overrides)}', file=sys.stderr)

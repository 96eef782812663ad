/**
 * Every lookup our gettext parsers give, compared with what Python's `gettext.GNUTranslations`
 * (which follows GNU libintl) reads from the `.mo` that GNU msgfmt makes of the same catalog —
 * for our own catalogs in ten plural families and two non-UTF-8 charsets, and for real `.mo`
 * files that Debian ships under /usr/share/locale.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/formats/catalog.js';
import { parseMo } from '../../src/formats/mo.js';
import { parsePo } from '../../src/formats/po.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/po');
/** Scratch files: a fresh directory in the OS temp dir, removed after the file's tests. */
const OUT = mkdtempSync(join(tmpdir(), 'localekit-gettext-oracle-'));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));
const ORACLE = join(ROOT, 'scripts/gettext-oracle.py');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const LOCALE_DIR = '/usr/share/locale';

interface MoAnswer {
  ok: boolean;
  error?: string;
  charset?: string;
  messages: Record<string, string>;
  plurals: Record<string, string[]>;
  index: number[];
}

function python(args: string[]): unknown {
  const out = execFileSync(PYTHON, [ORACLE, ...args], { maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8'));
}

function expectSameAsPython(catalog: Catalog, answer: MoAnswer): void {
  expect(answer.ok, answer.error).toBe(true);
  expect(Object.fromEntries(catalog.messages)).toEqual(answer.messages);
  expect(Object.fromEntries(catalog.pluralForms)).toEqual(answer.plurals);
  const ours = Array.from({ length: 201 }, (_, n) => catalog.pluralRule.index(n));
  expect(ours).toEqual(answer.index);
}

const OWN = ['ru', 'pl', 'ar', 'ga', 'sl', 'cs', 'lt', 'ro', 'ja', 'de'];
/** Converted copies: [name, source, charset]. */
const CONVERTED: [string, string, string][] = [
  ['de-latin1', 'de', 'ISO-8859-1'],
  ['ru-koi8r', 'ru', 'KOI8-R'],
];

/** Real catalogs in legacy charsets, when this machine has them. */
const REAL_LEGACY = [
  'af/LC_MESSAGES/grep.mo', // iso-8859-1
  'cs/LC_MESSAGES/gettext-tools.mo', // ISO-8859-2
  'el/LC_MESSAGES/gettext-runtime.mo', // ISO-8859-7
  'en_GB/LC_MESSAGES/libc.mo', // US-ASCII
  'et/LC_MESSAGES/bash.mo', // ISO-8859-15
  'he/LC_MESSAGES/sed.mo', // ISO-8859-8
  'ja/LC_MESSAGES/psmisc.mo', // EUC-JP
  'ko/LC_MESSAGES/adduser.mo', // EUC-KR
  'pt_BR/LC_MESSAGES/net-tools.mo', // iso-8859-9
];

/** A deterministic sample: every k-th .mo of the sorted list (30 of them), plus REAL_LEGACY. */
function realMoFiles(): string[] {
  if (!existsSync(LOCALE_DIR)) return [];
  const all: string[] = [];
  for (const lang of readdirSync(LOCALE_DIR).sort()) {
    const dir = join(LOCALE_DIR, lang, 'LC_MESSAGES');
    if (!existsSync(dir)) continue;
    // A header-only catalog (iso-codes ships some: 372 bytes, no messages) would test nothing.
    for (const f of readdirSync(dir).sort()) {
      if (f.endsWith('.mo') && statSync(join(dir, f)).size > 1024) all.push(join(dir, f));
    }
  }
  const sample: string[] = [];
  if (all.length > 0) {
    const step = Math.max(1, Math.floor(all.length / 30));
    for (let i = 0; i < all.length && sample.length < 30; i += step) sample.push(all[i] as string);
  }
  for (const rel of REAL_LEGACY) {
    const path = join(LOCALE_DIR, rel);
    if (existsSync(path) && !sample.includes(path)) sample.push(path);
  }
  return sample;
}

const real = realMoFiles();
let answers: Record<string, MoAnswer> = {};

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const code of OWN) {
    execFileSync('msgfmt', ['-o', join(OUT, `${code}.mo`), join(FIXTURES, `${code}.po`)]);
    execFileSync('msgfmt', [
      '--endianness=big',
      '-o',
      join(OUT, `${code}-be.mo`),
      join(FIXTURES, `${code}.po`),
    ]);
  }
  for (const [name, source, charset] of CONVERTED) {
    const po = execFileSync('msgconv', ['-t', charset, join(FIXTURES, `${source}.po`)]);
    writeFileSync(join(OUT, `${name}.po`), po);
    execFileSync('msgfmt', ['-o', join(OUT, `${name}.mo`), join(OUT, `${name}.po`)]);
  }
  const mine = [...OWN, ...OWN.map((c) => `${c}-be`), ...CONVERTED.map(([n]) => n)].map((n) =>
    join(OUT, `${n}.mo`),
  );
  answers = python(['mo', ...mine, ...real]) as Record<string, MoAnswer>;
}, 60_000);

describe('our catalogs, parsed from .po and from msgfmt .mo, answer as Python gettext', () => {
  for (const code of OWN) {
    it(`${code}.po and ${code}.mo (both byte orders)`, () => {
      const answer = answers[join(OUT, `${code}.mo`)] as MoAnswer;
      const fromPo = parsePo(readFileSync(join(FIXTURES, `${code}.po`)), { file: `${code}.po` });
      expectSameAsPython(fromPo, answer);
      expectSameAsPython(parseMo(readFileSync(join(OUT, `${code}.mo`))), answer);
      expectSameAsPython(
        parseMo(readFileSync(join(OUT, `${code}-be.mo`))),
        answers[join(OUT, `${code}-be.mo`)] as MoAnswer,
      );
      // The catalogs hold what the fixtures were written to test.
      expect(fromPo.messages.has('Goodbye')).toBe(false); // fuzzy
      expect(fromPo.messages.has('Not translated yet')).toBe(false);
      expect(fromPo.messages.has('Old message')).toBe(false); // obsolete
      expect(fromPo.messages.get('__proto__')).toMatch(/\(proto\)$/);
      expect(fromPo.pluralIds.get('cart\u0004%d item in your cart')).toBe('%d items in your cart');
      expect(fromPo.warnings).toEqual([]);
    });
  }

  it('covers the plural families it claims to', () => {
    const nplurals = Object.fromEntries(
      OWN.map((c) => [c, parsePo(readFileSync(join(FIXTURES, `${c}.po`))).pluralRule.nplurals]),
    );
    expect(nplurals).toEqual({
      ru: 3,
      pl: 3,
      ar: 6,
      ga: 5,
      sl: 4,
      cs: 3,
      lt: 3,
      ro: 3,
      ja: 1,
      de: 2,
    });
    const ar = parsePo(readFileSync(join(FIXTURES, 'ar.po')));
    expect([0, 1, 2, 3, 11, 100, 102].map(ar.pluralRule.index)).toEqual([0, 1, 2, 3, 4, 5, 5]);
  });

  for (const [name, source, charset] of CONVERTED) {
    it(`${name}: a ${charset} catalog decodes to the same text as its UTF-8 source`, () => {
      const answer = answers[join(OUT, `${name}.mo`)] as MoAnswer;
      expect(answer.charset).toBe(charset);
      const bytes = readFileSync(join(OUT, `${name}.po`));
      const fromPo = parsePo(bytes);
      expectSameAsPython(fromPo, answer);
      expectSameAsPython(parseMo(readFileSync(join(OUT, `${name}.mo`))), answer);
      const utf8 = parsePo(readFileSync(join(FIXTURES, `${source}.po`)));
      expect(fromPo.messages).toEqual(utf8.messages);
      expect(fromPo.pluralForms).toEqual(utf8.pluralForms);
    });
  }
});

describe.skipIf(real.length === 0)('real .mo files from /usr/share/locale', () => {
  it('samples at least 20 files, legacy charsets included', () => {
    expect(real.length).toBeGreaterThanOrEqual(20);
    const charsets = new Set(real.map((f) => answers[f]?.charset?.toUpperCase()));
    expect(charsets.has('UTF-8')).toBe(true);
    expect([...charsets].filter((c) => c !== 'UTF-8').length).toBeGreaterThanOrEqual(3);
  });

  for (const path of real) {
    it(path.slice(LOCALE_DIR.length + 1), () => {
      const answer = answers[path] as MoAnswer;
      const catalog = parseMo(readFileSync(path), { file: path });
      expectSameAsPython(catalog, answer);
      expect(catalog.messages.size + catalog.pluralForms.size).toBeGreaterThan(0);
    });
  }
});

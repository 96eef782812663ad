/**
 * Issue 14: every parser is bounded by its input. Each hostile file runs through the built
 * parser in a child process with a heap limit (`--max-old-space-size`) and a wall-clock limit far
 * above what the input needs and far below what the old quadratic/exponential code took (42 s,
 * 22 s, 3.3 s, 4.2 GB); each case has one fixed expected outcome.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePo, parsePoDocument } from '../../src/formats/po.js';

const FORMATS = fileURLToPath(new URL('../../dist/formats/index.js', import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), 'localekit-hostile-parsers-'));
/** Wall-clock limit per case: each needs well under a second. */
const TIME_LIMIT_MS = 10_000;

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/**
 * Runs `body` (an async function body with `formats` = `localekit/formats` and `bytes` = the
 * file's bytes in scope) in a child `node` with `heapMb` of heap; returns what it prints as JSON.
 */
function inChild(name: string, content: Uint8Array | string, body: string, heapMb = 96): unknown {
  if (!existsSync(FORMATS)) throw new Error('dist/ is missing: run `npm run build` first');
  const file = join(TMP, name);
  writeFileSync(file, content);
  const script = `
    const formats = await import(${JSON.stringify(FORMATS)});
    const bytes = (await import('node:fs')).readFileSync(${JSON.stringify(file)});
    const result = await (async () => { ${body} })();
    process.stdout.write(JSON.stringify(result));`;
  const run = spawnSync(
    process.execPath,
    [`--max-old-space-size=${heapMb}`, '--input-type=module', '-e', script],
    { encoding: 'utf8', timeout: TIME_LIMIT_MS, maxBuffer: 16 * 1024 * 1024 },
  );
  expect(run.error?.message ?? null, `child hung (${name})`).toBeNull();
  expect(run.signal, `child killed (${name}): ${run.stderr.slice(0, 500)}`).toBeNull();
  expect(run.status, run.stderr.slice(0, 500)).toBe(0);
  return JSON.parse(run.stdout);
}

/** An MO file: `count` entries `m0…`, each msgstr given as [offset, length] into the file. */
function moWithSharedMsgstr(count: number, region: number, distinct: boolean): Uint8Array {
  const ids = Array.from({ length: count }, (_, i) =>
    Buffer.from(`m${String(i).padStart(5, '0')}`),
  );
  const origTable = 28;
  const transTable = origTable + count * 8;
  const idsAt = transTable + count * 8;
  const idsSize = ids.reduce((n, b) => n + b.length + 1, 0);
  const regionAt = idsAt + idsSize;
  const out = Buffer.alloc(regionAt + region, 0x61); // the shared region: 'aaaa…'
  out.writeUInt32LE(0x950412de, 0);
  out.writeUInt32LE(0, 4);
  out.writeUInt32LE(count, 8);
  out.writeUInt32LE(origTable, 12);
  out.writeUInt32LE(transTable, 16);
  out.writeUInt32LE(0, 20);
  out.writeUInt32LE(0, 24);
  let at = idsAt;
  ids.forEach((id, i) => {
    out.writeUInt32LE(id.length, origTable + i * 8);
    out.writeUInt32LE(at, origTable + i * 8 + 4);
    id.copy(out, at);
    out[at + id.length] = 0;
    at += id.length + 1;
    out.writeUInt32LE(distinct ? region - i : region, transTable + i * 8);
    out.writeUInt32LE(regionAt, transTable + i * 8 + 4);
  });
  return out;
}

describe('MO: strings that share bytes', () => {
  it('20,000 msgstrs on one 1 MiB region (1.5 MB file): decoded once, loads in a 96 MB heap', () => {
    const mo = moWithSharedMsgstr(20_000, 1024 * 1024, false);
    expect(mo.length).toBeGreaterThan(1_400_000);
    expect(mo.length).toBeLessThan(1_600_000);
    const result = inChild(
      'shared.mo',
      mo,
      `const c = formats.parseMo(bytes, { file: 'shared.mo' });
       const last = c.messages.get('m19999');
       return { size: c.messages.size, length: last.length, same: last === c.messages.get('m00000'), head: last.slice(0, 4) };`,
    );
    expect(result).toEqual({ size: 20_000, length: 1024 * 1024, same: true, head: 'aaaa' });
  });

  it('20,000 distinct overlapping ranges of that region: E_MO_OVERLAP, not an out-of-memory crash', () => {
    const mo = moWithSharedMsgstr(20_000, 1024 * 1024, true);
    const result = inChild(
      'overlap.mo',
      mo,
      `try { formats.parseMo(bytes, { file: 'overlap.mo' }); return 'loaded'; }
       catch (e) { return { code: e.code, file: e.file }; }`,
    );
    expect(result).toEqual({ code: 'E_MO_OVERLAP', file: 'overlap.mo' });
  });
});

describe('PO: the charset sniffer is a linear scan', () => {
  it('CRLF, no header, msgid "" + 28 continuation lines + msgid_plural (42 s before): parsed', () => {
    const lines = ['msgid ""'];
    for (let i = 0; i < 28; i++)
      lines.push(`"continuation line ${String(i).padStart(2, '0')} of a long msgid, now "`);
    lines.push('msgid_plural "plural"', 'msgstr[0] "eins"', 'msgstr[1] "viele"', '');
    const po = lines.join('\r\n');
    expect(po.length).toBeGreaterThan(1300);
    const msgid = Array.from(
      { length: 28 },
      (_, i) => `continuation line ${String(i).padStart(2, '0')} of a long msgid, now `,
    ).join('');
    const result = inChild(
      'backtrack.po',
      po,
      `const c = formats.parsePo(bytes, { file: 'backtrack.po' });
       return { forms: c.pluralForms.get(${JSON.stringify(msgid)}), warnings: c.warnings.map((w) => [w.code, w.line]) };`,
    );
    expect(result).toEqual({ forms: ['eins', 'viele'], warnings: [['W_PLURAL_FORMS_MISSING', 1]] });
  });

  it('a header after 2 MB of entries still sets the charset (ISO-8859-1)', () => {
    const entries = Array.from(
      { length: 70_000 },
      (_, i) => `msgid "k${i}"\nmsgstr "v${i}"\n`,
    ).join('\n');
    const po = Buffer.concat([
      Buffer.from(
        `${entries}\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "caf"\nmsgstr "caf\xe9"\n`,
        'latin1',
      ),
    ]);
    expect(po.length).toBeGreaterThan(2_000_000);
    const result = inChild(
      'late-header.po',
      po,
      `const c = formats.parsePo(bytes, { file: 'late-header.po' });
       return [c.messages.get('caf'), c.messages.get('k69999'), c.messages.size];`,
    );
    expect(result).toEqual(['café', 'v69999', 70_001]);
  });

  it('a msgstr of 200,000 \\x41 escapes (passes msgfmt -c) is 200,000 "A", no RangeError', () => {
    const po = `msgid "k"\nmsgstr "${'\\x41'.repeat(200_000)}"\n`;
    const result = inChild(
      'escapes.po',
      po,
      `const v = formats.parsePo(bytes, { file: 'escapes.po' }).messages.get('k');
       return [v.length, /^A+$/.test(v)];`,
    );
    expect(result).toEqual([200_000, true]);
  });

  it('200,000 octal escapes of a UTF-8 character decode to 100,000 characters', () => {
    const value = parsePo(`msgid "k"\nmsgstr "${'\\303\\251'.repeat(100_000)}"\n`).messages.get(
      'k',
    );
    expect(value).toBe('é'.repeat(100_000));
  });
});

describe('CSV: Python strip is linear', () => {
  it('a cell with 150,000 inner spaces (22 s before) is stripped at its ends only', () => {
    const cell = `a${' '.repeat(150_000)}b`;
    expect(cell.length).toBe(150_002);
    const result = inChild(
      'spaces.csv',
      `"  ${cell}  ","x"\n"${' '.repeat(150_000)}","y"\n`,
      `const c = formats.parseCsv(bytes, { file: 'spaces.csv' });
       const cell = 'a' + ' '.repeat(150000) + 'b';
       return [c.messages.get(cell), c.messages.get(''), c.messages.size];`,
    );
    expect(result).toEqual(['x', 'y', 2]);
  });
});

describe('warnings msgfmt -c gives, with file and line', () => {
  const header = (rule: string) =>
    `msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: ${rule}\\n"\n\nmsgid "f"\nmsgid_plural "fs"\nmsgstr[0] "a"\nmsgstr[1] "b"\n`;

  it('an index that reaches nplurals: W_PLURAL_FORMS_RANGE on the Plural-Forms line', () => {
    const c = parsePo(header('nplurals=2; plural=n+5;'), { file: 'r.po' });
    expect(c.warnings).toEqual([
      expect.objectContaining({ code: 'W_PLURAL_FORMS_RANGE', file: 'r.po', line: 4 }),
    ]);
    expect(c.warnings[0]?.message).toContain('n=0');
  });

  it('n > 3 ? 2 : 0 with nplurals=2 first goes out of range at n=4', () => {
    const c = parsePo(header('nplurals=2; plural=n > 3 ? 2 : 0;'), { file: 'r.po' });
    expect(c.warnings.map((w) => [w.code, w.line])).toEqual([['W_PLURAL_FORMS_RANGE', 4]]);
    expect(c.warnings[0]?.message).toContain('gives form 2 for n=4');
  });

  it('a computed division by zero: W_PLURAL_FORMS_DIVISION', () => {
    const c = parsePo(header('nplurals=2; plural=n%(n-n);'), { file: 'z.po' });
    expect(c.warnings.map((w) => [w.code, w.line])).toEqual([['W_PLURAL_FORMS_DIVISION', 4]]);
    expect(c.pluralRule.index(7)).toBe(0);
  });

  it('a division by zero only at n=1000: still found', () => {
    const c = parsePo(header('nplurals=2; plural=n/(n-1000) ? 1 : 0;'), { file: 'z.po' });
    expect(c.warnings.map((w) => w.code)).toEqual(['W_PLURAL_FORMS_DIVISION']);
    expect(c.warnings[0]?.message).toContain('n=1000');
  });

  it('a sound rule (Russian) warns nothing', () => {
    const ru =
      'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);';
    expect(parsePo(header(ru)).warnings).toEqual([]);
  });

  it('\\004 inside msgctxt: W_PO_CONTEXT_SEPARATOR at the entry', () => {
    const doc = parsePoDocument(
      'msgid ""\nmsgstr ""\n\nmsgctxt "a\\004b"\nmsgid "c"\nmsgstr "d"\n',
      {
        file: 'e.po',
      },
    );
    expect(doc.warnings).toEqual([
      expect.objectContaining({ code: 'W_PO_CONTEXT_SEPARATOR', file: 'e.po', line: 5 }),
    ]);
    const c = parsePo('msgctxt "a\\004b"\nmsgid "c"\nmsgstr "d"\n', { file: 'e.po' });
    expect(c.warnings.map((w) => [w.code, w.line])).toEqual([['W_PO_CONTEXT_SEPARATOR', 2]]);
  });
});

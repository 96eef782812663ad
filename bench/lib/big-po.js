/**
 * The load workload: a 50,000-message Russian catalog shaped like a real one (references,
 * translator comments, some contexts, long wrapped strings, 10% plurals with 3 forms, a few fuzzy
 * entries), as `.po`, and as `.mo` made by GNU `msgfmt` when it is installed (else gettext-parser's
 * compiler).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import gettextParser from 'gettext-parser';
import { rng } from './workload.js';

export const BIG_MESSAGES = 50_000;

const RU = 'абвгдеёжзийклмнопрстуфхцчшщыэюя';
const EN = 'abcdefghijklmnopqrstuvwxyz';

function words(next, alphabet, count) {
  const out = [];
  for (let w = 0; w < count; w++) {
    const length = 2 + Math.floor(next() * 9);
    let word = '';
    for (let i = 0; i < length; i++) word += alphabet[Math.floor(next() * alphabet.length)];
    out.push(word);
  }
  return out.join(' ');
}

function poString(text) {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  if (escaped.length <= 70) return `"${escaped}"`;
  // msgmerge-style wrapping of long strings.
  const parts = ['""'];
  for (let i = 0; i < escaped.length; i += 70) {
    let end = i + 70;
    if (escaped[end - 1] === '\\') end--;
    parts.push(`"${escaped.slice(i, end)}"`);
    i = end - 70;
  }
  return parts.join('\n');
}

/** The `.po` text: header + BIG_MESSAGES entries. Deterministic. */
export function bigPo(seed = 50_000) {
  const next = rng(seed);
  const out = [
    '# Russian translation of the localekit benchmark catalog.',
    'msgid ""',
    'msgstr ""',
    '"Project-Id-Version: bench 1.0\\n"',
    '"Language: ru\\n"',
    '"MIME-Version: 1.0\\n"',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '"Content-Transfer-Encoding: 8bit\\n"',
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"',
    '',
  ];
  for (let i = 0; i < BIG_MESSAGES; i++) {
    const long = next() < 0.05;
    const count = long ? 20 + Math.floor(next() * 20) : 2 + Math.floor(next() * 8);
    const msgid = `${words(next, EN, count)} ${i}`;
    if (next() < 0.1) out.push(`#. TRANSLATORS: ${words(next, EN, 6)}`);
    out.push(`#: src/views/page${i % 300}.ts:${1 + (i % 997)}`);
    if (next() < 0.02) out.push('#, fuzzy');
    if (next() < 0.03) out.push(`msgctxt ${poString(words(next, EN, 1))}`);
    if (i % 10 === 9) {
      out.push(
        `msgid ${poString(`%(count)d ${msgid}`)}`,
        `msgid_plural ${poString(`%(count)d ${msgid} (plural)`)}`,
      );
      for (let f = 0; f < 3; f++)
        out.push(`msgstr[${f}] ${poString(`%(count)d ${words(next, RU, count)} ${f}`)}`);
    } else {
      out.push(`msgid ${poString(msgid)}`, `msgstr ${poString(`${words(next, RU, count)} ${i}`)}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** Writes `ru.po` and `ru.mo` to `poFile`/`moFile`; returns how the `.mo` was made. */
export function writeBigCatalogs(poFile, moFile) {
  writeFileSync(poFile, bigPo());
  const msgfmt = spawnSync('msgfmt', ['-o', moFile, poFile], { encoding: 'utf8' });
  if (msgfmt.status === 0) return 'GNU msgfmt';
  writeFileSync(moFile, gettextParser.mo.compile(gettextParser.po.parse(readFileSync(poFile))));
  return 'gettext-parser mo.compile (msgfmt not found)';
}

#!/usr/bin/env node
// Loads a 50,000-message .po with localekit's parsePo and with gettext-parser's po.parse and
// prints time (median of several runs) and the heap each result retains (after a forced GC).
// Each measurement runs in a fresh process so one parser's garbage does not bill the other.
//
//   npm run build && node scripts/measure-po-load.mjs [messages=50000] [runs=9]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);

async function loadParser(name) {
  if (name === 'localekit') {
    const { parsePo } = await import(join(ROOT, 'dist/formats/po.js'));
    return (buf) => parsePo(buf, { file: 'big.po' });
  }
  const { po } = await import('gettext-parser');
  return (buf) => po.parse(buf);
}

/** A realistic catalog: references, flags, contexts, plurals, wrapped lines, some escapes. */
function makePo(count) {
  const out = [
    'msgid ""',
    'msgstr ""',
    '"Project-Id-Version: big 1.0\\n"',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"',
    '',
  ];
  for (let i = 0; i < count; i++) {
    out.push(`#: src/module${i % 97}/file${i % 13}.js:${(i * 7) % 900}`);
    if (i % 10 === 0) out.push('#, python-format');
    if (i % 7 === 0) out.push(`msgctxt "context ${i % 5}"`);
    if (i % 5 === 0) {
      out.push(`msgid "%(count)d item number ${i} in the cart"`);
      out.push(`msgid_plural "%(count)d items number ${i} in the cart"`);
      out.push(`msgstr[0] "%(count)d товар номер ${i} в корзине"`);
      out.push(`msgstr[1] "%(count)d товара номер ${i} в корзине"`);
      out.push(`msgstr[2] "%(count)d товаров номер ${i} в корзине"`);
    } else if (i % 11 === 0) {
      out.push('msgid ""');
      out.push(`"A longer message number ${i} that the extractor wrapped over "`);
      out.push('"several lines because it is long.\\n"');
      out.push('msgstr ""');
      out.push(`"Длинное сообщение номер ${i}, которое экстрактор перенёс "`);
      out.push('"на несколько строк, потому что оно длинное.\\n"');
    } else {
      out.push(`msgid "Message number ${i} with a \\"quote\\" and a tab\\t"`);
      out.push(`msgstr "Сообщение номер ${i} с \\"кавычкой\\" и табуляцией\\t"`);
    }
    out.push('');
  }
  return out.join('\n');
}

async function child(parserName, file, mode) {
  const parse = await loadParser(parserName);
  const buf = readFileSync(file);
  if (mode === 'time') {
    parse(buf); // warm-up: JIT
    const start = process.hrtime.bigint();
    parse(buf);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    process.stdout.write(JSON.stringify({ ms }));
    return;
  }
  globalThis.gc();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const start = process.hrtime.bigint();
  const result = parse(buf);
  const coldMs = Number(process.hrtime.bigint() - start) / 1e6;
  globalThis.gc();
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  // keep `result` alive until after the measurement
  const entries = result.messages
    ? result.messages.size + result.pluralForms.size
    : Object.keys(result.translations).length;
  process.stdout.write(JSON.stringify({ retained: after - before, coldMs, entries }));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const count = Number(process.argv[2] ?? 50000);
  const runs = Number(process.argv[3] ?? 9);
  const dir = join(ROOT, 'test/fixtures/generated');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `big-${count}.po`);
  writeFileSync(file, makePo(count));
  const size = readFileSync(file).length;
  console.log(`${count} messages, ${(size / 1024 / 1024).toFixed(1)} MiB, node ${process.version}`);
  const run = (parser, mode) =>
    JSON.parse(
      execFileSync(process.execPath, ['--expose-gc', SELF, 'child', parser, file, mode]).toString(),
    );
  const rows = [];
  for (const parser of ['localekit', 'gettext-parser']) {
    const warm = [];
    const cold = [];
    const retained = [];
    let entries = 0;
    for (let i = 0; i < runs; i++) {
      warm.push(run(parser, 'time').ms);
      const m = run(parser, 'memory');
      cold.push(m.coldMs);
      retained.push(m.retained);
      entries = m.entries;
    }
    rows.push({
      parser,
      'first parse ms (median)': median(cold).toFixed(1),
      'warm parse ms (median)': median(warm).toFixed(1),
      'retained heap MiB (median)': (median(retained) / 1024 / 1024).toFixed(1),
      'top-level entries': entries,
    });
  }
  console.table(rows);
}

if (process.argv[2] === 'child') await child(process.argv[3], process.argv[4], process.argv[5]);
else await main();

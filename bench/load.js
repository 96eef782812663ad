/**
 * One load measurement, in a fresh process started with `--expose-gc`:
 * `node --expose-gc bench/load.js <localekit|gettext-parser> <po|mo> <file> <iterations>`.
 * Retained heap: `heapUsed` after a full GC with the parsed catalog alive, minus before (the file's
 * bytes are already read, and live outside the JS heap). Time: the median of `iterations` parses
 * after that first one. Sends `{ ms, retained, entries }` over IPC.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import gettextParser from 'gettext-parser';

const [parser, format, file, iterationsArg] = process.argv.slice(2);
const iterations = Number(iterationsArg);
const bytes = readFileSync(file);

const dist = process.env.LOCALEKIT_DIST
  ? pathToFileURL(`${process.env.LOCALEKIT_DIST.replace(/\/$/, '')}/`)
  : new URL('../dist/', import.meta.url);

let parse;
let entries;
if (parser === 'localekit') {
  const module = await import(
    new URL(format === 'po' ? 'formats/po.js' : 'formats/mo.js', dist).href
  );
  parse = format === 'po' ? (b) => module.parsePo(b, { file }) : (b) => module.parseMo(b, { file });
  entries = (catalog) => catalog.messages.size + catalog.pluralForms.size;
} else if (parser === 'gettext-parser') {
  parse = format === 'po' ? (b) => gettextParser.po.parse(b) : (b) => gettextParser.mo.parse(b);
  entries = (data) => {
    let n = 0;
    for (const context of Object.values(data.translations)) {
      for (const id of Object.keys(context)) if (id !== '') n++;
    }
    return n;
  };
} else {
  throw new Error(`unknown parser ${parser}`);
}

global.gc();
global.gc();
const before = process.memoryUsage().heapUsed;
let kept = parse(bytes);
global.gc();
global.gc();
const retained = process.memoryUsage().heapUsed - before;
const count = entries(kept);

const times = [];
for (let i = 0; i < iterations; i++) {
  kept = null;
  global.gc();
  const start = process.hrtime.bigint();
  kept = parse(bytes);
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
times.sort((a, b) => a - b);
const ms =
  times.length % 2
    ? times[times.length >> 1]
    : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
const result = { parser, format, ms, retained, entries: count, bytes: bytes.length };
if (process.send) process.send(result);
else console.log(JSON.stringify(result));

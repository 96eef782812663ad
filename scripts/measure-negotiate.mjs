#!/usr/bin/env node
// Measures localekit's Accept-Language negotiation against `negotiator` and
// `accept-language-parser` with tinybench, and prints where their answers differ.
//
//   node scripts/measure-negotiate.mjs            (uses dist/ if built, else compiles src/negotiation/negotiate.ts)
//   node scripts/measure-negotiate.mjs --time 2000
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import acceptLanguageParser from 'accept-language-parser';
import Negotiator from 'negotiator';
import { Bench } from 'tinybench';

const root = fileURLToPath(new URL('..', import.meta.url));

async function loadNegotiate() {
  const built = join(root, 'dist', 'negotiation', 'negotiate.js');
  if (existsSync(built)) return import(pathToFileURL(built).href);
  const out = mkdtempSync(join(tmpdir(), 'localekit-negotiate-'));
  execFileSync(
    join(root, 'node_modules', '.bin', 'tsc'),
    [
      '--outDir',
      out,
      '--module',
      'nodenext',
      '--target',
      'es2022',
      '--skipLibCheck',
      'src/negotiation/negotiate.ts',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  return import(pathToFileURL(join(out, 'negotiate.js')).href);
}

const { createMatcher } = await loadNegotiate();

const timeArg = process.argv.indexOf('--time');
const time = timeArg === -1 ? 1000 : Number(process.argv[timeArg + 1]);

const SUPPORTED = [
  'en_US',
  'fr_FR',
  'es_ES',
  'de_DE',
  'pt_BR',
  'pt_PT',
  'ru_RU',
  'pl_PL',
  'ar',
  'ja_JP',
  'zh_TW',
  'zh_CN',
  'nb_NO',
];
const TAGS = SUPPORTED.map((c) => c.replace('_', '-'));
const matcher = createMatcher(SUPPORTED, 'en_US');

/** What real browsers send (Chrome, Firefox, Safari, Edge in several languages). */
const TYPICAL = [
  'en-US,en;q=0.9',
  'en-US,en;q=0.5',
  'fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7',
  'de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7',
  'de,en-US;q=0.7,en;q=0.3',
  'es-ES,es;q=0.9',
  'pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7',
  'ja,en-US;q=0.9,en;q=0.8',
  'zh-CN,zh;q=0.9',
  'zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7',
  'ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7',
  'fr-CA,fr;q=0.9,en-CA;q=0.8,en;q=0.7',
  'es-MX,es;q=0.9,en;q=0.8',
  'en-GB,en;q=0.9',
  'pl,en-US;q=0.7,en;q=0.3',
  'nb-NO,nb;q=0.9,no;q=0.8,nn;q=0.7,en-US;q=0.6,en;q=0.5',
];

const big4k = Array.from({ length: 400 }, (_, i) => `x${i % 10}-yy;q=0.${i % 9}`).join(',');
const big100k = 'xx-YY;q=0.5,'.repeat(9000) + 'fr';

// 1024 distinct headers cycle through the 256-entry header LRU, so every call below misses it.
const UNCACHED = Array.from({ length: 1024 }, (_, i) => `${TYPICAL[i % TYPICAL.length]}, x-${i}`);
let next = 0;

const ours = (h) => matcher.negotiate(h);
const theirs = (h) => new Negotiator({ headers: { 'accept-language': h } }).language(TAGS);
const alp = (h) => acceptLanguageParser.pick(TAGS, h, { loose: true });

const bench = new Bench({ time, warmup: true });
bench
  .add('localekit negotiate (16 typical headers)', () => {
    for (const h of TYPICAL) ours(h);
  })
  .add('negotiator .language (16 typical headers)', () => {
    for (const h of TYPICAL) theirs(h);
  })
  .add('accept-language-parser pick (16 typical headers)', () => {
    for (const h of TYPICAL) alp(h);
  })
  .add('localekit negotiate, header cache defeated (16 typical headers)', () => {
    for (let i = 0; i < 16; i++) ours(UNCACHED[next++ & 1023]);
  })
  .add('negotiator, same uncached headers (16 typical headers)', () => {
    for (let i = 0; i < 16; i++) theirs(UNCACHED[next++ & 1023]);
  })
  .add('localekit negotiate "en-US,en;q=0.9"', () => ours('en-US,en;q=0.9'))
  .add('negotiator "en-US,en;q=0.9"', () => theirs('en-US,en;q=0.9'))
  .add('localekit 4 KB header (400 ranges)', () => ours(big4k))
  .add('negotiator 4 KB header (400 ranges)', () => theirs(big4k))
  .add('localekit 100 KB header', () => ours(big100k))
  .add('negotiator 100 KB header', () => theirs(big100k))
  .add('Intl.Locale#maximize alone (what the memo saves)', () =>
    new Intl.Locale('fr-CA').maximize(),
  );

await bench.run();

const rows = bench.tasks.map((t) => {
  const r = t.result;
  const mean = r?.latency?.mean ?? r?.mean ?? Number.NaN; // ms
  const per = t.name.includes('16 typical') ? TYPICAL.length : 1;
  return {
    task: t.name,
    'ns/header': Math.round(1e9 / (r?.throughput?.mean ?? r?.hz ?? Number.NaN) / per),
    'mean latency ns (incl. timer)': Math.round((mean * 1e6) / per),
    'ops/s': Math.round(r?.throughput?.mean ?? r?.hz ?? 0),
    samples: r?.latency?.samplesCount ?? r?.samples?.length ?? 0,
  };
});
console.table(rows);
const ns = (name) => rows.find((r) => r.task.startsWith(name))?.['ns/header'] ?? Number.NaN;
const ratio = ns('localekit negotiate (16') / ns('negotiator .language (16');
console.log(`typical headers: localekit/negotiator = ${ratio.toFixed(3)} (target <= 0.5)`);
const ratioUncached = ns('localekit negotiate, header cache') / ns('negotiator, same uncached');
console.log(`header cache defeated: localekit/negotiator = ${ratioUncached.toFixed(3)}`);

console.log('\nAnswers that differ (header → localekit | negotiator | accept-language-parser):');
const PROBES = [
  ...TYPICAL,
  'fr-CA',
  'pt',
  'zh-HK',
  'zh-Hant',
  'zh-SG',
  'es-419',
  'en-AU',
  'nn',
  'no',
  'fr-FR;q=0, fr',
  'de;q=0.1, *',
  '*',
  'EN-us',
  'en_US',
  'de;q=1.5, fr',
  'de;q=x, fr',
  'de;Q=0.9, fr;q=0.5',
  'iw',
  'sh',
];
for (const h of PROBES) {
  const a = ours(h);
  const b = theirs(h);
  const c = alp(h);
  const aTag = a.replace('_', '-');
  if (aTag !== b || aTag !== c) console.log(`${JSON.stringify(h)} → ${a} | ${b} | ${c}`);
}

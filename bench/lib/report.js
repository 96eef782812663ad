/**
 * The results as Markdown: the machine and every package version, then HTTP, micro and load
 * tables with ratios from the same run, then the goals of issue 8 with the measured ratio.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, cpus, loadavg, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { roundRatio } from './stats.js';
import { VARIANTS } from './variants.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BENCH = fileURLToPath(new URL('../', import.meta.url));

export const PACKAGES = [
  'express',
  'i18next',
  'i18next-http-middleware',
  'i18n',
  'negotiator',
  'accept-language-parser',
  'gettext-parser',
  'autocannon',
  'tinybench',
];

/** `name@version` of localekit and of every package the benchmark measures or uses. */
export function packageVersions() {
  const require = createRequire(BENCH);
  const versions = [['localekit', JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).version]];
  for (const name of PACKAGES) {
    let version;
    try {
      version = require(`${name}/package.json`).version;
    } catch {
      // Packages whose `exports` hide package.json: read it from node_modules directly, bench/'s
      // own or the workspace root's (where npm hoists the workspace's dependencies).
      const dir = [BENCH, ROOT].find((d) => existsSync(`${d}node_modules/${name}/package.json`));
      version =
        dir === undefined
          ? 'not installed'
          : JSON.parse(readFileSync(`${dir}node_modules/${name}/package.json`, 'utf8')).version;
    }
    versions.push([name, version]);
  }
  return versions;
}

export function machine() {
  const list = cpus();
  return {
    node: process.version,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    os: `${platform()} ${release()} ${arch()}`,
    // Anything well above 0 means other processes competed for the CPU during the run.
    load: loadavg()
      .map((n) => n.toFixed(2))
      .join(' / '),
  };
}

const fixed = (n, digits) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const ratio = (n) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : 'n/a');
const label = (id) => VARIANTS.find((v) => v.id === id)?.label ?? id;

function formatNs(ns) {
  if (ns >= 1e6) return `${fixed(ns / 1e6, 2)} ms`;
  if (ns >= 1e4) return `${fixed(ns / 1e3, 1)} µs`;
  if (ns >= 1e3) return `${fixed(ns / 1e3, 2)} µs`;
  return `${fixed(ns, 1)} ns`;
}

const STYLE_LABELS = {
  icu: 'ICU-style page (`{name}` messages)',
  tornado: 'Tornado-style page (`%(name)s`, `%(count)d` messages)',
};

/** The spread of a variant's per-round ratios to another's: `min–max`. */
function ratioSpread(byVariant, a, b) {
  const runsA = byVariant.get(a)?.runs;
  const runsB = byVariant.get(b)?.runs;
  if (runsA === undefined || runsB === undefined || runsA.length !== runsB.length) return 'n/a';
  const ratios = runsA.map((run, i) => run.rps / runsB[i].rps);
  return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
}

function httpTable(http, settings) {
  const lines = [
    `## HTTP: the same page in two message styles, ${settings.connections} connections, ${settings.rounds} round(s) × ${settings.duration} s per variant and style, interleaved`,
    '',
    'Median over rounds; "× no i18n" is the median of the per-round ratios, with their range (each round runs every variant, both page styles back to back, so drift in the machine\'s speed cancels). Both styles render the identical HTML: the ICU-style page through `{name}` / `{count}` messages, the Tornado-style page through the same messages in Python format (`%(name)s`, `%(count)d`). Only localekit and the hand-written translator read Python format; (a), (c) and (d) serve their own page for both. Each server runs in its own process; autocannon runs in the parent. "Server CPU" is the server process\'s own CPU time (user + system, all its threads) divided by the requests it answered: the cost of a request, whatever the load generator manages to send.',
    '',
  ];
  for (const [style, byVariant] of http) {
    const base = byVariant.get('none');
    lines.push(
      `### ${STYLE_LABELS[style] ?? style}`,
      '',
      '| variant | req/s | × no i18n (range over rounds) | server CPU per request | p99 latency | req/s per round |',
      '|---|---:|---:|---:|---:|---|',
    );
    for (const { id } of VARIANTS) {
      const r = byVariant.get(id);
      if (r === undefined) continue;
      const vsNone =
        base === undefined
          ? 'n/a'
          : `${ratio(roundRatio(byVariant, id, 'none'))} (${ratioSpread(byVariant, id, 'none')})`;
      lines.push(
        `| ${label(id)} | ${fixed(r.rps, 0)} | ${vsNone} | ${r.cpuUsPerRequest === undefined ? 'n/a' : `${fixed(r.cpuUsPerRequest, 0)} µs`} | ${r.p99} ms | ${r.runs.map((x) => x.rps.toFixed(0)).join(', ')} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

function microTables(micro) {
  const out = [
    '## Micro (tinybench): time per operation (median sample of 200 operations each)',
    '',
  ];
  for (const group of micro.groups) {
    const base = group.rows[0];
    out.push(
      `### ${group.name}`,
      '',
      `| task | time/op | × ${base.task} | ±rme |`,
      '|---|---:|---:|---:|',
    );
    for (const row of group.rows) {
      out.push(
        `| ${row.task} | ${formatNs(row.nsPerOp)} | ${ratio(row.nsPerOp / base.nsPerOp)} | ${fixed(row.rme, 1)}% |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

function loadTable(load) {
  const get = (parser, format) =>
    load.results.find((r) => r.parser === parser && r.format === format);
  const lines = [
    `## Load: a ${load.messages.toLocaleString('en-US')}-message Russian catalog (.po ${fixed(load.poBytes / 1e6, 1)} MB; .mo ${fixed(load.moBytes / 1e6, 1)} MB made by ${load.moMadeBy})`,
    '',
    `Time: median of ${load.iterations.po} (.po) / ${load.iterations.mo} (.mo) parses after a first one. Retained heap: \`heapUsed\` after \`gc()\` with the result alive, minus before, in a fresh \`node --expose-gc\` process per parser.`,
    '',
    '| file | parser | entries | time | × gettext-parser | retained heap | × gettext-parser |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const format of ['po', 'mo']) {
    const base = get('gettext-parser', format);
    for (const parser of ['gettext-parser', 'localekit']) {
      const r = get(parser, format);
      if (r === undefined) continue;
      const name =
        parser === 'localekit'
          ? `localekit parse${format === 'po' ? 'Po' : 'Mo'}`
          : `gettext-parser ${format}.parse`;
      lines.push(
        `| .${format} | ${name} | ${r.entries} | ${fixed(r.ms, 0)} ms | ${ratio(r.ms / base.ms)} | ${fixed(r.retained / 1e6, 1)} MB | ${ratio(r.retained / base.retained)} |`,
      );
    }
  }
  return lines.join('\n');
}

function findRow(micro, groupPrefix, task) {
  const group = micro?.groups.find((g) => g.name.startsWith(groupPrefix));
  return group?.rows.find((r) => r.task === task)?.nsPerOp;
}

/** Each goal of issues 8 and 15: `{ goal, target, measured (a ratio, or ms), holds, spread?, unit? }`. */
export function goals({ http, micro, load }) {
  const list = [];
  const add = (goal, target, measured, holds, spread) =>
    list.push({
      goal,
      target,
      measured,
      holds: Number.isFinite(measured) ? holds(measured) : undefined,
      spread,
    });
  if (http) {
    for (const [style, byVariant] of http) {
      const vs = (other) => roundRatio(byVariant, 'localekit', other);
      const name = style === 'tornado' ? 'Tornado-style page' : 'ICU-style page';
      add(
        `HTTP req/s, ${name}, vs no i18n`,
        '≥ 0.90×',
        vs('none'),
        (r) => r >= 0.9,
        ratioSpread(byVariant, 'localekit', 'none'),
      );
      add(
        `HTTP req/s, ${name}, vs i18next`,
        '≥ 4×',
        vs('i18next'),
        (r) => r >= 4,
        ratioSpread(byVariant, 'localekit', 'i18next'),
      );
      add(
        `HTTP req/s, ${name}, vs i18n-node`,
        '≥ 2×',
        vs('i18n-node'),
        (r) => r >= 2,
        ratioSpread(byVariant, 'localekit', 'i18n-node'),
      );
    }
  }
  if (micro) {
    const vs = (prefix, task, base) => findRow(micro, prefix, task) / findRow(micro, prefix, base);
    add(
      'plain message (ru) `_(msg)` vs bare Map.get',
      '≤ 1.5×',
      vs('translate simple', 'localekit _(msg)', 'bare Map.get'),
      (r) => r <= 1.5,
    );
    add(
      '`%(name)s` text (ru) `_(msg, values)` vs hand-written pre-split Map',
      '≤ 2×',
      vs('Tornado %(name)s', 'localekit _(msg, values)', 'hand-written'),
      (r) => r <= 2,
    );
    add(
      '`%(count)d` plural (ru) `_(msg, plural, n)` vs hand-written Intl.PluralRules',
      '≤ 0.8×',
      vs('Tornado plural', 'localekit _(msg, plural, n)', 'hand-written'),
      (r) => r <= 0.8,
    );
    for (const [prefix, name] of [
      ['translate plural (ru_RU)', '`{count}` plural, CSV CLDR rows (ru)'],
      ['translate plural (ar)', '`{count}` plural, PO Plural-Forms (ar)'],
    ]) {
      add(
        `${name} \`_(msg, plural, n)\` vs hand-written`,
        '< 1× (faster)',
        vs(prefix, 'localekit _(msg, plural, n)', 'hand-written'),
        (r) => r < 1,
      );
    }
    add(
      '`{name}` text (ru) `_(msg, values)` vs hand-written',
      '≤ 4×',
      vs('translate interpolated', 'localekit _(msg, values)', 'hand-written'),
      (r) => r <= 4,
    );
    for (const [prefix, name] of [
      ['negotiate: 1,024', 'negotiate, 1,024 distinct headers (no cache hits)'],
      ['negotiate: the 16', 'negotiate, 16 common headers repeated'],
    ]) {
      add(
        `${name} vs negotiator`,
        '≤ 0.5×',
        vs(prefix, 'localekit negotiate()', 'negotiator languages()[0]'),
        (r) => r <= 0.5,
      );
    }
  }
  if (load) {
    const get = (parser, format) =>
      load.results.find((r) => r.parser === parser && r.format === format);
    const po = get('localekit', 'po');
    const mo = get('localekit', 'mo');
    const gpPo = get('gettext-parser', 'po');
    const gpMo = get('gettext-parser', 'mo');
    if (load.coldStart)
      list.push({
        goal: `cold start: first \`loadTranslations\` of the demo's locales/ (${load.coldStart.locales} locales), fresh process`,
        target: '< 30 ms',
        measured: load.coldStart.ms,
        holds: load.coldStart.ms < 30,
        unit: 'ms',
        spread: `${Math.min(...load.coldStart.runs).toFixed(1)}–${Math.max(...load.coldStart.runs).toFixed(1)} ms`,
      });
    add('50k .po load time vs gettext-parser', '≤ 0.2×', po?.ms / gpPo?.ms, (r) => r <= 0.2);
    add(
      '50k .po retained heap vs gettext-parser',
      '≤ 0.6×',
      po?.retained / gpPo?.retained,
      (r) => r <= 0.6,
    );
    add('50k .mo load time vs gettext-parser', '≤ 1.0×', mo?.ms / gpMo?.ms, (r) => r <= 1);
  }
  return list;
}

function goalsTable(list) {
  const lines = [
    '## Goals (issues 8 and 15), as ratios from this run',
    '',
    'HTTP ratios are the median of per-round ratios, the cold start the median of 7 fresh processes; the range is in parentheses.',
    '',
    '| goal | target | measured | holds |',
    '|---|---|---:|---|',
  ];
  for (const g of list) {
    lines.push(
      `| ${g.goal} | ${g.target} | ${g.unit === 'ms' ? `${fixed(g.measured, 1)} ms` : ratio(g.measured)}${g.spread === undefined ? '' : ` (${g.spread})`} | ${g.holds === undefined ? 'not measured' : g.holds ? 'yes' : '**no**'} |`,
    );
  }
  return lines.join('\n');
}

/** The whole Markdown document. */
export function markdown({ date, mode, settings, http, micro, load, elapsed }) {
  const m = machine();
  const parts = [
    '# localekit benchmarks',
    '',
    `${date.toISOString().slice(0, 10)} · ${mode} run (\`npm run bench${mode === 'quick' ? ' -- --quick' : ''}\`, ${fixed(elapsed / 1000, 0)} s) · Node ${m.node} · ${m.cpu}, ${m.cores} cores · ${m.os} · load average at the end (1/5/15 min): ${m.load}`,
    '',
    ...(process.env.LOCALEKIT_DIST
      ? [
          `localekit build measured: \`LOCALEKIT_DIST=${process.env.LOCALEKIT_DIST}\` (not this checkout's dist/).`,
          '',
        ]
      : []),
    `Packages: ${packageVersions()
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
    '',
    "Workload: 8 locales (en fr de es ru pl ar ja) × 500 messages (350 simple, 100 with one variable, 50 plural with every CLDR category the locale uses), and the 150 with placeholders once more in Tornado's Python format (`%(name)s`, `%(count)d`) for localekit and the hand-written translator; the page shows 20 of them (8 simple, 6 interpolated, 6 plural: n = 0, 1, 2, 5, 22, 101), as an ICU-style page (`/`) and a Tornado-style page (`/tornado`) with identical HTML. localekit reads gettext PO for fr_FR, de_DE, ar, ja_JP and Tornado CSV with CLDR plural rows for es_ES, ru_RU, pl_PL; en_US is its default (no catalog). Every variant served the identical page for every locale before timing.",
    '',
  ];
  const list = goals({ http, micro, load });
  if (list.length > 0) parts.push(goalsTable(list), '');
  if (http) parts.push(httpTable(http, settings), '');
  if (micro) parts.push(microTables(micro));
  if (load) parts.push(loadTable(load), '');
  return parts.join('\n');
}

/**
 * The README's "Performance" section (docs/performance.md): the goals and the HTTP table of this
 * run, a pointer to the full tables, and how to reproduce them.
 */
export function readmeSection(results) {
  const { date, mode, http, micro, load } = results;
  const m = machine();
  const parts = [
    '## Performance',
    '',
    `Measured ${date.toISOString().slice(0, 10)} with \`npm run bench\`${mode === 'quick' ? ' (quick mode)' : ''} on Node ${m.node}, ${m.cpu} (${m.cores} cores), against i18next and i18n-node serving the same Express 5 page in 8 languages (500 messages each; 20 translations per page: simple, interpolated, plural), as an ICU-style page (\`{name}\` messages) and a Tornado-style page (\`%(name)s\`, \`%(count)d\` messages) in the same rounds. Every variant must serve the byte-identical page before anything is timed. Ratios come from the same run; absolute numbers depend on the machine.`,
    '',
  ];
  if (http)
    parts.push(
      httpTable(http, results.settings).replace(/^### /gm, '#### ').replace(/^## /, '### '),
      '',
    );
  const list = goals({ http, micro, load });
  if (list.length > 0)
    parts.push(goalsTable(list).replace(/^## .*/, '### Targets, as ratios from the same run'), '');
  parts.push(
    'Micro benchmarks (translate, negotiate, middleware) and load benchmarks (a 50,000-message `.po`/`.mo` against gettext-parser: time and retained heap) are in [bench/results/latest.md](bench/results/latest.md).',
    '',
    '### Reproduce',
    '',
    '```sh',
    'git clone <this repository> && cd localekit',
    'npm ci',
    "npm run bench             # about 6 minutes: 5 rounds × 6 s per variant and page style; writes bench/results/latest.md and README.md's Performance section",
    'npm run bench -- --quick  # under 2 minutes: 1 round × 3 s; README.md is left alone',
    '```',
    '',
    "`npm run bench` uses the benchmark's own pinned dependencies (`bench/package.json`, an npm workspace installed by `npm install` at the root) and builds `dist/` when missing. Each server runs in its own process; autocannon (50 connections, real browsers' `Accept-Language` headers in rotation) runs in the parent, rounds interleaved across variants. On a 2-core machine the load generator competes with the server for CPU, which compresses the differences between fast variants: compare ratios, not req/s, across machines. On a shared virtual machine the HTTP ratios also move between runs: the server CPU per request is the steadier figure.",
    '',
  );
  return parts.join('\n');
}

/**
 * `readme` with its "## Performance" section (up to the next "## " heading) replaced by `section`;
 * undefined when there is no such section.
 */
export function replaceSection(readme, section) {
  const start = readme.indexOf('\n## Performance\n');
  const end = start === -1 ? -1 : readme.indexOf('\n## ', start + 1);
  if (start === -1 || end === -1) return undefined;
  return `${readme.slice(0, start + 1)}${section.trimEnd()}\n${readme.slice(end)}`;
}

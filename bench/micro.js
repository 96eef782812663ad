/**
 * Micro benchmarks (tinybench), in their own process: `node bench/micro.js <workdir> [--quick]`.
 * Every task runs BATCH operations per sample over a rotating set of inputs, so timer overhead
 * and a single hot key do not decide the result. Sends `{ groups }` to the parent over IPC (or
 * prints JSON when run by hand).
 */
import { Bench } from 'tinybench';
import acceptLanguageParser from 'accept-language-parser';
import Negotiator from 'negotiator';
import { handle } from 'i18next-http-middleware';
import { createI18next } from './variants/i18next.js';
import { createI18nNode } from './variants/i18n-node.js';
import {
  loadCatalogs,
  translate,
  translatePlural,
  translatePython,
  translatePythonPlural,
} from './variants/handwritten.js';
import { loadLocalekit } from './variants/localekit.js';
import {
  BROWSER_HEADERS,
  LOCALES,
  PAGE_COUNTS,
  PAGE_VALUES,
  pythonMessage,
  toDoubleBraces,
  toI18nNodePlural,
} from './lib/workload.js';
import { readWorkload } from './lib/workdir.js';

const BATCH = 200;
const [workdir, ...flags] = process.argv.slice(2);
const quick = flags.includes('--quick');
// `--only=Tornado,translate simple`: only the groups whose names start with one of these (by hand).
const onlyFlag = flags.find((f) => f.startsWith('--only='));
const onlyGroups = onlyFlag === undefined ? undefined : onlyFlag.slice(7).split(',');
const wanted = (name) => onlyGroups === undefined || onlyGroups.some((p) => name.startsWith(p));
const options = quick ? { time: 150, warmupTime: 50 } : { time: 600, warmupTime: 150 };

const workload = readWorkload(workdir);
const simple = workload.messages.filter((m) => m.kind === 'simple').slice(0, 16);
const vars = workload.messages.filter((m) => m.kind === 'var').slice(0, 16);
const plurals = workload.messages.filter((m) => m.kind === 'plural').slice(0, 16);
// The same messages in Tornado's Python format: `%(name)s`, `%(count)d`.
const pyVars = vars.map(pythonMessage);
const pyPlurals = plurals.map(pythonMessage);
const headers = BROWSER_HEADERS.map((h) => h.header);
const langs = LOCALES.map((l) => l.lang);
const mask = 15;

const catalogs = loadCatalogs(workdir);
const { translations, localeMiddleware } = await loadLocalekit(workdir);
const i18next = await createI18next(workdir);
const i18nNode = createI18nNode(workdir);

let sink;

/** A task body: `op(i)` BATCH times, keeping the result alive. */
let counter = 0;
function batch(op) {
  return () => {
    // A running index, so inputs keep rotating across samples (1,024 distinct headers > BATCH).
    for (let i = 0; i < BATCH; i++) sink = op(counter++);
  };
}

function inputs(list, make) {
  return list.map(make);
}

/** Before timing: every translation task must give the hand-written translator's answer. */
function verify(name, tasks) {
  const [referenceName, reference] = tasks.find(([task]) => task === 'hand-written');
  for (const [task, op] of tasks) {
    // `translate(msg, plural, n)` picks the form and does not fill `{count}`; `_` does.
    if (task.startsWith('localekit translate(msg, plural')) continue;
    for (let i = 0; i <= mask; i++) {
      const got = op(i);
      const want = reference(i);
      if (got !== want) {
        throw new Error(
          `${name}: ${task} gave ${JSON.stringify(got)} for input ${i}, ${referenceName} ${JSON.stringify(want)}`,
        );
      }
    }
  }
}

async function group(name, lang, tasks) {
  if (!wanted(name)) return undefined;
  if (name.startsWith('translate') || name.startsWith('Tornado')) verify(name, tasks);
  const bench = new Bench({ name, ...options });
  for (const [task, op] of tasks) bench.add(task, batch(op));
  await bench.run();
  return {
    name,
    lang,
    rows: bench.tasks.map((task) => {
      const { latency } = task.result;
      // The median sample, not the mean: on a shared machine a neighbour's burst skews the mean.
      return {
        task: task.name,
        nsPerOp: (latency.p50 * 1e6) / BATCH,
        rme: latency.rme,
        samples: latency.samples?.length ?? 0,
      };
    }),
  };
}

function microFor(lang, code) {
  const catalog = catalogs.get(lang);
  const locale = translations.get(code);
  if (locale.code !== code) throw new Error(`localekit has no ${code} (got ${locale.code})`);
  // What i18next-http-middleware gives a request as `req.t`: a clone in the request's language.
  const clone = i18next.cloneInstance({ initAsync: false });
  clone.changeLanguage(lang);
  const t = clone.t.bind(clone);
  const bare = catalog.messages;

  const simpleKeys = inputs(simple, (m) => m.en);
  const simpleI18next = inputs(simple, (m) => toDoubleBraces(m.en));
  const simpleI18nNode = inputs(simple, (m) => ({ phrase: toDoubleBraces(m.en), locale: lang }));

  const varValues = inputs(vars, (m) => ({ [m.variable]: PAGE_VALUES[m.variable] }));
  const varI18next = inputs(vars, (m) => toDoubleBraces(m.en));
  const varI18nNode = inputs(vars, (m) => ({ phrase: toDoubleBraces(m.en), locale: lang }));

  const counts = inputs(plurals, (_, i) => PAGE_COUNTS[i % PAGE_COUNTS.length]);
  const countOptions = counts.map((count) => ({ count }));
  const pluralI18next = inputs(plurals, (m) => toDoubleBraces(m.en));
  const pluralI18nNode = inputs(plurals, (m) => ({
    singular: toI18nNodePlural(m.en),
    plural: toI18nNodePlural(m.enPlural),
    locale: lang,
  }));

  return [
    [
      `translate simple (${code})`,
      lang,
      [
        ['bare Map.get', (i) => bare.get(simpleKeys[i & mask])],
        ['hand-written', (i) => translate(catalog, simpleKeys[i & mask], undefined)],
        ['localekit _(msg)', (i) => locale._(simpleKeys[i & mask])],
        ['localekit translate(msg)', (i) => locale.translate(simpleKeys[i & mask])],
        ['i18next t(key)', (i) => t(simpleI18next[i & mask])],
        ['i18n-node __()', (i) => i18nNode.__(simpleI18nNode[i & mask])],
      ],
    ],
    [
      `translate plural (${code})`,
      lang,
      [
        [
          'hand-written',
          (i) =>
            translatePlural(
              catalog,
              plurals[i & mask].en,
              plurals[i & mask].enPlural,
              counts[i & mask],
            ),
        ],
        [
          'localekit _(msg, plural, n)',
          (i) => locale._(plurals[i & mask].en, plurals[i & mask].enPlural, counts[i & mask]),
        ],
        [
          'localekit translate(msg, plural, n)',
          (i) =>
            locale.translate(plurals[i & mask].en, plurals[i & mask].enPlural, counts[i & mask]),
        ],
        ['i18next t(key, { count })', (i) => t(pluralI18next[i & mask], countOptions[i & mask])],
        ['i18n-node __n()', (i) => i18nNode.__n(pluralI18nNode[i & mask], counts[i & mask])],
      ],
    ],
    [
      `translate interpolated (${code})`,
      lang,
      [
        ['hand-written', (i) => translate(catalog, vars[i & mask].en, varValues[i & mask])],
        ['localekit _(msg, values)', (i) => locale._(vars[i & mask].en, varValues[i & mask])],
        ['i18next t(key, values)', (i) => t(varI18next[i & mask], varValues[i & mask])],
        [
          'i18n-node __(phrase, values)',
          (i) => i18nNode.__(varI18nNode[i & mask], varValues[i & mask]),
        ],
      ],
    ],
  ];
}

/** Tornado's messages (`%(name)s`, `%(count)d`) against a hand-written Map of pre-split templates. */
function tornadoFor(lang, code) {
  const catalog = catalogs.get(lang);
  const locale = translations.get(code);
  const varValues = inputs(pyVars, (m) => ({ [m.variable]: PAGE_VALUES[m.variable] }));
  const counts = inputs(pyPlurals, (_, i) => PAGE_COUNTS[i % PAGE_COUNTS.length]);
  return [
    [
      `Tornado %(name)s text (${code})`,
      lang,
      [
        ['hand-written', (i) => translatePython(catalog, pyVars[i & mask].en, varValues[i & mask])],
        ['localekit _(msg, values)', (i) => locale._(pyVars[i & mask].en, varValues[i & mask])],
      ],
    ],
    [
      `Tornado plural %(count)d (${code})`,
      lang,
      [
        [
          'hand-written',
          (i) =>
            translatePythonPlural(
              catalog,
              pyPlurals[i & mask].en,
              pyPlurals[i & mask].enPlural,
              counts[i & mask],
            ),
        ],
        [
          'localekit _(msg, plural, n)',
          (i) => locale._(pyPlurals[i & mask].en, pyPlurals[i & mask].enPlural, counts[i & mask]),
        ],
      ],
    ],
  ];
}

class FakeResponse {
  constructor() {
    this.locals = {};
    this.headers = new Map();
  }
  setHeader(name, value) {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }
  getHeader(name) {
    return this.headers.get(name.toLowerCase());
  }
  removeHeader(name) {
    this.headers.delete(name.toLowerCase());
  }
}

function fakeRequest(header) {
  return { method: 'GET', url: '/', path: '/', query: {}, headers: { 'accept-language': header } };
}

const noop = () => {};
const noopMiddleware = (_req, _res, next) => next();
const localekitMiddleware = localeMiddleware(translations);
const i18nextMiddleware = handle(i18next);
const i18nNodeMiddleware = i18nNode.init;

const groups = [];
for (const [name, lang, tasks] of [
  ...microFor('ru', 'ru_RU'),
  ...microFor('ar', 'ar').slice(1, 2),
  ...tornadoFor('ru', 'ru_RU'),
]) {
  groups.push(await group(name, lang, tasks));
}
const push = (g) => g !== undefined && groups.push(g);
// 1,024 distinct headers (the 16 with their first q-value varied in the 3rd decimal, same choice),
// more than any per-header cache holds: what negotiation itself costs.
const distinctHeaders = [];
for (let k = 0; k < 64; k++) {
  for (const h of headers)
    distinctHeaders.push(h.replace(/q=0\.(\d)/, (_, d) => `q=0.${d}${String(k).padStart(2, '0')}`));
}
const distinctMask = distinctHeaders.length - 1;
push(
  await group('negotiate: 1,024 distinct browser headers (defeats per-header caches)', undefined, [
    [
      'negotiator languages()[0]',
      (i) =>
        new Negotiator({
          headers: { 'accept-language': distinctHeaders[i & distinctMask] },
        }).language(langs),
    ],
    [
      'accept-language-parser pick (loose)',
      (i) => acceptLanguageParser.pick(langs, distinctHeaders[i & distinctMask], { loose: true }),
    ],
    ['localekit negotiate()', (i) => translations.negotiate(distinctHeaders[i & distinctMask])],
  ]),
);
push(
  await group('negotiate: the 16 common browser headers, repeated', undefined, [
    [
      'negotiator languages()[0]',
      (i) => new Negotiator({ headers: { 'accept-language': headers[i & mask] } }).language(langs),
    ],
    [
      'accept-language-parser pick (loose)',
      (i) => acceptLanguageParser.pick(langs, headers[i & mask], { loose: true }),
    ],
    ['localekit negotiate()', (i) => translations.negotiate(headers[i & mask])],
  ]),
);
push(
  await group('per-request middleware (fake req/res)', undefined, [
    [
      'no-op middleware',
      (i) => noopMiddleware(fakeRequest(headers[i & mask]), new FakeResponse(), noop),
    ],
    [
      'localekit localeMiddleware',
      (i) => localekitMiddleware(fakeRequest(headers[i & mask]), new FakeResponse(), noop),
    ],
    [
      'i18next-http-middleware handle',
      (i) => i18nextMiddleware(fakeRequest(headers[i & mask]), new FakeResponse(), noop),
    ],
    [
      'i18n-node init',
      (i) => i18nNodeMiddleware(fakeRequest(headers[i & mask]), new FakeResponse(), noop),
    ],
  ]),
);

const kept = groups.filter((g) => g !== undefined);
groups.length = 0;
groups.push(...kept);
if (sink === Symbol.for('never')) console.log(sink);
if (process.send) process.send({ groups });
else console.log(JSON.stringify({ groups }, null, 2));

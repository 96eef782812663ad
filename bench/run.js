#!/usr/bin/env node
/**
 * `npm run bench [-- --quick]`: localekit against no i18n, a hand-written translator, i18next and
 * i18n-node. Installs bench/'s own pinned devDependencies and builds the package when needed,
 * generates the workload, checks that every variant serves the identical page, then runs the
 * HTTP, micro and load benchmarks and writes bench/results/latest.md.
 *
 * Only Node built-ins are imported statically: the benchmark's packages may not be installed yet.
 */
import { fork, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const BENCH = fileURLToPath(new URL('./', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));

const USAGE = `Usage: npm run bench [-- options]

  --quick            1 round × 3 s per variant, short micro and load runs (under 2 minutes)
  --only <list>      run only some of: http,micro,load (comma-separated); the page check always runs
  --check-only       only check that every variant serves the identical page
  --json             with --check-only: print the check's result as JSON on stdout
  --out <file>       write the Markdown here instead of bench/results/latest.md and
                     docs/performance.md (the README section; a full run also replaces
                     README.md's "## Performance" section); a partial --only run writes
                     nothing unless --out is given
  --variants <list>  serve only some of: none,handwritten,i18next,i18n-node,localekit
                     (a partial run writes nothing unless --out is given)
  --profile          start the localekit server with --cpu-prof (profiles in bench/results/profiles/)
  -h, --help         this text

Set LOCALEKIT_DIST=/path/to/dist to measure another build of localekit (it must sit inside this
repository, so that its dependencies resolve).`;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'check-only': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
    profile: { type: 'boolean', default: false },
    variants: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const SECTIONS = ['http', 'micro', 'load'];
const only = args.only === undefined ? SECTIONS : args.only.split(',').map((s) => s.trim());
for (const section of only) {
  if (!SECTIONS.includes(section)) {
    console.error(
      `bench: unknown section "${section}" in --only (expected ${SECTIONS.join(', ')})`,
    );
    process.exit(2);
  }
}

const log = (message) => process.stderr.write(`${message}\n`);

function run(command, commandArgs, cwd) {
  log(`bench: ${command} ${commandArgs.join(' ')}`);
  const result = spawnSync(command, commandArgs, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    log(`bench: "${command} ${commandArgs.join(' ')}" failed (${result.status ?? result.signal})`);
    process.exit(1);
  }
}

/**
 * bench/ is an npm workspace of the repository: `npm install` (or `npm ci`) at the root installs its
 * pinned devDependencies. Say so instead of installing anything here.
 */
function ensureBenchDependencies() {
  const { devDependencies } = JSON.parse(readFileSync(join(BENCH, 'package.json'), 'utf8'));
  // Where Node looks for bench/'s imports: bench/node_modules, then the workspace root's.
  const missing = Object.keys(devDependencies).filter(
    (name) =>
      ![BENCH, ROOT].some((dir) => existsSync(join(dir, 'node_modules', name, 'package.json'))),
  );
  if (missing.length === 0) return;
  log(`bench: missing ${missing.join(', ')}: run "npm install" at the repository root first.`);
  process.exit(1);
}

/** The variants and the load benchmark import the built package. */
function ensureBuild() {
  if (process.env.LOCALEKIT_DIST) return;
  const needed = ['index.js', 'adapters/express.js', 'formats/po.js', 'formats/mo.js'];
  if (needed.every((file) => existsSync(join(ROOT, 'dist', file)))) return;
  run('npm', ['run', 'build'], ROOT);
}

function forkJson(script, scriptArgs, execArgv = []) {
  return new Promise((resolve, reject) => {
    const child = fork(join(BENCH, script), scriptArgs, {
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let message;
    child.once('message', (m) => {
      message = m;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && message !== undefined) resolve(message);
      else reject(new Error(`${script} ${scriptArgs.join(' ')} exited with ${code}`));
    });
  });
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

async function main() {
  const started = Date.now();
  ensureBenchDependencies();
  ensureBuild();

  const { generateWorkload, writeWorkload } = await import('./lib/workload.js');
  const { VARIANTS } = await import('./lib/variants.js');
  const { startServer, stopServer } = await import('./lib/servers.js');
  const { checkPages, describeMismatches, PAGE_STYLES } = await import('./lib/check.js');

  const quick = args.quick;
  const settings = quick
    ? { rounds: 1, duration: 3, warmup: 1, connections: 50, iterations: { po: 2, mo: 3 } }
    : { rounds: 5, duration: 6, warmup: 3, connections: 50, iterations: { po: 5, mo: 7 } };

  const workdir = mkdtempSync(join(tmpdir(), 'localekit-bench-'));
  const servers = [];
  try {
    const workload = generateWorkload();
    writeWorkload(workdir, workload);
    log(`bench: workload written to ${workdir}`);

    const profileDir = join(BENCH, 'results', 'profiles');
    if (args.profile) mkdirSync(profileDir, { recursive: true });
    const chosen =
      args.variants === undefined
        ? VARIANTS.map((v) => v.id)
        : args.variants.split(',').map((v) => v.trim());
    for (const id of chosen) {
      if (!VARIANTS.some((v) => v.id === id))
        throw new Error(`unknown variant "${id}" in --variants`);
    }
    for (const id of chosen) {
      const execArgv =
        args.profile && id === 'localekit' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
      servers.push(await startServer(id, workdir, { execArgv }));
    }

    const check = await checkPages(servers, workload);
    if (args['check-only'] && args.json) {
      const report = {
        ok: check.ok,
        pages: check.pages.map(({ variant, style, header, expectedLang, identical, body }) => ({
          variant,
          style,
          header,
          expectedLang,
          identical,
          sha256: sha256(body),
          lang: /<html lang="([^"]*)"/.exec(body)?.[1],
        })),
        references: Object.fromEntries(check.reference),
        mismatches: check.ok ? '' : describeMismatches(check),
      };
      console.log(JSON.stringify(report));
      process.exitCode = check.ok ? 0 : 1;
      return;
    }
    if (!check.ok) {
      log(
        `bench: the variants do not serve identical pages; nothing was timed.\n${describeMismatches(check)}`,
      );
      process.exitCode = 1;
      return;
    }
    log(
      `bench: all ${servers.length} variants served the identical page, in both styles, for all ${check.pages.length / servers.length / 2} browser headers`,
    );
    if (args['check-only']) return;

    let http;
    if (only.includes('http')) {
      log('bench: HTTP');
      const { runHttp } = await import('./lib/http.js');
      http = await runHttp(servers, { ...settings, log, styles: PAGE_STYLES });
    }
    await Promise.all(servers.splice(0).map(stopServer));

    let micro;
    if (only.includes('micro')) {
      log('bench: micro');
      micro = await forkJson('micro.js', quick ? [workdir, '--quick'] : [workdir]);
    }

    let load;
    if (only.includes('load')) {
      log('bench: load');
      const { writeBigCatalogs, BIG_MESSAGES } = await import('./lib/big-po.js');
      const poFile = join(workdir, 'big-ru.po');
      const moFile = join(workdir, 'big-ru.mo');
      const moMadeBy = writeBigCatalogs(poFile, moFile);
      const results = [];
      for (const format of ['po', 'mo']) {
        for (const parser of ['gettext-parser', 'localekit']) {
          const file = format === 'po' ? poFile : moFile;
          const result = await forkJson(
            'load.js',
            [parser, format, file, String(settings.iterations[format])],
            ['--expose-gc'],
          );
          log(
            `  ${parser.padEnd(15)} .${format}: ${result.ms.toFixed(0)} ms, retained ${(result.retained / 1e6).toFixed(1)} MB, ${result.entries} entries`,
          );
          results.push(result);
        }
      }
      // Cold start: the first loadTranslations of the demo's locales/ in a fresh process, 7 times.
      const coldRuns = [];
      for (let i = 0; i < 7; i++) coldRuns.push(await forkJson('cold-start.js', []));
      const { median } = await import('./lib/stats.js');
      const coldStart = {
        ms: median(coldRuns.map((r) => r.ms)),
        runs: coldRuns.map((r) => r.ms),
        locales: coldRuns[0].locales,
      };
      log(
        `  cold start: loadTranslations(locales/) ${coldStart.ms.toFixed(1)} ms (median of ${coldRuns.length} fresh processes)`,
      );
      load = {
        coldStart,
        messages: BIG_MESSAGES,
        poBytes: statSync(poFile).size,
        moBytes: statSync(moFile).size,
        moMadeBy,
        iterations: settings.iterations,
        results,
      };
    }

    const { markdown, readmeSection } = await import('./lib/report.js');
    const results = {
      date: new Date(),
      mode: quick ? 'quick' : 'full',
      settings,
      http,
      micro,
      load,
      elapsed: Date.now() - started,
    };
    const text = markdown(results);
    console.log(text);
    const complete = only.length === SECTIONS.length && chosen.length === VARIANTS.length;
    const out = args.out ?? (complete ? join(BENCH, 'results', 'latest.md') : undefined);
    if (out !== undefined) {
      mkdirSync(join(out, '..'), { recursive: true });
      writeFileSync(out, text);
      log(`bench: written to ${out}`);
    }
    if (complete && args.out === undefined) {
      const section = join(ROOT, 'docs', 'performance.md');
      mkdirSync(join(section, '..'), { recursive: true });
      const text = readmeSection(results);
      writeFileSync(section, text);
      log(`bench: README section written to ${section}`);
      // A full run also puts the section into README.md, replacing its "## Performance" section
      // up to the next "## " heading; a quick run's numbers stay out of the README.
      if (!quick) {
        const readmePath = join(ROOT, 'README.md');
        const { replaceSection } = await import('./lib/report.js');
        const updated = replaceSection(readFileSync(readmePath, 'utf8'), text);
        if (updated === undefined)
          log('bench: README.md has no "## Performance" section followed by another; not changed');
        else {
          writeFileSync(readmePath, updated);
          log("bench: README.md's Performance section replaced");
        }
      }
    }
  } finally {
    await Promise.all(servers.map(stopServer));
    rmSync(workdir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  log(`bench: ${error.stack ?? error}`);
  process.exit(1);
});

import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDirectory, placeholders } from '../src/check.js';
import { memoryIo } from '../src/io.js';
import { run } from '../src/program.js';
import { readCsvRows } from 'localekit/formats';
import { parsePoDocument } from 'localekit/formats';

const FIXTURES = path.join(import.meta.dirname, 'fixtures/check');
const WORK = mkdtempSync(path.join(tmpdir(), 'localekit-cli-check-'));
const CLI = path.join(import.meta.dirname, '../dist/main.js');
const TEMPLATE = path.join(FIXTURES, 'messages.pot');

beforeAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  if (!existsSync(CLI)) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json']);
});

describe('check', () => {
  it('finds nothing on a clean directory (PO flat and LC_MESSAGES, CSV with CLDR rows)', async () => {
    const result = await checkDirectory(path.join(FIXTURES, 'clean'), {
      template: TEMPLATE,
      cwd: FIXTURES,
    });
    expect(result.findings).toEqual([]);
    expect(result.locales.map((l) => [l.code, l.file, l.total, l.translated, l.percent])).toEqual([
      ['de_DE', 'clean/de_DE/LC_MESSAGES/messages.po', 4, 4, 100],
      ['fr_FR', 'clean/fr_FR.po', 4, 4, 100],
      // CSV has no msgctxt: "Open" (menu) cannot be in it.
      ['ru_RU', 'clean/ru_RU.csv', 4, 3, 75],
    ]);
  });

  it('finds every seeded problem with file, line, code and severity', async () => {
    const result = await checkDirectory(path.join(FIXTURES, 'problems'), {
      template: TEMPLATE,
      cwd: FIXTURES,
    });
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.code}`)).toEqual([
      'problems/fr_FR.po:0 error missing',
      'problems/fr_FR.po:6 error placeholders',
      'problems/fr_FR.po:10 warning fuzzy',
      'problems/fr_FR.po:15 error icu-syntax',
      'problems/fr_FR.po:15 error placeholders',
      'problems/fr_FR.po:18 error duplicate',
      'problems/fr_FR.po:21 info obsolete',
      'problems/ja_JP.po:0 error missing',
      'problems/ja_JP.po:0 error missing',
      'problems/ja_JP.po:0 error missing',
      'problems/ja_JP.po:1 error plural-forms-invalid',
      'problems/pl_PL.po:6 warning untranslated',
      'problems/pl_PL.po:9 error plural-forms-missing',
      'problems/ru_RU.csv:2 error plural-forms-missing',
      'problems/ru_RU.csv:4 error placeholders',
      'problems/ru_RU.csv:5 error duplicate',
    ]);
    const ru = result.findings.find(
      (f) => f.file === 'problems/ru_RU.csv' && f.code === 'plural-forms-missing',
    );
    expect(ru?.message).toBe('"One apple" lacks plural forms few, many for ru_RU');
  });

  it('notes nplurals that disagree with CLDR, without failing', async () => {
    const dir = path.join(WORK, 'cldr');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'ru_RU.po'),
      'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nPlural-Forms: nplurals=2; plural=(n != 1);\\n"\n\nmsgid "a"\nmsgstr "б"\n',
    );
    const io = memoryIo(WORK);
    expect(await run(['check', 'cldr'], io)).toBe(0);
    expect(io.stdout).toContain(
      'cldr/ru_RU.po:1: info [plural-forms-cldr] Plural-Forms has nplurals=2, CLDR has 3 categories for counts in ru-RU (one, few, many)',
    );
  });

  it('reads placeholders of both styles, ICU arguments inside plural branches included', () => {
    expect(
      [...placeholders('%(n)d of %(total)s, {a} {b, plural, one {# {c}} other {x}}').names].sort(),
    ).toEqual(['%(n)', '%(total)', '{a}', '{b}', '{c}']);
    expect(placeholders('broken {a').icuError).toBe('EXPECT_ARGUMENT_CLOSING_BRACE');
  });

  it('--json has a stable schema and exit status 1', async () => {
    const io = memoryIo(FIXTURES);
    expect(await run(['check', 'problems', '--template', 'messages.pot', '--json'], io)).toBe(1);
    const report = JSON.parse(io.stdout);
    expect(Object.keys(report)).toEqual(['version', 'ok', 'locales', 'findings']);
    expect(report.version).toBe(1);
    expect(report.ok).toBe(false);
    expect(Object.keys(report.findings[1])).toEqual([
      'file',
      'severity',
      'line',
      'msgid',
      'code',
      'message',
    ]);
    expect(
      report.locales.map((l: { code: string; percent: number }) => [l.code, l.percent]),
    ).toEqual([
      ['fr_FR', 50],
      ['ja_JP', 25],
      ['pl_PL', 75],
      ['ru_RU', 75],
    ]);
  });

  it('--html writes a self-contained report that a real browser renders', async () => {
    const io = memoryIo(FIXTURES);
    const out = path.join(WORK, 'report.html');
    expect(await run(['check', 'problems', '--template', 'messages.pot', '--html', out], io)).toBe(
      1,
    );
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
    expect(html).toContain('&quot;Bienvenue, &lt;script&gt;{user&lt;/script&gt;&quot;');
    // Without Chromium the checks above still ran; CI installs it and requires it.
    if (!existsSync('/usr/bin/chromium') && process.env.LOCALEKIT_REQUIRE_BROWSER !== '1') return;
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${out}`);
      const rows = await page.$$eval('#summary tbody tr', (trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
      );
      expect(rows.map((r) => [r[0], r[2], r[3], r[4], r[7]])).toEqual([
        ['fr_FR', '4', '2', '50.0%', '6'],
        ['ja_JP', '4', '1', '25.0%', '4'],
        ['pl_PL', '4', '3', '75.0%', '2'],
        ['ru_RU', '4', '3', '75.0%', '3'],
      ]);
      const barWidths = await page.$$eval('#summary .bar > span', (spans) =>
        spans.map((s) =>
          Math.round(
            (s.getBoundingClientRect().width /
              (s.parentElement?.getBoundingClientRect().width ?? 1)) *
              100,
          ),
        ),
      );
      expect(barWidths).toEqual([50, 25, 75, 75]);
      expect(await page.$$eval('table.findings tbody tr', (trs) => trs.length)).toBe(16);
      const shot = path.join(WORK, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      const png = readFileSync(shot);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(1100);
      expect(png.readUInt32BE(20)).toBeGreaterThan(400);
      expect(statSync(shot).size).toBeGreaterThan(20_000);
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('update', () => {
  it('merges the template into PO and CSV catalogs and reports counts per locale', async () => {
    const dir = path.join(WORK, 'update');
    cpSync(path.join(FIXTURES, 'clean'), dir, { recursive: true });
    const pot = path.join(WORK, 'new.pot');
    // "Welcome" vanished, "Bye" and a plural are new.
    writeFileSync(
      pot,
      readFileSync(TEMPLATE, 'utf8').replace(
        /#: app.js:3\nmsgid "Welcome, %\(user\)s"\nmsgstr ""\n\n/,
        '',
      ) +
        '\n#: app.js:9\nmsgid "Bye"\nmsgstr ""\n\n#: app.js:10\nmsgid "One file"\nmsgid_plural "{count} files"\nmsgstr[0] ""\nmsgstr[1] ""\n',
    );
    const io = memoryIo(WORK);
    // -N: without fuzzy matching ("One file" would take "One apple"'s translation, fuzzy).
    expect(await run(['update', '-N', 'new.pot', 'update'], io)).toBe(0);
    expect(io.stdout).toBe(
      [
        'update/de_DE/LC_MESSAGES/messages.po: 2 added, 0 fuzzy, 1 obsoleted, 3 kept',
        'update/fr_FR.po: 2 added, 0 fuzzy, 1 obsoleted, 3 kept',
        'update/ru_RU.csv: 2 added, 1 dropped, 2 kept',
        '',
      ].join('\n'),
    );
    const fr = parsePoDocument(readFileSync(path.join(dir, 'fr_FR.po')));
    expect(fr.entries.map((e) => [e.msgid, e.msgstr, e.obsolete, e.references])).toEqual([
      ['Hello {name}', ['Bonjour {name}'], false, ['app.js:1']],
      ['One apple', ['Une pomme', '{count} pommes'], false, ['app.js:2']],
      ['Open', ['Ouvrir'], false, ['app.js:4']],
      ['Bye', [''], false, ['app.js:9']],
      ['One file', ['', ''], false, ['app.js:10']],
      ['Welcome, %(user)s', ['Bienvenue, %(user)s'], true, []],
    ]);
    const po = readFileSync(path.join(dir, 'fr_FR.po'), 'utf8');
    expect(po).toContain('#~ msgid "Welcome, %(user)s"\n#~ msgstr "Bienvenue, %(user)s"\n');
    execFileSync('msgfmt', ['--check', '-o', '/dev/null', path.join(dir, 'fr_FR.po')]);
    expect(readCsvRows(readFileSync(path.join(dir, 'ru_RU.csv'))).map((r) => r.cells)).toEqual([
      ['Hello {name}', 'Привет, {name}'],
      ['One apple', '{count} яблоко', 'singular'],
      ['{count} apples', '{count} яблок', 'plural'],
      ['One apple', '{count} яблоко', 'one'],
      ['One apple', '{count} яблока', 'few'],
      ['One apple', '{count} яблок', 'many'],
      ['Bye', ''],
      ['One file', '', 'singular'],
      ['{count} files', '', 'plural'],
      ['One file', '', 'few'],
      ['One file', '', 'many'],
    ]);
    expect(io.stderr).toContain(
      'update/ru_RU.csv:7: dropped "Welcome, %(user)s" (no longer in the template)',
    );
    // Updating again with the same template changes nothing.
    const before = readFileSync(path.join(dir, 'fr_FR.po'), 'utf8');
    await run(['update', 'new.pot', 'update'], memoryIo(WORK));
    expect(readFileSync(path.join(dir, 'fr_FR.po'), 'utf8')).toBe(before);
  });
});

describe('the localekit binary', () => {
  const cli = (...args: string[]) =>
    spawnSync('node', [CLI, ...args], { cwd: FIXTURES, encoding: 'utf8' });

  it('starts with a node shebang', () => {
    expect(readFileSync(CLI, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it.each(['extract', 'update', 'check', 'compile', 'convert', 'stats'])(
    '%s --help exits 0',
    (command) => {
      const r = cli(command, '--help');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`Usage: localekit ${command}`);
    },
  );

  it('exit 0 clean, 1 problems, 2 usage and I/O errors, one line and no stack trace', () => {
    expect(cli('check', 'clean', '--template', 'messages.pot').status).toBe(0);
    expect(cli('check', 'problems').status).toBe(1);
    const unknown = cli('check', 'clean', '--bogus');
    expect([unknown.status, unknown.stderr.split('\n')[0]]).toEqual([
      2,
      "localekit: unknown option '--bogus'",
    ]);
    const missing = cli('update', 'messages.pot');
    expect([missing.status, missing.stderr.split('\n')[0]]).toEqual([
      2,
      "localekit: missing required argument 'dir'",
    ]);
    const unreadable = cli('check', 'no-such-dir');
    expect(unreadable.status).toBe(2);
    expect(unreadable.stderr).toBe(
      'localekit: cannot read the directory no-such-dir (give the directory that holds <code>.csv, <code>.po or <code>/LC_MESSAGES/)\n',
    );
    const broken = path.join(WORK, 'broken.po');
    writeFileSync(broken, 'msgid "a"\nmsgstr "b\n');
    const syntax = cli('convert', broken, path.join(WORK, 'x.csv'));
    expect(syntax.status).toBe(2);
    expect(syntax.stderr).toMatch(/^localekit: \S*broken\.po:2: .+\n$/);
    expect(syntax.stderr).not.toContain('    at ');
    expect(cli('frobnicate').status).toBe(2);
  });

  it('stats prints a table per locale', () => {
    const r = cli('stats', 'clean', '--template', 'messages.pot');
    expect(r.status).toBe(0);
    expect(
      r.stdout
        .split('\n')
        .slice(2, 5)
        .map((l) => l.split(/\s{2,}/)),
    ).toEqual([
      ['de_DE', 'clean/de_DE/LC_MESSAGES/messages.po', '4', '4', '100.0', '0', '0', '0'],
      ['fr_FR', 'clean/fr_FR.po', '4', '4', '100.0', '0', '0', '0'],
      ['ru_RU', 'clean/ru_RU.csv', '4', '3', '75.0', '0', '1', '0'],
    ]);
  });
});

describe('check reports what the server loader warns about and skips', () => {
  const header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n';
  let dir: string;

  beforeAll(() => {
    dir = path.join(WORK, 'loader');
    mkdirSync(path.join(dir, 'it_IT', 'LC_MESSAGES', 'messages.po'), { recursive: true });
    // A stray quote: the loader reads rows 2–3 as one cell with a newline and skips the row.
    writeFileSync(
      path.join(dir, 'fr_FR.csv'),
      '"Hello","Bonjour"\n"Bye","Au revoir\n"Yes","Oui"\n"No","Non"\n',
    );
    execFileSync('mkfifo', [path.join(dir, 'pt_BR.po')]);
    writeFileSync(path.join(dir, 'en-GB.csv'), '"Colour","Colour"\n');
    writeFileSync(path.join(dir, 'old.po.txt'), `${header}msgid "Hello"\nmsgstr "Hallo"\n`);
    execFileSync('msgfmt', ['-o', path.join(dir, 'de_DE.mo'), path.join(dir, 'old.po.txt')]);
    writeFileSync(path.join(dir, 'de_DE.po'), `${header}msgid "Hello"\nmsgstr "Servus"\n`);
    writeFileSync(path.join(dir, 'ja_JP.po'), `${header}msgid "Hello"\nmsgstr "broken\n`);
  });

  it('lists each loader warning at file:line, the shadowed .po, and the parse error', async () => {
    const result = await checkDirectory(dir, { cwd: dir });
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.code}`)).toEqual([
      'en-GB.csv:0 warning load-warning',
      'it_IT/LC_MESSAGES/messages.po:0 warning load-warning',
      'pt_BR.po:0 warning load-warning',
      'de_DE.po:0 info not-served',
      'fr_FR.csv:2 warning load-warning',
      'ja_JP.po:5 error parse-error',
    ]);
    const messages = result.findings.map((f) => f.message);
    expect(messages[0]).toContain('rename it to en_GB.csv');
    expect(messages[0]).toContain('[W_FILE_NAME]');
    expect(messages[2]).toContain('[W_NOT_A_FILE]');
    expect(messages[4]).toContain('[W_CSV_PLURAL_UNKNOWN]');
    // de_DE.mo (served) and de_DE.po (not served), fr_FR.csv, ja_JP.po (broken).
    expect(result.catalogs).toBe(4);
    expect(result.locales.map((l) => [l.code, l.format])).toEqual([
      ['de_DE', 'mo'],
      ['fr_FR', 'csv'],
    ]);
  });

  it('the binary exits 1 and its summary counts every catalog, broken ones included', () => {
    const out = spawnSync(process.execPath, [CLI, 'check', '.'], { cwd: dir, encoding: 'utf8' });
    expect(out.status).toBe(1);
    expect(out.stdout.trim().split('\n').at(-1)).toBe('4 catalogs: 1 errors, 4 warnings, 1 notes');
  });

  it('stats names the broken catalog, prints the others and exits 2', () => {
    const out = spawnSync(process.execPath, [CLI, 'stats', '.'], { cwd: dir, encoding: 'utf8' });
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/^localekit: ja_JP\.po:5: end of line within string/);
    expect(
      out.stdout
        .split('\n')
        .slice(2, 4)
        .map((l) => l.split(/\s+/).slice(0, 2)),
    ).toEqual([
      ['de_DE', 'de_DE.mo'],
      ['fr_FR', 'fr_FR.csv'],
    ]);
  });
});

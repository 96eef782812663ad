/**
 * The benchmark is only worth its numbers if every variant does the same work: this runs the
 * benchmark's own page check (`node bench/run.js --check-only --json`: five real servers in child
 * processes, fetched over HTTP with 16 real browser Accept-Language headers) and checks its
 * verdict against pages computed here from the workload's source data. No timing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BENCH = join(ROOT, 'bench');

interface CheckedPage {
  variant: string;
  style: 'icu' | 'tornado';
  header: string;
  expectedLang: string;
  identical: boolean;
  sha256: string;
  lang: string | undefined;
}

interface CheckReport {
  ok: boolean;
  pages: CheckedPage[];
  references: Record<string, string>;
  mismatches: string;
}

interface WorkloadMessage {
  kind: 'simple' | 'var' | 'plural';
  en: string;
  enPlural?: string;
  tr: Record<string, string | Record<string, string>>;
}

interface WorkloadModule {
  LOCALES: readonly { lang: string; code: string; dir: string }[];
  BROWSER_HEADERS: readonly { lang: string; header: string }[];
  generateWorkload(): { page: { message: WorkloadMessage; count?: number }[] };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let report: CheckReport;
let workloadModule: WorkloadModule;

beforeAll(() => {
  const check = spawnSync(process.execPath, [join(BENCH, 'run.js'), '--check-only', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 50_000,
  });
  if (check.stdout.trim() === '')
    throw new Error(`bench/run.js --check-only printed nothing:\n${check.stderr}`);
  report = JSON.parse(check.stdout) as CheckReport;
}, 120_000);

beforeAll(async () => {
  workloadModule = (await import(
    pathToFileURL(join(BENCH, 'lib', 'workload.js')).href
  )) as WorkloadModule;
});

describe('bench: every variant serves the identical page', () => {
  it('fetched 5 variants × 2 page styles × 16 browser headers and found no difference', () => {
    expect(report.mismatches).toBe('');
    expect(report.ok).toBe(true);
    expect(report.pages).toHaveLength(5 * 2 * 16);
    expect(report.pages.filter((p) => p.style === 'tornado')).toHaveLength(5 * 16);
    expect(new Set(report.pages.map((p) => p.variant))).toEqual(
      new Set(['none', 'handwritten', 'i18next', 'i18n-node', 'localekit']),
    );
    expect(report.pages.filter((p) => !p.identical)).toEqual([]);
  });

  it('gives each locale one page, the same from (b) to (e), and 8 different pages in all', () => {
    const { LOCALES } = workloadModule;
    for (const { lang } of LOCALES) {
      const served = report.pages.filter((p) => p.variant !== 'none' && p.expectedLang === lang);
      expect(served).toHaveLength(4 * 2 * 2);
      expect(new Set(served.map((p) => p.sha256))).toEqual(
        new Set([sha256(report.references[lang]!)]),
      );
      expect(served.every((p) => p.lang === lang)).toBe(true);
    }
    expect(new Set(Object.values(report.references).map(sha256)).size).toBe(8);
  });

  it('serves (a), the no-i18n ceiling, the English page whatever the header', () => {
    const none = report.pages.filter((p) => p.variant === 'none');
    expect(none).toHaveLength(2 * 16);
    expect(new Set(none.map((p) => p.sha256))).toEqual(new Set([sha256(report.references.en!)]));
  });

  it('picks the locale each real browser header asks for (es-419 → es, fr-CA → fr, en-GB → en)', () => {
    const pick = (variant: string, header: string) =>
      report.pages.find((p) => p.variant === variant && p.header === header && p.style === 'icu')
        ?.lang;
    for (const variant of ['handwritten', 'i18next', 'i18n-node', 'localekit']) {
      expect(pick(variant, 'es-419,es;q=0.9,en;q=0.8')).toBe('es');
      expect(pick(variant, 'fr-CA,fr;q=0.8,en-US;q=0.5,en;q=0.3')).toBe('fr');
      expect(pick(variant, 'en-GB,en;q=0.9,en-US;q=0.8')).toBe('en');
      expect(pick(variant, 'ar-SA,ar;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('ar');
    }
  });

  it('puts the right plural form of the source data on the page (ru one/few/many, ar zero…other)', () => {
    const { page } = workloadModule.generateWorkload();
    const plurals = page.filter((item) => item.message.kind === 'plural');
    expect(plurals.map((item) => item.count)).toEqual([0, 1, 2, 5, 22, 101]);
    const form = (lang: string, index: number, category: string) => {
      const forms = plurals[index]!.message.tr[lang] as Record<string, string>;
      return forms[category]!.replace('{count}', String(plurals[index]!.count));
    };
    const ru = report.references.ru!;
    expect(ru).toContain(`<li>${form('ru', 0, 'many')}</li>`);
    expect(ru).toContain(`<li>${form('ru', 1, 'one')}</li>`);
    expect(ru).toContain(`<li>${form('ru', 2, 'few')}</li>`);
    expect(ru).toContain(`<li>${form('ru', 4, 'few')}</li>`);
    expect(ru).toContain(`<li>${form('ru', 5, 'one')}</li>`);
    expect(form('ru', 2, 'few')).not.toBe(form('ru', 2, 'many'));
    const ar = report.references.ar!;
    expect(ar).toContain('<html lang="ar" dir="rtl">');
    ['zero', 'one', 'two', 'few', 'many', 'other'].forEach((category, index) => {
      expect(ar).toContain(`<li>${form('ar', index, category)}</li>`);
    });
    expect(report.references.en).toContain('<li>1 minute was deleted</li>');
    expect(report.references.en).toContain('<h1>Terms &amp; conditions</h1>');
  });
});

describe('bench: the Tornado-style page', () => {
  it('is the ICU-style page, byte for byte, for every variant and header', () => {
    for (const page of report.pages.filter((p) => p.style === 'tornado')) {
      const icu = report.pages.find(
        (p) => p.style === 'icu' && p.variant === page.variant && p.header === page.header,
      );
      expect([page.variant, page.header, page.sha256]).toEqual([
        page.variant,
        page.header,
        icu?.sha256,
      ]);
    }
  });

  it('reaches localekit and the hand-written translator through Python-format messages', async () => {
    const { pythonMessage } = (await import(
      pathToFileURL(join(BENCH, 'lib', 'workload.js')).href
    )) as { pythonMessage: (m: WorkloadMessage) => WorkloadMessage };
    const plural = workloadModule.generateWorkload().page.find((p) => p.message.kind === 'plural');
    const python = pythonMessage(plural!.message);
    expect(python.en).toMatch(/^%\(count\)d /);
    expect((python.tr.ru as Record<string, string>).few).toMatch(/^%\(count\)d /);
  });
});

describe('bench: the README section a full run writes', () => {
  it('replaces only "## Performance" up to the next "## " heading', async () => {
    const { replaceSection } = (await import(
      pathToFileURL(join(BENCH, 'lib', 'report.js')).href
    )) as { replaceSection: (readme: string, section: string) => string | undefined };
    const readme =
      '# x\n\n## Demo\n\nd\n\n## Performance\n\nold\n\n### Sub\n\nold\n\n## Compatibility\n\nc\n';
    expect(replaceSection(readme, '## Performance\n\nnew\n\n')).toBe(
      '# x\n\n## Demo\n\nd\n\n## Performance\n\nnew\n\n## Compatibility\n\nc\n',
    );
    expect(replaceSection('# x\n\n## Performance\n\nlast section\n', 'new')).toBeUndefined();
  });
});

/**
 * Every README code block marked `<!-- runnable -->` runs as written: against the packed package
 * (`npm pack`, so only what is published is there), in a temporary directory holding this
 * repository's `locales/`, one `node` process per block. `<!-- runnable commonjs -->` runs as a
 * `.cjs` file; `<!-- runnable file: views/index.ejs -->` is written there first. A block that
 * starts a server is made to listen on 127.0.0.1 and a free port (a preloaded module rewrites the
 * port of `listen`), then asked over HTTP.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDir } from '../helpers/tmp.js';

const ROOT = join(import.meta.dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Block {
  readonly kind: 'esm' | 'commonjs' | 'file';
  readonly file: string | undefined;
  readonly code: string;
  /** 1-based line of the marker in README.md. */
  readonly line: number;
}

function runnableBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const pattern = /^<!-- runnable(?: (commonjs)| file: (\S+))? -->\n```[\w-]*\n([\s\S]*?)^```$/gm;
  for (const m of markdown.matchAll(pattern)) {
    const line = markdown.slice(0, m.index).split('\n').length;
    const kind = m[1] !== undefined ? 'commonjs' : m[2] !== undefined ? 'file' : 'esm';
    blocks.push({ kind, file: m[2], code: m[3]!, line });
  }
  return blocks;
}

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

/** What each block must do, found by a line of its code. */
interface Check {
  readonly contains: string;
  /** For a block that exits: its standard output. */
  readonly stdout?: string;
  /** For a block that listens: requests and what they answer. */
  readonly http?: (get: (path: string, language: string) => Promise<Answer>) => Promise<void>;
  /** For a block that exits: what it left in the directory. */
  readonly after?: (dir: string) => void;
}

const CHECKS: readonly Check[] = [
  {
    contains: "res.send(req.locale._('Your cart contains %(count)d item.'",
    http: async (get) => {
      expect((await get('/?n=5', 'ru-RU,ru;q=0.9')).body).toBe('В вашей корзине 5 товаров.');
      expect((await get('/?n=21', 'ru')).body).toBe('В вашей корзине 21 товар.');
      expect((await get('/?n=1', 'de-DE')).body).toBe('In Ihrem Warenkorb liegt 1 Produkt.');
      expect((await get('/', 'it')).body).toBe('Your cart contains 3 items.');
    },
  },
  { contains: "domain: 'messages',     // @default 'messages'", stdout: '' },
  { contains: "fallbacks: { pt_PT: ['pt_BR'] }", stdout: '' },
  {
    contains: 'createMissingCollector()',
    stdout: '',
    after: (dir) => {
      const pot = readFileSync(join(dir, 'missing.pot'), 'utf8');
      expect(pot).toContain('#. missing in: fr_FR\nmsgid "Not translated yet"\nmsgstr ""\n');
    },
  },
  {
    contains: "res.render('index', { n: 3, user: { name: 'Ada' } })",
    http: async (get) => {
      const fr = await get('/', 'fr-CA,fr;q=0.9');
      expect(fr.status).toBe(200);
      expect(fr.body).toContain('<html lang="fr-FR" dir="ltr">');
      expect(fr.body).toContain('<h1>Hello, Ada</h1>');
      expect(fr.body).toContain('<p>3 apples</p>');
      expect(fr.body).toContain('<button>Open</button>');
      expect((await get('/', 'ar-EG')).body).toContain('<html lang="ar" dir="rtl">');
      const api = await get('/api', 'ru');
      expect(api.type).toMatch(/^application\/json/);
      expect(JSON.parse(api.body)).toEqual({ text: 'Hello, Ada' });
    },
  },
  // fr_FR's "Bonjour !" has a no-break space before the "!", as French typography wants.
  { contains: "require('localekit');", stdout: 'Bonjour\u00a0! function\n' },
  { contains: "await import('localekit')", stdout: 'Bonjour\u00a0!\n' },
];

/** Rewrites `listen(port, …)` to 127.0.0.1 and a free port, and writes the port to a file. */
const PRELOAD = `
import net from 'node:net';
import { writeFileSync } from 'node:fs';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const callbacks = args.filter((a) => typeof a === 'function');
  this.once('listening', () => writeFileSync(process.env.README_PORT_FILE, String(this.address().port)));
  return listen.call(this, 0, '127.0.0.1', ...callbacks);
};
`;

const blocks = runnableBlocks(README);

describe('README code blocks', () => {
  let dir: string;
  let cleanup: () => void;
  let app: string;
  const children = new Set<ChildProcess>();

  beforeAll(() => {
    ({ dir, cleanup } = makeDir({}));
    app = join(dir, 'app');
    // Only what `npm pack` puts in the tarball (dist/ must be built: `npm test` builds first).
    const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop()!;
    const installed = join(app, 'node_modules', 'localekit');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', installed, '--strip-components=1']);
    // The package's dependencies and what the samples import, from this repository (no network).
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const name of [...Object.keys(manifest.dependencies ?? {}), 'express', 'ejs']) {
      const target = join(app, 'node_modules', name);
      mkdirSync(join(target, '..'), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', name), target, 'dir');
    }
    cpSync(join(ROOT, 'locales'), join(app, 'locales'), { recursive: true });
    // A Portuguese (Portugal) catalog, so the `fallbacks: { pt_PT: ['pt_BR'] }` sample has both ends.
    writeFileSync(join(app, 'locales', 'pt_PT.csv'), '"Hello!","Olá!"\n');
    writeFileSync(join(app, 'package.json'), '{ "type": "module", "private": true }\n');
    writeFileSync(join(dir, 'preload.mjs'), PRELOAD);
    for (const block of blocks) {
      if (block.kind !== 'file') continue;
      mkdirSync(join(app, block.file!, '..'), { recursive: true });
      writeFileSync(join(app, block.file!), block.code);
    }
  });

  afterAll(() => {
    for (const child of children) child.kill();
    cleanup?.();
  });

  it('has the runnable blocks this test knows, each with one check', () => {
    const code = blocks.filter((b) => b.kind !== 'file');
    expect(code.length).toBe(CHECKS.length);
    for (const block of code) {
      const matching = CHECKS.filter((c) => block.code.includes(c.contains));
      expect(matching.length, `README.md:${block.line} needs exactly one check`).toBe(1);
    }
    expect(blocks.filter((b) => b.kind === 'file').map((b) => b.file)).toEqual(['views/index.ejs']);
  });

  it('the packed package ships the docs that error hints cite', () => {
    expect(existsSync(join(app, 'node_modules/localekit/docs/express.md'))).toBe(true);
  });

  it('without require(esm) (Node before 20.19), require throws and import() works', () => {
    const [required, imported] = blocks.filter((b) => b.kind === 'commonjs');
    const run = (block: Block) => {
      const file = join(app, `old-node-${block.line}.cjs`);
      writeFileSync(file, block.code);
      try {
        const out = execFileSync(process.execPath, ['--no-experimental-require-module', file], {
          cwd: app,
          stdio: 'pipe',
          encoding: 'utf8',
        });
        return { out, error: '' };
      } catch (error) {
        return { out: '', error: String((error as { stderr: string }).stderr) };
      }
    };
    expect(run(required!).error).toContain('ERR_REQUIRE_ESM');
    expect(run(imported!)).toEqual({ out: 'Bonjour\u00a0!\n', error: '' });
  });

  it.each(blocks.filter((b) => b.kind !== 'file').map((b) => [b.line, b] as const))(
    'README.md:%i runs as written',
    async (_line, block) => {
      const check = CHECKS.find((c) => block.code.includes(c.contains))!;
      const file = join(app, `readme-${block.line}.${block.kind === 'commonjs' ? 'cjs' : 'mjs'}`);
      writeFileSync(file, block.code);
      const portFile = join(dir, `port-${block.line}`);
      const child = spawn(process.execPath, ['--import', join(dir, 'preload.mjs'), file], {
        cwd: app,
        env: { ...process.env, README_PORT_FILE: portFile, NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const listening = (async () => {
        while (child.exitCode === null && !existsSync(portFile)) {
          await new Promise((r) => setTimeout(r, 25));
        }
        return existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : undefined;
      })();
      const port = await Promise.race([listening, exited.then(() => undefined)]);
      try {
        if (check.http !== undefined) {
          expect(port, `README.md:${block.line} should listen; stderr: ${stderr}`).toBeTypeOf(
            'number',
          );
          await check.http(async (path, language) => {
            const res = await fetch(`http://127.0.0.1:${port}${path}`, {
              headers: { 'accept-language': language },
            });
            return {
              status: res.status,
              type: res.headers.get('content-type') ?? '',
              body: await res.text(),
            };
          });
        } else {
          const code = await exited;
          expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
          expect(stdout).toBe(check.stdout);
          check.after?.(app);
        }
      } finally {
        child.kill();
        await exited;
        children.delete(child);
      }
    },
  );
});

/**
 * Types as a strict consumer sees them (`strict`, `exactOptionalPropertyTypes`,
 * `skipLibCheck: false`), against the built package through its `exports`:
 *
 * - test/fixtures/typed-consumer: Express 5, Express 4 (`@types/express@4`, installed as the
 *   `@types/express4` alias), Fastify 5, Koa 2 (`@types/koa`), express-handlebars 8 and Nunjucks
 *   samples in one program, including `detect: (req) => req.user?.locale` with Express's `Request` and
 *   `_('Hello, {name}', user)` with an interface-typed `user`, and `@ts-expect-error` lines that
 *   prove the types still refuse mistakes;
 * - every `ts` code block of the README's Adapters section, compiled the same way and then run: each
 *   ends with a `// curl … localhost:3000<path>  →  <text>` line, which is requested and compared.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(here, '..', '..');
const FIXTURE = path.join(here, '..', 'fixtures', 'typed-consumer');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
/** A full type-check of Express, Fastify and Koa's types takes 6 s of CPU, more on a busy machine. */
const TSC_TIMEOUT = 180_000;

async function tsc(project: string): Promise<string> {
  try {
    await run(process.execPath, [TSC, '-p', project], { cwd: ROOT });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

describe('a strict consumer project', () => {
  it(
    'compiles: Express 5 and 4, Fastify 5, Koa 2, express-handlebars 8, Nunjucks',
    async () => {
      expect(await tsc(path.join(FIXTURE, 'tsconfig.json'))).toBe('');
    },
    TSC_TIMEOUT,
  );
});

/** The `ts` blocks of the README section "Adapters", in order. */
function readmeSamples(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Adapters');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** `// curl [-H 'Name: value'] localhost:3000/path  →  text` */
const CURL = /^\/\/ curl (?:-H '([^':]+): ([^']*)' )?localhost:3000(\S+)\s+→\s+(.+)$/m;

describe('the README adapter samples', () => {
  const samples = readmeSamples();

  it('are there: Express, Fastify, Koa and node:http, each with a request to try', () => {
    expect(samples).toHaveLength(4);
    expect(samples.map((s) => /from 'localekit\/(\w+)'/.exec(s)?.[1])).toEqual([
      'express',
      'fastify',
      'koa',
      'express',
    ]);
    for (const sample of samples) expect(sample).toMatch(CURL);
  });

  it(
    'compile in a strict project and answer the request they show',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'localekit-readme-'));
      const children: ChildProcess[] = [];
      try {
        // node_modules: this package as `localekit`, and everything it has installed.
        const modules = path.join(dir, 'node_modules');
        mkdirSync(modules);
        symlinkSync(ROOT, path.join(modules, 'localekit'), 'dir');
        for (const name of readdirSync(path.join(ROOT, 'node_modules'))) {
          if (name === '.bin' || name === 'localekit') continue;
          symlinkSync(path.join(ROOT, 'node_modules', name), path.join(modules, name), 'dir');
        }
        writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
        const files = samples.map((_, i) => `sample-${i}.ts`);
        for (const [i, sample] of samples.entries())
          writeFileSync(path.join(dir, files[i]!), sample);
        writeFileSync(
          path.join(dir, 'tsconfig.json'),
          JSON.stringify({
            compilerOptions: {
              target: 'ES2022',
              lib: ['ES2023'],
              module: 'NodeNext',
              moduleResolution: 'NodeNext',
              strict: true,
              exactOptionalPropertyTypes: true,
              skipLibCheck: false,
              types: ['node'],
              outDir: 'out',
              // As in the fixture's tsconfig.json: @types/koa wants @types/content-disposition.
              paths: {
                'content-disposition': [
                  path.join(ROOT, 'node_modules', '@types', 'content-disposition', 'index.d.ts'),
                ],
              },
            },
            files,
          }),
        );
        expect(await tsc(path.join(dir, 'tsconfig.json'))).toBe('');

        for (const [i, sample] of samples.entries()) {
          const [, header, value, urlPath, expected] = CURL.exec(sample)!;
          const port = await freePort();
          const child = spawn(process.execPath, [path.join(dir, 'out', `sample-${i}.js`)], {
            cwd: ROOT, // `loadTranslations('locales')`: the repository's demo catalogs
            env: { ...process.env, PORT: String(port) },
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          children.push(child);
          let stderr = '';
          child.stderr!.on('data', (chunk: Buffer) => {
            stderr += chunk.toString();
          });
          const headers: Record<string, string> = header === undefined ? {} : { [header]: value! };
          let text: string | undefined;
          for (let attempt = 0; attempt < 100 && text === undefined; attempt++) {
            try {
              text = await (await fetch(`http://127.0.0.1:${port}${urlPath}`, { headers })).text();
            } catch {
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
          }
          expect(text?.split('\n')[0], `sample ${i}: ${stderr}`).toBe(expected!.trim());
          child.kill();
          await once(child, 'exit');
        }
      } finally {
        for (const child of children) if (child.exitCode === null) child.kill();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    TSC_TIMEOUT,
  );
});

describe('docs/express.md', () => {
  it('is the README Adapters section (run node scripts/docs-express.mjs after editing it)', async () => {
    // @ts-expect-error -- a plain .mjs script without types
    const { adapterDocs } = (await import('../../scripts/docs-express.mjs')) as {
      adapterDocs: (readme: string) => string;
    };
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readFileSync(path.join(ROOT, 'docs', 'express.md'), 'utf8')).toBe(adapterDocs(readme));
  });
});

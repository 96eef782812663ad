// SIGHUP to the demo's cluster primary reloads the catalogs in every worker: a changed catalog
// reaches every worker within a second, a broken one leaves every worker on its old catalogs.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const catalogs = mkdtempSync(path.join(tmpdir(), 'localekit-reload-'));
const FRENCH = path.join(catalogs, 'fr_FR', 'LC_MESSAGES', 'messages.po');
let child: ChildProcess | undefined;
let output = '';

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(catalogs, { recursive: true, force: true });
});

function start(): Promise<URL> {
  child = spawn(process.execPath, ['examples/server.js'], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      WORKERS: '2',
      LOCALES_DIR: catalogs,
      // No file watching: only the signal can make the workers reload.
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (output += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (output += s));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start:\n${output}`)), 15_000);
    child!.stdout!.on('data', () => {
      const match = /localekit demo: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(new URL(match[1]!));
      }
    });
  });
}

/** GET on a new connection, so either worker may answer. */
function get(url: URL, pathname: string): Promise<{ pid: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(pathname, url), { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (s: string) => (body += s));
      res.on('end', () => resolve({ pid: Number(res.headers['x-worker-pid']), body }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('no answer in 10 s')));
  });
}

const title = (body: string): string => /<h1[^>]*>([^<]*)<\/h1>/.exec(body)?.[1] ?? '';

/** What each worker answers for French `/`, asking until both have answered `count` times. */
async function frenchTitles(url: URL, count = 2): Promise<Map<number, string[]>> {
  const byPid = new Map<number, string[]>();
  for (let i = 0; i < 100; i++) {
    const { pid, body } = await get(url, '/?locale=fr_FR');
    byPid.set(pid, [...(byPid.get(pid) ?? []), title(body)]);
    if (byPid.size === 2 && [...byPid.values()].every((t) => t.length >= count)) return byPid;
  }
  throw new Error(`only ${byPid.size} worker(s) answered`);
}

function statusRows(body: string): { pid: number; generation: number; failed: string }[] {
  return [
    ...body.matchAll(
      /<tr data-pid="(\d+)" data-generation="(\d+)"[^>]*>[\s\S]*?<td>([^<]*)<\/td>\s*<\/tr>/g,
    ),
  ].map((m) => ({ pid: Number(m[1]), generation: Number(m[2]), failed: m[3]! }));
}

describe('WORKERS=2, SIGHUP to the primary', () => {
  it('reloads every worker: new text within a second; a broken catalog keeps every worker on the old one', async () => {
    cpSync(path.join(root, 'locales'), catalogs, { recursive: true });
    const url = await start();
    const before = await frenchTitles(url);
    // French typography: a no-break space before the "!".
    expect(new Set([...before.values()].flat())).toEqual(new Set(['Bonjour\u00a0!']));
    const pids = [...before.keys()].sort((a, b) => a - b);

    writeFileSync(
      FRENCH,
      readFileSync(FRENCH, 'utf8').replace(/msgstr "Bonjour[^"]*"/, 'msgstr "Salut, version 2 !"'),
    );
    const signalled = Date.now();
    child!.kill('SIGHUP');
    // Every worker answers with the new text; the time until the last one did is measured.
    const switched = new Map<number, number>();
    while (switched.size < 2 && Date.now() - signalled < 5_000) {
      const { pid, body } = await get(url, '/?locale=fr_FR');
      if (title(body) === 'Salut, version 2 !' && !switched.has(pid)) {
        switched.set(pid, Date.now() - signalled);
      }
    }
    console.log(
      `SIGHUP -> new text from each worker after ${[...switched.values()].join(', ')} ms`,
    );
    expect([...switched.keys()].sort((a, b) => a - b)).toEqual(pids);
    expect(Math.max(...switched.values())).toBeLessThan(1_000);
    // Once switched, no worker goes back.
    const after = await frenchTitles(url);
    expect(new Set([...after.values()].flat())).toEqual(new Set(['Salut, version 2 !']));
    const status = statusRows((await get(url, '/status')).body);
    expect(status.map((r) => [r.pid, r.generation, r.failed])).toEqual(pids.map((p) => [p, 2, '']));

    writeFileSync(FRENCH, 'msgid "Hello!"\nmsgstr "unterminated\n');
    child!.kill('SIGHUP');
    await expect
      .poll(
        () => output.match(/reload failed in process \d+, still serving generation 2/g)?.length,
        {
          timeout: 5_000,
        },
      )
      .toBe(2);
    const kept = await frenchTitles(url, 3);
    expect([...kept.keys()].sort((a, b) => a - b)).toEqual(pids);
    expect(new Set([...kept.values()].flat())).toEqual(new Set(['Salut, version 2 !']));
    const failed = statusRows((await get(url, '/status')).body);
    expect(failed.map((r) => [r.pid, r.generation])).toEqual(pids.map((p) => [p, 2]));
    for (const row of failed) expect(row.failed).toContain('messages.po');

    child!.kill('SIGTERM');
    const code = await new Promise((resolve) => child!.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
  });
});

// `node examples/server.js` as a real child process: WORKERS=2 with node:cluster, a worker that
// dies is replaced, and SIGTERM/SIGINT let the request in flight finish before exiting 0.
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const children: ChildProcess[] = [];
const workerPids = new Set<number>();

afterAll(() => {
  // Whatever happened above, leave nothing running.
  for (const pid of workerPids) killQuietly(pid);
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

interface Started {
  child: ChildProcess;
  url: URL;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startServer(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['examples/server.js'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 15_000);
    const onData = (): void => {
      const match = /localekit demo: (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(new URL(match[1]!));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', () => reject(new Error(`server exited before listening:\n${out}`)));
  });
  return { child, url, output: () => out, exited };
}

interface Reply {
  status: number;
  pid: number;
  body: string;
}

/** One request on its own new connection (so the cluster can hand it to any worker). */
function get(url: URL, pathname: string, agent: http.Agent | false = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(pathname, url), { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, pid: Number(res.headers['x-worker-pid']), body }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${pathname}: no answer in 10 s`)));
  });
}

/** Starts a request and resolves once its response headers arrived: it is in flight on a process. */
function startSlow(
  url: URL,
  ms: number,
  agent: http.Agent | false,
): Promise<{ pid: number; done: Promise<Reply> }> {
  return new Promise((resolveStarted, reject) => {
    const req = http.get(new URL(`/slow?ms=${ms}`, url), { agent }, (res) => {
      const pid = Number(res.headers['x-worker-pid']);
      let body = '';
      const done = new Promise<Reply>((resolve, rejectDone) => {
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, pid, body }));
        res.on('error', rejectDone);
      });
      resolveStarted({ pid, done });
    });
    req.on('error', reject);
  });
}

function connectionRefused(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  tries = 200,
): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Requests /healthz on new connections until `count` distinct processes have answered. */
async function distinctPids(
  url: URL,
  count: number,
  exclude: ReadonlySet<number> = new Set(),
): Promise<Set<number>> {
  const seen = new Set<number>();
  await waitFor(`${count} workers`, async () => {
    const reply = await get(url, '/healthz');
    expect(reply).toMatchObject({ status: 200, body: 'ok' });
    if (!exclude.has(reply.pid)) seen.add(reply.pid);
    return seen.size >= count ? true : undefined;
  });
  return seen;
}

describe('WORKERS=2', () => {
  it('two processes serve one port; SIGTERM lets the request in flight finish, then everything exits 0', async () => {
    // A deadline shorter than Node's 5 s keep-alive timeout: exiting 0 proves that the idle
    // keep-alive connection left behind by the slow request was closed, not waited out.
    const server = await startServer({ WORKERS: '2', SHUTDOWN_TIMEOUT_MS: '4000' });
    expect(server.output()).toMatch(/\(2 workers\)/);
    const pids = await distinctPids(server.url, 2);
    for (const pid of pids) workerPids.add(pid);
    expect(pids.has(server.child.pid!)).toBe(false);

    const keepAlive = new http.Agent({ keepAlive: true });
    const slow = await startSlow(server.url, 1500, keepAlive);
    expect(pids.has(slow.pid)).toBe(true);
    server.child.kill('SIGTERM');

    // No new connections once the workers have closed their servers, though a request is running.
    const refusedWhileDraining = await waitFor('connections refused', async () =>
      (await connectionRefused(server.url)) ? true : undefined,
    );
    expect(refusedWhileDraining).toBe(true);

    const reply = await slow.done;
    expect(reply).toEqual({ status: 200, pid: slow.pid, body: 'done after 1500 ms\n' });
    expect(await server.exited).toEqual({ code: 0, signal: null });
    keepAlive.destroy();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(await connectionRefused(server.url)).toBe(true);
  });

  it('a worker that dies is replaced', async () => {
    const server = await startServer({ WORKERS: '2' });
    const pids = await distinctPids(server.url, 2);
    for (const pid of pids) workerPids.add(pid);
    const [victim] = [...pids];
    process.kill(victim!, 'SIGKILL');
    // Probe only once the primary has noticed: a connection handed to a dying worker is lost.
    await waitFor('the primary to notice', async () =>
      server.output().includes(`worker ${victim} exited (SIGKILL); starting another`)
        ? true
        : undefined,
    );
    const replacement = await distinctPids(server.url, 1, pids);
    expect(replacement.size).toBe(1);
    for (const pid of replacement) workerPids.add(pid);
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});

describe('single process', () => {
  it('SIGINT: stops accepting, finishes the request in flight, exits 0', async () => {
    const server = await startServer({});
    expect(server.output()).toBe(`localekit demo: ${server.url.href}\n`);
    const health = await get(server.url, '/healthz');
    expect(health).toEqual({ status: 200, pid: server.child.pid, body: 'ok' });

    const slow = await startSlow(server.url, 1000, false);
    server.child.kill('SIGINT');
    expect(
      await waitFor('connections refused', async () =>
        (await connectionRefused(server.url)) ? true : undefined,
      ),
    ).toBe(true);
    expect(await slow.done).toEqual({
      status: 200,
      pid: server.child.pid,
      body: 'done after 1000 ms\n',
    });
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it('a bad PORT is a clear error with exit status 2', async () => {
    const child = spawn(process.execPath, ['examples/server.js'], {
      cwd: root,
      env: { ...process.env, PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const code = await new Promise<number | null>((resolve) =>
      child.once('exit', (c) => resolve(c)),
    );
    expect(code).toBe(2);
    expect(err).toBe('localekit demo: PORT must be a whole number from 0 to 65535, not "eighty"\n');
  });
});

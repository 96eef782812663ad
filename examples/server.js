// Runs the localekit demo site: `npm start` (or `node examples/server.js`).
//
//   PORT=3000 HOST=127.0.0.1   where to listen (PORT=0 picks a free port; the URL is printed)
//   WORKERS=1                  N > 1 serves from N processes with node:cluster, one port
//   TRUST_PROXY=1              honour X-Forwarded-For / X-Forwarded-Proto (off by default)
//   SHUTDOWN_TIMEOUT_MS=10000  how long SIGTERM/SIGINT waits for requests in flight
//   LOCALES_DIR=locales        the catalogs to serve (default: the repository's locales/)
//   NODE_ENV=production        no file watching and no pseudo-locales (development has both)
//
// SIGHUP (to the primary, or to the single process): every process reloads its catalogs; one
// whose reload fails says so on stderr and keeps serving its old catalogs. /status shows which
// catalogs (generation, load time) each worker serves.
//
// SIGTERM or SIGINT: stop accepting connections, let the requests in flight finish (closing
// keep-alive connections as they go idle), exit 0. Past the deadline the remaining connections
// are cut and the process exits 1, so a supervisor can tell a clean stop from a forced one.
import cluster from 'node:cluster';
import http from 'node:http';
import { CATALOG_STATUS_MESSAGE, reloadOnMessage, reloadWorkers } from 'localekit';
import { createApp } from './app.js';

/** What the primary sends every worker: the catalog status of all of them, for /status. */
const WORKERS_MESSAGE = 'localekit-demo:workers';

const settings = readSettings(process.env);

if (settings.workers > 1 && cluster.isPrimary) {
  runPrimary(settings);
} else {
  await runServer(settings);
}

function readSettings(env) {
  return {
    host: env.HOST || '127.0.0.1',
    port: integerSetting(env, 'PORT', 3000, 0, 65_535),
    workers: integerSetting(env, 'WORKERS', 1, 1, 256),
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    shutdownTimeoutMs: integerSetting(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    localesDir: env.LOCALES_DIR || undefined,
    production: env.NODE_ENV === 'production',
  };
}

function integerSetting(env, name, fallback, min, max) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    console.error(
      `localekit demo: ${name} must be a whole number from ${min} to ${max}, not "${raw}"`,
    );
    process.exit(2);
  }
  return value;
}

function siteUrl(host, address) {
  const port = typeof address === 'object' && address !== null ? address.port : address;
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}

/** One HTTP server (the whole site without cluster, or one cluster worker). */
async function runServer({ host, port, trustProxy, shutdownTimeoutMs, localesDir, production }) {
  let server;
  let closing = false;

  const shutdown = (signal) => {
    if (closing) return;
    closing = true;
    if (server === undefined) process.exit(0); // signalled while still starting: nothing in flight
    const deadline = setTimeout(() => {
      console.error(
        `localekit demo: requests still running after ${shutdownTimeoutMs} ms; closing them`,
      );
      server.closeAllConnections();
      process.exit(1);
    }, shutdownTimeoutMs);
    deadline.unref();
    server.close((error) => {
      clearTimeout(deadline);
      process.exit(error ? 1 : 0);
    });
    // Keep-alive connections with no request on them would hold close() open until they time out.
    server.closeIdleConnections();
    if (!cluster.isWorker) console.error(`localekit demo: ${signal}, finishing requests in flight`);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  const app = await createApp({
    trustProxy,
    ...(localesDir ? { localesDir } : {}),
    // Development shows the pseudo-locales en-XA and ar-XB in the switcher.
    pseudo: !production,
  });
  watchCatalogs(app, production);
  server = http.createServer((req, res) => {
    if (closing) res.setHeader('Connection', 'close');
    res.on('finish', () => {
      // A connection whose request was in flight when the signal came becomes idle only now.
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    app(req, res);
  });
  if (closing) process.exit(0);
  server.listen(port, host, () => {
    if (!cluster.isWorker) console.log(`localekit demo: ${siteUrl(host, server.address())}`);
  });
}

/**
 * Catalog reloads in this process: on SIGHUP, on the primary's message (in a worker), and in
 * development on file changes. Fills `app.locals.catalogStatus` for /status.
 */
function watchCatalogs(app, production) {
  const i18n = app.locals.i18n;
  const who = cluster.isWorker ? `worker ${process.pid}` : `process ${process.pid}`;
  const catalogs = reloadOnMessage(i18n, {
    onReload: (status) =>
      console.error(
        `localekit demo: ${who} reloaded the catalogs (generation ${status.generation})`,
      ),
  });
  // A SIGHUP sent to this process itself (or to the whole process group) reloads it too.
  process.on('SIGHUP', () => void catalogs.reload());
  if (!production) {
    i18n.watch({
      onReload: () => catalogs.noteReload(),
      onError: (error) =>
        console.error(
          `localekit demo: ${who}: reload failed, keeping the catalogs in use: ${error.message}`,
        ),
    });
  }
  let all = [];
  process.on('message', (message) => {
    if (message?.type === WORKERS_MESSAGE && Array.isArray(message.workers)) all = message.workers;
  });
  // This process's own entry is always its latest; the others are as the primary last heard.
  app.locals.catalogStatus = () =>
    [...all.filter((s) => s.pid !== process.pid), catalogs.status()].sort((a, b) => a.pid - b.pid);
}

/** The cluster primary: forks the workers, restarts one that dies, stops them all on a signal. */
function runPrimary({ host, workers, shutdownTimeoutMs }) {
  let stopping = false;
  let announced = false;
  let exitCode = 0;
  const recentRestarts = [];

  for (let i = 0; i < workers; i++) cluster.fork();

  // Each worker reports the catalogs it serves; every worker gets the whole list for /status.
  const statuses = new Map();
  const broadcast = () => {
    const message = { type: WORKERS_MESSAGE, workers: [...statuses.values()] };
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker?.isConnected()) worker.send(message);
    }
  };
  cluster.on('message', (worker, message) => {
    if (message?.type !== CATALOG_STATUS_MESSAGE) return;
    statuses.set(worker.id, message.status);
    broadcast();
  });
  process.on('SIGHUP', () => {
    if (stopping) return;
    const asked = reloadWorkers(cluster.workers);
    console.error(`localekit demo: SIGHUP, reloading the catalogs in ${asked} workers`);
  });

  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    console.log(`localekit demo: ${siteUrl(host, address)} (${workers} workers)`);
  });

  cluster.on('exit', (worker, code, signal) => {
    if (statuses.delete(worker.id) && !stopping) broadcast();
    if (stopping) {
      if (code !== 0) exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    // Nothing fancy: start a replacement, unless workers keep dying as soon as they start.
    const now = Date.now();
    recentRestarts.push(now);
    while (recentRestarts.length > 0 && recentRestarts[0] < now - 10_000) recentRestarts.shift();
    if (recentRestarts.length > workers * 3) {
      console.error('localekit demo: workers keep exiting; giving up');
      exitCode = 1;
      stopAll('SIGTERM');
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    console.error(
      `localekit demo: worker ${worker.process.pid} exited (${signal ?? code}); starting another`,
    );
    cluster.fork();
  });

  const stopAll = (signal) => {
    if (stopping) return;
    stopping = true;
    console.error(`localekit demo: ${signal}, stopping ${workers} workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    // The workers enforce their own deadline; this one only covers a worker that hangs anyway.
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, shutdownTimeoutMs + 5_000).unref();
  };
  process.on('SIGTERM', stopAll);
  process.on('SIGINT', stopAll);
}

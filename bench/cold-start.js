/**
 * Cold start, in a fresh process: `node bench/cold-start.js`. Times the first `loadTranslations`
 * of the demo's `locales/` (every file read and parsed, in a process that has loaded nothing
 * else but the package) and sends `{ ms, importMs, locales }` over IPC (or prints JSON).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = process.env.LOCALEKIT_DIST
  ? pathToFileURL(`${process.env.LOCALEKIT_DIST.replace(/\/$/, '')}/`)
  : new URL('../dist/', import.meta.url);

const importStarted = performance.now();
const { loadTranslations } = await import(new URL('index.js', DIST).href);
const importMs = performance.now() - importStarted;
const started = performance.now();
const i18n = await loadTranslations(`${ROOT}locales`, { onWarning() {} });
const ms = performance.now() - started;
const result = { ms, importMs, locales: i18n.supportedLocales.length };
if (process.send) process.send(result);
else console.log(JSON.stringify(result));

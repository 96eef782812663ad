/**
 * `Translations#watch`: follows a catalog directory through real deploys and reloads only once
 * the catalog files have settled.
 *
 * What is watched (with `fs.watch`, one non-recursive watcher per directory, so it behaves the
 * same on every platform and survives files being replaced by rename):
 * - the catalog directory, each directory in it and each `<entry>/LC_MESSAGES`;
 * - the directory that holds the catalog directory, for events on the catalog directory's own
 *   name (removed and recreated, `mv loc.new loc`, `ln -sfn v2 current`).
 *
 * Every `pollMs` a probe also reads the directory's identity (realpath, and device/inode of the
 * path and of what it points to) and the size, mtime, ctime and inode of every catalog file. A
 * probe that sees a difference counts as a change (the backstop for events `fs.watch` misses:
 * a symlink switched higher up the path, network file systems), and every probe re-arms the
 * watchers on whatever the paths now are.
 *
 * Settle rule (chokidar's `awaitWriteFinish`): after a change, probes run every `debounceMs`; a
 * reload starts only when two consecutive probes saw the same files and no file-system event
 * came between them, and the new catalogs are swapped in only if one more probe after reading
 * still sees the same. A file written in chunks is therefore not published while the writer
 * keeps writing at least once per window.
 */
import { type BigIntStats, type FSWatcher, watch as fsWatch, statSync } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { LocaleKitError } from '../errors.js';
import { errorCode } from './scan.js';

/** Options of `Translations#watch`. */
export interface WatchOptions {
  /**
   * Settle window: a reload starts once the catalog files have stayed unchanged (size, mtime,
   * ctime, inode) and no file-system event has arrived for this long. @default 100
   */
  readonly debounceMs?: number;
  /**
   * How often the directory's identity and the catalog files are probed even without events: the
   * backstop that notices a symlink switched higher up the path or changes `fs.watch` missed.
   * @default 1000
   */
  readonly pollMs?: number;
  /** Receives each failed reload's error, and watchers that could not be set up. @default prints to stderr */
  readonly onError?: (error: unknown) => void;
  /** Called after each successful reload. */
  readonly onReload?: () => void;
}

/** What `watch()` returns. */
export interface CatalogWatcher {
  /** Stops watching: closes every watcher and timer; a reload in flight is not swapped in. */
  close(): void;
}

/**
 * Reads the catalogs into a new snapshot and swaps it in only if `stillSettled()` resolves true;
 * resolves false when it did not swap. Rejects with the load's error.
 */
export type GuardedReload = (stillSettled: () => Promise<boolean>) => Promise<boolean>;

const OPTION_NAMES: ReadonlySet<string> = new Set(['debounceMs', 'pollMs', 'onError', 'onReload']);

/** A name that may be, or lead to, a catalog: no extension (a locale directory) or a catalog one. */
const CATALOG_NAME = /^[^.]+$|\.(?:csv|po|mo)$/;
const LC_MESSAGES_FILE = /\.(?:po|mo)$/;

interface Probe {
  /** Everything the probe saw, as one comparable string. */
  readonly key: string;
  /** The file-system event count when the probe started. */
  readonly events: number;
}

interface Armed {
  /** `dev:ino` of the directory the watcher was set up on. */
  readonly id: string;
  readonly watcher: FSWatcher;
}

/**
 * Watches `dir` and drives `reload` under the settle rule above. Throws a `LocaleKitError`
 * (`E_OPTION`, or `E_IO` when `dir` cannot be watched at all).
 */
export function watchCatalogs(
  dir: string,
  reload: GuardedReload,
  options: WatchOptions = {},
): CatalogWatcher {
  const { debounceMs, pollMs, onError, onReload } = resolveOptions(options);
  const root = resolve(dir);
  const parent = dirname(root);
  const rootName = basename(root);

  let closed = false;
  /** File-system events seen so far (only ones that may concern a catalog). */
  let events = 0;
  /** A change is being settled. */
  let settling = false;
  /** The previous probe while settling. */
  let prev: Probe | undefined;
  /** What the last probe outside settling (or the last reload) saw. */
  let baseline: string | undefined;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  const armed = new Map<string, Armed>();
  /** Watcher failures already reported, so a poll does not repeat them. */
  const reported = new Set<string>();

  /** Hands `error` to `onError`; with none, or when `onError` throws, prints it. */
  const report = (error: unknown, what = 'reload failed, keeping the catalogs in use'): void => {
    try {
      if (onError !== undefined) {
        onError(error);
        return;
      }
    } catch (thrown) {
      print('onError threw', thrown);
    }
    print(what, error);
  };

  const schedule = (ms: number): void => {
    if (closed) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
    timer.unref();
  };

  const onEvent = (): void => {
    if (closed) return;
    events++;
    if (!settling) {
      settling = true;
      prev = undefined;
      if (!running) schedule(0);
    }
  };

  /** Sets up one directory's watcher; throws what `fs.watch` throws. */
  const open = (path: string, id: string): void => {
    const isParent = path === parent && path !== root;
    const watcher = fsWatch(path, { persistent: false }, (_type, name) => {
      if (
        isParent ? name === null || name === rootName : name === null || CATALOG_NAME.test(name)
      ) {
        onEvent();
      }
    });
    watcher.on('error', () => {
      // A watched directory that went away (some platforms say so with an error): re-armed by
      // the next probe.
      watcher.close();
      if (armed.get(path)?.watcher === watcher) armed.delete(path);
      onEvent();
    });
    armed.set(path, { id, watcher });
  };

  /** `open`, reporting a failure once per directory and cause; the probes poll meanwhile. */
  const arm = (path: string, id: string): void => {
    try {
      open(path, id);
    } catch (cause) {
      const code = errorCode(cause);
      // Gone or replaced since the probe looked: the next probe sees the new state.
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      const key = `${path}\0${id}\0${code}`;
      if (reported.has(key)) return;
      reported.add(key);
      report(
        new LocaleKitError('E_IO', `cannot watch (${code})`, {
          file: path,
          hint: `changes there are found by polling every ${pollMs} ms`,
          cause,
        }),
        'cannot watch a catalog directory',
      );
    }
  };

  /** Closes watchers whose directory changed or went away, and sets up the missing ones. */
  const reconcile = (wanted: ReadonlyMap<string, string>): void => {
    for (const [path, entry] of armed) {
      if (wanted.get(path) !== entry.id) {
        entry.watcher.close();
        armed.delete(path);
      }
    }
    for (const [path, id] of wanted) {
      if (!closed && !armed.has(path)) arm(path, id);
    }
  };

  const probe = async (): Promise<Probe> => {
    const at = events;
    const wanted = new Map<string, string>();
    const key = await fingerprint(root, parent, wanted);
    if (!closed) reconcile(wanted);
    return { key, events: at };
  };

  const same = (a: Probe, b: Probe): boolean => a.key === b.key && a.events === b.events;

  const step = async (): Promise<void> => {
    const p = await probe();
    if (closed) return;
    if (!settling) {
      if (baseline !== undefined && p.key !== baseline) {
        // Found by polling: fs.watch missed it (or cannot see it).
        settling = true;
        prev = p;
      } else {
        baseline = p.key;
      }
      return;
    }
    if (prev === undefined || !same(prev, p)) {
      prev = p;
      return;
    }
    settling = false;
    prev = undefined;
    baseline = p.key;
    let swapped: boolean;
    try {
      swapped = await reload(async () => !closed && same(p, await probe()) && !closed);
    } catch (error) {
      if (!closed) report(error);
      return;
    }
    if (closed) return;
    if (swapped) {
      try {
        onReload?.();
      } catch (error) {
        report(error, 'onReload threw');
      }
    } else if (!settling) {
      // The files moved while they were read: settle again.
      settling = true;
      prev = undefined;
    }
  };

  const tick = async (): Promise<void> => {
    timer = undefined;
    if (closed || running) return;
    running = true;
    try {
      await step();
    } catch (error) {
      if (!closed) report(error, 'watch failed');
    } finally {
      running = false;
      schedule(settling ? (prev === undefined ? 0 : debounceMs) : pollMs);
    }
  };

  // The directory itself is set up synchronously, so a wrong path fails at startup.
  try {
    const st = statSync(root, { bigint: true });
    if (!st.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    open(root, idOf(st));
  } catch (cause) {
    throw new LocaleKitError('E_IO', `cannot watch (${errorCode(cause)})`, {
      file: dir,
      hint: 'check that the catalog directory exists and can be watched',
      cause,
    });
  }
  try {
    if (parent !== root) arm(parent, idOf(statSync(parent, { bigint: true })));
  } catch {
    // Unreadable parent: the probes poll for what its watcher would have seen.
  }
  // The first probe sets the baseline and watches the subdirectories.
  schedule(0);

  return Object.freeze({
    close: () => {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      for (const entry of armed.values()) entry.watcher.close();
      armed.clear();
    },
  });
}

/**
 * One string for the state of everything a reload reads: the identity of `root` (realpath,
 * `dev:ino` of the path itself and of its target), and for each catalog file (`<root>/<name>.csv`,
 * `.po`, `.mo`, and `<root>/<dir>/LC_MESSAGES/<name>.po`, `.mo`) its inode, size, mtime and ctime
 * in nanoseconds.
 * Fills `wanted` with the directories to watch (path → `dev:ino`).
 */
async function fingerprint(
  root: string,
  parent: string,
  wanted: Map<string, string>,
): Promise<string> {
  const lines: string[] = [];
  if (parent !== root) {
    const st = await statOrCode(parent);
    if (typeof st !== 'string' && st.isDirectory()) wanted.set(parent, idOf(st));
  }
  let target: BigIntStats;
  try {
    const [real, link, st] = await Promise.all([
      realpath(root),
      lstat(root, { bigint: true }),
      stat(root, { bigint: true }),
    ]);
    lines.push(`${real}\0${idOf(link)}\0${idOf(st)}`);
    target = st;
  } catch (cause) {
    return `!${errorCode(cause)}`;
  }
  if (!target.isDirectory()) return `${lines[0]}\0not a directory`;
  wanted.set(root, idOf(target));
  const names = await readNames(root);
  if (typeof names === 'string') return `${lines[0]}\0!${names}`;
  const entries = names.filter((name) => CATALOG_NAME.test(name));
  const stats = await Promise.all(entries.map((name) => statOrCode(join(root, name))));
  const nested = await Promise.all(
    entries.map(async (name, i) => {
      const st = stats[i]!;
      if (typeof st === 'string') return `${name}\0!${st}`;
      if (st.isFile()) return `${name}\0${signature(st)}`;
      if (!st.isDirectory()) return `${name}\0mode ${st.mode}`;
      const path = join(root, name);
      wanted.set(path, idOf(st));
      return `${name}/\0${idOf(st)}\n${await lcMessages(path, name, wanted)}`;
    }),
  );
  lines.push(...nested);
  return lines.join('\n');
}

async function lcMessages(
  path: string,
  name: string,
  wanted: Map<string, string>,
): Promise<string> {
  const lc = join(path, 'LC_MESSAGES');
  const st = await statOrCode(lc);
  if (typeof st === 'string') return `${name}/LC_MESSAGES\0!${st}`;
  if (!st.isDirectory()) return `${name}/LC_MESSAGES\0mode ${st.mode}`;
  wanted.set(lc, idOf(st));
  const names = await readNames(lc);
  if (typeof names === 'string') return `${name}/LC_MESSAGES/\0!${names}`;
  const files = names.filter((file) => LC_MESSAGES_FILE.test(file));
  const stats = await Promise.all(files.map((file) => statOrCode(join(lc, file))));
  return [
    `${name}/LC_MESSAGES/\0${idOf(st)}`,
    ...files.map((file, i) => {
      const fst = stats[i]!;
      return `${name}/LC_MESSAGES/${file}\0${typeof fst === 'string' ? `!${fst}` : signature(fst)}`;
    }),
  ].join('\n');
}

async function readNames(path: string): Promise<string[] | string> {
  try {
    return (await readdir(path)).sort();
  } catch (cause) {
    return errorCode(cause);
  }
}

async function statOrCode(path: string): Promise<BigIntStats | string> {
  try {
    return await stat(path, { bigint: true });
  } catch (cause) {
    return errorCode(cause);
  }
}

function idOf(st: BigIntStats): string {
  return `${st.dev}:${st.ino}`;
}

function signature(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

function print(what: string, error: unknown): void {
  let text: string;
  try {
    text = String(error instanceof Error ? error.message : error);
  } catch {
    text = 'an error that cannot be printed';
  }
  process.stderr.write(`localekit: ${what}: ${text}\n`);
}

function resolveOptions(options: WatchOptions): {
  debounceMs: number;
  pollMs: number;
  onError: ((error: unknown) => void) | undefined;
  onReload: (() => void) | undefined;
} {
  if (options === null || typeof options !== 'object') {
    throw new LocaleKitError('E_OPTION', 'watch options must be an object');
  }
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) {
      throw new LocaleKitError('E_OPTION', `unknown watch option "${name}"`, {
        hint: `valid options are ${[...OPTION_NAMES].join(', ')}`,
      });
    }
  }
  const debounceMs = options.debounceMs ?? 100;
  if (typeof debounceMs !== 'number' || !(debounceMs >= 0) || debounceMs > 60_000) {
    throw new LocaleKitError(
      'E_OPTION',
      `watch debounceMs must be between 0 and 60000, got ${String(debounceMs)}`,
    );
  }
  const pollMs = options.pollMs ?? 1000;
  if (typeof pollMs !== 'number' || !(pollMs >= 10) || pollMs > 3_600_000) {
    throw new LocaleKitError(
      'E_OPTION',
      `watch pollMs must be between 10 and 3600000, got ${String(pollMs)}`,
    );
  }
  const onError = options.onError;
  if (onError !== undefined && typeof onError !== 'function') {
    throw new LocaleKitError('E_OPTION', 'watch onError must be a function');
  }
  const onReload = options.onReload;
  if (onReload !== undefined && typeof onReload !== 'function') {
    throw new LocaleKitError('E_OPTION', 'watch onReload must be a function');
  }
  return { debounceMs, pollMs, onError, onReload };
}

import type { Translations } from './translations.js';

/**
 * Reloading every process of a cluster at once. The primary has no catalogs; it tells each worker
 * to `reload()` (`worker.send`), and each worker reports the catalogs it serves back:
 *
 * ```ts
 * // primary
 * process.on('SIGHUP', () => reloadWorkers(cluster.workers));
 * // worker
 * const catalogs = reloadOnMessage(i18n);
 * ```
 *
 * A reload is atomic per worker (`Translations#reload`): one that fails leaves that worker on the
 * catalogs it had, and says so in its report and on stderr. Nothing here imports `node:cluster`.
 */

/** The message the primary sends: `{ type: 'localekit:reload' }`. */
export const RELOAD_MESSAGE = 'localekit:reload';
/** The message a worker sends back: `{ type: 'localekit:catalogs', status: CatalogStatus }`. */
export const CATALOG_STATUS_MESSAGE = 'localekit:catalogs';

/** Which catalogs one process serves. */
export interface CatalogStatus {
  readonly pid: number;
  /** 1 for the catalogs loaded at start, +1 for each successful reload since. */
  readonly generation: number;
  /** When the catalogs in use were loaded, in epoch milliseconds. */
  readonly loadedAt: number;
  /** The last reload, when it failed after the last successful one; its catalogs were kept. */
  readonly failed?: { readonly message: string; readonly at: number };
}

/** Where messages come from and reports go: a cluster worker's `process`, or a test double. */
export interface ReloadChannel {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  send?: ((message: unknown) => boolean) | undefined;
}

/** Options of `reloadOnMessage`. */
export interface ReloadOnMessageOptions {
  /** Called after each successful reload. */
  readonly onReload?: (status: CatalogStatus) => void;
  /** Called when a reload fails (the old catalogs stay). @default prints to stderr */
  readonly onError?: (error: unknown, status: CatalogStatus) => void;
  /** @default `process` (the worker's IPC channel to the primary) */
  readonly channel?: ReloadChannel;
}

/** What `reloadOnMessage` returns. */
export interface CatalogReloader {
  /** The catalogs this process serves now. */
  status(): CatalogStatus;
  /** Reloads now (as on a message) and reports; resolves with the new status, never rejects. */
  reload(): Promise<CatalogStatus>;
  /** Records a reload made elsewhere (e.g. `watch({ onReload })`) and reports it. */
  noteReload(): CatalogStatus;
  /** Stops listening. */
  close(): void;
}

/**
 * In a worker: reloads `i18n` whenever the primary sends `{ type: 'localekit:reload' }`, and
 * sends `{ type: 'localekit:catalogs', status }` to the primary at start and after every reload
 * (when there is a channel to send on). Messages of other types are ignored.
 */
export function reloadOnMessage(
  i18n: Translations,
  options: ReloadOnMessageOptions = {},
): CatalogReloader {
  for (const name of Object.keys(options)) {
    if (name !== 'onReload' && name !== 'onError' && name !== 'channel') {
      throw new TypeError(`reloadOnMessage: unknown option "${name}" (onReload, onError, channel)`);
    }
  }
  const channel: ReloadChannel = options.channel ?? (process as unknown as ReloadChannel);
  const onError =
    options.onError ??
    ((error: unknown, status: CatalogStatus) => {
      process.stderr.write(
        `localekit: reload failed in process ${status.pid}, still serving generation ${status.generation}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    });
  let status: CatalogStatus = Object.freeze({
    pid: process.pid,
    generation: 1,
    loadedAt: Date.now(),
  });
  const report = (): void => {
    try {
      channel.send?.({ type: CATALOG_STATUS_MESSAGE, status });
    } catch {
      // The primary is gone (the channel closed): nobody to tell.
    }
  };
  const succeeded = (): CatalogStatus => {
    status = Object.freeze({
      pid: process.pid,
      generation: status.generation + 1,
      loadedAt: Date.now(),
    });
    report();
    return status;
  };
  const reload = async (): Promise<CatalogStatus> => {
    try {
      await i18n.reload();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      status = Object.freeze({ ...status, failed: Object.freeze({ message, at: Date.now() }) });
      report();
      onError(error, status);
      return status;
    }
    succeeded();
    options.onReload?.(status);
    return status;
  };
  const listener = (message: unknown): void => {
    if (
      message !== null &&
      typeof message === 'object' &&
      (message as { type?: unknown }).type === RELOAD_MESSAGE
    ) {
      void reload();
    }
  };
  channel.on('message', listener);
  report();
  return {
    status: () => status,
    reload,
    noteReload: succeeded,
    close: () => {
      channel.off('message', listener);
    },
  };
}

/** A cluster worker, as far as `reloadWorkers` needs one. */
export interface ReloadableWorker {
  send(message: { readonly type: string }): boolean;
  isConnected?(): boolean;
}

/**
 * In the primary: asks every connected worker to reload (`cluster.workers` as it is). Returns how
 * many were asked.
 */
export function reloadWorkers(
  workers:
    | Readonly<Record<string, ReloadableWorker | undefined>>
    | Iterable<ReloadableWorker | undefined>
    | undefined,
): number {
  if (workers === undefined) return 0;
  const list: Iterable<ReloadableWorker | undefined> =
    Symbol.iterator in workers
      ? (workers as Iterable<ReloadableWorker | undefined>)
      : Object.values(workers);
  let asked = 0;
  for (const worker of list) {
    if (worker === undefined || worker.isConnected?.() === false) continue;
    try {
      // false only means the message was queued behind others; it is still delivered.
      worker.send({ type: RELOAD_MESSAGE });
      asked++;
    } catch {
      // A worker that is exiting: it will be replaced and load fresh catalogs anyway.
    }
  }
  return asked;
}

import { randomBytes } from 'node:crypto';
import { type FileHandle, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { LocaleKitError } from 'localekit';

/** Where a command writes: stdout for results, stderr for warnings, progress and errors. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Progress lines go to stderr only when it is a terminal. */
  readonly progress: boolean;
  readonly cwd: string;
}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    progress: process.stderr.isTTY === true,
    cwd: process.cwd(),
  };
}

/** An in-memory `CliIo`, for tests and for calling commands from code. */
export function memoryIo(cwd: string): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    progress: false,
    cwd,
    out: (text: string) => {
      io.stdout += text;
    },
    err: (text: string) => {
      io.stderr += text;
    },
  };
  return io;
}

/** Exit statuses of every command. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** A usage or I/O problem: exit status 2. */
export function usageError(message: string, hint: string, file?: string): LocaleKitError {
  return new LocaleKitError('E_USAGE', message, file === undefined ? { hint } : { hint, file });
}

/** Writes a one-line progress update (only when stderr is a terminal). */
export function progress(io: CliIo, text: string): void {
  if (io.progress) io.err(`\r\u001b[K${text}`);
}

export function endProgress(io: CliIo): void {
  if (io.progress) io.err('\r\u001b[K');
}

const IO_REASONS: Readonly<Record<string, string>> = {
  EFBIG: 'the file size limit was reached (EFBIG)',
  ENOSPC: 'the disk is full (ENOSPC)',
  EDQUOT: 'the disk quota is exhausted (EDQUOT)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'operation not permitted (EPERM)',
  EROFS: 'the file system is read-only (EROFS)',
  ENOENT: 'the directory does not exist (ENOENT)',
  ENOTDIR: 'a part of the path is not a directory (ENOTDIR)',
  EISDIR: 'the path is a directory (EISDIR)',
  EIO: 'an I/O error (EIO)',
};

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined) return IO_REASONS[code] ?? `${code}`;
  return error instanceof Error ? error.message : String(error);
}

/** Options of `writeFileAtomic`. */
/**
 * The loop of a batch command (`compile`, `update`): `work` runs on each file in turn; a file that
 * fails with a `LocaleKitError` is named on stderr in one line and the others are still done.
 * Returns the exit status: 2 when any failed (with a count line when there were several), else 0.
 */
export async function forEachCatalog<T extends { readonly file: string }>(
  files: readonly T[],
  io: CliIo,
  verb: 'compiled' | 'updated',
  work: (file: T) => Promise<void>,
): Promise<number> {
  let done = 0;
  let failed = 0;
  for (const f of files) {
    progress(
      io,
      `${verb === 'compiled' ? 'compile' : 'update'} ${++done}/${files.length} ${f.file}`,
    );
    try {
      await work(f);
    } catch (error) {
      if (!(error instanceof LocaleKitError)) throw error;
      endProgress(io);
      failed++;
      io.err(`localekit: ${error.message}\n`);
    }
  }
  endProgress(io);
  if (failed === 0) return EXIT_OK;
  if (files.length > 1) {
    const left = verb === 'updated' ? ' (left as they were)' : '';
    io.err(`localekit: ${failed} of ${files.length} catalogs not ${verb}${left}\n`);
  }
  return EXIT_USAGE;
}

export interface AtomicWriteOptions {
  /** The name to show in errors (relative to the working directory). @default the path */
  readonly display?: string;
  /** Mode of a file that does not exist yet. @default 0o666 (less the umask) */
  readonly mode?: number;
}

/**
 * Replaces `target` with `data` so that a reader sees the old file or the new one, never a mix:
 * the bytes go to a temporary file in the same directory (same file system, so `rename` is
 * atomic), are flushed with `fsync`, given the original's mode, and renamed over it; the
 * directory is then synced so the rename survives a crash. On any failure the temporary file is
 * removed, the original is untouched, and a `LocaleKitError` (`E_IO`) names the file, what
 * failed and what to do. A symlink is followed: the file it points to is replaced, the link kept.
 */
export async function writeFileAtomic(
  target: string,
  data: Uint8Array | string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const display = options.display ?? target;
  // A symlinked catalog stays a symlink: the file it points to is the one replaced.
  target = await realpath(target).catch(() => target);
  const dir = path.dirname(target);
  let mode = options.mode ?? 0o666;
  let existed = false;
  try {
    const st = await stat(target);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    mode = st.mode & 0o7777;
    existed = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw ioError(display, 'cannot replace', error, false);
  }
  const temp = path.join(
    dir,
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  let handle: FileHandle | undefined;
  let step = 'cannot create a temporary file beside';
  try {
    handle = await open(temp, 'wx', existed ? 0o600 : mode);
    step = 'cannot write';
    await handle.writeFile(data);
    step = 'cannot flush';
    await handle.sync();
    if (existed) await handle.chmod(mode);
    await handle.close();
    handle = undefined;
    step = 'cannot replace';
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw ioError(display, step, error, existed);
  }
  // Best effort: some file systems refuse to fsync a directory.
  try {
    const d = await open(dir, 'r');
    await d.sync().catch(() => undefined);
    await d.close();
  } catch {
    /* the rename is done; durability of the directory entry is the file system's */
  }
}

function hintFor(error: unknown): string {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EFBIG':
      return 'raise the file size limit (ulimit -f), then run the command again';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free disk space, then run the command again';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'make the directory and the file writable, then run the command again';
    default:
      return 'fix the cause, then run the command again';
  }
}

function ioError(display: string, step: string, error: unknown, existed: boolean): LocaleKitError {
  const kept = existed ? '; the original is unchanged' : '; nothing was written';
  return new LocaleKitError('E_IO', `${step} ${display}: ${reasonOf(error)}${kept}`, {
    hint: hintFor(error),
    cause: error,
  });
}

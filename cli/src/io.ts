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

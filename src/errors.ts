/**
 * The one error class of localekit. Every error a user can cause (a broken catalog, a bad option)
 * is a `LocaleKitError` with a stable string `code`, the file and line when there is one, and a
 * `hint` that says what to do about it.
 */
export class LocaleKitError extends Error {
  /** Stable machine-readable code, e.g. `E_CSV_QUOTE`, `E_MO_MAGIC`, `E_OPTION`. */
  readonly code: string;
  /** The file the problem is in, when there is one. */
  readonly file: string | undefined;
  /** 1-based line in `file`, when known. */
  readonly line: number | undefined;
  /** What to do about it, in one sentence. */
  readonly hint: string;

  constructor(
    code: string,
    message: string,
    details: {
      file?: string | undefined;
      line?: number | undefined;
      hint?: string;
      cause?: unknown;
    } = {},
  ) {
    const where = details.file
      ? `${details.file}${details.line !== undefined ? `:${details.line}` : ''}: `
      : '';
    const hint = details.hint ?? '';
    super(
      `${where}${message}${hint ? ` (${hint})` : ''}`,
      details.cause !== undefined ? { cause: details.cause } : undefined,
    );
    this.name = 'LocaleKitError';
    this.code = code;
    this.file = details.file;
    this.line = details.line;
    this.hint = hint;
  }
}

/**
 * A recoverable oddity found while loading catalogs: a duplicate message, an unknown plural
 * column, a missing `Plural-Forms` header, a file name that is not a locale code.
 */
export interface LocaleKitWarning {
  /** Stable code, e.g. `W_CSV_DUPLICATE`, `W_PLURAL_FORMS_MISSING`. */
  readonly code: string;
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

export type WarningHandler = (warning: LocaleKitWarning) => void;

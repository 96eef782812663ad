import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A fresh temporary directory holding `files` (path → text or bytes); removed by `cleanup`. */
export function makeDir(files: Record<string, string | Uint8Array>): {
  dir: string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'localekit-'));
  writeFiles(dir, files);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

/** Compiles `po` with GNU msgfmt (the oracle) into `mo`. */
export function msgfmt(po: string, mo: string): void {
  execFileSync('msgfmt', ['-o', mo, po]);
}

export function poHeader(
  pluralForms: string | undefined,
  charset = 'UTF-8',
  language = '',
): string {
  return [
    'msgid ""',
    'msgstr ""',
    `"Content-Type: text/plain; charset=${charset}\\n"`,
    language ? `"Language: ${language}\\n"` : undefined,
    pluralForms ? `"Plural-Forms: ${pluralForms}\\n"` : undefined,
    '',
    '',
  ]
    .filter((x) => x !== undefined)
    .join('\n');
}

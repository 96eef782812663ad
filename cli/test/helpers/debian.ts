import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Real catalogs made at test time from Debian's compiled ones: `msgunfmt` decompiles a `.mo` of
 * /usr/share/locale and `msgconv` converts it to a legacy charset; a catalog whose text the
 * charset cannot hold (msgconv fails) is skipped, so each charset gets the domains that fit.
 */
export interface DebianCatalog {
  readonly lang: string;
  readonly domain: string;
  readonly charset: string;
  /** The PO bytes, in `charset`. */
  readonly bytes: Buffer;
}

/** Languages whose text fits each charset, as Debian's translators used them. */
export const CHARSET_LANGS: Readonly<Record<string, readonly string[]>> = {
  'UTF-8': ['fr', 'pl', 'ru', 'ja'],
  'ISO-8859-1': ['fr', 'de', 'es', 'pt'],
  'ISO-8859-2': ['pl', 'cs', 'hu'],
  'KOI8-R': ['ru'],
  'KOI8-U': ['uk'],
  'EUC-JP': ['ja'],
  'EUC-KR': ['ko'],
  BIG5: ['zh_TW'],
  SHIFT_JIS: ['ja'],
};

const DOMAINS = [
  'apt',
  'dpkg',
  'findutils',
  'grep',
  'diffutils',
  'sed',
  'tar',
  'gettext-runtime',
  'bash',
  'coreutils',
  'libpq5-15',
  'pg_ctl-15',
  'notification-daemon',
];

export const haveGettext = spawnSync('msgconv', ['--version']).status === 0;

/** Up to `max` catalogs in `charset` (fewer when fewer fit); none without GNU gettext. */
export function debianCatalogs(charset: string, max: number): DebianCatalog[] {
  if (!haveGettext) return [];
  const out: DebianCatalog[] = [];
  for (const lang of CHARSET_LANGS[charset] ?? []) {
    for (const domain of DOMAINS) {
      if (out.length >= max) return out;
      const mo = `/usr/share/locale/${lang}/LC_MESSAGES/${domain}.mo`;
      if (!existsSync(mo)) continue;
      const po = spawnSync('msgunfmt', [mo], { maxBuffer: 64 << 20 });
      if (po.status !== 0) continue;
      const conv = spawnSync('msgconv', [`--to-code=${charset}`], {
        input: po.stdout,
        maxBuffer: 64 << 20,
      });
      if (conv.status !== 0) continue;
      out.push({ lang, domain, charset, bytes: conv.stdout });
    }
  }
  return out;
}

/** Writes `catalog` as `<dir>/<lang>/LC_MESSAGES/<domain>.po` and returns the path. */
export function writeCatalog(dir: string, c: DebianCatalog): string {
  const file = path.join(dir, c.lang, 'LC_MESSAGES', `${c.domain}.po`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, c.bytes);
  return file;
}

/** GNU msgfmt's `.mo` of `po` (the oracle). */
export function msgfmtBytes(po: string, out: string): Buffer {
  execFileSync('msgfmt', ['-o', out, po]);
  return execFileSync('cat', [out]);
}

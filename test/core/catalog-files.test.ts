import { describe, expect, it } from 'vitest';
import { csvEntries, findCatalogFiles, listCatalogFiles } from '../../src/core/catalog-files.js';
import { parseCsv, readCsvRows } from '../../src/formats/csv.js';
import { makeDir } from '../helpers/tmp.js';

describe('csvEntries keys rows as the loader does', () => {
  it("strips cells with Python's str.strip, not String#trim", () => {
    // U+001F is whitespace to Python (and Tornado), not to String#trim; U+FEFF is the reverse.
    const bytes = new TextEncoder().encode('"\u001fHello","Bonjour"\n"\ufeffBye","Au revoir"\n');
    const keys = csvEntries(readCsvRows(bytes)).entries.map((e) => e.msgid);
    expect(keys).toEqual(['Hello', '\ufeffBye']);
    expect([...parseCsv(bytes).messages.keys()]).toEqual(keys);
  });
});

describe('listCatalogFiles / findCatalogFiles', () => {
  it('marks the .po beside a .mo as not served, and filters by what each caller needs', async () => {
    const { dir, cleanup } = makeDir({
      'fr_FR.po': '',
      'fr_FR.mo': '',
      'de_DE/LC_MESSAGES/messages.po': '',
      'es_ES.csv': '',
      'README.csv': '',
    });
    try {
      const warnings: string[] = [];
      const all = await listCatalogFiles(dir, {
        cwd: dir,
        onWarning: (w) => warnings.push(`${w.code} ${w.file}`),
      });
      expect(all.map((f) => `${f.file} ${f.served}`)).toEqual([
        'de_DE/LC_MESSAGES/messages.po true',
        'es_ES.csv true',
        'fr_FR.mo true',
        'fr_FR.po false',
      ]);
      expect(warnings).toEqual(['W_FILE_NAME README.csv']);
      const served = await findCatalogFiles(dir, { cwd: dir, includeMo: true });
      expect(served.map((f) => f.file)).toEqual([
        'de_DE/LC_MESSAGES/messages.po',
        'es_ES.csv',
        'fr_FR.mo',
      ]);
      const editable = await findCatalogFiles(dir, { cwd: dir });
      expect(editable.map((f) => f.file)).toEqual([
        'de_DE/LC_MESSAGES/messages.po',
        'es_ES.csv',
        'fr_FR.po',
      ]);
    } finally {
      cleanup();
    }
  });
});

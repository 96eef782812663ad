// Writes docs/express.md — shipped in the package for the error hints that cite it — as a copy of
// the README's "Adapters" section, headings one level up. `node scripts/docs-express.mjs`;
// test/adapters/typed-consumer.test.ts fails when the two differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** docs/express.md's text, from the README's text. */
export function adapterDocs(readme) {
  const start = readme.indexOf('\n## Adapters');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme
    .slice(start + 1, end === -1 ? undefined : end)
    .replace(/^(#{2,6}) /gm, (_, hashes) => `${hashes.slice(1)} `)
    .replace(/^<!-- runnable[^>]*-->\n/gm, '')
    .trim();
  return `<!-- A copy of the README's "Adapters" section (scripts/docs-express.mjs writes it), shipped for the error hints that cite it. -->\n${section}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  writeFileSync(`${ROOT}docs/express.md`, adapterDocs(readme));
}

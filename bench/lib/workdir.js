import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The canonical (internalized) copy of a string, as V8 holds a string literal of source code.
 * An app calls `_('Sign in')` with a literal; the workload's messages come from JSON, whose values
 * V8 does not intern, so they are interned here to look like literals to every variant alike.
 */
function intern(text) {
  const holder = { [text]: 0 };
  for (const key in holder) return key;
  return text;
}

/** The workload `writeWorkload` saved in `workdir`; the English messages are interned like literals. */
export function readWorkload(workdir) {
  return JSON.parse(readFileSync(join(workdir, 'workload.json'), 'utf8'), (key, value) =>
    (key === 'en' || key === 'enPlural') && typeof value === 'string' ? intern(value) : value,
  );
}

/** A catalog JSON file `writeWorkload` wrote. */
export function readJson(workdir, ...path) {
  return JSON.parse(readFileSync(join(workdir, ...path), 'utf8'));
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { intern } from './workload.js';

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

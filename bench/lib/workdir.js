import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The workload `writeWorkload` saved in `workdir`. */
export function readWorkload(workdir) {
  return JSON.parse(readFileSync(join(workdir, 'workload.json'), 'utf8'));
}

/** A catalog JSON file `writeWorkload` wrote. */
export function readJson(workdir, ...path) {
  return JSON.parse(readFileSync(join(workdir, ...path), 'utf8'));
}

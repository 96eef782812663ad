import { LocaleKitError } from '../../src/errors.js';

/** The `LocaleKitError` that `f` throws; any other error is rethrown, no error fails the test. */
export function thrown(f: () => unknown): LocaleKitError {
  try {
    f();
  } catch (e) {
    if (e instanceof LocaleKitError) return e;
    throw e;
  }
  throw new Error('expected a LocaleKitError');
}

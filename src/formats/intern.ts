/**
 * The canonical (internalized) copy of `s`: what V8 keeps for a property name or a string
 * literal in source code. Catalog keys are interned at load so that `translate('Hello')` with a
 * literal finds its entry by a pointer comparison instead of comparing the text (about 3× faster
 * per lookup, measured in bench/), and so that no key is a view into the whole decoded file.
 *
 * Using a string as a property name is what interns it; the name read back is the interned
 * string. One prototype-less holder serves every call (a fresh object per key would give V8 a
 * new hidden class per key, three times slower); it never holds more than the one name, so
 * `__proto__` and `constructor` are ordinary names and nothing is retained.
 */
const holder: Record<string, 0> = Object.create(null) as Record<string, 0>;

export function internKey(s: string): string {
  holder[s] = 0;
  const interned = Object.keys(holder)[0] ?? s;
  delete holder[s];
  return interned;
}

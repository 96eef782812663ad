/**
 * The canonical (internalized) copy of `s`: what V8 keeps for a property name or a string
 * literal in source code. Catalog keys are interned at load so that `translate('Hello')` with a
 * literal finds its entry by a pointer comparison instead of comparing the text (about 3× faster
 * per lookup, measured in bench/), and so that no key is a view into the whole decoded file.
 *
 * Using a string as a computed property key is what interns it; the key read back is the
 * interned string. `__proto__` and `constructor` are ordinary own keys here.
 */
export function internKey(s: string): string {
  const holder = { [s]: 0 };
  for (const key in holder) return key;
  return s;
}

/**
 * `localekit/text`: what a text's placeholders are, from the same code that fills them at run
 * time (one Python `%` formatter, one ICU path), so `localekit-cli check` compares exactly the
 * placeholders `Locale#_` will fill.
 */
export { icuPlaceholders, type MessageValues } from './interpolate.js';
export { formatPython, isPythonFormat, pythonPlaceholders } from './python.js';
export { addType, type PlaceholderType, placeholderTypes } from './placeholder-types.js';

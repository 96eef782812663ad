/**
 * `localekit/formats`: the catalog formats as pure functions, bytes ⇄ document (Tornado CSV, GNU PO,
 * GNU MO, Plural-Forms, charsets). The runtime builds its lookup tables from these documents and
 * `localekit-cli` edits the same documents, so what `check` sees is what the server serves.
 */
export * from './catalog.js';
export * from './charset.js';
export * from './csv.js';
export * from './csv-writer.js';
export * from './gettext-catalog.js';
export * from './header.js';
export * from './mo.js';
export * from './mo-writer.js';
export * from './plural-forms.js';
export * from './po.js';
export * from './po-document.js';
export * from './po-writer.js';

/**
 * Before any timing: every variant must serve the very page the source data says, for every
 * browser header. (b)–(e) must equal the reference page of the header's locale, (a) the English one.
 */
import { renderPage } from './page.js';
import { BROWSER_HEADERS, LOCALES, referenceStrings } from './workload.js';

/** The page each locale must show, computed from the workload alone. */
export function referencePages(workload) {
  const pages = new Map();
  for (const { lang, dir } of LOCALES)
    pages.set(lang, renderPage(lang, dir, referenceStrings(workload, lang)));
  return pages;
}

async function fetchPage(url, header) {
  const response = await fetch(url, { headers: { 'accept-language': header } });
  const body = await response.text();
  if (response.status !== 200)
    throw new Error(`${url} (${header}): HTTP ${response.status}\n${body.slice(0, 500)}`);
  return body;
}

/** The two page styles: `{name}` (ICU) messages at `/`, Tornado's `%(name)s` messages at `/tornado`. */
export const PAGE_STYLES = Object.freeze([
  { id: 'icu', path: '', label: 'ICU-style page (`{name}` messages)' },
  {
    id: 'tornado',
    path: 'tornado',
    label: 'Tornado-style page (`%(name)s` / `%(count)d` messages)',
  },
]);

/**
 * Fetches both pages from every server for every browser header. Returns
 * `{ ok, pages: [{ variant, style, header, lang, expectedLang, identical, body }], mismatches }`.
 * Both styles must give the same page: the same 20 strings, through different messages.
 */
export async function checkPages(servers, workload) {
  const reference = referencePages(workload);
  const pages = [];
  for (const server of servers) {
    for (const style of PAGE_STYLES) {
      for (const { lang, header } of BROWSER_HEADERS) {
        const expectedLang = server.variant === 'none' ? 'en' : lang;
        const body = await fetchPage(server.url + style.path, header);
        pages.push({
          variant: server.variant,
          style: style.id,
          header,
          expectedLang,
          identical: body === reference.get(expectedLang),
          body,
        });
      }
    }
  }
  const mismatches = pages.filter((p) => !p.identical);
  return { ok: mismatches.length === 0, pages, reference, mismatches };
}

/** A short, readable account of the first differing line of each mismatch. */
export function describeMismatches(result) {
  return result.mismatches
    .map(({ variant, style, header, expectedLang, body }) => {
      const want = result.reference.get(expectedLang).split('\n');
      const got = body.split('\n');
      const line = want.findIndex((w, i) => w !== got[i]);
      return `${variant} ${style} page for "${header}" (expected the ${expectedLang} page), line ${line + 1}:\n  want: ${want[line]}\n  got:  ${got[line]}`;
    })
    .join('\n');
}

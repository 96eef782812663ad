import type { CheckResult } from './check.js';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24;background:#fff}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #d8dee4;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.bar{width:12rem;height:.9rem;background:#eaeef2;border-radius:.45rem;overflow:hidden;display:inline-block;vertical-align:middle}
.bar span{display:block;height:100%;background:#2da44e}
.error{color:#cf222e}.warning{color:#9a6700}.info{color:#57606a}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;padding:0 .2rem}
.ok{color:#1a7f37}
`;

/**
 * A self-contained HTML report (inline CSS, no scripts, no external assets; every catalog text
 * escaped): a summary table per locale with a progress bar, then every finding grouped per file.
 */
export function renderHtmlReport(result: CheckResult, options: { title?: string } = {}): string {
  const title = escapeHtml(options.title ?? 'localekit check');
  const rows = result.locales
    .map((l) => {
      const count = result.findings.filter(
        (f) => f.file === l.file && f.severity !== 'info',
      ).length;
      return (
        `<tr data-locale="${escapeHtml(l.code)}"><td>${escapeHtml(l.code)}</td><td><code>${escapeHtml(l.file)}</code></td>` +
        `<td class="num">${l.total}</td><td class="num">${l.translated}</td>` +
        `<td><span class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${l.percent}"><span style="width:${l.percent}%"></span></span> <span class="pct">${l.percent.toFixed(1)}%</span></td>` +
        `<td class="num">${l.fuzzy}</td><td class="num">${l.missingPluralForms}</td><td class="num">${count}</td></tr>`
      );
    })
    .join('\n');
  const byFile = new Map<string, CheckResult['findings'][number][]>();
  for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const sections = [...byFile]
    .map(
      ([file, findings]) =>
        `<h2 id="${escapeHtml(encodeURIComponent(file))}"><code>${escapeHtml(file)}</code> (${findings.length})</h2>\n<table class="findings"><thead><tr><th>line</th><th>severity</th><th>code</th><th>message</th></tr></thead><tbody>\n` +
        findings
          .map(
            (f) =>
              `<tr><td class="num">${f.line}</td><td class="${f.severity}">${f.severity}</td><td><code>${escapeHtml(f.code)}</code></td><td>${escapeHtml(f.message)}</td></tr>`,
          )
          .join('\n') +
        '\n</tbody></table>',
    )
    .join('\n');
  const total = result.findings.length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${title}</h1>
<table id="summary"><thead><tr><th>locale</th><th>file</th><th>messages</th><th>translated</th><th>progress</th><th>fuzzy</th><th>missing plural forms</th><th>problems</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${total === 0 ? '<p class="ok">No problems found.</p>' : `<p>${total} findings.</p>`}
${sections}
</body>
</html>
`;
}

/**
 * The page every variant serves: one template, 20 translated strings. The template and its HTML
 * escaping are shared, so the variants differ only in how they pick the locale and translate.
 */
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const SPECIAL = /[&<>"']/g;

export function escapeHtml(text) {
  return SPECIAL.test(text) ? text.replace(SPECIAL, (c) => ESCAPES[c]) : text;
}

/** `strings`: the page's 20 translations, in page order. */
export function renderPage(lang, dir, strings) {
  const e = strings.map(escapeHtml);
  return `<!doctype html>
<html lang="${lang}" dir="${dir}">
<head><meta charset="utf-8"><title>${e[0]}</title></head>
<body>
<header><h1>${e[1]}</h1><nav><a href="/">${e[2]}</a> <a href="/account">${e[3]}</a> <a href="/help">${e[4]}</a></nav></header>
<main>
<p class="greeting">${e[8]}</p>
<p>${e[5]}</p>
<ul class="details">
<li>${e[9]}</li>
<li>${e[10]}</li>
<li>${e[11]}</li>
<li>${e[12]}</li>
<li>${e[13]}</li>
</ul>
<ul class="counts">
<li>${e[14]}</li>
<li>${e[15]}</li>
<li>${e[16]}</li>
<li>${e[17]}</li>
<li>${e[18]}</li>
<li>${e[19]}</li>
</ul>
<p>${e[6]}</p>
</main>
<footer>${e[7]}</footer>
</body>
</html>
`;
}

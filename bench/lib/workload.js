/**
 * The benchmark workload: 8 locales × 500 messages (350 simple, 100 with one variable, 50 plural
 * with every CLDR category the locale uses), generated deterministically from a seed, and written
 * once in the format each library reads. One source of truth, so every variant renders the same
 * page: placeholders are written `{name}` / `{count}` here and converted per library.
 *
 * Every message with a placeholder also exists in Tornado's Python format (`py`, `pyPlural`:
 * `%(name)s`, `%(count)d`), with the same translations in that format: the Tornado-style page
 * (`/tornado`) shows the same 20 strings through those messages, for the variants that read Python
 * format (localekit, the hand-written translator); the others serve it with their own syntax.
 *
 * localekit reads a mix, as a real project would: gettext PO (`<code>/LC_MESSAGES/messages.po`,
 * `Plural-Forms` rules) for fr_FR, de_DE, ar and ja_JP; Tornado CSV with CLDR-category rows for
 * es_ES, ru_RU and pl_PL; en_US is the default locale with no catalog (the English source).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SEED = 20240817;

/** The 8 locales; `lang` is what the page's `<html lang>` shows. */
export const LOCALES = Object.freeze([
  { lang: 'en', code: 'en_US', dir: 'ltr', localekit: 'default' },
  {
    lang: 'fr',
    code: 'fr_FR',
    dir: 'ltr',
    localekit: 'po',
    pluralForms: 'nplurals=2; plural=(n > 1);',
    gettextForms: ['one', 'other'],
  },
  {
    lang: 'de',
    code: 'de_DE',
    dir: 'ltr',
    localekit: 'po',
    pluralForms: 'nplurals=2; plural=(n != 1);',
    gettextForms: ['one', 'other'],
  },
  { lang: 'es', code: 'es_ES', dir: 'ltr', localekit: 'csv' },
  { lang: 'ru', code: 'ru_RU', dir: 'ltr', localekit: 'csv' },
  { lang: 'pl', code: 'pl_PL', dir: 'ltr', localekit: 'csv' },
  {
    lang: 'ar',
    code: 'ar',
    dir: 'rtl',
    localekit: 'po',
    pluralForms:
      'nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);',
    gettextForms: ['zero', 'one', 'two', 'few', 'many', 'other'],
  },
  {
    lang: 'ja',
    code: 'ja_JP',
    dir: 'ltr',
    localekit: 'po',
    pluralForms: 'nplurals=1; plural=0;',
    gettextForms: ['other'],
  },
]);

/**
 * Real browsers' Accept-Language headers (Chrome, Firefox, Safari, Edge defaults), two per locale,
 * rotated by the load generator. `lang` is the locale every variant must pick.
 */
export const BROWSER_HEADERS = Object.freeze([
  { lang: 'en', header: 'en-US,en;q=0.9' },
  { lang: 'fr', header: 'fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7' },
  { lang: 'de', header: 'de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7' },
  { lang: 'es', header: 'es-ES,es;q=0.9' },
  { lang: 'ru', header: 'ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7' },
  { lang: 'pl', header: 'pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7' },
  { lang: 'ar', header: 'ar-SA,ar;q=0.9,en-US;q=0.8,en;q=0.7' },
  { lang: 'ja', header: 'ja,en-US;q=0.9,en;q=0.8' },
  { lang: 'en', header: 'en-GB,en;q=0.9,en-US;q=0.8' },
  { lang: 'fr', header: 'fr-CA,fr;q=0.8,en-US;q=0.5,en;q=0.3' },
  { lang: 'de', header: 'de,en-US;q=0.7,en;q=0.3' },
  { lang: 'es', header: 'es-419,es;q=0.9,en;q=0.8' },
  { lang: 'ru', header: 'ru,en-US;q=0.7,en;q=0.3' },
  { lang: 'pl', header: 'pl,en-US;q=0.7,en;q=0.3' },
  { lang: 'ar', header: 'ar,en-US;q=0.7,en;q=0.3' },
  { lang: 'ja', header: 'ja-JP,ja;q=0.9' },
]);

/** Counts on the page: together they reach every integer category of the 8 locales. */
export const PAGE_COUNTS = Object.freeze([0, 1, 2, 5, 22, 101]);

/** Values of the page's interpolated messages, by variable name. */
export const PAGE_VALUES = Object.freeze({
  name: 'Alice',
  city: 'Lisbon',
  product: 'Nimbus 2000',
  team: 'Design',
  file: 'report.pdf',
});

const VARIABLES = Object.keys(PAGE_VALUES);

/** mulberry32: small, fast, good enough for a reproducible workload. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'account action address alert archive article backup balance billing board browser budget ' +
  'calendar campaign card cart category channel checkout client comment contact content ' +
  'country coupon customer dashboard data delivery device discount document domain draft ' +
  'email event export feature feedback filter folder form gallery group guest history image ' +
  'import invoice issue item language layout library license link list location login ' +
  'member message method module network note notice offer order owner page password payment ' +
  'plan policy post price privacy product profile project quota receipt record report request ' +
  'review role rule schedule search server session setting share shipping site size source ' +
  'status storage subscription summary support tag task template theme ticket token topic ' +
  'total track update upload user version video view wallet warning window workspace'
).split(' ');

const VERBS = (
  'add archive change check choose close confirm copy create delete download edit enable ' +
  'export find finish hide import invite keep load manage move open pay print publish ' +
  'refresh remove rename reset restore review save search select send share show sort ' +
  'start stop submit update upload verify view'
).split(' ');

const GLUE = 'the your this all new a to for from with in on of my our every'.split(' ');

const NOUNS = [
  ['file', 'files'],
  ['message', 'messages'],
  ['item', 'items'],
  ['comment', 'comments'],
  ['user', 'users'],
  ['order', 'orders'],
  ['day', 'days'],
  ['minute', 'minutes'],
  ['photo', 'photos'],
  ['review', 'reviews'],
  ['ticket', 'tickets'],
  ['invitation', 'invitations'],
];

const TAILS = [
  ['was deleted', 'were deleted'],
  ['is waiting', 'are waiting'],
  ['in your cart', 'in your cart'],
  ['left', 'left'],
  ['was shared with you', 'were shared with you'],
  ['needs review', 'need review'],
  ['has been archived', 'have been archived'],
  ['selected', 'selected'],
];

/** Per-locale alphabets for pseudo-translations: real scripts, so pages are real UTF-8. */
const ALPHABETS = {
  fr: { letters: 'abcdefghijlmnopqrstuvéèàçêôû', space: ' ' },
  de: { letters: 'abcdefghiklmnoprstuwzäöüß', space: ' ' },
  es: { letters: 'abcdefgilmnoprstuvñáéíóú', space: ' ' },
  ru: { letters: 'абвгдеёжзийклмнопрстуфхцчшщыэюя', space: ' ' },
  pl: { letters: 'abcdefghijklmnoprstuwyząćęłńóśźż', space: ' ' },
  ar: { letters: 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي', space: ' ' },
  ja: {
    letters:
      'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんアイウエオカキクケコサシスセソ',
    space: '',
  },
};

/** Ending added to a plural's translation, per category, so each form is distinct text. */
const CATEGORY_MARKS = {
  zero: { ar: 'صفر' },
  one: { fr: 'un', de: 'ein', es: 'uno', ru: 'один', pl: 'jeden', ar: 'واحد' },
  two: { ar: 'اثنان' },
  few: { ru: 'немного', pl: 'kilka', ar: 'قليل' },
  many: { fr: 'beaucoup', es: 'muchos', ru: 'много', pl: 'wiele', ar: 'كثير' },
  other: {
    fr: 'autres',
    de: 'andere',
    es: 'otros',
    ru: 'прочие',
    pl: 'inne',
    ar: 'آخر',
    ja: 'ほか',
  },
};

function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A stable pseudo-word for `word` in `lang`'s script, about as long as the English. */
function pseudoWord(lang, word) {
  const { letters } = ALPHABETS[lang];
  const next = rng(hash(`${lang}:${word}`));
  const length = Math.max(2, word.length + Math.floor(next() * 5) - 2);
  let out = '';
  for (let i = 0; i < length; i++) out += letters[Math.floor(next() * letters.length)];
  return out;
}

/** Translates a `{placeholder}` sentence word by word; languages reorder the placeholder. */
function pseudoSentence(lang, english, next) {
  const { space } = ALPHABETS[lang];
  const tokens = english.split(' ');
  const words = [];
  const placeholders = [];
  for (const token of tokens) {
    if (token.startsWith('{')) placeholders.push(token);
    else words.push(pseudoWord(lang, token.toLowerCase().replace(/[^a-z0-9]/g, '') || token));
  }
  if (words.length > 0 && lang !== 'ja' && lang !== 'ar') {
    words[0] = words[0][0].toLocaleUpperCase(lang) + words[0].slice(1);
  }
  // Placeholders keep their position in most languages; Japanese puts them first, German last.
  let out;
  if (placeholders.length === 0) out = words.join(space);
  else if (lang === 'ja') out = placeholders.join(' ') + ' ' + words.join(space);
  else if (lang === 'de' && next() < 0.5) out = words.join(space) + ' ' + placeholders.join(' ');
  else {
    const at = english.split(' ').findIndex((t) => t.startsWith('{'));
    const before = words.slice(0, Math.min(at, words.length));
    const after = words.slice(Math.min(at, words.length));
    out = [...before, ...placeholders, ...after].join(' ');
  }
  return out;
}

/** The CLDR categories a locale uses, as `Intl.PluralRules` reports them, in canonical order. */
export function pluralCategories(lang) {
  const used = new Set(new Intl.PluralRules(lang).resolvedOptions().pluralCategories);
  return ['zero', 'one', 'two', 'few', 'many', 'other'].filter((c) => used.has(c));
}

function pick(next, list) {
  return list[Math.floor(next() * list.length)];
}

function sentence(next, minWords, maxWords) {
  const n = minWords + Math.floor(next() * (maxWords - minWords + 1));
  const words = [pick(next, VERBS)];
  while (words.length < n) words.push(next() < 0.3 ? pick(next, GLUE) : pick(next, WORDS));
  const text = words.join(' ');
  return text[0].toUpperCase() + text.slice(1);
}

/**
 * The workload: `messages` (the English source with each locale's translation) and `page` (the
 * 20 translations a page shows). Same seed, same workload, on every machine.
 */
export function generateWorkload(seed = SEED) {
  const next = rng(seed);
  const seen = new Set();
  const unique = (make) => {
    for (;;) {
      const text = make();
      if (!seen.has(text)) {
        seen.add(text);
        return text;
      }
    }
  };
  const messages = [];
  for (let i = 0; i < 350; i++) {
    const en = unique(() => sentence(next, 2, 8));
    messages.push({ kind: 'simple', en, tr: {} });
  }
  // One message with a character HTML must escape, so the page template's escaping is exercised.
  messages[7] = { kind: 'simple', en: 'Terms & conditions', tr: {} };
  seen.add('Terms & conditions');
  for (let i = 0; i < 100; i++) {
    const variable = VARIABLES[i % VARIABLES.length];
    const en = unique(() => {
      const words = sentence(next, 3, 7).split(' ');
      words.splice(1 + Math.floor(next() * (words.length - 1)), 0, `{${variable}}`);
      return words.join(' ');
    });
    messages.push({ kind: 'var', en, variable, tr: {} });
  }
  for (let i = 0; i < 50; i++) {
    const [one, other] = NOUNS[i % NOUNS.length];
    const [tailOne, tailOther] = TAILS[Math.floor(i / NOUNS.length) % TAILS.length];
    const extra = i < NOUNS.length * TAILS.length ? '' : ` ${pick(next, WORDS)}`;
    const enOne = unique(() => `{count} ${one} ${tailOne}${extra}`);
    const enOther = `{count} ${other} ${tailOther}${extra}`;
    messages.push({ kind: 'plural', en: enOne, enPlural: enOther, tr: {} });
  }

  for (const { lang } of LOCALES) {
    if (lang === 'en') continue;
    const categories = pluralCategories(lang);
    for (const message of messages) {
      if (message.kind !== 'plural') {
        message.tr[lang] = pseudoSentence(lang, message.en, next);
        continue;
      }
      const base = pseudoSentence(lang, message.enPlural, next);
      const forms = {};
      for (const category of categories) {
        const mark = CATEGORY_MARKS[category][lang] ?? pseudoWord(lang, category);
        forms[category] = `${base}${ALPHABETS[lang].space}${mark}`;
      }
      message.tr[lang] = forms;
    }
  }

  const simple = messages.filter((m) => m.kind === 'simple');
  const vars = messages.filter((m) => m.kind === 'var');
  const plurals = messages.filter((m) => m.kind === 'plural');
  const page = [];
  // 8 simple (the escaping one among them), 6 with a variable (every variable name), 6 plurals.
  for (const i of [0, 7, 41, 97, 150, 203, 288, 349]) page.push({ message: simple[i] });
  for (const i of [0, 1, 2, 3, 4, 55]) {
    const message = vars[i];
    page.push({ message, values: { [message.variable]: PAGE_VALUES[message.variable] } });
  }
  PAGE_COUNTS.forEach((count, i) => {
    page.push({ message: plurals[i * 7], count });
  });
  return { seed, messages, page };
}

/** `{count}` → `%(count)d`, `{name}` → `%(name)s`: Tornado's (Python's) placeholders. */
export function toPython(text) {
  return text.replace(/\{(\w+)\}/g, (_, name) => (name === 'count' ? '%(count)d' : `%(${name})s`));
}

/** The Tornado-style page's items: the same messages as `page`, in Python format. */
export function tornadoPage(workload) {
  return workload.page.map((item) => ({ ...item, message: pythonMessage(item.message) }));
}

/**
 * The canonical (internalized) copy of a string, as V8 holds a string literal of source code.
 * An app calls `_('Sign in')` with a literal; the workload's messages come from JSON, whose values
 * V8 does not intern, so they are interned here to look like literals to every variant alike.
 */
export function intern(text) {
  const holder = { [text]: 0 };
  for (const key in holder) return key;
  return text;
}

/** A workload message with its English and translations in Python format (plain ones unchanged). */
export function pythonMessage(message) {
  if (message.kind === 'simple') return message;
  const tr = {};
  for (const [lang, text] of Object.entries(message.tr)) {
    tr[lang] =
      typeof text === 'string'
        ? toPython(text)
        : Object.fromEntries(Object.entries(text).map(([c, t]) => [c, toPython(t)]));
  }
  return {
    ...message,
    en: intern(toPython(message.en)),
    ...(message.enPlural === undefined ? {} : { enPlural: intern(toPython(message.enPlural)) }),
    tr,
  };
}

/** `{name}` → `{{name}}`: i18next's and mustache's (i18n-node's) interpolation. */
export function toDoubleBraces(text) {
  return text.replace(/\{(\w+)\}/g, '{{$1}}');
}

/** `{count}` → `%d`: i18n-node's `__n` counter (printf), other variables as mustache. */
export function toI18nNodePlural(text) {
  return toDoubleBraces(text.replace(/\{count\}/g, '%d'));
}

/** Fills `{name}` placeholders: the reference every variant must agree with. */
export function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/** The 20 strings of the page in `lang`, computed from the source data alone (the oracle). */
export function referenceStrings(workload, lang) {
  const rules = new Intl.PluralRules(lang);
  return workload.page.map(({ message, values, count }) => {
    if (message.kind === 'plural') {
      let text;
      if (lang === 'en') text = count === 1 ? message.en : message.enPlural;
      else {
        const forms = message.tr[lang];
        text = forms[rules.select(count)] ?? forms.other;
      }
      return fill(text, { count });
    }
    const text = lang === 'en' ? message.en : message.tr[lang];
    return values === undefined ? text : fill(text, values);
  });
}

function poString(text) {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function csvCell(text) {
  return `"${text.replace(/"/g, '""')}"`;
}

function localekitPo(locale, messages) {
  const lines = [
    'msgid ""',
    'msgstr ""',
    '"Project-Id-Version: localekit-bench 1.0\\n"',
    `"Language: ${locale.code}\\n"`,
    '"MIME-Version: 1.0\\n"',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '"Content-Transfer-Encoding: 8bit\\n"',
    `"Plural-Forms: ${locale.pluralForms}\\n"`,
    '',
  ];
  messages.forEach((m, i) => {
    lines.push(`#: views/page${i % 40}.ejs:${(i * 7) % 300}`);
    if (m.kind === 'plural') {
      lines.push(`msgid ${poString(m.en)}`, `msgid_plural ${poString(m.enPlural)}`);
      locale.gettextForms.forEach((category, index) => {
        lines.push(`msgstr[${index}] ${poString(m.tr[locale.lang][category])}`);
      });
    } else {
      lines.push(`msgid ${poString(m.en)}`, `msgstr ${poString(m.tr[locale.lang])}`);
    }
    lines.push('');
  });
  return lines.join('\n');
}

function localekitCsv(locale, messages) {
  const rows = [];
  for (const m of messages) {
    if (m.kind === 'plural') {
      for (const [category, text] of Object.entries(m.tr[locale.lang])) {
        rows.push(`${csvCell(m.en)},${csvCell(text)},${category}`);
      }
    } else {
      rows.push(`${csvCell(m.en)},${csvCell(m.tr[locale.lang])}`);
    }
  }
  return rows.join('\n') + '\n';
}

function i18nextResources(lang, messages) {
  const out = {};
  for (const m of messages) {
    const key = toDoubleBraces(m.en);
    if (m.kind !== 'plural') out[key] = toDoubleBraces(lang === 'en' ? m.en : m.tr[lang]);
    else if (lang === 'en') {
      out[`${key}_one`] = toDoubleBraces(m.en);
      out[`${key}_other`] = toDoubleBraces(m.enPlural);
    } else {
      for (const [category, text] of Object.entries(m.tr[lang]))
        out[`${key}_${category}`] = toDoubleBraces(text);
    }
  }
  return out;
}

function i18nNodeResources(lang, messages) {
  const out = {};
  for (const m of messages) {
    if (m.kind !== 'plural') {
      out[toDoubleBraces(m.en)] = toDoubleBraces(lang === 'en' ? m.en : m.tr[lang]);
      continue;
    }
    const forms = lang === 'en' ? { one: m.en, other: m.enPlural } : m.tr[lang];
    const converted = {};
    for (const [category, text] of Object.entries(forms))
      converted[category] = toI18nNodePlural(text);
    out[toI18nNodePlural(m.en)] = converted;
  }
  return out;
}

/**
 * Writes every library's catalogs under `dir`:
 * `localekit/` (PO and CSV), `i18next/<lang>.json` (v4 JSON, `_one/_few/_many/_other` keys),
 * `i18n-node/<lang>.json` (plural objects with `%d`), `handwritten/<lang>.json`, `workload.json`.
 */
export function writeWorkload(dir, workload) {
  const { messages } = workload;
  for (const sub of ['localekit', 'i18next', 'i18n-node', 'handwritten'])
    mkdirSync(join(dir, sub), { recursive: true });
  for (const locale of LOCALES) {
    const { lang } = locale;
    // localekit and the hand-written translator also get the Tornado-style (Python) messages.
    const both = [...messages, ...messages.filter((m) => m.kind !== 'simple').map(pythonMessage)];
    if (locale.localekit === 'po') {
      const poDir = join(dir, 'localekit', locale.code, 'LC_MESSAGES');
      mkdirSync(poDir, { recursive: true });
      writeFileSync(join(poDir, 'messages.po'), localekitPo(locale, both));
    } else if (locale.localekit === 'csv') {
      writeFileSync(join(dir, 'localekit', `${locale.code}.csv`), localekitCsv(locale, both));
    }
    writeFileSync(
      join(dir, 'i18next', `${lang}.json`),
      JSON.stringify(i18nextResources(lang, messages), null, 2),
    );
    writeFileSync(
      join(dir, 'i18n-node', `${lang}.json`),
      JSON.stringify(i18nNodeResources(lang, messages), null, 2),
    );
    const handwritten = {};
    for (const m of both) {
      if (lang === 'en')
        handwritten[m.en] = m.kind === 'plural' ? { one: m.en, other: m.enPlural } : m.en;
      else handwritten[m.en] = m.tr[lang];
    }
    writeFileSync(join(dir, 'handwritten', `${lang}.json`), JSON.stringify(handwritten));
  }
  writeFileSync(join(dir, 'workload.json'), JSON.stringify(workload));
}

langs = {
 'ru': ('Russian', 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);',
        ['Привет', 'Сохранить', 'Открыть (файл)'], [['%d файл', '%d файла', '%d файлов'], ['%d товар в корзине', '%d товара в корзине', '%d товаров в корзине']]),
 'pl': ('Polish', 'nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);',
        ['Cześć', 'Zapisz', 'Otwórz (plik)'], [['%d plik', '%d pliki', '%d plików'], ['%d produkt w koszyku', '%d produkty w koszyku', '%d produktów w koszyku']]),
 'ar': ('Arabic', 'nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);',
        ['مرحبا', 'حفظ', 'فتح (ملف)'], [['لا ملفات', 'ملف واحد', 'ملفان', '%d ملفات', '%d ملفًا', '%d ملف'], ['لا منتجات', 'منتج واحد', 'منتجان', '%d منتجات', '%d منتجًا', '%d منتج']]),
 'ga': ('Irish', 'nplurals=5; plural=(n==1 ? 0 : n==2 ? 1 : n<7 ? 2 : n<11 ? 3 : 4);',
        ['Dia duit', 'Sábháil', 'Oscail (comhad)'], [['%d chomhad', '%d chomhad', '%d chomhad', '%d gcomhad', '%d comhad'], ['%d earra', '%d earra', '%d earraí', '%d n-earraí', '%d earraí']]),
 'sl': ('Slovenian', 'nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);',
        ['Živjo', 'Shrani', 'Odpri (datoteko)'], [['%d datoteka', '%d datoteki', '%d datoteke', '%d datotek'], ['%d izdelek', '%d izdelka', '%d izdelki', '%d izdelkov']]),
 'cs': ('Czech', 'nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;',
        ['Ahoj', 'Uložit', 'Otevřít (soubor)'], [['%d soubor', '%d soubory', '%d souborů'], ['%d položka', '%d položky', '%d položek']]),
 'lt': ('Lithuanian', 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);',
        ['Labas', 'Išsaugoti', 'Atidaryti (failą)'], [['%d failas', '%d failai', '%d failų'], ['%d prekė', '%d prekės', '%d prekių']]),
 'ro': ('Romanian', 'nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100>0 && n%100<20)) ? 1 : 2);',
        ['Salut', 'Salvează', 'Deschide (fișier)'], [['%d fișier', '%d fișiere', '%d de fișiere'], ['%d produs', '%d produse', '%d de produse']]),
 'ja': ('Japanese', 'nplurals=1; plural=0;',
        ['こんにちは', '保存', '開く（ファイル）'], [['%d 個のファイル'], ['カートに %d 個の商品']]),
}
BS = '\\'
def q(s): return '"' + s.replace(BS, BS+BS).replace('"', BS+'"').replace('\n', BS+'n').replace('\t', BS+'t') + '"'
for code, (name, pf, plain, plurals) in langs.items():
    L = []
    L.append('# ' + name + ' translation of the localekit test catalog.\n# This file is distributed under the same license as localekit.\n#\nmsgid ""\nmsgstr ""\n"Project-Id-Version: localekit-fixtures 1.0\\n"\n"Language: ' + code + '\\n"\n"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: ' + pf + '\\n"\n')
    L.append('#: app.js:3\nmsgid "Hello"\nmsgstr ' + q(plain[0]) + '\n')
    L.append('#. TRANSLATORS: a button\n#: app.js:7\nmsgctxt "button"\nmsgid "Save"\nmsgstr ' + q(plain[1]) + '\n')
    L.append('msgctxt "menu"\nmsgid "Open"\nmsgstr ' + q(plain[2]) + '\n')
    L.append('msgid ""\n"A long message that the extractor wrapped "\n"over two lines.\\n"\nmsgstr ""\n' + q(plain[0] + ' : ') + '\n' + q(plain[1] + '\t"ok"\n') + '\n')
    for i, (sing, plur) in enumerate([('%d file', '%d files'), ('%d item in your cart', '%d items in your cart')]):
        forms = plurals[i]
        ctx = 'msgctxt "cart"\n' if i == 1 else ''
        L.append('#, c-format\n' + ctx + 'msgid "' + sing + '"\nmsgid_plural "' + plur + '"\n' + ''.join('msgstr[%d] %s\n' % (k, q(f)) for k, f in enumerate(forms)))
    L.append('#, fuzzy\nmsgid "Goodbye"\nmsgstr ' + q(plain[0] + '?') + '\n')
    L.append('msgid "Not translated yet"\nmsgstr ""\n')
    L.append('msgid "__proto__"\nmsgstr ' + q(plain[1] + ' (proto)') + '\n')
    L.append('#~ msgid "Old message"\n#~ msgstr ' + q(plain[2] + ' (old)') + '\n')
    open(code + '.po', 'w').write('\n'.join(L))

#!/usr/bin/env python3
"""Reference answers from Python for localekit's parser tests. Prints JSON on stdout.

  gettext-oracle.py mo FILE...         gettext.GNUTranslations of each .mo: catalog and plural(0..200)
  gettext-oracle.py c2py EXPR...       gettext.c2py(EXPR)(n) for n in 0..200 (or the error)
  gettext-oracle.py csv FILE...        csv.reader rows of each FILE opened as Tornado opens it
  gettext-oracle.py tornado DIR        tornado.locale.load_translations(DIR) tables

Python's gettext follows GNU libintl; Tornado is the reference for the CSV format.
"""
import codecs
import csv
import gettext
import json
import sys

N_MAX = 200


def mo_answers(path):
    try:
        with open(path, "rb") as fp:
            t = gettext.GNUTranslations(fp)
    except Exception as e:  # noqa: BLE001 - report any failure to the test
        return {"ok": False, "error": f"{type(e).__name__}: {e}"}
    messages = {}
    plurals = {}
    for key, value in t._catalog.items():
        if isinstance(key, tuple):
            msgid, index = key
            forms = plurals.setdefault(msgid, {})
            forms[index] = value
        elif key != "":
            messages[key] = value
    plural_lists = {k: [v[i] for i in range(len(v))] for k, v in plurals.items()}
    return {
        "ok": True,
        "charset": t._charset,
        "messages": messages,
        "plurals": plural_lists,
        "index": [t.plural(n) for n in range(N_MAX + 1)],
    }


def c2py_answers(expr):
    try:
        f = gettext.c2py(expr)
        return {"ok": True, "index": [int(f(n)) for n in range(N_MAX + 1)]}
    except Exception as e:  # noqa: BLE001
        return {"ok": False, "error": f"{type(e).__name__}: {e}"}


def tornado_encoding(path):
    # The same choice tornado.locale.load_translations makes.
    with open(path, "rb") as bf:
        data = bf.read(len(codecs.BOM_UTF16_LE))
    return "utf-16" if data in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8-sig"


def csv_rows(path):
    try:
        with open(path, encoding=tornado_encoding(path)) as f:
            return {"ok": True, "rows": [row for row in csv.reader(f)]}
    except Exception as e:  # noqa: BLE001
        return {"ok": False, "error": f"{type(e).__name__}: {e}"}


def tornado_tables(directory):
    import tornado.locale

    tornado.locale.load_translations(directory)
    return {code: tables for code, tables in tornado.locale._translations.items()}


def main(argv):
    mode, args = argv[1], argv[2:]
    if mode == "mo":
        out = {path: mo_answers(path) for path in args}
    elif mode == "c2py":
        out = {expr: c2py_answers(expr) for expr in args}
    elif mode == "csv":
        out = {path: csv_rows(path) for path in args}
    elif mode == "tornado":
        out = tornado_tables(args[0])
    else:
        raise SystemExit(f"unknown mode {mode}")
    json.dump(out, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main(sys.argv)

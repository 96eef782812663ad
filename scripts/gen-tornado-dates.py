#!/usr/bin/python3
"""Generates test/fixtures/tornado/*.json from Python Tornado's own tornado.locale answers.

Run with Debian's Python (which has python3-tornado):

    /usr/bin/python3 scripts/gen-tornado-dates.py

Tornado's format_date reads the clock with datetime.datetime.utcnow(); the generator swaps
tornado.locale's `datetime` module for one whose utcnow() returns a fixed `now` (and time.time
to match), so every case is reproducible. Dates and `now` are written as epoch milliseconds.
Output is deterministic (seeded RNG, sorted keys) so re-running gives the same files; they are
then formatted with the repository's Biome.
"""

import datetime as real_datetime
import json
import os
import random
import subprocess
import sys
import time
import types

import tornado
import tornado.locale

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "tornado")
EPOCH = real_datetime.datetime(1970, 1, 1)
SECOND = 1000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR


class FixedDatetime(real_datetime.datetime):
    """datetime.datetime whose utcnow() is whatever the generator says it is."""

    fixed_now = None

    @classmethod
    def utcnow(cls):
        return cls.fixed_now


fake_module = types.SimpleNamespace(datetime=FixedDatetime, timedelta=real_datetime.timedelta)
tornado.locale.datetime = fake_module


def from_ms(ms):
    return EPOCH + real_datetime.timedelta(milliseconds=ms)


def set_now(ms):
    FixedDatetime.fixed_now = from_ms(ms)
    time.time = lambda: ms / 1000.0


def ms(y, mo, d, h=0, mi=0, s=0, milli=0):
    return int((real_datetime.datetime(y, mo, d, h, mi, s, milli * 1000) - EPOCH).total_seconds() * 1000)


NOWS = [
    ms(2024, 3, 15, 14, 37, 25, 250),  # an ordinary afternoon
    ms(2024, 1, 1, 0, 20, 0),  # just after New Year (local year differs with offsets)
    ms(2024, 3, 1, 2, 0, 0),  # the day after Feb 29: "yesterday" by day-of-month
    ms(2023, 12, 31, 23, 59, 59, 999),
]

# Minutes west of UTC, as Tornado takes them: whole hours both ways and India/Nepal/Newfoundland.
OFFSETS = [0, 300, -60, -330, 480, -345, 720, -840, 210, 59, -1, 1439, -600, 120]


def deltas(rng):
    """now - date in ms: every boundary Tornado's branches have, plus random spans."""
    out = set()
    for s in range(0, 61):
        out.add(s * SECOND)
    for s in (49, 50, 51, 89, 90, 91, 149, 150, 151, 209, 210, 211, 2969, 2970, 2971, 2999, 3000, 3001):
        out.add(s * SECOND)
        out.add(s * SECOND + 999)
    for h in range(0, 24):
        for extra in (-1, 0, 1, 1799, 1800, 1801):
            v = h * 3600 + extra
            if v >= 0:
                out.add(v * SECOND)
    for s in (86399, 86400, 86401):
        out.add(s * SECOND)
    for h in range(0, 48):  # "yesterday" vs weekday around midnight, in every offset
        out.add(DAY + h * HOUR // 2 + 17 * MINUTE + 3 * SECOND)
    for d in list(range(1, 9)) + [30, 100, 333, 334, 335, 364, 365, 366, 400, 1000, 3650]:
        for extra in (-1000, 0, 1000, HOUR, 12 * HOUR, 23 * HOUR + 59 * MINUTE + 59 * SECOND):
            out.add(d * DAY + extra)
    # The future: clock skew under a minute, and further ahead (including Tornado's
    # `timedelta.seconds` quirk: a day and 10 s ahead also counts as "now").
    for f in (1, 500, 30 * SECOND, 59 * SECOND, 59 * SECOND + 999, 60 * SECOND, 61 * SECOND, HOUR,
              DAY, DAY + 10 * SECOND, DAY + 70 * SECOND, 3 * DAY + 59 * SECOND, 30 * DAY, 400 * DAY):
        out.add(-f)
    for _ in range(220):
        exp = rng.uniform(0, 11.5)  # 1 s .. ~10 years
        v = int(10 ** exp) * (1 if rng.random() < 0.9 else -1)
        out.add(v * 1 if abs(v) < 1000 else v)
    return sorted(out)


def gen_en(code, strides):
    """Every span for the first `now`, every strides[n]-th for the others (keeps the file small)."""
    rng = random.Random(20240315)
    loc = tornado.locale.CSVLocale(code, {})
    cases = []
    spans = deltas(rng)
    i = 0
    for n, now in enumerate(NOWS):
        if strides[n] == 0:
            continue
        set_now(now)
        for delta in spans[::strides[n]]:
            date_ms = now - delta
            for flags in range(8):
                relative, shorter, full = bool(flags & 1), bool(flags & 2), bool(flags & 4)
                gmt = OFFSETS[i % len(OFFSETS)]
                i += 1
                text = loc.format_date(from_ms(date_ms), gmt_offset=gmt, relative=relative,
                                       shorter=shorter, full_format=full)
                cases.append([date_ms, n, gmt, flags, text])
    days = []
    for k in range(400):
        date_ms = rng.randrange(ms(1990, 1, 1), ms(2040, 1, 1))
        gmt = OFFSETS[k % len(OFFSETS)]
        for dow in (1, 0):
            days.append([date_ms, gmt, dow, loc.format_day(from_ms(date_ms), gmt_offset=gmt, dow=bool(dow))])
    items = ["A", "B", "C", "D", "Zoë", "100%", "%(last)s", ""]
    lists = []
    for size in range(0, 5):
        for start in range(0, len(items) - size + 1, 2):
            parts = items[start:start + size]
            lists.append([parts, loc.list(parts)])
    numbers = [0, 1, 12, 123, 999, 1000, 1001, 12345, 123456, 999999, 1000000, 1234567, 9007199254740991]
    numbers += [rng.randrange(0, 10 ** rng.randrange(1, 16)) for _ in range(40)]
    friendly = [[v, loc.friendly_number(v)] for v in numbers]
    return {
        "code": code,
        "tornado": tornado.version,
        "generator": "scripts/gen-tornado-dates.py",
        "nows": NOWS,
        "formatDate": cases,
        "formatDay": days,
        "list": lists,
        "friendlyNumber": friendly,
    }


# Catalogs as Tornado's CSVLocale holds them: {"unknown"|"singular"|"plural": {english: text}}.
FR = {
    "unknown": {
        "%(time)s": "%(time)s",
        "yesterday": "hier",
        "yesterday at %(time)s": "hier à %(time)s",
        "%(weekday)s": "%(weekday)s",
        "%(weekday)s at %(time)s": "%(weekday)s à %(time)s",
        "%(month_name)s %(day)s": "%(day)s %(month_name)s",
        "%(month_name)s %(day)s at %(time)s": "%(day)s %(month_name)s à %(time)s",
        "%(month_name)s %(day)s, %(year)s": "%(day)s %(month_name)s %(year)s",
        "%(month_name)s %(day)s, %(year)s at %(time)s": "%(day)s %(month_name)s %(year)s à %(time)s",
        "%(weekday)s, %(month_name)s %(day)s": "%(weekday)s %(day)s %(month_name)s",
        "%(commas)s and %(last)s": "%(commas)s et %(last)s",
        "January": "janvier", "February": "février", "March": "mars", "April": "avril",
        "May": "mai", "June": "juin", "July": "juillet", "August": "août",
        "September": "septembre", "October": "octobre", "November": "novembre", "December": "décembre",
        "Monday": "lundi", "Tuesday": "mardi", "Wednesday": "mercredi", "Thursday": "jeudi",
        "Friday": "vendredi", "Saturday": "samedi", "Sunday": "dimanche",
    },
    "singular": {"1 second ago": "il y a 1 seconde", "1 minute ago": "il y a 1 minute",
                 "1 hour ago": "il y a 1 heure"},
    "plural": {"%(seconds)d seconds ago": "il y a %(seconds)d secondes",
               "%(minutes)d minutes ago": "il y a %(minutes)d minutes",
               "%(hours)d hours ago": "il y a %(hours)d heures"},
}

ZH = {
    "unknown": {
        "%(time)s": "%(time)s",
        "yesterday": "昨天",
        "yesterday at %(time)s": "昨天%(time)s",
        "%(weekday)s": "%(weekday)s",
        "%(weekday)s at %(time)s": "%(weekday)s%(time)s",
        "%(month_name)s %(day)s": "%(month_name)s%(day)s日",
        "%(month_name)s %(day)s at %(time)s": "%(month_name)s%(day)s日%(time)s",
        "%(month_name)s %(day)s, %(year)s": "%(year)s年%(month_name)s%(day)s日",
        "%(month_name)s %(day)s, %(year)s at %(time)s": "%(year)s年%(month_name)s%(day)s日%(time)s",
        "%(weekday)s, %(month_name)s %(day)s": "%(month_name)s%(day)s日%(weekday)s",
        "%(commas)s and %(last)s": "%(commas)s和%(last)s",
        "January": "一月", "February": "二月", "March": "三月", "April": "四月", "May": "五月",
        "June": "六月", "July": "七月", "August": "八月", "September": "九月", "October": "十月",
        "November": "十一月", "December": "十二月",
        "Monday": "星期一", "Tuesday": "星期二", "Wednesday": "星期三", "Thursday": "星期四",
        "Friday": "星期五", "Saturday": "星期六", "Sunday": "星期日",
    },
    "singular": {"1 second ago": "1秒前", "1 minute ago": "1分钟前", "1 hour ago": "1小时前"},
    "plural": {"%(seconds)d seconds ago": "%(seconds)d秒前", "%(minutes)d minutes ago": "%(minutes)d分钟前",
               "%(hours)d hours ago": "%(hours)d小时前"},
}

FA = {"unknown": {"%(commas)s and %(last)s": "%(commas)s و %(last)s"}}


def gen_translated(code, translations):
    """A catalog that translates Tornado's strings: its wording, Tornado's clock for the code."""
    rng = random.Random(code)
    loc = tornado.locale.CSVLocale(code, translations)
    spans = deltas(rng)
    cases = []
    i = 0
    for n, now in enumerate(NOWS[:2]):
        set_now(now)
        for delta in spans[::4]:
            date_ms = now - delta
            for flags in range(8):
                gmt = OFFSETS[i % len(OFFSETS)]
                i += 1
                text = loc.format_date(from_ms(date_ms), gmt_offset=gmt, relative=bool(flags & 1),
                                       shorter=bool(flags & 2), full_format=bool(flags & 4))
                cases.append([date_ms, n, gmt, flags, text])
    days = []
    for k in range(60):
        date_ms = rng.randrange(ms(1990, 1, 1), ms(2040, 1, 1))
        gmt = OFFSETS[k % len(OFFSETS)]
        for dow in (1, 0):
            days.append([date_ms, gmt, dow, loc.format_day(from_ms(date_ms), gmt_offset=gmt, dow=bool(dow))])
    lists = [[p, loc.list(p)] for p in ([], ["A"], ["A", "B"], ["A", "B", "C"], ["A", "B", "C", "D"])]
    return {
        "code": code,
        "tornado": tornado.version,
        "generator": "scripts/gen-tornado-dates.py",
        "translations": translations,
        "nows": NOWS[:2],
        "formatDate": cases,
        "formatDay": days,
        "list": lists,
    }


def write(name, data):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, sort_keys=True, indent=None, separators=(",", ":"))
        f.write("\n")
    print("%s: %d formatDate cases" % (os.path.relpath(path, ROOT), len(data["formatDate"])), file=sys.stderr)


def main():
    write("en_US.json", gen_en("en_US", [1, 3, 3, 3]))
    write("en_GB.json", gen_en("en_GB", [4, 0, 4, 0]))
    write("fr_FR.json", gen_translated("fr_FR", FR))
    write("zh_CN.json", gen_translated("zh_CN", ZH))
    fa = gen_translated("fa_IR", FA)
    # Only the list is translated: its dates would be English in Tornado, Intl in localekit.
    write("fa_IR.json", {k: v for k, v in fa.items() if k not in ("formatDate", "formatDay")} | {"formatDate": []})
    # Leave the files as the repository's formatter (Biome) wants them, so `npm run lint` passes.
    biome = os.path.join(ROOT, "node_modules", ".bin", "biome")
    if os.path.exists(biome):
        subprocess.run([biome, "format", "--write", OUT], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()

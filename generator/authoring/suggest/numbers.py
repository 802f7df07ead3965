"""Every figure and date of a text, with its sentence, normalised.

Written forms read: "2,500", "4.2 million", "2,5 million" (a decimal comma, noted),
"about 2,500" (approximate: about, around, approximately, nearly, almost, over, more
than, some, at least, up to, roughly), "six weeks" (a number word before a unit of
time), "January 9, 2022", "Jan. 19", "9 January", "January 4-5" (its first day),
"2022-01-10", a year alone ("in 1991"), and weekdays ("on Friday").

A date without a year takes the year that the texts' full dates use most (news
about one event rarely spans a new year; the draft says so). A weekday is resolved,
in this order, against the text's own dateline (the last such day on or before it;
after "next", or after "from", "until", "starting" or "by" in a sentence with "will"
or "is to", the first one after it),
against the latest full date earlier in the same text (the first such day on or
after it), or against the earliest dateline of the other texts (on or before it);
a resolved weekday is marked ``inferred``. A *dateline* is a full date at the start
of one of a text's first lines ("January 9, 2022 - 21:29", "date 2022-01-10").
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass

from .texts import Sentence, Text, is_content

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            "january:jan",
            "february:feb",
            "march:mar",
            "april:apr",
            "may",
            "june:jun",
            "july:jul",
            "august:aug",
            "september:sep:sept",
            "october:oct",
            "november:nov",
            "december:dec",
        ]
    )
    for m in names.split(":")
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?!\d)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATES = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mm>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:\s*[-–]\s*[0-3]?\d)?(?:,?\s+{_YEAR})?\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.I),
]
# A weekday after "next", or after from/until/starting/by in a sentence that speaks
# of the future ("talks will resume from Monday"), is ahead of the text's date. News
# otherwise dates past events: "on Monday", "from Monday to Wednesday crowds
# gathered", "by Tuesday 20 had died" are the last such day.
_AHEAD = re.compile(r"\b(next|from|until|till|starting|by)\s+$", re.I)
_FUTURE = re.compile(
    r"\b(?:will|shall|(?:is|are|due|set|expected|plans?|going) to)\b|['’]ll\b", re.I
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(?:on\s+)?(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_APPROX = (
    r"(?P<approx>about|around|approximately|nearly|almost|over|more than|some|at least|"
    r"up to|roughly|fewer than|less than|under|close to)\s+"
)
_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# "2,5 million": a decimal comma (one or two digits after it, so never a thousands
# group); read as 2.5 and noted, since the teacher's story language decides.
_NUMBER = re.compile(
    rf"(?:\b{_APPROX})?(?<![\w.,:/-])"
    r"(?P<num>(?P<decimal>\d+,\d{1,2})|\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?![\w:/-]|[.,]\d)(?:\s+(?P<scale>thousand|million|billion)\b)?",
    re.I,
)
_WORDS = {
    w: i + 1
    for i, w in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
_UNITS = r"days?|weeks?|months?|years?|decades?|hours?"
_DURATION = re.compile(
    rf"(?:\b{_APPROX})?\b(?P<word>" + "|".join(_WORDS) + rf")\s+(?P<unit>{_UNITS})\b", re.I
)
# A number that names rather than counts: article 2, page 4, No. 7.
_LABEL_BEFORE = re.compile(
    r"\b(?:articles?|art\.|no\.|number|page|chapter|section)(?:\s+\d+\s*(?:,|and|&))?\s*$", re.I
)
# What may come before a dateline's date on its line: a wire service's place
# ("LONDON, May 3") or a label ("date 2022-01-10", "Published 2024-03-14") …
_DATELINE_START = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z .'’-]*,\s*)?(?:(?i:date|dated|published|updated|posted)\s*:?\s*)?$"
)
# … and what may follow a date that ends a heading line ("…, 4 May 2023").
_DATELINE_END = re.compile(r"^[ \t]*(?:[-–—(]|\r?\n|$)")
_TIME_UNITS = frozenset(
    ["day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades"]
)


@dataclass(frozen=True)
class Figure:
    source: str
    start: int  # the figure's own words in the text
    end: int
    sentence: Sentence
    kind: str  # "count" | "duration" | "year" | "date" | "dateline"
    value: float | int | str  # a number, or a date as YYYY-MM-DD
    approx: bool = False
    unit: str = ""
    inferred: bool = False  # a weekday resolved to a date, or a year supplied
    note: str = ""

    @property
    def shown(self) -> str:
        if isinstance(self.value, str) or self.kind == "year":
            return str(self.value)
        if self.value >= 1_000_000_000 and self.value % 100_000_000 == 0:
            number = f"{self.value / 1_000_000_000:g} billion"  # as texts write it
        elif self.value >= 1_000_000 and self.value % 100_000 == 0:
            number = f"{self.value / 1_000_000:g} million"
        else:
            number = f"{self.value:,}" if isinstance(self.value, int) else f"{self.value:,g}"
        if self.unit in ("$", "£", "€", "¥"):
            return f"{'about ' if self.approx else ''}{self.unit}{number}"
        unit = "%" if self.unit == "%" else f" {self.unit}" if self.unit else ""
        return f"{'about ' if self.approx else ''}{number}{unit}"


@dataclass(frozen=True)
class _Date:
    start: int
    end: int
    month: int
    day: int
    year: int | None


def figures(texts: list[Text]) -> list[Figure]:
    """The figures of every text, datelines and weekdays resolved."""
    raw = {t.id: [d for s in t.sentences for d in _dates(t.text, s)] for t in texts}
    years = Counter(d.year for ds in raw.values() for d in ds if d.year)
    default_year = years.most_common(1)[0][0] if years else None
    datelines = {t.id: _dateline(t, raw[t.id], default_year) for t in texts}
    found: list[Figure] = []
    for text in texts:
        others = sorted(v for k, v in datelines.items() if v and k != text.id)
        own = datelines[text.id]
        found.extend(_date_figures(text, raw[text.id], default_year, own))
        found.extend(_weekday_figures(text, found, own, others[0] if others else None))
        found.extend(_number_figures(text, raw[text.id]))
    return found


def _dates(text: str, s: Sentence) -> list[_Date]:
    found: list[_Date] = []
    for pattern in _DATES:
        for m in pattern.finditer(text, s.start, s.end):
            if any(d.start < m.end() and m.start() < d.end for d in found):
                continue
            month = int(m.group("mm")) if "mm" in m.groupdict() else _MONTHS[m["month"].lower()]
            year = int(m["year"]) if m["year"] else None
            if 1 <= int(m["day"]) <= 31 and 1 <= month <= 12:
                found.append(_Date(m.start(), m.end(), month, int(m["day"]), year))
    return sorted(found, key=lambda d: d.start)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _is_dateline(text: Text, s: Sentence, d: _Date) -> bool:
    """A date that opens one of the text's first lines (after a place or a label),
    or, with its year, ends one of its first two lines (a heading's date)."""
    if s.index >= 5:
        return False
    start = _DATELINE_START.match(text.text[s.start : d.start])
    if start and (d.year or start["city"]):
        return True
    return bool(d.year and s.index < 2 and _DATELINE_END.match(text.text[d.end : d.end + 40]))


def _dateline(text: Text, dates: list[_Date], default_year: int | None) -> str | None:
    for d in dates:
        year = d.year or default_year
        if year and _is_dateline(text, _sentence_at(text, d.start), d):
            return _iso(year, d.month, d.day)
    return None


def _sentence_at(text: Text, at: int) -> Sentence:
    return next(s for s in text.sentences if s.start <= at < s.end)


def _date_figures(text: Text, dates: list[_Date], default_year, own) -> list[Figure]:
    found = []
    for d in dates:
        year = d.year or default_year
        iso = _iso(year, d.month, d.day) if year else None
        if iso is None:
            continue
        s = _sentence_at(text, d.start)
        note = "" if d.year else f"the text gives no year: {year} is the year the texts use"
        kind = "dateline" if iso == own and _is_dateline(text, s, d) else "date"
        found.append(Figure(text.id, d.start, d.end, s, kind, iso, inferred=not d.year, note=note))
    return found


def _weekday_figures(text: Text, so_far: list[Figure], own, other) -> list[Figure]:
    found = []
    for m in _WEEKDAY.finditer(text.text):
        weekday = _WEEKDAYS.index(m.group(1).lower())
        earlier = [f for f in so_far if f.source == text.id and f.end <= m.start()]
        ahead = _ahead(text, m.start())
        if own and ahead:
            iso, note = _after(own, weekday), f"“{ahead[1]}”: the first one after the text's date"
        elif own:
            iso, note = _back(own, weekday), "resolved against the text's own date"
        elif earlier:
            iso = _forward(max(earlier, key=lambda f: f.start).value, weekday)
            note = "resolved after the text's last date before it"
        elif other:
            iso, note = _back(other, weekday), f"no date of its own: resolved before {other}"
        else:
            continue
        s = _sentence_at(text, m.start())
        found.append(Figure(text.id, m.start(), m.end(), s, "date", iso, inferred=True, note=note))
    return found


def _ahead(text: Text, at: int) -> re.Match | None:
    """The word before the weekday at ``at`` that points past the text's date."""
    cue = _AHEAD.search(text.text[max(0, at - 20) : at])
    if cue is None or cue[1].lower() == "next":
        return cue
    s = _sentence_at(text, at)
    return cue if _FUTURE.search(text.text[s.start : s.end]) else None


def _after(iso: str, weekday: int) -> str:
    """The first such weekday strictly after ``iso``: a text dated on a Monday says
    "today", not "from Monday", of that day."""
    day = datetime.date.fromisoformat(iso) + datetime.timedelta(1)
    return _forward(day.isoformat(), weekday)


def _back(iso: str, weekday: int) -> str:
    day = datetime.date.fromisoformat(iso)
    return (day - datetime.timedelta((day.weekday() - weekday) % 7)).isoformat()


def _forward(iso: str, weekday: int) -> str:
    day = datetime.date.fromisoformat(iso)
    return (day + datetime.timedelta((weekday - day.weekday()) % 7)).isoformat()


def _number_figures(text: Text, dates: list[_Date]) -> list[Figure]:
    found = []
    taken = [(d.start, d.end) for d in dates]
    for s in text.sentences:
        for m in _NUMBER.finditer(text.text, s.start, s.end):
            if any(a <= m.start("num") < b for a, b in taken):
                continue
            if _LABEL_BEFORE.search(text.text[s.start : m.start("num")]):
                continue
            found.append(_count(text, s, m))
        for m in _DURATION.finditer(text.text, s.start, s.end):
            value = _WORDS[m["word"].lower()]
            unit = m["unit"].lower().rstrip("s") + "s"
            found.append(
                Figure(text.id, m.start(), m.end(), s, "duration", value, bool(m["approx"]), unit)
            )
    return found


def _count(text: Text, s: Sentence, m: re.Match) -> Figure:
    digits = m["num"].replace(",", "." if m["decimal"] else "")
    value: float | int = float(digits) if "." in digits else int(digits)
    if m["scale"]:
        value = value * _SCALE[m["scale"].lower()]
        value = int(value) if float(value).is_integer() else value
    if isinstance(value, int) and 1900 <= value <= 2099 and not m["approx"] and "," not in m["num"]:
        return Figure(text.id, m.start(), m.end(), s, "year", value, unit="year")
    unit = _unit(
        text.text[max(s.start, m.start("num") - 1) : m.start("num")], text.text[m.end() : s.end]
    )
    kind = "duration" if unit in _TIME_UNITS else "count"
    note = f"{m['num']} read with a decimal comma" if m["decimal"] else ""
    return Figure(text.id, m.start(), m.end(), s, kind, value, bool(m["approx"]), unit, note=note)


def _unit(before: str, after: str) -> str:
    """What is counted: a currency sign before, "%" after, else the first lower-case
    content word of the next three ("3,600 CSTO members" → members)."""
    if before in "$£€¥" and before:
        return before
    if re.match(r"\s*(?:%|per ?cent\b)", after):
        return "%"
    words = [w.strip(',.;:!?“”"«»()') for w in after.split()[:3]]
    return next((w for w in words if w.isalpha() and w.islower() and is_content(w)), "")

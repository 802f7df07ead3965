"""What a text shows about itself on its first lines: a headline and a dateline.

``new`` fills a source's title and date only from these, never from a guess: a date
inside the body ("the image taken on Jan 7, 2022") is the date of something else,
so only a line that *is* a date (with at most a time or a label such as "date" or
"Published") counts, and only near the top.
"""

from __future__ import annotations

import datetime
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATES = (
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})"),
)
# A dateline: an optional label, the date, then at most a time ("- 21:29", "10:05 GMT").
_LABEL = r"(?:(?:date|dated|published|posted|updated|on)\s*:?\s*)?"
_TIME = r"(?:\s*[-–—|,]?\s*\d{1,2}[:.]\d{2}(?:\s*[A-Za-z]{2,4})?)?"
_HEAD_LINES = 4  # a dateline or headline further down is part of the body
_HEADLINE_WORDS = (4, 25)  # "Human security" is a section label, not a headline


def _date_at(text: str) -> tuple[str, int] | None:
    """The ISO date at the start of ``text`` and where it ends, if it is a real date."""
    for pattern in _DATES:
        match = pattern.match(text)
        if match is None:
            continue
        parts = match.groupdict()
        month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS.get(parts["month"].lower())
        if month is None:
            continue
        try:
            day = datetime.date(int(parts["year"]), month, int(parts["day"]))
        except ValueError:
            continue
        return day.isoformat(), match.end()
    return None


def _leading_date(line: str) -> tuple[str, str] | None:
    """``(iso date, rest of the line)`` when the line starts with a dateline."""
    label = re.match(_LABEL, line, re.IGNORECASE)
    start = label.end() if label else 0
    found = _date_at(line[start:])
    if found is None:
        return None
    iso, end = found
    rest = line[start + end :]
    time = re.match(_TIME, rest)
    return iso, rest[time.end() if time else 0 :].strip(" -–—|,")


def _head(text: str) -> list[str]:
    # A byte order mark (Windows Notepad writes one) is not part of the first line:
    # left in, it would open the title learners read and hide a dateline.
    lines = [" ".join(line.split()) for line in text.removeprefix("\ufeff").splitlines()]
    return [line for line in lines if line][:_HEAD_LINES]


def dateline(text: str) -> str | None:
    """The ISO date of a dateline among the text's first lines, else None."""
    for line in _head(text):
        found = _leading_date(line)
        if found is not None:
            return found[0]
    return None


def _looks_like_headline(line: str) -> bool:
    low, high = _HEADLINE_WORDS
    words = line.split()
    return (
        low <= len(words) <= high
        and not line.endswith((".", ",", ";", ":"))
        and (line[0].isupper() or line[0].isdigit() or not line[0].isalpha())
    )


def headline(text: str) -> str | None:
    """The headline among the first lines (skipping a dateline and short section
    labels), or None when the text starts with its body."""
    for line in _head(text):
        found = _leading_date(line)
        if found is not None:
            line = found[1]
            if not line:
                continue
        if _looks_like_headline(line):
            return line
        if len(line.split()) > _HEADLINE_WORDS[1] or line.endswith("."):
            return None  # the body has begun
    return None

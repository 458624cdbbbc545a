"""Day-first Vietnamese dates, as pages print them: 05/01/2021, 5-1-2021, "ngày 5 tháng 1 năm 2021",
ISO timestamps in metadata."""

from __future__ import annotations

import re
from datetime import date, datetime

_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?![\d/])")
_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})", re.I)
_ISO = re.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})")


def _make(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def parse_day_first(value: str | None) -> date | None:
    """The first date in a printed date line or metadata value; day first unless the value is ISO."""
    if not value:
        return None
    value = value.strip()
    m = _ISO.search(value)
    if m:
        return _make(m.group(1), m.group(2), m.group(3))
    m = _WORDS.search(value)
    if m:
        return _make(m.group(3), m.group(2), m.group(1))
    m = _NUMERIC.search(value)
    if m:
        return _make(m.group(3), m.group(2), m.group(1))
    return None


def first_date_in_text(text: str, document_numbers: re.Pattern | None = None) -> date | None:
    """The first full (day, month, year) date written in running text, skipping dates inside document
    numbers such as ``02/2024/TT-BTP``."""
    best: tuple[int, date] | None = None
    for pattern, order in ((_WORDS, (3, 2, 1)), (_NUMERIC, (3, 2, 1))):
        for m in pattern.finditer(text):
            tail = text[m.end(): m.end() + 1]
            if tail == "/":  # part of a document number
                continue
            d = _make(*(m.group(i) for i in order))
            if d is not None:
                if best is None or m.start() < best[0]:
                    best = (m.start(), d)
                break
    return best[1] if best else None


def to_datetime(d: date | None) -> datetime | None:
    return datetime(d.year, d.month, d.day) if d else None

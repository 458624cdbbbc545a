"""Day-first Vietnamese dates, as pages print them: 05/01/2021, 5-1-2021, "Thứ hai - 12/08/2025 08:30",
"ngày 5 tháng 1 năm 2021", "12 Tháng 8 2025", "12 Tháng Tám, 2025", ISO timestamps in metadata.

Numeric dates are always read day-first, never month-first: a portal that prints month-first dates (Drupal's
default format) declares strptime ``date_formats`` in its profile, tried first by :func:`parse_date`."""

from __future__ import annotations

import re
from datetime import date, datetime

_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?![\d/])")
_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})", re.I)
_ISO = re.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})")
# "12 Tháng 8 2025" (Joomla's vi-VN pack), "12 tháng 8, 2025", "12 Tháng Tám, 2025" (WordPress vi locale)
_MONTH_WORDS = {
    "một": 1, "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
    "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}
_WORD_ALTS = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True)).replace(" ", r"\s+")
_DAY_MONTH = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s+tháng\s+(\d{{1,2}}|{_WORD_ALTS})\s*,?\s*(?:năm\s+)?((?:19|20)\d{{2}})(?!\d)", re.I)


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
    m = _DAY_MONTH.search(value)
    if m:
        return _make(m.group(3), str(_month(m.group(2))), m.group(1))
    m = _NUMERIC.search(value)
    if m:
        return _make(m.group(3), m.group(2), m.group(1))
    return None


def _month(value: str) -> int:
    if value.isdigit():
        return int(value)
    return _MONTH_WORDS[re.sub(r"\s+", " ", value.lower())]


def parse_date(value: str | None, formats: tuple[str, ...] | list[str] = ()) -> date | None:
    """A printed date: the profile's strptime ``formats`` first (on the whole value), then day-first."""
    if value and formats:
        text = " ".join(value.split())[:160]
        # the format may cover only part of the line ("Submitted by X on Tue, 08/12/2025 - 08:30"): try it
        # on every run of whole words, longest first
        words = text.split(" ")
        spans = sorted(((i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1)),
                       key=lambda ij: ij[0] - ij[1])
        for fmt in formats:
            for i, j in spans:
                try:
                    return datetime.strptime(" ".join(words[i:j]), fmt).date()
                except ValueError:
                    continue
    return parse_day_first(value)


# what a date right after it belongs to, rather than to the article: a cited document's number (its issue
# date, "Nghị quyết số 57-NQ/TW ngày 22/12/2024"), a birth ("sinh ngày"), a founding ("thành lập ngày")
_NOT_THE_ARTICLES = re.compile(
    r"(?:\d+[A-ZĐ]?[ ]?[/-][ ]?[A-ZĐ0-9][\w&()/.-]*|\d{1,5}/(?:19|20)\d\d|sinh|thành[ ]lập|ban[ ]hành)"
    r"[ ]*(?:ban[ ]hành[ ]+)?(?:vào[ ]+)?(?:ngày|ngày[ ]+\d{1,2}[ ]+tháng)?[ ]*$",
    re.I,
)


def first_date_in_text(text: str, document_numbers: re.Pattern | None = None) -> date | None:
    """The first full (day, month, year) date written in running text, skipping dates inside document
    numbers such as ``02/2024/TT-BTP``."""
    best: tuple[int, date] | None = None
    for pattern, order in ((_WORDS, (3, 2, 1)), (_NUMERIC, (3, 2, 1))):
        for m in pattern.finditer(text):
            tail = text[m.end(): m.end() + 1]
            if tail == "/":  # part of a document number
                continue
            if _NOT_THE_ARTICLES.search(text, max(0, m.start() - 80), m.start()):
                continue  # the issue date of a cited document, a birth date: not when the article happened
            d = _make(*(m.group(i) for i in order))
            if d is not None:
                if best is None or m.start() < best[0]:
                    best = (m.start(), d)
                break
    return best[1] if best else None


def to_datetime(d: date | None) -> datetime | None:
    return datetime(d.year, d.month, d.day) if d else None

"""DATE: calendar days and months in every written form (ENTITIES.md, DATE).

Forms, always day-first: ``04/01/2021``, ``26-7-1960``, ``12.5.2024``; ``ngày 30 tháng 9 năm 2024``;
``tháng 9/2024``, ``tháng 9 năm 2024`` (months); a day without a year after a cue word (``Sáng 08/7``,
``ngày 15/3``); lists and ranges sharing a month (``các ngày 12-13/6/2024``, ``ngày 5, 6 và 7/8/2024``,
``ngày 12 và 13/6``); a second date chained to a first (``từ ngày 01/12/2021 đến ngày 31/3/2023``).

A date without a year takes, in order: the year of the date it is a range or list with ("từ 28/12/2023
đến 05/01", "từ 28/12 đến 05/01/2024"), the year stated earlier in its sentence ("Năm 2019, ngày 5/3 ..."),
or the year that puts it nearest the publication date and at most a week after it (unless the sentence says
the event is planned). Without any of these it is not emitted; a month without a year ("kiểm sát định kỳ
tháng 7") only counts when its sentence states the year. Anything inside a DOCREF span (``02/2024`` in ``02/2024/TT-BTP``) is no date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .base import Context, Entity, Spans

_D = r"(?:0?[1-9]|[12]\d|3[01])"
_M = r"(?:0?[1-9]|1[0-2])"
_Y = r"(?:1[89]\d\d|20\d\d)(?![.,]?\d)"
_S = r"[/.-]"
_SY = r"(?:/[ ]?|[.-])"  # before the year a stray space after "/" is seen ("21/7/ 2020")
# days sharing one month: "12-13", "5, 6 và 7", "12 đến ngày 15"
_DAYS = rf"{_D}(?:[ ]*(?:,|-)[ ]*{_D}|[ ]*(?:,[ ]*)?(?:và|đến|tới)[ ]+(?:ngày[ ]+)?{_D})*"
_MONTHS = rf"{_M}(?:[ ]*(?:,|và|-|đến|tới)[ ]*(?:tháng[ ]+)?{_M})*"

_DATE = re.compile(
    rf"""
    (?=[\dtT])  # a date starts with a digit or "tháng": a cheap test before the alternatives
    (?:(?<![\w.,/:])(?:(?<!-)|(?<=(?:19|20)\d\d-))(?:
        (?P<ldays>{_DAYS})[ ]+tháng[ ]+(?P<lmonth>{_M})(?![\w/.-]?\d)(?:[ ]*,?[ ]*năm[ ]+(?P<lyear>{_Y}))?
      | (?P<ndays>{_DAYS})[ ]*{_S}(?P<nmonth>{_M})
        (?:{_SY}(?P<nyear>{_Y})(?![/.]?\d)|(?![\w/.-]?\d))
    )
    | (?<!\w)tháng[ ]+(?P<mmonths>{_MONTHS})
        (?:[ ]*(?:/|-|\.)[ ]*|[ ]*,?[ ]+năm[ ]+)(?P<myear>{_Y})
    | (?<!\d[ ])(?<!\w)tháng[ ]+(?P<bmonth>{_M})(?![\w/.-]?\d)(?![ ]*(?:,[ ]*)?năm[ ]+\d)
    )""",
    re.X | re.I,
)
# what makes a day without a year a date: a word for a day or a part of the day just before it
_CUE = re.compile(
    r"(?:(?<!\w)(?:ngày|hôm|sáng|chiều|tối|trưa|đêm|khuya|mùng|mồng|rạng[ ]+sáng)"
    r"(?:[ ]+(?:ngày|nay|qua|mai|hôm))?"
    r"(?:[ ]*[,(]?[ ]*(?:thứ[ ]+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ[ ]+nhật)[ ]*[,(]?)?[ ]*(?:ngày[ ]+)?[ ]*[,(]?[ ]*)$",
    re.I,
)
# a date joined to the one before: "ngày 30/4 và 1/5", "từ ngày 05/3 đến 12/3"
_CHAIN = re.compile(r"[ ]*(?:,|;)?[ ]*(?:đến|tới|và|hoặc|-|,)[ ]*(?:ngày[ ]+)?$", re.I)
_FOLLOW = re.compile(r"[ ]*(?:,|;)?[ ]*(?:đến|tới|và|hoặc|-|,)[ ]*(?:ngày[ ]+)?(?=\d)", re.I)
_PLANNED = re.compile(
    r"(?<!\w)(?:sẽ|dự kiến|kế hoạch|thời hạn|hạn chót|hạn cuối|trước ngày|đến ngày|chậm nhất|sắp tới|tới đây|"
    r"dự định|chuẩn bị|hạn)(?!\w)",
    re.I,
)
_SENT_END = re.compile(r"[.!?…](?=[ \n\"”)]|$)|\n")
_YEAR_WORD = re.compile(r"(?<!\w)năm[ ]+((?:19|20)\d\d)(?![\d/-])", re.I)
_TIME_LEAD = re.compile(r"(?:(?<!\w)(?:trong|vào|hồi|đầu|cuối|giữa|từ|sang|đến)[ ]+|^[ \W]*|[,;:(][ ]*)$", re.I)
_RANGE_WORD = re.compile(r"đến|tới|-", re.I)
_TIGHT_PAIR = re.compile(r"\d{1,2}-\d{1,2}[/.-]")
_RECURRING = re.compile(r"[ ]*,?[ ]*(?:hằng|hàng|mỗi)[ ]+năm(?!\w)", re.I)
_NAMED_DAY = re.compile(r"(?<!\w)(?i:ngày)[ ]+[A-ZĐÀ-Ỹ][^.!?\n]*$")


@dataclass
class _Found:
    start: int
    end: int
    parts: list[tuple[int, int, int]]  # (day, month, position of the day); day 0 for a month
    year: int | None
    granularity: str  # day | month | bare_month

    def __post_init__(self) -> None:
        self.written_year = self.year

    @property
    def stated(self) -> bool:
        """Was the year written (not inferred)?"""
        return self.written_year is not None


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENT_END.finditer(text, max(0, pos - 600), pos):
        start = m.end()
    end_m = _SENT_END.search(text, pos)
    return start, (end_m.start() if end_m else len(text))


def _days(m: re.Match, group: str, month: int) -> list[tuple[int, int, int]]:
    base = m.start(group)
    return [(int(n.group()), month, base + n.start()) for n in re.finditer(r"\d+", m.group(group))]


def _candidates(text: str, claimed: Spans) -> list[_Found]:
    out: list[_Found] = []
    for m in _DATE.finditer(text):
        if claimed.overlaps(m.start(), m.end()):
            continue
        if m.group("ldays") is not None:
            year = int(m.group("lyear")) if m.group("lyear") else None
            out.append(_Found(m.start(), m.end(), _days(m, "ldays", int(m.group("lmonth"))), year, "day"))
        elif m.group("ndays") is not None:
            year = int(m.group("nyear")) if m.group("nyear") else None
            out.append(_Found(m.start(), m.end(), _days(m, "ndays", int(m.group("nmonth"))), year, "day"))
        elif m.group("mmonths") is not None:
            parts = [(0, int(n.group()), m.start()) for n in re.finditer(r"\d+", m.group("mmonths"))]
            out.append(_Found(m.start(), m.end(), parts, int(m.group("myear")), "month"))
        else:
            out.append(_Found(m.start(), m.end(), [(0, int(m.group("bmonth")), m.start())], None, "bare_month"))
    return out


def _valid(y: int, mo: int, d: int) -> bool:
    try:
        date(y, mo, d or 1)
    except ValueError:
        return False
    return True


def _nearest_year(mo: int, d: int, published: date, planned: bool) -> int | None:
    """The year that puts day ``d`` of month ``mo`` nearest ``published``, at most a week after it."""
    best: tuple[int, int] | None = None
    for y in (published.year - 1, published.year, published.year + 1):
        if not _valid(y, mo, d):
            continue
        when = date(y, mo, d or 1)
        if not planned and when > published + timedelta(days=7):
            continue
        dist = abs((when - published).days)
        if best is None or dist < best[0]:
            best = (dist, y)
    return best[1] if best else None


def _stated_years(text: str, start: int, end: int, claimed: Spans) -> list[tuple[int, int]]:
    """Years set as the time of the sentence ("Trong năm 2023, ngày 15/3 ...", "Năm 2019, ..."), between
    ``start`` and ``end``; "công tác năm 2023" or "Luật ... năm 2014" name a period or a law, not the time."""
    out = []
    for m in _YEAR_WORD.finditer(text, start, end):
        if claimed.overlaps(m.start(), m.end()) or not _TIME_LEAD.search(text[start:m.start()]):
            continue
        out.append((m.start(), int(m.group(1))))
    return out


def _joined(text: str, first: _Found, second: _Found | None) -> bool:
    """Is ``second`` the other end of a range or list that starts with ``first``?"""
    if second is None:
        return False
    fol = _FOLLOW.match(text, first.end)
    return fol is not None and fol.end() == second.start


def _keep(text: str, cands: list[_Found]) -> list[_Found]:
    """Drop what is no date: an uncued day without a year, a yearly anniversary; trim uncued lists."""
    kept: list[_Found] = []
    prev_end = -1
    for i, c in enumerate(cands):
        before = text[max(0, c.start - 40):c.start]
        cued = _CUE.search(before) is not None
        chained = prev_end >= 0 and _CHAIN.fullmatch(text, prev_end, c.start) is not None
        tight = len(c.parts) == 2 and _TIGHT_PAIR.match(text, c.parts[0][2]) is not None
        if c.granularity == "day" and len(c.parts) > 1 and not (cued or chained or tight):
            # "khu vực 4, 29/12/2025": without a cue only the last number belongs to the date ("12-13/6" may
            # stand alone)
            c.parts = c.parts[-1:]
            c.start = c.parts[0][2]
            before = text[max(0, c.start - 40):c.start]
            cued = _CUE.search(before) is not None
        if c.granularity == "day" and c.written_year is None:
            if _RECURRING.match(text, c.end):
                continue  # "ngày 26/7 hằng năm" names an anniversary, not a day
            if not (cued or chained):
                nxt = cands[i + 1] if i + 1 < len(cands) else None
                ranged = (nxt is not None and nxt.written_year is not None and nxt.granularity == "day"
                          and _joined(text, c, nxt) and re.search(r"(?<!\w)từ[ ]*$", before, re.I))
                # "Ngày Pháp luật Việt Nam (09/11)": a day named in brackets after the name of the day
                named = (text[c.start - 1:c.start] == "(" and text[c.end:c.end + 1] == ")"
                         and _NAMED_DAY.search(text, max(0, c.start - 80), c.start))
                if not (ranged or named):
                    continue
        kept.append(c)
        prev_end = c.end
    return kept


def extract(text: str, context: Context, found: list[Entity]) -> list[Entity]:
    """Every DATE of ``text``; dates inside the DOCREF spans of ``found`` are skipped."""
    claimed = Spans.of([e for e in found if e.type == "DOCREF"])
    kept = _keep(text, _candidates(text, claimed))
    out: list[Entity] = []
    for i, c in enumerate(kept):
        year, inferred = c.year, False
        if year is None:
            inferred = True
            nxt = kept[i + 1] if i + 1 < len(kept) else None
            prev = kept[i - 1] if i else None
            if c.granularity != "bare_month" and prev is not None and prev.year and _joined(text, prev, c):
                # the end of a range runs into the next year ("từ ngày 28/12/2023 đến ngày 05/01"); a list
                # ("ngày 30/4/2024 và 1/5") shares the year
                last = prev.parts[-1]
                ranged = _RANGE_WORD.search(text, prev.end, c.start) is not None
                year = prev.year + 1 if ranged and (c.parts[0][1], c.parts[0][0]) < (last[1], last[0]) else prev.year
            elif c.granularity != "bare_month" and nxt is not None and nxt.stated and _joined(text, c, nxt):
                # the start of a range or list: "từ 28/12 đến 05/01/2024", "ngày 30/4 và 1/5/2024"
                year = nxt.year - 1 if c.parts[-1][1] > nxt.parts[0][1] else nxt.year
            else:
                s_start, s_end = _sentence_bounds(text, c.start)
                earlier = [(k.start, k.year) for k in kept[:i] if k.stated and k.start >= s_start]
                earlier += _stated_years(text, s_start, c.start, claimed)
                earlier.sort()
                if earlier:
                    year = earlier[-1][1]
                elif c.granularity == "bare_month":
                    continue  # a month without a year is only a date where its sentence names the year
                elif context.published is not None:
                    planned = _PLANNED.search(text, s_start, s_end) is not None
                    d, mo, _ = c.parts[0]
                    year = _nearest_year(mo, d, context.published, planned)
            if year is None:
                continue
            c.year = year
        gran = "day" if c.granularity == "day" else "month"
        for d, mo, _ in c.parts:
            if not _valid(year, mo, d):
                continue
            value = f"{year:04d}-{mo:02d}" if gran == "month" else f"{year:04d}-{mo:02d}-{d:02d}"
            out.append(Entity("DATE", text[c.start:c.end], value, c.start, c.end, method="grammar",
                              attrs={"granularity": gran, "year_inferred": inferred}))
    return out

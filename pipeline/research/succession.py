"""Predecessor -> successor links that articles state themselves.

Portals announce the 2025 reorganisation in a few fixed turns of phrase; between two UNIT mentions of one
sentence, the words say which one took over the other:

    successor first   S (được) thành lập trên cơ sở (sắp xếp | hợp nhất | sáp nhập ...) P1, P2 và P3
                      Thành lập S trên cơ sở P1 và P2
                      S (trước đây là P)          S, tiền thân là P        S (nguyên là P)
    successor last    P (nay là S)                P, nay thuộc S
                      P1 và P2 (được) tổ chức lại | sáp nhập | hợp nhất | đổi tên | trở thành S
                      P, đến năm 2010 trở thành S
                      hợp nhất P1 và P2 thành S

The gap between the mentions must be exactly such a connective (so "S xây dựng kế hoạch trên cơ sở hướng
dẫn của P" links nothing), the predecessors are a list of mentions joined by commas or "và", and a link
needs two different units of the same kind (procuracy -> procuracy, court -> court...) that both carry a
place. The grammar reads "VKSND huyện A, B và thị xã C" as one span holding three units: one slot here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..nlp.units_table import slug

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    unit_id: str
    value: str
    kind: str | None
    province: str | None
    level: str | None = None


@dataclass(frozen=True)
class Link:
    predecessor: str  # unit id
    successor: str
    start: int  # the statement's span in the text (first mention's start to last mention's end)
    end: int
    phrasing: str  # formed_from | formerly | now | became


def _rx(pattern: str) -> re.Pattern:
    # a space in a pattern stands for any run of spaces; case-insensitive, on the normalised text
    return re.compile(pattern.replace(" ", r"\s+"), re.IGNORECASE)


_TIME = r"(?:(?:đến|từ|vào|kể từ|sau đó|tới) )?(?:(?:ngày|tháng|năm) [\d/.]+\s*,?\s*)?"
_AUX = r"(?:(?:được|đã được|đã|sẽ được|sẽ|chính thức|chính thức được|cùng được|cùng) )*"
# successor first: the gap between S and the first predecessor
_FORMED_FROM = _rx(r"^\s*(?:\([^()]{0,40}\)\s*)?,?\s*" + _AUX
                   + r"(?:(?:thành lập|tổ chức lại|tổ chức|hình thành|ra đời) )?trên cơ sở "
                   r"(?:(?:sắp xếp lại|sắp xếp|hợp nhất|sáp nhập|tổ chức lại|tiếp nhận|kế thừa)"
                   r"(?: (?:nguyên trạng|toàn bộ))? )?(?:(?:của|từ) )?(?:các )?:?\s*$")
_FORMERLY = _rx(r"^\s*[(,]?\s*(?:trước đây là|trước đây|trước là|nguyên là|tiền thân là) :?\s*$")
# successor last: the gap between the last predecessor and S
_NOW = _rx(r"^\s*[(,]?\s*(?:nay là|nay đã là|nay thuộc|nay được tổ chức lại thành|nay đã được tổ chức lại thành)"
           r"\s*$")
_BECAME = _rx(r"^\s*,?\s*" + _TIME + _AUX
              + r"(?:tổ chức lại|sắp xếp lại|sắp xếp|hợp nhất|sáp nhập|nhập|đổi tên|chuyển|trở) (?:thành|vào)\s*$")
_INTO = _rx(r"^\s*thành\s*$")  # "hợp nhất P1 và P2 thành S": the verb stands before the list
_MERGE_VERB_BEFORE = _rx(r"(?:hợp nhất|sáp nhập|sắp xếp|sắp xếp lại|tổ chức lại|nhập) (?:các )?$")
_LIST_SEP = _rx(r"^\s*(?:[,;]\s*(?:và )?|và )\s*$")
_AND = _rx(r"^\s*,?\s*và\s*$")


def _slots(mentions: Iterable[Mention]) -> list[list[Mention]]:
    """Mentions grouped by span, in text order (one grammar span may hold a list of units)."""
    by_span: dict[tuple[int, int], list[Mention]] = {}
    for m in mentions:
        by_span.setdefault((m.start, m.end), []).append(m)
    return [by_span[k] for k in sorted(by_span)]


def _gap(text: str, a: list[Mention], b: list[Mention]) -> str:
    return text[a[0].end:b[0].start] if b[0].start >= a[0].end else "\x00"


def _list_after(text: str, slots: list[list[Mention]], i: int) -> int:
    """The last slot index of the list of mentions that starts at slot ``i``."""
    j = i
    while j + 1 < len(slots) and _LIST_SEP.match(_gap(text, slots[j], slots[j + 1])):
        j += 1
    return j


def _list_before(text: str, slots: list[list[Mention]], i: int) -> int:
    """The first slot index of the list of mentions that ends at slot ``i``."""
    j = i
    while j > 0 and _LIST_SEP.match(_gap(text, slots[j - 1], slots[j])):
        j -= 1
    return j


def _in_list(text: str, a: list[Mention], b: list[Mention]) -> bool:
    """Are two neighbouring slots items of one list? "và" says so; a comma only between peers (same kind
    and level: "VKSND khu vực 1, VKSND khu vực 2"), not after a title ("Viện trưởng VKSND tối cao, VKSND ...")."""
    gap = _gap(text, a, b)
    if _AND.match(gap):
        return True
    return bool(_LIST_SEP.match(gap)) and (a[-1].kind, a[-1].level) == (b[0].kind, b[0].level)


def _pairs(preds: list[list[Mention]], succ: list[Mention], phrasing: str) -> list[Link]:
    if len(succ) != 1:  # "S1 và S2 được thành lập trên cơ sở ..." does not say which took what
        return []
    s = succ[0]
    spans = [m for slot in preds for m in slot] + [s]
    start, end = min(m.start for m in spans), max(m.end for m in spans)
    out = []
    for slot in preds:
        for p in slot:
            if p.unit_id != s.unit_id and p.kind == s.kind and p.kind and p.province and s.province:
                out.append(Link(p.unit_id, s.unit_id, start, end, phrasing))
    return out


def links_in_text(text: str, mentions: Iterable[Mention]) -> list[Link]:
    """The predecessor -> successor links the text states (see the module docstring), in text order."""
    slots = _slots(mentions)
    out: list[Link] = []
    for i in range(len(slots) - 1):
        gap = _gap(text, slots[i], slots[i + 1])
        # a successor inside a list ("S1 và S2 được thành lập trên cơ sở P") does not say which took what
        s_listed_before = i > 0 and _in_list(text, slots[i - 1], slots[i])
        s_listed_after = i + 2 < len(slots) and _in_list(text, slots[i + 1], slots[i + 2])
        for pattern, phrasing in ((_FORMED_FROM, "formed_from"), (_FORMERLY, "formerly")):
            if pattern.match(gap) and not s_listed_before:
                out.extend(_pairs(slots[i + 1:_list_after(text, slots, i + 1) + 1], slots[i], phrasing))
        first = _list_before(text, slots, i)
        before = text[max(0, slots[first][0].start - 40):slots[first][0].start]
        if s_listed_after:
            continue
        if _NOW.match(gap):
            out.extend(_pairs(slots[first:i + 1], slots[i + 1], "now"))
        elif _BECAME.match(gap) or (_INTO.match(gap) and _MERGE_VERB_BEFORE.search(before)):
            out.extend(_pairs(slots[first:i + 1], slots[i + 1], "became"))
    return out


def _mention(row: Any) -> Mention:
    attrs = json.loads(row.attrs) if isinstance(row.attrs, str) and row.attrs else {}
    uid = attrs.get("unit_id") or slug(row.value)
    return Mention(int(row.start), int(row.end), uid, row.value, attrs.get("kind"), attrs.get("province"),
                   attrs.get("level"))


def succession_links(articles: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """One row per link an article states: predecessor, successor (unit ids), article_id, evidence (the
    words of the statement), phrasing. Articles without text or without two UNIT mentions give none."""
    import pandas as pd

    columns = ["predecessor", "successor", "article_id", "evidence", "phrasing"]
    units = entities[entities["type"] == "UNIT"]
    if units.empty or articles.empty:
        return pd.DataFrame(columns=columns)
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    rows = []
    for aid, group in units.groupby("article_id", sort=True):
        text = texts.get(aid)
        if not isinstance(text, str) or len(group) < 2:
            continue
        for link in links_in_text(text, (_mention(r) for r in group.itertuples(index=False))):
            rows.append((link.predecessor, link.successor, aid, text[link.start:link.end], link.phrasing))
    return pd.DataFrame(rows, columns=columns).drop_duplicates(ignore_index=True)

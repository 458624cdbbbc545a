"""The UNIT extractor's grammar: the core of the recursive-descent reading after a head, and the scan.

How it works, in one pass over the text:

1. every administrative place written with its level word ("tỉnh Long An", "huyện Cam Lâm", "TP.HCM") or
   a province named on its own ("Tại Bình Định") is collected, so that a mention without a place ("Công an
   huyện", "VKSND tỉnh") takes the place of the nearest earlier mention of the same level; the portal's
   owner gives the province as a last resort (``unit_resolve.py``);
2. a regex per first word finds the head of every unit (a unit-type word or an abbreviation: "VKSND",
   "Công an", "Ủy ban nhân dân", "Chi bộ", "Phòng 7", "Bộ Chính trị" ...; ``unit_lexicon.py``) and the
   reader of that head (``unit_parts.py``, ``unit_departments.py``) reads what follows: the level ("tối cao",
   "cấp cao tại Đà Nẵng", "khu vực 6 - Gia Lai"), the place, lists of places ("VKSND huyện A, B và thành phố
   C"), and the parent of a unit inside another ("Cơ quan CSĐT Công an tỉnh X", "Phòng 7, VKSND tỉnh Y",
   "Bí thư Đảng ủy, Viện trưởng VKSND tối cao"), with the pieces this module holds;
3. the value is the canonical full name: abbreviations expanded, level words lower-case, place names as the
   gazetteer writes them, the parent appended. Plural and collective mentions ("các VKSND cấp huyện",
   "VKSND hai cấp") are read (so their parts are not taken alone) but not returned.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import unit_departments, unit_parts
from .base import Context, Entity, Spans
from .places import (
    LEVEL,
    LIST_SEP,
    WARD_LEVELS,
    Place,
    bare_district,
    bare_place,
    bare_province,
    gazetteer,
    level_class,
    level_mentions,
    parse_place,
    province_named_at,
)
from .unit_grammar import (
    NEEDS_PARENT,
    PAREN,
    PARENT_SEP,
    Unit,
)
from .unit_lexicon import Head, head_match, head_table, lexicon, matched_head
from .unit_resolve import Mentions, in_name, owner_unit
from .unit_text import ANY_WORD, WS, squash
from .units_table import unit_id

# pieces of the grammar used only here
# "(nguồn: Báo Bảo vệ pháp luật)", "Theo: Tạp chí Kiểm sát": a credit line, not a mention of the unit
_SOURCE_BEFORE = re.compile(r"(?i:(?<![^\W_])(?:nguồn|theo|ảnh)[ \t]*:[ \t]*)$")
# a number before a unit counts units ("14 VKSND cấp huyện"), unless it numbers a department whose parent the
# unit is ("Viện 1 VKSND tối cao", "Phòng 7 VKSND tỉnh", "Viện phúc thẩm 2 VKSND tối cao")
_PLURAL_BEFORE = re.compile(r"(?i:(?<![^\W_])(?:các|những|mọi|nhiều|(?<!thứ )(?<!số )(?<!viện )(?<!phòng )(?<!vụ )"
                            r"(?<!cục )(?<!đội )(?<!thẩm )(?<![/.,\d])\d{1,3}|hai|ba|"
                            r"bốn|sáu|bảy|tám|chín|mười)[ \t]+)$")
_ABBR_PAREN = re.compile(r"[ \t]*\((?:[A-ZĐ]{2,8}|[A-ZĐ][a-zđ]?[A-ZĐ]{1,6})\)")
_SHARED_SEP = re.compile(r"[ \t]*(?:,|-|–|và)[ \t]*(?:và[ \t]+)?")
_CLAUSE_END = re.compile(r"[.;:!?()\n“”\"]")

Handler = Callable[["Parser", re.Match, Head, bool], "Unit | None"]
# the reader of each handler named in the lexicon
HANDLERS: dict[str, Handler] = {**unit_parts.HANDLERS, **unit_departments.HANDLERS}


class Parser:
    """The grammar over one text; keeps the places mentioned so far for the nearest-earlier rule."""

    def __init__(self, text: str, context: Context, scan: bool = True):
        self.text = text
        self.counterpart: dict[str, str] = {}  # kind -> level and place of the last procuracy / court
        self.heads: list[int] = []  # where a head may start
        mentions: list[tuple[int, Place]] = []
        if scan:
            mentions = level_mentions(text)
            # one pass over the words: heads, and provinces named on their own ("Tại Bình Định")
            heads, first_words, province_first = self.heads, head_table().by_first, gazetteer().provinces.first
            for m in ANY_WORD.finditer(text):
                w = m.group().casefold()
                if w in first_words:
                    heads.append(m.start())
                if w in province_first and m.group()[0].isupper() and not in_name(text, m.start()):
                    p = province_named_at(text, m.start())
                    if p is not None:
                        mentions.append((m.start(), p))
            mentions.sort(key=lambda t: t[0])
        self.owner = owner_unit(context.owner) if scan else None
        self.places = Mentions(text, mentions, self.owner)

    # ---- places -------------------------------------------------------------------------------------

    def placed(self, head: str, kind: str, start: int, place: Place, as_parent: bool) -> Unit:
        """A unit named by its type and a place; a list of places after it gives one unit each."""
        resolved = self.places.place_value(place, start)
        u = Unit(start, place.end, f"{head} {resolved.text}", kind, level_class(resolved),
                 resolved.text if resolved.name else None, self.places.province_of(resolved))
        if resolved.name is None and resolved.level in WARD_LEVELS:
            u.collective = True  # "UBND xã" with no commune named anywhere: not one unit
        if resolved.name and not as_parent:
            self._more_places(u, head, resolved)
        return u

    def _more_places(self, u: Unit, head: str, first: Place) -> None:
        """ "VKSND huyện A, B và thành phố C", "UBND xã X, xã Y": one unit per place of the same level."""
        text = self.text
        cls = level_class(first)
        like = first
        pos = u.end
        while True:
            sep = LIST_SEP.match(text, pos)
            if not sep:
                return
            at = sep.end()
            if head_match(text, at):
                return
            p = parse_place(text, at, allow_generic=False)
            if p is None:
                p = bare_place(text, at, like)
            if p is None or level_class(p) != cls or not p.name:
                return
            self.places.add(p)
            u.more.append((f"{head} {p.text}", p.text, self.places.province_of(p)))
            u.end = pos = p.end
            like = p

    def _remember(self, u: Unit) -> None:
        """The level and place of the last procuracy or court, for "Tòa án cùng cấp"."""
        for canonical in NEEDS_PARENT:
            if u.value.startswith(canonical + " ") and u.level and u.level not in ("tối cao", "cùng cấp"):
                self.counterpart[canonical] = u.value[len(canonical) + 1:]
                if u.place and u.level in ("tỉnh", "huyện"):
                    self.counterpart["place"] = u.place


    # ---- the grammar --------------------------------------------------------------------------------

    def unit_at(self, pos: int, as_parent: bool = False) -> Unit | None:
        """The unit whose head starts at ``pos``, read by its handler; ``as_parent``: read as the parent of
        another (lists after it are not split)."""
        m = head_match(self.text, pos)
        if not m:
            return None
        head = matched_head(m)
        u = HANDLERS[head.handler](self, m, head, as_parent)
        if u is not None and not u.collective:
            self._remember(u)
        return u

    def skip_abbr(self, pos: int) -> int:
        """ "Viện Kiểm sát nhân dân (VKSND) tỉnh X": the abbreviation in brackets is skipped."""
        a = _ABBR_PAREN.match(self.text, pos)
        return a.end() if a else pos

    def shared_place(self, pos: int, any_level: bool = False) -> Unit | None:
        """The next unit of a list whose members share the place written once at its end."""
        sep = _SHARED_SEP.match(self.text, pos)
        if not sep:
            return None
        nxt = self.unit_at(sep.end(), as_parent=True)
        if nxt is None or nxt.collective or not nxt.place:
            return None
        if nxt.level not in ("tỉnh", "huyện") and not (any_level and nxt.kind == "government"):
            return None
        if any_level and nxt.level == "xã":
            p = parse_place(nxt.place, 0, allow_generic=False)
            return Place(p.level, p.name, -1, -1) if p is not None else None
        return nxt

    def place_after(self, start: int, pos: int, head: Head, as_parent: bool,
                    bare: bool = True) -> Unit | None:
        """The place after a unit type: "tỉnh X", "huyện" (resolved), "TP.HCM", "Khánh Hòa"."""
        text = self.text
        w = WS.match(text, pos)
        if not w or w.end() == pos:
            return None
        at = w.end()
        p = parse_place(text, at)
        if p is not None:
            # "VKSND tỉnh, thành phố", "UBND xã, phường": a list of levels, not one unit
            if p.name is None and re.match(r"[ \t]*(?:,|và|hoặc)[ \t]*" + LEVEL, text[p.end:p.end + 24]):
                return Unit(start, p.end, head.canonical, head.kind, collective=True)
            return self.placed(head.canonical, head.kind, start, p, as_parent)
        if not bare:
            return None
        b = bare_province(text, at)
        if b is None and head.kind in ("procuracy", "court"):
            b = bare_district(text, at)
        if b is not None:
            return self.placed(head.canonical, head.kind, start, b, as_parent)
        return None

    # ---- units inside another ----------------------------------------------------------------------

    def parent(self, pos: int, allow_comma: bool, allow_place: bool, allow_dash: bool = False,
                ) -> Unit | Place | None:
        """What a unit inside another belongs to: the next unit (or, for some, a place)."""
        text = self.text
        p = PAREN.match(text, pos)
        if p:
            inner = self.unit_at(p.start() + p.group().index("(") + 1, as_parent=True)
            if inner is not None and not inner.collective and inner.end == p.end() - 1 and allow_comma:
                inner.bracketed = True  # "Trưởng phòng Kiểm sát án kinh tế (VKSND tỉnh X)": a mention too
                inner.end = p.end()
                return inner
            after = self.parent(p.end(), allow_comma, allow_place, allow_dash)
            if after is not None:  # "Vụ Hợp tác quốc tế ... (Vụ 13) VKSND tối cao": an alias in brackets
                return after
        sep = PARENT_SEP.match(text, pos)
        if not sep:
            return None
        comma = "," in sep.group()
        dash = "-" in sep.group() or "–" in sep.group()
        punct = comma or dash
        if (comma and not allow_comma) or (dash and not (allow_comma or allow_dash)):
            return None
        at = sep.end()
        u = self.unit_at(at, as_parent=True)
        if u is not None and not u.collective and u.end > at:
            if u.needs_parent and u.value in NEEDS_PARENT:
                return None
            return u
        if allow_place and not punct:
            pl = parse_place(text, at)
            if pl is not None:
                return pl
        return None

    def attach(self, start: int, prefix: str, kind: str, parent: Unit | Place, kind_from_parent: bool) -> Unit:
        if isinstance(parent, Place):
            place = self.places.place_value(parent, start)
            kind = "government" if kind == "other" else kind  # "Phòng Tư pháp huyện X", "Trung tâm ... tỉnh Y"
            u = Unit(start, parent.end, f"{prefix} {place.text}", kind, level_class(place),
                     place.text if place.name else None, self.places.province_of(place))
            if place.name is None and place.level in WARD_LEVELS:
                u.collective = True
            return u
        u = Unit(start, parent.end, f"{prefix} {parent.value}", parent.kind if kind_from_parent else kind,
                 parent.level, parent.place, parent.province, collective=parent.collective)
        if parent.bracketed:
            u.more.append((parent.value, parent.place, parent.province))
        return u

    def owner_parent(self, prefix: str) -> Unit | None:
        """A procuracy department or Party body written without its parent on a procuracy's portal."""
        owner = self.owner
        if owner is None or owner.kind != "procuracy":
            return None
        if prefix.startswith(("Vụ", "Cục", "Viện")) and owner.level != "tối cao":
            return None
        if prefix.startswith("Phòng") and owner.level == "tối cao":
            return None
        return owner

    def title_parent(self, pos: int) -> Unit | None:
        """ "Bí thư Ban cán sự đảng, Viện trưởng VKSND tối cao": the unit after the positions that follow."""
        text = self.text
        if not re.match(r"[ \t]*,", text[pos:pos + 4]):
            return None
        stop = _CLAUSE_END.search(text, pos, min(len(text), pos + 160))
        limit = stop.start() if stop else min(len(text), pos + 160)
        last = pos
        position_words = lexicon().position_words
        for w in ANY_WORD.finditer(text, pos, limit):
            if w.start() < last:
                continue
            m = head_match(text, w.start())
            if m is None:
                continue
            words = re.findall(r"[^\W\d_]+", text[last:m.start()])
            if not words or any(w.casefold() not in position_words for w in words):
                return None  # "Đảng ủy, UBND xã X": a list of units; "..., ông A – Chủ tịch X": a person
            u = self.unit_at(m.start(), as_parent=True)
            if u is None:
                continue  # a position word that can start a head ("Thường trực")
            if u.collective:
                return None
            if u.kind in ("procuracy", "court", "government", "police") and u.level and not u.needs_parent:
                return u
            if u.kind not in ("party", "mass_org"):
                return None
            last = max(u.end, m.end())
        return None

    # ---- the scan -----------------------------------------------------------------------------------

    def run(self, found: list[Entity]) -> list[Entity]:
        text = self.text
        claimed = Spans.of(found)
        out: list[Entity] = []
        consumed = -1
        for start in self.heads:
            if start < consumed:
                continue
            m = head_match(text, start)
            if m is None or claimed.overlaps(m.start(), m.end()) or _in_code(text, m.start(), m.end()):
                continue
            u = self.unit_at(m.start())
            if u is None:
                continue
            consumed = max(consumed, u.end)
            before = text[max(0, m.start() - 12):m.start()]
            if _PLURAL_BEFORE.search(before) or _SOURCE_BEFORE.search(before):
                continue
            items = list(u.more) if u.collective else [(u.value, u.place, u.province), *u.more]
            if u.needs_parent or not u.value:
                items = list(u.more)
            for value, place, province in items:
                value = _tidy(value)
                out.append(Entity("UNIT", text[u.start:u.end], value, u.start, u.end, method="grammar",
                                  attrs={"kind": u.kind, "level": u.level, "place": place, "province": province,
                                         "unit_id": unit_id(value, province, u.level)}))
        return out


def _in_code(text: str, start: int, end: int) -> bool:
    """Is this word part of a document number or symbol ("QĐ-VKSTC", "UBND-NC", "/TB-VKS")?"""
    before = text[start - 1:start] if start else ""
    if before in ("/", "-") and start >= 2 and text[start - 2].isalnum():
        return True
    after = text[end:end + 2]
    return len(after) == 2 and after[0] in "/-" and (after[1].isupper() or after[1].isdigit())


def _tidy(value: str) -> str:
    value = squash(value)
    return value[0].upper() + value[1:] if value else value


def extract(text: str, context: Context, found: list[Entity]) -> list[Entity]:
    """Every UNIT in ``text`` (already normalised): one entity per mention, value per ENTITIES.md."""
    if not text:
        return []
    return Parser(text, context).run(found)

"""Readers of the UNIT heads named by their type and place: the central bodies, the procuracies and courts
(levels "tối cao", "cấp cao", "khu vực N", "cùng cấp", foreign states), the bodies placed in a province,
district or commune (police, people's committees and councils, the front, civil judgment enforcement),
lists of places, and the Party committees named after their place ("Tỉnh ủy Khánh Hòa").

Each reader is ``(parser, match of the head, head, as_parent) -> Unit | None`` (``HANDLERS``); the parser
(``unit_parser.py``) gives the text, the places mentioned and the shared pieces (places, parents, lists).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .places import (
    LIST_SEP,
    WARD_LEVELS,
    Place,
    bare_place,
    bare_province,
    gazetteer,
    level_class,
    parse_place,
    place_name,
    unknown_name,
)
from .unit_grammar import (
    HIGH_AT,
    NEEDS_PARENT,
    ROLE_AFTER,
    Unit,
)
from .unit_lexicon import Head, foreign_states, foreign_value
from .unit_text import END, SP, WS, name_key, squash

if TYPE_CHECKING:
    from .unit_parser import Parser


# pieces of the grammar used only here
_SUPREME = re.compile(SP + r"(?i:tối" + SP + r"cao)" + END + r"|[ \t]*TC" + END)
_HIGH = re.compile(SP + r"(?i:cấp" + SP + r"cao)" + END)
_HIGH_NUM = re.compile(r"[ \t]*([123])" + END)
_HIGH_PLACES = {"hà nội": "Hà Nội", "đà nẵng": "Đà Nẵng", "hồ chí minh": "thành phố Hồ Chí Minh"}
_HIGH_BY_NUM = {"1": "Hà Nội", "2": "Đà Nẵng", "3": "thành phố Hồ Chí Minh"}
_AREA = re.compile(SP + r"(?i:khu" + SP + r"vực)" + SP + r"(\d+)" + END)
_AREA_PROVINCE_SEP = re.compile(r"[ \t]*[-,–][ \t]*|" + SP)
_SAME_LEVEL = re.compile(SP + r"(?i:cùng" + SP + r"cấp)" + END)
# "hai cấp", "các cấp", "cấp huyện" ...: many units or none in particular
_COLLECTIVE = re.compile(
    SP + r"(?i:(?:hai|2|ba|3|các|cùng|mọi)" + SP + r"cấp|cấp" + SP + r"(?:tỉnh|huyện|xã|trên|dưới|cơ" + SP
    + r"sở|có" + SP + r"thẩm" + SP + r"quyền|trung" + SP + r"ương)|các" + SP + r"(?:tỉnh|huyện|quận|xã|"
    + r"phường|địa|đơn|nước|thành" + SP + r"phố|thị)|địa" + SP + r"phương|những|nơi|đó|này|khác|trên" + SP
    + r"địa" + SP + r"bàn|trong" + SP + r"tỉnh|trong" + SP + r"cả" + SP + r"nước|toàn" + SP + r"quốc)"
    + END)
# "VKSND các tỉnh, thành phố: Hà Nội, Hải Phòng ...": the list names the units
_PLURAL_LIST = re.compile(SP + r"(?i:các" + SP + r"(?P<pl>tỉnh|huyện|xã|phường))(?:[ \t]*,[ \t]*(?i:thành" + SP
                          + r"phố|thị" + SP + r"xã|quận|thị" + SP + r"trấn|phường))*(?:[ \t]+(?:như|là|gồm))?"
                          + r"[ \t]*:?[ \t]*(?=[^\W\d_])")
_MILITARY_TAIL = re.compile(
    SP + r"(?:(?i:trung" + SP + r"ương)|(?i:khu" + SP + r"vực)(?:" + SP + r"\d+)?(?:(?:" + SP + r"|[ \t]*/[ \t]*)"
    + r"(?:Quân" + SP + r"khu|Quân" + SP + r"đoàn|Quân" + SP + r"chủng)" + SP + r"[^\W_]+)?|(?:Quân" + SP
    + r"khu|Quân" + SP + r"đoàn)" + SP + r"\d+|Quân" + SP + r"chủng" + SP + r"[A-ZĐ][^\W_]*(?:" + SP
    + r"[A-ZĐ][^\W_]*)*|Thủ" + SP + r"đô" + SP + r"Hà" + SP + r"Nội)" + END)
_MILITARY_NAME = re.compile(SP + r"(?:\d+|[A-ZĐ][^\W_]*(?:[ \t]*-[ \t]*|" + SP + r")?(?:[A-ZĐ][^\W_]*)?)" + END)


def _h_team(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    """ "Đoàn Thanh tra VKSND tỉnh X": the team is no unit; the unit after it is read on its own."""
    return Unit(m.start(), m.end(), "", head.kind, collective=True)


def _h_blocker(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    end = m.end()
    w = WS.match(parser.text, end)
    p = parse_place(parser.text, w.end(), allow_generic=False) if w else None
    return Unit(m.start(), p.end if p else end, "", head.kind, collective=True)


def _h_central(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    end = m.end()
    if head.canonical == "Chính phủ" and re.match(r"[ \t]+(?:điện[ \t]+tử|số)" + END, parser.text[end:end + 12]):
        return None  # "Chính phủ điện tử", "Chính phủ số": a programme, not the body
    if head.canonical == "Trung ương Đảng" and re.search(r"(?<![^\W_])Bí[ \t]+thư[ \t]+$",
                                                         parser.text[max(0, m.start() - 10):m.start()]):
        return None  # "Bí thư Trung ương Đảng": a position
    if head.canonical == "Ban Bí thư":
        tw = re.match(SP + r"Trung" + SP + r"ương(?:" + SP + r"Đảng)?" + END, parser.text[end:end + 24])
        end += tw.end() if tw else 0
    if head.canonical.startswith("Trường Đào tạo"):
        at = HIGH_AT.match(parser.text, end)
        p = (parse_place(parser.text, at.end(), allow_generic=False) or bare_province(parser.text, at.end())) \
            if at else None
        if p is not None and p.name == "Hồ Chí Minh":
            return Unit(m.start(), p.end, f"{head.canonical} tại thành phố Hồ Chí Minh", head.kind, "trung ương")
    u = Unit(m.start(), end, head.canonical, head.kind, "trung ương")
    if " thuộc " in head.canonical:  # "Ban Công tác đại biểu thuộc Ủy ban Thường vụ Quốc hội"
        u.more.append((head.canonical.split(" thuộc ", 1)[1], None, None))
    return u


def _h_supreme(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    return Unit(m.start(), m.end(), f"{head.canonical} tối cao", head.kind, "tối cao")


def _h_high(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    return _high_rest(parser, m.start(), m.end(), head)


def _high_rest(parser: Parser, start: int, pos: int, head: Head) -> Unit:
    """After "cấp cao": "tại Hà Nội", "tại Đà Nẵng", "tại TP Hồ Chí Minh", a number; else the owner's."""
    text = parser.text
    n = _HIGH_NUM.match(text, pos)
    if n:
        return Unit(start, n.end(), f"{head.canonical} cấp cao tại {_HIGH_BY_NUM[n.group(1)]}",
                    head.kind, "cấp cao")
    at = HIGH_AT.match(text, pos)
    if at:
        p = parse_place(text, at.end(), allow_generic=False) or bare_province(text, at.end())
        if p is not None and p.name and name_key(p.name) in _HIGH_PLACES:
            return Unit(start, p.end, f"{head.canonical} cấp cao tại {_HIGH_PLACES[name_key(p.name)]}",
                        head.kind, "cấp cao")
    owner = parser.owner
    if owner is not None and owner.level == "cấp cao" and owner.value.startswith(head.canonical):
        return Unit(start, pos, owner.value, head.kind, "cấp cao")
    return Unit(start, pos, f"{head.canonical} cấp cao", head.kind, "cấp cao", collective=True)


def _h_military(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    t = _MILITARY_TAIL.match(parser.text, m.end())
    if not t:
        return None
    tail = re.sub(r"[ \t]*/[ \t]*", " ", squash(t.group()))
    if tail.casefold() == "trung ương":
        tail = "trung ương"
    return Unit(m.start(), t.end(), f"{head.canonical} {tail}", head.kind, "quân sự")


def _h_military_fixed(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    value = squash(m.group())
    return Unit(m.start(), m.end(), value[0].upper() + value[1:], head.kind, "quân sự")


def _h_military_unit(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    t = _MILITARY_NAME.match(parser.text, m.end())
    if not t:
        return None
    return Unit(m.start(), t.end(), squash(parser.text[m.start():t.end()]), head.kind, "quân sự")


def _h_court_like_short(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    """ "Viện kiểm sát", "VKS", "Tòa án": a unit only with a level or a place after it."""
    u = _h_court_like(parser, m, head, as_parent)
    if u is None or u.collective:
        return u
    return None if u.needs_parent else u


def _h_court_like(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    text, start = parser.text, m.start()
    pos = parser.skip_abbr(m.end())
    same = _SAME_LEVEL.match(text, pos)
    if same:  # "Tòa án cùng cấp": the level and place of the procuracy just named, and vice versa
        other = NEEDS_PARENT[1] if head.canonical == NEEDS_PARENT[0] else NEEDS_PARENT[0]
        where = parser.counterpart.get(other)
        if where is None:
            return Unit(start, same.end(), head.canonical, head.kind, collective=True)
        return Unit(start, same.end(), f"{head.canonical} {where}", head.kind, "cùng cấp")
    pl = _PLURAL_LIST.match(text, pos)
    if pl:
        return _plural_list(parser, start, pl, head.canonical, head.kind)
    if _COLLECTIVE.match(text, pos):
        return Unit(start, pos, head.canonical, head.kind, collective=True)
    s = _SUPREME.match(text, pos)
    if s:
        value, end = f"{head.canonical} tối cao", s.end()
        foreign_full, foreign_short = foreign_states()
        f = foreign_full.match(text, end) or foreign_short.match(text, end)
        if f:
            name = foreign_value(f.group())
            value, end = f"{value} {'Lào' if name.endswith(' Lào') else name}", f.end()
        return Unit(start, end, value, head.kind, "tối cao")
    h = _HIGH.match(text, pos)
    if h:
        return _high_rest(parser, start, h.end(), head)
    a = _AREA.match(text, pos)
    if a:
        return _area(parser, start, a, head)
    f = foreign_states()[0].match(text, pos)
    if f:
        return Unit(start, f.end(), f"{head.canonical} {foreign_value(f.group())}", head.kind, "nước ngoài")
    u = parser.place_after(start, pos, head, as_parent)
    if u is not None:
        return u
    shared = parser.shared_place(pos)
    if shared is not None:
        return Unit(start, pos, f"{head.canonical} {shared.place}", head.kind, shared.level, shared.place,
                    shared.province)
    return Unit(start, pos, head.canonical, head.kind, needs_parent=True)


def _plural_list(parser: Parser, start: int, pl: re.Match, canonical: str, kind: str) -> Unit:
    """ "VKSND các tỉnh, thành phố: Hà Nội, Hải Phòng và Nam Định": one unit per place named."""
    text = parser.text
    word = pl.group("pl").casefold()
    like = Place(word, "x", -1, -1, word == "tỉnh")
    u = Unit(start, pl.end(), canonical, kind, level_class(like), collective=True)
    pos = pl.end()
    first = True
    g = gazetteer()
    while True:
        if not first:
            sep = LIST_SEP.match(text, pos)
            if not sep:
                break
            pos = sep.end()
        p = parse_place(text, pos, allow_generic=False)
        if p is not None and level_class(p) != level_class(like):
            p = None
        if p is None:
            p = bare_place(text, pos, like)
            if p is None and like.level in WARD_LEVELS:
                found = unknown_name(text, pos, 3)
                p = Place(like.level, found[0], pos, found[1]) if found else None
        if p is None:
            break
        parser.places.add(p)
        if like.province_level and p.level not in ("tỉnh", "thành phố"):
            p.level = g.province_type.get(name_key(p.name), "tỉnh")
        u.more.append((f"{canonical} {p.text}", p.text, p.name if like.province_level else None))
        like = Place(like.level, "x", -1, -1, like.province_level)
        u.end = pos = p.end
        first = False
    return u


def _h_area_only(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    """ "Phòng THADS khu vực 2 - Khánh Hòa": a unit only with its khu vực."""
    a = _AREA.match(parser.text, m.end())
    return _area(parser, m.start(), a, head) if a else None


def _area(parser: Parser, start: int, a: re.Match, head: Head) -> Unit:
    """ "khu vực N" with its province ("- Gia Lai", "tỉnh Gia Lai"), else the nearest/owner's province."""
    text = parser.text
    end = a.end()
    province: Place | None = None
    sep = _AREA_PROVINCE_SEP.match(text, end)
    if sep:
        p = parse_place(text, sep.end(), allow_generic=False)
        if p is not None and p.province_level:
            province = p
        elif p is None:
            province = bare_province(text, sep.end())
        if province is not None:
            end = province.end
            parser.places.add(province)
    if province is None:
        province = parser.places.resolve_province(start)
    value = f"{head.canonical} khu vực {a.group(1)}"
    if province is not None:
        value += f" {province.text}"
    return Unit(start, end, value, head.kind, "khu vực", province.text if province else None,
                province.name if province else None)


def _h_placed(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    """ "Công an huyện X", "UBND tỉnh", "Cục THADS tỉnh Y", "MTTQ huyện Z", "Công an Hà Nội"."""
    text, start = parser.text, m.start()
    pos = parser.skip_abbr(m.end())
    strict = head.handler == "placed_strict" or m.group() == "CA"
    if head.canonical == "Công an" and re.match(SP + r"(?i:nhân" + SP + r"dân)", text[pos:pos + 12]):
        return None  # "Công an nhân dân": the force as a whole
    pl = _PLURAL_LIST.match(text, pos)
    if pl:
        return _plural_list(parser, start, pl, head.canonical, head.kind)
    same = _SAME_LEVEL.match(text, pos)
    if same:  # "Chi cục THADS cùng cấp", "UBND cùng cấp": the place of the procuracy just named
        where = parser.counterpart.get("place")
        if where is None:
            return Unit(start, same.end(), head.canonical, head.kind, collective=True)
        return Unit(start, same.end(), f"{head.canonical} {where}", head.kind, "cùng cấp", where)
    if _COLLECTIVE.match(text, pos):
        return Unit(start, pos, head.canonical, head.kind, collective=True)
    u = parser.place_after(start, pos, head, as_parent, bare=not strict)
    if u is None and not strict:
        shared = parser.shared_place(pos)
        if shared is not None:
            return Unit(start, pos, f"{head.canonical} {shared.place}", head.kind, shared.level, shared.place,
                        shared.province)
    return u


def _h_placed_strict(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    u = _h_placed(parser, m, head, as_parent)
    if u is not None and not u.collective and u.place is None and u.level != "tỉnh":
        return None  # "thi hành án dân sự huyện": the activity, not the 2025 provincial body
    return u


def _h_place_only(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    """A lower-case unit type ("cơ quan điều tra huyện X"): a unit only with a named place."""
    u = parser.place_after(m.start(), m.end(), head, as_parent, bare=False)
    return u if u is not None and u.place else None


def _h_mttq(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    vn = m.group("vn1") if head.canonical.startswith("Ủy ban") else m.group("vn2")
    canonical = head.canonical + (" Việt Nam" if vn else "")
    u = _h_placed(parser, m, Head(canonical, "placed", head.kind), as_parent)
    if u is None and vn and head.canonical == "Mặt trận Tổ quốc":
        return Unit(m.start(), m.end(), "Mặt trận Tổ quốc Việt Nam", head.kind, "trung ương")
    return u


def _h_committee(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    """ "Tỉnh ủy Khánh Hòa", "Huyện ủy Cam Lâm", "Quận ủy Quận 8", "Thành đoàn Bắc Ninh", "Tỉnh ủy"."""
    text, start, pos = parser.text, m.start(), m.end()
    if ROLE_AFTER.match(text, pos):
        return None
    canonical = head.canonical
    level = {"Tỉnh": "tỉnh", "Thành": "thành phố", "Huyện": "huyện", "Quận": "quận", "Thị": "thị xã"}[
        canonical.split(" ")[0]]
    g = gazetteer()
    w = WS.match(text, pos)
    at = w.end() if w and w.end() > pos else None
    name: str | None = None
    end = pos
    place: Place | None = None
    if at is not None:
        p = parse_place(text, at, allow_generic=False)
        if p is not None and p.name and level_class(p) != "xã":
            # "Quận ủy Quận 8", "Thành ủy Thành phố Hồ Chí Minh": the level word is part of the name
            name, end, place = squash(text[at:p.end]), p.end, p
            if p.name == "Hồ Chí Minh":
                name = "Thành phố Hồ Chí Minh" if p.level == "thành phố" else name
        else:
            # "Thành ủy X" names a city only: no fall-back on the provinces that are no city
            found = place_name(text, at, level, 3, province_fallback=False)
            if found:
                name, end, _ = found
                pl = level == "tỉnh" or g.province_type.get(name_key(name)) == "thành phố"
                place = Place(level, name, at, end, pl)
    if name is None:
        # "Huyện ủy, HĐND, UBND huyện X": the place the list shares, else the nearest earlier one
        shared = parser.shared_place(pos)
        place = None
        if shared is not None and shared.place and shared.place.startswith(level + " "):
            place = parse_place(shared.place, 0, allow_generic=False)
        place = place or parser.places.resolve(level, start)
        if place is None and level == "thành phố":
            hit = parser.places.nearest(start, lambda p: p.province_level and p.level == "thành phố")
            place = hit
        if place is not None:
            name = place.name
    elif place is not None:
        parser.places.add(place)
    value = f"{canonical} {name}" if name else canonical
    cls = "tỉnh" if level == "tỉnh" or (place is not None and place.province_level) else "huyện"
    return Unit(start, end, value, head.kind, cls, place.text if place else None,
                parser.places.province_of(place))


# the reader of each handler named in the lexicon
HANDLERS = {
    "team": _h_team,
    "blocker": _h_blocker,
    "central": _h_central,
    "supreme": _h_supreme,
    "high": _h_high,
    "military": _h_military,
    "military_fixed": _h_military_fixed,
    "military_unit": _h_military_unit,
    "court_like_short": _h_court_like_short,
    "court_like": _h_court_like,
    "area_only": _h_area_only,
    "placed": _h_placed,
    "placed_strict": _h_placed_strict,
    "place_only": _h_place_only,
    "mttq": _h_mttq,
    "committee": _h_committee,
}

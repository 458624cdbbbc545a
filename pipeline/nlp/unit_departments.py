"""Readers of the UNIT heads of units inside another: Party and mass-organisation bodies ("Đảng ủy", "Chi
bộ", "Ban Thường vụ", "Đoàn Thanh niên"), blocs ("Đảng ủy Khối ..."), and departments ("Phòng 7", "Vụ Tổ
chức cán bộ", "Văn phòng", "Sở Tư pháp"), each with its parent (a unit, a place, the positions written
before it, or the portal's owner), and named places ("Trại giam Xuân Phước").

Each reader is ``(parser, match of the head, head, as_parent) -> Unit | None`` (``HANDLERS``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .places import (
    bare_province,
    level_class,
    parse_place,
    unknown_name,
)
from .unit_grammar import (
    HIGH_AT,
    PAREN,
    PARENT_SEP,
    ROLE_AFTER,
    Unit,
)
from .unit_lexicon import Head, head_match, lexicon
from .unit_text import END, SP, WS, name_key, squash

if TYPE_CHECKING:
    from .unit_parser import Parser


# pieces of the grammar used only here
_NUMBERS = re.compile(r"[ \t]+(\d+(?:[ \t]*(?:,|và)[ \t]*\d+(?![\d/.]))*)(?![^\W_]|[/.]\d)")
_ROMAN = re.compile(r"[ \t]+([IVX]+)" + END)
_SPP_SEAT = re.compile(SP + r"(?:tại|ở)" + SP + r"(?:phía" + SP + r"(?:Nam|Bắc)|miền" + SP
                       + r"(?:Nam|Trung|Bắc))" + END)
_BLOC = re.compile(SP + r"(?:[Kk]hối)" + END)
_SECTOR = re.compile(SP + r"ngành" + SP + r"(?:Kiểm" + SP + r"sát(?:" + SP + r"nhân" + SP + r"dân)?|Tòa"
                     + SP + r"án(?:" + SP + r"nhân" + SP + r"dân)?|Tư" + SP + r"pháp|Công" + SP + r"an)" + END,
                     re.I)
_FUSED_ROLE = re.compile(r"(?i:(?<![^\W_])chánh[ \t]+)$")  # "Chánh Văn phòng", "Chánh Thanh tra": a person
_HEAD_OF = re.compile(r"(?i:(?<![^\W_])trưởng[ \t]+)$")  # "Trưởng phòng ...", "Trưởng ban ..."
_TITLE_BEFORE = re.compile(r"(?i:(?<![^\W_])(?:trưởng|thư|nhiệm|tịch|đốc|phó|tướng)[ \t]+)$")
_NAME_WORD = re.compile(r"[ \t]+([^\W_]+(?:-[^\W_]+)*)")


def _h_sub(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    pos = parser.skip_abbr(m.end())
    parent = parser.parent(pos, allow_comma=False, allow_place=False, allow_dash=True)
    if parent is None:
        parent = parser.title_parent(pos) if head.kind in ("party", "mass_org") else None
        if parent is None:
            return None
        u = parser.attach(m.start(), head.canonical, head.kind, parent, kind_from_parent=False)
        u.end = pos
        return u
    return parser.attach(m.start(), head.canonical, head.kind, parent, kind_from_parent=False)


def _h_sub_or_place(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    text, start, pos = parser.text, m.start(), m.end()
    prefix = head.canonical
    b = _BLOC.match(text, pos)
    if b and prefix.startswith(("Chi đoàn", "Đoàn", "Chi bộ")):
        return _bloc(parser, start, prefix + " " + text[b.start():b.end()].strip(), b.end(), head.kind)
    if prefix.startswith("Hội đồng"):
        s = _SECTOR.match(text, pos)
        if s:  # "Hội đồng Thi đua - Khen thưởng ngành Kiểm sát nhân dân"
            return Unit(start, s.end(), f"{prefix} {squash(s.group())}", head.kind, "trung ương")
    if prefix.startswith(("Hội Liên hiệp", "Hội Cựu", "Hội Nông", "Hội Luật")):
        vn = re.match(SP + r"Việt" + SP + r"Nam" + END, text[pos:pos + 12])
        if vn:
            return Unit(start, pos + vn.end(), f"{prefix} Việt Nam", head.kind, "trung ương")
    pos = parser.skip_abbr(pos)
    parent = parser.parent(pos, allow_comma=False, allow_place=True, allow_dash=True)
    if parent is None:
        parent = parser.title_parent(pos) if head.kind in ("party", "mass_org") else None
        if parent is None:
            return None
        u = parser.attach(start, prefix, head.kind, parent, kind_from_parent=False)
        u.end = pos
        return u
    return parser.attach(start, prefix, head.kind, parent, kind_from_parent=False)


def _h_sub_or_name(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    u = _h_sub(parser, m, head, as_parent)
    return u if u is not None else _h_name(parser, m, head, as_parent)


def _h_name(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    """ "Trại giam Xuân Phước", "Đồn Biên phòng Bình Minh": a proper name after the type word."""
    w = WS.match(parser.text, m.end())
    if not w or w.end() == m.end():
        return None
    found = unknown_name(parser.text, w.end())
    if not found:
        return None
    return Unit(m.start(), found[1], f"{head.canonical} {found[0]}", head.kind)


def _bloc(parser: Parser, start: int, prefix: str, pos: int, kind: str) -> Unit | None:
    """ "Đảng ủy Khối các cơ quan tỉnh X", "Đoàn khối Dân Đảng huyện Y": words up to the place."""
    text = parser.text
    words_end = pos
    for _ in range(8):
        w = _NAME_WORD.match(text, words_end)
        if not w:
            break
        p = parse_place(text, w.start(1))
        if p is not None and (p.name or p.level == "tỉnh"):
            name = squash(text[pos:w.start()])
            place = parser.places.place_value(p, start)
            value = f"{prefix} {name} {place.text}" if name else f"{prefix} {place.text}"
            return Unit(start, p.end, value, kind, level_class(place), place.text if place.name else None,
                        parser.places.province_of(place))
        words_end = w.end()
    return None


def _h_bloc(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    return _bloc(parser, m.start(), head.canonical, m.end(), head.kind)


def _h_party_sub(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    """ "Đảng ủy VKSND tỉnh X", "Đảng bộ tỉnh Y", "Đảng ủy Khối ...", "Ban cán sự đảng VKSND tối cao";
    without a written parent: the unit after the positions that follow, else the portal's owner."""
    text, start, pos = parser.text, m.start(), m.end()
    if ROLE_AFTER.match(text, pos):
        return None
    b = _BLOC.match(text, pos)
    if b and head.canonical != "Ban cán sự đảng":
        u = _bloc(parser, start, head.canonical + " " + squash(b.group()), b.end(), head.kind)
        if u is not None:
            return u
    prefix = head.canonical
    if prefix == "Ban cán sự đảng" and re.search(r"Đảng$", m.group()):
        prefix = "Ban cán sự Đảng"
    parent = parser.parent(pos, allow_comma=False, allow_place=head.canonical != "Ban cán sự đảng")
    if parent is not None:
        return parser.attach(start, prefix, head.kind, parent, kind_from_parent=False)
    parent = parser.title_parent(pos) or parser.shared_place(pos, any_level=True)
    if parent is None and head.canonical != "Đảng bộ":
        parent = parser.owner_parent(head.canonical)
    if parent is None:
        return None
    u = parser.attach(start, prefix, head.kind, parent, kind_from_parent=False)
    u.end = pos  # the parent was not written here: the mention is the head alone
    return u


def _h_board(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    """ "Ban Thường vụ Tỉnh ủy X", "Thường trực HĐND tỉnh", "Ban Chấp hành Đoàn ...", "Ủy ban Kiểm tra"."""
    text, start, pos = parser.text, m.start(), m.end()
    prefix = head.canonical
    written = squash(m.group())
    if prefix in ("Ban Thường vụ", "Ban Chấp hành", "Thường trực", "Ban Tuyên giáo") and not written.isupper():
        prefix = written[0].upper() + written[1:]
    if prefix == "Thường trực" and _TITLE_BEFORE.search(text[max(0, start - 12):start]):
        return None  # "Phó Bí thư Thường trực", "Phó Viện trưởng Thường trực": part of a position
    parent = parser.parent(pos, allow_comma=False, allow_place=head.canonical != "Thường trực")
    if parent is None:
        if head.canonical == "Ban Chấp hành":
            w = WS.match(text, pos)
            d = re.compile(r"Đoàn" + END).match(text, w.end()) if w else None
            if d:  # "Ban Chấp hành Đoàn Cơ quan X": the youth union of a named body
                found = unknown_name(text, WS.match(text, d.end()).end())
                if found:
                    return Unit(start, found[1], f"{prefix} Đoàn {found[0]}", "mass_org")
        return None
    if isinstance(parent, Unit) and parent.kind not in ("party", "mass_org") and head.canonical in (
            "Ban Nội chính", "Ban Tổ chức", "Ban Tuyên giáo", "Ban Dân vận"):
        return None
    return parser.attach(start, prefix, head.kind, parent, kind_from_parent=False)


def _h_board_lower(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    """ "Trưởng ban Tổ chức Thành ủy X": the board, kept only with its parent."""
    written = squash(m.group())
    prefix = "B" + written[1:]
    parent = parser.parent(m.end(), allow_comma=False, allow_place=False)
    if not isinstance(parent, Unit) or parent.kind not in ("party", "mass_org"):
        return None
    return parser.attach(m.start(), prefix, head.kind, parent, kind_from_parent=False)


def _h_department_fixed(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    """ "Viện Khoa học kiểm sát [VKSND tối cao]"."""
    start, pos = m.start(), m.end()
    parent = parser.parent(pos, allow_comma=True, allow_place=False)
    if parent is None:
        owner = parser.owner_parent("Viện")
        if owner is None:
            return Unit(start, pos, head.canonical, head.kind)
        u = parser.attach(start, head.canonical, head.kind, owner, kind_from_parent=True)
        u.end = pos
        return u
    return parser.attach(start, head.canonical, head.kind, parent, kind_from_parent=True)


def _h_department(parser: Parser, m: re.Match, head: Head, as_parent: bool) -> Unit | None:
    """ "Phòng 7", "Vụ 3", "Văn phòng", "Thanh tra", "Vụ Tổ chức cán bộ", "Sở Tư pháp", "Phòng Tư pháp"
    and their parent ("VKSND tỉnh X", ", VKSND tối cao", "- Viện KSND thành phố Hà Nội", "huyện Y")."""
    text, start, pos = parser.text, m.start(), m.end()
    prefix = head.canonical
    before = text[max(0, start - 12):start]
    fused = bool(_FUSED_ROLE.search(before)) and prefix in ("Văn phòng", "Thanh tra")
    head_of = bool(_HEAD_OF.search(before)) and prefix == "Phòng"
    head_cap = head_of and m.group().startswith("P")
    numbers: list[str] = []
    name = ""
    end = pos
    n = _NUMBERS.match(text, pos) if prefix in ("Phòng", "Vụ", "Cục") else None
    if n:
        if head_of and not head_cap:
            return None  # "Trưởng phòng 7": a position
        numbers = [x for x in re.split(r"[ \t]*(?:,|và)[ \t]*", n.group(1)) if x]
        end = n.end()
    elif prefix == "Tổng cục":
        r = _ROMAN.match(text, pos)
        if r:
            numbers, end = [r.group(1)], r.end()
    if not numbers:
        got = _department_name(parser, pos, prefix)
        if got is not None:
            name, end = got
        elif prefix not in ("Văn phòng", "Thanh tra"):
            return None
    label = f"{prefix} {', '.join(numbers) if numbers else name}".strip()
    alias = re.match(r"[ \t]*\((?:" + prefix + r")[ \t]+\d+\)", text[end:end + 16]) if name else None
    if alias:
        end += alias.end()
    allow_place = prefix in ("Sở", "Phòng", "Thanh tra", "Cục", "Ban Chỉ đạo", "Trung tâm")
    parent = parser.parent(end, allow_comma=True, allow_place=allow_place)
    if isinstance(parent, Unit) and parent.kind in ("party", "mass_org") and prefix != "Văn phòng":
        parent = None
    if parent is None:
        if fused or (head_of and not head_cap) or prefix in ("Văn phòng", "Thanh tra", "Sở", "Tổng cục",
                                                             "Ban Chỉ đạo") and not name:
            return None
        known = bool(numbers) or _known_department(name)
        if not known or prefix in ("Sở", "Tổng cục", "Ban Chỉ đạo"):
            return None
        owner = parser.owner_parent(prefix)
        if owner is not None:
            u = parser.attach(start, label, owner.kind, owner, kind_from_parent=True)
            u.end = end
            if len(numbers) > 1 and not as_parent:
                _split(u, prefix, numbers, f" {owner.value}")
            return u
        if prefix in ("Vụ", "Cục", "Phòng") and not as_parent:
            u = Unit(start, end, label, "procuracy" if numbers else head.kind)
            if len(numbers) > 1:
                _split(u, prefix, numbers, "")
            return u
        return None
    u = parser.attach(start, label, head.kind, parent, kind_from_parent=True)
    if isinstance(parent, Unit) and parent.value.endswith("tối cao") and prefix == "Văn phòng":
        seat = _SPP_SEAT.match(text, u.end) or HIGH_AT.match(text, u.end)
        place = None
        if seat and not _SPP_SEAT.match(text, u.end):
            place = parse_place(text, seat.end(), allow_generic=False) or bare_province(text, seat.end())
        if seat and (place is not None or _SPP_SEAT.match(text, u.end)):
            where = place.text if place is not None and place.level == "thành phố" else (
                place.name if place is not None else squash(seat.group()).split(" ", 1)[1])
            u.value += f" tại {where}"
            u.end = place.end if place is not None else seat.end()
            return u
    if fused:
        return None
    if len(numbers) > 1 and not as_parent and isinstance(parent, Unit):
        _split(u, prefix, numbers, f" {parent.value}")
    return u


def _split(u: Unit, prefix: str, numbers: list[str], suffix: str) -> None:
    """ "Phòng 9, 10 VKSND tỉnh X": one unit per number."""
    u.value = f"{prefix} {numbers[0]}{suffix}"
    u.more = [(f"{prefix} {x}{suffix}", u.place, u.province) for x in numbers[1:]]


def _known_department(name: str) -> bool:
    return name_key(name) in lexicon().department_keys


def _department_name(parser: Parser, pos: int, prefix: str) -> tuple[str, int] | None:
    """The name of a department: a known one (names with commas), else words up to its parent."""
    text = parser.text
    w = WS.match(text, pos)
    if not w or w.end() == pos:
        return None
    at = w.end()
    wkey = name_key(text[at:at + 220])
    for dk in lexicon().department_keys:
        if wkey.startswith(dk) and (len(wkey) == len(dk) or not wkey[len(dk)].isalnum()):
            # walk the text over as many letters as the key has
            need = len(dk.replace(" ", ""))
            i, seen = at, 0
            while i < len(text) and seen < need:
                if not text[i].isspace() and text[i] != "-":
                    seen += 1
                i += 1
            return squash(text[at:i]), i
    # otherwise: words (no punctuation) up to something that can be the parent
    cur = pos
    last_end = None
    for count in range(14):
        nw = _NAME_WORD.match(text, cur)
        if not nw:
            break
        word, word_at = nw.group(1), nw.start(1)
        if count == 0 and (not word[0].isupper() and prefix != "Ban Chỉ đạo" or head_match(text, word_at)):
            return None
        if count > 0 and (head_match(text, word_at) or parse_place(text, word_at)):
            return squash(text[at:last_end]), last_end
        if count > 0 and word.casefold() in lexicon().department_stops:
            return None
        cur = last_end = nw.end()
        peek = cur
        while text[peek:peek + 1] in (" ", "\t"):
            peek += 1
        nxt = text[peek:peek + 1]
        if nxt == "(" or (nxt in (",", "-", "–") and peek == cur):
            if nxt == "(":
                pr = PAREN.match(text, cur)
                if pr and (head_match(text, WS.match(text, pr.end()).end())
                           or head_match(text, pr.start() + pr.group().index("(") + 1)):
                    return squash(text[at:cur]), cur
                return None
            sep = PARENT_SEP.match(text, cur)
            if sep and head_match(text, sep.end()):
                return squash(text[at:cur]), cur
            return None
        if text[cur:cur + 1] not in (" ", "\t"):
            return None
    return None


# the reader of each handler named in the lexicon
HANDLERS = {
    "sub": _h_sub,
    "sub_or_place": _h_sub_or_place,
    "sub_or_name": _h_sub_or_name,
    "name": _h_name,
    "bloc": _h_bloc,
    "party_sub": _h_party_sub,
    "board": _h_board,
    "board_lower": _h_board_lower,
    "department_fixed": _h_department_fixed,
    "department": _h_department,
}

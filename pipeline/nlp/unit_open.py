"""Open classes of organisation names: a head word, the unit's own name, then its parent or its place.

The unit grammar reads the bodies it knows by name or by a fixed head (procuracies, courts, police,
people's committees, Party committees ...). Departments, schools, newspapers, military and foreign bodies
form open classes that no list can hold, so they are read here by structure:

    head          specifier (the unit's own name)          [của | thuộc]  parent unit | place
    Vụ            Pháp luật hình sự - hành chính                           Bộ Tư pháp
    Hạt           Kiểm lâm                                                 huyện Sa Pa
    Đội           Cảnh sát điều tra tội phạm về ma túy                     Công an huyện Krông Pắc
    Báo           Lạng Sơn

The specifier starts with a capital letter or a number (or one of the head's few lower-case specifiers,
"Tòa phúc thẩm"), and runs until a parent unit found by the grammar, a place, punctuation, or a word of
running text (data/unit_open_classes.toml). A head with neither parent nor place is kept only where the
class is specific enough on its own (a newspaper, a school, a ministry's department).

This runs after the unit grammar: a head inside a unit the grammar already read is skipped, and a parent
the grammar read on its own is folded into the longer name (one mention, one value).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .base import Context, Entity
from .places import bare_province, parse_place
from .units_table import unit_id


@dataclass(frozen=True)
class _Classes:
    heads: re.Pattern  # the head words, longest first, at a word start
    kind: dict[str, str]
    alone: dict[str, bool]
    min_words: dict[str, int]  # words a specifier needs to stand without parent or place
    lower: dict[str, tuple[str, ...]]
    stops: frozenset[str]  # one- and two-word stops, case-folded
    not_after_head: frozenset[str]
    max_words: int
    syllables: frozenset[str]
    abbreviations: dict[str, str]
    bare: frozenset[str]  # heads that are a whole name without a specifier ("Bộ Chỉ huy" + its parent)


@cache
def _classes() -> _Classes:
    raw = tomllib.loads(resources.files(__package__).joinpath("data", "unit_open_classes.toml").read_text("utf-8"))
    kind: dict[str, str] = {}
    alone: dict[str, bool] = {}
    min_words: dict[str, int] = {}
    lower: dict[str, tuple[str, ...]] = {}
    for group in raw["head"]:
        for word in group["words"]:
            kind[word] = group["kind"]
            alone[word] = bool(group.get("alone", False))
            min_words[word] = int(group.get("min_words", 2))
            lower[word] = tuple(group.get("lower", ()))
    alternatives = "|".join(re.escape(w).replace(r"\ ", "[ ]+") for w in sorted(kind, key=len, reverse=True))
    heads = re.compile(rf"(?<![^\W_])(?P<head>{alternatives})(?=[ ]+\S)")
    return _Classes(heads, kind, alone, min_words, lower, frozenset(s.casefold() for s in raw["name"]["stops"]),
                    frozenset(s.casefold() for s in raw["name"]["not_after_head"]), int(raw["name"]["max_words"]),
                    frozenset(raw["name"]["name_syllables"].split()), dict(raw.get("abbreviations", {})),
                    frozenset(raw["name"].get("bare_heads", ())))


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\d+")
_ROMAN = re.compile(r"[IVXL]+(?![\w])")
_LINK = re.compile(r"[ ]+(?:(?:của|thuộc)[ ]+)?")
# "(nguồn: Báo X)", "Theo: Tạp chí Y": a credit names where the text comes from, not a unit acting in it
_CREDIT_BEFORE = re.compile(r"(?i:(?<![^\W_])(?:nguồn|theo|ảnh)[ \t]*:?[ \t]*)$")
# a capitalised word right before the head: the head is inside a proper name ("xã An Trường A")
_NAME_BEFORE = re.compile(r"(?<![^\W_])(?P<w>[A-ZĐÀ-Ỹ][^\W\d_]*)[ ]$")
# ... unless that word ends a position ("Trưởng Chi nhánh ...", "Phó Giám đốc Sở ...")
_TITLE_END = frozenset({"trưởng", "phó", "chánh", "tịch", "thư", "viên", "đốc", "nhiệm", "giám", "thủ", "tổng"})
_POSITION_BEFORE = re.compile(r"(?i:(?<![^\W_])(?:chánh|trưởng|phó|chỉ huy trưởng)[ ]+)$")
_JOIN = re.compile(r"[ ]+-[ ]+|[ ]*-[ ]*|[ ]+|,[ ]+(?=chống\b)")


def _two_words(text: str, pos: int) -> tuple[str, str]:
    """The word at ``pos`` and the two words from ``pos``, case-folded (for stop-word checks)."""
    m1 = _WORD.match(text, pos)
    if not m1:
        return "", ""
    w1 = m1.group().casefold()
    m2 = re.match(r"[ ]+([^\W\d_]+)", text[m1.end():])
    return w1, (w1 + " " + m2.group(1).casefold()) if m2 else w1

@dataclass
class _Read:
    value: str
    end: int
    head: str
    parent: Entity | None


def _expand(name: str, cls: _Classes) -> str:
    """The specifier with its abbreviations written out ("Chi nhánh TGPL số 3" -> "... Trợ giúp pháp lý số 3")."""
    return " ".join(cls.abbreviations.get(w, w) for w in re.sub(r"\s+", " ", name).strip().split(" "))


def _seat(text: str, pos: int):
    """A city named after "tại" at ``pos`` (the seat of a department of a central body), or None."""
    at = re.match(r"[ ]+tại[ ]+", text[pos:pos + 8])
    if at is None:
        return None
    where = bare_province(text, pos + at.end())
    return where if where is not None and where.name else None


def _read(text: str, start: int, starts: dict[int, Entity], cls: _Classes, depth: int = 0) -> _Read | None:
    """The open-class unit whose head is at ``start``: head, specifier, then parent or place (or nothing)."""
    m = cls.heads.match(text, start)
    if m is None:
        return None
    head = re.sub(r"[ ]+", " ", m.group("head"))
    at = re.match(r"[ ]+", text[m.end():])
    pos = m.end() + (at.end() if at else 0)
    if pos in starts:
        # a unit right after the head is its parent ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh X"), unless a position
        # ends just before the head: "Chánh Văn phòng VKSND tỉnh X" names a person's post, read by the grammar
        if head not in cls.bare or _POSITION_BEFORE.search(text, max(0, start - 12), start):
            return None
        parent = starts[pos]
        return _Read(f"{head} {parent.value}", parent.end, head, parent)
    first, first_two = _two_words(text, pos)
    if not first or first in cls.not_after_head or first_two in cls.not_after_head:
        return None
    token = _WORD.match(text, pos)
    lower_ok = next((s for s in cls.lower[head] if text.startswith(s, pos)), None)
    if not (token.group()[0].isupper() or token.group()[0].isdigit() or lower_ok):
        return None
    if len(token.group()) == 1 and token.group().isalpha() and not lower_ok:
        return None  # an initial ("Trường Đ."): an anonymised or abbreviated name, not a unit's
    # the specifier: words joined by spaces or dashes until a parent, a place, a stop or punctuation
    name_end, words = token.end(), 1
    if lower_ok:
        name_end, words = pos + len(lower_ok), len(lower_ok.split())
    clean_end, clean_words, clean = name_end, words, True  # the part a name alone may keep
    parent: Entity | None = None
    while words < cls.max_words:
        j = _JOIN.match(text, name_end)
        if not j:
            break
        nxt = j.end()
        link = _LINK.match(text, name_end)
        after_link = link.end() if link else nxt
        for at_parent in dict.fromkeys((nxt, after_link)):
            if at_parent in starts:  # a unit the grammar read: "Vụ Pháp chế Bộ Tư pháp"
                parent = starts[at_parent]
                break
            if depth < 3 and cls.heads.match(text, at_parent):  # an open-class parent: "Khoa Luật Trường ..."
                inner = _read(text, at_parent, starts, cls, depth + 1)
                if inner is not None:
                    parent = Entity("UNIT", text[at_parent:inner.end], inner.value, at_parent, inner.end)
                    break
        if parent is not None:
            break
        p = parse_place(text, nxt, allow_generic=False)
        if p is not None and p.name:
            return _Read(f"{_expand(text[start:name_end], cls)} {p.text}", p.end, head, None)
        one, two = _two_words(text, nxt)
        if one == "tại":  # "Viện ... tại Hà Nội", "Trường ... tại TP Hồ Chí Minh": where the unit sits, in its name
            at = re.match(r"tại[ ]+", text[nxt:])
            where = parse_place(text, nxt + at.end(), allow_generic=False) or bare_province(text, nxt + at.end())
            if where is not None and where.name:
                name_end, words = where.end, words + 2
                clean_end, clean_words = (name_end, words) if clean else (clean_end, clean_words)
                continue
        if not one or one in cls.stops or two in cls.stops:
            break
        if one == "và":  # "A và B": a second unit after "và" is a coordinate, not part of this name
            after = re.match(r"và[ ]+", text[nxt:])
            if after and (nxt + after.end() in starts or cls.heads.match(text, nxt + after.end())):
                break
        w = _WORD.match(text, nxt)
        if w is None:
            break
        name_end, words = w.end(), words + 1
        word = w.group()
        clean = clean and (word[0].isupper() or word[0].isdigit() or word.casefold() in cls.syllables)
        if clean:
            clean_end, clean_words = name_end, words
    name = _expand(text[start:name_end], cls)
    if parent is not None:
        seat = _seat(text, parent.end)  # "Tòa phúc thẩm TAND tối cao tại Đà Nẵng": where the department sits
        if seat is not None:
            return _Read(f"{name} {parent.value} tại {seat.name}", seat.end, head, parent)
        return _Read(f"{name} {parent.value}", parent.end, head, parent)
    # alone, a name must say enough: two words at least, then punctuation or a word of running text
    if cls.alone[head] and clean_words >= cls.min_words[head] and not re.match(r"[ ]*[^\W\d_]*\d",
                                                                              text[clean_end:clean_end + 4]):
        return _Read(_expand(text[start:clean_end], cls), clean_end, head, None)
    return None


def extract(text: str, context: Context, found: list[Entity]) -> list[Entity]:
    """UNIT mentions of the open classes that the unit grammar did not read (see the module docstring)."""
    cls = _classes()
    starts = {e.start: e for e in found if e.type == "UNIT"}
    covered = [(e.start, e.end) for e in found if e.type in ("UNIT", "DOCREF", "LAW")]
    out: list[Entity] = []
    for m in cls.heads.finditer(text):
        start = m.start()
        if any(s <= start < e for s, e in covered) or (out and start < out[-1].end):
            continue
        before = _NAME_BEFORE.search(text, max(0, start - 30), start)
        if (before and before.group("w").casefold() not in _TITLE_END) or _CREDIT_BEFORE.search(
                text, max(0, start - 12), start):
            continue
        r = _read(text, start, starts, cls)
        if r is None:
            continue
        kind = cls.kind[r.head]
        if r.parent is not None and r.head in ("Ban", "Phòng", "Văn phòng", "Đội", "Trung tâm"):
            kind = r.parent.attrs.get("kind", kind)  # a department is of its parent's kind
        # the id rule of the grammar's units (units_table.unit_id), with the parent's province and level
        pattrs = r.parent.attrs if r.parent is not None else {}
        out.append(Entity("UNIT", text[start:r.end], r.value, start, r.end, method="open_class",
                          attrs={"kind": kind, "head": r.head, "parent": r.parent.value if r.parent else None,
                                 "unit_id": unit_id(r.value, pattrs.get("province"), pattrs.get("level"))}))
    return out


def fold_parents(entities: list[Entity]) -> list[Entity]:
    """Drop a UNIT the grammar read on its own when an open-class name took it as its parent (one mention)."""
    outer = [e for e in entities if e.type == "UNIT" and e.method == "open_class"]
    inner = {id(e) for e in entities if e.type == "UNIT" and e.method != "open_class"
             for o in outer if o.start <= e.start and e.end <= o.end}
    return [e for e in entities if id(e) not in inner]

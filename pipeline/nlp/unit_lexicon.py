"""The UNIT lexicon: ``data/unit_lexicon.toml`` read and checked, and the table of unit heads built from it.

The data file holds the unique central bodies (``CENTRAL_UNITS``, name -> kind) and their canonical
spellings, the department names (``DEPARTMENT_NAMES``), the heads of units as phrase lists, and the word
lists of the grammar (name stops, position words, foreign states). This module turns the heads into one
regex per first word, so that the scan tries only the heads that can start at a word; the few heads that
are no plain phrase list are written here as regexes (``_CODE_REGEXES``), named from the data file.

Nothing is read or compiled at import: ``lexicon()`` and ``head_table()`` do it on first use, once.
``CENTRAL_UNITS`` and ``DEPARTMENT_NAMES`` are module attributes read the same way (PEP 562).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from .unit_text import END, SP, WORD, name_key, squash

KINDS = frozenset({"procuracy", "court", "police", "government", "party", "mass_org", "other"})
HANDLERS = frozenset({
    "area_only", "blocker", "bloc", "board", "board_lower", "central", "committee", "court_like",
    "court_like_short", "department", "department_fixed", "high", "military", "military_fixed", "military_unit",
    "mttq", "name", "party_sub", "place_only", "placed", "placed_strict", "sub", "sub_or_name", "sub_or_place",
    "supreme", "team",
})
_SPELLINGS = ("names", "exact", "any_case", "after_title")


@dataclass(frozen=True)
class Lexicon:
    central_units: Mapping[str, str]  # name -> kind
    central_values: Mapping[str, str]  # written variant -> canonical name
    department_names: tuple[str, ...]
    department_keys: tuple[str, ...]  # their lookup keys, longest first
    heads: tuple[dict[str, Any], ...]  # the [[head]] tables, in priority order
    name_stops: frozenset[str]
    department_stops: frozenset[str]
    position_words: frozenset[str]
    foreign_states: tuple[str, ...]


class LexiconError(ValueError):
    """The data file is not what the grammar needs (a typo in a handler or kind, an unknown regex ...)."""


@cache
def lexicon() -> Lexicon:
    """``data/unit_lexicon.toml``, read and checked once."""
    return checked(tomllib.loads(resources.files(__package__).joinpath("data", "unit_lexicon.toml").read_text("utf-8")))


def checked(raw: dict[str, Any]) -> Lexicon:
    """The lexicon of a parsed data file, or ``LexiconError`` saying what is wrong in it."""
    for name, kind in raw["central_units"].items():
        if kind not in KINDS:
            raise LexiconError(f"central unit {name!r}: unknown kind {kind!r}")
    for i, head in enumerate(raw["head"]):
        where = f"head {i + 1} ({head.get('canonical')!r})"
        unknown = set(head) - {"canonical", "handler", "kind", "regex", *_SPELLINGS}
        if unknown:
            raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
        if head.get("handler") not in HANDLERS or head.get("kind") not in KINDS or "canonical" not in head:
            raise LexiconError(f"{where}: needs a canonical, a known handler and a known kind")
        if ("regex" in head) == any(head.get(k) for k in _SPELLINGS):
            raise LexiconError(f"{where}: give either a regex or phrases ({', '.join(_SPELLINGS)})")
        if "regex" in head and head["regex"] not in _CODE_REGEXES:
            raise LexiconError(f"{where}: no regex {head['regex']!r} in unit_lexicon.py")
    words = raw["words"]
    names = tuple(words["department_names"])
    return Lexicon(
        central_units=MappingProxyType(dict(raw["central_units"])),
        central_values=MappingProxyType(dict(raw["central_values"])),
        department_names=names,
        department_keys=tuple(sorted({name_key(n) for n in names}, key=len, reverse=True)),
        heads=tuple(raw["head"]),
        name_stops=frozenset(words["name_stops"]),
        department_stops=frozenset(words["department_stops"]),
        position_words=frozenset(words["position_words"]),
        foreign_states=tuple(words["foreign_states"]),
    )


def __getattr__(name: str) -> Any:
    """``CENTRAL_UNITS`` and ``DEPARTMENT_NAMES``, read from the data file on first use."""
    if name == "CENTRAL_UNITS":
        return lexicon().central_units
    if name == "DEPARTMENT_NAMES":
        return lexicon().department_names
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def name_stops() -> frozenset[str]:
    """Words that end (or cannot start) an unknown place name."""
    return lexicon().name_stops


# --------------------------------------------------------------------------------------------------------
# heads


@dataclass(frozen=True)
class Head:
    canonical: str
    handler: str  # how what follows is read (the reader of that name in unit_parser.HANDLERS)
    kind: str


class _Regexes:
    """Builds head regexes and records the words each can start with (the scan looks a head up only after
    such a word): ``ci``/``any_case`` record their phrases' first words; ``add`` adds the words an
    alternation written by hand starts with, and files the head."""

    def __init__(self) -> None:
        self.heads: list[tuple[str, Head]] = []
        self.first: list[set[str]] = []
        self._pending: set[str] = set()

    def ci(self, phrase: str) -> str:
        """A regex for ``phrase``: first letter exact, the rest case-insensitive, any spacing between words."""
        self._pending.add(phrase.split(" ")[0].casefold())
        first, rest = phrase[0], phrase[1:]
        body = SP.join(re.escape(w) for w in rest.split(" "))
        return re.escape(first) + (f"(?i:{body})" if body else "")

    def c(self, *phrases: str) -> str:
        """Alternatives, each first letter exact and the rest case-insensitive (so "CHI ĐOÀN" matches too)."""
        return "|".join(self.ci(p) for p in phrases)

    def any_case(self, *phrases: str) -> str:
        """Alternatives in any case ("viện kiểm sát nhân dân", unambiguous even when written lower-case)."""
        self._pending.update(p.split(" ")[0].casefold() for p in phrases)
        return "|".join("(?i:" + SP.join(re.escape(w) for w in p.split(" ")) + ")" for p in phrases)

    def add(self, regex: str, head: Head) -> None:
        self.heads.append((regex, head))
        self.first.append(self._pending | _literal_first_words(regex))
        self._pending = set()


def _exact(phrase: str) -> str:
    return SP.join(re.escape(w) for w in phrase.split(" "))


def _literal_first_words(regex: str) -> set[str]:
    """The words a hand-written alternation starts with ("VKSNDTC|VKSTC|(?:Quân...)" -> vksndtc, vkstc, quân)."""
    out: set[str] = set()
    depth, start, parts, i = 0, 0, [], 0
    while i < len(regex):
        c = regex[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(regex[start:i])
            start = i + 1
        i += 1
    parts.append(regex[start:])
    for part in parts:
        if part.startswith("(?<="):  # a lookbehind: the word comes after it
            part = part[part.index(")") + 1:]
        if part.startswith(("(?:", "(?i:")):
            inner, depth = part[part.index(":") + 1:], 1
            for j, c in enumerate(inner):
                depth += {"(": 1, ")": -1}.get(c, 0)
                if depth == 0:
                    inner = inner[:j]
                    break
            out |= _literal_first_words(inner)
            continue
        m = re.match(r"[^\W\d_]+", part)
        if m:
            out.add(m.group().casefold())
    return out


# Heads that are no plain phrase list, named by the "regex" key of their [[head]] in the data file.
_CODE_REGEXES: dict[str, Callable[[_Regexes], str]] = {
    # "UBMTTQ", "Ủy ban MTTQ Việt Nam", "UBMTTQVN": the handler reads whether "Việt Nam" was written from
    # the named group (vn1 here, vn2 below: group names must differ within one combined regex)
    "front_committee": lambda r: "(?:" + r.c("Ủy ban Mặt trận Tổ quốc", "Ủy ban MTTQ") + r"|UBMTTQ)(?P<vn1>" + SP
    + r"Việt" + SP + r"Nam|" + SP + r"VN|VN)?",
    "front": lambda r: "(?:" + r.c("Mặt trận Tổ quốc") + r"|MTTQ)(?P<vn2>" + SP + r"Việt" + SP + r"Nam|" + SP
    + r"VN|VN)?",
    # "Hội đồng Thi đua - Khen thưởng", "Hội đồng Thi đua, khen thưởng": punctuation between the words
    "emulation_council": lambda r: r.ci("Hội đồng Thi đua") + r"(?:[ \t]*[-,][ \t]*|" + SP + r")(?i:khen" + SP
    + r"thưởng)",
    # "Trưởng ban Tổ chức Thành ủy X": lower-case "ban" only after "Trưởng" and before one of four boards
    "board_after_title": lambda r: r"(?<=rưởng )ban" + SP + r"(?:Tổ" + SP + r"chức|Nội" + SP + r"chính|Tuyên"
    + SP + r"giáo|Dân" + SP + r"vận)",
    # "Bộ Tư lệnh Quân khu 5", "Bộ Tư lệnh Quân đoàn 12": a number ends the name
    "army_command": lambda r: r.ci("Bộ Tư lệnh") + SP + r"(?:Quân" + SP + r"khu|Quân" + SP + r"đoàn)" + SP
    + r"\d+",
}


def _spelled(r: _Regexes, head: dict[str, Any]) -> str:
    """The regex of a [[head]] of the data file: its phrases, in the order names, exact, any_case, after_title."""
    if "regex" in head:
        return _CODE_REGEXES[head["regex"]](r)
    parts = []
    if head.get("names"):
        parts.append(r.c(*head["names"]))
    parts += [_exact(p) for p in head.get("exact", ())]
    if head.get("any_case"):
        parts.append(r.any_case(*head["any_case"]))
    parts += [r"(?<=rưởng )" + _exact(p) for p in head.get("after_title", ())]
    return "|".join(parts)


@dataclass(frozen=True)
class HeadTable:
    heads: tuple[tuple[str, Head], ...]  # (regex, head) in priority order
    by_group: Mapping[str, Head]  # "h<i>" (the group of head i in a combined regex) -> head
    by_first: Mapping[str, re.Pattern]  # a first word -> the regex of the heads that can start with it


@cache
def head_table() -> HeadTable:
    """Every head: the central units (longest first), then the [[head]] tables of the data file."""
    lex = lexicon()
    r = _Regexes()
    for name, kind in sorted(lex.central_units.items(), key=lambda kv: -len(kv[0])):
        rx = r.ci(name)
        if name.startswith("Ban "):  # "Trưởng ban Nội chính Trung ương": lower-case after a title
            rx += r"|(?<=rưởng )b" + r.ci(name)[1:]
        r.add(rx, Head(lex.central_values.get(name, name), "central", kind))
    for name, value in lex.central_values.items():
        if name not in lex.central_units:
            r.add(r.ci(name), Head(value, "central", "procuracy"))
    for head in lex.heads:
        r.add(_spelled(r, head), Head(head["canonical"], head["handler"], head["kind"]))

    # The scan looks at every word, and tries the heads only after a word that can start one: a regex of the
    # heads that start with that word (one alternation of all heads at every position would be slow).
    by_first: dict[str, list[int]] = {}
    for i, words in enumerate(r.first):
        for w in words:
            if len(w) > 1:
                by_first.setdefault(w, []).append(i)
    for w in ("ubmttq", "mttq"):  # "UBMTTQVN", "VKSNDCC2": one written word
        by_first[w + "vn"] = by_first[w]
    for w in ("vksndcc", "vkscc", "tandcc"):
        for d in "123":
            by_first[w + d] = by_first[w]
    compiled = {
        w: re.compile(r"(?<![^\W_])(?:" + "|".join(f"(?P<h{i}>{r.heads[i][0]})" for i in idx) + r")" + END)
        for w, idx in by_first.items()
    }
    return HeadTable(tuple(r.heads), MappingProxyType({f"h{i}": h for i, (_rx, h) in enumerate(r.heads)}),
                     MappingProxyType(compiled))


def head_match(text: str, pos: int) -> re.Match | None:
    """The head starting at ``pos``, if any."""
    w = WORD.match(text, pos)
    if not w:
        return None
    rx = head_table().by_first.get(w.group().casefold())
    return rx.match(text, pos) if rx is not None else None


def matched_head(m: re.Match) -> Head:
    """The head a match of ``head_match`` is of."""
    name = m.lastgroup
    if name is None or not name.startswith("h"):
        name = next(k for k, v in m.groupdict().items() if v is not None and k.startswith("h"))
    return head_table().by_group[name]


# --------------------------------------------------------------------------------------------------------
# foreign states


@cache
def foreign_states() -> tuple[re.Pattern, re.Pattern]:
    """(long official names, short names) of the foreign states whose procuracies appear in cooperation news
    ("VKSND nước CHDCND Lào", "VKSND tối cao Lào"). The long names stay a regex: optional words ("nước"),
    and an abbreviation in brackets inside the name."""
    laos = (r"(?:nước" + SP + r")?(?:Cộng" + SP + r"hòa" + SP + r"dân" + SP + r"chủ" + SP + r"nhân" + SP
            + r"dân(?:" + SP + r"\(CHDCND\))?|CHDCND)" + SP + r"Lào")
    full = re.compile(SP + r"(?i:" + laos + r"|(?:nước" + SP + r")?Cộng" + SP + r"hòa" + SP + r"nhân" + SP
                      + r"dân" + SP + r"Trung" + SP + r"Hoa|Vương" + SP + r"quốc" + SP + r"Campuchia)" + END)
    short = re.compile(SP + r"(?:" + "|".join(_exact(n) for n in lexicon().foreign_states) + r")" + END)
    return full, short


def foreign_value(written: str) -> str:
    """The value of a foreign state as written; Laos's long name in one spelling."""
    w = squash(written)
    if re.search(r"(?i)lào$", w) and re.search(r"(?i)cộng hòa|chdcnd", w):
        return "nước Cộng hòa dân chủ nhân dân Lào"
    return w

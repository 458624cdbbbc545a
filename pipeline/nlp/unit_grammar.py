"""The vocabulary of the UNIT grammar: what a unit read from the text is (``Unit``), and the few pieces
that more than one module of the grammar reads (a parent after a comma or dash, a name in brackets, "tại").
Pieces that one module alone reads are kept in that module.

The grammar itself is ``unit_parser.py`` (the core: places, lists, parents, the scan) with the readers of
each kind of head in ``unit_parts.py`` (bodies named by their type and place) and ``unit_departments.py``
(units inside another).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .unit_text import END, SP

# --------------------------------------------------------------------------------------------------------
# pieces of the grammar read by more than one module

HIGH_AT = re.compile(SP + r"(?:tại|ở)" + SP)
PARENT_SEP = re.compile(r"[ \t]*,[ \t]*|[ \t]*[-–][ \t]*|" + SP)
PAREN = re.compile(r"[ \t]*\([^()\n]{1,40}\)")
ROLE_AFTER = re.compile(r"[ \t]+viên" + END)  # "Tỉnh ủy viên", "Đảng ủy viên": a person
NEEDS_PARENT = ("Viện kiểm sát nhân dân", "Tòa án nhân dân")


# --------------------------------------------------------------------------------------------------------
# what is read

@dataclass
class Unit:
    start: int
    end: int
    value: str
    kind: str
    level: str | None = None
    place: str | None = None  # "tỉnh Khánh Hòa"
    province: str | None = None
    collective: bool = False  # "VKSND hai cấp": read so that its span is consumed, but not a unit
    needs_parent: bool = False  # "VKSND" alone: a parent only with a place, never a unit on its own
    bracketed: bool = False  # a parent written in brackets after its department: also a mention
    more: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # list items: value, place, prov

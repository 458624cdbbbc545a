"""Resolution of the place of a UNIT mention written without one ("Công an huyện", "VKSND tỉnh").

The place of the nearest earlier mention of the same level in the text; the province of the portal's owner
as a last resort (``owner_unit``); else the unit stays generic. ``Mentions`` keeps the places mentioned so
far in one text, in text order, and answers the province a district lies in.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from .base import Context
from .places import WARD_LEVELS, Place, gazetteer
from .unit_text import name_key

if TYPE_CHECKING:
    from .unit_grammar import Unit


def in_name(text: str, pos: int) -> bool:
    """Is the capitalised word at ``pos`` inside a longer proper name ("Phạm Ngọc Hòa Bình")?"""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or not text[i].isalnum():
        return False
    j = i
    while j >= 0 and text[j].isalnum():
        j -= 1
    if not text[j + 1].isupper():
        return False
    # a capitalised word after a sentence break ("Tại Bình Định") is the sentence's first word
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j >= 0 and text[j] not in ".!?:;\n\"“(-–"


class Mentions:
    """The places named in one text (sorted by start), and the portal's owner unit."""

    def __init__(self, text: str, mentions: list[tuple[int, Place]], owner: Unit | None):
        self.text = text
        self.mentions = mentions
        self.positions = [p for p, _ in mentions]
        self.owner = owner

    def add(self, place: Place) -> None:
        """A place just read (by the grammar): later mentions may take it."""
        if place.name is None or place.start < 0:
            return
        i = bisect.bisect_left(self.positions, place.start)
        self.positions.insert(i, place.start)
        self.mentions.insert(i, (place.start, place))

    def nearest(self, before: int, ok: Callable[[Place], bool]) -> Place | None:
        i = bisect.bisect_left(self.positions, before) - 1
        while i >= 0:
            p = self.mentions[i][1]
            if p.name and ok(p):
                return p
            i -= 1
        return None

    def resolve(self, level: str, before: int) -> Place | None:
        """ENTITIES.md's rule: the nearest earlier place of this level word; else, for a province-level
        mention on a provincial portal, the owner's province; else nothing (the mention stays generic)."""
        hit = self.nearest(before, lambda p: p.level == level)
        if hit is not None:
            return hit
        owner = self.owner
        if owner is not None and owner.province and owner.place and owner.place.startswith(level + " ") and (
                owner.level in ("tỉnh", "khu vực")):
            return Place(level, owner.province, -1, -1, True)
        return None  # ENTITIES.md: no earlier place and no owner's province -> the generic form

    def resolve_province(self, before: int) -> Place | None:
        """The nearest earlier province-level place, else the owner's province."""
        hit = self.nearest(before, lambda p: p.province_level)
        if hit is not None:
            return hit
        owner = self.owner
        if owner is not None and owner.province and owner.place:
            level = "thành phố" if owner.place.startswith("thành phố") else "tỉnh"
            return Place(level, owner.province, -1, -1, True)
        return None

    def place_value(self, place: Place, pos: int) -> Place:
        """A place with its name; a level word alone takes the nearest earlier one (or the owner's)."""
        if place.name:
            self.add(place)
            return place
        hit = self.resolve(place.level, pos)
        if hit is None:
            return place
        return Place(place.level, hit.name, place.start, place.end, hit.province_level)

    def province_of(self, place: Place | None) -> str | None:
        """The province of a place: itself, or the one province its district lies in (a district name used in
        several provinces takes the one the text or the owner names)."""
        if place is None or place.name is None:
            return None
        if place.province_level:
            return place.name
        if place.level in WARD_LEVELS:
            return None
        provinces = gazetteer().district_province.get(name_key(place.name))
        if not provinces:
            return None
        if len(provinces) == 1:
            return next(iter(provinces))
        near = self.resolve_province(place.start if place.start >= 0 else len(self.text))
        return near.name if near is not None and near.name in provinces else None


@cache
def owner_unit(owner: str | None) -> Unit | None:
    """The portal's owner unit, read with the same grammar."""
    if not owner:
        return None
    from .unit_parser import Parser  # the grammar builds on this module: imported when first needed

    p = Parser(owner, Context(), scan=False)
    return p.unit_at(0)

"""The table of units (``vks process`` writes it as ``units``): the gazetteer's provinces, districts and
communes with their procuracy, court, police, people's committee and council, the central bodies of the
lexicon, and predecessor/successor links across the 2025 reorganisation; and ``unit_id``, the id of a unit
name that the UNIT entities carry too.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from .places import LAST_DAY_BEFORE_MERGE, MERGE_DAY, PROVINCE_RENAMES, THADS_REFORM, raw_places
from .unit_lexicon import lexicon
from .unit_text import name_key

if TYPE_CHECKING:  # pandas is imported only by units_table()
    import pandas as pd


@cache
def slug(name: str) -> str:
    """A stable ASCII id for a unit name ("Viện kiểm sát nhân dân tỉnh Khánh Hòa" -> "vien-kiem-sat-...")."""
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")



_PROVINCE_BODIES = (
    ("Viện kiểm sát nhân dân", "procuracy"),
    ("Tòa án nhân dân", "court"),
    ("Công an", "police"),
    ("Ủy ban nhân dân", "government"),
    ("Hội đồng nhân dân", "government"),
)
_DISTRICT_BODIES = (  # (body, kind, last day)
    ("Viện kiểm sát nhân dân", "procuracy", LAST_DAY_BEFORE_MERGE),
    ("Tòa án nhân dân", "court", LAST_DAY_BEFORE_MERGE),
    ("Công an", "police", date(2025, 2, 28)),
    ("Ủy ban nhân dân", "government", LAST_DAY_BEFORE_MERGE),
    ("Hội đồng nhân dân", "government", LAST_DAY_BEFORE_MERGE),
    ("Chi cục Thi hành án dân sự", "government", date(2025, 2, 28)),
)


@cache
def _ambiguous_places() -> frozenset[str]:
    """Keys of district and commune names used in more than one province (their units need the province)."""
    raw = raw_places()
    seen: dict[str, set[str]] = {}
    for p in raw["provinces_until_2025"]:
        for _t, dname, _c, _wards in p["districts"]:
            seen.setdefault("d:" + name_key(dname), set()).add(p["name"])
    for p in raw["provinces_from_2025"]:
        for _t, wname in p["wards"]:
            seen.setdefault("w:" + name_key(wname), set()).add(p["name"])
    return frozenset(k for k, v in seen.items() if len(v) > 1)


def unit_id(name: str, province: str | None = None, level: str | None = None) -> str:
    """The canonical id of a unit: the slug of its name, with the province for a district or commune whose
    name repeats across provinces ("Viện kiểm sát nhân dân huyện Châu Thành" of Tiền Giang, of Bến Tre)."""
    base = slug(name)
    if province and level in ("huyện", "xã"):
        place = _PLACE_TAIL.search(name)
        if place is not None and (("d:" if level == "huyện" else "w:") + name_key(place.group(2))) in _ambiguous_places():
            return f"{base}--{slug(province)}"
    return base


_PLACE_TAIL = re.compile(r"(huyện|quận|thị xã|thành phố|xã|phường|thị trấn|đặc khu) (.+)$")


@cache
def _table_rows() -> tuple[dict[str, Any], ...]:
    raw = raw_places()
    rows: dict[str, dict[str, Any]] = {}

    def add(name: str, kind: str, level: str, province: str | None, valid_from: date | None = None,
            valid_to: date | None = None) -> str:
        uid = unit_id(name, province, level)
        row = rows.setdefault(uid, {"unit_id": uid, "name": name, "kind": kind, "level": level,
                                    "province": province, "valid_from": valid_from, "valid_to": valid_to,
                                    "predecessor": None, "successor": None})
        row["valid_from"] = row["valid_from"] or valid_from
        row["valid_to"] = row["valid_to"] or valid_to
        return uid

    def link(old: str, new: str) -> None:
        for uid, col, other in ((old, "successor", new), (new, "predecessor", old)):
            ids = [x for x in (rows[uid][col] or "").split(";") if x]
            if other not in ids:
                rows[uid][col] = ";".join([*ids, other])

    lex = lexicon()
    for name, kind in lex.central_units.items():
        if name not in lex.central_values:
            add(name, kind, "trung ương", None)
    add("Viện kiểm sát nhân dân tối cao", "procuracy", "tối cao", None)
    add("Tòa án nhân dân tối cao", "court", "tối cao", None)
    for city in ("Hà Nội", "Đà Nẵng", "thành phố Hồ Chí Minh"):
        add(f"Viện kiểm sát nhân dân cấp cao tại {city}", "procuracy", "cấp cao", None)
        add(f"Tòa án nhân dân cấp cao tại {city}", "court", "cấp cao", None)

    current = {p["name"]: p for p in raw["provinces_from_2025"]}
    # the 34 provinces from 1 July 2025; one that keeps the name of a merged province continues its units
    for p in raw["provinces_from_2025"]:
        place = f"{p['type']} {p['name']}"
        keeps_name = p["name"] in p["predecessors"]
        for body, kind in _PROVINCE_BODIES:
            add(f"{body} {place}", kind, "tỉnh", p["name"], None if keeps_name else MERGE_DAY)
        add(f"Thi hành án dân sự {place}", "government", "tỉnh", p["name"], THADS_REFORM)
        for wtype, wname in p["wards"]:
            for body, kind in (("Ủy ban nhân dân", "government"), ("Hội đồng nhân dân", "government"),
                               ("Công an", "police")):
                add(f"{body} {wtype} {wname}", kind, "xã", p["name"], MERGE_DAY)
    # the 63 provinces until 30 June 2025, their districts, and what succeeded them
    for p in raw["provinces_until_2025"]:
        place = f"{p['type']} {p['name']}"
        succ = p.get("successor")
        gone = succ is not None and succ != p["name"]
        new_place = f"{current[succ]['type']} {succ}" if succ else None
        for body, kind in _PROVINCE_BODIES:
            uid = add(f"{body} {place}", kind, "tỉnh", p["name"], valid_to=LAST_DAY_BEFORE_MERGE if gone else None)
            if gone and new_place:
                link(uid, add(f"{body} {new_place}", kind, "tỉnh", succ))
        cuc = add(f"Cục Thi hành án dân sự {place}", "government", "tỉnh", p["name"], None, date(2025, 2, 28))
        thads = add(f"Thi hành án dân sự {place}", "government", "tỉnh", p["name"], THADS_REFORM,
                    LAST_DAY_BEFORE_MERGE if gone else None)
        link(cuc, thads)
        if gone and new_place:
            link(thads, add(f"Thi hành án dân sự {new_place}", "government", "tỉnh", succ))
        for dtype, dname, _code, _wards in p["districts"]:
            for body, kind, last_day in _DISTRICT_BODIES:
                add(f"{body} {dtype} {dname}", kind, "huyện", p["name"], None, last_day)
    for old_type, old_name, new_type, new_name, day in PROVINCE_RENAMES:
        for body, kind in _PROVINCE_BODIES:
            old = add(f"{body} {old_type} {old_name}", kind, "tỉnh", old_name, None, day - timedelta(days=1))
            new = add(f"{body} {new_type} {new_name}", kind, "tỉnh", new_name)
            rows[new]["valid_from"] = day
            link(old, new)
    return tuple(rows.values())


def units_table() -> pd.DataFrame:
    """The gazetteer as a table: unit_id, name, kind, level, province, valid_from, valid_to (dates or None),
    predecessor, successor (unit ids; several joined by ";"). The procuracy, court, police, people's
    committee and council of every province (63 until 30 June 2025, 34 from 1 July 2025) and district, the
    civil judgment enforcement offices, the communes' committees, councils and police from 2025, and the
    central bodies of the lexicon. Built on first use."""
    import pandas as pd

    columns = ["unit_id", "name", "kind", "level", "province", "valid_from", "valid_to", "predecessor",
               "successor"]
    return pd.DataFrame(list(_table_rows()), columns=columns)

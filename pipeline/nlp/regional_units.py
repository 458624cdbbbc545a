"""Regional ("khu vực") procuracies and courts and the district-level units they took over on 1 July 2025.

Which former districts form each regional unit is a legal fact published per province; it is data, in
``data/regional_units.toml`` (see the comments there), filled only with memberships a published act states.
``load_regions`` reads and checks the file; ``regional_links`` gives, per region, its ``units`` row and the
links from each former district's procuracy or court to it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .places import MERGE_DAY, raw_places
from .unit_text import name_key
from .units_table import unit_id

BODIES = {"procuracy": "Viện kiểm sát nhân dân", "court": "Tòa án nhân dân"}
_BRACKETED = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")


@dataclass(frozen=True)
class Region:
    province: str  # a province from 1 July 2025
    kind: str  # procuracy | court
    number: int
    districts: tuple[tuple[str, str], ...]  # (old province, "level name") of the former districts
    source: str

    @property
    def name(self) -> str:
        ptype = _new_provinces()[self.province]["type"]
        return f"{BODIES[self.kind]} khu vực {self.number} {ptype} {self.province}"

    @property
    def unit_id(self) -> str:
        return unit_id(self.name, self.province, "khu vực")


@dataclass(frozen=True)
class RegionalLink:
    predecessor: str  # unit id of the former district's procuracy or court
    successor: str  # unit id of the regional one
    source: str


def default_path() -> Path:
    return Path(str(resources.files(__package__).joinpath("data", "regional_units.toml")))


@cache
def _new_provinces() -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in raw_places()["provinces_from_2025"]}


@cache
def _old_districts() -> dict[str, dict[str, tuple[str, str]]]:
    """old province -> key of "level name" and of "name" -> (level, name)."""
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for p in raw_places()["provinces_until_2025"]:
        keys = out.setdefault(p["name"], {})
        for dtype, dname, _code, _wards in p["districts"]:
            keys[name_key(f"{dtype} {dname}")] = (dtype, dname)
            keys.setdefault(name_key(dname), (dtype, dname))
    return out


def _find_district(written: str, province: str, where: str) -> tuple[str, str]:
    """(old province, "level name") of a former district of one of ``province``'s predecessors."""
    predecessors = _new_provinces()[province]["predecessors"]
    m = _BRACKETED.match(written)
    name, only = (m.group(1), m.group(2).strip()) if m else (written, None)
    if only is not None and only not in predecessors:
        raise ConfigError(f"{where}: {written!r}: {only!r} is not one of {province}'s former provinces "
                          f"({', '.join(predecessors)})")
    hits = [(old, _old_districts()[old][name_key(name)]) for old in predecessors
            if (only is None or old == only) and name_key(name) in _old_districts().get(old, {})]
    if not hits:
        raise ConfigError(f"{where}: {written!r} is no district of {', '.join(predecessors)} before 1 July 2025; "
                          "write it as the gazetteer does (\"huyện Vạn Ninh\")")
    if len(hits) > 1:
        raise ConfigError(f"{where}: {written!r} is a district of {' and '.join(h[0] for h in hits)}; "
                          f"add the old province in brackets: \"{name} ({hits[0][0]})\"")
    old, (dtype, dname) = hits[0]
    return old, f"{dtype} {dname}"


def load_regions(path: Path | str | None = None) -> list[Region]:
    """The regions of the data file, checked: a known province, kind and number, districts that existed in
    the province's predecessors (each in one region of a kind), and a source. Errors name the entry."""
    path = Path(path) if path is not None else default_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the regional units ({exc})") from exc
    entries = raw.get("region", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: `region` must be an array of tables ([[region]])")
    regions: list[Region] = []
    taken: dict[tuple[str, str, str], str] = {}
    for i, e in enumerate(entries, 1):
        where = f"{path}: region {i}"
        province, kind, number = e.get("province"), e.get("kind"), e.get("number")
        if province not in _new_provinces():
            raise ConfigError(f"{where}: province {province!r} is not a province from 1 July 2025")
        if kind not in BODIES:
            raise ConfigError(f"{where}: kind {kind!r}; use \"procuracy\" or \"court\"")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise ConfigError(f"{where}: number {number!r}; give N of \"khu vực N\" as a positive integer")
        source = e.get("source")
        if not isinstance(source, str) or not source.strip():
            raise ConfigError(f"{where}: no `source`; name the act that states this membership")
        written = e.get("districts")
        if not isinstance(written, list) or not written or not all(isinstance(d, str) for d in written):
            raise ConfigError(f"{where}: `districts` must be a non-empty list of names (\"huyện Vạn Ninh\")")
        where = f"{path}: region {i} ({kind} khu vực {number} {province})"
        districts = tuple(_find_district(d, province, where) for d in written)
        for old, district in districts:
            other = taken.setdefault((kind, old, district), f"khu vực {number} {province}")
            if other != f"khu vực {number} {province}":
                raise ConfigError(f"{where}: {district} ({old}) is already in {kind} {other}")
        regions.append(Region(province, kind, number, districts, source.strip()))
    return regions


def regional_links(regions: list[Region]) -> tuple[list[dict[str, Any]], list[RegionalLink]]:
    """The ``units`` rows of the regions and the links from the former districts' units to them."""
    rows: dict[str, dict[str, Any]] = {}
    links: list[RegionalLink] = []
    for r in regions:
        rows.setdefault(r.unit_id, {"unit_id": r.unit_id, "name": r.name, "kind": r.kind, "level": "khu vực",
                                    "province": r.province, "valid_from": MERGE_DAY, "valid_to": None,
                                    "predecessor": None, "successor": None})
        for old, district in r.districts:
            links.append(RegionalLink(unit_id(f"{BODIES[r.kind]} {district}", old, "huyện"), r.unit_id, r.source))
    return list(rows.values()), links

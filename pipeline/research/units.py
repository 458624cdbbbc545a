"""The ``units`` table as ``vks process`` writes it, and ``unit_links``, the evidence of its links.

Four sources, in this order:

1. ``gazetteer``: ``nlp.units_table`` (the provinces, districts and communes with their bodies, the central
   bodies, the 2025 province merges and renames);
2. ``regional_units``: the regional procuracies and courts of ``nlp/data/regional_units.toml`` and the
   former districts each took over (``nlp.regional_units``);
3. ``mention``: every unit the articles name that 1 and 2 lack (departments, Party and union branches of a
   body, regional units not in the data file, bodies of former communes, foreign bodies...), one row per id
   with the name, kind, level and province its mentions give most often. So every mention's id is a row;
4. ``article``: the links the articles state themselves (``research.succession``).

The id of a unit is the one its mentions carry (``attrs.unit_id``, see ``nlp.units_table.unit_id``):
the slug of its canonical name, plus ``--<province>`` for a district or commune whose name several provinces
use. A mention from before that attribute existed takes the slug of its value.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ..nlp.places import MERGE_DAY
from ..nlp.regional_units import load_regions, regional_links
from ..nlp.units_table import slug, units_table
from .succession import succession_links

UNIT_COLUMNS = ["unit_id", "name", "kind", "level", "province", "valid_from", "valid_to", "predecessor",
                "successor", "source"]
LINK_COLUMNS = ["predecessor", "successor", "source", "article_id", "evidence"]
_REGIONAL_KINDS = ("procuracy", "court")  # the bodies that have "khu vực" units from 1 July 2025


def _ids(cell: Any) -> list[str]:
    return [x for x in cell.split(";") if x] if isinstance(cell, str) else []


def _link(rows: dict[str, dict[str, Any]], old: str, new: str) -> None:
    for uid, column, other in ((old, "successor", new), (new, "predecessor", old)):
        ids = _ids(rows[uid][column])
        if other not in ids:
            rows[uid][column] = ";".join([*ids, other])


def mention_units(entities: pd.DataFrame) -> pd.DataFrame:
    """One row per unit id the UNIT mentions carry: unit_id, name, kind, level, province (the most frequent
    of its mentions; ties go to the first in sort order, so the result does not depend on row order)."""
    units = entities[entities["type"] == "UNIT"]
    found: dict[str, dict[str, Counter]] = {}
    for value, attrs in zip(units["value"], units["attrs"], strict=True):
        a = json.loads(attrs) if isinstance(attrs, str) and attrs else {}
        uid = a.get("unit_id") or slug(value)
        counts = found.setdefault(uid, {k: Counter() for k in ("name", "kind", "level", "province")})
        for key, v in (("name", value), ("kind", a.get("kind")), ("level", a.get("level")),
                       ("province", a.get("province"))):
            if v:
                counts[key][v] += 1

    def top(c: Counter) -> str | None:
        return min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] if c else None

    rows = [{"unit_id": uid, **{k: top(c) for k, c in counts.items()}} for uid, counts in sorted(found.items())]
    return pd.DataFrame(rows, columns=["unit_id", "name", "kind", "level", "province"])


def build_units(articles: pd.DataFrame, entities: pd.DataFrame,
                regional_path: Path | str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``units`` table (its nine columns plus ``source``) and ``unit_links`` (predecessor, successor,
    source, article_id, evidence: one row per link and per piece of evidence)."""
    rows: dict[str, dict[str, Any]] = {}
    for r in units_table().to_dict("records"):
        rows[r["unit_id"]] = {**r, "source": "gazetteer"}
    links = [(uid, succ, "gazetteer", None, None) for uid, r in rows.items() for succ in _ids(r["successor"])]

    region_rows, region_links = regional_links(load_regions(regional_path))
    for r in region_rows:
        rows.setdefault(r["unit_id"], {**r, "source": "regional_units"})
    for link in region_links:
        _link(rows, link.predecessor, link.successor)
        links.append((link.predecessor, link.successor, "regional_units", None, link.source))

    for r in mention_units(entities).to_dict("records"):
        if r["unit_id"] in rows:
            continue
        regional = r["level"] == "khu vực" and r["kind"] in _REGIONAL_KINDS and r["name"].startswith(
            ("Viện kiểm sát nhân dân khu vực", "Tòa án nhân dân khu vực"))
        rows[r["unit_id"]] = {**r, "valid_from": MERGE_DAY if regional else None, "valid_to": None,
                              "predecessor": None, "successor": None, "source": "mention"}

    stated = succession_links(articles, entities)
    for r in stated.itertuples(index=False):
        if r.predecessor in rows and r.successor in rows:
            _link(rows, r.predecessor, r.successor)
            links.append((r.predecessor, r.successor, "article", r.article_id, r.evidence))

    units = pd.DataFrame(list(rows.values()), columns=UNIT_COLUMNS)
    for column in ("valid_from", "valid_to"):
        units[column] = units[column].map(lambda d: d if isinstance(d, date) else None)
    return units, pd.DataFrame(links, columns=LINK_COLUMNS)

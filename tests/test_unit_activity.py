"""The `unit_activity` view: mentions per unit and month as written, and rolled up along the units table's
successor links to today's unit (district -> regional procuracy, merged province -> new province, chains,
and no hang on a cycle)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

import pipeline
from pipeline import dataset

D, R = "vks-huyen-van-ninh", "vks-khu-vuc-2-khanh-hoa"  # a district procuracy and its regional successor
N, K = "vks-tinh-ninh-thuan", "vks-tinh-khanh-hoa"  # a merged province's procuracy and the new province's
TX, TP, R3 = "vks-thi-xa-cam-ranh", "vks-thanh-pho-cam-ranh", "vks-khu-vuc-3-khanh-hoa"  # a chain of two links
A, B = "unit-a", "unit-b"  # a cycle
S, T1, T2 = "unit-s", "unit-t1", "unit-t2"  # split between two successors

UNITS = [  # unit_id, name, successor
    (D, "VKSND huyện Vạn Ninh", R), (R, "VKSND khu vực 2 tỉnh Khánh Hòa", None),
    (N, "VKSND tỉnh Ninh Thuận", K), (K, "VKSND tỉnh Khánh Hòa", None),
    (TX, "VKSND thị xã Cam Ranh", TP), (TP, "VKSND thành phố Cam Ranh", R3), (R3, "VKSND khu vực 3 tỉnh Khánh Hòa", ""),
    (A, "Unit A", B), (B, "Unit B", A),
    (S, "Unit S", f"{T1};{T2}"), (T1, "Unit T1", None), (T2, "Unit T2", None),
]
MENTIONS = [  # article published, unit id (None: written before attrs.unit_id), value
    (date(2025, 3, 10), D, "VKSND huyện Vạn Ninh"), (date(2025, 3, 28), D, "VKSND huyện Vạn Ninh"),
    (date(2025, 8, 2), R, "VKSND khu vực 2 tỉnh Khánh Hòa"),
    (date(2024, 5, 5), N, "VKSND tỉnh Ninh Thuận"), (date(2024, 5, 6), K, "VKSND tỉnh Khánh Hòa"),
    (date(2019, 1, 15), TX, "VKSND thị xã Cam Ranh"),
    (date(2023, 2, 1), A, "Unit A"), (date(2023, 2, 1), S, "Unit S"),
    (date(2023, 4, 1), None, "Đảng ủy Khối các cơ quan tỉnh"),
    (None, D, "VKSND huyện Vạn Ninh"),  # an article without a date is not counted
]


@pytest.fixture
def data_dir(tmp_path):
    articles = pd.DataFrame([{"article_id": f"a{i}", "site": "t", "published_at": day}
                             for i, (day, _u, _v) in enumerate(MENTIONS)])
    entities = pd.DataFrame([{"article_id": f"a{i}", "type": "UNIT", "text": v, "value": v, "start": 0,
                              "end": len(v), "sentence": 0, "method": "test",
                              "attrs": json.dumps({"unit_id": u} if u else {"kind": "party"})}
                             for i, (_d, u, v) in enumerate(MENTIONS)])
    units = pd.DataFrame([{"unit_id": u, "name": n, "successor": s} for u, n, s in UNITS])
    for name, df in (("articles", articles), ("entities", entities), ("units", units)):
        df = df.reindex(columns=dataset.SCHEMAS[name].names).astype(object)  # absent columns: None, not NaN
        dataset.write_table(name, df.where(df.notna(), None), tmp_path)
    dataset.build_catalog(tmp_path)
    return tmp_path


def activity(data_dir, basis: str) -> set[tuple[str, str, str, int]]:
    df = pipeline.query(f"SELECT * FROM unit_activity WHERE basis = '{basis}'", data_dir)
    assert list(df.columns) == ["month", "basis", "unit_id", "unit", "mentions"]
    return {(str(pd.Timestamp(m).date()), u, name, int(n))
            for m, u, name, n in zip(df["month"], df["unit_id"], df["unit"], df["mentions"], strict=True)}


def test_as_written_counts_each_unit_per_month(data_dir):
    assert activity(data_dir, "as_written") == {
        ("2025-03-01", D, "VKSND huyện Vạn Ninh", 2), ("2025-08-01", R, "VKSND khu vực 2 tỉnh Khánh Hòa", 1),
        ("2024-05-01", N, "VKSND tỉnh Ninh Thuận", 1), ("2024-05-01", K, "VKSND tỉnh Khánh Hòa", 1),
        ("2019-01-01", TX, "VKSND thị xã Cam Ranh", 1), ("2023-02-01", A, "Unit A", 1),
        ("2023-02-01", S, "Unit S", 1),
        # no unit_id in its attrs and no units row: the slug of its value, named as written
        ("2023-04-01", "dang-uy-khoi-cac-co-quan-tinh", "Đảng ủy Khối các cơ quan tỉnh", 1),
    }


def test_current_rolls_mentions_up_to_todays_successor(data_dir):
    current = activity(data_dir, "current")
    # a district procuracy named before 1 July 2025 counts for its regional successor
    assert ("2025-03-01", R, "VKSND khu vực 2 tỉnh Khánh Hòa", 2) in current
    # a merged province's procuracy counts for the new province's, beside the new one's own mention
    assert ("2024-05-01", K, "VKSND tỉnh Khánh Hòa", 2) in current
    # a chain of two links is followed to its end
    assert ("2019-01-01", R3, "VKSND khu vực 3 tỉnh Khánh Hòa", 1) in current
    # a cycle ends before a unit repeats; a split has no single successor: the unit stays itself
    assert ("2023-02-01", B, "Unit B", 1) in current and ("2023-02-01", S, "Unit S", 1) in current
    assert not {u for _m, u, _n, _c in current} & {D, N, TX, TP, A}
    # rolling up moves mentions, it neither loses nor adds any
    assert sum(c for *_x, c in current) == sum(c for *_x, c in activity(data_dir, "as_written")) == 9


def test_one_query_follows_a_unit_through_the_reform(data_dir):
    df = pipeline.query(f"""
        SELECT month, basis, mentions FROM unit_activity WHERE unit_id = '{R}' ORDER BY month, basis""", data_dir)
    assert [(str(pd.Timestamp(m).date()), b, int(n)) for m, b, n in df.itertuples(index=False)] == [
        ("2025-03-01", "current", 2), ("2025-08-01", "as_written", 1), ("2025-08-01", "current", 1)]


@pytest.mark.slow
def test_demo_every_mention_is_a_unit_and_districts_roll_up(demo_data):
    coverage = pipeline.query("""
        SELECT count(*) AS n, count(u.unit_id) AS in_units
        FROM unit_mentions m LEFT JOIN units u ON u.unit_id = m.unit_id""", demo_data).iloc[0]
    assert coverage["n"] > 500 and coverage["in_units"] == coverage["n"]
    # the sample states "VKSND khu vực 3 được thành lập trên cơ sở sắp xếp lại VKSND thành phố Cam Ranh và
    # VKSND huyện Cam Lâm": their earlier mentions count for khu vực 3 on the current basis
    kv3 = "vien-kiem-sat-nhan-dan-khu-vuc-3-tinh-khanh-hoa"
    links = pipeline.query(f"SELECT predecessor FROM unit_links WHERE successor = '{kv3}' AND source = 'article'",
                           demo_data)
    assert set(links["predecessor"]) == {"vien-kiem-sat-nhan-dan-thanh-pho-cam-ranh",
                                         "vien-kiem-sat-nhan-dan-huyen-cam-lam"}
    before = pipeline.query(f"""
        SELECT basis, sum(mentions) AS n FROM unit_activity
        WHERE unit_id = '{kv3}' AND month < DATE '2025-07-01' GROUP BY basis""", demo_data)
    predecessors = pipeline.query("""
        SELECT count(*) AS n FROM unit_mentions WHERE published_at < DATE '2025-07-01' AND unit_id IN (
            'vien-kiem-sat-nhan-dan-thanh-pho-cam-ranh', 'vien-kiem-sat-nhan-dan-huyen-cam-lam',
            'vien-kiem-sat-nhan-dan-thi-xa-cam-ranh')""", demo_data).iloc[0]["n"]
    assert dict(zip(before["basis"], before["n"], strict=True)) == {"current": predecessors} and predecessors > 20

"""`vks export sqlite` and what `vks serve` serves, without a browser: search with and without tone marks,
facets, links, canned queries, read-only serving, missing research tables."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import pytest
import sqlite_utils

from pipeline.research import datasette_meta
from pipeline.research.export_sqlite import (
    FTS_TABLE,
    LEFT_OUT,
    default_path,
    fold_for_search,
    is_stale,
    shape_articles,
    write_sqlite,
)
from pipeline.research.serve import PLUGINS_DIR, SETTINGS, Prepared, datasette_command, prepare
from tests.conftest import vks

V, D, I_, T = "VARCHAR", "DATE", "INTEGER", "TIMESTAMP WITH TIME ZONE"


def frame(rows: list[dict], types: dict[str, str]) -> tuple[pd.DataFrame, dict[str, str]]:
    return pd.DataFrame(rows, columns=list(types)), types


ARTICLE_TYPES = {"article_id": V, "site": V, "url": V, "title": V, "published_at": D, "category": V,
                 "text": V, "article_type": V, "fetched_at": T}
# written for this test: "Đảng" (the party), "dạng" (form: folds to the same "dang"), an upper-case "ĐOÀN",
# the Icelandic eth "Ð" that old fonts put for "Đ", and an article that matches none of them
ARTICLES = [
    ("a1", "vksa", "2024-03-05", "Đảng ủy Viện kiểm sát huyện Cam Lâm học tập nghị quyết",
     "Đảng ủy Viện kiểm sát huyện Cam Lâm tổ chức học tập Nghị quyết 57-NQ/TW."),
    ("a2", "vksb", "2025-08-20", "Kiểm sát viên khu vực 3 tham gia nhiều hoạt động",
     "Các hoạt động đa dạng, phong phú trong tháng tám."),
    ("a3", "vksa", "2025-09-02", "ĐOÀN THANH NIÊN RA QUÂN TÌNH NGUYỆN",
     "Đoàn viên thanh niên tham gia dọn vệ sinh bờ biển."),
    ("a4", "vksb", "2025-09-03", "Ðảng bộ cơ quan tổng kết năm",
     "Ðảng bộ cơ quan tổng kết công tác năm, triển khai Nghị quyết 57-NQ/TW."),
    ("a5", "vksa", None, "Hội nghị tổng kết công tác kiểm sát", "Tổng kết công tác kiểm sát năm 2024."),
]
UNITS = {"vks-cam-lam": ("Viện kiểm sát nhân dân huyện Cam Lâm", None, "vks-kv3"),
         "vks-kv3": ("Viện kiểm sát nhân dân khu vực 3 tỉnh Khánh Hòa", "vks-cam-lam", None)}
MENTIONS = [("a1", "vks-cam-lam"), ("a1", "vks-cam-lam"), ("a2", "vks-kv3"), ("a4", "vks-kv3")]


def base_frames() -> dict[str, tuple[pd.DataFrame, dict[str, str]]]:
    arts = [{"article_id": a, "site": s, "url": f"https://{s}.example/{a}.html", "title": t,
             "published_at": pd.Timestamp(p) if p else None, "category": "Tin hoạt động", "text": x,
             "article_type": "dang_doan_the" if "Đảng" in t or "Ðảng" in t else "kiem_sat",
             "fetched_at": pd.Timestamp("2025-10-01T08:00:00Z")} for a, s, p, t, x in ARTICLES]
    published = {a: p for a, _, p, _, _ in ARTICLES}
    sites = {a: s for a, s, _, _, _ in ARTICLES}
    mentions = [{"article_id": a, "site": sites[a], "published_at": pd.Timestamp(published[a]),
                 "unit": UNITS[u][0], "unit_id": u, "kind": "procuracy"} for a, u in MENTIONS]
    refs = [{"article_id": a, "site": sites[a], "published_at": pd.Timestamp(published[a]), "number": "57-NQ/TW",
             "doc_type": "Nghị quyết", "issuers": ["TW"]} for a in ("a1", "a4")]
    entities = [{"article_id": m["article_id"], "type": "UNIT", "value": m["unit"]} for m in mentions]
    units = [{"unit_id": k, "name": n, "kind": "procuracy", "predecessor": p, "successor": s}
             for k, (n, p, s) in UNITS.items()]
    mention_frame = frame(mentions, {"article_id": V, "site": V, "published_at": D, "unit": V, "unit_id": V,
                                     "kind": V})
    ref_frame = frame(refs, {"article_id": V, "site": V, "published_at": D, "number": V, "doc_type": V,
                             "issuers": "VARCHAR[]"})
    art_df, art_types = frame(arts, ARTICLE_TYPES)
    shaped = shape_articles(art_df, mention_frame[0], ref_frame[0])
    return {
        "articles": (shaped, {**art_types, "year": I_, "units_mentioned": "VARCHAR[]",
                              "documents_cited": "VARCHAR[]"}),
        "units": frame(units, {"unit_id": V, "name": V, "kind": V, "predecessor": V, "successor": V}),
        "unit_mentions": mention_frame,
        "doc_refs": ref_frame,
        "entities": frame(entities, {"article_id": V, "type": V, "value": V}),
    }


def research_frames() -> dict[str, tuple[pd.DataFrame, dict[str, str]]]:
    """The research tables as the contract in the project's brief gives them."""
    d = pd.Timestamp
    return {
        "documents": frame([{"doc_id": "57-NQ/TW", "doc_type": "Nghị quyết", "issuers": ["TW"], "year": 2024,
                             "issue_date": d("2024-12-22"), "first_cited": d("2024-03-05"),
                             "last_cited": d("2025-09-03"), "n_citations": 2, "n_articles": 2, "n_sites": 2}],
                           {"doc_id": V, "doc_type": V, "issuers": "VARCHAR[]", "year": I_, "issue_date": D,
                            "first_cited": D, "last_cited": D, "n_citations": "BIGINT", "n_articles": "BIGINT",
                            "n_sites": "BIGINT"}),
        "citations": frame([{"article_id": "a1", "doc_id": "57-NQ/TW", "site": "vksa", "unit_id": "vks-cam-lam",
                             "unit": UNITS["vks-cam-lam"][0], "published_at": d("2024-03-05"), "sentence": "..."},
                            {"article_id": "a4", "doc_id": "57-NQ/TW", "site": "vksb", "unit_id": "vks-kv3",
                             "unit": UNITS["vks-kv3"][0], "published_at": d("2025-09-03"), "sentence": "..."}],
                           {"article_id": V, "doc_id": V, "site": V, "unit_id": V, "unit": V, "published_at": D,
                            "sentence": V}),
        "unit_activity": frame([
            {"month": d("2024-03-01"), "basis": "as_written", "unit_id": "vks-cam-lam", "unit": UNITS["vks-cam-lam"][0], "mentions": 2},
            {"month": d("2024-03-01"), "basis": "current", "unit_id": "vks-kv3", "unit": UNITS["vks-kv3"][0], "mentions": 2},
            {"month": d("2025-08-01"), "basis": "as_written", "unit_id": "vks-kv3", "unit": UNITS["vks-kv3"][0], "mentions": 1},
            {"month": d("2025-08-01"), "basis": "current", "unit_id": "vks-kv3", "unit": UNITS["vks-kv3"][0], "mentions": 1},
        ], {"month": D, "basis": V, "unit_id": V, "unit": V, "mentions": "BIGINT"}),
        "syndication": frame([
            {"cluster_id": 1, "article_id": "a1", "site": "vksa", "url": "u1", "title": ARTICLES[0][3],
             "published_at": d("2024-03-05"), "first_publisher": "vksa", "is_first": True, "lag_days": 0, "similarity": 1.0},
            {"cluster_id": 1, "article_id": "a4", "site": "vksb", "url": "u4", "title": ARTICLES[3][3],
             "published_at": d("2024-03-07"), "first_publisher": "vksa", "is_first": False, "lag_days": 2, "similarity": 0.91},
        ], {"cluster_id": "BIGINT", "article_id": V, "site": V, "url": V, "title": V, "published_at": D,
            "first_publisher": V, "is_first": "BOOLEAN", "lag_days": I_, "similarity": "DOUBLE"}),
    }


@pytest.fixture
def full_db(tmp_path) -> Path:
    return write_sqlite({**base_frames(), **research_frames()}, tmp_path / "vks.db")


@pytest.fixture
def base_db(tmp_path) -> Path:
    return write_sqlite(base_frames(), tmp_path / "vks.db")


def datasette_for(db: Path):
    """Datasette as `vks serve` runs it: immutable file, generated metadata, our plugin, the same settings."""
    from datasette.app import Datasette

    ds = Datasette(immutables=[str(db)], metadata=datasette_meta.metadata(db), plugins_dir=str(PLUGINS_DIR),
                   settings=SETTINGS)
    asyncio.run(ds.invoke_startup())
    return ds


def get(ds, path: str, **params):
    return asyncio.run(ds.client.get(path + ("?" + urlencode(params) if params else "")))


def search_ids(ds, query: str) -> set[str]:
    r = get(ds, "/vks/articles.json", _search=query, _shape="array", _col="article_id")
    assert r.status_code == 200, r.text
    return {row["article_id"] for row in r.json()}


def test_fold_for_search():
    assert fold_for_search("Đảng ủy Viện kiểm sát") == "Dang uy Vien kiem sat"
    assert fold_for_search("ĐOÀN THANH NIÊN") == "DOAN THANH NIEN"
    assert fold_for_search("Ðảng") == "Dang"  # the eth old fonts put for Đ
    assert fold_for_search("Đa\u0300ng") == "Dang"  # decomposed marks (NFD) too
    assert fold_for_search(None) == ""


def test_search_with_and_without_tone_marks_finds_the_same_articles(full_db):
    ds = datasette_for(full_db)
    party = search_ids(ds, "Đảng")
    assert party == {"a1", "a2", "a4"}  # a2 has "dạng": without marks and đ, the same word
    for typed in ("Dang", "dang", "đảng", "ĐẢNG", "Ðảng", "dảng", "Đa\u0300ng"):
        assert search_ids(ds, typed) == party, typed
    assert search_ids(ds, "đoàn") == search_ids(ds, "doan") == search_ids(ds, "ĐOÀN") == {"a3"}
    assert search_ids(ds, "Cam Lâm") == search_ids(ds, "cam lam") == {"a1"}
    assert search_ids(ds, "ngân hàng") == set()
    # column search goes through the same folding
    r = get(ds, "/vks/articles.json?_search_title=%C4%91o%C3%A0n&_shape=array")
    assert [row["article_id"] for row in r.json()] == ["a3"]


def test_index_holds_written_and_folded_text(full_db):
    """Without the plugin (plain SQLite), both spellings still find the article: the index has both."""
    con = sqlite3.connect(full_db)

    def match(q: str) -> set[int]:
        return {r[0] for r in con.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", [f'"{q}"'])}

    a1 = con.execute("SELECT rowid FROM articles WHERE article_id = 'a1'").fetchone()[0]
    assert a1 in match("Đảng") and a1 in match("Dang")
    # the written form alone does not equal the folded one: why vks serve folds the query as well
    assert match("Đảng") != match("Dang")


def test_facets_labels_and_search_metadata(full_db):
    meta = datasette_meta.metadata(full_db)["databases"]["vks"]
    tables = meta["tables"]
    assert tables["articles"]["facets"] == ["site", "article_type", "year", "category", {"array": "units_mentioned"}]
    assert tables["articles"]["fts_table"] == FTS_TABLE and tables["articles"]["label_column"] == "title"
    assert tables["unit_mentions"]["facets"] == ["unit", "kind", "site"]  # no level column here: left out
    assert tables["units"]["label_column"] == "name"
    assert tables["vks_export"] == {"hidden": True}
    ds = datasette_for(full_db)
    data = get(ds, "/vks/articles.json").json()
    assert set(data["facet_results"]) == {"site", "article_type", "year", "category", "units_mentioned"}
    years = {v["value"]: v["count"] for v in data["facet_results"]["year"]["results"]}
    assert years == {2024: 1, 2025: 3}
    unit = UNITS["vks-kv3"][0]
    units = {v["value"]: v["count"] for v in data["facet_results"]["units_mentioned"]["results"]}
    assert units == {UNITS["vks-cam-lam"][0]: 1, unit: 2}
    filtered = get(ds, f"/vks/articles.json?units_mentioned__arraycontains={unit}&_shape=objects").json()
    assert filtered["filtered_table_rows_count"] == 2


def test_links_from_entities_and_units_to_articles(full_db):
    db = sqlite_utils.Database(full_db)
    fks = {(fk.table, fk.column): fk.other_table for t in db.tables for fk in t.foreign_keys}
    assert fks[("entities", "article_id")] == "articles"
    assert fks[("unit_mentions", "article_id")] == "articles" and fks[("unit_mentions", "unit_id")] == "units"
    assert fks[("citations", "doc_id")] == "documents" and fks[("doc_refs", "number")] == "documents"
    assert fks[("units", "successor")] == "units" and fks[("syndication", "article_id")] == "articles"
    ds = datasette_for(full_db)
    row = get(ds, "/vks/entities.json?_labels=on&_shape=array&_size=1").json()[0]
    assert row["article_id"] == {"value": "a1", "label": ARTICLES[0][3]}
    # a unit's name links to the articles that mention it
    html = get(ds, "/vks/units/vks-kv3").text
    assert "/vks/articles_mentioning_unit?unit=vks-kv3" in html
    rows = get(ds, "/vks/articles_mentioning_unit.json?unit=vks-kv3&_shape=array").json()
    assert [r["article_id"] for r in rows] == ["a4", "a2"]


def test_canned_queries_on_the_research_tables(full_db):
    ds = datasette_for(full_db)
    queries = datasette_meta.metadata(full_db)["databases"]["vks"]["queries"]
    assert set(queries) == set(datasette_meta.QUERIES)
    assert all("not in this export" not in q["description"] for q in queries.values())

    def run(name: str, **params) -> list[dict]:
        r = get(ds, f"/vks/{name}.json", _shape="array", **params)
        assert r.status_code == 200, r.text
        return r.json()

    assert [(r["year"], r["doc_id"], r["articles"]) for r in run("most_cited_documents_per_year")] == [
        (2025, "57-NQ/TW", 1), (2024, "57-NQ/TW", 1)]
    cites = run("who_cites_document", document="57-NQ")
    assert [(r["month"], r["site"], r["unit"]) for r in cites] == [
        ("2024-03", "vksa", UNITS["vks-cam-lam"][0]), ("2025-09", "vksb", UNITS["vks-kv3"][0])]
    activity = run("unit_monthly_activity", unit="khu vuc 3")  # without tone marks
    assert [(r["month"], r["as_written"], r["rolled_up"], r["reform"]) for r in activity] == [
        ("2024-03-01", None, 2, "before 1 July 2025"), ("2025-08-01", 1, 1, "from 1 July 2025")]
    stories = run("reprinted_stories")
    assert [(r["cluster_id"], r["first_publisher"], r["portals"], r["reprinted_by"]) for r in stories] == [
        (1, "vksa", 2, "vksb +2d")]


def test_missing_research_tables_are_skipped(base_db):
    db = sqlite_utils.Database(base_db)
    for name in ("documents", "citations", "unit_activity", "syndication"):
        assert name not in db.table_names()
    meta = datasette_meta.metadata(base_db)["databases"]["vks"]
    assert "syndication" not in meta["tables"] and "reprinted_stories" not in meta["queries"]
    # the questions that the entity views can answer are answered from them, and say so
    assert "Answered from doc_refs" in meta["queries"]["who_cites_document"]["description"]
    assert "Answered from unit_mentions" in meta["queries"]["unit_monthly_activity"]["description"]
    ds = datasette_for(base_db)
    rows = get(ds, "/vks/most_cited_documents_per_year.json?_shape=array").json()
    assert [(r["year"], r["doc_id"]) for r in rows] == [(2025, "57-NQ/TW"), (2024, "57-NQ/TW")]
    rows = get(ds, "/vks/unit_monthly_activity.json?unit=vks-kv3&_shape=array").json()
    assert [(r["month"], r["as_written"], r["rolled_up"]) for r in rows] == [("2025-08-01", 1, None), ("2025-09-01", 1, None)]
    # without unit_mentions the unit questions go too
    frames = base_frames()
    del frames["unit_mentions"]
    path = write_sqlite(frames, base_db.with_name("less.db"))
    queries = datasette_meta.metadata(path)["databases"]["less"]["queries"]
    assert set(queries) == {"most_cited_documents_per_year", "who_cites_document"}


def test_served_database_refuses_writes(full_db):
    before = hashlib.sha256(full_db.read_bytes()).hexdigest()
    ds = datasette_for(full_db)
    for sql in ("DELETE FROM articles", "UPDATE articles SET title = 'x'", "DROP TABLE units",
                "INSERT INTO units (unit_id) VALUES ('x')", "ATTACH DATABASE '/tmp/x.db' AS x"):
        r = get(ds, "/vks.json", sql=sql)
        assert r.status_code == 400 and "Statement must be a SELECT" in r.text, (sql, r.text)
    db = ds.get_database("vks")
    assert not db.is_mutable
    with pytest.raises(AssertionError):  # Datasette refuses to write to an immutable database
        asyncio.run(db.execute_write("DELETE FROM articles"))
    with pytest.raises(sqlite3.OperationalError, match="readonly"):  # and so does its SQLite connection
        db.connect().execute("DELETE FROM articles")
    # only our plugin is loaded: no write or upload plugin
    assert [p["name"] for p in get(ds, "/-/plugins.json").json()] == ["vks_search.py"]
    # and a runaway query is stopped by the time limit
    r = get(ds, "/vks.json", sql="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                                 "SELECT count(*) FROM c")
    assert r.status_code == 400 and "too long" in r.text
    assert hashlib.sha256(full_db.read_bytes()).hexdigest() == before
    cmd = datasette_command(Prepared(full_db, full_db.with_suffix(".json"), False), "127.0.0.1", 8001)
    assert cmd[cmd.index("--immutable") + 1] == str(full_db) and str(full_db) not in cmd[:cmd.index("--immutable")]
    assert cmd[cmd.index("sql_time_limit_ms") + 1] == str(SETTINGS["sql_time_limit_ms"])


def test_export_is_atomic(tmp_path, monkeypatch):
    out = write_sqlite(base_frames(), tmp_path / "vks.db")
    before = out.read_bytes()
    import pipeline.research.export_sqlite as ex

    def broken(db):
        raise RuntimeError("killed half way")

    monkeypatch.setattr(ex, "_full_text_index", broken)
    with pytest.raises(RuntimeError):
        write_sqlite({**base_frames(), **research_frames()}, out)
    assert out.read_bytes() == before  # the previous export is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vks.db"]  # no temporary file left


def test_export_of_the_demo_data(demo_data, tmp_path):
    out = tmp_path / "vks.db"
    proc = vks("export", "sqlite", "--data-dir", str(demo_data), "--out", str(out))
    assert f"wrote {out}" in proc.stdout and "articles 90" in proc.stdout
    db = sqlite_utils.Database(out)
    names = set(db.table_names())
    assert {"articles", "entities", "units", "unit_mentions", "doc_refs", FTS_TABLE} <= names
    assert not names & set(LEFT_OUT)
    assert not (demo_data / "exports").exists()  # --out: nothing written into the data directory
    con = sqlite3.connect(out)
    n_fts = con.execute(f"SELECT count(*) FROM {FTS_TABLE}").fetchone()[0]
    assert n_fts == db.table("articles").count == 90
    # every entity row points at an exported article
    assert con.execute("SELECT count(*) FROM entities WHERE article_id NOT IN (SELECT article_id FROM articles)"
                       ).fetchone()[0] == 0
    # year is the published date's (NULL for the sample article without a date)
    assert con.execute("SELECT count(*) FROM articles WHERE year IS NOT CAST(substr(published_at, 1, 4) AS INTEGER)"
                       ).fetchone()[0] == 0
    assert con.execute("SELECT count(year) FROM articles").fetchone()[0] >= 85
    # the export is current until a table changes
    assert not is_stale(out, demo_data)
    catalog = demo_data / "processed" / "catalog.duckdb"
    stat = catalog.stat()
    try:
        os.utime(catalog, (time.time() + 60, time.time() + 60))
        assert is_stale(out, demo_data)
    finally:
        os.utime(catalog, (stat.st_atime, stat.st_mtime))


def test_prepare_exports_only_when_stale(demo_data, tmp_path):
    db = tmp_path / "vks.db"
    first = prepare(demo_data, db)
    assert first.exported and db.exists()
    meta = json.loads(first.metadata.read_text(encoding="utf-8"))
    assert "articles_mentioning_unit" in meta["databases"]["vks"]["queries"]
    mtime = db.stat().st_mtime_ns
    again = prepare(demo_data, db)
    assert not again.exported and db.stat().st_mtime_ns == mtime
    assert default_path(demo_data) == demo_data / "exports" / "vks.db"

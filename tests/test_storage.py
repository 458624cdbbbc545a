"""The tables grow by what is new: a run adding k articles commits O(k) rows and rewrites no existing file;
crawl_log grows by appending; `vks compact` bounds the file count and keeps every row; the catalog reads
the current version."""

from __future__ import annotations

import shutil

import pytest
from deltalake import DeltaTable

import pipeline
from pipeline import dataset
from pipeline.process import process

from .conftest import settings_for, vks


@pytest.fixture
def data_copy(demo_data, tmp_path):
    target = tmp_path / "data"
    shutil.copytree(demo_data, target)
    return target


def _last_commit(data_dir, name: str) -> dict:
    return DeltaTable(str(dataset.table_path(name, data_dir))).history(1)[0]


def test_adding_k_articles_writes_their_rows_only(data_copy):
    tokens_before = pipeline.load("tokens", data_copy)
    gone = sorted(tokens_before["article_id"].unique())[:3]
    # forget three articles, as if they had not been crawled yet
    for name in ("articles", "tokens", "entities"):
        dataset.replace_rows(name, dataset.empty(name), data_copy, gone)
    files_before = set(DeltaTable(str(dataset.table_path("tokens", data_copy))).file_uris())
    summary = process(settings_for(data_copy))
    assert summary.parsed == 3
    commit = _last_commit(data_copy, "tokens")["operationMetrics"]
    assert commit["num_added_rows"] == int(tokens_before["article_id"].isin(gone).sum())
    assert commit["num_removed_files"] == 0  # nothing already stored was rewritten
    assert files_before <= set(DeltaTable(str(dataset.table_path("tokens", data_copy))).file_uris())
    assert len(pipeline.load("articles", data_copy)) == 90


def test_crawl_log_grows_by_appending(data_copy):
    import sqlite3

    version = dataset.version("crawl_log", data_copy)
    with sqlite3.connect(data_copy / "raw" / "ledger.sqlite") as db:
        db.execute("UPDATE urls SET attempts = attempts + 1, status = 404, outcome = 'gone' "
                   "WHERE url = (SELECT min(url) FROM urls WHERE kind = 'listing')")
    process(settings_for(data_copy))
    assert dataset.version("crawl_log", data_copy) == version + 1
    assert _last_commit(data_copy, "crawl_log")["operationParameters"]["mode"] == "Append"
    history = pipeline.load("crawl_history", data_copy)
    log = pipeline.load("crawl_log", data_copy)
    assert len(history) == len(log) + 1  # the old state is kept, the ledger view shows the new one
    changed = log[log["url"] == history[history.duplicated("url", keep=False)]["url"].iloc[0]]
    assert changed["outcome"].tolist() == ["gone"]
    q = dataset.query("SELECT count(*) AS n FROM crawl_log", data_copy)["n"].iloc[0]
    assert q == len(log)


def test_compact_bounds_the_files_and_keeps_every_row(data_copy):
    before = {n: pipeline.load(n, data_copy) for n in ("articles", "tokens", "entities")}
    ids = sorted(before["tokens"]["article_id"].unique())
    dataset.replace_rows("tokens", dataset.empty("tokens"), data_copy, ids[:30])
    for i in range(0, 30, 5):  # many small commits of new articles, as many nightly runs would leave
        chunk = ids[i:i + 5]
        rows = before["tokens"][before["tokens"]["article_id"].isin(chunk)]
        dataset.replace_rows("tokens", rows, data_copy, chunk)
    assert dataset.file_count("tokens", data_copy) > 3
    out = vks("compact", "--retain-hours", "0", "--data-dir", str(data_copy))
    assert "tokens" in out.stdout
    assert dataset.file_count("tokens", data_copy) == 1
    on_disk = list(dataset.table_path("tokens", data_copy).glob("*.parquet"))
    assert len(on_disk) == 1  # vacuumed
    for name, df in before.items():
        got = pipeline.load(name, data_copy)
        assert got.equals(df), name
    n = vks("query", "SELECT count(*) n FROM tokens", "--csv", "--data-dir", str(data_copy)).stdout.split()[1]
    assert int(n) == len(before["tokens"])


def test_automatic_compaction_past_the_file_threshold(data_copy, monkeypatch):
    monkeypatch.setattr(dataset, "MAX_FILES", 2)
    tokens = pipeline.load("tokens", data_copy)
    ids = sorted(tokens["article_id"].unique())[:4]
    dataset.replace_rows("tokens", dataset.empty("tokens"), data_copy, ids)
    for aid in ids:
        dataset.replace_rows("tokens", tokens[tokens["article_id"] == aid], data_copy, [aid])
    summary = process(settings_for(data_copy))
    assert "tokens" in summary.compacted
    assert dataset.file_count("tokens", data_copy) <= 2
    assert pipeline.load("tokens", data_copy).equals(tokens)


def test_load_after_process_and_before_research(data_copy, tmp_path):
    # the sample portal produces no skip: processing ran, so `skips` is an empty table, not a missing one
    assert dataset.exists("articles", data_copy) and not dataset.exists("skips", data_copy)
    skips = pipeline.load("skips", data_copy)
    assert len(skips) == 0 and list(skips.columns) == dataset.SCHEMAS["skips"].names
    # a research table that was never built names the command that builds it
    shutil.rmtree(dataset.table_path("syndication", data_copy))
    with pytest.raises(dataset.DatasetError, match="vks research"):
        pipeline.load("syndication", data_copy)
    # nothing processed yet: say so, whatever the table
    with pytest.raises(dataset.DatasetError, match="vks process"):
        pipeline.load("skips", tmp_path / "empty")
    with pytest.raises(dataset.DatasetError, match="unknown table.*views: .*documents"):
        pipeline.load("nonsense", data_copy)


def test_load_gives_the_views_vks_query_shows(data_copy):
    for view in ("documents", "unit_activity"):
        got = pipeline.load(view, data_copy)
        assert len(got) > 0
        assert got.equals(pipeline.query(f"SELECT * FROM {view} ORDER BY ALL", data_copy))
        assert got.equals(pipeline.load(view, data_copy))  # the same rows in the same order every time
    # citations reads the units table: without it, say which command builds it
    shutil.rmtree(dataset.table_path("units", data_copy))
    with pytest.raises(dataset.DatasetError, match="units.*vks research"):
        pipeline.load("citations", data_copy)

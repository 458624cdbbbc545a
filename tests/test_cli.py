"""The command line: query output formats, read-only SQL, settings precedence, the data-directory lock."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

import pipeline
from pipeline.config import load_settings
from pipeline.errors import ConfigError, LockedError
from pipeline.lock import data_dir_lock

from .conftest import vks


def test_query_json_and_csv(demo_data):
    n = len(pipeline.load("articles", demo_data))
    out = vks("query", "SELECT count(*) AS n FROM articles", "--json", "--data-dir", str(demo_data))
    assert json.loads(out.stdout) == [{"n": n}]
    out = vks("query", "SELECT category, count(*) AS n FROM articles GROUP BY 1 ORDER BY 1", "--csv",
              "--data-dir", str(demo_data))
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert sum(int(r["n"]) for r in rows) == n
    out = vks("query", "SELECT title FROM articles LIMIT 2", env={"VKS_DATA_DIR": str(demo_data)})
    assert out.stdout.splitlines()[0].strip() == "title"


def test_query_is_read_only(demo_data):
    before = {p.name: p.stat().st_mtime_ns for p in (demo_data / "processed").iterdir()}
    for sql in ("DROP VIEW articles", "CREATE TABLE x AS SELECT 1",
                f"COPY (SELECT 1) TO '{demo_data}/processed/x.csv'"):
        out = vks("query", sql, "--data-dir", str(demo_data), check=False)
        assert out.returncode == 2  # a refused statement is a usage error (see test_query_sandbox.py)
        assert "read-only" in out.stderr
    assert {p.name: p.stat().st_mtime_ns for p in (demo_data / "processed").iterdir()} == before


def test_query_without_data_says_what_to_do(tmp_path):
    out = vks("query", "SELECT 1", "--data-dir", str(tmp_path), check=False)
    assert out.returncode == 3
    assert "run `vks process`" in out.stderr


def test_process_without_a_crawl_says_what_to_do(tmp_path):
    out = vks("process", "--data-dir", str(tmp_path / "empty"), check=False)
    assert out.returncode == 3
    assert "vks scrape" in out.stderr


def test_settings_precedence(tmp_path, monkeypatch):
    cfg = tmp_path / "vks.toml"
    cfg.write_text('[vks]\ndelay = 5\ntimeout = 7\ndata_dir = "from-file"\n', encoding="utf-8")
    s = load_settings(cfg)
    assert (s.delay, s.timeout, s.data_dir, s.retries) == (5.0, 7.0, Path("from-file"), 3)
    monkeypatch.setenv("VKS_TIMEOUT", "9")
    monkeypatch.setenv("VKS_DATA_DIR", "from-env")
    s = load_settings(cfg)
    assert (s.delay, s.timeout, s.data_dir) == (5.0, 9.0, Path("from-env"))
    s = load_settings(cfg, delay=0.5, data_dir=Path("from-flag"))
    assert (s.delay, s.timeout, s.data_dir) == (0.5, 9.0, Path("from-flag"))
    assert "vks-pipeline/" in s.user_agent


@pytest.mark.parametrize("text, message", [("[vks]\ndelay = 'slow'\n", "delay must be a float"),
                                           ("[vks]\nspeed = 1\n", "unknown setting 'speed'"),
                                           ("[vks\n", "cannot read settings")])
def test_bad_settings_file(tmp_path, text, message):
    cfg = tmp_path / "vks.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(cfg)


def test_second_writer_is_refused_while_the_first_holds_the_lock(tmp_path):
    with data_dir_lock(tmp_path, "scrape"):
        out = vks("process", "--data-dir", str(tmp_path), check=False)
        assert out.returncode == 75
        assert "in use by another vks run (`vks scrape`, pid " + str(os.getpid()) in out.stderr
        (tmp_path / "raw").mkdir()
        holder = json.loads(vks("status", "--json", "--data-dir", str(tmp_path)).stdout)["lock"]
        assert holder["command"] == "scrape" and holder["pid"] == os.getpid()
        with pytest.raises(LockedError), data_dir_lock(tmp_path, "run"):
            pass
    with data_dir_lock(tmp_path, "process"):  # released: free again
        pass


def test_sites_command_lists_profiles():
    out = vks("sites")
    assert "vkskh" in out.stdout and "sample" in out.stdout


def test_demo_runs_the_whole_pipeline_and_prints_its_summary(tmp_path):
    from pipeline.sample_portal import content

    out = vks("demo", "--data-dir", str(tmp_path / "data"), "--quiet")
    n = len(content.articles())
    assert f"{n} new articles" in out.stdout
    assert f"{n} articles by category and year:" in out.stdout
    assert content.articles()[0].title in out.stdout  # the newest title
    again = vks("demo", "--data-dir", str(tmp_path / "data"), "--quiet")
    assert "0 new articles" in again.stdout and f"0 articles parsed, {n} unchanged" in again.stdout

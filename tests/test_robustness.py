"""Bad input everywhere gets a clear error naming the file and the fix, and damages nothing; two runs on
one data directory never overlap; the parser and normalisers survive arbitrary input."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import ParseError
from pipeline.parse import decode_html, parse_article, parse_listing
from pipeline.sites import load_profile
from pipeline.text import normalise, normalise_text

from .conftest import ROOT, clean_env, vks


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".vks.lock"}


def crawl_rows(data_dir: Path) -> list:
    import sqlite3

    with sqlite3.connect(data_dir / "raw" / "ledger.sqlite") as db:
        return db.execute("SELECT * FROM urls ORDER BY url").fetchall()


@pytest.fixture
def data_copy(demo_data, tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(demo_data, target)
    return target


def test_data_dir_that_is_a_file(tmp_path):
    f = tmp_path / "not-a-dir"
    f.write_text("hello")
    for cmd in (["process"], ["scrape", "--site", "sample"], ["status"]):
        out = vks(*cmd, "--data-dir", str(f), check=False)
        assert out.returncode == 3, out.stderr
        assert str(f) in out.stderr and "Traceback" not in out.stderr
    assert f.read_text() == "hello"


def test_corrupt_table_is_named_with_the_fix(data_copy):
    for part in (data_copy / "processed" / "articles").glob("*.parquet"):
        part.write_bytes(b"PAR1 this is not parquet")
    before = fingerprint(data_copy / "raw" / "warc"), crawl_rows(data_copy)
    out = vks("process", "--data-dir", str(data_copy), check=False)
    assert out.returncode == 3
    assert str(data_copy / "processed" / "articles") in out.stderr and "--rebuild" in out.stderr
    assert (fingerprint(data_copy / "raw" / "warc"), crawl_rows(data_copy)) == before
    status = vks("status", "--data-dir", str(data_copy)).stdout
    assert "process           failed" in status
    fixed = vks("process", "--rebuild", "--data-dir", str(data_copy), "-q")
    assert "90 articles in the table" in fixed.stdout, fixed.stdout
    assert vks("query", "SELECT count(*) n FROM articles", "--csv", "--data-dir", str(data_copy)).stdout.split()[1] != "0"


def test_corrupt_ledger_is_named_and_the_archive_kept(data_copy):
    ledger = data_copy / "raw" / "ledger.sqlite"
    for side in ledger.parent.glob("ledger.sqlite-*"):
        side.unlink()
    ledger.write_bytes(b"garbage" * 100)
    warcs = fingerprint(data_copy / "raw" / "warc")
    for cmd in (["process"], ["scrape", "--site", "sample", "--base-url", "http://127.0.0.1:9/"], ["status"]):
        out = vks(*cmd, "--data-dir", str(data_copy), check=False)
        assert out.returncode == 3, out.stderr
        assert "ledger.sqlite" in out.stderr and "Move it aside" in out.stderr
    assert fingerprint(data_copy / "raw" / "warc") == warcs


def test_profile_with_errors_is_refused_before_anything_runs(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nbase_url = "https://x.gov.vn/"\nstart_pages = ["/"]\n[listing]\nnext_page = "a[["\n')
    out = vks("scrape", "--site", str(bad), "--data-dir", str(tmp_path / "d"), check=False)
    assert out.returncode == 2
    assert "bad.toml" in out.stderr and "listing.next_page" in out.stderr
    assert not (tmp_path / "d" / "raw").exists()


UNPRIVILEGED = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


@pytest.fixture
def unwritable_copy(demo_data) -> Iterator[Path]:
    """A copy of the demo data that the user nobody can read but not write (root owns it, mode 755/644):
    to nobody it is what a read-only disk is to anyone. Outside pytest's own temporary folders, which
    are private to root (0700) and so would not even be readable."""
    base = Path(tempfile.mkdtemp(prefix="vks-unwritable-"))
    target = base / "data"
    shutil.copytree(demo_data, target)
    for p in [base, *base.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    yield target
    shutil.rmtree(base)


def as_nobody(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    """Run the command line as the unprivileged user nobody (CI runs as root, whom permissions never stop)."""
    env = {**clean_env(), "HOME": str(data_dir), "XDG_CACHE_HOME": str(data_dir / "no-cache")}
    return subprocess.run([*UNPRIVILEGED, sys.executable, "-m", "pipeline", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)


@pytest.mark.skipif(shutil.which("setpriv") is None,
                    reason="needs setpriv (util-linux) to run the command as an unprivileged user")
def test_read_only_disk(unwritable_copy):
    ro = unwritable_copy
    probe = subprocess.run([*UNPRIVILEGED, sys.executable, "-c", "import pipeline"], capture_output=True, text=True,
                           cwd=ROOT)
    assert probe.returncode == 0, f"the user nobody cannot run this checkout's python: {probe.stderr}"
    before = fingerprint(ro)
    for cmd in (["process"], ["scrape", "--site", "sample", "--base-url", "http://127.0.0.1:9/"],
                ["classify", "train"]):
        out = as_nobody(*cmd, data_dir=ro)
        assert out.returncode == 3, (cmd, out.stdout + out.stderr)
        assert "Permission denied" in out.stderr and str(ro) in out.stderr, (cmd, out.stderr)
        assert "writable" in out.stderr and "Traceback" not in out.stderr, (cmd, out.stderr)  # says the fix
    # reading still works
    out = as_nobody("query", "SELECT count(*) AS n FROM articles", "--csv", data_dir=ro)
    assert out.returncode == 0 and out.stdout.split()[1] == "90", out.stderr
    assert fingerprint(ro) == before


def test_two_runs_at_once(tmp_path):
    from pipeline.sample_portal import Portal, PortalServer

    with PortalServer(portal=Portal()) as server:
        args = [sys.executable, "-m", "pipeline", "run", "--site", "sample", "--base-url", server.url,
                "--data-dir", str(tmp_path), "--delay", "0.02", "-q"]
        first = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while len(server.portal.requests) < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
        second = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)
        out, err = first.communicate(timeout=300)
    assert second.returncode == 75
    assert "in use by another vks run (`vks run`" in second.stderr
    assert first.returncode == 0, err
    status = vks("status", "--json", "--data-dir", str(tmp_path))
    import json

    s = json.loads(status.stdout)
    assert [r["command"] for r in s["runs"]][:2] == ["process", "scrape"]
    assert s["tables"]["articles"] == 90 and not s["warc"]["torn"]


PROFILE = load_profile("sample", "http://127.0.0.1:1/")
HTML_BITS = st.sampled_from(["<div class='news-content'>", "<h1 class='news-title'>", "</div>", "<p>", "</p>",
                             "<br>", "<table class='image-box'>", "<div class='news-sapo'>", "Ngày 04/01/2021",
                             "<meta property='article:published_time' content='2024-13-45'>", "<!--", "-->",
                             "<script>", "</script>", "Nguyễn Văn A", "&amp;", "&#xZZ;", "<a href='javascript:x'>",
                             "<div class='paging'><a class='next' href='::'>", "\x00", "Ð", "\u0301"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.lists(st.one_of(HTML_BITS, st.text(max_size=20)), max_size=40).map("".join)))
def test_parser_never_raises_anything_but_parse_error(html):
    try:
        art = parse_article(html, "http://127.0.0.1:1/x_1_2_2_a.html", PROFILE)
        assert art.title and art.body
    except ParseError:
        pass
    links, _ = parse_listing(html, "http://127.0.0.1:1/", PROFILE)
    assert all(link.startswith("http") for link in links)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.one_of(st.none(), st.sampled_from(["text/html; charset=windows-1258",
                                                                       "text/html; charset=bogus", "text/html"])))
def test_decoding_never_raises(body, ctype):
    assert isinstance(decode_html(body, ctype), str)


@given(st.text())
def test_normalisers_never_raise(text):
    assert len(normalise(text)[1]) == len(normalise(text)[0]) + 1
    assert isinstance(normalise_text(text), str)


def test_a_table_written_before_a_column_was_added_is_upgraded(data_copy):
    from deltalake import DeltaTable, write_deltalake

    path = data_copy / "processed" / "articles"
    old = DeltaTable(str(path)).to_pyarrow_table().drop_columns(["type_model"])
    write_deltalake(str(path), old, mode="overwrite", schema_mode="overwrite")
    import pipeline

    assert pipeline.load("articles", data_copy)["type_model"].isna().all()
    vks("process", "--data-dir", str(data_copy), "-q")
    upgraded = pipeline.load("articles", data_copy)
    assert upgraded["type_model"].notna().all() and len(upgraded) == 90


def test_tables_written_as_plain_parquet_are_upgraded_to_delta(data_copy):
    """A data directory from before Delta Lake: one Parquet file per table. It reads as before, and the
    next `vks process` converts it, with a notice, to the same rows."""
    import pyarrow.parquet as pq

    import pipeline
    from pipeline import dataset

    processed = data_copy / "processed"
    want = {name: pipeline.load(name, data_copy) for name in ("articles", "tokens", "entities")}
    for name in dataset.TABLES:
        if (processed / name).is_dir():
            pq.write_table(dataset.read_arrow(name, data_copy), processed / f"{name}.parquet")
            shutil.rmtree(processed / name)
    assert len(pipeline.load("articles", data_copy)) == len(want["articles"])  # readable before the upgrade
    out = vks("process", "--data-dir", str(data_copy), "-q")
    assert "upgraded the tables" in out.stderr and "Delta" in out.stderr
    assert not list(processed.glob("*.parquet"))
    for name, df in want.items():
        got = pipeline.load(name, data_copy)
        assert got.drop(columns=["processed_at"], errors="ignore").equals(df.drop(columns=["processed_at"], errors="ignore"))
    assert dataset.version("articles", data_copy) is not None
    n = vks("query", "SELECT count(*) n FROM articles", "--csv", "--data-dir", str(data_copy)).stdout.split()[1]
    assert int(n) == len(want["articles"])

"""Crash safety: `vks scrape` and `vks process` killed (SIGKILL) at named points, then run again, end with
exactly the tables of an uninterrupted run; WARC files stay readable and a torn record is detected."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from pipeline import dataset
from pipeline.process import process
from pipeline.scrape.archive import check_warc

from .conftest import ROOT, clean_env, crawl, settings_for
from .test_interrupt import comparable_tables


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    from pipeline.sample_portal import Portal, PortalServer

    server = PortalServer(portal=Portal()).start()
    data_dir = tmp_path_factory.mktemp("reference")
    crawl(server, data_dir)
    process(settings_for(data_dir))
    yield server, data_dir, comparable_tables(data_dir)
    server.stop()


def run_killed(args: list[str], kill_at: str, **settings: str) -> subprocess.CompletedProcess:
    env = clean_env()
    env["VKS_KILL_AT"] = kill_at
    env.update({f"VKS_{k.upper()}": v for k, v in settings.items()})
    return subprocess.run([sys.executable, "-m", "pipeline", *args, "--quiet"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def assert_same(data_dir, want) -> None:
    got = comparable_tables(data_dir)
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], check_like=True, obj=name)


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", ["scrape.listing.after_ledger:2", "scrape.article.before_ledger:7",
                                     "scrape.article.after_ledger:30", "warc.mid_record:12"])
def test_scrape_killed_then_resumed(reference, tmp_path, kill_at):
    server, _, want = reference
    data_dir = tmp_path / "data"
    out = run_killed(["scrape", "--site", "sample", "--base-url", server.url, "--data-dir", str(data_dir),
                      "--delay", "0"], kill_at)
    assert out.returncode == -9, f"the run must die at {kill_at}: {out.stdout}{out.stderr}"
    torn = [check_warc(p)[1] for p in (data_dir / "raw" / "warc").glob("*.warc.gz")]
    if kill_at.startswith("warc.mid_record"):
        assert any(t is not None for t in torn), "a kill inside a record leaves a torn tail, detected"
    else:
        assert all(t is None for t in torn)
    crawl(server, data_dir)  # the next run resumes
    process(settings_for(data_dir))
    assert_same(data_dir, want)


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", ["process.after_tokens", "process.after_entities", "process.after_articles",
                                     "process.after_tokens:3", "process.after_articles:2",
                                     "process.after_crawl_log", "process.before_catalog"])
def test_process_killed_then_resumed(reference, tmp_path, kill_at):
    _, ref_dir, want = reference
    data_dir = tmp_path / "data"
    shutil.copytree(ref_dir / "raw", data_dir / "raw")
    # batches of 25: the 90 articles are committed in four batches, and a kill can land between two
    out = run_killed(["process", "--data-dir", str(data_dir)], kill_at, batch_size="25")
    assert out.returncode == -9, f"the run must die at {kill_at}: {out.stdout}{out.stderr}"
    # what the killed run committed is readable: whole batches, never part of one
    committed = dataset.read_table("articles", data_dir, missing_ok=True)
    assert len(committed) % 25 == 0 or len(committed) == len(want["articles"])
    tokens = dataset.read_table("tokens", data_dir, missing_ok=True)
    assert set(committed["article_id"]) <= set(tokens["article_id"])
    process(settings_for(data_dir))
    assert_same(data_dir, want)
    assert not list((data_dir / "processed").glob(".*tmp")), "half-written files are cleaned up"

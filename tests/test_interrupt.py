"""A scrape killed part way and run again ends with the same tables as an uninterrupted run."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

import pipeline
from pipeline.process import process
from pipeline.scrape.archive import iter_records

from .conftest import ROOT, clean_env, crawl, settings_for

VOLATILE = {"processed_at", "fetched_at"}


def comparable_tables(data_dir: Path) -> dict[str, pd.DataFrame]:
    out = {}
    for name in ("articles", "tokens", "entities"):
        df = pipeline.load(name, data_dir)
        df = df.drop(columns=[c for c in df.columns if c in VOLATILE])
        out[name] = df.sort_values(list(df.columns[:2])).reset_index(drop=True)
    log = pipeline.load("crawl_log", data_dir)
    out["crawl_log"] = (log[log["kind"] != "listing"][["url", "kind", "status", "outcome", "sha256"]]
                        .sort_values("url").reset_index(drop=True))
    return out


def kill_after(portal, data_dir: Path, requests: int) -> int:
    """Start `vks scrape` in a subprocess and SIGKILL it once the portal has served ``requests``."""
    env = clean_env()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "scrape", "--site", "sample", "--base-url", portal.url,
         "--data-dir", str(data_dir), "--delay", "0.05", "--quiet"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(portal.portal.requests) < requests and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return len(portal.portal.requests)


def test_killed_scrape_resumes_to_the_same_tables(portal, tmp_path):
    reference = tmp_path / "reference"
    crawl(portal, reference)
    process(settings_for(reference))
    total = len(portal.portal.requests)

    interrupted = tmp_path / "interrupted"
    served_before = len(portal.portal.requests)
    served = kill_after(portal, interrupted, served_before + total // 3) - served_before
    assert 0 < served < total, "the kill must land part way through the crawl"
    for warc in (interrupted / "raw" / "warc").glob("*.warc.gz"):
        list(iter_records(warc))  # readable after the kill

    crawl(portal, interrupted)
    process(settings_for(interrupted))
    got, want = comparable_tables(interrupted), comparable_tables(reference)
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], check_like=True, obj=name)

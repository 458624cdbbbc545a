"""The fault suite: a real local server misbehaving in every way a government portal does. For each
fault the scraper must do the right thing, record the outcome and reason in the ledger, finish the run,
count it, and lose nothing already collected. The table of results is printed at the end of the run."""

from __future__ import annotations

import pandas as pd
import pytest

import pipeline
from pipeline.config import load_settings
from pipeline.process import process
from pipeline.sample_portal import content
from pipeline.sample_portal.faults import FAULTS, LISTING_FAULTS, FaultPortal, FaultServer, donor, fault_path
from pipeline.scrape import scrape
from pipeline.scrape.ledger import Ledger
from pipeline.sites import load_profile
from pipeline.text import collapse_spaces, nfc, normalise_text

from .conftest import vks

FAULT_TABLE: list[tuple[str, str, str, int]] = []  # printed by conftest.pytest_terminal_summary

SETTINGS = dict(delay=0.0, timeout=0.5, retries=1, backoff=0.05, max_retry_after=5.0, max_bytes=1_000_000,
                max_listing_pages=6)


def settings(data_dir):
    return load_settings(config_file=None, data_dir=data_dir, **SETTINGS)


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory):
    """Run 1 against the faulty portal, process, then the server heals and run 2 follows."""
    data_dir = tmp_path_factory.mktemp("faults")
    portal = FaultPortal(slow_seconds=1.0, oversize_bytes=1_500_000)
    with FaultServer(portal) as server:
        profile = load_profile("faults", server.url)
        first = scrape(profile, settings(data_dir))
        process(settings(data_dir))
        with Ledger(data_dir / "raw" / "ledger.sqlite") as ledger:
            after_first = {r["url"]: dict(r) for r in ledger.rows()}
        tables_first = pipeline.load("articles", data_dir)
        hits_first = dict(portal.hits)
        portal.heal()
        second = scrape(profile, settings(data_dir))
        process(settings(data_dir))
        with Ledger(data_dir / "raw" / "ledger.sqlite") as ledger:
            after_second = {r["url"]: dict(r) for r in ledger.rows()}
        hits_second = {k: v - hits_first.get(k, 0) for k, v in portal.hits.items()}
        yield dict(server=server, data_dir=data_dir, first=first, second=second, after_first=after_first,
                   after_second=after_second, tables_first=tables_first, hits_second=hits_second)


def url_of(run, f) -> str:
    return run["server"].url.rstrip("/") + fault_path(f)


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.key)
def test_fault(fault_run, fault):
    row = fault_run["after_first"].get(url_of(fault_run, fault))
    observed = "not in ledger" if row is None else f"{row['outcome']}" + (f" ({row['error']})" if row["error"] else "")
    articles = pipeline.load("articles", fault_run["data_dir"])
    expected_ids = {f"faults-{a.id}" for a in content.articles()}
    lost = len(expected_ids - set(articles["article_id"]))
    FAULT_TABLE.append((fault.key, fault.expected, observed, lost))

    assert row is not None
    assert row["outcome"] == fault.outcome, observed
    assert lost == 0
    if fault.outcome not in ("ok", "not_modified"):
        assert row["error"], "every skip has its reason"
    if fault.good:
        got = articles[articles["article_id"] == f"faults-{fault.id}"]
        assert len(got) == 1
        src = donor(fault)
        # compared as the NLP sees them: a windows-1258 page cannot hold U+00D0, only Đ
        assert normalise_text(got.iloc[0]["title"]) == normalise_text(collapse_spaces(nfc(src.title)))
        assert normalise_text(got.iloc[0]["body"]) == normalise_text("\n\n".join(collapse_spaces(nfc(p)) for p in src.body))
    path = fault_path(fault)
    again = fault_run["hits_second"].get(path, 0)
    if fault.transient:
        assert again >= 1, "a transient failure is retried by the next run"
        assert fault_run["after_second"][url_of(fault_run, fault)]["outcome"] == "ok"
    elif fault.outcome in ("gone", "robots", "ok"):
        assert again == 0, "gone, excluded and collected pages are not asked for again"


def test_listing_faults_stop(fault_run):
    rows = fault_run["after_first"]
    base = fault_run["server"].url.rstrip("/")
    endless = rows[base + LISTING_FAULTS["endless"]]
    assert endless["outcome"] == "too_many_pages"
    assert sum(1 for u in rows if u.startswith(base + LISTING_FAULTS["endless"])) == SETTINGS["max_listing_pages"]
    cycle = rows[base + LISTING_FAULTS["cycle"]]
    assert cycle["outcome"] == "loop" and "cycles back" in cycle["error"]
    FAULT_TABLE.append(("listing_endless", "stop after max_listing_pages", endless["outcome"], 0))
    FAULT_TABLE.append(("listing_cycle", "detect the cycle and stop", cycle["outcome"], 0))


def test_summary_counts_every_outcome_and_the_run_is_partial(fault_run):
    first = fault_run["first"]
    for fault in FAULTS:
        assert first.outcomes[f"article:{fault.outcome}"] >= 1
    assert sum(v for k, v in first.outcomes.items() if k.startswith("article:")) >= len(FAULTS) - 1
    assert first.failed > 0
    assert fault_run["second"].failed > 0  # the permanent faults remain
    # nothing collected in the first run went missing in the second
    before = fault_run["tables_first"].set_index("article_id")["raw_sha256"]
    after = pipeline.load("articles", fault_run["data_dir"]).set_index("article_id")["raw_sha256"]
    assert set(before.index) <= set(after.index)


def test_skipped_pages_are_in_the_processed_tables_with_reasons(fault_run):
    log = pipeline.load("crawl_log", fault_run["data_dir"])
    no_article = log[log["outcome"] == "no_article"]
    assert len(no_article) == 2 and no_article["error"].str.contains("no article").all()


def test_exit_code_says_something_failed(tmp_path):
    with FaultServer(FaultPortal(slow_seconds=1.0, oversize_bytes=1_500_000)) as server:
        env = {f"VKS_{k.upper()}": str(v) for k, v in SETTINGS.items()}
        out = vks("scrape", "--site", "faults", "--base-url", server.url, "--data-dir", str(tmp_path), "-q",
                  env=env, check=False)
    assert out.returncode == 4, out.stderr
    assert "transient" in out.stdout and "no_article" in out.stdout


def test_fault_table_is_complete(fault_run):
    # runs last in this module: every fault has its row
    keys = {row[0] for row in FAULT_TABLE}
    assert {f.key for f in FAULTS} <= keys
    assert all(row[3] == 0 for row in FAULT_TABLE)
    assert isinstance(pd.DataFrame(FAULT_TABLE), pd.DataFrame)

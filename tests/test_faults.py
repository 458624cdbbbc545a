"""The fault suite: a real local server misbehaving in every way a government portal does. For each
fault the scraper must do the right thing, record the outcome and reason in the ledger, finish the run,
count it, and lose nothing already collected. The table of results is printed at the end of the run."""

from __future__ import annotations

from typing import NamedTuple

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

from .conftest import FAULT_TABLE_KEY, vks

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


class Row(NamedTuple):
    """One line of the fault table: the fault, what must happen, what the ledger says, articles lost."""

    key: str
    expected: str
    outcome: str | None  # None: not in the ledger
    observed: str
    lost: int


def lost_articles(run) -> int:
    articles = pipeline.load("articles", run["data_dir"])
    return len({f"faults-{a.id}" for a in content.articles()} - set(articles["article_id"]))


def fault_table(run) -> dict[str, Row]:
    """The table, computed from the run alone (no state shared between tests)."""
    lost = lost_articles(run)
    table = {}
    for fault in FAULTS:
        row = run["after_first"].get(url_of(run, fault))
        observed = "not in ledger" if row is None else row["outcome"] + (f" ({row['error']})" if row["error"] else "")
        table[fault.key] = Row(fault.key, fault.expected, row["outcome"] if row else None, observed, lost)
    base = run["server"].url.rstrip("/")
    for key, expected in (("endless", "stop after max_listing_pages"), ("cycle", "detect the cycle and stop")):
        row = run["after_first"].get(base + LISTING_FAULTS[key])
        table[f"listing_{key}"] = Row(f"listing_{key}", expected, row["outcome"] if row else None,
                                      row["outcome"] if row else "not in ledger", 0)
    return table


@pytest.fixture(scope="module")
def table(fault_run, request) -> dict[str, Row]:
    built = fault_table(fault_run)
    # only for the report printed at the end of the session (conftest.pytest_terminal_summary)
    request.config.stash[FAULT_TABLE_KEY] = list(built.values())
    return built


def check_row(table: dict[str, Row], fault) -> None:
    """The fault's own row is there, says what was expected, shows the expected outcome and no loss."""
    assert fault.key in table, f"no row for fault {fault.key}"
    row = table[fault.key]
    assert row.expected == fault.expected and row.expected, row
    assert row.outcome == fault.outcome, f"{fault.key}: expected {fault.outcome}, observed {row.observed}"
    assert row.lost == 0, f"{fault.key}: {row.lost} articles lost"


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.key)
def test_fault(fault_run, fault):
    row = fault_run["after_first"].get(url_of(fault_run, fault))
    observed = "not in ledger" if row is None else f"{row['outcome']}" + (f" ({row['error']})" if row["error"] else "")
    articles = pipeline.load("articles", fault_run["data_dir"])
    lost = lost_articles(fault_run)

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


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.key)
def test_fault_table_has_the_faults_row(table, fault):
    check_row(table, fault)


def test_fault_table_check_fails_on_a_broken_table(table):
    # the check above can fail: a missing row, a wrong outcome and a lost article are each caught
    fault = FAULTS[0]
    without = {k: v for k, v in table.items() if k != fault.key}
    for broken in (without, {**table, fault.key: table[fault.key]._replace(outcome="ok" if fault.outcome != "ok" else "gone")},
                   {**table, fault.key: table[fault.key]._replace(lost=1)}):
        with pytest.raises(AssertionError):
            check_row(broken, fault)
    assert {"listing_endless", "listing_cycle"} <= set(table)

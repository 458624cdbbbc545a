"""`vks serve` in a real browser: Debian's chromium driven by playwright over the demo data.

Search a word with and without tone marks, open an article, facet by unit, run canned queries. Skipped only
when chromium is absent outside CI; in CI (CI=true) a missing chromium fails: `.ci/run` installs it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, clean_env

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
START_TIMEOUT = 180
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# skip before the session's demo data is built for nothing; in CI a missing browser fails (below)
pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and not IN_CI,
                                reason=f"{CHROMIUM} is not installed (apt-get install chromium); the browser test needs it")


def _require_browser():
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run installs it with apt-get install chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); the browser test needs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            raise
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    return sync_playwright


@pytest.fixture(scope="module")
def served(demo_data, tmp_path_factory):
    """`vks serve` on a free port over the demo data; the export goes to a temporary file, not demo_data."""
    sync_playwright = _require_browser()  # noqa: F841  (skip before the server costs anything)
    tmp = tmp_path_factory.mktemp("serve")
    db, log = tmp / "vks.db", tmp / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--data-dir", str(demo_data),
                                 "--db", str(db), "--port", "0", "--no-open"], stdout=out,
                                stderr=subprocess.STDOUT, env=clean_env(), cwd=ROOT)
    url = None
    deadline = time.monotonic() + START_TIMEOUT
    while url is None and time.monotonic() < deadline and proc.poll() is None:
        found = re.search(r"vks serve: (http://127\.0\.0\.1:\d+/)", log.read_text())
        url = found.group(1) if found else time.sleep(0.2)
    if url is None:
        proc.kill()
        pytest.fail(f"vks serve did not start:\n{log.read_text()}")
    yield url, db
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0, log.read_text()
    # Datasette stopped with it: the port no longer answers
    host, port = url.split("//")[1].rstrip("/").split(":")
    with socket.socket() as s, pytest.raises(OSError):
        s.settimeout(2)
        s.connect((host, int(port)))
    assert not (demo_data / "exports").exists()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    sync_playwright = _require_browser()
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser):
    page = browser.new_page()
    page.set_default_timeout(20_000)
    yield page
    page.close()


def row_count(page) -> int:
    """The number in Datasette's "N rows where ..." heading."""
    heading = page.locator("h3").first.inner_text()
    found = re.search(r"([\d,]+) rows?\b", heading)
    assert found, heading
    return int(found.group(1).replace(",", ""))


def search(page, base: str, words: str) -> tuple[int, list[str], str]:
    page.goto(base + "vks/articles")
    page.fill("input[name=_search]", words)
    page.press("input[name=_search]", "Enter")
    page.wait_for_url(re.compile(r"_search="))
    return row_count(page), page.locator("td.col-article_id a").all_inner_texts(), page.locator("h3").first.inner_text()


def test_search_with_and_without_tone_marks(served, page):
    base, _ = served
    with_marks = search(page, base, "Đảng")
    without = search(page, base, "Dang")
    assert 0 < with_marks[0] < 90, with_marks[2]  # a real filter over the 90 articles
    assert "search matches" in with_marks[2]
    assert with_marks[:2] == without[:2]  # the same count and the same articles, in the same order
    assert search(page, base, "ĐẢNG")[:2] == with_marks[:2]


def test_open_an_article(served, page):
    base, db = served
    _, ids, _ = search(page, base, "chuyển đổi số")
    assert ids
    page.click(f"td.col-article_id a >> text={ids[0]}")
    page.wait_for_url(re.compile(rf"/vks/articles/{re.escape(ids[0])}$"))
    title = sqlite3.connect(db).execute("SELECT title FROM articles WHERE article_id = ?", [ids[0]]).fetchone()[0]
    assert ids[0] in page.locator("h1").inner_text()
    assert title in page.locator("td.col-title").inner_text()
    # the entities found in it link back: "N rows from article_id in entities"
    links = page.locator("h2:has-text('Links from other tables') + ul").inner_text()
    assert re.search(r"\d+ rows?\s+from article_id in entities", links), links


def test_facet_by_unit(served, page):
    base, _ = served
    page.goto(base + "vks/articles")
    total = row_count(page)
    item = page.locator("#facet-units_mentioned li").first
    name, count = re.match(r"(.+)\s+([\d,]+)$", item.inner_text().strip()).groups()
    count = int(count.replace(",", ""))
    assert 0 < count < total
    item.locator("a").click()
    page.wait_for_url(re.compile(r"units_mentioned__arraycontains="))
    assert row_count(page) == count
    assert name in page.locator("h3").first.inner_text()
    assert page.locator("td.col-article_id").count() == min(count, 50)


def test_run_canned_queries(served, page):
    base, _ = served
    page.goto(base + "vks")
    page.click("text=Articles mentioning a unit")
    page.fill("input[name=unit]", "cam lam")  # without tone marks
    page.click("input[type=submit][value='Run SQL']")
    page.wait_for_url(re.compile(r"unit=cam"))
    units = page.locator("table.rows-and-columns td.col-unit").all_inner_texts()
    assert units and all("Cam Lâm" in u for u in units), units
    page.goto(base + "vks")
    page.click("text=Most-cited documents per year")
    page.wait_for_url(re.compile(r"/vks/most_cited_documents_per_year$"))
    ranks = page.locator("table.rows-and-columns td.col-rank").all_inner_texts()
    assert ranks and ranks[0].strip() == "1", ranks
    assert row_count(page) == len(ranks)

"""Re-runs are incremental, refresh revalidates with conditional GET, and an edited article keeps one row."""

from __future__ import annotations

from pathlib import Path

import pipeline
from pipeline.process import process
from pipeline.sample_portal import content
from pipeline.text import collapse_spaces, nfc, normalise_text

from .conftest import crawl, settings_for


def _paths(portal, kind: str) -> list[str]:
    marker = {"article": "_2_a.html", "listing": "_2_c.html"}[kind]
    return [p for p, _ in portal.portal.requests if marker in p.split("?")[0]]


def _snapshot(data_dir: Path) -> dict:
    """Every table's Delta version and the catalog's bytes: a run that commits nothing leaves them all."""
    from pipeline import dataset

    return {**dataset.table_versions(data_dir), "catalog": (data_dir / "processed" / "catalog.duckdb").read_bytes()}


def test_second_run_fetches_no_article_and_one_listing_page_per_category(portal, tmp_path):
    first = crawl(portal, tmp_path)
    assert first.new_articles == len(content.articles())
    n_categories = len(content.categories())
    assert len(_paths(portal, "listing")) > n_categories  # the first walk pages through the listings

    portal.portal.requests.clear()
    second = crawl(portal, tmp_path)
    assert second.new_articles == 0
    assert _paths(portal, "article") == []
    listing = _paths(portal, "listing")
    assert len(listing) <= n_categories
    assert len(set(listing)) == len(listing)
    others = [p for p, _ in portal.portal.requests if "_2_" not in p]
    assert others == ["/robots.txt"]


def test_process_is_idempotent(portal, tmp_path):
    crawl(portal, tmp_path)
    settings = settings_for(tmp_path)
    first = process(settings)
    assert first.parsed == len(content.articles())
    before = _snapshot(tmp_path)
    again = process(settings)
    assert again.parsed == 0 and again.tables_written == []
    assert _snapshot(tmp_path) == before


def test_refresh_picks_up_an_edited_article_once(portal, tmp_path):
    edited_id = content.settings()["edited_article"]
    original, revised = content.article(edited_id), content.article(edited_id).revised()
    assert revised.title != original.title or revised.body != original.body

    crawl(portal, tmp_path)
    settings = settings_for(tmp_path)
    process(settings)
    portal.portal.edited = True
    portal.portal.requests.clear()

    # a normal run does not see the edit (the article is known) ...
    crawl(portal, tmp_path)
    assert _paths(portal, "article") == []

    # ... a refresh revalidates every known article with a conditional GET
    summary = crawl(portal, tmp_path, refresh=True)
    statuses = [s for p, s in portal.portal.requests if "_2_a.html" in p]
    assert statuses.count(200) == 1  # only the edited page is sent again
    assert statuses.count(304) == len(content.articles()) - 1
    assert summary.updated_articles == 1

    result = process(settings)
    assert result.parsed == 1
    articles = pipeline.load("articles", tmp_path)
    rows = articles[articles["article_id"] == f"sample-{edited_id}"]
    assert len(rows) == 1
    assert rows.iloc[0]["title"] == normalise_text(collapse_spaces(nfc(revised.title)))
    assert rows.iloc[0]["body"] == normalise_text("\n\n".join(collapse_spaces(nfc(p)) for p in revised.body))
    assert len(articles) == len(content.articles())
    tokens = pipeline.load("tokens", tmp_path)
    mine = tokens[tokens["article_id"] == f"sample-{edited_id}"]
    assert list(mine["sentence"]) == list(range(len(mine)))  # the old version's tokens are gone

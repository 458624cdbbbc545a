"""The synthetic portal for scale runs: recombined sample sentences, written as a raw crawl `vks process`
reads like any other."""

from __future__ import annotations

import pipeline
from pipeline.process import process
from pipeline.sample_portal.content import articles, synthetic_articles
from pipeline.sample_portal.synthetic import synthetic_crawl

from .conftest import settings_for


def test_synthetic_articles_recombine_the_sample_sentences_only():
    made = synthetic_articles(20, seed=3)
    assert made == synthetic_articles(20, seed=3)  # deterministic
    assert len({a.id for a in made}) == 20
    sentences = {p for a in articles() for p in (a.lead, *a.body)}
    assert all(a.lead in sentences and set(a.body) <= sentences for a in made)


def test_a_synthetic_crawl_processes_into_the_tables(tmp_path):
    assert synthetic_crawl(tmp_path / "raw", 6) == 6
    summary = process(settings_for(tmp_path))
    assert summary.parsed == 6 and not summary.skipped
    got = pipeline.load("articles", tmp_path)
    assert sorted(got["article_id"]) == [f"sample-{1_000_000 + i}" for i in range(6)]
    assert got["article_type"].notna().all()

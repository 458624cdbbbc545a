"""The whole path over real HTTP: the articles table holds exactly the sample portal's articles."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
import pytest

import pipeline
from pipeline.sample_portal import content
from pipeline.text import collapse_spaces, nfc, normalise_text

CHROME = ["Liên kết website", "Thống kê truy cập", "Trang chủ", "Tin khác", "Trang thông tin tổng hợp",
          "Cơ quan chủ quản", "In bài viết", "Tổng lượt truy cập"]


def expected_published(a):
    return None if a.date_display == "none" else a.published


def clean(s: str) -> str:
    """The source field as the tables store it: one normalisation for every text field."""
    return normalise_text(collapse_spaces(nfc(s)))


@pytest.fixture(scope="module")
def articles(demo_data) -> pd.DataFrame:
    return pipeline.load("articles", demo_data).set_index("article_id")


def test_exactly_the_sample_articles(articles):
    expected = {f"sample-{a.id}" for a in content.articles()}
    assert set(articles.index) == expected
    assert articles.index.is_unique  # the article listed in two sections appears once


def test_an_article_is_listed_in_two_sections():
    assert any(a.also_in for a in content.articles())


@pytest.mark.parametrize("a", content.articles(), ids=lambda a: str(a.id))
def test_every_field_equals_the_source(articles, a):
    row = articles.loc[f"sample-{a.id}"]
    assert row["title"] == clean(a.title)
    assert row["lead"] == clean(a.lead)
    assert row["body"] == "\n\n".join(clean(p) for p in a.body)
    assert row["author"] == clean(a.author)
    assert row["category"] == clean(content.category(a.category).name)
    published = None if pd.isna(row["published_at"]) else pd.Timestamp(row["published_at"]).date()
    assert published == expected_published(a)
    source = None if pd.isna(row["date_source"]) else row["date_source"]
    assert source == {"printed": "page", "meta": "meta", "text": "text", "none": None}[a.date_display]


def test_no_page_chrome_or_captions_in_any_body(articles):
    captions = {img["caption"] for a in content.articles() for img in a.images if img.get("caption")}
    for aid, row in articles.iterrows():
        for chrome in CHROME:
            assert chrome not in row["body"], (aid, chrome)
        for caption in captions:
            assert caption not in row["body"].split("\n\n"), (aid, caption)
        assert not row["body"].startswith(row["title"]), aid  # the repeated title above a photo is dropped


def test_text_is_normalised_and_holds_every_part(articles):
    for _, row in articles.iterrows():
        assert unicodedata.is_normalized("NFC", row["text"])
        assert not re.search(r"\b(Uỷ|Toà|Hoà|uỷ|toà|hoà)\b", row["text"])
        assert row["text"] == normalise_text("\n\n".join([row["title"], row["lead"], row["body"], row["author"]]))


def test_nfd_article_comes_out_nfc(articles):
    nfd_ids = content.settings()["nfd_articles"]
    assert nfd_ids
    for aid in nfd_ids:
        row = articles.loc[f"sample-{aid}"]
        for col in ("title", "lead", "body", "author", "category"):
            assert unicodedata.is_normalized("NFC", row[col])
        assert row["title"] == clean(content.article(aid).title)


def test_gone_page_is_in_the_ledger(demo_data):
    log = pipeline.load("crawl_log", demo_data)
    gone = log[log["status"] == 404]
    assert len(gone) == 1
    assert gone.iloc[0]["outcome"] == "gone" and gone.iloc[0]["kind"] == "article"
    assert "_987_" in gone.iloc[0]["url"]


def test_tokens_cover_every_article(demo_data, articles):
    tokens = pipeline.load("tokens", demo_data)
    assert set(tokens["article_id"]) == set(articles.index)
    for aid, group in tokens.groupby("article_id"):
        text = articles.loc[aid, "text"]
        assert list(group["sentence"]) == list(range(len(group)))
        for start, end, toks in zip(group["start"], group["end"], group["tokens"], strict=True):
            sentence = text[start:end]
            assert sentence.strip() == sentence and sentence
            # tokens are the sentence's own syllables, in order
            assert " ".join(toks).replace(" ", "") == sentence.replace(" ", "").replace("\n", "")


def test_every_table_carries_the_schema_version(demo_data):
    from pipeline import dataset

    for name in ("articles", "tokens", "entities", "units", "crawl_log"):
        assert dataset.schema_version(name, demo_data) == "1"

"""The sample portal's articles keep to their own data contract (what the portal, the parser tests and the
NLP gold rely on)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from pipeline.parse.dates import first_date_in_text
from pipeline.sample_portal import content

TYPES = {"kiem_sat", "hoi_nghi", "thi_dua", "dang_doan_the", "phap_luat", "to_chuc_can_bo", "thanh_tra",
         "dao_tao", "ky_niem", "chuyen_doi_so", "khac"}
ARTICLES = content.articles()


def test_size_and_coverage():
    assert len(ARTICLES) >= 80
    assert len({a.id for a in ARTICLES}) == len(ARTICLES)
    per_type = Counter(a.type for a in ARTICLES)
    assert set(per_type) == TYPES
    assert min(per_type.values()) >= 5, per_type
    years = Counter(a.published.year for a in ARTICLES)
    assert all(years[y] for y in range(2019, 2026)), years
    assert sum(a.published >= date(2025, 7, 1) for a in ARTICLES) >= 5
    assert sum(1 for a in ARTICLES if a.also_in) >= 1
    displays = Counter(a.date_display for a in ARTICLES)
    assert displays["printed"] and displays["meta"] and displays["text"] and displays["none"] == 1
    assert sum(a.caption_repeats_title for a in ARTICLES) >= 5
    assert content.article(content.settings()["edited_article"]).revision


@pytest.mark.parametrize("a", ARTICLES, ids=lambda a: str(a.id))
def test_article_contract(a):
    assert a.type in TYPES
    assert a.category in {c.key for c in content.categories()}
    assert all(k in {c.key for c in content.categories()} and k != a.category for k in a.also_in)
    assert date(2019, 1, 1) <= a.published <= date(2025, 12, 31)
    assert 1500 <= len(a.text) <= 5000, len(a.text)
    assert a.body and all(p.strip() == p and "\n" not in p for p in a.body)
    assert 1 <= len(a.author.split()) <= 5 and not re.search(r"[.!?:;]$", a.author.rstrip("."))
    assert set(a.entities) == {"DOCREF", "DATE", "UNIT", "PERSON", "LAW"}
    assert a.author in a.entities["PERSON"] or not a.author[:1].isupper()
    if a.date_display == "text":
        assert first_date_in_text("\n".join([a.lead, *a.body])) == a.published
    if a.date_display == "none":
        assert first_date_in_text("\n".join([a.lead, *a.body])) is None
    for img in a.images:
        assert -1 <= int(img["after"]) < len(a.body)

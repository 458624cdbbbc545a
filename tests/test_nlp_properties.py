"""Whatever the text, the NLP stage returns entities whose offsets point at their text."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp import ENTITY_TYPES, Context, extract_entities
from pipeline.text import normalise_text

# fragments of the genre, shuffled and glued by hypothesis into odd texts
FRAGMENTS = ["Ngày 04/01/2021", "VKSND huyện Cam Lâm", "Công văn số 3646/UBND-NC", "ngày 17/11", "Điều 173 BLHS",
             "khoản 1, 2 Điều 134", "đồng chí Nguyễn Văn An, Viện trưởng", "Toà án nhân dân tỉnh", "tháng 9/2024",
             "Nghị định 118/2024/CP", "12-13/6/2024", "Chỉ thị 05", "Công an huyện", "UBND tỉnh Khánh Hoà", ", ",
             ". ", "\n\n", " - ", "(", ")", "số", "VKSND khu vực 6 - Gia Lai", "Trần Văn T.", "các ngày 5, 6 và 7/8"]
CTX = st.builds(Context, published=st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2026, 12, 31))),
                site=st.just("sample"), owner=st.sampled_from([None, "Viện kiểm sát nhân dân tỉnh Khánh Hòa"]))


def check(text: str, ctx: Context) -> None:
    text = normalise_text(text)
    for e in extract_entities(text, ctx):
        assert e.type in ENTITY_TYPES
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start:e.end] == e.text
        assert e.value.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(), CTX)
def test_arbitrary_text(text, ctx):
    check(text, ctx)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join), CTX)
def test_genre_like_text(text, ctx):
    check(text, ctx)

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text import comparable, fold, normalise, normalise_text


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("Toà án nhân dân tỉnh Khánh Hoà", "Tòa án nhân dân tỉnh Khánh Hòa"),
        ("hoà giải, thuỷ sản, khoẻ mạnh", "hòa giải, thủy sản, khỏe mạnh"),
        ("UỶ BAN", "ỦY BAN"),
        ("Ðảng ủy", "Đảng ủy"),
        ("2020 – 2025 — nay", "2020 - 2025 - nay"),
        # already new style, or not the o+a / o+e / u+y pattern at a syllable end: unchanged
        ("quý, hoàn thành, thuyết phục, Quỳnh, hoạt động, khuya", "quý, hoàn thành, thuyết phục, Quỳnh, hoạt động, khuya"),
    ],
)
def test_normalise_text(written, expected):
    assert normalise_text(written) == expected


def test_nfd_is_composed_and_offsets_point_back():
    raw = unicodedata.normalize("NFD", "Viện kiểm sát nhân dân huyện Khánh Vĩnh")
    out, offsets = normalise(raw)
    assert out == "Viện kiểm sát nhân dân huyện Khánh Vĩnh"
    assert len(offsets) == len(out) + 1
    start = out.index("Khánh")
    assert unicodedata.normalize("NFC", raw[offsets[start]:offsets[start + 5]]) == "Khánh"


def test_comparable_folds_case_space_and_tone():
    assert comparable("  Uỷ ban  nhân dân\nTỉnh ") == comparable("ủy ban nhân dân tỉnh")


@given(st.text())
def test_normalise_never_raises_and_maps_every_char(s):
    out, offsets = normalise(s)
    assert len(offsets) == len(out) + 1
    assert offsets == sorted(offsets)
    assert offsets[-1] == len(s)


@given(st.text(alphabet=st.sampled_from(list("aoeuyqhtAOUY àáảãạèéẻẽẹỳýỷỹỵ-–Ð\u00a0"))))
def test_fold_keeps_length(s):
    s = unicodedata.normalize("NFC", s)
    assert len(fold(s)) == len(s)

"""Parsing: profile selectors, the trafilatura fallback, encodings, day-first dates."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.errors import ParseError
from pipeline.parse import decode_html, first_date_in_text, parse_article, parse_day_first
from pipeline.sites import load_profile
from pipeline.text import encode_cp1258

PROFILE = load_profile("sample", "http://127.0.0.1:1/")
URL = "http://127.0.0.1:1/hoi-nghi_4321_2_2_a.html"
LONG = ("Hội nghị đã đánh giá kết quả công tác kiểm sát trong năm, chỉ ra những hạn chế và đề ra các giải pháp "
        "khắc phục trong thời gian tới nhằm nâng cao chất lượng thực hành quyền công tố. ") * 3


def page(content: str, head: str = "", extra: str = "") -> str:
    return (f"<html><head><meta charset='utf-8'>{head}</head><body><div class='breadcrumb'><a href='/'>Trang chủ</a>"
            f" » <a href='/x_2_2_c.html'>Tin hoạt động</a></div><div class='news-detail'>"
            f"<h1 class='news-title'>Hội nghị tổng kết</h1>{extra}<div class='news-sapo'>Mở đầu bài.</div>"
            f"{content}</div><div id='sidebar'>Liên kết website</div></body></html>")


def test_profile_selectors():
    html = page("<div class='news-content'><p>Hội nghị tổng kết</p><p>Đoạn một.</p><table class='image-box'><tr><td>"
                "Ảnh minh họa</td></tr></table><p>Đoạn hai.</p><p><strong>Lê Thị T.</strong></p></div>",
                extra="<div class='news-date'>Thứ Ba, 05/01/2021 | 08:30</div>")
    art = parse_article(html, URL, PROFILE)
    assert art.title == "Hội nghị tổng kết"
    assert art.lead == "Mở đầu bài."
    assert art.body == "Đoạn một.\n\nĐoạn hai."  # repeated title and caption dropped, byline taken out
    assert art.author == "Lê Thị T."
    assert art.category == "Tin hoạt động"
    assert (art.published, art.date_source) == (date(2021, 1, 5), "page")
    assert art.method == "profile"


def test_a_closing_sentence_is_not_a_byline():
    html = page("<div class='news-content'><p>Đoạn một.</p><p>Hội nghị kết thúc tốt đẹp.</p></div>")
    art = parse_article(html, URL, PROFILE)
    assert art.author is None
    assert art.body.endswith("Hội nghị kết thúc tốt đẹp.")


def test_date_from_metadata_then_from_the_first_dated_sentence():
    meta = "<meta property='article:published_time' content='2023-06-20T09:00:00+07:00'>"
    html = page("<div class='news-content'><p>Ngày 19/6/2023, đoàn công tác làm việc.</p></div>", head=meta)
    assert parse_article(html, URL, PROFILE).published == date(2023, 6, 20)
    art = parse_article(page("<div class='news-content'><p>Thực hiện Kế hoạch số 02/2024/KH-VKS, "
                             "ngày 19 tháng 6 năm 2023, đoàn làm việc.</p></div>"), URL, PROFILE)
    assert (art.published, art.date_source) == (date(2023, 6, 19), "text")


def test_trafilatura_takes_over_when_the_body_selector_finds_nothing():
    html = page(f"<div class='other-layout'><p>{LONG}</p><p>{LONG}</p></div>")
    art = parse_article(html, URL, PROFILE)
    assert art.method == "profile+trafilatura"
    assert "kiểm sát" in art.body
    assert "Liên kết website" not in art.body


def test_generic_extraction_without_a_profile():
    html = (f"<html><head><title>Tập huấn nghiệp vụ</title><meta property='og:title' content='Tập huấn nghiệp vụ'>"
            f"</head><body><nav>Trang chủ | Giới thiệu</nav><article><h1>Tập huấn nghiệp vụ</h1><p>{LONG}</p>"
            f"<p>{LONG}</p></article><footer>Bản quyền</footer></body></html>")
    art = parse_article(html, "https://vks.example.vn/tin/1", None)
    assert art.method == "trafilatura"
    assert art.title == "Tập huấn nghiệp vụ"
    assert "công tố" in art.body and "Bản quyền" not in art.body


def test_a_page_without_an_article_is_a_parse_error():
    with pytest.raises(ParseError, match="no article"):
        parse_article("<html><body><div id='sidebar'>Liên kết website</div></body></html>", URL, PROFILE)


@pytest.mark.parametrize(
    "body, content_type",
    [
        (encode_cp1258("Viện kiểm sát nhân dân tỉnh Khánh Hòa"), "text/html; charset=windows-1258"),
        (encode_cp1258("<meta charset='windows-1258'>Viện kiểm sát nhân dân tỉnh Khánh Hòa"), "text/html"),
        (b"\xef\xbb\xbf" + "Viện kiểm sát nhân dân tỉnh Khánh Hòa".encode(), None),
        ("Viện kiểm sát nhân dân tỉnh Khánh Hòa".encode(), "text/html"),
    ],
)
def test_decode_html(body, content_type):
    assert "Viện kiểm sát nhân dân tỉnh Khánh Hòa" in decode_html(body, content_type)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Thứ Hai, 04/01/2021 - 08:30", date(2021, 1, 4)),
        ("04-01-2021", date(2021, 1, 4)),
        ("ngày 30 tháng 9 năm 2024", date(2024, 9, 30)),
        ("2024-09-30T10:00:00+07:00", date(2024, 9, 30)),
        ("31/02/2024", None),
        ("không có ngày", None),
    ],
)
def test_day_first_dates(value, expected):
    assert parse_day_first(value) == expected


def test_first_date_skips_document_numbers():
    text = "Thực hiện Thông tư số 02/2024/TT-BTP và Công văn số 12/05/2024/UBND, ngày 03/5/2024 hội nghị diễn ra."
    assert first_date_in_text(text) == date(2024, 5, 3)

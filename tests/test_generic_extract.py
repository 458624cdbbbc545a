"""Generic extraction (no selectors): Vietnamese date forms read day-first, NukeViet's odd dates, titles
without the site-name suffix, bodies without the page chrome, and the article signals."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.errors import ParseError
from pipeline.parse import (
    article_signals,
    extract_generic,
    looks_like_article,
    parse_article,
    parse_date,
    parse_day_first,
)
from pipeline.parse.generic import strip_site_suffix

PARA = ("Sáng nay, Viện kiểm sát nhân dân tỉnh tổ chức hội nghị sơ kết công tác kiểm sát sáu tháng đầu năm, "
        "đánh giá kết quả thực hành quyền công tố và kiểm sát hoạt động tư pháp trên địa bàn. ")
PARA2 = ("Các đại biểu đã thảo luận những khó khăn, vướng mắc trong giải quyết án hình sự và thống nhất "
         "nhiều giải pháp nâng cao chất lượng tranh tụng tại phiên tòa trong thời gian tới. ")
CHROME = ["Trang chủ", "Giới thiệu chung", "Tin liên quan mới đăng", "Bình luận của bạn", "Bản quyền thuộc về",
          "Chia sẻ Facebook"]


@pytest.mark.parametrize("value, expected", [
    ("Thứ Hai, 12/08/2025 08:30", date(2025, 8, 12)),
    ("Thứ hai - 12/08/2025 08:30", date(2025, 8, 12)),
    ("Chủ nhật, 3/8/2025", date(2025, 8, 3)),
    ("ngày 12 tháng 8 năm 2025", date(2025, 8, 12)),
    ("12-8-2025", date(2025, 8, 12)),
    ("12 Tháng 8 2025", date(2025, 8, 12)),
    ("12 Tháng Tám, 2025", date(2025, 8, 12)),
    ("Đăng ngày: 01 tháng mười hai, 2024", date(2024, 12, 1)),
    ("2025-08-12T08:30:00+07:00", date(2025, 8, 12)),
    ("2025-08-12+0708:30:00", date(2025, 8, 12)),  # NukeViet's malformed article:published_time
    ("08/12/2025", date(2025, 12, 8)),  # always day-first, even where a month-first reading is possible
])
def test_vietnamese_date_forms_day_first(value, expected):
    assert parse_day_first(value) == expected


def test_declared_formats_read_month_first_dates_when_a_portal_needs_it():
    line = "Gửi bởi admin vào Tue, 08/12/2025 - 08:30"
    assert parse_date(line, ("%a, %m/%d/%Y - %H:%M",)) == date(2025, 8, 12)
    assert parse_date(line) == date(2025, 12, 8)


def chrome_page(article: str, head: str = "", title: str = "Hội nghị sơ kết - VKSND tỉnh Mẫu") -> str:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>"
            "<div class='topbar'>Thứ Năm, 01/01/2026</div>"
            "<nav class='main-menu'><ul><li><a href='/'>Trang chủ</a></li><li><a href='/gt'>Giới thiệu chung</a>"
            "</li></ul></nav><div class='breadcrumb'><a href='/'>Trang chủ</a></div>"
            f"<div class='content-wrap'>{article}"
            "<div class='other-news'><h3>Tin liên quan mới đăng</h3><ul><li><a href='/a-1.html'>Tin khác một</a>"
            " <em>(10/08/2025)</em></li></ul></div>"
            "<div class='comments'>Bình luận của bạn</div><div class='share-tools'>Chia sẻ Facebook</div></div>"
            "<aside class='sidebar'>Liên kết website</aside><footer>Bản quyền thuộc về VKSND tỉnh Mẫu</footer>"
            "</body></html>")


NUKEVIET_ARTICLE = (
    "<div class='news_column panel' itemscope itemtype='http://schema.org/NewsArticle'>"
    "<h1 class='title' itemprop='headline'>Hội nghị sơ kết</h1>"
    "<span class='h5'>Thứ hai - 12/08/2025 08:30</span>"
    "<span class='hidden' itemprop='datePublished'>2025-09-30T10:00:00+07:00</span>"
    f"<div class='hometext' itemprop='description'>{PARA}</div>"
    f"<div id='news-bodyhtml' class='bodytext'><p>{PARA2}</p><p>{PARA}</p></div></div>")


def test_nukeviet_like_page_prefers_the_printed_date_over_the_edit_time():
    head = ("<meta property='og:type' content='article'>"
            "<meta property='article:published_time' content='2025-08-20+0708:30:00'>"
            "<meta itemprop='datePublished' content='2025-09-30T10:00:00+07:00'>")
    art = extract_generic(chrome_page(NUKEVIET_ARTICLE, head), "https://vks.example.vn/vi/news/tin/hoi-nghi-12.html")
    assert art.title == "Hội nghị sơ kết"
    assert (art.published, art.date_source) == (date(2025, 8, 12), "page")
    assert "tranh tụng" in art.body
    for chrome in CHROME:
        assert chrome not in art.body


def test_malformed_nukeviet_meta_is_read_as_its_date_part():
    article = f"<h1>Hội nghị sơ kết</h1><div class='noidung'><p>{PARA}</p><p>{PARA2}</p></div>"
    head = "<meta property='article:published_time' content='2025-08-12+0708:30:00'>"
    art = extract_generic(chrome_page(article, head), "https://vks.example.vn/tin/12")
    assert (art.published, art.date_source) == (date(2025, 8, 12), "meta")


def test_wordpress_like_page_reads_the_time_element():
    article = ("<article id='post-7' class='post type-post'><header><h1 class='entry-title'>Hội nghị sơ kết</h1>"
               "</header><div class='entry-content'>"
               f"<p>{PARA}</p><p>{PARA2}</p></div><footer class='entry-footer'>"
               "<time class='entry-date published' datetime='2025-08-12T08:30:00+07:00'>12 Tháng Tám, 2025</time>"
               "<span class='tags-links'>Thẻ: kiểm sát</span></footer></article>")
    art = extract_generic(chrome_page(article, title="Hội nghị sơ kết | Viện kiểm sát nhân dân tỉnh Mẫu"),
                          "https://vks.example.vn/2025/08/12/hoi-nghi/")
    assert art.title == "Hội nghị sơ kết"
    assert art.published == date(2025, 8, 12)
    assert "Thẻ: kiểm sát" not in art.body and "Bản quyền" not in art.body


def test_title_prefers_og_title_over_the_title_element_and_strips_the_site():
    article = f"<div class='logo'><h1>VKSND tỉnh Mẫu</h1></div><div class='noidung'><p>{PARA}</p><p>{PARA2}</p></div>"
    head = "<meta property='og:title' content='Tập huấn nghiệp vụ kiểm sát - VKSND tỉnh Mẫu'>"
    art = extract_generic(chrome_page(article, head, title="VKSND tỉnh Mẫu"), "https://vks.example.vn/tin/3")
    assert art.title == "Tập huấn nghiệp vụ kiểm sát"


def test_strip_site_suffix():
    assert strip_site_suffix("Hội nghị - Cổng thông tin VKSND tỉnh X") == "Hội nghị"
    assert strip_site_suffix("Phiên tòa rút kinh nghiệm - vụ án ma túy") == "Phiên tòa rút kinh nghiệm - vụ án ma túy"
    assert strip_site_suffix("Hội nghị | Trang Mẫu", site_name="Trang Mẫu") == "Hội nghị"


def test_parse_article_uses_generic_extraction_for_a_preset_without_selectors():
    from pipeline.sites import profile_for

    profile = profile_for("https://vks.example.vn/", "asp")
    art = parse_article(chrome_page(NUKEVIET_ARTICLE), "https://vks.example.vn/newsdetail.asp?newsID=5", profile)
    assert art.method == "trafilatura" and art.published == date(2025, 8, 12)


def test_page_without_an_article_is_a_parse_error():
    with pytest.raises(ParseError, match="no article"):
        extract_generic("<html><body><nav><a href='/'>Trang chủ</a></nav></body></html>", "https://vks.example.vn/")


def test_article_signals():
    assert looks_like_article(chrome_page(NUKEVIET_ARTICLE))  # one NewsArticle microdata item
    jsonld = ("<script type='application/ld+json'>{\"@context\":\"https://schema.org\",\"@graph\":"
              "[{\"@type\":\"Organization\"},{\"@type\":\"NewsArticle\"}]}</script>")
    assert looks_like_article(f"<html><head>{jsonld}</head><body></body></html>")
    assert looks_like_article("<html><head><link rel='shortlink' href='https://x.vn/?p=12'></head></html>")
    assert looks_like_article("<html><head><meta property='og:type' content='article'></head></html>")
    listing = "<html><body><article><h2>A</h2></article><article><h2>B</h2></article></body></html>"
    assert not looks_like_article(listing)
    organization = "<script type='application/ld+json'>{\"@type\": \"Organization\"}</script>"
    assert not looks_like_article(f"<html><head>{organization}<link rel='canonical' href='/x'></head></html>")
    signals = article_signals("<html><head><link rel='canonical' href='https://x.vn/a'>"
                              "<link rel='shortlink' href='https://x.vn/node/3'></head><body><article></article></body></html>")
    assert signals["canonical"] == "https://x.vn/a" and signals["shortlink"] == "https://x.vn/node/3"
    assert signals["article_elements"] == 1


def test_lead_outside_the_body_is_kept_once_and_its_date_read():
    lead = "Ngày 3/7/2025, Viện kiểm sát nhân dân tỉnh Mẫu tổ chức hội nghị triển khai nhiệm vụ công tác kiểm sát."
    cited = "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, hội nghị bàn giải pháp chuyển đổi số. "
    article = (f"<div class='chi-tiet'><h1>Hội nghị triển khai nhiệm vụ</h1><div class='sapo'><strong>{lead}</strong></div>"
               f"<div class='noidung'><p>{cited * 2}</p><p>{PARA}</p><p>{PARA2}</p></div></div>")
    art = extract_generic(chrome_page(article, title="Hội nghị triển khai nhiệm vụ"), "https://vks.example.vn/tin/9")
    text = art.lead + "\n\n" + art.body
    assert text.count("tổ chức hội nghị triển khai") == 1
    # the lead's date, not the cited resolution's (htmldate's "original date" would take the older one)
    assert (art.published, art.date_source) == (date(2025, 7, 3), "text")


def test_a_table_layout_with_no_h1_gives_its_date_line_and_lead():
    # legacy portals put the title in a table cell: the date line and the lead follow that cell
    title = "Hội nghị tập huấn kỹ năng xét hỏi cho Kiểm sát viên"
    lead = "Ngày 09/10/2024, Viện kiểm sát nhân dân tỉnh tổ chức hội nghị tập huấn cho hơn 60 Kiểm sát viên."
    html = (f"<html><head><title>{title} - Cổng thông tin</title></head><body><table>"
            f"<tr><td class='menu'>Trang chủ | Giới thiệu chung</td></tr>"
            f"<tr><td class='tieude'><span>{title}</span></td></tr>"
            f"<tr><td><p><i>(Ngày 10/10/2024)</i></p></td></tr>"
            f"<tr><td class='tomtat'><b>{lead}</b></td></tr>"
            f"<tr><td class='noidung'><p>{PARA}</p><p>{PARA2}</p></td></tr></table></body></html>")
    art = extract_generic(html, "http://vks.example.vn/Noidung_TinTuc.aspx?IDTintuc=7")
    assert art.title == title
    assert (art.published, art.date_source) == (date(2024, 10, 10), "page")
    assert art.lead == lead


@pytest.mark.parametrize("text, expected", [
    # the issue date of a cited document is not when the article happened
    ("Thực hiện Nghị quyết số 14-NQ/TU ngày 02/3/2021 của Tỉnh ủy, sáng 16/9/2024 đoàn đã làm việc.",
     date(2024, 9, 16)),
    ("Căn cứ Kế hoạch số 31/KH-VKS ngày 5/1/2024; ngày 20/3/2024 Viện kiểm sát tổ chức kiểm tra.", date(2024, 3, 20)),
    # nor is a birth date or a founding date
    ("Bị cáo Lê Văn K (sinh ngày 04/7/1988) bị xét xử ngày 11/11/2024.", date(2024, 11, 11)),
    ("Đơn vị thành lập ngày 01/7/2025 và ngày 15/8/2025 đã tổ chức đại hội chi bộ.", date(2025, 8, 15)),
])
def test_first_date_in_text_skips_dates_that_belong_to_something_else(text, expected):
    from pipeline.parse import first_date_in_text

    assert first_date_in_text(text) == expected

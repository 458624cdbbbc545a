"""Fuzzing the parsers a hostile page reaches (hypothesis): bytes -> HTML -> article, the date parsers, the
document-number and unit extractors. No exception but ParseError escapes, and every offset points into the
text it was found in. Sitemaps, feeds and WordPress API pages give links or nothing, never an exception.

Examples are few on purpose: the whole suite must stay fast; hypothesis keeps failing examples in its
database, so a found bug is replayed first on the next run."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pipeline.errors import ParseError
from pipeline.nlp import ENTITY_TYPES, Context, annotate, extract_entities
from pipeline.parse import decode_html, parse_article
from pipeline.parse.dates import first_date_in_text, parse_day_first
from pipeline.sites import load_profile
from pipeline.text import normalise_text

PROFILES = {"sample": load_profile("sample", "http://127.0.0.1:1/"), "vkskh": load_profile("vkskh"), "generic": None}
URLS = {"sample": "http://127.0.0.1:1/bai-viet_1001_1_2_a.html",
        "vkskh": "https://vkskh.gov.vn/bai-viet_1001_1_2_a.html", "generic": "http://127.0.0.1:1/tin/1"}

# the selectors the profiles look for, so generated pages reach past "no article here"
CLASSES = ["news-title", "news-sapo", "news-content", "news-date", "news-detail", "breadcrumb", "image-box",
           "image-caption", "title", "content", "post", "entry-content", ""]
TAGS = ["div", "p", "h1", "h2", "span", "strong", "em", "table", "tr", "td", "ul", "li", "a", "br", "script",
        "style", "article", "section", "meta", "img", "iframe", "font"]
WORDS = ["Viện kiểm sát nhân dân tỉnh Khánh Hòa", "Ngày 05/01/2021", "ngày 31 tháng 2 năm 2024", "Quyết định số",
         "12/2024/QĐ-VKSND", "Điều 173 Bộ luật Hình sự", "VKSND huyện Cam Lâm", "Ðoàn kiểm tra", "Khánh Hoà",
         "&nbsp;", "&amp;", "&#xD800;", "&#99999999;", "&lt;p&gt;", "<!--", "-->", "<![CDATA[", "]]>", "\x00",
         "\u202e", "\ufeff", "\u0301", "Trần Văn T.", "(Ngày 1/1/2020)", "2024-13-45T99:99:99+07:00", "../../",
         "javascript:alert(1)", "\r\n", "\t", "9" * 40, "/" * 10, "Tin khác"]


@st.composite
def element(draw, depth: int = 0) -> str:
    """A (possibly malformed) element with text, attributes and children."""
    tag = draw(st.sampled_from(TAGS))
    attrs = ""
    if draw(st.booleans()):
        attrs += f' class="{draw(st.sampled_from(CLASSES))}"'
    if tag == "meta":
        prop = draw(st.sampled_from(["og:title", "article:published_time", "description"]))
        return f'<meta property="{prop}" content="{draw(st.sampled_from(WORDS))}">'
    if tag == "a":
        attrs += f' href="{draw(st.sampled_from(["/x_1_2_2_a.html", "::", "javascript:x", "http://[::1", ""]))}"'
    inner = draw(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=15),
                                    *([element(depth + 1)] if depth < 3 else [])), max_size=4))
    close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", "</div>", "</p"]))
    return f"<{tag}{attrs}>{''.join(inner)}{close}"


def _skeleton(title: str, parts: list[str], extra: list[str]) -> str:
    # the vkskh article skeleton with hostile content in every slot, so most pages get past "no article"
    return (f'<html><head><title>Tin</title></head><body><div class="breadcrumb"><a href="/">{title}</a></div>'
            f'<div class="news-detail"><h1 class="news-title">{title}</h1><div class="news-date">{title}</div>'
            f'<div class="news-sapo">{"".join(extra)}</div><div class="news-content">{"".join(parts)}'
            f'<p>{title}</p></div></div></body></html>')


FREE = st.lists(element(), min_size=1, max_size=6).map(
    lambda parts: "<html><head><title>Tin</title></head><body>" + "".join(parts) + "</body></html>")
SHAPED = st.builds(_skeleton, st.one_of(st.sampled_from(WORDS), st.text(max_size=30)),
                   st.lists(element(), min_size=1, max_size=5), st.lists(element(), max_size=2))
PAGES = st.one_of(SHAPED, FREE)
ENCODED = st.tuples(PAGES, st.sampled_from(["utf-8", "utf-16", "cp1258", "latin-1"]),
                    st.sampled_from([None, "text/html", "text/html; charset=windows-1258", "text/html; charset=nope"]))


def check_offsets(text: str) -> None:
    for e in extract_entities(text, Context(published=date(2024, 6, 1), site="sample")):
        assert e.type in ENTITY_TYPES
        assert 0 <= e.start < e.end <= len(text), e
        assert text[e.start:e.end] == e.text


def page_to_text(raw: bytes, content_type: str | None, which: str) -> str | None:
    """What ``process`` does with a fetched page up to the NLP: decode, parse, join the fields, normalise."""
    html = decode_html(raw, content_type)
    try:
        art = parse_article(html, URLS[which], PROFILES[which])
    except ParseError:
        return None
    assert isinstance(art.title, str) and art.title.strip()
    assert isinstance(art.body, str) and art.body.strip()
    assert art.published is None or isinstance(art.published, date)
    return normalise_text("\n\n".join(p for p in (art.title, art.lead, art.body, art.author) if p))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ENCODED, st.sampled_from(["sample", "vkskh"]))
def test_a_hostile_page_parses_or_is_refused_with_a_reason(page, which):
    html, codec, ctype = page
    text = page_to_text(html.encode(codec, errors="replace"), ctype, which)
    event("parsed" if text is not None else "refused")
    if text is not None:
        check_offsets(text)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES)
def test_a_hostile_page_without_a_profile_goes_through_generic_extraction(html):
    text = page_to_text(html.encode("utf-8"), "text/html; charset=utf-8", "generic")
    if text is not None:
        check_offsets(text)


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(["sample", "generic"]))
def test_arbitrary_bytes_as_a_page(raw, which):
    page_to_text(raw, None, which)


DATEISH = st.lists(st.one_of(st.sampled_from(["ngày", "tháng", "năm", "/", "-", ".", " ", "T", ":", "+07:00", "Z",
                                              "20", "19", "0", "31", "13", "29", "02", "2024", "1900", "99999"]),
                             st.integers(-5, 10000).map(str), st.text(max_size=5)), max_size=20).map("".join)
# dates as pages print them, with impossible days and months among them (31/02, 0/13)
PRINTED = st.builds(lambda d, m, y, sep, words: f"ngày {d} tháng {m} năm {y}" if words else f"{d}{sep}{m}{sep}{y}",
                    st.integers(0, 40), st.integers(0, 14), st.integers(1899, 2100), st.sampled_from("/-."),
                    st.booleans())
DATEISH = st.one_of(DATEISH, PRINTED, st.builds("{} {} {}".format, DATEISH, PRINTED, DATEISH))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.text(), DATEISH))
def test_date_parsers_return_a_date_or_none(value):
    for found in (parse_day_first(value), first_date_in_text(value or "")):
        assert found is None or (isinstance(found, date) and 1900 <= found.year <= 2099)


@settings(max_examples=150, deadline=None)
@given(DATEISH)
def test_date_entities_point_into_the_text(value):
    check_offsets(normalise_text(value))


NUMBERS = st.lists(st.one_of(
    st.sampled_from(["số ", "Số: ", "Quyết định ", "Công văn ", "Thông tư liên tịch ", "/", "-", "QĐ", "VKSND",
                     "VKSTC", "TTg", "NĐ-CP", "BLHS", "ngày ", "của ", "Điều ", "khoản ", "điểm a ", "\n", ", ",
                     "Viện kiểm sát nhân dân ", "Tòa án nhân dân ", "Công an ", "tỉnh ", "huyện ", "thành phố ",
                     "khu vực ", "Khánh Hòa", "Cam Ranh", "Nha Trang", "Phòng 2 ", "VKSND ", "Cục ", "Vụ ",
                     "Ðội ", "TP. ", "Q. ", "thị xã Ninh Hoà", "Văn phòng ", "Chi cục "]),
    st.integers(0, 10**12).map(str), st.text(alphabet="0123456789/-.ĐđQĐKSND", max_size=12)), max_size=30).map("".join)


@settings(max_examples=150, deadline=None)
@given(NUMBERS)
def test_document_numbers_and_units_point_into_the_text(value):
    check_offsets(normalise_text(value))


@settings(max_examples=20, deadline=None)
@given(NUMBERS)
def test_sentences_and_entities_of_an_annotation_point_into_the_text(value):
    text = normalise_text(value)
    ann = annotate(text, Context(site="sample"))
    for s in ann.sentences:
        assert 0 <= s.start <= s.end <= len(text)
    for e in ann.entities:
        assert text[e.start:e.end] == e.text and 0 <= e.sentence <= max(len(ann.sentences) - 1, 0)


# --- what discovery reads: sitemaps, feeds, the WordPress REST API ---------------------------------------------
LOCS = ["http://127.0.0.1:1/tin/1", "/tuong-doi", "http://[::1", "javascript:alert(1)", "", " ", "::", "&amp;x=1",
        "http://127.0.0.1:1/a?b=1&c=2", "https://vkskh.gov.vn/bai-viet_1_2_3_a.html", "\x00", "é/ư", "9" * 30]
STAMPS = ["2024-06-01", "2024-06-01T08:00:00+07:00", "2024-13-45T99:99:99Z", "hôm qua", "", "Sat, 01 Jun 2024 "
          "08:00:00 +0700", "Mon, 31 Feb 2024 25:61:00 GMT", "0000-00-00", "9999-12-31T23:59:59Z"]
PIECE = st.one_of(st.sampled_from(LOCS), st.sampled_from(STAMPS), st.text(max_size=10))


def _urlset(entries: list[tuple[str, str]], index: bool) -> str:
    outer, inner = ("sitemapindex", "sitemap") if index else ("urlset", "url")
    body = "".join(f"<{inner}><loc>{loc}</loc><lastmod>{mod}</lastmod></{inner}>" for loc, mod in entries)
    return f'<?xml version="1.0"?><{outer} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</{outer}>'


def _rss(entries: list[tuple[str, str]], atom: bool) -> str:
    if atom:
        body = "".join(f'<entry><title>t</title><link href="{loc}"/><updated>{mod}</updated></entry>'
                       for loc, mod in entries)
        return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">{body}</feed>'
    body = "".join(f"<item><title>t</title><link>{loc}</link><pubDate>{mod}</pubDate></item>" for loc, mod in entries)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>{body}</channel></rss>'


ENTRIES = st.lists(st.tuples(PIECE, PIECE), max_size=6)
# well-formed shells with hostile values, truncated at a random point half the time, or any bytes at all
XMLDOCS = st.one_of(
    st.builds(lambda e, i, cut: _urlset(e, i)[:cut], ENTRIES, st.booleans(), st.integers(0, 4000)),
    st.builds(lambda e, a, cut: _rss(e, a)[:cut], ENTRIES, st.booleans(), st.integers(0, 4000)),
    st.text(max_size=200)).map(lambda s: s.encode("utf-8", errors="replace"))


def _check_found(found, source: str) -> None:
    assert isinstance(found.url, str) and found.source == source
    assert found.modified is None or found.modified.tzinfo is not None  # comparable with the ledger's times


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(XMLDOCS, st.binary(max_size=500)))
def test_a_hostile_sitemap_or_feed_gives_links_or_nothing(body):
    from pipeline.scrape.discover import parse_feed, parse_sitemap

    pages, children = parse_sitemap(body, "http://127.0.0.1:1/sitemap.xml")
    for found in pages:
        _check_found(found, "sitemap")
    for child, mod in children:
        assert isinstance(child, str) and (mod is None or mod.tzinfo is not None)
    for found in parse_feed(body, "http://127.0.0.1:1/rss"):
        _check_found(found, "feed")
    event(f"sitemap pages: {bool(pages)}, children: {bool(children)}")


POSTS = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.sampled_from(LOCS + STAMPS)),
                     lambda inner: st.one_of(st.lists(inner, max_size=3),
                                             st.dictionaries(st.sampled_from(["link", "modified", "modified_gmt",
                                                                              "id", "title"]), inner, max_size=4)),
                     max_leaves=12)


@settings(max_examples=100, deadline=None)
@given(st.one_of(POSTS.map(lambda v: json.dumps(v).encode()), st.binary(max_size=200)))
def test_a_hostile_wordpress_api_page_gives_links_or_nothing(body):
    from pipeline.scrape.discover import parse_wp_posts

    for found in parse_wp_posts(body):
        _check_found(found, "api")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES)
def test_links_of_a_hostile_page_are_absolute_urls_on_the_site_or_nothing(html):
    from bs4 import BeautifulSoup

    from pipeline.scrape.discover import feed_links, menu_links, next_page
    from pipeline.scrape.urls import page_canonical

    base, hosts = "http://127.0.0.1:1/tin/trang-2", {"127.0.0.1:1"}
    soup = BeautifulSoup(html, "lxml")
    links = menu_links(soup, base, hosts) + feed_links(soup, base)
    links += [u for u in (next_page(soup, base, hosts), page_canonical(soup, base, hosts)) if u]
    for url in links:
        assert url.startswith(("http://", "https://")), url

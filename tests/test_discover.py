"""Discovery and recognition over fetched documents: sitemaps, feeds, the WordPress API, pagination,
URL-template learning."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from pipeline.scrape import discover
from pipeline.scrape.recognise import ArticleRule, candidate, learn_templates, url_shape

H = "http://127.0.0.1:8001"
HOSTS = {"127.0.0.1:8001"}


def test_sitemap_index_gives_children_with_lastmod_and_fetches_nothing():
    index = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{H}/sitemap-vi.news.xml</loc><lastmod>2025-08-12T08:30:00+07:00</lastmod></sitemap>
<sitemap><loc>{H}/sitemap-vi.page.xml</loc></sitemap></sitemapindex>""".encode()
    pages, children = discover.parse_sitemap(index, H + "/sitemap.xml")
    assert pages == []
    assert [c for c, _ in children] == [f"{H}/sitemap-vi.news.xml", f"{H}/sitemap-vi.page.xml"]
    assert children[0][1].isoformat() == "2025-08-12T08:30:00+07:00" and children[1][1] is None


def test_urlset_on_a_loopback_host():
    body = f"""<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{H}/vi/news/tin-tuc/a-12.html</loc><lastmod>2025-08-12</lastmod></url>
<url><loc>{H}/vi/news/tin-tuc/b-13.html</loc></url></urlset>""".encode()
    pages, children = discover.parse_sitemap(body, H + "/sitemap-vi.news.xml")
    assert [p.url for p in pages] == [f"{H}/vi/news/tin-tuc/a-12.html", f"{H}/vi/news/tin-tuc/b-13.html"]
    assert pages[0].modified.year == 2025 and pages[1].modified is None and children == []


def test_broken_sitemap_is_empty():
    assert discover.parse_sitemap(b"<html><body>maintenance</body></html>", H + "/sitemap.xml") == ([], [])


def test_rss_and_atom_feeds():
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>A</title><link>{H}/a-12.html</link><pubDate>Tue, 12 Aug 2025 08:30:00 +0700</pubDate></item>
<item><title>B</title><link>/b-13.html</link></item></channel></rss>""".encode()
    found = discover.parse_feed(rss, H + "/feed/")
    assert [f.url for f in found] == [f"{H}/a-12.html", f"{H}/b-13.html"]
    assert found[0].modified.hour == 1  # 08:30 +07:00 in UTC
    atom = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>A</title><link href="{H}/c-14.html"/><updated>2025-08-12T08:30:00Z</updated></entry></feed>""".encode()
    assert [f.url for f in discover.parse_feed(atom, H + "/feed/atom/")] == [f"{H}/c-14.html"]


def test_feed_links_on_a_page():
    soup = BeautifulSoup('<link rel="alternate" type="application/rss+xml" href="/feed/">'
                         '<link rel="alternate" type="application/atom+xml" href="/feed/atom/">'
                         '<link rel="alternate" hreflang="en" href="/en/">', "lxml")
    assert discover.feed_links(soup, H + "/") == [f"{H}/feed/", f"{H}/feed/atom/"]


def test_wordpress_posts():
    body = json.dumps([{"id": 5, "link": f"{H}/2025/08/12/slug/", "modified_gmt": "2025-08-12T01:30:00"},
                       {"id": 6}]).encode()
    found = discover.parse_wp_posts(body)
    assert [f.url for f in found] == [f"{H}/2025/08/12/slug/"] and found[0].modified.tzinfo is not None
    assert discover.parse_wp_posts(b"not json") == []


@pytest.mark.parametrize("current, html, expected", [
    ("/vi/news/tin-tuc/", '<a href="/vi/news/tin-tuc/page-2/">2</a><a href="/vi/news/tin-tuc/page-3/">3</a>',
     "/vi/news/tin-tuc/page-2/"),                                                                  # NukeViet
    ("/vi/news/tin-tuc/page-2/", '<a href="/vi/news/tin-tuc/">1</a><a href="/vi/news/tin-tuc/page-3/">3</a>',
     "/vi/news/tin-tuc/page-3/"),
    ("/category/tin/", '<a href="/category/tin/page/2/">2</a>', "/category/tin/page/2/"),          # WordPress
    ("/index.php/tin-tuc", '<a href="/index.php/tin-tuc?start=10">2</a><a href="/index.php/tin-tuc?start=20">3</a>',
     "/index.php/tin-tuc?start=10"),                                                               # Joomla offsets
    ("/index.php/tin-tuc?start=10", '<a href="/index.php/tin-tuc?start=20">3</a><a href="/index.php/tin-tuc?start=0">1</a>',
     "/index.php/tin-tuc?start=20"),
    ("/node", '<a href="/node?page=1">2</a><a href="/node?page=2">3</a>', "/node?page=1"),          # Drupal, zero-based
    ("/tin_2_2_c.html", '<div class="paging"><a href="/tin_2_2_c.html?page=2">Trang sau »</a></div>',
     "/tin_2_2_c.html?page=2"),                                                                    # a "next" word
    ("/tin", '<link rel="next" href="/tin?trang=2">', "/tin?trang=2"),
    ("/tin?page=4", '<a href="/tin?page=3">3</a><a href="/khac?page=5">x</a>', None),             # no next page
])
def test_next_page(current, html, expected):
    soup = BeautifulSoup(html, "lxml")
    got = discover.next_page(soup, H + current, HOSTS)
    assert got == (H + expected if expected else None)


def test_next_page_by_pattern_and_selector():
    soup = BeautifulSoup('<a class="nx" href="/list.aspx?cat=2&pg=2">»»</a>', "lxml")
    assert discover.next_page(soup, H + "/list.aspx?cat=2", HOSTS, selector="a.nx") == H + "/list.aspx?cat=2&pg=2"
    assert discover.next_page(soup, H + "/list.aspx?cat=2", HOSTS, pattern=re.compile(r"pg=\d+")) == \
        H + "/list.aspx?cat=2&pg=2"


NUKEVIET = [f"{H}/vi/news/{c}/{s}-{n}.html" for n, (c, s) in enumerate(
    [("tin-tuc", "hoi-nghi-tong-ket"), ("phap-luat", "nam-2025-ban-tin"), ("tin-tuc", "tap-huan")] * 4, start=120)]


def test_learn_templates_finds_the_article_shape_and_leaves_the_rest():
    others = [f"{H}/vi/news/tin-tuc/", f"{H}/vi/news/tin-tuc/page-2/", f"{H}/vi/news/tin-tuc/page-3/",
              f"{H}/vi/news/tin-tuc/page-4/", f"{H}/vi/news/tag/hoi-nghi", f"{H}/vi/news/tag/tap-huan",
              f"{H}/vi/news/print/tin-tuc/hoi-nghi-tong-ket-120.html", f"{H}/vi/news/search/?q=a&page=2",
              f"{H}/gioi-thieu", f"{H}/uploads/news/a-1.jpg"]
    templates = learn_templates(NUKEVIET + others)
    assert [t.shape for t in templates] == ["/a/a/a/a-#.html"]
    rule = ArticleRule()
    rule.observe(NUKEVIET + others)
    assert all(rule.is_article(u) for u in NUKEVIET)
    assert not any(rule.is_article(u) for u in others)


def test_shapes_of_the_families():
    assert url_shape(f"{H}/2025/08/12/slug-x/") == "/#/#/#/a/"
    assert url_shape(f"{H}/index.php/tin-tuc/123-hoi-nghi") == "/a.a/a/#-a"
    assert url_shape(f"{H}/newsdetail.asp?newsID=55") == "/a.asp?newsid=#"
    assert url_shape(f"{H}/hoi-nghi-nam-2021_1404_2_2_a.html") == url_shape(f"{H}/hoi-nghi_1405_2_2_a.html")


def test_preset_pattern_and_exclusions():
    rule = ArticleRule(re.compile(r"/vi/news/[^/]+/[^/]+-\d+\.html$"), [re.compile("/phap-luat/")])
    assert rule.is_article(NUKEVIET[0]) and not rule.is_article(NUKEVIET[1])
    assert not candidate(f"{H}/wp-login.php") and not candidate(f"{H}/?s=abc") and not candidate(f"{H}/feed/")

"""robots.txt by RFC 9309 (protego): longest match, wildcards, Crawl-delay, Sitemap lines, 4xx/5xx."""

from __future__ import annotations

from urllib.robotparser import RobotFileParser

import pytest

from pipeline.scrape.robots import from_response

UA = "vks-pipeline/0.1.0 (research crawler)"
RULES = b"""User-agent: *
Disallow: /vi/news/
Allow: /vi/news/tin-tuc/
Disallow: /*.pdf$
Disallow: /*?print=
Crawl-delay: 7
Sitemap: http://example.vn/sitemap.xml
Sitemap: http://example.vn/sitemap-vi.news.xml
"""


@pytest.mark.parametrize("path, allowed", [
    ("/vi/news/tin-tuc/bai-viet-12.html", True),   # the longer Allow wins over the shorter Disallow
    ("/vi/news/tag/abc", False),
    ("/files/quyet-dinh.pdf", False),              # `$` anchors the end
    ("/files/quyet-dinh.pdf?x=1", True),
    ("/bai-viet-1.html?print=1", False),           # `*` in the middle
    ("/bai-viet-1.html", True),
])
def test_rfc9309_matching(path, allowed):
    robots = from_response("ok", 200, RULES)
    assert robots.allowed(UA, "http://example.vn" + path) is allowed


def test_the_standard_library_gets_these_wrong():
    # why protego: the stdlib takes the first matching line and knows no wildcards
    std = RobotFileParser()
    std.parse(RULES.decode().splitlines())
    assert not std.can_fetch(UA, "http://example.vn/vi/news/tin-tuc/bai-viet-12.html")
    assert std.can_fetch(UA, "http://example.vn/files/quyet-dinh.pdf")


def test_crawl_delay_and_sitemaps():
    robots = from_response("ok", 200, RULES)
    assert robots.crawl_delay(UA) == 7.0
    assert robots.sitemaps == ["http://example.vn/sitemap.xml", "http://example.vn/sitemap-vi.news.xml"]


def test_missing_robots_allows_everything_and_server_error_forbids_everything():
    assert from_response("gone", 404, b"").allowed(UA, "http://example.vn/x")
    assert from_response("gone", 404, b"").sitemaps == []
    down = from_response("transient", 503, b"")
    assert not down.allowed(UA, "http://example.vn/x") and down.reason

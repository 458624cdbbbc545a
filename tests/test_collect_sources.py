"""Discovery from every source on a small WordPress-shaped local portal: a sitemap index (named in
robots.txt), a feed announced on the home page, the REST API, and a category listing with numbered pages
only. Each source alone misses some posts; together they find all, each once, whatever URL reached it."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

import pipeline
from pipeline.process import process
from pipeline.scrape import collect as collect_module
from pipeline.scrape.collect import collect
from pipeline.scrape.ledger import Ledger

from .conftest import settings_for

N = 40
PER_PAGE = 10
SITEMAP = range(1, 31)   # posts 1-30 in the sitemap
API = range(31, 36)      # 31-35 only in the REST API
FEED = range(N, N - 3, -1)  # the newest 3 (38-40) in the feed; 36-37 only in the category listing


def day(n: int) -> date:
    return date(2025, 1, 1) + timedelta(days=n)


def pretty(n: int) -> str:
    d = day(n)
    return f"/{d:%Y/%m/%d}/hoi-nghi-so-{n}/"


class WordPressish(BaseHTTPRequestHandler):
    requests: list[str]
    edited: set[int]  # posts whose sitemap lastmod says they changed after any crawl

    def do_GET(self):  # noqa: N802
        self.requests.append(self.path)
        parts = urlsplit(self.path)
        q = parse_qs(parts.query)
        base = f"http://{self.headers['Host']}"
        ctype, status, body, extra = "text/html; charset=utf-8", 200, None, {}
        if parts.path == "/robots.txt":
            ctype, body = "text/plain", f"User-agent: *\nDisallow: /wp-admin/\nSitemap: {base}/wp-sitemap.xml\n"
        elif parts.path == "/wp-sitemap.xml":
            ctype = "application/xml"
            body = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<sitemap><loc>{base}/wp-sitemap-posts-post-1.xml</loc></sitemap></sitemapindex>")
        elif parts.path == "/wp-sitemap-posts-post-1.xml":
            ctype = "application/xml"
            urls = "".join(f"<url><loc>{base}{pretty(n)}</loc><lastmod>{'2099-01-01' if n in self.edited else day(n)}"
                           "</lastmod></url>" for n in SITEMAP)
            body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        elif parts.path == "/feed/":
            ctype = "application/rss+xml"
            items = "".join(f"<item><title>Hội nghị số {n}</title><link>{base}{pretty(n)}</link></item>"
                            for n in FEED)
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
        elif parts.path == "/wp-json/wp/v2/posts":
            ctype, extra = "application/json", {"X-WP-TotalPages": "1", "X-WP-Total": str(len(API))}
            body = json.dumps([{"id": n, "link": f"{base}{pretty(n)}"} for n in API])
        elif parts.path == "/" and "p" in q:
            body = self.post(int(q["p"][0]), base)
        elif parts.path == "/":
            menu = '<nav><a href="/">Trang chủ</a><a href="/category/tin/">Tin tức</a><a href="/gioi-thieu/">Giới thiệu</a></nav>'
            latest = "".join(f'<a href="/?p={n}">Hội nghị số {n}</a>' for n in range(N, N - 5, -1))
            body = (f'<html><head><title>VKS thử</title><meta name="generator" content="WordPress 6.5">'
                    f'<link rel="alternate" type="application/rss+xml" href="{base}/feed/"></head>'
                    f"<body>{menu}<main>{latest}</main></body></html>")
        elif parts.path.startswith("/category/tin/"):
            page = int(parts.path.rstrip("/").rsplit("/", 1)[-1]) if "/page/" in parts.path else 1
            posts = list(range(N, 0, -1))[(page - 1) * PER_PAGE: page * PER_PAGE]
            links = "".join(f'<h2><a href="{pretty(n)}">Hội nghị số {n}</a></h2>' for n in posts)
            pager = "".join(f'<a href="/category/tin/page/{k}/">{k}</a>' for k in range(1, N // PER_PAGE + 1) if k != page)
            body = f"<html><body><nav><a href='/category/tin/'>Tin tức</a></nav>{links}<div>{pager}</div></body></html>"
        elif parts.path == "/gioi-thieu/":
            body = "<html><body><nav><a href='/category/tin/'>Tin tức</a></nav><p>Giới thiệu.</p></body></html>"
        else:
            n = next((k for k in range(1, N + 1) if parts.path == pretty(k)), None)
            if n is None:
                status, body = 404, "<html><body>Không tìm thấy</body></html>"
            else:
                body = self.post(n, base)
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def post(self, n: int, base: str) -> str:
        paras = "".join(f"<p>Đoạn {i} của bài {n}: Viện kiểm sát nhân dân tỉnh tổ chức hội nghị triển khai công tác "
                        f"kiểm sát năm 2025, đánh giá kết quả đạt được và đề ra nhiệm vụ trọng tâm.</p>" for i in range(6))
        return (f'<html><head><title>Hội nghị số {n}</title><link rel="canonical" href="{base}{pretty(n)}">'
                f'<link rel="shortlink" href="{base}/?p={n}"></head><body><nav><a href="/category/tin/">Tin tức</a></nav>'
                f'<article><h1>Hội nghị số {n}</h1><time datetime="{day(n)}">{day(n):%d/%m/%Y}</time>{paras}'
                f'<a href="{pretty(n)}?replytocom=3">Trả lời</a><a href="/tag/hoi-nghi/">hội nghị</a></article>'
                "</body></html>")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    handler = type("H", (WordPressish,), {"requests": [], "edited": set()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, handler, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_every_source_together_finds_every_post_once(server, tmp_path, monkeypatch):
    _, handler, url = server
    requests = handler.requests
    # the family is what this test fixes, not what detection says about a made-up page
    monkeypatch.setattr(collect_module, "detect_family", lambda pages: ("wordpress", ["test portal"]))
    requests.clear()
    first = collect(url, settings_for(tmp_path))
    assert (first.sources["sitemap"], first.sources["feed"], first.sources["api"]) == (len(SITEMAP), len(FEED), len(API))
    # the rest come from the listing (and the home page's ?p=N links, keyed apart until fetched)
    assert first.sources["listing"] + first.sources["home"] >= N - len(SITEMAP) - len(FEED) - len(API)
    assert first.articles_found == N and first.new_articles == N and first.failed == 0
    process(settings_for(tmp_path))
    articles = pipeline.load("articles", tmp_path)
    assert len(articles) == N and articles["article_id"].is_unique
    # the home page links posts by ?p=N: their rows carry the canonical (pretty) key, one per post
    with Ledger(tmp_path / "raw" / "ledger.sqlite") as ledger:
        rows = [r for r in ledger.rows() if r["kind"] == "article" and r["outcome"] == "ok"]
        kinds = {r["kind"] for r in ledger.rows()}
    assert {"sitemap", "feed", "api", "listing", "robots", "article"} <= kinds
    assert len({r["article_key"] for r in rows}) == N
    assert not any("replytocom" in r["url"] or "/tag/" in r["url"] for r in rows)

    requests.clear()
    second = collect(url, settings_for(tmp_path))
    fetched_posts = [p for p in requests if "/2025/" in p or p.startswith("/?p=")]
    assert fetched_posts == [] and second.new_articles == 0
    assert second.articles_found >= N - 5  # (posts seen only as ?p= links on the home page count under that URL)

    # the sitemap says post 7 changed since: only it is fetched again, as an update
    handler.edited.add(7)
    requests.clear()
    third = collect(url, settings_for(tmp_path))
    assert [p for p in requests if "/2025/" in p] == [pretty(7)]
    assert third.updated_articles == 1 and third.new_articles == 0

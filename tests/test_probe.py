"""`vks sites probe` against tiny WordPress-like and NukeViet-like sites served on 127.0.0.1."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pipeline.config import load_settings
from pipeline.sites import load_profile
from pipeline.sites.probe import draft_toml, infer_url_pattern, probe, summary
from tests.conftest import vks

TEXT = ("Viện kiểm sát nhân dân tỉnh đã phối hợp tổ chức phiên tòa rút kinh nghiệm, kiểm sát viên tranh tụng "
        "chặt chẽ, đưa ra chứng cứ thuyết phục và đề nghị mức án phù hợp với quy định của pháp luật. ")


def wp_site() -> dict[str, tuple[int, dict, str]]:
    head = ("<meta name='generator' content='WordPress 6.6'>"
            "<link rel='stylesheet' href='/wp-content/themes/twentytwentyone/style.css'>")
    posts = {f"/2025/08/{10 + i}/phien-toa-{i}/": i for i in range(1, 5)}
    menu = ("<nav><a href='/category/tin-tuc/'>Tin tức</a> <a href='/category/kiem-sat/'>Kiểm sát</a>"
            " <a href='/tag/hinh-su/'>Hình sự</a></nav>")
    home = (f"<html><head>{head}<title>VKS Mẫu</title></head><body>{menu}"
            + "".join(f"<h2><a href='{p}'>Phiên tòa {i}</a></h2>" for p, i in posts.items()) + "</body></html>")
    pages = {"/": (200, {}, home), "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /wp-admin/\n")}
    for path, i in posts.items():
        pages[path] = (200, {}, (
            f"<html><head>{head}<title>Phiên tòa {i} – VKS Mẫu</title>"
            f"<link rel='shortlink' href='/?p={i}'></head><body>{menu}"
            f"<article id='post-{i}' class='post type-post'><header><h1 class='entry-title'>Phiên tòa {i}</h1></header>"
            f"<div class='entry-content'><p>{TEXT}</p><p>{TEXT}</p></div><footer class='entry-footer'>"
            f"<time class='entry-date published' datetime='2025-08-1{i}T08:00:00+07:00'>1{i}/08/2025</time>"
            "<span class='cat-links'><a href='/category/tin-tuc/' rel='category tag'>Tin tức</a></span></footer>"
            "</article></body></html>"))
    return pages


def nv_site() -> dict[str, tuple[int, dict, str]]:
    head = "<meta name='generator' content='NukeViet v4.5'><script>var nv_base_siteurl=\"/\";</script>"
    arts = {f"/vi/news/hoat-dong/hoi-nghi-so-{i}-{100 + i}.html": i for i in range(1, 4)}
    home = (f"<html><head>{head}</head><body><ul><li><a href='/vi/news/hoat-dong/'>Hoạt động</a></li>"
            "<li><a href='/vi/news/tag/kiem-sat'>kiểm sát</a></li></ul>"
            + "".join(f"<h3><a href='{p}'>Hội nghị {i}</a></h3>" for p, i in arts.items()) + "</body></html>")
    pages = {"/": (200, {"Set-Cookie": "nv4c_Ab12c_sess=x; path=/"}, home),
             "/robots.txt": (200, {}, "User-agent: *\nDisallow: /vi/news/hoat-dong/hoi-nghi-so-3-103.html\n")}
    for path, i in arts.items():
        pages[path] = (200, {}, (
            f"<html><head>{head}<title>Hội nghị {i}</title></head><body>"
            "<div class='news_column panel' itemscope itemtype='http://schema.org/NewsArticle'>"
            f"<h1 class='title' itemprop='headline'>Hội nghị số {i}</h1><span class='h5'>Thứ hai - 0{i}/08/2025 08:30</span>"
            f"<div class='hometext' itemprop='description'>Mở đầu {i}.</div>"
            f"<div id='news-bodyhtml' class='bodytext'><p>{TEXT}</p></div></div></body></html>"))
    return pages


def plain_site() -> dict[str, tuple[int, dict, str]]:
    arts = {f"/tin-tuc/bai-viet-so-{i}-{2000 + i}.html": i for i in range(1, 4)}
    home = ("<html><body><a href='/gioi-thieu.html'>Giới thiệu</a>"
            + "".join(f"<a href='{p}'>Bài {i}</a>" for p, i in arts.items()) + "</body></html>")
    pages = {"/": (200, {}, home), "/robots.txt": (404, {}, "")}
    for path, i in arts.items():
        pages[path] = (200, {}, f"<html><head><title>Bài {i}</title></head><body><h1>Bài viết số {i}</h1>"
                                f"<p>Ngày 0{i}/07/2025</p><p>{TEXT}</p><p>{TEXT}</p></body></html>")
    return pages


@pytest.fixture
def serve():
    servers = []

    def start(pages):
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                status, headers, body = pages.get(self.path, (404, {}, "not found"))
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", headers.get("Content-Type", "text/html; charset=utf-8"))
                for k, v in headers.items():
                    if k != "Content-Type":
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_port}/"

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def settings(tmp_path):
    return load_settings(config_file=None, data_dir=tmp_path, delay=0.0)


def test_probe_names_wordpress_and_writes_a_loadable_draft(serve, settings, tmp_path):
    base = serve(wp_site())
    result = probe(base, pages=4, settings=settings)
    assert result.detection.family == "wordpress"
    assert any("WordPress generator" in e for e in result.detection.evidence)
    assert len(result.pages) == 4 and len(result.article_pages) == 3
    assert result.start_pages == ["/category/tin-tuc/", "/category/kiem-sat/"]
    assert result.key_hits["title"] == 3 and result.key_hits["body"] == 3
    text = draft_toml(result)
    assert 'extends = \'wordpress\'' in text and "matched 3/3 pages" in text
    path = tmp_path / "draft.toml"
    path.write_text(text, encoding="utf-8")
    profile = load_profile(str(path))
    assert profile.family == "wordpress" and profile.api == "wordpress"
    assert profile.base_url == base
    assert profile.match_article(base + "2025/08/11/phien-toa-1/") == {"article_id": "phien-toa-1"}
    assert "family wordpress" in summary(result)


def test_probe_names_nukeviet_obeys_robots_and_keeps_printed_dates(serve, settings, tmp_path):
    base = serve(nv_site())
    result = probe(base, pages=6, settings=settings)
    assert result.detection.family == "nukeviet"
    assert len(result.article_pages) == 2  # the third article is disallowed by robots.txt
    assert any("disallowed by robots.txt" in s for s in result.skipped)
    assert result.start_pages == ["/vi/news/hoat-dong/"]
    assert result.key_hits["date"] == 2 and result.key_hits["lead"] == 2
    path = tmp_path / "nv.toml"
    path.write_text(draft_toml(result), encoding="utf-8")
    profile = load_profile(str(path))
    assert profile.family == "nukeviet" and "/sitemap.xml" in profile.sitemaps
    from pipeline.parse import parse_article

    art = parse_article(result.article_pages[0].html, result.article_pages[0].url, profile)
    assert art.title == "Hội nghị số 1" and str(art.published) == "2025-08-01"


def test_probe_on_an_unknown_shape_infers_the_url_pattern(serve, settings, tmp_path):
    base = serve(plain_site())
    result = probe(base, pages=3, settings=settings)
    assert result.detection.family == "generic"
    assert result.inferred_pattern is not None
    path = tmp_path / "plain.toml"
    path.write_text(draft_toml(result), encoding="utf-8")
    profile = load_profile(str(path))
    assert profile.match_article(base + "tin-tuc/bai-viet-moi-2099.html") == {"article_id": "2099"}
    assert profile.match_article(base + "gioi-thieu.html") is None


def test_infer_url_pattern_picks_the_varying_number():
    urls = [f"https://x.vn/tin_{i}_7_2_a.html" for i in (11, 12, 13)] + ["https://x.vn/lien-he.html"]
    pattern = infer_url_pattern(urls)
    assert pattern is not None and "(?P<article_id>" in pattern
    import re

    assert re.search(pattern, "/tin_99_7_2_a.html").group("article_id") == "99"
    assert infer_url_pattern(["https://x.vn/a", "https://x.vn/b"]) is None


def test_cli_probe_writes_the_draft_and_a_summary(serve, tmp_path):
    base = serve(wp_site())
    out = tmp_path / "draft.toml"
    proc = vks("sites", "probe", base, "--out", str(out), "--pages", "3", "--delay", "0")
    assert "family wordpress" in proc.stderr
    assert load_profile(str(out)).family == "wordpress"
    listed = vks("sites", "list").stdout
    assert "nukeviet" in listed and "vksdaklak.gov.vn" in listed and "vkskh" in listed

"""The sample portal's skins: each CMS family serves every sample article, true to its family (markers,
URL shapes, feeds, sitemaps, REST), every article is reachable from the skin's own navigation, and the
ground truth says what is served."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from datetime import date
from html import unescape
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import pytest
import requests

from pipeline.sample_portal import PortalServer, content, served_count, skin_names, truth
from pipeline.sample_portal.content import published_at
from pipeline.sample_portal.skins import get_skin, make_portal
from pipeline.sample_portal.skins.common import pinned
from tests.conftest import ROOT, clean_env, vks

SKINS = skin_names()
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
# per skin: markers on every HTML page, listing and article path patterns, the printed-date format,
# and the string that opens the family's date line (absent where the date is only in the text)
SPEC = {
    "vnpt": dict(markers=["Trang thông tin tổng hợp Viện Kiểm Sát Khánh Hòa"],
                 listing=r"^/[a-z0-9-]+_\d+_2_c\.html(\?page=\d+)?$", article=r"^/[a-z0-9-]+_\d+_\d+_2_a\.html$",
                 date=lambda t: f"{t:%d/%m/%Y} | {t:%H:%M}", date_line='class="news-date"'),
    "nukeviet": dict(markers=['<meta name="generator" content="NukeViet v4.5">', "var nv_base_siteurl=", "/themes/default/",
                              'nv_lang_variable="language"'],
                     listing=r"^/vi/news/[a-z0-9-]+/(page-\d+/)?$", article=r"^/vi/news/[a-z0-9-]+/[a-z0-9-]+-\d+\.html$",
                     date=lambda t: f'<span class="h5">{WEEKDAYS[t.weekday()]} - {t:%d/%m/%Y %H:%M}</span>',
                     date_line='<span class="h5">'),
    "wordpress": dict(markers=['<meta name="generator" content="WordPress ', '<link rel="https://api.w.org/"', "/wp-content/",
                               "/wp-includes/"],
                      listing=r"^/(page/\d+/|category/[a-z0-9-]+/(page/\d+/)?)$", article=r"^/\d{4}/\d\d/\d\d/[a-z0-9-]+/$",
                      date=lambda t: f'class="entry-date published updated" datetime="{t:%Y-%m-%dT%H:%M:%S}+07:00">{t:%d/%m/%Y}</time>',
                      date_line="entry-date"),
    "joomla": dict(markers=['<meta name="generator" content="Joomla! - Open Source Content Management">', "/media/jui/",
                            "/templates/protostar/"],
                   listing=r"^/index\.php/[a-z0-9-]+(\?start=\d+)?$", article=r"^/index\.php/[a-z0-9-]+/\d+-[a-z0-9-]+$",
                   date=lambda t: f'itemprop="datePublished">Published: {t:%d} Tháng {t.month} {t:%Y}</time>',
                   date_line='<dd class="published">'),
    "sharepoint": dict(markers=['<meta name="GENERATOR" content="Microsoft SharePoint">', "/_layouts/15/", "__VIEWSTATE",
                                "s4-breadcrumb", "__REQUESTDIGEST"],
                       listing=r"^/tintuc/Pages/[a-z0-9-]+\.aspx$", article=r"^/tintuc/Pages/[a-z0-9-]+\.aspx\?ItemID=\d+$",
                       date=lambda t: f'<div class="date-line">{t:%d/%m/%Y}</div>', date_line='<div class="date-line">1'),
    "aspnet": dict(markers=["__VIEWSTATE", "__EVENTVALIDATION", '<table width="980"'],
                   listing=r"^/DanhMuc\.aspx\?ID=\d+(&page=\d+)?$", article=r"^/Noidung_TinTuc\.aspx\?IDTintuc=\d+$",
                   date=lambda t: f"Ngày đăng: {t:%d/%m/%Y %H:%M}", date_line='class="ngaydang"'),
}
POSTBACK = re.compile(r"__doPostBack\(&#39;([^&]+)&#39;,&#39;(Page\$\d+)&#39;\)")


@pytest.fixture(scope="module", params=SKINS)
def site(request):
    with PortalServer(skin=request.param) as server:
        yield request.param, server.url.rstrip("/"), requests.Session()


def hrefs(base: str, page_url: str, html: str) -> set[str]:
    """Same-site links of a page as path?query."""
    out = set()
    for raw in re.findall(r'href="([^"]+)"', html):
        parts = urlsplit(urljoin(page_url, unescape(raw)))
        if f"{parts.scheme}://{parts.netloc}" == base:
            out.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def crawl_navigation(skin: str, base: str, s: requests.Session) -> set[str]:
    """Follow the skin's listing pages from its home page (and, for WebForms pagers, their postbacks);
    return every article-shaped link seen."""
    spec = SPEC[skin]
    seen, queue, articles = set(), ["/"], set()
    while queue:
        path = queue.pop()
        r = s.get(base + path)
        assert r.status_code == 200, path
        pages = [r.text]
        for target, arg in sorted(set(POSTBACK.findall(r.text))):
            post = s.post(r.url, data={"__EVENTTARGET": target, "__EVENTARGUMENT": arg})
            assert post.status_code == 200
            pages.append(post.text)
        for html in pages:
            for link in hrefs(base, r.url, html):
                if re.match(spec["article"], link):
                    articles.add(link)
                elif re.match(spec["listing"], link) and link not in seen:
                    seen.add(link)
                    queue.append(link)
    return articles


def truth_paths(skin: str, base: str) -> set[str]:
    return {t["url"][len(base):] for t in truth(skin, base)}


def test_registry_and_truth_shape():
    assert SKINS[0] == "vnpt" and len(SKINS) >= 6
    for skin in SKINS:
        rows = truth(skin, "http://example.test/")
        assert served_count(skin) == len(rows) == len(content.articles())
        assert len({r["url"] for r in rows}) == len(rows) == len({r["id"] for r in rows})
        assert all(r["url"].startswith("http://example.test/") and re.match(SPEC[skin]["article"], r["url"][19:]) for r in rows)
        assert all(r["published"] is None or date.fromisoformat(r["published"]) for r in rows)
    with pytest.raises(ValueError, match="wordpress"):
        get_skin("drupal")


def test_family_markers_on_home_listing_and_article(site):
    skin, base, s = site
    first = truth(skin, base)[0]
    for url in (base + "/", first["url"]):
        r = s.get(url)
        assert r.status_code == 200
        for marker in SPEC[skin]["markers"]:
            assert marker in r.text, (url, marker)


def test_every_article_is_reachable_by_navigation(site):
    skin, base, s = site
    found = crawl_navigation(skin, base, s)
    assert truth_paths(skin, base) <= found


def test_truth_matches_what_is_served(site):
    skin, base, s = site
    spec = SPEC[skin]
    for row in truth(skin, base):
        a = content.article(row["id"])
        r = s.get(row["url"])
        assert r.status_code == 200, row["url"]
        text = unicodedata.normalize("NFC", unescape(r.text))  # vnpt stores one page in NFD
        assert row["title"] in text and row["lead"] in text
        assert all(p in text for p in row["body"].split("\n\n")), row["id"]
        if a.date_display == "printed":
            assert spec["date"](published_at(a)) in r.text, row["id"]
        if a.date_display in ("text", "none"):
            assert spec["date_line"] not in r.text, row["id"]


def test_robots_txt_keeps_search_out_and_articles_in(site):
    skin, base, s = site
    robots = RobotFileParser()
    robots.parse(s.get(base + "/robots.txt").text.splitlines())
    article = truth(skin, base)[0]["url"]
    assert robots.can_fetch("vks", article)
    search = {"vnpt": "/tim-kiem?q=a", "nukeviet": "/vi/news/search/?q=a", "wordpress": "/?s=a",
              "joomla": "/index.php/component/search/?searchword=a", "sharepoint": "/Search/Pages/results.aspx?k=a",
              "aspnet": "/TimKiem.aspx?q=a"}[skin]
    assert not robots.can_fetch("vks", base + search)


def test_pinned_article_heads_every_listing_page():
    key = "tin-hoat-dong"
    top = pinned(key)
    assert top != content.articles()[0]
    pages = {"nukeviet": ["/vi/news/tin-hoat-dong/", "/vi/news/tin-hoat-dong/page-4/"],
             "joomla": ["/index.php/tin-hoat-dong", "/index.php/tin-hoat-dong?start=30"],
             "aspnet": ["/DanhMuc.aspx?ID=2", "/DanhMuc.aspx?ID=2&page=3"]}
    for skin, paths in pages.items():
        with PortalServer(skin=skin) as server:
            canonical = get_skin(skin).canonical(top)
            for path in paths:
                assert canonical in unescape(requests.get(server.url.rstrip("/") + path).text), (skin, path)
    with PortalServer(skin="wordpress") as server:
        sticky = pinned()
        for path in ("/", "/page/5/", "/category/chuyen-doi-so/"):
            html = requests.get(server.url.rstrip("/") + path).text
            assert f'id="post-{sticky.id}" class="post-{sticky.id} post' in html and "sticky-post" in html


def test_duplicate_urls_serve_the_same_article():
    a = next(x for x in content.articles() if x.also_in)
    dups = {
        "nukeviet": [f"/vi/news/print/{content.category(a.category).slug}/{a.slug}-{a.id}.html"],
        "wordpress": [f"/?p={a.id}", f"/{a.published:%Y/%m/%d}/{a.slug}/?replytocom=5"],
        "joomla": [f"/index.php/{content.category(a.also_in[0]).slug}/{a.id}-{a.slug}",
                   f"/index.php?option=com_content&view=article&id={a.id}&catid={content.category(a.category).id}&Itemid=102",
                   f"/index.php/{content.category(a.category).slug}/{a.id}-{a.slug}?tmpl=component&print=1&layout=default"],
        "sharepoint": [f"/tintuc/Pages/{content.category(a.also_in[0]).slug}.aspx?ItemID={a.id}",
                       f"/tintuc/Pages/{content.category(a.category).slug}.aspx?ItemID={a.id}&IsDlg=1"],
        "aspnet": [f"/(S(x2kq4m1vz0nbe5pyr3t0wd1j))/Noidung_TinTuc.aspx?IDTintuc={a.id}", f"/InTin.aspx?IDTintuc={a.id}",
                   f"/noidung_tintuc.aspx?idtintuc={a.id}"],
    }
    for skin, paths in dups.items():
        with PortalServer(skin=skin) as server:
            for path in paths:
                r = requests.get(server.url.rstrip("/") + path)
                assert r.status_code == 200 and a.body[0] in unescape(r.text), (skin, path)


def test_nukeviet_feeds_sitemaps_and_date_traps():
    with PortalServer(skin="nukeviet") as server:
        base = server.url.rstrip("/")
        index = ET.fromstring(requests.get(base + "/sitemap.xml").content)
        assert [e.text for e in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")] == [base + "/sitemap-vi.xml"]
        locs = {e.text[len(base):] for e in ET.fromstring(requests.get(base + "/sitemap-vi.news.xml").content).iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
        assert locs == truth_paths("nukeviet", base)
        from_feeds = set()
        for c in content.categories():
            feed = ET.fromstring(requests.get(f"{base}/vi/news/rss/{c.slug}/").content)
            from_feeds |= {e.text[len(base):] for e in feed.iter("link") if ".html" in (e.text or "")}
        assert from_feeds == truth_paths("nukeviet", base)
        assert requests.get(base + "/vi/news/rss/").status_code == 200
        row = next(r for r in truth("nukeviet", base) if content.article(r["id"]).date_display == "printed")
        html = requests.get(row["url"]).text
        published = re.search(r'itemprop="datePublished">(\d{4}-\d\d-\d\d)', html).group(1)
        assert published != row["published"]  # the hidden microdata holds the edit time
        assert re.search(r'article:published_time" content="\d{4}-\d\d-\d\d\+07\d\d:\d\d:\d\d"', html)
        assert f'<link rel="canonical" href="{row["url"]}">' in html
        assert 'other-news"' in html and 'id="news-bodyhtml" class="bodytext' in html


def test_wordpress_rest_sitemap_and_feeds():
    with PortalServer(skin="wordpress") as server:
        base = server.url.rstrip("/")
        expected = truth_paths("wordpress", base)
        r = requests.get(base + "/wp-json/wp/v2/posts", params={"per_page": 40, "page": 1})
        assert r.headers["X-WP-Total"] == str(len(expected)) and r.headers["X-WP-TotalPages"] == "3"
        posts = []
        for page in range(1, 4):
            posts += requests.get(base + "/wp-json/wp/v2/posts", params={"per_page": 40, "page": page}).json()
        assert requests.get(base + "/wp-json/wp/v2/posts", params={"per_page": 40, "page": 4}).status_code == 400
        assert {p["link"][len(base):] for p in posts} == expected
        for field in ("id", "date", "date_gmt", "modified", "link", "title", "content", "excerpt", "categories", "tags"):
            assert field in posts[0]
        by_id = {r["id"]: r for r in truth("wordpress", base)}
        assert all(p["date"][:10] == by_id[p["id"]]["published"] for p in posts)
        robots = requests.get(base + "/robots.txt").text
        assert f"Sitemap: {base}/wp-sitemap.xml" in robots
        posts_map = ET.fromstring(requests.get(base + "/wp-sitemap-posts-post-1.xml").content)
        assert {e.text[len(base):] for e in posts_map.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")} == expected
        feed = ET.fromstring(requests.get(base + "/feed/").content)
        assert len(feed.findall("./channel/item")) == 10
        assert ET.fromstring(requests.get(base + "/category/tin-hoat-dong/feed/").content).find("./channel/item/pubDate") is not None
        a = content.articles()[0]
        html = requests.get(f"{base}/?p={a.id}").text
        assert f'<link rel="shortlink" href="{base}/?p={a.id}">' in html
        assert re.search(rf'<article id="post-{a.id}" class="post-{a.id} post type-post', html) and 'class="entry-title"' in html
        assert requests.get(base + "/").headers["Link"].endswith('rel="https://api.w.org/"')


def test_joomla_offsets_intro_only_feeds_and_no_sitemap():
    with PortalServer(skin="joomla") as server:
        base = server.url.rstrip("/")
        assert requests.get(base + "/sitemap.xml").status_code == 404
        first = requests.get(base + "/index.php/tin-hoat-dong").text
        assert "?start=10" in first and "?start=20" in first and "?page=" not in first
        feed = requests.get(base + "/index.php/tin-hoat-dong?format=feed&type=rss")
        items = ET.fromstring(feed.content).findall("./channel/item")
        assert items
        for item in items:
            a = next(x for x in content.articles() if x.title == item.findtext("title"))
            assert a.lead in item.findtext("description") and a.body[0] not in item.findtext("description")
        html = requests.get(truth("joomla", base)[0]["url"]).text
        for marker in ('<div class="item-page" itemscope itemtype="https://schema.org/Article">', '<h2 itemprop="headline">',
                       '<dl class="article-info', '<dd class="createdby" itemprop="author"', '<dd class="category-name">',
                       '<dd class="hits">', '<div itemprop="articleBody">'):
            assert marker in html


def test_sharepoint_headers_feed_and_postback_paging():
    with PortalServer(skin="sharepoint") as server:
        base = server.url.rstrip("/")
        home = requests.get(base + "/")
        assert home.history and home.url.endswith("/Pages/default.aspx")
        assert {"SPRequestGuid", "X-SharePointHealthScore"} <= set(home.headers)
        listing = requests.get(base + "/tintuc/Pages/tin-hoat-dong.aspx").text
        feed_href = unescape(re.search(r'href="(/_layouts/15/listfeed\.aspx\?List=[^"]+)"', listing).group(1))
        assert "?Page=" not in listing and "javascript:__doPostBack(" in listing
        feed = ET.fromstring(requests.get(base + feed_href).content)
        assert {e.findtext("link")[len(base):] for e in feed.findall("./channel/item")} == truth_paths("sharepoint", base)
        first = truth("sharepoint", base)[0]
        item = next(e for e in feed.findall("./channel/item") if e.findtext("link") == first["url"])
        assert first["published"] not in item.findtext("pubDate")  # pubDate is the item's last edit
        assert date.fromisoformat(first["published"]).strftime("%d %b %Y") not in item.findtext("pubDate")
        html = requests.get(first["url"]).text
        title_at, article_at = html.index('id="DeltaPlaceHolderPageTitleInTitleArea"'), html.index('class="welcome article article-right"')
        assert title_at < article_at and "<h1" not in html[article_at:] and 'class="by-line"' in html


def test_aspnet_has_no_feed_nor_sitemap_and_session_links():
    with PortalServer(skin="aspnet") as server:
        base = server.url.rstrip("/")
        for path in ("/sitemap.xml", "/rss.aspx", "/feed/"):
            assert requests.get(base + path).status_code == 404
        home = requests.get(base + "/").text
        assert "/(S(" in home and "ASP.NET_SessionId" in requests.get(base + "/").headers["Set-Cookie"]
        meta = next(a for a in content.articles() if a.date_display == "meta")
        html = requests.get(f"{base}/Noidung_TinTuc.aspx?IDTintuc={meta.id}").text
        assert f"(Ngày {meta.published.day}/{meta.published.month}/{meta.published.year})" in html


def test_vnpt_skin_is_the_original_portal():
    from pipeline.sample_portal import Portal

    assert isinstance(make_portal("vnpt", edited=True), Portal) and make_portal("vnpt", edited=True).edited


def test_cli_rejects_an_unknown_skin():
    out = vks("sample-portal", "--skin", "drupal", "--port", "0", check=False)
    assert out.returncode == 2
    assert "unknown skin 'drupal'" in out.stderr and all(name in out.stderr for name in SKINS)


def test_cli_serves_a_skin():
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "sample-portal", "--skin", "joomla", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env(), cwd=ROOT)
    try:
        line = proc.stdout.readline()
        url = re.search(r"(http://127\.0\.0\.1:\d+/)", line).group(1)
        assert "(joomla)" in line
        assert "Joomla! - Open Source Content Management" in requests.get(url, timeout=10).text
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_rest_json_is_utf8():
    with PortalServer(skin="wordpress") as server:
        body = requests.get(server.url + "wp-json/wp/v2/posts?per_page=1").content
        assert json.loads(body.decode("utf-8"))[0]["title"]["rendered"]

"""WordPress 6.x skin (theme Twenty Twenty-One, day-and-name permalinks, Vietnamese date format d/m/Y).

Posts ``/YYYY/MM/DD/<slug>/`` (post id = the sample article id) with ``rel=shortlink`` ``/?p=N``, which serves
the same post (a duplicate URL) as does ``?replytocom=N``; listings ``/``, ``/page/N/``,
``/category/<slug>/[page/N/]``; feeds ``/feed/`` (newest 10 only) and ``/category/<slug>/feed/``; sitemaps
``/wp-sitemap.xml`` → ``/wp-sitemap-posts-post-1.xml`` (in robots.txt); REST ``/wp-json/wp/v2/posts``. Not
articles: ``/tag/<slug>/``, ``/author/<slug>/``, ``/?s=``, date archives ``/YYYY/[MM/[DD/]]``. Traps: a sticky
"Featured post" heads every listing page; listing entries are ``<article>`` elements too; posts whose theme
date line is hidden (the date only in the text, the REST API and the feed).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from html import escape

from .. import content
from ..content import SampleArticle
from . import Skin
from . import common as cm
from .common import Request, Response

PER_PAGE = 10
SITE = "Viện kiểm sát nhân dân tỉnh Khánh Hòa"
TAGLINE = "Trang thông tin điện tử"
VERSION = "6.4.3"
DISALLOW = ("/wp-admin/", "/?s=", "/search/")


def post_path(a: SampleArticle) -> str:
    return f"/{a.published:%Y/%m/%d}/{a.slug}/"


def _cat_path(key: str) -> str:
    return f"/category/{content.category(key).slug}/"


def _tag_id(tag: str) -> int:
    return 100 + cm.all_tags().index(tag)


def _author_id(name: str) -> int:
    return 2 + cm.authors().index(name)


def _shows_date(a: SampleArticle) -> bool:
    return a.date_display in ("printed", "meta")


def _cats(a: SampleArticle) -> list[content.Category]:
    return [content.category(k) for k in (a.category, *a.also_in)]


def _api_link(req: Request, extra: str = "") -> dict[str, str]:
    return {"Link": f'<{req.url("/wp-json/")}>; rel="https://api.w.org/"' + extra}


def _page(req: Request, title: str, body_class: str, main: str, head: str = "") -> str:
    menu = cm.links(((_cat_path(c.key), c.name) for c in content.categories()),
                 '<li class="menu-item menu-item-type-taxonomy menu-item-object-category"><a href="{href}">{text}</a></li>')
    return f"""<!doctype html>
<html lang="vi" class="no-js">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>{head}
<link rel="alternate" type="application/rss+xml" title="{SITE} &raquo; Dòng thông tin" href="{req.url('/feed/')}">
<link rel="stylesheet" id="twenty-twenty-one-style-css" href="/wp-content/themes/twentytwentyone/style.css?ver=2.1" media="all">
<link rel="stylesheet" id="wp-block-library-css" href="/wp-includes/css/dist/block-library/style.min.css?ver={VERSION}" media="all">
<link rel="https://api.w.org/" href="{req.url('/wp-json/')}">
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{req.url('/xmlrpc.php?rsd')}">
<meta name="generator" content="WordPress {VERSION}">
<script src="/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
</head>
<body class="{body_class} wp-embed-responsive is-light-theme no-js has-main-navigation">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Chuyển đến nội dung</a>
<header id="masthead" class="site-header has-title-and-tagline has-menu">
<div class="site-branding"><p class="site-title"><a href="/" rel="home">{SITE}</a></p><p class="site-description">{TAGLINE}</p></div>
<nav id="site-navigation" class="primary-navigation" aria-label="Menu chính"><div class="primary-menu-container">
<ul id="primary-menu-list" class="menu-wrapper"><li class="menu-item"><a href="/">Trang chủ</a></li>{menu}</ul></div></nav>
</header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
{main}
</main></div></div>
<aside class="widget-area"><section class="widget widget_search"><form role="search" method="get" class="search-form" action="/">
<label for="search-form-1">Tìm kiếm…</label><input type="search" id="search-form-1" class="search-field" value="" name="s"><input type="submit" class="search-submit" value="Tìm kiếm"></form></section>
<section class="widget widget_tag_cloud"><h2 class="widget-title">Thẻ</h2><div class="tagcloud">{cm.links(((f'/tag/{content.slugify(t)}/', t) for t in cm.all_tags()), '<a href="{href}" class="tag-cloud-link">{text}</a> ')}</div></section></aside>
<footer id="colophon" class="site-footer"><div class="site-info"><div class="site-name">{SITE}</div>
<div class="powered-by">Vận hành bởi <a href="https://wordpress.org/">WordPress</a>.</div></div></footer>
</div>
<script src="/wp-content/themes/twentytwentyone/assets/js/primary-navigation.js?ver=2.1" id="twenty-twenty-one-primary-navigation-script-js"></script>
</body></html>"""


def _meta_footer(a: SampleArticle, sticky: bool = False) -> str:
    featured = '<span class="sticky-post">Bài viết nổi bật</span>' if sticky else ""
    when = (f'<span class="posted-on">Đã đăng <time class="entry-date published updated" '
            f'datetime="{cm.iso(content.published_at(a))}">{a.published:%d/%m/%Y}</time></span>') if _shows_date(a) else ""
    byline = f'<span class="byline">bởi <a href="/author/{content.slugify(a.author)}/" rel="author">{escape(a.author)}</a></span>'
    cats = ", ".join(f'<a href="{_cat_path(c.key)}" rel="category tag">{escape(c.name)}</a>' for c in _cats(a))
    tag_links = ", ".join(f'<a href="/tag/{content.slugify(t)}/" rel="tag">{escape(t)}</a>' for t in cm.tags(a))
    return (f'<footer class="entry-footer default-max-width">{featured}<div class="posted-by">{when}{byline}</div>'
            f'<div class="post-taxonomies"><span class="cat-links">Chuyên mục {cats} </span>'
            f'<span class="tags-links">Thẻ {tag_links}</span></div></footer>')


def _post_classes(a: SampleArticle, sticky: bool = False) -> str:
    cats = " ".join(f"category-{c.slug}" for c in _cats(a))
    tag_cls = " ".join(f"tag-{content.slugify(t)}" for t in cm.tags(a))
    return (f"post-{a.id} post type-post status-publish format-standard has-post-thumbnail hentry {cats} {tag_cls}"
            + (" sticky" if sticky else "") + " entry")


def _content_html(a: SampleArticle) -> str:
    body = cm.body_html(a, lambda p: f"<p>{p}</p>",
                     lambda src, cap: f'<figure class="wp-block-image size-large"><img decoding="async" src="/wp-content{src}" '
                                      f'alt=""><figcaption class="wp-element-caption">{escape(cap)}</figcaption></figure>')
    return f"<p><strong>{escape(a.lead)}</strong></p>\n{body}"


def _post(req: Request, a: SampleArticle) -> Response:
    permalink = req.url(post_path(a))
    noindex = '\n<meta name="robots" content="noindex, follow">' if "replytocom" in req.query else ""
    head = (f'{noindex}\n<link rel="canonical" href="{permalink}">\n<link rel="shortlink" href="{req.url(f"/?p={a.id}")}">'
            f'\n<link rel="alternate" type="application/json" href="{req.url(f"/wp-json/wp/v2/posts/{a.id}")}">')
    pos = content.articles().index(a)
    older, newer = content.articles()[pos + 1:pos + 2], content.articles()[max(0, pos - 1):pos]
    nav = "".join(f'<div class="nav-{side}"><a href="{post_path(o)}" rel="{rel}"><p class="meta-nav">{label}</p>'
                  f'<p class="post-title">{escape(o.title)}</p></a></div>'
                  for side, rel, label, items in (("previous", "prev", "Bài trước", older), ("next", "next", "Bài tiếp theo", newer))
                  for o in items)
    comments = ""
    if a.id % 3 == 0:
        cid = a.id * 10 + 1
        comments = (f'<div id="comments" class="comments-area default-max-width show-avatars"><h2 class="comments-title">Một bình luận</h2>'
                    f'<ol class="comment-list"><li id="comment-{cid}" class="comment even thread-even depth-1"><article class="comment-body">'
                    f'<footer class="comment-meta"><b class="fn">Bạn đọc</b></footer><div class="comment-content"><p>Bài viết rất hữu ích.</p></div>'
                    f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="{post_path(a)}?replytocom={cid}#respond">Trả lời</a></div>'
                    f"</article></li></ol></div>")
    main = (f'<article id="post-{a.id}" class="{_post_classes(a)}"><header class="entry-header alignwide">'
            f'<h1 class="entry-title">{escape(a.title)}</h1></header>'
            f'<div class="entry-content">\n{_content_html(a)}\n</div>{_meta_footer(a)}'
            f'<div class="author-bio show-avatars"><h2 class="author-title">Bởi {escape(a.author)}</h2></div></article>'
            f'<nav class="navigation post-navigation" aria-label="Bài viết"><div class="nav-links">{nav}</div></nav>{comments}')
    body_class = f"post-template-default single single-post postid-{a.id} single-format-standard singular"
    headers = _api_link(req, f', <{req.url(f"/wp-json/wp/v2/posts/{a.id}")}>; rel="alternate"; type="application/json"'
                        f', <{req.url(f"/?p={a.id}")}>; rel=shortlink')
    return cm.ok(_page(req, f"{a.title} – {SITE}", body_class, main, head), headers=headers)


def _archive(req: Request, title: str, items: list[SampleArticle], page: int, base: str | Callable[[int], str],
             body_class: str) -> Response:
    sticky = cm.pinned()
    paged = cm.paginate(items, page, PER_PAGE)
    if paged is None:
        return _not_found(req)
    rows, pages = paged

    def entry(a: SampleArticle, is_sticky: bool = False) -> str:
        return (f'<article id="post-{a.id}" class="{_post_classes(a, is_sticky)}"><header class="entry-header">'
                f'<h2 class="entry-title default-max-width"><a href="{post_path(a)}">{escape(a.title)}</a></h2></header>'
                f'<div class="entry-content"><p>{escape(a.lead)}</p></div>{_meta_footer(a, is_sticky)}</article>')

    def page_url(n: int) -> str:
        if callable(base):
            return base(n)
        return base if n == 1 else f"{base}page/{n}/"

    nums = "".join(f'<span aria-current="page" class="page-numbers current">{n}</span>' if n == page
                   else f'<a class="page-numbers" href="{page_url(n)}">{n}</a>' for n in range(1, pages + 1))
    prev = f'<a class="prev page-numbers" href="{page_url(page - 1)}">Trang trước</a>' if page > 1 else ""
    nxt = f'<a class="next page-numbers" href="{page_url(page + 1)}">Trang sau</a>' if page < pages else ""
    main = (f'<header class="page-header alignwide"><h1 class="page-title">{escape(title)}</h1></header>'
            + entry(sticky, True) + "".join(entry(a) for a in rows)
            + f'<nav class="navigation pagination" aria-label="Phân trang bài viết"><div class="nav-links">{prev}{nums}{nxt}</div></nav>')
    return cm.ok(_page(req, f"{title} – {SITE}", body_class, main), headers=_api_link(req))


def _feed(req: Request, items: list[SampleArticle], title: str, link: str) -> Response:
    feed_items = [cm.FeedItem(a.title, req.url(post_path(a)), escape(a.lead), content.published_at(a),
                           content.category(a.category).name) for a in items[:10]]
    channel = f'<atom:link href="{req.url(req.path)}" rel="self" type="application/rss+xml"/><generator>https://wordpress.org/?v={VERSION}</generator>'
    return cm.ok(cm.rss(title, link, TAGLINE, feed_items, channel), cm.RSS)


def _rest_post(req: Request, a: SampleArticle) -> dict:
    pub, mod = content.published_at(a), content.edited_at(a)
    return {"id": a.id, "date": f"{pub:%Y-%m-%dT%H:%M:%S}", "date_gmt": f"{pub - timedelta(hours=7):%Y-%m-%dT%H:%M:%S}",
            "guid": {"rendered": req.url(f"/?p={a.id}")}, "modified": f"{mod:%Y-%m-%dT%H:%M:%S}",
            "modified_gmt": f"{mod - timedelta(hours=7):%Y-%m-%dT%H:%M:%S}", "slug": a.slug, "status": "publish",
            "type": "post", "link": req.url(post_path(a)), "title": {"rendered": escape(a.title, quote=False)},
            "content": {"rendered": _content_html(a) + "\n", "protected": False},
            "excerpt": {"rendered": f"<p>{escape(a.lead, quote=False)}</p>\n", "protected": False},
            "author": _author_id(a.author), "sticky": a == cm.pinned(), "format": "standard",
            "categories": [c.id for c in _cats(a)], "tags": [_tag_id(t) for t in cm.tags(a)]}


def _rest(req: Request) -> Response:
    if req.path.rstrip("/") == "/wp-json":
        return cm.json_response({"name": SITE, "description": TAGLINE, "url": req.base, "home": req.base,
                              "namespaces": ["oembed/1.0", "wp/v2", "wp-site-health/v1"]}, _api_link(req))
    route = req.path[len("/wp-json/wp/v2/"):].strip("/")
    if route == "posts":
        per = req.page("per_page", 10)
        if not 1 <= per <= 100:
            return Response(400, "application/json; charset=UTF-8",
                            b'{"code":"rest_invalid_param","message":"Invalid parameter(s): per_page","data":{"status":400}}', {})
        items = list(content.articles())
        paged = cm.paginate(items, req.page(), per)
        if paged is None:
            return Response(400, "application/json; charset=UTF-8",
                            b'{"code":"rest_post_invalid_page_number","message":"The page number requested is larger than the number of pages available.","data":{"status":400}}', {})
        rows, pages = paged
        return cm.json_response([_rest_post(req, a) for a in rows],
                             {**_api_link(req), "X-WP-Total": str(len(items)), "X-WP-TotalPages": str(pages)})
    if route.startswith("posts/") and (a := cm.find_article(route[6:])):
        return cm.json_response(_rest_post(req, a), _api_link(req))
    return Response(404, "application/json; charset=UTF-8",
                    b'{"code":"rest_no_route","message":"No route was found matching the URL and request method.","data":{"status":404}}', {})


def _not_found(req: Request) -> Response:
    main = '<header class="page-header alignwide"><h1 class="page-title">Không tìm thấy</h1></header><div class="error-404 not-found default-max-width"><p>Có vẻ như không có gì ở đây.</p></div>'
    return cm.not_found(_page(req, f"Không tìm thấy trang – {SITE}", "error404", main))


def _sitemaps(req: Request) -> Response | None:
    if req.path == "/wp-sitemap.xml":
        return cm.ok(cm.sitemap_index(req.url(p) for p in ("/wp-sitemap-posts-post-1.xml", "/wp-sitemap-posts-page-1.xml",
                                                     "/wp-sitemap-taxonomies-category-1.xml", "/wp-sitemap-users-1.xml")), cm.XML)
    if req.path == "/wp-sitemap-posts-post-1.xml":
        return cm.ok(cm.urlset((req.url(post_path(a)), content.edited_at(a)) for a in content.articles()), cm.XML)
    if req.path == "/wp-sitemap-posts-page-1.xml":
        return cm.ok(cm.urlset([(req.url("/gioi-thieu/"), None)]), cm.XML)
    if req.path == "/wp-sitemap-taxonomies-category-1.xml":
        return cm.ok(cm.urlset((req.url(_cat_path(c.key)), None) for c in content.categories()), cm.XML)
    if req.path == "/wp-sitemap-users-1.xml":
        return cm.ok(cm.urlset((req.url(f"/author/{content.slugify(n)}/"), None) for n in cm.authors()), cm.XML)
    return None


def _paged(rest: list[str]) -> tuple[list[str], int]:
    """Split a trailing ``page/N`` off a path's parts."""
    if len(rest) >= 2 and rest[-2] == "page":
        return rest[:-2], int(rest[-1]) if rest[-1].isdigit() else 0
    return rest, 1


def resolve(req: Request) -> Response:
    path, q = req.path, req.query
    if path == "/robots.txt":
        return cm.robots(DISALLOW, allow=["/wp-admin/admin-ajax.php"], sitemap=req.url("/wp-sitemap.xml"))
    if path.startswith(("/wp-content/", "/wp-includes/")):
        return cm.asset(path)
    if path.startswith("/wp-json"):
        return _rest(req)
    if (sm := _sitemaps(req)) is not None:
        return sm
    if path == "/" and "p" in q:
        a = cm.find_article(q["p"])
        return _post(req, a) if a else _not_found(req)
    parts, page = _paged([p for p in path.split("/") if p])
    if not parts and "s" in q:
        words = cm.quoted(q["s"])
        return _archive(req, f"Kết quả tìm kiếm cho: “{q['s']}”", cm.search(q["s"]), page,
                        lambda n: f"/?s={words}" if n == 1 else f"/page/{n}/?s={words}", "search search-results")
    if parts in (["feed"], ["feed", "atom"]):
        return _feed(req, list(content.articles()), SITE, req.base)
    if not parts:
        return _archive(req, "Bài viết mới", list(content.articles()), page, "/", "home blog")
    kind = parts[0]
    if kind == "category" and len(parts) >= 2 and (cat := cm.category_by_slug(parts[1])):
        if parts[2:] == ["feed"]:
            return _feed(req, cm.section_articles(cat.key), f"{cat.name} – {SITE}", req.url(_cat_path(cat.key)))
        if len(parts) == 2:
            return _archive(req, f"Chuyên mục: {cat.name}", cm.section_articles(cat.key), page, _cat_path(cat.key),
                            f"archive category category-{cat.slug} category-{cat.id}")
    if kind == "tag" and len(parts) == 2 and (tag := cm.tag_by_slug(parts[1])):
        return _archive(req, f"Thẻ: {tag}", cm.tagged(tag), page, f"/tag/{parts[1]}/", "archive tag")
    if kind == "author" and len(parts) == 2 and (name := cm.author_by_slug(parts[1])):
        return _archive(req, f"Tác giả: {name}", cm.by_author(name), page, f"/author/{parts[1]}/", "archive author")
    if all(p.isdigit() for p in parts[:3]) and len(parts) <= 4:
        stamp = "/".join(parts[:3])
        if len(parts) == 4:
            a = next((x for x in content.articles() if x.slug == parts[3] and f"{x.published:%Y/%m/%d}" == stamp), None)
            return _post(req, a) if a else _not_found(req)
        items = [x for x in content.articles() if f"{x.published:%Y/%m/%d}".startswith(stamp)]
        if items:
            return _archive(req, f"Lưu trữ: {stamp}", items, page, f"/{stamp}/", "archive date")
    return _not_found(req)


# every post's date is in its permalink and in the REST API, whatever the theme hides
SKIN = Skin(name="wordpress", family="WordPress 6 (Twenty Twenty-One)", resolve=resolve, canonical=post_path,
            dated=lambda a: True, server_header="Apache")

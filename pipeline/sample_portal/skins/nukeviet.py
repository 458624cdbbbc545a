"""NukeViet 4.5 skin (default theme, module ``news``).

Articles ``/vi/news/<cat>/<alias>-<id>.html`` (an article listed in a second section keeps its primary
section's URL; another section's alias answers 301), listings ``/vi/news/<cat>/`` and ``…/page-N/``, print
``/vi/news/print/<cat>/<alias>-<id>.html``, savefile, tags ``/vi/news/tag/<alias>``, authors
``/vi/news/author/<alias>/``, search ``/vi/news/search/?q=``, RSS ``/vi/news/rss/[<cat>/]``, sitemaps
``/sitemap.xml`` → ``/sitemap-vi.xml`` → ``/sitemap-vi.news.xml``. Traps: the section's featured article heads
every listing page, hidden ``datePublished`` holds the edit time, ``article:published_time`` is malformed,
articles whose date line is left out (date only in the text), "other news" lists with dates.
"""

from __future__ import annotations

import json
from html import escape

from .. import content
from ..content import SampleArticle
from . import Skin
from . import common as cm
from .common import Request, Response

PER_PAGE = 8
SITE = "Viện kiểm sát nhân dân tỉnh Khánh Hòa"
DISALLOW = ("/admin/", "/data/", "/includes/", "/install/", "/vendor/", "/vi/news/search/", "/vi/seek/", "/vi/news/savefile/")


def article_path(a: SampleArticle, op: str = "") -> str:
    cat = content.category(a.category)
    return f"/vi/news/{op + '/' if op else ''}{cat.slug}/{a.slug}-{a.id}.html"


def listing_path(key: str, page: int = 1) -> str:
    path = f"/vi/news/{content.category(key).slug}/"
    return path if page == 1 else f"{path}page-{page}/"


def _shows_date(a: SampleArticle) -> bool:
    return a.date_display in ("printed", "meta")


def _head(title: str, canonical: str, extra: str = "") -> str:
    org = json.dumps({"@context": "https://schema.org", "@type": "Organization", "url": "/", "name": SITE,
                      "logo": "/uploads/logo.png"}, ensure_ascii=False)
    return f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#">
<head><title>{escape(title)}</title>
<meta name="description" content="{escape(title)}">
<meta name="author" content="{SITE}">
<meta name="generator" content="NukeViet v4.5">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta property="og:title" content="{escape(title)}">
<meta property="og:site_name" content="{SITE}">{extra}
<link rel="canonical" href="{canonical}">
<link rel="alternate" href="/vi/news/rss/" title="Tin Tức" type="application/rss+xml">
<link rel="StyleSheet" href="/themes/default/css/font-awesome.min.css">
<link rel="StyleSheet" href="/themes/default/css/bootstrap.non-responsive.css">
<link rel="StyleSheet" href="/themes/default/css/style.css">
<link rel="StyleSheet" href="/themes/default/css/news.css">
<script type="application/ld+json">{org}</script>
<script data-show="inline">var nv_base_siteurl="/",nv_lang_data="vi",nv_lang_interface="vi",nv_name_variable="nv",nv_fc_variable="op",nv_lang_variable="language",nv_module_name="news",nv_func_name="main",nv_is_user=0,nv_my_ofs=7,nv_my_abbr="ICT",nv_cookie_prefix="nv4c_Kh7aQ",nv_check_pass_mstime=1738000,nv_area_admin=0,theme_responsive=1;</script>
<script src="/assets/js/jquery/jquery.min.js"></script>
<script src="/assets/js/language/vi.js"></script>
<script src="/assets/js/global.js"></script>
<script src="/themes/default/js/news.js"></script>
<script src="/themes/default/js/main.js"></script>
</head>"""


def _page(title: str, canonical: str, crumbs: list[tuple[str, str]], main: str, extra_head: str = "") -> str:
    menu = cm.links((listing_path(c.key), c.name) for c in content.categories())
    crumb_html = cm.links(crumbs, '<li><a href="{href}"><span>{text}</span></a></li>')
    return f"""{_head(title, canonical, extra_head)}
<body>
<noscript><div class="alert alert-danger">Trình duyệt của bạn đã tắt chức năng hỗ trợ JavaScript.</div></noscript>
<div class="body-bg"><div class="wraper">
<header><div class="container"><div id="header" class="row"><div class="logo col-xs-24 col-sm-24 col-md-8">
<a title="{SITE}" href="/vi/"><img src="/uploads/logo.png" alt="{SITE}"></a>
<span class="site_name">{SITE}</span><span class="site_description">Cổng thông tin điện tử</span></div></div></div></header>
<nav class="second-nav" id="menusite"><div class="container"><div class="row"><div class="bg box-shadow">
<ul class="nav navbar-nav"><li><a title="Trang nhất" href="/vi/"><em class="fa fa-lg fa-home">&nbsp;</em></a></li>
<li><a href="/vi/news/">Tin Tức</a></li>{menu}</ul></div></div></div></nav>
<section><div class="container" id="body">
<nav class="third-nav margin-bottom-lg"><div class="breadcrumbs-wrap"><div class="display">
<ul class="breadcrumbs list-none"><li><a href="/vi/"><span><em class="fa fa-lg fa-home"></em></span></a></li>{crumb_html}</ul>
</div></div></nav>
<div class="row"><div class="col-md-18">{main}</div>
<div class="col-md-6"><div class="panel panel-primary"><div class="panel-heading">Liên kết</div><div class="panel-body">
<ul><li><a href="https://vksndtc.gov.vn">Viện kiểm sát nhân dân tối cao</a></li></ul></div></div></div></div>
</div></section>
<footer id="footer" class="wraper"><div class="container"><div class="row"><div class="col-xs-24 col-sm-24 col-md-12">
<div class="panel-body"><p>© Bản quyền thuộc về {SITE}</p><p>Ghi rõ nguồn khi phát hành lại thông tin từ cổng thông tin này.</p></div>
</div><div class="col-xs-24 col-sm-24 col-md-12"><div class="copyright">Powered by <a href="https://nukeviet.vn/">NukeViet CMS</a></div>
</div></div></div></footer></div></div>
</body></html>"""


def _listed_time(a: SampleArticle) -> str:
    return f"{content.published_at(a):%d/%m/%Y %I:%M:%S %p}" if a.date_display != "none" else ""


def _summary(a: SampleArticle, heading: str) -> str:
    when = _listed_time(a)
    stamp = f'<li><em class="fa fa-clock-o">&nbsp;</em> {when}</li>' if when else ""
    return (f'<a href="{article_path(a)}" title="{escape(a.title)}"><img alt="{escape(a.title)}" '
            f'src="/uploads/news/thumb/{a.id}.gif" width="100" class="img-thumbnail pull-left imghome"></a>'
            f'<{heading}><a href="{article_path(a)}" title="{escape(a.title)}">{escape(a.title)}</a></{heading}>'
            f'<div class="text-muted"><ul class="list-unstyled list-inline">{stamp}'
            f'<li><em class="fa fa-eye">&nbsp;</em> Lượt xem: {100 + a.id % 400}</li></ul></div>{escape(a.lead)}')


def _list_page(title: str, canonical: str, crumbs: list[tuple[str, str]], items: list[SampleArticle], page: int,
               page_path, featured: SampleArticle | None = None) -> Response:
    paged = cm.paginate(items, page, PER_PAGE)
    if paged is None:
        return _not_found()
    rows, pages = paged
    head = (f'<div class="news_column"><div class="featured panel panel-default"><div class="panel-body">'
            f"{_summary(featured, 'h2')}</div></div></div>") if featured else ""
    body = "".join(f'<div class="panel panel-default"><div class="panel-body">{_summary(a, "h3")}</div></div>'
                   for a in rows)
    nav = "".join(f'<li class="active"><span>{n}</span></li>' if n == page else f'<li><a href="{page_path(n)}">{n}</a></li>'
                  for n in range(1, pages + 1))
    if page < pages:
        nav += f'<li><a href="{page_path(page + 1)}" title="Trang sau">&raquo;</a></li>'
    main = (f'<div class="news_column"><h1 class="hidden">{escape(title)}</h1>{head}{body}'
            f'<div class="text-center"><ul class="pagination">{nav}</ul></div></div>')
    return cm.ok(_page(f"{title} - {SITE}", canonical, crumbs, main))


def _article(req: Request, a: SampleArticle) -> Response:
    cat = content.category(a.category)
    pub, edit = content.published_at(a), content.edited_at(a)
    # PHP's date('Y-m-dTH:i:s') puts the zone abbreviation where the ISO "T" belongs
    og = (f'\n<meta property="og:type" content="article">\n<meta property="og:url" content="{req.url(article_path(a))}">'
          f'\n<meta property="article:published_time" content="{pub:%Y-%m-%d}+07{pub:%H:%M:%S}">'
          f'\n<meta property="article:modified_time" content="{edit:%Y-%m-%d}+07{edit:%H:%M:%S}">'
          f'\n<meta property="article:section" content="{escape(cat.name)}">'
          + "".join(f'\n<meta property="article:tag" content="{escape(t)}">' for t in cm.tags(a)))
    date_line = (f'<div class="row margin-bottom-lg"><div class="col-md-12"><span class="h5">{cm.weekday(pub)} - '
                 f'{pub:%d/%m/%Y %H:%M}</span></div></div>') if _shows_date(a) else ""
    body = cm.body_html(a, lambda p: f'<p style="text-align: justify;">{p}</p>',
                     lambda src, cap: f'<figure class="article center"><img alt="{escape(cap)}" src="{src}" width="600">'
                                      f"<figcaption>{escape(cap)}</figcaption></figure>")
    tag_links = ", ".join(f'<a title="{escape(t)}" href="/vi/news/tag/{content.slugify(t)}"><em>{escape(t)}</em></a>'
                          for t in cm.tags(a))
    same = cm.section_articles(a.category)
    pos = same.index(a) if a in same else 0
    newer, older = same[max(0, pos - 3):pos], same[pos + 1:pos + 4]

    def related(label: str, items: list[SampleArticle]) -> str:
        if not items:
            return ""
        lis = "".join(f'<li><em class="fa fa-angle-right">&nbsp;</em><a href="{article_path(o)}" title="{escape(o.title)}">'
                      f"{escape(o.title)}</a> <em>({content.published_at(o):%d/%m/%Y})</em></li>" for o in items)
        return f'<p class="h3"><strong>{label}</strong></p><div class="clearfix"><ul class="detail-related related list-none list-items">{lis}</ul></div>'

    main = f"""<div class="news_column panel panel-default" itemtype="http://schema.org/NewsArticle" itemscope>
<div class="panel-body">
<h1 class="title margin-bottom-lg" itemprop="headline">{escape(a.title)}</h1>
<div class="hidden hide d-none" itemprop="publisher" itemtype="http://schema.org/Organization" itemscope><span itemprop="name">{SITE}</span></div>
<span class="hidden hide d-none" itemprop="datePublished">{cm.iso(edit)}</span>
<span class="hidden hide d-none" itemprop="dateModified">{cm.iso(edit)}</span>
<span class="hidden hide d-none" itemprop="mainEntityOfPage">{req.url(article_path(a))}</span>
<ul class="temp-breadcrumbs hidden" itemscope itemtype="https://schema.org/BreadcrumbList"><li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a href="{listing_path(a.category)}" itemprop="item"><span itemprop="name">{escape(cat.name)}</span></a><i class="hidden" itemprop="position" content="1"></i></li></ul>
{date_line}
<div class="row margin-bottom-lg"><div class="col-md-12"><ul class="list-inline text-right">
<li><a class="dimgray" rel="nofollow" title="Gửi bài viết qua email" href="javascript:void(0);"><em class="fa fa-lg fa-envelope"></em></a></li>
<li><a class="dimgray" rel="nofollow" title="In ấn" href="{article_path(a, 'print')}"><em class="fa fa-lg fa-print"></em></a></li>
<li><a class="dimgray" rel="nofollow" title="Lưu bài viết này" href="{article_path(a, 'savefile')}"><em class="fa fa-lg fa-save"></em></a></li>
</ul></div></div>
<div class="clearfix"><div class="hometext m-bottom" itemprop="description">{escape(a.lead)}</div></div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">
{body}
</div>
<div class="margin-bottom-lg"><p class="h5 text-right"><strong>Tác giả: </strong>{escape(a.author)}</p></div>
<div class="alert alert-info">Bản quyền thuộc về {SITE}. Ghi rõ nguồn khi trích dẫn.</div>
</div></div>
<div class="news_column panel panel-default"><div class="panel-body"><div class="h5"><em class="fa fa-tags">&nbsp;</em><strong>Từ khóa: </strong>{tag_links}</div></div></div>
<div class="news_column panel panel-default"><div class="panel-body">
<form id="form3B" action=""><div class="h5 clearfix"><p>Tổng số điểm của bài viết là: 0 trong 0 đánh giá</p></div></form>
</div></div>
<div class="news_column panel panel-default"><div class="panel-body other-news">
{related("Những tin mới hơn", newer)}{related("Những tin cũ hơn", older)}
</div></div>"""
    crumbs = [("/vi/news/", "Tin Tức"), (listing_path(a.category), cat.name)]
    return cm.ok(_page(f"{a.title} - {SITE}", req.url(article_path(a)), crumbs, main, og))


def _print_view(a: SampleArticle) -> Response:
    pub = content.published_at(a)
    when = f'<span class="time">{cm.weekday(pub)} - {pub:%d/%m/%Y %H:%M}</span>' if _shows_date(a) else ""
    body = cm.body_html(a, lambda p: f"<p>{p}</p>", lambda src, cap: f'<img src="{src}" alt="{escape(cap)}">')
    return cm.ok(f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(a.title)}</title>
<meta name="robots" content="noindex, nofollow"><link rel="StyleSheet" href="/themes/default/css/news.css"></head>
<body><div id="print"><div id="hd_print"><h2 class="pull-left">{SITE}</h2></div>
<div id="content"><h1>{escape(a.title)}</h1><ul class="list-inline"><li>{when}</li></ul>
<div id="hometext">{escape(a.lead)}</div><div id="bodytext" class="clearfix">{body}</div>
<div class="text-right"><strong>{escape(a.author)}</strong></div>
<div id="footer"><p>URL của bản tin này: <a href="{article_path(a)}">{article_path(a)}</a></p></div>
</div></div></body></html>""")


def _feed(req: Request, key: str | None) -> Response:
    items = cm.section_articles(key) if key else list(content.articles())
    name = content.category(key).name if key else "Tin Tức"
    feed_items = [cm.FeedItem(a.title, req.url(article_path(a)), escape(a.lead),
                           content.published_at(a) if a.date_display != "none" else None,
                           content.category(a.category).name) for a in items[:30 if key is None else None]]
    return cm.ok(cm.rss(f"{name} - {SITE}", req.url(listing_path(key) if key else "/vi/news/"), SITE, feed_items,
                  "<generator>NukeViet v4.5</generator>"), cm.RSS)


def _not_found() -> Response:
    return cm.not_found(_page(f"Lỗi 404 - {SITE}", "/", [], '<div class="alert alert-danger">Trang bạn yêu cầu không tồn tại.</div>'))


def _article_route(req: Request, op: str, cat_slug: str, leaf: str) -> Response:
    alias, _, tail = leaf.rpartition("-")
    a = cm.find_article(tail[:-5]) if tail.endswith(".html") else None
    if a is None or alias != a.slug:
        return _not_found()
    if op == "print":
        return _print_view(a)
    if op == "savefile":
        resp = _print_view(a)
        return resp._replace(headers={"Content-Disposition": f'attachment; filename="{a.slug}.html"'})
    if cat_slug != content.category(a.category).slug:
        return Response(301, cm.TEXT, b"", {"Location": req.url(article_path(a))})
    return _article(req, a)


def resolve(req: Request) -> Response:
    path = req.path
    parts = [p for p in path.split("/") if p]
    if path == "/robots.txt":
        return cm.robots(DISALLOW, sitemap=req.url("/sitemap.xml"))
    if path.startswith(("/themes/", "/assets/", "/uploads/")):
        return cm.asset(path)
    if path == "/sitemap.xml":
        return cm.ok(cm.sitemap_index([req.url("/sitemap-vi.xml")]), cm.XML)
    if path == "/sitemap-vi.xml":
        return cm.ok(cm.sitemap_index([req.url("/sitemap-vi.news.xml")]), cm.XML)
    if path == "/sitemap-vi.news.xml":
        return cm.ok(cm.urlset((req.url(article_path(a)), content.edited_at(a)) for a in content.articles()[:1000]), cm.XML)
    if path in ("/", "/vi/", "/index.php"):
        return _list_page("Trang nhất", req.url("/"), [], list(content.articles())[:PER_PAGE], 1, lambda n: "/vi/news/")
    if parts[:2] != ["vi", "news"]:
        return _not_found()
    rest = parts[2:]
    news = [("/vi/news/", "Tin Tức")]
    if not rest or (len(rest) == 1 and rest[0].startswith("page-")):
        page = int(rest[0][5:]) if rest and rest[0][5:].isdigit() else 1
        return _list_page("Tin Tức", req.url("/vi/news/"), news, list(content.articles()), page,
                          lambda n: "/vi/news/" if n == 1 else f"/vi/news/page-{n}/")
    op = rest[0]
    if op == "rss":
        cat = cm.category_by_slug(rest[1]) if len(rest) > 1 else None
        return _feed(req, cat.key if cat else None) if len(rest) == 1 or cat else _not_found()
    if op == "tag" and len(rest) == 2 and (tag := cm.tag_by_slug(rest[1])):
        return _list_page(f"Tag: {tag}", req.url(path), news, cm.tagged(tag), 1, lambda n: path)
    if op == "author" and len(rest) == 2 and (name := cm.author_by_slug(rest[1])):
        return _list_page(f"Tác giả: {name}", req.url(path), news, cm.by_author(name), 1, lambda n: path)
    if op == "search":
        words = req.arg("q")
        found = cm.search(words)
        if not found:
            return cm.ok(_page(f"Tìm kiếm - {SITE}", req.url("/vi/news/search/"), news, '<p class="text-danger">Không có kết quả</p>'))
        return _list_page(f"Tìm kiếm: {words}", req.url("/vi/news/search/"), news, found, req.page(),
                          lambda n: f"/vi/news/search/?q={cm.quoted(words)}&page={n}")
    if op in ("print", "savefile") and len(rest) == 3:
        return _article_route(req, op, rest[1], rest[2])
    cat = cm.category_by_slug(op)
    if cat is None:
        return _not_found()
    crumbs = [*news, (listing_path(cat.key), cat.name)]
    if len(rest) == 1 or (len(rest) == 2 and rest[1].startswith("page-")):
        page = 1 if len(rest) == 1 else (int(rest[1][5:]) if rest[1][5:].isdigit() else 0)
        return _list_page(cat.name, req.url(listing_path(cat.key)), crumbs, cm.section_articles(cat.key), page,
                          lambda n: listing_path(cat.key, n), featured=cm.pinned(cat.key))
    if len(rest) == 2:
        return _article_route(req, "", op, rest[1])
    return _not_found()


def _dated(a: SampleArticle) -> bool:
    return a.date_display != "none"


SKIN = Skin(name="nukeviet", family="NukeViet 4.5", resolve=resolve, canonical=article_path, dated=_dated,
            server_header="nginx")


"""Joomla 3.x skin (template Protostar, SEF URLs without rewriting, a vi-VN language pack).

Articles ``/index.php/<menu>/<id>-<alias>`` (menu = the section; an article filed in a second section is also
served under that menu: a duplicate URL), raw ``/index.php?option=com_content&view=article&id=N&catid=C&Itemid=M``
(linked from a hand-made "Tin tiêu điểm" module on every page), print ``?tmpl=component&print=1&layout=default``;
category blogs ``/index.php/<menu>`` paged by offset ``?start=10``; feeds ``?format=feed&type=rss`` per
category (intro text only); no sitemap. Not articles: ``/index.php/component/tags/tag/<id>-<alias>``,
``/index.php/component/search/?searchword=``, author contact pages ``/index.php/component/contact/contact/…``.
Traps: the section's "Tin nổi bật" module repeats its pinned article on every blog page; articles whose
publish date is switched off (date only in the text and the feed).
"""

from __future__ import annotations

from html import escape

from .. import content
from ..content import SampleArticle
from . import Skin
from . import common as cm
from .common import Request, Response

LIMIT = 10
SITE = "Viện kiểm sát nhân dân tỉnh Khánh Hòa"
SESSION_COOKIE = "3f6c1b2e9a0d4c7f8e5b6a1d2c3e4f50"
DISALLOW = ("/administrator/", "/bin/", "/cache/", "/cli/", "/components/", "/includes/", "/installation/", "/language/",
            "/layouts/", "/libraries/", "/logs/", "/modules/", "/plugins/", "/tmp/", "/index.php/component/search/")


def _itemid(key: str) -> int:
    return 102 + [c.key for c in content.categories()].index(key)


def menu_path(key: str) -> str:
    return f"/index.php/{content.category(key).slug}"


def article_path(a: SampleArticle, menu: str | None = None) -> str:
    return f"{menu_path(menu or a.category)}/{a.id}-{a.slug}"


def raw_path(a: SampleArticle) -> str:
    cat = content.category(a.category)
    return f"/index.php?option=com_content&view=article&id={a.id}&catid={cat.id}&Itemid={_itemid(a.category)}"


def _tag_path(tag: str) -> str:
    return f"/index.php/component/tags/tag/{2 + cm.all_tags().index(tag)}-{content.slugify(tag)}"


def _contact_path(name: str) -> str:
    return f"/index.php/component/contact/contact/{1 + cm.authors().index(name)}-{content.slugify(name)}?Itemid=101"


def _shows_date(a: SampleArticle) -> bool:
    return a.date_display in ("printed", "meta")


def _published_label(a: SampleArticle) -> str:
    pub = content.published_at(a)
    return f"Published: {pub.day:02d} Tháng {pub.month} {pub.year}"


def _info(a: SampleArticle, hits: bool = True) -> str:
    cat = content.category(a.category)
    when = (f'<dd class="published"><span class="icon-calendar" aria-hidden="true"></span>'
            f'<time datetime="{cm.iso(content.published_at(a))}" itemprop="datePublished">{_published_label(a)}</time></dd>'
            if _shows_date(a) else "")
    hit = (f'<dd class="hits"><span class="icon-eye-open" aria-hidden="true"></span>'
           f'<meta itemprop="interactionCount" content="UserPageVisits:{50 + a.id % 700}">Lượt xem: {50 + a.id % 700}</dd>') if hits else ""
    return (f'<dl class="article-info muted"><dt class="article-info-term">Chi tiết</dt>'
            f'<dd class="createdby" itemprop="author" itemscope itemtype="https://schema.org/Person">Viết bởi '
            f'<a href="{_contact_path(a.author)}" itemprop="url"><span itemprop="name">{escape(a.author)}</span></a></dd>'
            f'<dd class="category-name">Danh mục: <a href="{menu_path(a.category)}" itemprop="genre">{escape(cat.name)}</a></dd>'
            f"{when}{hit}</dl>")


def _page(req: Request, title: str, main: str, active: str = "", head: str = "", component_only: bool = False) -> str:
    head_html = f"""<!DOCTYPE html>
<html lang="vi-vn" dir="ltr">
<head>
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta charset="utf-8">
<meta name="generator" content="Joomla! - Open Source Content Management">
<title>{escape(title)}</title>{head}
<link href="/templates/protostar/favicon.ico" rel="shortcut icon" type="image/vnd.microsoft.icon">
<link href="/templates/protostar/css/template.css?v=3.10.12" rel="stylesheet">
<script src="/media/jui/js/jquery.min.js?v=3.10.12"></script>
<script src="/media/jui/js/jquery-noconflict.js?v=3.10.12"></script>
<script src="/media/system/js/caption.js?v=3.10.12"></script>
<script src="/media/jui/js/bootstrap.min.js?v=3.10.12"></script>
<script>jQuery(window).on('load', function() {{ new JCaption('img.caption'); }});</script>
</head>"""
    if component_only:
        return f'{head_html}\n<body class="contentpane modal">\n<div id="system-message-container"></div>\n{main}\n</body></html>'
    menu = "".join(f'<li class="item-{_itemid(c.key)}{" current active" if c.key == active else ""}"><a href="{menu_path(c.key)}">{escape(c.name)}</a></li>'
                   for c in content.categories())
    spot = cm.pinned()
    banner = ""
    if active:
        top = cm.pinned(active)
        banner = (f'<div class="moduletable tin-noi-bat"><h3>Tin nổi bật</h3><ul class="category-module mod-list">'
                  f'<li><a class="mod-articles-category-title " href="{article_path(top, active)}">{escape(top.title)}</a></li></ul></div>')
    return f"""{head_html}
<body class="site com_content view-{'category' if active else 'article'} no-layout no-task itemid-101">
<div class="body" id="top"><div class="container">
<header class="header" role="banner"><div class="header-inner clearfix"><a class="brand pull-left" href="/">
<span class="site-title" title="{SITE}">{SITE}</span></a>
<div class="header-search pull-right"><div class="search"><form action="/index.php/component/search/" method="post" class="form-inline">
<input name="searchword" maxlength="200" class="inputbox search-query input-medium" type="search" placeholder="Tìm kiếm..."><input type="hidden" name="task" value="search"><input type="hidden" name="option" value="com_search"><input type="hidden" name="Itemid" value="101"></form></div></div></div></header>
<nav class="navigation" role="navigation"><ul class="nav menu nav-pills mod-list"><li class="item-101 default"><a href="/">Trang chủ</a></li>{menu}</ul></nav>
<div class="row-fluid"><main id="content" role="main" class="span9">
{banner}
<div id="system-message-container"></div>
{main}
</main>
<div id="aside" class="span3"><div class="well "><h3 class="page-header">Tin tiêu điểm</h3><div class="custom">
<p><a href="{escape(raw_path(spot))}">{escape(spot.title)}</a></p></div></div>
<div class="well "><h3 class="page-header">Liên kết</h3><ul class="weblinks"><li><a href="https://vksndtc.gov.vn">VKSND tối cao</a></li></ul></div></div>
</div></div></div>
<footer class="footer" role="contentinfo"><div class="container"><hr><p class="pull-right"><a href="#top" id="back-top">Lên đầu trang</a></p>
<p>&copy; 2025 {SITE}</p></div></footer>
</body></html>"""


def _article(req: Request, a: SampleArticle, menu: str) -> Response:
    printing = req.arg("print") == "1" and req.arg("tmpl") == "component"
    here = article_path(a, menu)
    print_link = f"{here}?tmpl=component&amp;print=1&amp;layout=default"
    icons = ('<div class="icons"><div class="btn-group pull-right"><button class="btn dropdown-toggle" type="button" data-toggle="dropdown">'
             '<span class="icon-cog"></span><span class="caret"></span></button><ul class="dropdown-menu">'
             f'<li class="print-icon"><a href="{print_link}" title="In bài viết &lt; {escape(a.title)} &gt;" '
             "onclick=\"window.open(this.href,'win2','status=no,toolbar=no,scrollbars=yes,titlebar=no,menubar=no,resizable=yes,width=640,height=480,directories=no,location=no'); return false;\" rel=\"nofollow\">"
             '<span class="icon-print"></span>In</a></li><li class="email-icon"><a href="/index.php/component/mailto/?tmpl=component" rel="nofollow">'
             '<span class="icon-envelope"></span>Email</a></li></ul></div></div>') if not printing else (
        '<div id="pop-print" class="btn hidden-print"><a href="#" onclick="window.print();return false;"><span class="icon-print"></span>In</a></div>')
    body = cm.body_html(a, lambda p: f'<p style="text-align: justify;">{p}</p>',
                     lambda src, cap: f'<p style="text-align: center;"><img src="/images/tin-tuc{src}" alt="{escape(cap)}" class="caption" '
                                      f'title="{escape(cap)}"></p>')
    tag_list = "".join(f'<li class="tag-{2 + cm.all_tags().index(t)} tag-list{i}" itemprop="keywords"><a href="{_tag_path(t)}" class="label label-info">{escape(t)}</a></li>'
                       for i, t in enumerate(cm.tags(a)))
    same = cm.section_articles(menu)
    pos = same.index(a)
    pager = "".join(f'<li class="{cls}"><a class="hasTooltip" title="{escape(o.title)}" aria-label="{label}" href="{article_path(o, menu)}" rel="{rel}">{label}</a></li>'
                    for cls, rel, label, o in (("previous", "prev", "&lt; Trước", same[pos - 1] if pos else None),
                                               ("next", "next", "Tiếp &gt;", same[pos + 1] if pos + 1 < len(same) else None)) if o)
    main = f"""<div class="item-page" itemscope itemtype="https://schema.org/Article">
<meta itemprop="inLanguage" content="vi-VN">
<div class="page-header"><h2 itemprop="headline">{escape(a.title)}</h2></div>
{icons}
{_info(a)}
<div itemprop="articleBody">
<p><strong>{escape(a.lead)}</strong></p>
{body}
</div>
<ul class="tags inline">{tag_list}</ul>
<ul class="pager pagenav">{pager}</ul>
</div>"""
    head = f'\n<meta name="author" content="{escape(a.author)}">\n<meta name="description" content="{escape(a.lead[:160])}">'
    if printing:
        head += '\n<meta name="robots" content="noindex, nofollow">'
    return cm.ok(_page(req, a.title, main, head=head, component_only=printing), headers=_cookie())


def _cookie() -> dict[str, str]:
    return {"Set-Cookie": f"{SESSION_COOKIE}=k8d2m1q0v7s9l3p5h4r6t2n1ab; path=/; HttpOnly"}


def _blog_item(a: SampleArticle, menu: str, css: str) -> str:
    href = article_path(a, menu)
    return (f'<div class="{css}" itemprop="blogPost" itemscope itemtype="https://schema.org/BlogPosting">'
            f'<div class="page-header"><h2 itemprop="name"><a href="{href}" itemprop="url">{escape(a.title)}</a></h2></div>'
            f'{_info(a, hits=False)}<p>{escape(a.lead)}</p>'
            f'<p class="readmore"><a class="btn" href="{href}" itemprop="url" aria-label="Xem thêm: {escape(a.title)}">'
            f'<span class="icon-chevron-right" aria-hidden="true"></span> Xem thêm: {escape(a.title)}</a></p></div>')


def _category(req: Request, key: str) -> Response:
    cat = content.category(key)
    if req.arg("format") == "feed":
        if req.arg("type", "rss") != "rss":
            return _not_found(req)
        items = [cm.FeedItem(a.title, req.url(article_path(a, key)), f"<p>{escape(a.lead)}</p>", content.published_at(a), cat.name)
                 for a in cm.section_articles(key)[:LIMIT]]
        return cm.ok(cm.rss(cat.name, req.url(menu_path(key)), SITE, items, "<generator>Joomla! - Open Source Content Management</generator>"), cm.RSS)
    items = cm.section_articles(key)
    start = int(req.arg("start", "0")) if req.arg("start", "0").isdigit() else -1
    if not 0 <= start < len(items) or start % LIMIT:
        return _not_found(req)
    pages = -(-len(items) // LIMIT)
    current = start // LIMIT + 1
    rows = items[start:start + LIMIT]
    blog = (f'<div class="items-leading clearfix">{_blog_item(rows[0], key, "leading-0")}</div>'
            + "".join(f'<div class="items-row cols-1 row-{i} row-fluid clearfix"><div class="span12">'
                      f'{_blog_item(a, key, "item column-1")}</div></div>' for i, a in enumerate(rows[1:])))

    def href(n: int) -> str:
        return menu_path(key) + (f"?start={(n - 1) * LIMIT}" if n > 1 else "")

    nav = "".join(f'<li class="active hidden-phone"><a>{n}</a></li>' if n == current else f'<li class="hidden-phone"><a href="{href(n)}">{n}</a></li>'
                  for n in range(1, pages + 1))
    if current < pages:
        nav += f'<li><a title="Tiếp" href="{href(current + 1)}" class="hasTooltip" aria-label="Tiếp">Tiếp</a></li>'
    main = (f'<div class="blog" itemscope itemtype="https://schema.org/Blog"><div class="page-header"><h2>'
            f'<span class="subheading-category">{escape(cat.name)}</span></h2></div>{blog}'
            f'<div class="pagination"><p class="counter pull-right">Trang {current} / {pages}</p><ul class="pagination-list">{nav}</ul></div></div>')
    feed = f'\n<link href="{menu_path(key)}?format=feed&amp;type=rss" rel="alternate" type="application/rss+xml" title="RSS 2.0">'
    return cm.ok(_page(req, cat.name, main, active=key, head=feed), headers=_cookie())


def _results(req: Request, title: str, items: list[SampleArticle]) -> Response:
    rows = "".join(f'<dt class="result-title">{i}. <a href="{article_path(a)}">{escape(a.title)}</a></dt>'
                   f'<dd class="result-category"><span class="small">({escape(content.category(a.category).name)})</span></dd>'
                   f'<dd class="result-text">{escape(a.lead[:200])}…</dd>' for i, a in enumerate(items, 1))
    return cm.ok(_page(req, title, f'<h1 class="page-title">{escape(title)}</h1><dl class="search-results">{rows}</dl>'))


def _not_found(req: Request) -> Response:
    return cm.not_found(_page(req, "404 - Lỗi: 404", '<div class="alert alert-error"><h2>404 - Không tìm thấy bài viết</h2></div>'))


def _home(req: Request) -> Response:
    featured = list(content.articles())[:5]
    main = ('<div class="blog-featured" itemscope itemtype="https://schema.org/Blog">'
            + "".join(_blog_item(a, a.category, f"item column-{i + 1}") for i, a in enumerate(featured)) + "</div>")
    return cm.ok(_page(req, SITE, main), headers=_cookie())


def resolve(req: Request) -> Response:
    path, q = req.path, req.query
    if path == "/robots.txt":
        return cm.robots(DISALLOW)
    if path.startswith(("/media/", "/templates/", "/images/")):
        return cm.asset(path)
    if path in ("/", "/index.php") and q.get("option") == "com_content" and q.get("view") == "article":
        a = cm.find_article(q.get("id", "").split(":")[0])
        return _article(req, a, a.category) if a else _not_found(req)
    if path in ("/", "/index.php", "/index.php/"):
        return _home(req)
    parts = [p for p in path.split("/") if p]
    if parts[0] != "index.php" or len(parts) < 2:
        return _not_found(req)
    parts = parts[1:]
    if parts[0] == "component" and len(parts) >= 2:
        if parts[1] == "search":
            words = q.get("searchword", "")
            return _results(req, f"Tìm kiếm: {words}", cm.search(words))
        if parts[1:3] == ["tags", "tag"] and len(parts) == 4 and (tag := cm.tag_by_slug(parts[3].partition("-")[2])):
            return _results(req, f"Thẻ: {tag}", cm.tagged(tag))
        if parts[1:3] == ["contact", "contact"] and len(parts) == 4 and (name := cm.author_by_slug(parts[3].partition("-")[2])):
            return _results(req, f"Liên hệ: {name} - Bài viết của liên hệ này", cm.by_author(name))
        return _not_found(req)
    cat = cm.category_by_slug(parts[0])
    if cat is None:
        return _not_found(req)
    if len(parts) == 1:
        return _category(req, cat.key)
    art_id, _, alias = parts[1].partition("-")
    a = cm.find_article(art_id)
    if len(parts) == 2 and a and alias == a.slug and a in cm.section_articles(cat.key):
        return _article(req, a, cat.key)
    return _not_found(req)


# the feed carries only each category's newest items, so an article with its date switched off and no
# date in its text shows none anywhere
SKIN = Skin(name="joomla", family="Joomla 3.x (Protostar)", resolve=resolve, canonical=article_path,
            dated=lambda a: a.date_display != "none", server_header="Apache")

"""SharePoint Server 2013 publishing skin (news kept in one list, shown by list-driven page layouts).

Articles ``/tintuc/Pages/<section>.aspx?ItemID=N`` (the section's page with the item; an article filed in a
second section is served under that section's page too: a duplicate URL; ``&IsDlg=1`` is the print/dialog
view, another duplicate). Listings ``/tintuc/Pages/<section>.aspx``: page 1 by GET, further pages only by the
pager's ``javascript:__doPostBack`` (a form POST, answered too), as on real WebForms sites; so every article is
exposed by the news list's RSS feed ``/_layouts/15/listfeed.aspx?List={GUID}``, which the site lists all items
in (linked from every page). No sitemap. Not articles: ``/Pages/default.aspx`` (home),
``/Pages/gioi-thieu.aspx`` (a publishing page in the article layout), tags ``/tintuc/Pages/tu-khoa.aspx?TuKhoa=``,
authors ``/tintuc/Pages/tac-gia.aspx?TacGia=``, search ``/Search/Pages/results.aspx?k=``. Traps: the title sits
outside the article div; the feed's pubDate is the item's last edit; a "Tin nổi bật" web part repeats the
section's pinned article on every listing page; articles without an ArticleStartDate (date only in the text).
"""

from __future__ import annotations

import uuid
from html import escape

from .. import content
from ..content import SampleArticle
from . import Skin
from . import common as cm
from .common import Request, Response

PER_PAGE = 10
SITE = "Viện kiểm sát nhân dân tỉnh Khánh Hòa"
LIST_ID = "{5B0D6C3E-8A41-4F7B-9E2C-3D1A7F6B2C90}"
FEED = f"/_layouts/15/listfeed.aspx?List={cm.quoted(LIST_ID)}"
PAGER = "ctl00$ctl40$g_7c1f2a9e_5d3b_4e8a_b6c0_1a2b3c4d5e6f$ctl00$pager"
DISALLOW = ("/_layouts/", "/_vti_bin/", "/_catalogs/", "/Lists/", "/Search/")
INTRO = ("Viện kiểm sát nhân dân tỉnh Khánh Hòa thực hành quyền công tố và kiểm sát hoạt động tư pháp trên địa bàn "
         "tỉnh theo quy định của Hiến pháp và Luật Tổ chức Viện kiểm sát nhân dân.",
         "Trang thông tin điện tử đăng tải tin hoạt động của ngành, văn bản chỉ đạo và các bài nghiên cứu, trao đổi nghiệp vụ.")


def section_path(key: str) -> str:
    return f"/tintuc/Pages/{content.category(key).slug}.aspx"


def article_path(a: SampleArticle, key: str | None = None) -> str:
    return f"{section_path(key or a.category)}?ItemID={a.id}"


def _headers(req: Request) -> dict[str, str]:
    guid = str(uuid.uuid5(uuid.NAMESPACE_URL, req.path + str(sorted(req.query.items()))))
    return {"SPRequestGuid": guid, "request-id": guid, "X-SharePointHealthScore": "0", "SPIisLatency": "0",
            "MicrosoftSharePointTeamServices": "15.0.0.4797", "X-AspNet-Version": "4.0.30319", "X-Powered-By": "ASP.NET",
            "X-MS-InvokeApp": "1; RequireReadOnly", "Cache-Control": "private, max-age=0"}


def _page(req: Request, title: str, crumbs: list[tuple[str, str]], main: str, dialog: bool = False) -> Response:
    action = req.path.rsplit("/", 1)[-1] + ("?" + "&amp;".join(f"{k}={escape(v)}" for k, v in req.query.items()) if req.query else "")
    nav = cm.links(((section_path(c.key), c.name) for c in content.categories()),
                '<li class="static"><a class="static menu-item ms-core-listMenu-item ms-displayInline ms-navedit-linkNode" '
                'href="{href}"><span class="additional-background ms-navedit-flyoutArrow"><span class="menu-item-text">{text}</span></span></a></li>')
    crumb = '<span><a class="s4-breadcrumbRootNode" href="/Pages/default.aspx">Trang chủ</a></span>' + "".join(
        f'<span> &gt; </span><span><a class="s4-breadcrumbNode" href="{escape(h)}">{escape(t)}</a></span>' for h, t in crumbs)
    extra = ('<input type="hidden" name="_wpcmWpid" id="_wpcmWpid" value=""><input type="hidden" name="wpcmVal" id="wpcmVal" value="">'
             '<input type="hidden" name="MSOWebPartPage_PostbackSource" id="MSOWebPartPage_PostbackSource" value="">'
             '<input type="hidden" name="MSOTlPn_SelectedWpId" id="MSOTlPn_SelectedWpId" value="">'
             '<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="0x4F1E2D3C5B6A79880706F5E4D3C2B1A0,05 Dec 2026 07:00:00 -0000">')
    chrome_top = "" if dialog else f"""<div id="ms-designer-ribbon"><div id="s4-ribbonrow" class="ms-dialogHidden"></div></div>
<div id="s4-titlerow" class="ms-dialogHidden s4-titlerowhidetitle"><div id="titleAreaBox" class="ms-noList ms-table ms-core-tableNoSpace">
<div id="siteIcon" class="ms-tableCell"><a href="/Pages/default.aspx"><img src="/SiteAssets/logo.gif" alt="{SITE}"></a></div>
<div class="ms-breadcrumb-box ms-tableCell"><div class="ms-breadcrumb-top"><div class="ms-breadcrumb-dropdownBox"></div>
<div id="DeltaTopNavigation" class="ms-displayInline ms-core-navigation"><div class="ms-core-listMenu-horizontalBox"><ul class="root ms-core-listMenu-root static">
<li class="static"><a class="static menu-item ms-core-listMenu-item ms-displayInline" href="/Pages/default.aspx"><span class="menu-item-text">Trang chủ</span></a></li>{nav}
<li class="static"><a class="static menu-item ms-core-listMenu-item ms-displayInline" href="/Pages/gioi-thieu.aspx"><span class="menu-item-text">Giới thiệu</span></a></li></ul></div></div></div></div>
</div></div>
<div id="s4-breadcrumb" class="s4-breadcrumb-anchor ms-dialogHidden"><span class="s4-breadcrumb">{crumb}</span></div>"""
    page = f"""<!DOCTYPE html>
<html dir="ltr" lang="vi-VN">
<head><meta name="GENERATOR" content="Microsoft SharePoint"><meta http-equiv="X-UA-Compatible" content="IE=10">
<meta http-equiv="Content-type" content="text/html; charset=utf-8"><meta http-equiv="Expires" content="0">
<title>\r\n\t{escape(title)}\r\n</title>
<link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css?rev=ox%2BqLDrM7BOAHQbmHgUmOQ%3D%3D">
<link rel="alternate" type="application/rss+xml" title="Tin tức: RSS" href="{FEED}">
<script type="text/javascript" src="/_layouts/15/init.js?rev=rRj4AnTpKjY8a0HcwSA%2BqA%3D%3D"></script>
<script type="text/javascript" src="/ScriptResource.axd?d=Xw3sample0&amp;t=ffffffffec2d9970"></script>
<script type="text/javascript" src="/_layouts/15/sp.core.js?rev=tZDGLPOvY1bRw%2BsgzXpxTg%3D%3D"></script>
<script type="text/javascript">var _spPageContextInfo = {{webServerRelativeUrl: "\\u002ftintuc", webAbsoluteUrl: "{req.url('/tintuc')}", siteServerRelativeUrl: "\\u002f", currentLanguage: 1066, currentUICultureName: "vi-VN", webTitle: "Tin tức", webUIVersion: 15}};</script>
</head>
<body{' class="ms-dialog"' if dialog else ""}>
<form method="post" action="./{action}" id="aspnetForm">
{cm.webforms(req.path + title, extra)}
<div id="s4-workspace"><div id="s4-bodyContainer">
{chrome_top}
<div id="contentRow"><div id="contentBox" aria-live="polite" aria-relevant="all">
<div id="notificationArea" class="ms-notif-box"></div>
<div id="DeltaPageStatusBar"><div id="pageStatusBar"></div></div>
<h1 id="pageTitle" class="ms-core-pageTitle"><span id="DeltaPlaceHolderPageTitleInTitleArea">{escape(title)}</span></h1>
<div id="DeltaPlaceHolderMain"><a id="mainContent" name="mainContent" tabindex="-1"></a>
{main}
</div></div></div>
<div id="footer" class="ms-dialogHidden"><p>Cơ quan chủ quản: {SITE}</p><p>Ghi rõ nguồn khi phát hành lại thông tin từ trang này.</p></div>
</div></div></form></body></html>"""
    return cm.ok(page, headers=_headers(req))


def _article(req: Request, a: SampleArticle, key: str) -> Response:
    dialog = req.arg("IsDlg") == "1"
    date_line = f"{content.published_at(a):%d/%m/%Y}" if a.date_display in ("printed", "meta") else ""
    body = cm.body_html(a, lambda p: f'<p class="ms-rteElement-P" style="text-align: justify;">{p}</p>',
                     lambda src, cap: f'<p style="text-align: center;"><img src="/tintuc/PublishingImages{src}" alt="{escape(cap)}"></p>'
                                      f'<p class="ms-rteElement-P" style="text-align: center;"><em>{escape(cap)}</em></p>')
    keywords = " ".join(f'<a href="/tintuc/Pages/tu-khoa.aspx?TuKhoa={cm.quoted(t)}">{escape(t)}</a>' for t in cm.tags(a))
    others = [o for o in cm.section_articles(key) if o != a][:5]
    main = f"""<div class="welcome article article-right">
<div class="article-header"><div class="date-line">{date_line}</div><div class="by-line">{escape(a.author)}</div></div>
<div class="article-content"><div id="ctl00_PlaceHolderMain_ctl02__ControlWrapper_RichHtmlField" class="ms-rtestate-field" style="display:inline" aria-labelledby="ctl00_PlaceHolderMain_ctl02_label">
<p class="ms-rteElement-P"><strong>{escape(a.lead)}</strong></p>
{body}
</div></div>
</div>
<div class="ms-dialogHidden article-tools"><a href="{article_path(a, key)}&amp;IsDlg=1" target="_blank">In bài viết</a>
 | <a href="/tintuc/Pages/tac-gia.aspx?TacGia={cm.quoted(a.author)}">Bài viết cùng tác giả</a></div>
<div class="ms-dialogHidden tags-panel">Từ khóa: {keywords}</div>
<div class="ms-dialogHidden other-news"><h3 class="ms-webpart-titleText">Tin khác</h3><ul>{cm.links((article_path(o, key), o.title) for o in others)}</ul></div>"""
    crumbs = [(section_path(key), content.category(key).name)]
    return _page(req, a.title, crumbs, main, dialog)


def _items(items: list[SampleArticle], key: str | None = None) -> str:
    return "".join(f'<tr class="ms-itmhover"><td class="ms-vb2"><a href="{article_path(a, key)}">{escape(a.title)}</a>'
                   f'<div class="news-summary">{escape(a.lead[:220])}…</div></td></tr>' for a in items)


def _listing(req: Request, key: str) -> Response:
    items = cm.section_articles(key)
    page = cm.postback_page(req, PAGER)
    paged = cm.paginate(items, page, PER_PAGE)
    if paged is None:
        return _not_found(req)
    rows, pages = paged
    top = cm.pinned(key)
    featured = (f'<div class="ms-webpart-zone ms-fullWidth"><div class="ms-webpart-chrome"><h2 class="ms-webpart-titleText">Tin nổi bật</h2>'
                f'<div class="cbq-layout-main"><ul class="dfwp-column dfwp-list"><li class="dfwp-item"><div class="item link-item">'
                f'<a href="{article_path(top, key)}">{escape(top.title)}</a></div></li></ul></div></div></div>')
    pager = "".join(f'<span class="ms-paging-current">{n}</span>' if n == page else f'<a href="{cm.postback(PAGER, f"Page${n}")}">{n}</a>'
                    for n in range(1, pages + 1))
    main = (f'{featured}<div class="ms-webpart-zone"><table class="ms-listviewtable" cellspacing="0" cellpadding="1" width="100%">'
            f'{_items(rows, key)}</table><div class="ms-paging ms-bottompaging">{pager}</div>'
            f'<div class="rss-link"><a href="{FEED}"><img src="/_layouts/15/images/rss.gif" alt="RSS"> RSS</a></div></div>')
    return _page(req, content.category(key).name, [(section_path(key), content.category(key).name)], main)


def _feed(req: Request) -> Response:
    items = [cm.FeedItem(a.title, req.url(article_path(a)),
                      f"<div><b>Tóm tắt:</b> {escape(a.lead)}</div><div><b>Chuyên mục:</b> {escape(content.category(a.category).name)}</div>",
                      content.edited_at(a), content.category(a.category).name) for a in content.articles()]
    return cm.ok(cm.rss("Tin tức: Tin tức", req.url("/tintuc/Lists/TinTuc/AllItems.aspx"), "Danh sách RSS cho Tin tức", items,
                  "<generator>Windows SharePoint Services V3 RSS Generator</generator><ttl>60</ttl>"), cm.RSS, _headers(req))


def _simple(req: Request, title: str, items: list[SampleArticle]) -> Response:
    return _page(req, title, [], f'<table class="ms-listviewtable">{_items(items)}</table>')


def _not_found(req: Request) -> Response:
    page = _page(req, "Không tìm thấy tệp", [], '<div class="ms-error">Tệp bạn yêu cầu không tồn tại hoặc đã bị xóa.</div>')
    return cm.not_found(page.body.decode(), page.headers)


def resolve(req: Request) -> Response:
    path = req.path
    if path == "/robots.txt":
        return cm.robots(DISALLOW, allow=["/_layouts/15/listfeed.aspx"])
    if path in ("/_layouts/15/listfeed.aspx", "/tintuc/_layouts/15/listfeed.aspx"):
        return _feed(req) if req.arg("List").upper() == LIST_ID else _not_found(req)
    if path.startswith(("/_layouts/", "/ScriptResource.axd", "/SiteAssets/", "/tintuc/PublishingImages/")):
        return cm.asset(path)
    if path in ("/", "/tintuc", "/tintuc/"):
        return Response(302, cm.TEXT, b"", {**_headers(req), "Location": req.url("/Pages/default.aspx")})
    if path in ("/Pages/default.aspx", "/tintuc/Pages/default.aspx"):
        return _simple(req, "Trang chủ", list(content.articles())[:PER_PAGE])
    if path == "/Pages/gioi-thieu.aspx":
        main = ('<div class="article article-left"><div class="article-header"><div class="date-line"></div><div class="by-line"></div></div>'
                f'<div class="article-content"><div class="ms-rtestate-field">{"".join(f"<p>{escape(p)}</p>" for p in INTRO)}</div></div></div>')
        return _page(req, "Giới thiệu", [], main)
    if path == "/Search/Pages/results.aspx":
        return _simple(req, f"Kết quả tìm kiếm: {req.arg('k')}", cm.search(req.arg("k")))
    if path == "/tintuc/Pages/tu-khoa.aspx":
        return _simple(req, f"Từ khóa: {req.arg('TuKhoa')}", cm.tagged(req.arg("TuKhoa")))
    if path == "/tintuc/Pages/tac-gia.aspx":
        return _simple(req, f"Tác giả: {req.arg('TacGia')}", cm.by_author(req.arg("TacGia")))
    if path.startswith("/tintuc/Pages/") and path.endswith(".aspx"):
        cat = cm.category_by_slug(path[len("/tintuc/Pages/"):-5])
        if cat is not None:
            if "ItemID" not in req.query:
                return _listing(req, cat.key)
            a = cm.find_article(req.arg("ItemID"))
            if a is not None and a in cm.section_articles(cat.key):
                return _article(req, a, cat.key)
    return _not_found(req)


SKIN = Skin(name="sharepoint", family="SharePoint Server 2013 publishing", resolve=resolve, canonical=article_path,
            dated=lambda a: a.date_display != "none", server_header="Microsoft-IIS/8.5")

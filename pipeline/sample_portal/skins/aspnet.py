"""A legacy custom ASP.NET WebForms portal (table layout) that matches no CMS preset.

Articles ``/Noidung_TinTuc.aspx?IDTintuc=N``; listings ``/DanhMuc.aspx?ID=<section id>&page=N`` (GET pager);
print view ``/InTin.aspx?IDTintuc=N``. The home page's links carry a cookieless session id
(``/(S(<24 chars>))/Noidung_TinTuc.aspx?IDTintuc=N``, the same page again); other pages set an
``ASP.NET_SessionId`` cookie. No feed, no sitemap. Not articles: ``/Tag.aspx?tukhoa=``, ``/TacGia.aspx?ten=``,
``/TimKiem.aspx?q=`` (disallowed). Traps: a "Tin tiêu điểm" box repeats the section's pinned article on every
listing page; dates printed as a label ("Ngày đăng: 12/08/2025 08:30"), or only in the text — in an
"(Ngày 12/8/2025)" line under the title, or in the first sentence — or nowhere; the byline is the last
paragraph of the body. Paths and parameter names are case-insensitive, as on IIS.
"""

from __future__ import annotations

from html import escape

from .. import content
from ..content import SampleArticle
from . import Skin
from . import common as cm
from .common import Request, Response

PER_PAGE = 12
SITE = "VIỆN KIỂM SÁT NHÂN DÂN TỈNH KHÁNH HÒA"
SESSION = "(S(x2kq4m1vz0nbe5pyr3t0wd1j))"
DISALLOW = ("/Admin/", "/TimKiem.aspx", "/timkiem.aspx")
HEADERS = {"X-AspNet-Version": "2.0.50727", "X-Powered-By": "ASP.NET", "Cache-Control": "private"}


def article_path(a: SampleArticle) -> str:
    return f"/Noidung_TinTuc.aspx?IDTintuc={a.id}"


def listing_path(key: str, page: int = 1) -> str:
    path = f"/DanhMuc.aspx?ID={content.category(key).id}"
    return path if page == 1 else f"{path}&page={page}"


def _link(a: SampleArticle, session: bool = False, css: str = "lienket") -> str:
    href = (f"/{SESSION}" if session else "") + article_path(a)
    return f'<a class="{css}" href="{href}">{escape(a.title)}</a>'


def _page(title: str, seed: str, main: str, session: bool = False) -> Response:
    menu = "".join(f'<tr><td class="menu_trai">&nbsp;&raquo;&nbsp;<a href="{listing_path(c.key)}">{escape(c.name)}</a></td></tr>'
                   for c in content.categories())
    tag_cloud = " | ".join(f'<a href="/Tag.aspx?tukhoa={cm.quoted(t)}">{escape(t)}</a>' for t in cm.all_tags()[:8])
    html = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>{escape(title)}</title>
<link href="/Styles/StyleSheet.css" rel="stylesheet" type="text/css" />
<script src="/WebResource.axd?d=pynGkmcFUV13He1Qd6_TZA2&amp;t=634604425351482412" type="text/javascript"></script></head>
<body leftmargin="0" topmargin="0">
<form name="aspnetForm" method="post" action="{escape(seed)}" id="aspnetForm">
{cm.webforms(seed)}
<table width="980" border="0" cellspacing="0" cellpadding="0" align="center" class="khung">
<tr><td colspan="2" class="banner"><img src="/Images/banner.jpg" width="980" height="150" alt="{SITE}" /></td></tr>
<tr><td colspan="2" class="menu_ngang"><a href="/Default.aspx">TRANG CHỦ</a> | <a href="/GioiThieu.aspx">GIỚI THIỆU</a> | <a href="/LienHe.aspx">LIÊN HỆ</a>
 <input name="ctl00$txtTimKiem" type="text" id="ctl00_txtTimKiem" /><input type="submit" name="ctl00$btnTimKiem" value="Tìm" id="ctl00_btnTimKiem" /></td></tr>
<tr><td width="200" valign="top" class="cot_trai"><table width="100%" cellpadding="2" cellspacing="0">
<tr><td class="tieude_khoi">DANH MỤC TIN</td></tr>{menu}
<tr><td class="tieude_khoi">TỪ KHÓA</td></tr><tr><td class="tukhoa">{tag_cloud}</td></tr>
<tr><td class="tieude_khoi">THỐNG KÊ TRUY CẬP</td></tr><tr><td>Đang online: 12<br />Tổng truy cập: 1.024.377</td></tr></table></td>
<td width="780" valign="top" class="cot_giua">{main}</td></tr>
<tr><td colspan="2" class="chantrang" align="center">Bản quyền thuộc {SITE}<br />Địa chỉ: Nha Trang, Khánh Hòa - Điện thoại: 0258.38xxxxx<br />Thiết kế bởi Trung tâm Tin học</td></tr>
</table></form></body></html>"""
    headers = dict(HEADERS)
    if not session:
        headers["Set-Cookie"] = "ASP.NET_SessionId=x2kq4m1vz0nbe5pyr3t0wd1j; path=/; HttpOnly"
    return cm.ok(html, headers=headers)


def _box(title: str, rows: str) -> str:
    return (f'<table width="100%" cellpadding="3" cellspacing="0" class="khoi_tin"><tr><td class="tieude_khoi">{escape(title)}</td></tr>'
            f"{rows}</table>")


def _row(a: SampleArticle, session: bool = False) -> str:
    return (f'<tr><td class="dong_tin"><img src="/Images/Tin/{a.id}.jpg" width="100" align="left" hspace="5" />'
            f'{_link(a, session, "tieude_tin")}<br /><span class="tomtat">{escape(a.lead[:240])}...</span></td></tr>')


def _date_rows(a: SampleArticle) -> str:
    pub = content.published_at(a)
    if a.date_display == "printed":
        return (f'<tr><td><span id="ctl00_ContentPlaceHolder1_lblNgayDang" class="ngaydang">Ngày đăng: '
                f"{pub:%d/%m/%Y %H:%M}</span></td></tr>")
    if a.date_display == "meta":
        return f'<tr><td class="noidung"><p><i>(Ngày {pub.day}/{pub.month}/{pub.year})</i></p></td></tr>'
    return ""


def _article(req: Request, a: SampleArticle, session: bool, printing: bool = False) -> Response:
    body = cm.body_html(a, lambda p: f'<p align="justify">{p}</p>',
                     lambda src, cap: f'<table align="center" cellpadding="2"><tr><td><img src="/Upload{src}" width="450" /></td></tr>'
                                      f'<tr><td align="center"><i>{escape(cap)}</i></td></tr></table>')
    tools = "" if printing else (f'<tr><td align="right" class="congcu"><a href="/InTin.aspx?IDTintuc={a.id}" target="_blank">'
                                 f'<img src="/Images/print.gif" /> In trang</a> | <a href="/TacGia.aspx?ten={cm.quoted(a.author)}">Tin cùng tác giả</a></td></tr>')
    keywords = ", ".join(f'<a href="/Tag.aspx?tukhoa={cm.quoted(t)}">{escape(t)}</a>' for t in cm.tags(a))
    main = (f'<table width="100%" cellpadding="4" cellspacing="0" class="tbl_noidung">'
            f'<tr><td class="tieude_chitiet"><span id="ctl00_ContentPlaceHolder1_lblTieuDe">{escape(a.title)}</span></td></tr>'
            f'{_date_rows(a)}<tr><td class="tomtat_chitiet"><b>{escape(a.lead)}</b></td></tr>'
            f'<tr><td class="noidung"><span id="ctl00_ContentPlaceHolder1_lblNoiDung">{body}'
            f'<p align="right"><b>{escape(a.author)}</b></p></span></td></tr>{tools}'
            f'<tr><td class="tukhoa">Từ khóa: {keywords}</td></tr></table>')
    if printing:
        return cm.ok(f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>{escape(a.title)}</title></head>'
                  f'<body onload="window.print()">{main}</body></html>', headers=HEADERS)
    others = [o for o in cm.section_articles(a.category) if o != a][:6]
    main += _box("CÁC TIN KHÁC", "".join(f'<tr><td class="dong_tin">&raquo; {_link(o, session)}</td></tr>' for o in others))
    return _page(a.title, f"./Noidung_TinTuc.aspx?IDTintuc={a.id}", main, session)


def _listing(req: Request, key: str, page: int) -> Response:
    paged = cm.paginate(cm.section_articles(key), page, PER_PAGE)
    if paged is None:
        return _not_found()
    rows, pages = paged
    top = cm.pinned(key)
    spot = _box("TIN TIÊU ĐIỂM", f'<tr><td class="tieudiem">{_link(top, css="tieude_tin")}<br />{escape(top.lead[:200])}...</td></tr>')
    nav = " ".join(f'<span class="trang_hientai">[{n}]</span>' if n == page else f'<a href="{listing_path(key, n)}">{n}</a>'
                   for n in range(1, pages + 1))
    if page < pages:
        nav += f' <a href="{listing_path(key, page + 1)}">Trang sau &gt;&gt;</a>'
    cat = content.category(key)
    main = spot + _box(cat.name.upper(), "".join(_row(a) for a in rows)) + f'<div class="phantrang">Trang: {nav}</div>'
    return _page(f"{cat.name} - {SITE}", f"./DanhMuc.aspx?ID={cat.id}", main)


def _list(title: str, seed: str, items: list[SampleArticle]) -> Response:
    return _page(title, seed, _box(title, "".join(_row(a) for a in items) or '<tr><td>Không tìm thấy tin nào.</td></tr>'))


def _not_found() -> Response:
    page = _page("Lỗi", "./Loi.aspx", '<p class="loi">Không tìm thấy trang yêu cầu.</p>')
    return cm.not_found(page.body.decode(), page.headers)


def resolve(req: Request) -> Response:
    path = req.path
    session = path.startswith(f"/{SESSION}/")
    if session:
        path = path[len(SESSION) + 1:]
    page = path.lower()
    q = {k.lower(): v for k, v in req.query.items()}
    if page == "/robots.txt":
        return cm.robots(DISALLOW)
    if page.startswith(("/images/", "/styles/", "/upload/", "/webresource.axd")):
        return cm.asset(page)
    if page in ("/", "/default.aspx"):
        spot = cm.pinned()
        main = (_box("TIN TIÊU ĐIỂM", f'<tr><td class="tieudiem">{_link(spot, True, "tieude_tin")}</td></tr>')
                + _box("TIN MỚI", "".join(_row(a, session=True) for a in list(content.articles())[:PER_PAGE])))
        return _page(SITE, "./Default.aspx", main, session)
    if page in ("/noidung_tintuc.aspx", "/intin.aspx"):
        a = cm.find_article(q.get("idtintuc", ""))
        return _article(req, a, session, page == "/intin.aspx") if a else _not_found()
    if page == "/danhmuc.aspx":
        cat = cm.category_by_id(int(q["id"])) if q.get("id", "").isdigit() else None
        number = q.get("page", "1")
        return _listing(req, cat.key, int(number) if number.isdigit() else 0) if cat else _not_found()
    if page == "/tag.aspx":
        return _list(f"Từ khóa: {q.get('tukhoa', '')}", "./Tag.aspx", cm.tagged(q.get("tukhoa", "")))
    if page == "/tacgia.aspx":
        return _list(f"Tác giả: {q.get('ten', '')}", "./TacGia.aspx", cm.by_author(q.get("ten", "")))
    if page == "/timkiem.aspx":
        return _list(f"Kết quả tìm kiếm: {q.get('q', '')}", "./TimKiem.aspx", cm.search(q.get("q", "")))
    if page in ("/gioithieu.aspx", "/lienhe.aspx"):
        return _page(SITE, "./GioiThieu.aspx", f"<p>{SITE} - Trang thông tin điện tử.</p>")
    return _not_found()


SKIN = Skin(name="aspnet", family="custom ASP.NET WebForms (no preset)", resolve=resolve, canonical=article_path,
            dated=lambda a: a.date_display != "none", server_header="Microsoft-IIS/7.5")

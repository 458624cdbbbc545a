"""A local HTTP server that renders the sample articles as a portal shaped like vkskh.gov.vn.

Pages: ``/`` (home), ``/<section-slug>_<categoryId>_2_c.html[?page=N]`` (listings, newest first),
``/<slug>_<articleId>_<categoryId>_2_a.html`` (articles), ``/robots.txt``, ``/images/*``.
Quirks of real portals are reproduced: an article listed in two sections, a listed article that is gone
(404), articles whose date is printed, only in metadata, or only in the first sentence, one page stored in
NFD, a title repeated above a photo, a byline as the last paragraph, and an article that can be edited
(``Portal.edited = True``) with ETag / Last-Modified revalidation.

This shape is the ``vnpt`` skin; ``PortalServer(skin=...)`` serves the other CMS families (``skins/``).
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, parse_qsl, urlsplit

from . import content
from .content import SampleArticle

if TYPE_CHECKING:
    from .skins import SkinPortal

_WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
_GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
_ROBOTS = "User-agent: *\nDisallow: /quan-tri/\nDisallow: /tim-kiem\n"
_LINKS = [
    ("Viện kiểm sát nhân dân tối cao", "https://vksndtc.gov.vn"),
    ("Báo Bảo vệ pháp luật", "https://baovephapluat.vn"),
    ("Tạp chí Kiểm sát", "https://kiemsat.vn"),
    ("Cổng thông tin tỉnh Khánh Hòa", "https://khanhhoa.gov.vn"),
]


def article_path(a: SampleArticle, category_key: str | None = None) -> str:
    cat = content.category(category_key or a.category)
    return f"/{a.slug}_{a.id}_{cat.id}_2_a.html"


def listing_path(category_key: str, page: int = 1) -> str:
    cat = content.category(category_key)
    path = f"/{cat.slug}_{cat.id}_2_c.html"
    return path if page == 1 else f"{path}?page={page}"


class Portal:
    """The portal's state: which articles exist, and whether the edit has happened."""

    server_header = "SamplePortal/1.0"

    def __init__(self, edited: bool = False):
        self.edited = edited
        self.requests: list[tuple[str, int]] = []  # (path with query, status), for tests
        self._lock = threading.Lock()
        cfg = content.settings()
        self.cfg = cfg
        self.nfd = set(cfg.get("nfd_articles", []))
        self.edited_id = cfg.get("edited_article")

    def log(self, path: str, status: int) -> None:
        with self._lock:
            self.requests.append((path, status))

    def current(self, a: SampleArticle) -> SampleArticle:
        return a.revised() if self.edited and a.id == self.edited_id else a

    def listing_items(self, key: str) -> list[tuple[int, str, str, date]]:
        """(id, title, path, published) of one section, newest first; gone links included."""
        items = [(a.id, a.title, article_path(a, key), a.published)
                 for a in content.articles() if a.category == key or key in a.also_in]
        for gone in self.cfg.get("gone_links", []):
            if gone["category"] == key:
                cat = content.category(key)
                path = f"/{content.slugify(gone['title'])}_{gone['id']}_{cat.id}_2_a.html"
                items.append((gone["id"], gone["title"], path, date.fromisoformat(gone["published"])))
        return sorted(items, key=lambda x: (x[3], x[0]), reverse=True)

    def last_modified(self, a: SampleArticle) -> datetime:
        stamp = content.published_at(a).replace(tzinfo=UTC)
        if self.edited and a.id == self.edited_id:
            stamp = stamp.replace(year=stamp.year + 1) if stamp.year < 2025 else stamp.replace(hour=23)
        return stamp

    # -- pages ---------------------------------------------------------------------------------
    def page(self, title: str, main: str, breadcrumb: str = "", head: str = "") -> str:
        cfg = self.cfg
        menu = "".join(f'<li><a href="{listing_path(c.key)}">{escape(c.name)}</a></li>' for c in content.categories())
        links = "".join(f'<li><a href="{u}" target="_blank">{escape(n)}</a></li>' for n, u in _LINKS)
        return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>{head}
<link rel="stylesheet" href="/images/site.css"></head>
<body><div id="wrapper">
<div id="header"><div class="banner"><a href="/"><img src="/images/banner.gif" alt="logo"></a>
<div class="site-title">{escape(cfg['site_title'])}</div></div>
<marquee class="slogan" scrollamount="3">{escape(cfg['slogan'])}</marquee></div>
<div id="menu"><ul><li><a href="/">Trang chủ</a></li>{menu}</ul></div>
<div id="container"><div id="content">{breadcrumb}{main}</div>
<div id="sidebar"><div class="box"><h3 class="box-title">Liên kết website</h3><ul class="weblinks">{links}</ul></div>
<div class="box"><h3 class="box-title">Thống kê truy cập</h3><div class="counter">Đang truy cập: 27<br>Hôm nay: 1.204<br>Tổng lượt truy cập: 2.318.455</div></div></div></div>
<div id="footer"><p>Cơ quan chủ quản: {escape(cfg['owner'])}</p>
<p>Địa chỉ: số 04 đường Phan Chu Trinh, phường Nha Trang, tỉnh Khánh Hòa. Điện thoại: 0258.3822xxx</p>
<p>Ghi rõ nguồn khi phát hành lại thông tin từ trang này.</p></div></div></body></html>"""

    def home(self) -> str:
        latest = content.articles()[:10]
        items = "".join(
            f'<div class="news-item"><a class="news-item-title" href="{article_path(a)}">{escape(a.title)}</a></div>'
            for a in latest
        )
        return self.page(self.cfg["site_title"], f'<h2 class="cat-title">Tin mới</h2><div class="news-list">{items}</div>')

    def listing(self, key: str, page: int) -> str | None:
        items = self.listing_items(key)
        per = int(self.cfg.get("per_page", 10))
        pages = max(1, -(-len(items) // per))
        if page < 1 or page > pages:
            return None
        cat = content.category(key)
        rows = []
        for _id, title, path, _pub in items[(page - 1) * per: page * per]:
            rows.append(f'<div class="news-item"><a class="news-item-img" href="{path}"><img src="/images/thumb.gif" alt=""></a>'
                        f'<a class="news-item-title" href="{path}">{escape(title)}</a></div>')
        nav = []
        for n in range(1, pages + 1):
            nav.append(f'<span class="current">{n}</span>' if n == page else f'<a href="{listing_path(key, n)}">{n}</a>')
        if page < pages:
            nav.append(f'<a class="next" href="{listing_path(key, page + 1)}">Trang sau »</a>')
        crumb = f'<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="{listing_path(key)}">{escape(cat.name)}</a></div>'
        main = (f'<h2 class="cat-title">{escape(cat.name)}</h2><div class="news-list">{"".join(rows)}</div>'
                f'<div class="paging">{" ".join(nav)}</div>')
        return self.page(f"{cat.name} - {self.cfg['site_title']}", main, crumb)

    def article(self, a: SampleArticle) -> str:
        a = self.current(a)
        cat = content.category(a.category)
        stamp = content.published_at(a)
        head = f'\n<meta property="og:title" content="{escape(a.title)}">'
        head += f'\n<link rel="canonical" href="{article_path(a)}">'
        if a.date_display == "meta":
            head += f'\n<meta property="article:published_time" content="{stamp.isoformat()}+07:00">'
        date_line = ""
        if a.date_display == "printed":
            date_line = (f'<div class="news-date">{_WEEKDAYS[stamp.weekday()]}, '
                         f'{stamp:%d/%m/%Y} | {stamp:%H:%M}</div>')
        parts = []
        if a.caption_repeats_title:
            parts.append(f'<p style="text-align: center;"><strong>{escape(a.title)}</strong></p>')
        figures = {}
        for n, img in enumerate(a.images):
            figures.setdefault(int(img.get("after", -1)), []).append(
                f'<table class="image-box" align="center"><tr><td><img src="/images/{a.id}-{n + 1}.gif" alt=""></td></tr>'
                f'<tr><td class="image-caption"><em>{escape(img.get("caption", ""))}</em></td></tr></table>'
            )
        parts.extend(figures.get(-1, []))
        for i, para in enumerate(a.body):
            parts.append(f'<p style="text-align: justify;">{escape(para)}</p>')
            parts.extend(figures.get(i, []))
        parts.append(f'<p style="text-align: right;"><strong>{escape(a.author)}</strong></p>')
        others = [o for o in content.articles() if o.category == a.category and o.id != a.id][:5]
        other_links = "".join(f'<li><a href="{article_path(o)}">{escape(o.title)}</a></li>' for o in others)
        crumb = f'<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="{listing_path(a.category)}">{escape(cat.name)}</a></div>'
        main = (f'<div class="news-detail"><h1 class="news-title">{escape(a.title)}</h1>{date_line}'
                f'<div class="news-sapo"><strong>{escape(a.lead)}</strong></div>'
                f'<div class="news-content">{"".join(parts)}</div>'
                f'<div class="news-tools"><a href="javascript:window.print()">In bài viết</a></div>'
                f'<div class="news-other"><h3>Tin khác</h3><ul>{other_links}</ul></div></div>')
        html = self.page(f"{a.title} - {self.cfg['site_title']}", main, crumb, head)
        return unicodedata.normalize("NFD", html) if a.id in self.nfd else html

    def answer(self, method: str, path: str, query: str, form: dict[str, str], host: str,
               ) -> tuple[int, str, bytes, dict[str, str]]:
        """Answer one request (this portal takes no form posts)."""
        if method != "GET":
            return 405, "text/plain; charset=utf-8", b"Method Not Allowed", {"Allow": "GET"}
        return self.resolve(path, query)

    def resolve(self, path: str, query: str) -> tuple[int, str, bytes, dict[str, str]]:
        """Route a request to (status, content type, body, extra headers)."""
        html_type = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", _ROBOTS.encode(), {}
        if path.startswith("/images/"):
            return 200, "image/gif", _GIF, {}
        if path in ("/", "/index.html"):
            return 200, html_type, self.home().encode(), {}
        if path.endswith("_2_c.html"):
            try:
                cat_id = int(path.rsplit("_", 3)[-3])
            except ValueError:
                cat_id = -1
            for c in content.categories():
                if c.id == cat_id:
                    page = int((parse_qs(query).get("page") or ["1"])[0] or 1)
                    body = self.listing(c.key, page)
                    if body is not None:
                        return 200, html_type, body.encode(), {}
        if path.endswith("_2_a.html"):
            pieces = path[1:-len("_2_a.html")].rsplit("_", 2)
            if len(pieces) == 3 and pieces[1].isdigit():
                try:
                    a = content.article(int(pieces[1]))
                except KeyError:
                    a = None
                if a is not None:
                    body = self.article(a).encode()
                    headers = {
                        "ETag": '"' + hashlib.sha256(body).hexdigest()[:20] + '"',
                        "Last-Modified": format_datetime(self.last_modified(a), usegmt=True),
                    }
                    return 200, html_type, body, headers
        return 404, html_type, self.page("Không tìm thấy trang", "<h2>Trang bạn tìm không tồn tại</h2>").encode(), {}


class _Handler(BaseHTTPRequestHandler):
    portal: Portal | SkinPortal
    server_version = "SamplePortal/1.0"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._serve({})

    def do_POST(self) -> None:  # noqa: N802 - WebForms skins answer their postbacks
        length = int(self.headers.get("Content-Length") or 0)
        self._serve(dict(parse_qsl(self.rfile.read(length).decode("utf-8", "replace"))))

    def _serve(self, form: dict[str, str]) -> None:
        parts = urlsplit(self.path)
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        status, ctype, body, headers = self.portal.answer(self.command, parts.path, parts.query, form, host)
        if status == 200 and "ETag" in headers and self._not_modified(headers):
            status, body = 304, b""
        self.portal.log(self.path, status)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def version_string(self) -> str:
        return self.portal.server_header

    def _not_modified(self, headers: dict[str, str]) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return headers["ETag"] in [t.strip() for t in inm.split(",")]
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return parsedate_to_datetime(headers["Last-Modified"]) <= parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
        return False

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet; the portal keeps its own log
        pass


class PortalServer:
    """Serve a portal on 127.0.0.1 in a background thread: ``with PortalServer(skin="wordpress") as s: s.url``.

    ``portal``: a ready portal (a ``Portal`` or a ``skins.SkinPortal``); otherwise one is made for ``skin``
    (``skins.skin_names()``; default ``vnpt``, the vkskh.gov.vn shape). An unknown skin raises ValueError.
    """

    def __init__(self, port: int = 0, host: str = "127.0.0.1", portal: Portal | SkinPortal | None = None,
                 skin: str = "vnpt"):
        if portal is None:
            from .skins import make_portal

            portal = make_portal(skin)
        self.portal = portal
        handler = type("Handler", (_Handler,), {"portal": self.portal})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> PortalServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> PortalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

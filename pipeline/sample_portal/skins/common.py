"""What every skin shares: requests and responses, the portal's sections and pinned articles, tags,
day-first Vietnamese dates, paging, article bodies with their photos, RSS and sitemap documents."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from typing import NamedTuple
from urllib.parse import quote

from .. import content
from ..content import SampleArticle

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
VN_TZ = "+07:00"
# weekday names as Vietnamese sites print them; index = datetime.weekday()
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
# the tags editors put on articles, by article type
_TYPE_TAGS = {
    "kiem_sat": ("kiểm sát xét xử", "phiên tòa rút kinh nghiệm"),
    "hoi_nghi": ("hội nghị", "sơ kết"),
    "thi_dua": ("thi đua", "khen thưởng"),
    "dang_doan_the": ("công tác Đảng", "đoàn thanh niên"),
    "phap_luat": ("pháp luật", "nghiên cứu"),
    "to_chuc_can_bo": ("tổ chức cán bộ",),
    "thanh_tra": ("thanh tra", "kiểm tra"),
    "dao_tao": ("đào tạo", "bồi dưỡng"),
    "ky_niem": ("kỷ niệm", "truyền thống"),
    "chuyen_doi_so": ("chuyển đổi số", "công nghệ thông tin"),
    "khac": ("tin tổng hợp",),
}


@dataclass(frozen=True)
class Request:
    """One request as a skin sees it: path, first value of each query parameter, form fields, site root."""

    path: str
    query: dict[str, str] = field(default_factory=dict)
    base: str = "http://127.0.0.1"
    method: str = "GET"
    form: dict[str, str] = field(default_factory=dict)

    def arg(self, name: str, default: str = "") -> str:
        return self.query.get(name, default)

    def page(self, name: str = "page", default: int = 1) -> int:
        """A positive page number from the query (0 when it is not a number)."""
        raw = self.query.get(name) or str(default)
        return int(raw) if raw.isdigit() else 0

    def url(self, path: str) -> str:
        return self.base + path


class Response(NamedTuple):
    status: int
    ctype: str
    body: bytes
    headers: dict[str, str]


def ok(text: str, ctype: str = HTML, headers: dict[str, str] | None = None) -> Response:
    return Response(200, ctype, text.encode("utf-8"), dict(headers or {}))


def json_response(data: object, headers: dict[str, str] | None = None) -> Response:
    return ok(json.dumps(data, ensure_ascii=False), "application/json; charset=UTF-8", headers)


def not_found(text: str, headers: dict[str, str] | None = None) -> Response:
    return Response(404, HTML, text.encode("utf-8"), dict(headers or {}))


def robots(disallow: Iterable[str], allow: Iterable[str] = (), sitemap: str = "") -> Response:
    """A robots.txt for every user agent (Allow lines first: the first matching rule wins)."""
    lines = ["User-agent: *", *(f"Allow: {p}" for p in allow), *(f"Disallow: {p}" for p in disallow)]
    return ok("\n".join(lines) + (f"\n\nSitemap: {sitemap}" if sitemap else "") + "\n", TEXT)


def asset(path: str) -> Response:
    """Any static file a skin's pages refer to (a tiny GIF, an empty stylesheet or script)."""
    if path.endswith(".css"):
        return ok("/* sample */", "text/css")
    if path.endswith(".js"):
        return ok("/* sample */", "application/javascript")
    return Response(200, "image/gif", GIF, {})


# -- the portal's content ------------------------------------------------------------------------
def section_articles(key: str) -> list[SampleArticle]:
    """The articles a section lists, primary or secondary, newest first."""
    return [a for a in content.articles() if a.category == key or key in a.also_in]


def pinned(key: str | None = None) -> SampleArticle:
    """The article an editor pinned: to a section (key) or to the whole site (None). Never the newest one,
    so a crawler that stops at the first known article is misled by it."""
    items = section_articles(key) if key else list(content.articles())
    return items[len(items) // 2]


def tags(a: SampleArticle) -> tuple[str, ...]:
    return _TYPE_TAGS.get(a.type, ("tin tổng hợp",))


def all_tags() -> list[str]:
    return sorted({t for a in content.articles() for t in tags(a)})


def tagged(tag: str) -> list[SampleArticle]:
    return [a for a in content.articles() if tag in tags(a)]


def tag_by_slug(slug: str) -> str | None:
    return next((t for t in all_tags() if content.slugify(t) == slug), None)


def authors() -> list[str]:
    return sorted({a.author for a in content.articles()})


def by_author(name: str) -> list[SampleArticle]:
    return [a for a in content.articles() if a.author == name]


def author_by_slug(slug: str) -> str | None:
    return next((n for n in authors() if content.slugify(n) == slug), None)


def search(words: str) -> list[SampleArticle]:
    needle = words.strip().lower()
    return [a for a in content.articles() if needle and needle in a.title.lower()] if needle else []


def category_by_slug(slug: str) -> content.Category | None:
    return next((c for c in content.categories() if c.slug == slug), None)


def category_by_id(cat_id: int) -> content.Category | None:
    return next((c for c in content.categories() if c.id == cat_id), None)


def find_article(article_id: str | int) -> SampleArticle | None:
    try:
        return content.article(int(article_id))
    except (KeyError, ValueError):
        return None


def paginate(items: Sequence, page: int, per: int) -> tuple[list, int] | None:
    """(items on page, number of pages); None when the page does not exist."""
    pages = max(1, -(-len(items) // per))
    if not 1 <= page <= pages:
        return None
    return list(items[(page - 1) * per: page * per]), pages


# -- dates ---------------------------------------------------------------------------------------
def weekday(when: datetime) -> str:
    return WEEKDAYS[when.weekday()]


def iso(when: datetime) -> str:
    """W3C date-time in Vietnam's zone: 2025-08-12T08:30:00+07:00."""
    return f"{when:%Y-%m-%dT%H:%M:%S}{VN_TZ}"


def rfc822(when: datetime) -> str:
    """RFC 822 date in Vietnam's zone: Tue, 12 Aug 2025 08:30:00 +0700."""
    return format_datetime(when.replace(tzinfo=timezone(timedelta(hours=7))))


# -- markup --------------------------------------------------------------------------------------
def body_html(a: SampleArticle, paragraph: Callable[[str], str], figure: Callable[[str, str], str]) -> str:
    """The article body: each paragraph through ``paragraph``, each photo (src, caption) through ``figure``
    after the paragraph it follows."""
    figures: dict[int, list[str]] = {}
    for n, img in enumerate(a.images):
        figures.setdefault(int(img.get("after", -1)), []).append(
            figure(f"/uploads/{a.id}-{n + 1}.gif", img.get("caption", "")))
    parts = list(figures.get(-1, []))
    for i, para in enumerate(a.body):
        parts.append(paragraph(escape(para)))
        parts.extend(figures.get(i, []))
    return "\n".join(parts)


def links(items: Iterable[tuple[str, str]], item: str = '<li><a href="{href}">{text}</a></li>') -> str:
    """Render (href, text) pairs with a template; text is escaped."""
    return "".join(item.format(href=escape(href), text=escape(text)) for href, text in items)


def quoted(text: str) -> str:
    return quote(text, safe="")


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str
    description: str
    published: datetime | None
    category: str = ""


def rss(title: str, link: str, description: str, items: Iterable[FeedItem], extra_channel: str = "") -> str:
    rows = []
    for it in items:
        date = f"<pubDate>{rfc822(it.published)}</pubDate>" if it.published else ""
        cat = f"<category>{escape(it.category)}</category>" if it.category else ""
        rows.append(f"<item><title>{escape(it.title)}</title><link>{escape(it.link)}</link>"
                    f'<guid isPermaLink="true">{escape(it.link)}</guid><description><![CDATA[{it.description}]]>'
                    f"</description>{cat}{date}</item>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
            f"<channel><title>{escape(title)}</title><link>{escape(link)}</link>"
            f"<description>{escape(description)}</description><language>vi</language>{extra_channel}"
            f'{"".join(rows)}</channel></rss>')


def urlset(entries: Iterable[tuple[str, datetime | None]], namespaces: str = "") -> str:
    rows = "".join(f"<url><loc>{escape(loc)}</loc>" + (f"<lastmod>{iso(mod)}</lastmod>" if mod else "") + "</url>"
                   for loc, mod in entries)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
            f"{namespaces}>{rows}</urlset>")


def sitemap_index(locs: Iterable[str]) -> str:
    rows = "".join(f"<sitemap><loc>{escape(loc)}</loc></sitemap>" for loc in locs)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/'
            f'sitemap/0.9">{rows}</sitemapindex>')


# -- ASP.NET WebForms ----------------------------------------------------------------------------
def viewstate(seed: str, size: int = 96) -> str:
    """A stable stand-in for a page's __VIEWSTATE (base64 of bytes derived from ``seed``)."""
    raw = hashlib.sha256(seed.encode()).digest() * (size // 32 + 1)
    return "/wEPDwUK" + base64.b64encode(raw[:size]).decode()


def webforms(seed: str, extra_fields: str = "") -> str:
    """The hidden fields and the ``__doPostBack`` script every WebForms page opens its one form with."""
    return (f'<div class="aspNetHidden">{extra_fields}'
            '<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="">'
            '<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="">'
            f'<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate(seed)}">'
            '<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="CA0B0334">'
            f'<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="{viewstate(seed + "#ev", 48)}"></div>'
            "<script type=\"text/javascript\">\n//<![CDATA[\nvar theForm = document.forms['aspnetForm'];\n"
            "if (!theForm) { theForm = document.aspnetForm; }\nfunction __doPostBack(eventTarget, eventArgument) {\n"
            "    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {\n"
            "        theForm.__EVENTTARGET.value = eventTarget;\n        theForm.__EVENTARGUMENT.value = eventArgument;\n"
            "        theForm.submit();\n    }\n}\n//]]>\n</script>")


def postback(target: str, argument: str) -> str:
    return f"javascript:__doPostBack(&#39;{target}&#39;,&#39;{argument}&#39;)"


def postback_page(req: Request, target: str, default: int = 1) -> int:
    """The page a WebForms pager postback asks for (``Page$N``), else ``default``."""
    arg = req.form.get("__EVENTARGUMENT", "")
    if req.method == "POST" and req.form.get("__EVENTTARGET") == target and arg.startswith("Page$"):
        return int(arg[5:]) if arg[5:].isdigit() else 0
    return default

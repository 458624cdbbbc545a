"""Article and listing pages -> records, driven by a site profile's selectors.

Selectors that find nothing fall back to generic extraction (trafilatura), and a page from a site without
a profile is read by trafilatura alone. A page that yields no title or no body raises ParseError, so the
caller can skip it with that reason.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from urllib.parse import urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ..errors import ParseError
from ..sites import Profile
from ..text import comparable
from .dates import first_date_in_text, parse_date, parse_day_first

_BLOCK = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr", "td",
    "th", "tbody", "thead", "section", "article", "figure", "figcaption", "header", "footer", "pre", "dl",
    "dt", "dd", "center", "aside", "main", "form", "nav",
}
_SKIP = {"script", "style", "noscript", "template", "iframe", "object", "svg", "button", "select", "input"}
_WS = re.compile(r"[\s\u00a0\u200b\ufeff]+")
_SENTENCE_END = re.compile(r"[.!?:;…]$")


@dataclass
class ParsedArticle:
    url: str
    title: str
    lead: str
    body: str  # paragraphs separated by a blank line
    author: str | None
    category: str | None
    published: date | None
    date_source: str | None  # page | meta | text | trafilatura | None
    method: str  # profile | profile+trafilatura | trafilatura

    def to_dict(self) -> dict:
        return asdict(self)


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip()


def paragraphs(el: Tag) -> list[str]:
    """Visible text of an element as paragraphs: block elements and <br> break paragraphs."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = _clean("".join(buf))
        if text:
            out.append(text)
        buf.clear()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                buf.append(str(child))
            elif isinstance(child, Tag):
                if child.name in _SKIP:
                    continue
                if child.name == "br":
                    flush()
                elif child.name in _BLOCK:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(el)
    flush()
    return out


def _select_one(soup: BeautifulSoup | Tag, selector: str | list[str] | None) -> Tag | None:
    if not selector:
        return None
    for sel in selector if isinstance(selector, list) else [selector]:
        found = soup.select_one(sel)
        if found is not None:
            return found
    return None


def _text_of(soup: BeautifulSoup, selector) -> str | None:
    el = _select_one(soup, selector)
    if el is None:
        return None
    if el.name == "meta":
        return _clean(el.get("content", "")) or None
    return _clean(" ".join(paragraphs(el))) or None


def _looks_like_byline(text: str, max_words: int) -> bool:
    words = text.split()
    if not words or len(words) > max_words or len(text) > 80:
        return False
    if _SENTENCE_END.search(text.rstrip(")")) and not text.endswith("."):
        return False
    if text.endswith(".") and not re.search(r"\b[A-ZĐ]\.$", text):  # "Trần Văn T." is a name
        return False
    # names are written with capitals: most words start upper-case
    caps = sum(1 for w in words if w[:1].isupper())
    return caps >= max(1, len(words) - 1) and not any(ch.isdigit() for ch in text)


def _same(a: str, b: str) -> bool:
    return bool(a) and comparable(a) == comparable(b)


def parse_listing(html: str, url: str, profile: Profile) -> tuple[list[str], str | None]:
    """Article links (absolute, fragment-free, in page order, de-duplicated) and the next page's URL."""
    soup = BeautifulSoup(html, "lxml")
    links: list[str] = []
    for a in soup.select(profile.article_links):
        href = a.get("href")
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        absolute = _strip_fragment(urljoin(url, href))
        if absolute not in links:
            links.append(absolute)
    next_url = None
    if profile.next_page:
        nxt = _select_one(soup, profile.next_page)
        if nxt is not None and nxt.get("href"):
            next_url = _strip_fragment(urljoin(url, nxt["href"]))
    return links, next_url


def _strip_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def _generic(html: str, url: str) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        return {}
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {k: data.get(k) for k in ("title", "date", "author", "text", "categories")}


def parse_article(html: str, url: str, profile: Profile | None = None) -> ParsedArticle:
    """Parse an article page. Raises ParseError when the page holds no article."""
    # a profile without title and body selectors (a preset of a family with no known markup, or a probe
    # draft whose preset selectors matched nothing) is read generically
    if profile is None or not (profile.selectors.get("title") or profile.selectors.get("body")):
        return _parse_generic(html, url, profile.date_formats if profile else ())
    sel = profile.selectors
    soup = BeautifulSoup(html, "lxml")
    for drop in sel.get("drop", []) or []:
        for el in soup.select(drop):
            el.decompose()
    own_title = _text_of(soup, sel.get("title"))
    title = own_title or _meta(soup, "og:title") or _clean(soup.title.get_text() if soup.title else "")
    lead = _text_of(soup, sel.get("lead")) or ""
    author = None
    body_el = _select_one(soup, sel.get("body"))
    max_words = int(sel.get("author_max_words", 6))
    if sel.get("author"):
        author_el = _select_one(soup, sel["author"])
        if author_el is not None:
            candidate = _clean(author_el.get_text(" "))
            if _looks_like_byline(candidate, max_words):
                author = candidate
                author_el.decompose()
    method = "profile"
    paras = paragraphs(body_el) if body_el is not None else []
    if not paras and not own_title and sel.get("title"):
        # neither the title nor the body is where the profile says: not an article (an error page, a
        # maintenance notice, a listing); generic extraction would only find the page chrome
        raise ParseError(f"{url}: no article on this page (the profile's title and body selectors find nothing)")
    if not paras:
        generic = _generic(html, url)
        paras = [p for p in (generic.get("text") or "").split("\n") if p.strip()]
        method = "profile+trafilatura"
        author = author or generic.get("author")
    # the portal repeats the title (or the lead) as the body's opening paragraph above a photo
    while paras and (_same(paras[0], title) or _same(paras[0], lead)):
        paras.pop(0)
    if not title or not paras:
        raise ParseError(f"{url}: no article on this page (title: {bool(title)}, body paragraphs: {len(paras)})")
    published, source = None, None
    printed = _text_of(soup, sel.get("date"))
    if printed:
        published, source = parse_date(printed, profile.date_formats), "page"
    if published is None:
        for meta_sel in _as_list(sel.get("date_meta")):
            el = soup.select_one(meta_sel)
            # <meta content=...>, or a <time datetime=...> (WordPress, Joomla)
            value = (el.get("content") or el.get("datetime")) if el is not None else None
            if value and (published := parse_day_first(value)):
                source = "meta"
                break
    if published is None:
        published = first_date_in_text("\n".join([lead, *paras]))
        source = "text" if published else None
    category = _text_of(soup, sel.get("category"))
    if not category and profile.url_pattern is not None:
        groups = profile.match_article(url) or {}
        category = profile.categories.get(groups.get("category_id") or "")
    return ParsedArticle(
        url=url, title=title, lead=lead, body="\n\n".join(paras), author=author, category=category,
        published=published, date_source=source, method=method,
    )


def _as_list(value) -> list[str]:
    if not value:
        return []
    return value if isinstance(value, list) else [value]


def _meta(soup: BeautifulSoup, prop: str) -> str | None:
    el = soup.find("meta", attrs={"property": prop}) or soup.find("meta", attrs={"name": prop})
    return _clean(el.get("content", "")) or None if el else None


def canonical_url(html: str, url: str, profile: Profile | None) -> str:
    """The page's canonical URL when it declares one on an allowed host, else the fetched URL."""
    selector = (profile.selectors.get("canonical") if profile else None) or "link[rel=canonical]"
    soup = BeautifulSoup(html, "lxml")
    el = soup.select_one(selector)
    if el is not None and el.get("href"):
        href = _strip_fragment(urljoin(url, el["href"]))
        if profile is None or urlsplit(href).netloc in profile.hosts():
            return href
    return url


def _parse_generic(html: str, url: str, date_formats: tuple[str, ...] = ()) -> ParsedArticle:
    from .generic import extract_generic

    return extract_generic(html, url, date_formats)

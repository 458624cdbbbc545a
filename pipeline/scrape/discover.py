"""Discovery: what a portal's sitemaps, feeds, WordPress REST API, home page and listings say exists.

Pure functions over documents already fetched (by the project's own Fetcher, archived and in the ledger):
nothing here touches the network. Sitemaps are parsed with ultimate-sitemap-parser's parse-from-string
API, feeds with feedparser, links are filtered with courlan's checks plus our own (courlan's full URL
check calls loopback hosts invalid, which would empty every local test portal, so it is not used).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bs4 import BeautifulSoup

from .urls import join_url, same_site

# the order of trust: what each source is called in the ledger
KINDS = ("sitemap", "feed", "api", "listing", "article")
SITEMAP_PATHS = ("/sitemap.xml",)
FEED_TYPES = ("application/rss+xml", "application/atom+xml")
WP_API = "/wp-json/wp/v2/posts?per_page=100&page={n}"
_NEXT_WORDS = {"»", "›", ">", ">>", "next", "sau", "trang sau", "tiếp", "trang tiếp", "tiếp theo", "xem tiếp",
               "next »", "trang sau »", "sau »", "tiếp »", "›› ", "››"}
_PAGE_SEGMENT = re.compile(r"/(?:page|trang)[-/_]?(\d+)/?$", re.I)
_PAGE_PARAMS = ("page", "paged", "start", "limitstart", "trang", "pg")
MENU = "nav, [id*=menu], [class*=menu], [id*=nav], [class*=nav], header, #header, .header"


@dataclass(frozen=True)
class Found:
    url: str
    source: str  # sitemap | feed | api | home | listing
    modified: datetime | None = None


def _aware(when: object) -> datetime | None:
    # usp hands back an empty <lastmod> as the raw string, not None: anything but a datetime is "unknown"
    if not isinstance(when, datetime):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def parse_sitemap(body: bytes, url: str) -> tuple[list[Found], list[tuple[str, datetime | None]]]:
    """(pages, child sitemaps with their lastmod) of a sitemap or sitemap index document."""
    from usp.fetch_parse import SitemapStrParser
    from usp.objects.sitemap import IndexXMLSitemap

    text = body.decode("utf-8", errors="replace").lstrip("\ufeff").strip()
    if not text.startswith(("<", "http")) or re.match(r"<(?:!doctype\s+html|html)", text, re.I):
        return [], []  # an HTML page (a soft 404, a home page) where a sitemap was asked for
    try:
        tree = SitemapStrParser(text).sitemap()
    except Exception:  # the parser's own errors are many; a broken sitemap is just an empty one
        return [], []
    pages = [Found(p.url, "sitemap", _aware(p.last_modified)) for p in tree.all_pages()]
    children: list[tuple[str, datetime | None]] = []
    if isinstance(tree, IndexXMLSitemap):
        lastmods = _index_lastmods(text)
        children = [(child, lastmods.get(s.url)) for s in tree.sub_sitemaps if (child := join_url(url, s.url))]
    return pages, children


def _index_lastmods(text: str) -> dict[str, datetime | None]:
    # the index parser keeps no lastmod for children it could not fetch; read them ourselves
    out: dict[str, datetime | None] = {}
    for block in re.findall(r"<(?:\w+:)?sitemap>(.*?)</(?:\w+:)?sitemap>", text, re.S):
        loc = re.search(r"<(?:\w+:)?loc>\s*(.*?)\s*</", block, re.S)
        mod = re.search(r"<(?:\w+:)?lastmod>\s*(.*?)\s*</", block, re.S)
        if loc:
            out[loc.group(1).replace("&amp;", "&")] = _parse_iso(mod.group(1)) if mod else None
    return out


def _parse_iso(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return _aware(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
    except ValueError:
        return None


def parse_feed(body: bytes, url: str) -> list[Found]:
    """The item links of an RSS or Atom feed, with their updated/published time."""
    import feedparser

    doc = feedparser.parse(body)
    out = []
    for entry in doc.entries:
        link = entry.get("link")
        if not link:
            continue
        # read the keys the feed has: asking feedparser for a missing updated_parsed warns and falls back
        keys = set(entry.keys())
        stamp = entry["updated_parsed"] if "updated_parsed" in keys else entry.get("published_parsed")
        target = join_url(url, link)
        if target:
            out.append(Found(target, "feed", _from_struct(stamp)))
    return out


def _from_struct(stamp: object) -> datetime | None:
    # feedparser keeps what a feed claims, year 0 and 31 February included
    try:
        return datetime(*stamp[:6], tzinfo=UTC) if stamp else None  # type: ignore[index]
    except (TypeError, ValueError, OverflowError):
        return None


def parse_wp_posts(body: bytes) -> list[Found]:
    """The post links of one page of ``/wp-json/wp/v2/posts``."""
    try:
        posts = json.loads(body.decode("utf-8", errors="replace"))
    except ValueError:
        return []
    out = []
    for post in posts if isinstance(posts, list) else []:
        if isinstance(post, dict) and isinstance(post.get("link"), str) and post["link"].strip():
            out.append(Found(post["link"].strip(), "api", _parse_iso(post.get("modified_gmt") or post.get("modified") or "")))
    return out


def feed_links(soup: BeautifulSoup, url: str) -> list[str]:
    """Feeds a page announces with ``<link rel="alternate" type="application/rss+xml|atom+xml">``."""
    out = []
    for link in soup.find_all("link", href=True):
        rels = [r.lower() for r in (link.get("rel") or [])]
        feed = "alternate" in rels and (link.get("type") or "").lower() in FEED_TYPES
        if feed and (target := join_url(url, link["href"])):
            out.append(target)
    return list(dict.fromkeys(out))


def _join_clean(url: str, href: str) -> str:
    joined = join_url(url, href)
    return _clean(joined) if joined else ""


def _clean(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def page_links(soup: BeautifulSoup, url: str, hosts: set[str], within: str | None = None) -> list[str]:
    """Links to the site's own pages, absolute and without fragments, in page order, once each."""
    roots = soup.select(within) if within else [soup]
    out: list[str] = []
    for root in roots:
        for a in root.find_all("a", href=True):
            href = a["href"].strip()
            if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
                continue
            joined = join_url(url, href)
            absolute = _clean(joined) if joined else ""
            if absolute and urlsplit(absolute).scheme in ("http", "https") and same_site(absolute, hosts):
                out.append(absolute)
    return list(dict.fromkeys(out))


def menu_links(soup: BeautifulSoup, url: str, hosts: set[str]) -> list[str]:
    """The site's own links inside its menus (nav, header, *menu*), else every link of the page."""
    return page_links(soup, url, hosts, MENU) or page_links(soup, url, hosts)


def _page_number(url: str) -> int | None:
    parts = urlsplit(url)
    m = _PAGE_SEGMENT.search(parts.path)
    if m:
        return int(m.group(1))
    for k, v in parse_qsl(parts.query):
        if k.lower() in _PAGE_PARAMS and v.isdigit():
            return int(v)
    return None


def _listing_root(url: str) -> str:
    """A listing URL without its page marker: pages of one listing share it."""
    parts = urlsplit(url)
    path = _PAGE_SEGMENT.sub("/", parts.path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in _PAGE_PARAMS]
    return urlunsplit((parts.scheme, parts.netloc.lower(), path.rstrip("/") or "/", urlencode(sorted(query)), ""))


def next_page(soup: BeautifulSoup, url: str, hosts: set[str], selector: str | list[str] | None = None,
              pattern: re.Pattern | None = None) -> str | None:
    """The next page of a listing: the profile's selector, ``rel=next``, a "next" link (», Trang sau, ...),
    else the numbered page link of this listing just after the current one (NukeViet ``/page-N/``,
    WordPress ``/page/N/``, Joomla ``?start=``, Drupal's zero-based ``?page=``, ``?page=N``)."""
    for sel in ([selector] if isinstance(selector, str) else selector or []):
        el = soup.select_one(sel)
        if el is not None and el.get("href") and (target := _join_clean(url, el["href"])):
            return target
    for el in soup.find_all(["link", "a"], href=True):
        if "next" in [r.lower() for r in (el.get("rel") or [])] and (target := _join_clean(url, el["href"])):
            return target
    links = soup.find_all("a", href=True)
    for a in links:
        text = " ".join(a.get_text(" ").split()).lower()
        classes = " ".join(a.get("class") or []).lower()
        if text in _NEXT_WORDS or (classes and re.search(r"\bnext\b", classes)):
            target = _join_clean(url, a["href"])
            if target and same_site(target, hosts) and target != _clean(url):
                return target
    root, current = _listing_root(url), _page_number(url)
    best: tuple[int, str] | None = None
    for a in links:
        target = _join_clean(url, a["href"])
        if not target or not same_site(target, hosts):
            continue
        if pattern is not None and not pattern.search(target):
            continue
        if pattern is None and _listing_root(target) != root:
            continue
        n = _page_number(target)
        if n is None or (current is not None and n <= current) or (current is None and n < 1):
            continue
        if current is None and n == 1 and "page=1" not in target and "start" not in target:
            continue
        if best is None or n < best[0]:
            best = (n, target)
    return best[1] if best else None

"""Collecting a portal that has no hand-written profile: ``vks scrape --url BASE``.

robots.txt and the home page first (archived and in the ledger like every request), then the family is
detected and the effective profile built and saved (site.py). Articles are then discovered in the order of
trust: sitemaps (robots.txt ``Sitemap:`` lines, ``/sitemap.xml``, the family's paths; indexes followed),
feeds (announced on the home page, the family's paths), the WordPress REST API when the family has one, and
the section listings linked from the menus, walked page by page. Every request goes through the same polite
Fetcher as the hand-profile crawl (robots, delay, retries, size cap).

Incremental: known articles (by URL or by article key) are not fetched again unless their sitemap
``lastmod`` or feed time is newer than our copy; listings stop at a page of known articles once walked to
the end; the REST API stops paging at a page of known posts.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from ..config import Settings
from ..parse.html import decode_html
from . import discover
from .crawl import ScrapeSummary, _Crawl, run_crawl
from .discover import Found
from .recognise import candidate
from .site import (
    GENERIC,
    Site,
    effective_profile,
    entry_field,
    read_article,
    registry_entry,
    save_site,
    site_name,
    to_site,
)
from .urls import article_key, page_canonical

log = logging.getLogger(__name__)

MAX_SITEMAPS = 50  # sitemap documents per run (indexes included)
MAX_LISTINGS = 40  # menu links tried as listings per run
MAX_API_PAGES = 100


MIN_BODY = 200  # characters of body text that make a page without article signals an article


def is_article_page(html: str, url: str, profile) -> tuple[bool, str]:
    """Whether a fetched page is one article, and why not.

    The page's own signals first (``pipeline.parse.looks_like_article``: og:type, JSON-LD or microdata
    article, one ``<article>``, a post shortlink); many portals give none (vkskh, classic ASP), so a page
    from which the profile's selectors (or generic extraction) read a title and a body of some length counts
    too."""
    from ..errors import ParseError

    try:
        from ..parse import looks_like_article
    except ImportError:  # an installation without the page-signal module
        looks_like_article = None
    if looks_like_article is not None and looks_like_article(html):
        return True, ""
    try:
        parsed = read_article(html, url, profile)
    except ParseError as exc:
        return False, f"no article signals and no article read from the page ({exc})"
    if len(parsed.body) < MIN_BODY:
        return False, f"no article signals and a body of only {len(parsed.body)} characters"
    return True, ""


def detect_family(pages: list[tuple[str, int | None, list[tuple[str, str]], str]]) -> tuple[str, list[str]]:
    """(family, evidence) from fetched pages (url, status, headers, html), by ``pipeline.sites.families``."""
    try:
        from ..sites.families import detect
    except ImportError:
        return GENERIC, ["family detection not available: generic preset"]
    found = detect(pages)
    family = getattr(found, "family", None) or GENERIC
    evidence = [str(e) for e in (getattr(found, "evidence", None) or [])]
    return family, evidence


class _AutoCrawl(_Crawl):
    """The listing walk of crawl.py, with articles recognised by the site's rule and keyed canonically."""

    def __init__(self, site: Site, *args, **kwargs):
        super().__init__(site.profile, *args, **kwargs)
        self.site = site
        self.rule = site.article_rule()
        self.found: dict[str, Found] = {}  # article key -> where it was first found

    def set_site(self, site: Site) -> None:
        self.site, self.profile, self.rule = site, site.profile, site.article_rule()

    def key(self, url: str) -> str:
        """The article key: the id the preset's pattern reads from the URL, else the canonical URL."""
        return self.rule.article_id(url) or article_key(url, self.site.raw)

    def _check_article(self, resp) -> str | None:
        html = decode_html(resp.content(), resp.header("Content-Type"))
        url = resp.final_url or resp.url
        ok, why = is_article_page(html, url, self.profile)
        if not ok:
            # a page the URL rule took for an article, but which is not one (often a section page of the
            # same shape): recorded with the reason, not a row, not a failure, not asked for again
            resp.outcome, resp.error = "not_article", why
            return None
        declared = page_canonical(html, url, self.site.hosts())
        return self.key(declared or url)

    def read_listing(self, html: str, url: str) -> tuple[list[str], str | None]:
        soup = BeautifulSoup(html, "lxml")
        links = discover.page_links(soup, url, self.site.hosts())
        self.rule.observe(links)
        pattern = self.site.discovery.get("next_page_pattern")
        nxt = discover.next_page(soup, url, self.site.hosts(), self.profile.next_page,
                                 re.compile(pattern) if pattern else None)
        return links, nxt

    def article_links(self, links: list[str]) -> list[tuple[str, str | None]]:
        out = []
        for link in links:
            if self.rule.is_article(link):
                key = self.key(link)
                self.found.setdefault(key, Found(link, "listing"))
                out.append((link, key))
        return out

    # -- discovery ---------------------------------------------------------------------------
    def get_ok(self, url: str, kind: str) -> bytes | None:
        resp = self.fetch(url, kind)
        return resp.content() if resp is not None and resp.outcome == "ok" else None

    def sitemaps(self, home: str, robots_sitemaps: list[str]) -> list[Found]:
        paths = [*robots_sitemaps, *discover.SITEMAP_PATHS, *self.site.discovery.get("sitemaps", [])]
        queue = list(dict.fromkeys(_abs(home, p) for p in paths))
        done: set[str] = set()
        found: list[Found] = []
        while queue and len(done) < MAX_SITEMAPS:
            url = queue.pop(0)
            if url in done:
                continue
            done.add(url)
            body = self.get_ok(url, "sitemap")
            if body is None:
                continue
            pages, children = discover.parse_sitemap(body, url)
            found += pages
            for child, lastmod in children:
                if child not in done and not self._unchanged(child, lastmod):
                    queue.append(child)
        return found

    def _last_read(self, url: str) -> datetime | None:
        """When we last read ``url`` successfully (the ledger's UTC stamp), else None."""
        row = self.ledger.get(url)
        if row is None or row["outcome"] != "ok" or not row["last_fetched"]:
            return None
        return datetime.fromisoformat(row["last_fetched"])

    def _unchanged(self, url: str, modified: datetime | None) -> bool:
        """A child sitemap not modified since we last read it whole is skipped."""
        last = self._last_read(url)
        return modified is not None and last is not None and modified < last

    def feeds(self, home: str, soup: BeautifulSoup) -> list[Found]:
        urls = discover.feed_links(soup, home) + [_abs(home, p) for p in self.site.discovery.get("feeds", [])]
        found: list[Found] = []
        for url in list(dict.fromkeys(urls))[:10]:
            body = self.get_ok(url, "feed")
            if body is not None:
                found += discover.parse_feed(body, url)
        return found

    def wp_api(self, home: str) -> list[Found]:
        found: list[Found] = []
        n, total = 1, 1
        while n <= min(total, MAX_API_PAGES):
            resp = self.fetch(_abs(home, discover.WP_API.format(n=n)), "api")
            if resp is None or resp.outcome != "ok":
                break
            posts = discover.parse_wp_posts(resp.content())
            found += posts
            header = resp.header("X-WP-TotalPages") or "1"
            total = int(header) if header.isdigit() else 1
            if posts and all(self.ledger.is_known(self.profile.name, p.url, self.key(p.url)) for p in posts):
                break  # newest first: a page of known posts means nothing older is new
            n += 1
        return found

    def take(self, found: list[Found]) -> None:
        """Fetch the articles among discovered URLs: new ones, and known ones modified since our copy."""
        urls = [f.url for f in found]
        self.rule.observe(urls)
        for f in found:
            if not self.rule.is_article(f.url):
                continue
            key = self.key(f.url)
            first = key not in self.found
            self.found.setdefault(key, f)
            if not first:
                continue
            if self.ledger.is_known(self.profile.name, f.url, key):
                if f.modified is None or not self._newer(f.url, f.modified):
                    continue
                self.fetch_article(f.url, key, f.source, force=True)
            else:
                self.fetch_article(f.url, key, f.source)

    def finish_summary(self) -> None:
        s = self.summary
        s.articles_found = self.distinct_found()
        s.sources.update(f.source for f in self.found.values())
        s.family, s.evidence, s.recognition = self.site.family, self.site.evidence, self.rule.describe()

    def distinct_found(self) -> int:
        """Articles discovered this run, new and known, each counted once: two URLs whose pages name the
        same canonical URL are one; pages that are gone or are no article are none."""
        keys = set()
        for key, f in self.found.items():
            row = self.ledger.get(f.url)
            if row is not None and row["outcome"] in ("gone", "not_article", "no_article"):
                continue
            keys.add(row["article_key"] if row is not None and row["article_key"] else key)
        return len(keys)

    def _newer(self, url: str, modified: datetime) -> bool:
        """The sitemap or feed says the article changed after we last fetched it."""
        last = self._last_read(url)
        return last is not None and modified > last


def _abs(base: str, path: str) -> str:
    return urljoin(base, path)


def collect(base_url: str, settings: Settings, name: str | None = None, max_pages: int | None = None,
            refresh: bool = False, progress: Callable[[str], None] | None = None,
            sleep: Callable[[float], None] | None = None) -> ScrapeSummary:
    """Collect a portal that has no hand-written profile into ``settings.raw_dir``; returns the summary.

    ``name`` is the site name (default: the host of ``base_url``).
    """
    name = name or site_name(base_url)
    site = to_site(effective_profile(base_url, GENERIC, name), f"<{base_url}>")
    return run_crawl(site.profile, settings,
                     lambda *parts: _AutoCrawl(site, settings, *parts, max_pages, progress),
                     lambda crawl: _discover_and_collect(crawl, refresh), max_pages, sleep)


def _discover_and_collect(crawl: _AutoCrawl, refresh: bool) -> None:
    settings, home = crawl.settings, crawl.site.base_url
    resp = crawl.fetch(home, "listing")
    if resp is None or resp.outcome != "ok":
        return  # recorded with its reason; nothing to discover from
    home = resp.final_url or home
    html = decode_html(resp.content(), resp.header("Content-Type"))
    soup = BeautifulSoup(html, "lxml")
    family, evidence = detect_family([(home, resp.status, resp.headers, html)])
    hint = entry_field(registry_entry(crawl.site.name), "family")
    if family == GENERIC and hint and hint != GENERIC:
        family, evidence = hint, [*evidence, f"registry: {hint} (by its article URLs)"]
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    base = crawl.site.base_url
    site = to_site(effective_profile(base, family, crawl.site.name, title), f"<{base}>", evidence)
    crawl.set_site(site)
    save_site(settings.raw_dir, site)
    robots = crawl.robots.get(urlsplit(home).netloc)
    home_links = discover.page_links(soup, home, site.hosts())
    crawl.rule.observe(home_links)
    if refresh:
        crawl.revalidate()
    crawl.take(crawl.sitemaps(home, robots.sitemaps if robots else []))
    crawl.take(crawl.feeds(home, soup))
    if site.family == "wordpress" or site.discovery.get("api") == "wordpress":
        crawl.take(crawl.wp_api(home))
    # links in the menus are sections and fixed pages ("Giới thiệu"), even when they take an article's
    # shape (SharePoint's /Pages/<name>.aspx): articles are the ones in the page's content
    in_menus = set(discover.page_links(soup, home, site.hosts(), discover.MENU))
    crawl.take([Found(u, "home") for u in home_links if u not in in_menus])
    for start in _listing_starts(crawl, soup, home):
        crawl.walk_listing(start, refresh)


def _listing_starts(crawl: _AutoCrawl, soup: BeautifulSoup, home: str) -> list[str]:
    """Menu links that may be section listings (not articles, not the home page), plus the family's
    listing pattern's matches among all links."""
    site = crawl.site
    pattern = site.discovery.get("listing_link_pattern")
    links = discover.menu_links(soup, home, site.hosts())
    if pattern:
        rx = re.compile(pattern)
        links += [u for u in discover.page_links(soup, home, site.hosts()) if rx.search(u)]
    home_key = article_key(home, site.raw)
    out = [u for u in dict.fromkeys(links)
           if candidate(u) and not crawl.rule.is_article(u) and article_key(u, site.raw) != home_key]
    return out[:MAX_LISTINGS]

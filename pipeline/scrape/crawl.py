"""Discovery and collection: robots.txt, category listings with pagination, article pages.

Incremental: a listing is walked page by page until a page holds only known articles, once that listing
has been walked to its end at least once (so a run killed half way finishes the walk next time).
``refresh`` revalidates every known article with a conditional GET.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from ..config import Settings
from ..killpoints import checkpoint
from ..parse.article import parse_listing
from ..parse.html import decode_html
from ..sites import Profile
from .archive import WarcArchive
from .http import Fetcher, Response
from .ledger import Ledger
from .robots import Robots, from_response

log = logging.getLogger(__name__)

# outcomes that make a run "partial" (exit code 4); gone (404/410) and robots exclusions are normal
FAILED = {"transient", "error", "no_article", "too_large", "redirect", "http_error", "loop", "too_many_pages"}


@dataclass
class ScrapeSummary:
    site: str
    pages_fetched: int = 0
    requests: int = 0
    new_articles: int = 0
    updated_articles: int = 0
    unchanged_articles: int = 0
    listing_pages: int = 0
    outcomes: Counter = field(default_factory=Counter)
    skipped: list[dict] = field(default_factory=list)  # {url, outcome, reason}
    stopped_early: str | None = None
    # portals collected without a hand-written profile (collect.py) also say how
    family: str | None = None
    evidence: list[str] = field(default_factory=list)
    recognition: str | None = None
    articles_found: int = 0  # distinct articles the discovery saw this run (new and known)
    sources: Counter = field(default_factory=Counter)  # article URLs found per source

    @property
    def failed(self) -> int:
        """Pages not collected because something went wrong (gone pages and robots exclusions are normal)."""
        return sum(1 for s in self.skipped if s["outcome"] in FAILED)

    def to_dict(self) -> dict:
        return {
            "site": self.site, "pages_fetched": self.pages_fetched, "requests": self.requests,
            "new_articles": self.new_articles, "updated_articles": self.updated_articles,
            "unchanged_articles": self.unchanged_articles, "listing_pages": self.listing_pages,
            "outcomes": dict(self.outcomes), "skipped": self.skipped, "stopped_early": self.stopped_early,
            "family": self.family, "evidence": self.evidence, "recognition": self.recognition,
            "articles_found": self.articles_found, "sources": dict(self.sources),
        }


class _Budget(Exception):
    """Raised inside the walk when --max-pages is reached."""


class _Crawl:
    def __init__(self, profile: Profile, settings: Settings, ledger: Ledger, archive: WarcArchive,
                 fetcher: Fetcher, max_pages: int | None, progress: Callable[[str], None] | None):
        self.profile, self.settings, self.ledger, self.archive = profile, settings, ledger, archive
        self.fetcher, self.max_pages, self.progress = fetcher, max_pages, progress
        self.summary = ScrapeSummary(site=profile.name)
        self.robots: dict[str, Robots] = {}

    # -- one URL -------------------------------------------------------------------------------
    def _budget(self) -> None:
        if self.max_pages is not None and self.summary.pages_fetched >= self.max_pages:
            raise _Budget

    def _allowed(self, url: str) -> bool:
        host = urlsplit(url).netloc
        if host not in self.robots:
            robots_url = urljoin(f"{urlsplit(url).scheme}://{host}/", "/robots.txt")
            resp = self.fetcher.get(robots_url)
            self._store(robots_url, "robots", resp, None, None)
            self.robots[host] = from_response(resp.outcome, resp.status, resp.content())
            delay = self.robots[host].crawl_delay(self.settings.user_agent)
            if delay is not None and delay > self.fetcher.delay:
                self.fetcher.delay = delay
        return self.robots[host].allowed(self.settings.user_agent, url)

    def _store(self, url: str, kind: str, resp: Response, article_key: str | None, found_on: str | None) -> None:
        """Archive every response (redirect hops included), then point the ledger at the good one."""
        for hop in resp.hops:
            if hop.status is not None:
                self.archive.write_response(hop.url, hop.status, hop.reason, hop.headers, hop.body)
        fields = dict(status=resp.status, outcome=resp.outcome, error=resp.error, found_on=found_on,
                      article_key=article_key)
        # a refused body is not stored; a refused redirect is already stored as its hops
        if resp.status is not None and resp.outcome not in ("too_large", "redirect"):
            name, offset, sha = self.archive.write_response(
                resp.final_url or url, resp.status, resp.reason, resp.headers, resp.body
            )
            if resp.outcome == "ok":  # only a good page moves the pointer: nothing collected is lost
                fields.update(warc_file=name, warc_offset=offset, sha256=sha, etag=resp.header("ETag"),
                              last_modified=resp.header("Last-Modified"), content_type=resp.header("Content-Type"))
        checkpoint(f"scrape.{kind}.before_ledger")  # archived, not yet in the ledger
        self.ledger.record(url, self.profile.name, kind, **{k: v for k, v in fields.items()
                                                            if v is not None or k in ("error",)})
        checkpoint(f"scrape.{kind}.after_ledger")
        self.summary.outcomes[f"{kind}:{resp.outcome}"] += 1
        if resp.outcome not in ("ok", "not_modified"):
            self.summary.skipped.append({"url": url, "kind": kind, "outcome": resp.outcome,
                                         "reason": resp.error or f"HTTP {resp.status}"})

    def fetch(self, url: str, kind: str, article_key: str | None = None, found_on: str | None = None,
              conditional: bool = False) -> Response | None:
        self._budget()
        if not self._allowed(url):
            self.ledger.record(url, self.profile.name, kind, outcome="robots", error="disallowed by robots.txt",
                               article_key=article_key, found_on=found_on)
            self.summary.outcomes[f"{kind}:robots"] += 1
            self.summary.skipped.append({"url": url, "kind": kind, "outcome": "robots",
                                         "reason": "disallowed by robots.txt"})
            return None
        headers = {}
        if conditional:
            row = self.ledger.get(url)
            if row is not None and row["etag"]:
                headers["If-None-Match"] = row["etag"]
            if row is not None and row["last_modified"]:
                headers["If-Modified-Since"] = row["last_modified"]
        resp = self.fetcher.get(url, headers=headers)
        self.summary.pages_fetched += 1
        if kind == "article" and resp.outcome == "ok":
            article_key = self._check_article(resp) or article_key
        self._store(url, kind, resp, article_key, found_on)
        if self.progress:
            self.progress(f"{kind} {resp.outcome}")
        return resp

    def _check_article(self, resp: Response) -> str | None:
        """A 200 that holds no article (an error or maintenance page, an empty body) is not kept as one.

        Returns the article key the page itself gives, when it gives one (None here: the URL's)."""
        from ..errors import ParseError
        from ..parse.article import parse_article

        try:
            parse_article(decode_html(resp.content(), resp.header("Content-Type")), resp.final_url or resp.url,
                          self.profile)
        except ParseError as exc:
            resp.outcome, resp.error = "no_article", str(exc)
        return None

    # -- the walk ------------------------------------------------------------------------------
    def article_key(self, url: str) -> str | None:
        groups = self.profile.match_article(url)
        return groups.get("article_id") if groups else None

    def walk_listing(self, start: str, refresh: bool) -> None:
        complete = self.ledger.listing_complete(self.profile.name, start)
        url: str | None = start
        seen: set[str] = set()
        pages = 0
        while url:
            stop = None
            if url in seen:
                stop = ("loop", f"listing pagination cycles back to {url}")
            elif pages >= self.settings.max_listing_pages:
                stop = ("too_many_pages", f"listing goes on past {self.settings.max_listing_pages} pages; stopped")
            if stop:
                self.ledger.record(start, self.profile.name, "listing", outcome=stop[0], error=stop[1])
                self.summary.outcomes[f"listing:{stop[0]}"] += 1
                self.summary.skipped.append({"url": start, "kind": "listing", "outcome": stop[0], "reason": stop[1]})
                return
            seen.add(url)
            resp = self.fetch(url, "listing")
            pages += 1
            self.summary.listing_pages += 1
            if resp is None or resp.outcome != "ok":
                return
            html = decode_html(resp.content(), resp.header("Content-Type"))
            links, next_url = self.read_listing(html, resp.final_url or url)
            articles = self.article_links(links)
            fresh = [(link, key) for link, key in articles
                     if not self.ledger.is_known(self.profile.name, link, key)]
            for link, key in fresh:
                self.fetch_article(link, key, url)
            if not fresh and complete and not refresh:
                return  # met only known articles on a fully walked listing: nothing new beyond
            if next_url and urlsplit(next_url).netloc not in self.profile.hosts():
                next_url = None
            url = next_url
        self.ledger.mark_listing_complete(self.profile.name, start)

    def read_listing(self, html: str, url: str) -> tuple[list[str], str | None]:
        """A listing page's article links and its next page."""
        return parse_listing(html, url, self.profile)

    def article_links(self, links: list[str]) -> list[tuple[str, str | None]]:
        """(url, article key) of the links that are articles."""
        articles = [(link, self.article_key(link)) for link in links]
        return [(link, key) for link, key in articles if key is not None or self.profile.url_pattern is None]

    def fetch_article(self, link: str, key: str | None, found_on: str | None, force: bool = False) -> None:
        """Fetch one article unless it is known (the same article may be listed twice: fetched once)."""
        if not force and self.ledger.is_known(self.profile.name, link, key):
            return
        before = self.ledger.get(link)
        a = self.fetch(link, "article", key, found_on=found_on)
        if a is not None and a.outcome == "ok":
            if before is not None and before["sha256"]:
                self.summary.updated_articles += 1
            elif not self.ledger.has_other_url(self.profile.name, link):
                self.summary.new_articles += 1  # (another URL of an article already held is not new)

    def finish_summary(self) -> None:
        """Fill in what the summary needs at the end of a run (nothing more for a profile crawl)."""

    def revalidate(self) -> None:
        for row in self.ledger.revalidation_targets(self.profile.name):
            resp = self.fetch(row["url"], "article", row["article_key"], row["found_on"], conditional=True)
            if resp is None:
                continue
            if resp.outcome == "not_modified":
                self.summary.unchanged_articles += 1
            elif resp.outcome == "ok":
                if self.ledger.get(row["url"])["sha256"] != row["sha256"]:
                    self.summary.updated_articles += 1
                else:
                    self.summary.unchanged_articles += 1


def fetcher_for(profile: Profile, settings: Settings, sleep: Callable[[float], None] | None = None) -> Fetcher:
    """The polite client for one site: the settings' delay, else the profile's, else 2 s."""
    delay = settings.delay if settings.delay is not None else (profile.delay if profile.delay is not None else 2.0)
    fetcher_kwargs = dict(
        user_agent=settings.user_agent, delay=delay, timeout=settings.timeout, max_bytes=settings.max_bytes,
        retries=settings.retries, backoff=settings.backoff, max_retry_after=settings.max_retry_after,
        allowed_hosts=profile.hosts(),
    )
    if sleep is not None:
        fetcher_kwargs["sleep"] = sleep
    return Fetcher(**fetcher_kwargs)


def run_crawl(profile: Profile, settings: Settings, make: Callable[[Ledger, WarcArchive, Fetcher], _Crawl],
              walk: Callable[[_Crawl], None], max_pages: int | None,
              sleep: Callable[[float], None] | None = None) -> ScrapeSummary:
    """One recorded scrape run of a site: open the ledger and a WARC file, walk, record how it ended."""
    fetcher = fetcher_for(profile, settings, sleep)
    with Ledger(settings.raw_dir / "ledger.sqlite") as ledger, WarcArchive(settings.raw_dir, profile.name) as archive:
        run_id = ledger.start_run("scrape", profile.name)
        crawl = make(ledger, archive, fetcher)
        outcome = "ok"
        try:
            walk(crawl)
        except _Budget:
            crawl.summary.stopped_early = f"--max-pages {max_pages} reached"
        except BaseException:
            outcome = "interrupted"
            raise
        finally:
            crawl.summary.requests = fetcher.requests_made
            crawl.finish_summary()
            if outcome == "ok" and crawl.summary.failed:
                outcome = "partial"
            ledger.finish_run(run_id, outcome, crawl.summary.to_dict())
            fetcher.close()
    return crawl.summary


def scrape(profile: Profile, settings: Settings, max_pages: int | None = None, refresh: bool = False,
           progress: Callable[[str], None] | None = None, sleep: Callable[[float], None] | None = None) -> ScrapeSummary:
    """Collect one site into ``settings.raw_dir``; returns what happened."""

    def walk(crawl: _Crawl) -> None:
        if refresh:
            crawl.revalidate()
        for start in profile.start_urls():
            crawl.walk_listing(start, refresh)

    return run_crawl(profile, settings, lambda *parts: _Crawl(profile, settings, *parts, max_pages, progress),
                     walk, max_pages, sleep)

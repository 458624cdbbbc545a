"""``vks sites probe URL``: look at a few pages of a portal, name its CMS family, draft a profile.

Politely (the project's Fetcher, robots.txt obeyed, a handful of pages): fetch the home page, name the
family, find article links (the preset's url_pattern, else the most common link shape with a numeric id),
fetch a few articles, and count on how many of them each preset selector matches. The draft TOML
``extends`` the family preset; a person reviews it and keeps it (``vks scrape --site draft.toml``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup

from ..errors import FetchError
from . import Profile, host_name, profile_for
from .families import Detection, Page, detect
from .registry import RegistryEntry, bare_host, lookup

REPORTED_SELECTORS = ("title", "date", "date_meta", "lead", "body", "author", "category")
_SLUG = re.compile(r"[^\W\d_]+(?:-[^\W\d_]*)+")
_DIGITS = re.compile(r"(\d+)")
_MID_SLUG_NUMBER = re.compile(r"(?<=-)\d+(?=-)")


@dataclass
class ProbeResult:
    base_url: str
    detection: Detection
    profile: Profile  # the family preset on this portal
    entry: RegistryEntry | None
    pages: list[Page] = field(default_factory=list)
    article_pages: list[Page] = field(default_factory=list)
    start_pages: list[str] = field(default_factory=list)
    inferred_pattern: str | None = None  # written when the preset's url_pattern matched no link
    selector_hits: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # key -> [(selector, pages)]
    key_hits: dict[str, int] = field(default_factory=dict)  # key -> pages where any of its selectors matched
    signalled: int = 0  # article pages that declare themselves articles (looks_like_article)
    generic_ok: int = 0  # article pages the generic extraction reads (title and body)
    skipped: list[str] = field(default_factory=list)


# --- fetching ---------------------------------------------------------------------------------------------

class _Site:
    """The Fetcher plus robots.txt for one portal."""

    def __init__(self, base_url: str, settings, fetcher=None):
        from ..scrape.http import Fetcher
        from ..scrape.robots import from_response

        host = urlsplit(base_url).netloc
        bare = host.removeprefix("www.")
        self.user_agent = settings.user_agent
        self.fetcher = fetcher or Fetcher(
            user_agent=settings.user_agent, delay=settings.delay if settings.delay is not None else 2.0,
            timeout=settings.timeout, max_bytes=settings.max_bytes, retries=min(settings.retries, 1),
            backoff=settings.backoff, max_retry_after=settings.max_retry_after,
            allowed_hosts={bare, f"www.{bare}"})
        robots = self.fetcher.get(urljoin(base_url, "/robots.txt"))
        self.robots = from_response(robots.outcome, robots.status, robots.content())
        self.fetched = 0

    def get(self, url: str, skipped: list[str]) -> Page | None:
        from ..parse.html import decode_html

        if not self.robots.allowed(self.user_agent, url):
            skipped.append(f"{url}: disallowed by robots.txt")
            return None
        self.fetched += 1
        resp = self.fetcher.get(url)
        if resp.outcome != "ok" or resp.status != 200:
            skipped.append(f"{url}: {resp.error or resp.outcome} (status {resp.status})")
            return None
        html = decode_html(resp.content(), resp.header("Content-Type"))
        return Page(resp.final_url or url, resp.status, list(resp.headers), html)

    def close(self) -> None:
        self.fetcher.close()


# --- links and URL shapes ---------------------------------------------------------------------------------

def page_links(page: Page) -> list[str]:
    """Absolute, fragment-free links of a page on its own host (www./bare alike), in page order, unique."""
    soup = BeautifulSoup(page.html, "lxml")
    host = bare_host(page.url)
    out: list[str] = []
    for a in soup.find_all("a", href=True):
        href = a["href"].strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        parts = urlsplit(urljoin(page.url, href))
        if parts.scheme in ("http", "https") and bare_host(parts.netloc) == host:
            url = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
            if url not in out:
                out.append(url)
    return out


def _target(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _shape_text(url: str) -> str:
    # numbers between hyphens are words of a slug ("hoi-nghi-2025-tong-ket-1039"), not ids
    return _MID_SLUG_NUMBER.sub("x", _target(url))


def url_shape(url: str) -> tuple[str, ...]:
    """A link's shape: literal text, "{slug}" for hyphenated words, "{n}" for digit runs."""
    tokens: list[str] = []
    for i, piece in enumerate(_DIGITS.split(_shape_text(url))):
        if i % 2:
            tokens.append("{n}")
        elif piece:
            tokens.extend(t for t in re.split(r"(\{slug\})", _SLUG.sub("{slug}", piece)) if t)
    return tuple(tokens)


def infer_url_pattern(urls: list[str], min_count: int = 2) -> str | None:
    """A url_pattern regex for the most common link shape with a number; the number that varies most
    among those links is the article_id. None when no shape repeats."""
    by_shape: dict[tuple[str, ...], list[str]] = {}
    for url in urls:
        shape = url_shape(url)
        if "{n}" in shape:
            by_shape.setdefault(shape, []).append(url)
    shapes = [s for s, members in by_shape.items() if len(members) >= min_count]
    if not shapes:
        return None
    best = max(shapes, key=lambda s: (len(by_shape[s]), len(s)))
    values: list[set[str]] = [set() for _ in range(best.count("{n}"))]
    for url in by_shape[best]:
        for i, number in enumerate(_DIGITS.findall(_shape_text(url))):
            values[i].add(number)
    id_at = max(range(len(values)), key=lambda i: (len(values[i]), i))
    parts, n = ["^"], 0
    for token in best:
        if token == "{n}":
            parts.append(r"(?P<article_id>\d+)" if n == id_at else r"\d+")
            n += 1
        elif token == "{slug}":
            parts.append(r"[^/?#]+?")
        else:
            parts.append(re.escape(token))
    parts.append("$")
    return "".join(parts)


def _path(url: str) -> str:
    return _target(url) or "/"


# --- selectors --------------------------------------------------------------------------------------------

def _matches(soup: BeautifulSoup, selector: str) -> bool:
    el = soup.select_one(selector)
    if el is None:
        return False
    if el.name == "meta":
        return bool((el.get("content") or "").strip())
    return bool(el.get_text(strip=True) or el.get("datetime") or el.get("content"))


def _selector_stats(profile: Profile, pages: list[Page]) -> tuple[dict, dict]:
    soups = [BeautifulSoup(p.html, "lxml") for p in pages]
    per_selector: dict[str, list[tuple[str, int]]] = {}
    per_key: dict[str, int] = {}
    for key in REPORTED_SELECTORS:
        value = profile.selectors.get(key)
        if not value:
            continue
        selectors = value if isinstance(value, list) else [value]
        hits = [[_matches(s, sel) for s in soups] for sel in selectors]
        per_selector[key] = [(sel, sum(h)) for sel, h in zip(selectors, hits, strict=True)]
        per_key[key] = sum(any(col) for col in zip(*hits, strict=True)) if hits else 0
    return per_selector, per_key


def _generic_reads(page: Page) -> bool:
    from ..errors import ParseError
    from ..parse.generic import extract_generic

    try:
        extract_generic(page.html, page.url)
    except ParseError:
        return False
    return True


# --- the probe --------------------------------------------------------------------------------------------

def _article_candidates(profile: Profile, links: list[str]) -> list[str]:
    out: list[str] = []
    for link in links:
        url = profile.article_url(link)
        if profile.match_article(url) and url not in out:
            out.append(url)
    return out


def probe(url: str, pages: int = 6, settings=None, fetcher=None) -> ProbeResult:
    """Fetch at most ``pages`` pages of the portal at ``url`` (plus robots.txt) and report what they show."""
    from ..config import load_settings

    settings = settings or load_settings()
    if "//" not in url:
        url = f"https://{url}"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"{url}: not an http(s) URL")
    site = _Site(f"{parts.scheme}://{parts.netloc}/", settings, fetcher)
    skipped: list[str] = []
    try:
        home = site.get(url, skipped)
        if home is None:
            raise FetchError(f"could not fetch {url}: {'; '.join(skipped)}", outcome="error")
        final = urlsplit(home.url)
        base_url = f"{final.scheme}://{final.netloc}/"
        entry = lookup(home.url)
        fetched = [home]
        detection = detect(fetched)
        profile = profile_for(base_url, detection.family)
        links = page_links(home)
        listings = [link for link in links if profile.is_listing(link)]
        candidates = _article_candidates(profile, links)
        if not candidates and listings and site.fetched < pages:
            listing = site.get(listings[0], skipped)
            if listing is not None:
                fetched.append(listing)
                links += [link for link in page_links(listing) if link not in links]
                candidates = _article_candidates(profile, links)
        inferred = None
        if not candidates:
            inferred = infer_url_pattern([link for link in links if not profile.is_excluded(link)])
            if inferred:
                regex = re.compile(inferred)
                candidates = [link for link in links if regex.search(_target(link))]
        articles: list[Page] = []
        for link in candidates:
            if site.fetched >= pages:
                break
            page = site.get(link, skipped)
            if page is not None:
                articles.append(page)
        fetched += articles
    finally:
        site.close()
    detection = detect(fetched)  # more pages, more evidence
    if detection.family != profile.family:
        profile = profile_for(base_url, detection.family)
    from ..parse.signals import looks_like_article

    per_selector, per_key = _selector_stats(profile, articles)
    return ProbeResult(
        base_url=base_url, detection=detection, profile=profile, entry=entry, pages=fetched,
        article_pages=articles, start_pages=[_path(u) for u in listings[:8]] or ["/"],
        inferred_pattern=inferred, selector_hits=per_selector, key_hits=per_key,
        signalled=sum(looks_like_article(p.html) for p in articles),
        generic_ok=sum(_generic_reads(p) for p in articles), skipped=skipped,
    )


# --- the draft --------------------------------------------------------------------------------------------

def toml_string(value: str) -> str:
    """A TOML string: a literal '...' string when possible (regexes stay readable), else a basic one."""
    if "'" not in value and "\n" not in value:
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False)


def _toml_value(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(toml_string(v) for v in value) + "]"
    return toml_string(value)


def draft_toml(result: ProbeResult) -> str:
    """The draft profile: loadable as it is, with a comment per selector saying how often it matched."""
    d, n = result.detection, len(result.article_pages)
    name = result.entry.name if result.entry else host_name(urlsplit(result.base_url).netloc)
    others = ", ".join(f"{f} {s:g}" for f, s in sorted(d.scores.items(), key=lambda kv: -kv[1]) if f != d.family)
    lines = [
        f"# Draft profile written by `vks sites probe` from {len(result.pages)} pages of {result.base_url}",
        "# Review it, then: vks scrape --site path/to/this.toml",
        f"# Family: {d.family} (score {d.scores.get(d.family, 0):g}{'; others: ' + others if others else ''})",
        *[f"#   {line}" for line in d.evidence],
    ]
    if result.entry and result.entry.family != d.family:
        lines.append(f"# The registry's first guess was {result.entry.family!r}; the pages say {d.family!r}.")
    lines += [f"name = {toml_string(name)}", f"extends = {toml_string(d.family)}",
              f"base_url = {toml_string(result.base_url)}"]
    if result.entry and result.entry.owner:
        lines.append(f"owner = {toml_string(result.entry.owner)}  # from the registry")
    lines.append(f"start_pages = {_toml_value(result.start_pages)}")
    if result.start_pages == ["/"]:
        lines.append("# no section listing recognised on the home page: add the portal's section URLs")
    lines += ["", "[article]", f"# {n} article pages probed:", *[f"#   {p.url}" for p in result.article_pages],
              f"# they declare themselves articles (og:type, schema.org, <article>) on {result.signalled}/{n}; "
              f"the generic extraction reads a title and body on {result.generic_ok}/{n}"]
    if result.inferred_pattern:
        lines.append("# the preset's url_pattern matched no link: the most common link shape with a number")
        lines.append(f"url_pattern = {toml_string(result.inferred_pattern)}")
    both_missing = result.selector_hits and not result.key_hits.get("title") and not result.key_hits.get("body")
    for key, hits in result.selector_hits.items():
        detail = ", ".join(f"{sel} {k}/{n}" for sel, k in hits)
        matched = [sel for sel, k in hits if k]
        if both_missing:
            # neither title nor body where the preset says: not this family's markup, read generically
            lines.append(f"{key} = []  # the preset's selectors matched 0/{n} pages ({detail})")
        elif matched:
            lines.append(f"{key} = {_toml_value(matched)}  # matched {result.key_hits[key]}/{n} pages ({detail})")
        else:  # kept from the preset: it may match pages the probe did not see
            lines.append(f"# {key}: the preset's selectors matched 0/{n} pages ({detail})")
    if result.skipped:
        lines += ["", "# not fetched:", *[f"#   {s}" for s in result.skipped]]
    return "\n".join(lines) + "\n"


def summary(result: ProbeResult) -> str:
    """A few lines for a person (stderr)."""
    d, n = result.detection, len(result.article_pages)
    lines = [f"{result.base_url}: family {d.family} (score {d.scores.get(d.family, 0):g})"]
    lines += [f"  {e}" for e in d.evidence[:5]]
    lines.append(f"  owner: {result.entry.owner if result.entry and result.entry.owner else 'not in the registry'}")
    lines.append(f"  {len(result.pages)} pages fetched, {n} articles; start pages: {', '.join(result.start_pages)}")
    for key, k in result.key_hits.items():
        lines.append(f"  {key}: matched {k}/{n}")
    lines.extend(f"  skipped {s}" for s in result.skipped)
    return "\n".join(lines)

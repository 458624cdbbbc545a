"""One article, one key: the many URLs a portal gives one article lead to the same canonical URL.

A portal reaches one article by many URLs: ``www.`` and the bare host, ``:80``/``:443``, http and https,
print views, AMP pages, ``?replytocom=`` comment links, session ids in the path or the query, fragments,
tracking parameters, a trailing slash. :func:`canonical_url` folds all of them into one URL (an identity,
not necessarily a fetchable address) and :func:`article_key` into the key the ledger and the tables
dedupe on. The page's own ``rel=canonical`` (or ``rel=shortlink``) wins when it gives one
(:func:`page_canonical`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup

# query parameters that never change which article a URL shows
DROP_PARAMS = {
    "replytocom", "amp", "print", "fbclid", "gclid", "mc_cid", "mc_eid", "sid", "phpsessid", "jsessionid",
    "aspsessionid", "share", "ref", "output",
}
DROP_PREFIXES = ("utm_", "aspsessionid")
# ASP.NET cookieless sessions put (S(...)) / (X(1)S(...)) in the path; Java servlets add ;jsessionid=
_SESSION_IN_PATH = re.compile(r"/\((?:[A-Z]\([^)]*\))+\)", re.I)
_PATH_PARAMS = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#]*", re.I)
_AMP_SUFFIX = re.compile(r"/amp/?$", re.I)
# Joomla 3's print view: ...&tmpl=component&print=1&layout=default
_JOOMLA_PRINT = {("tmpl", "component"), ("layout", "default"), ("layout", "print")}


def join_url(base: str, href: str) -> str | None:
    """``href`` made absolute against ``base``; None for what no URL parser accepts (``http://[``, an
    unbalanced IPv6 host), which a hostile page can put in any link."""
    try:
        joined = urljoin(base, href.strip())
        urlsplit(joined).port  # noqa: B018 - raises on a port that is no number or out of range
    except ValueError:
        return None
    return joined


def url_rules(profile: Any) -> tuple[set[str], list[tuple[re.Pattern, str]]]:
    """(extra query parameters to drop, print patterns) from a profile's ``[urls]`` table.

    ``profile`` is the raw profile dict, an object with a ``raw`` dict, one with ``drop_params`` /
    ``print_patterns`` attributes, or None.
    """
    if profile is None:
        return set(), []
    drop = getattr(profile, "drop_params", None)
    prints = getattr(profile, "print_patterns", None)
    raw = profile if isinstance(profile, Mapping) else getattr(profile, "raw", None)
    if isinstance(raw, Mapping):
        section = raw.get("urls") or {}
        drop = drop if drop is not None else section.get("drop_params")
        prints = prints if prints is not None else section.get("print_patterns")
    patterns = [(p if isinstance(p, re.Pattern) else re.compile(p), r) for p, r in (prints or [])]
    return {d.lower() for d in (drop or [])}, patterns


def _host(netloc: str) -> str:
    host = netloc.lower().rsplit("@", 1)[-1]
    if host.endswith((":80", ":443")):
        host = host.rsplit(":", 1)[0]
    return host[4:] if host.startswith("www.") else host


def canonical_url(url: str, profile: Any = None) -> str:
    """The identity URL of ``url``: scheme from the profile's base URL (else http), bare host, no default
    port, no session ids, print/AMP views folded, tracking parameters dropped, parameters sorted, no
    fragment, no trailing slash."""
    drop, prints = url_rules(profile)
    base = getattr(profile, "base_url", None) or (profile.get("base_url") if isinstance(profile, Mapping) else None)
    parts = urlsplit(url.strip())
    path = _PATH_PARAMS.sub("", _SESSION_IN_PATH.sub("", parts.path or "/"))
    target = urlunsplit(("", "", path, parts.query, ""))
    for pattern, replacement in prints:
        target = pattern.sub(replacement, target)
    parts2 = urlsplit(target)
    path = _AMP_SUFFIX.sub("/", parts2.path) or "/"
    query = []
    for k, v in parse_qsl(parts2.query, keep_blank_values=True):
        low = k.lower()
        if low in DROP_PARAMS or low in drop or low.startswith(DROP_PREFIXES) or (low, v.lower()) in _JOOMLA_PRINT:
            continue
        query.append((k, v))
    query.sort()
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    scheme = urlsplit(base).scheme if base else "http"
    return urlunsplit((scheme, _host(parts.netloc), path, urlencode(query), ""))


def article_key(url: str, profile: Any = None) -> str:
    """The key one article has whatever URL reached it (canonical URL without its scheme)."""
    return canonical_url(url, profile).split("://", 1)[-1]


def same_site(url: str, hosts: set[str]) -> bool:
    """Whether ``url`` is on one of ``hosts``, ``www.`` and default ports ignored."""
    return _host(urlsplit(url).netloc) in {_host(h) for h in hosts}


def page_canonical(html: str | BeautifulSoup, url: str, hosts: set[str]) -> str | None:
    """The article URL the page declares (``rel=canonical``, else ``rel=shortlink``), if it is on the site
    and is not the home page (some CMSs point every page's canonical at the home page)."""
    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "lxml")
    for rel in ("canonical", "shortlink"):
        for link in soup.find_all("link", href=True):
            rels = [r.lower() for r in (link.get("rel") or [])]
            if rel not in rels:
                continue
            href = join_url(url, link["href"])
            if href and urlsplit(href).scheme in ("http", "https") and same_site(href, hosts) and \
                    (urlsplit(href).path.strip("/") or urlsplit(href).query):
                return href
    return None

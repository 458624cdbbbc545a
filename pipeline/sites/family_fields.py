"""The profile keys that CMS family presets bring: how to find articles without hand-written listings.

Validated here, turned into the Profile's fields by :func:`family_fields`. The scrape stage relies on these
names (see README "Portals without a profile"):

    family = "nukeviet"
    date_order = "day-first"
    date_formats = ["%d/%m/%Y %H:%M"]        # strptime formats tried first on a printed date (optional)
    [discovery]
    sitemaps = ["/sitemap.xml"]              # the family's own sitemap paths
    feeds = ["/vi/news/rss/"]                # the family's own feed paths
    api = "wordpress"                        # or "" (none)
    listing_link_pattern = '...'             # regex: a section-listing URL (optional)
    next_page_pattern = '...'                # regex: a listing's next-page URL (optional)
    [article]
    exclude_patterns = ['/tag/', ...]        # regexes: URLs that are never articles
    [urls]
    drop_params = ["replytocom", ...]        # query parameters that never change the article
    print_patterns = [['regex', 'repl']]     # a print/duplicate URL form -> the article URL
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import ProfileError

DISCOVERY_KEYS = {"sitemaps", "feeds", "api", "listing_link_pattern", "next_page_pattern"}
URLS_KEYS = {"drop_params", "print_patterns"}
APIS = ("", "wordpress")
DATE_ORDERS = ("day-first",)
_NAME = re.compile(r"[a-z0-9_-]+")
_GROUP_REF = re.compile(r"\\g<(\w+)>|\\(\d+)")


def compile_regex(source: str, field: str, value: Any) -> re.Pattern:
    if not isinstance(value, str) or not value:
        raise ProfileError(f"{source}: {field} must be a regular expression string, got {value!r}")
    try:
        return re.compile(value)
    except re.error as exc:
        raise ProfileError(f"{source}: {field} = {value!r} is not a valid regex ({exc})") from exc


def _strings(source: str, field: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ProfileError(f"{source}: {field} must be a list of non-empty strings, got {value!r}")
    return tuple(value)


def _paths(source: str, field: str, value: Any) -> tuple[str, ...]:
    paths = _strings(source, field, value)
    for p in paths:
        if not p.startswith("/"):
            raise ProfileError(f"{source}: {field}: {p!r} must be a path starting with '/' (relative to base_url)")
    return paths


def _table(source: str, data: dict[str, Any], name: str, allowed: set[str]) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ProfileError(f"{source}: [{name}] must be a table")
    extra = set(table) - allowed
    if extra:
        raise ProfileError(f"{source}: unknown keys in [{name}]: {sorted(extra)}; allowed: {sorted(allowed)}")
    return table


def _print_patterns(source: str, value: Any) -> tuple[tuple[re.Pattern, str], ...]:
    field = "urls.print_patterns"
    if not isinstance(value, list):
        raise ProfileError(f"{source}: {field} must be a list of [regex, replacement] pairs")
    out = []
    for i, pair in enumerate(value):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            raise ProfileError(f"{source}: {field}[{i}] must be a [regex, replacement] pair of strings, got {pair!r}")
        pattern = compile_regex(source, f"{field}[{i}]", pair[0])
        for ref in _GROUP_REF.findall(pair[1]):
            name = ref[0] or ref[1]
            known = name in pattern.groupindex or (name.isdigit() and int(name) <= pattern.groups)
            if not known:
                raise ProfileError(f"{source}: {field}[{i}] replacement {pair[1]!r} names group {name!r}, "
                                   f"which the regex does not have")
        out.append((pattern, pair[1]))
    return tuple(out)


def family_fields(data: dict[str, Any], source: str) -> dict[str, Any]:
    """The family keys of a merged profile dict as Profile keyword arguments, or ProfileError."""
    family = data.get("family", "")
    if not isinstance(family, str) or (family and not _NAME.fullmatch(family)):
        raise ProfileError(f"{source}: family must be a preset name such as 'nukeviet', got {family!r}")
    order = data.get("date_order", "day-first")
    if order not in DATE_ORDERS:
        raise ProfileError(f"{source}: date_order must be one of {list(DATE_ORDERS)}, got {order!r} "
                           "(a portal printing month-first dates declares date_formats instead)")
    formats = _strings(source, "date_formats", data.get("date_formats", []))
    for f in formats:
        if "%" not in f:
            raise ProfileError(f"{source}: date_formats: {f!r} is not a strptime format (e.g. '%d/%m/%Y %H:%M')")
    discovery = _table(source, data, "discovery", DISCOVERY_KEYS)
    urls = _table(source, data, "urls", URLS_KEYS)
    api = discovery.get("api", "")
    if api not in APIS:
        raise ProfileError(f"{source}: discovery.api must be one of {list(APIS)}, got {api!r}")
    excludes = data.get("article", {}).get("exclude_patterns", [])
    if not isinstance(excludes, list):
        raise ProfileError(f"{source}: article.exclude_patterns must be a list of regexes")
    optional = {}
    for key in ("listing_link_pattern", "next_page_pattern"):
        value = discovery.get(key)
        optional[key] = compile_regex(source, f"discovery.{key}", value) if value else None
    return dict(
        family=family,
        date_order=order,
        date_formats=formats,
        sitemaps=_paths(source, "discovery.sitemaps", discovery.get("sitemaps", [])),
        feeds=_paths(source, "discovery.feeds", discovery.get("feeds", [])),
        api=api,
        listing_link_pattern=optional["listing_link_pattern"],
        next_page_pattern=optional["next_page_pattern"],
        exclude_patterns=tuple(compile_regex(source, f"article.exclude_patterns[{i}]", v)
                               for i, v in enumerate(excludes)),
        drop_params=_strings(source, "urls.drop_params", urls.get("drop_params", [])),
        print_patterns=_print_patterns(source, urls.get("print_patterns", [])),
    )

"""Site profiles: one TOML file per portal, validated on load.

A profile says where a portal's listings start, how to find article links and the next page, how to read
an article id from its URL, which CSS selectors hold the title, date, lead, body, author and category, and
which unit owns the portal. ``extends = "other"`` starts from another profile (or from a CMS family preset in
``presets/``, e.g. ``extends = "nukeviet"``) and overrides what it sets.

Presets (``presets/<family>.toml``) are profiles without a portal: no ``base_url`` nor ``start_pages``.
They add what a family knows: ``family``, ``[discovery]`` (sitemaps, feeds, api, listing and next-page URL
patterns), ``[article] exclude_patterns`` and ``[urls]`` (query parameters to drop, print forms to map back).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from ..errors import ProfileError
from .family_fields import family_fields

PRESET_DIR = "presets"
DATA_FILES = {"families", "registry"}  # TOML files beside the profiles that are not profiles

_REQUIRED = ("name", "base_url", "start_pages")
_ARTICLE_KEYS = {
    "url_pattern", "title", "date", "date_meta", "lead", "body", "author", "author_max_words",
    "category", "drop", "canonical", "exclude_patterns",
}
_LISTING_KEYS = {"article_links", "next_page"}
_TOP_KEYS = {"name", "title", "base_url", "owner", "start_pages", "allowed_hosts", "extends", "listing",
             "article", "categories", "delay", "description", "section_types", "family", "discovery", "urls",
             "date_order", "date_formats"}
_SELECTOR_KEYS = ("title", "date", "lead", "body", "author", "category", "drop", "date_meta", "canonical")


@dataclass(frozen=True)
class Profile:
    name: str
    base_url: str
    start_pages: tuple[str, ...]
    title: str = ""
    owner: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    delay: float | None = None
    article_links: str = "a[href]"
    next_page: str | None = None
    url_pattern: re.Pattern | None = None
    selectors: dict[str, Any] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    section_types: dict[str, str] = field(default_factory=dict)  # portal section name -> article type code
    source: str = ""
    # what a CMS family preset brings (pipeline/sites/family_fields.py documents the TOML keys)
    family: str = ""
    date_order: str = "day-first"
    date_formats: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    api: str = ""
    listing_link_pattern: re.Pattern | None = None
    next_page_pattern: re.Pattern | None = None
    exclude_patterns: tuple[re.Pattern, ...] = ()
    drop_params: tuple[str, ...] = ()
    print_patterns: tuple[tuple[re.Pattern, str], ...] = ()

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc

    def hosts(self) -> set[str]:
        return {self.host, *self.allowed_hosts}

    def start_urls(self) -> list[str]:
        return [urljoin(self.base_url, p) for p in self.start_pages]

    def match_article(self, url: str) -> dict[str, str] | None:
        """The named groups of ``url_pattern`` for an article URL of this site, else None.

        The pattern is tried on ``path?query`` (ASP portals, Joomla's raw form and SharePoint's ``ItemID``
        carry the article id in the query), then on the path alone. URLs matching an ``exclude_patterns``
        regex are never articles."""
        parts = urlsplit(url)
        if parts.netloc not in self.hosts() or self.url_pattern is None or self.is_excluded(url):
            return None
        m = self.url_pattern.search(f"{parts.path}?{parts.query}") if parts.query else None
        if m is None:
            m = self.url_pattern.search(parts.path)
        return m.groupdict() if m else None

    def is_excluded(self, url: str) -> bool:
        """True for URLs the family knows are not articles (tags, authors, search, print, feeds...)."""
        parts = urlsplit(url)
        target = f"{parts.path}?{parts.query}" if parts.query else parts.path
        return any(p.search(target) for p in self.exclude_patterns)

    def article_url(self, url: str) -> str:
        """``url`` with the family's print/duplicate forms mapped back and its ``drop_params`` removed."""
        for pattern, replacement in self.print_patterns:
            url = pattern.sub(replacement, url)
        parts = urlsplit(url)
        if self.drop_params and parts.query:
            # split by hand rather than parse_qsl/urlencode, which would re-quote the parameters kept
            drop = {p.lower() for p in self.drop_params}
            kept = [kv for kv in parts.query.split("&") if kv and kv.split("=", 1)[0].lower() not in drop]
            url = urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(kept), parts.fragment))
        return url

    def is_listing(self, url: str) -> bool:
        """True when ``url`` looks like a section listing of this family (``listing_link_pattern``)."""
        if self.listing_link_pattern is None or self.match_article(url):
            return False
        parts = urlsplit(url)
        target = f"{parts.path}?{parts.query}" if parts.query else parts.path
        return bool(self.listing_link_pattern.search(target))

    @classmethod
    def from_preset(cls, family: str, base_url: str, name: str | None = None, owner: str | None = None) -> Profile:
        """The family preset on ``base_url`` (start page ``/``); see :func:`profile_for`."""
        return profile_for(base_url, family, name=name, owner=owner)

    def with_base_url(self, base_url: str) -> Profile:
        from dataclasses import replace

        return replace(self, base_url=base_url.rstrip("/") + "/")


def _user_dirs() -> list[Path]:
    import os

    extra = os.environ.get("VKS_SITES_DIR")
    return [Path(extra)] if extra else []


def _read(name_or_path: str) -> tuple[dict[str, Any], str]:
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.exists():
        text, source = path.read_text(encoding="utf-8"), str(path)
    else:
        if not re.fullmatch(r"[a-z0-9_-]+", name_or_path):
            raise ProfileError(f"site {name_or_path!r}: not a profile name nor a .toml file")
        text = source = None
        for d in _user_dirs():
            p = d / f"{name_or_path}.toml"
            if p.exists():
                text, source = p.read_text(encoding="utf-8"), str(p)
                break
        if text is None:
            text, source = _bundled(name_or_path)
    try:
        return tomllib.loads(text), source
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{source}: not valid TOML ({exc})") from exc


def _bundled(name: str) -> tuple[str, str]:
    """A bundled profile, else a family preset of that name (profiles win: a preset is only a base)."""
    for rel in ([] if name in DATA_FILES else [f"{name}.toml"]) + [f"{PRESET_DIR}/{name}.toml"]:
        res = resources.files(__name__).joinpath(*rel.split("/"))
        if res.is_file():
            return res.read_text(encoding="utf-8"), f"pipeline/sites/{rel}"
    raise ProfileError(
        f"unknown site {name!r}; known sites: {', '.join(available())}; "
        f"family presets: {', '.join(presets())} (or pass the path of a .toml profile)"
    )


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def _raw(name: str, seen: tuple[str, ...] = ()) -> tuple[dict[str, Any], str]:
    data, source = _read(name)
    parent = data.get("extends")
    if parent:
        if parent in seen:
            raise ProfileError(f"{source}: 'extends' loops through {' -> '.join((*seen, parent))}")
        try:
            base, _ = _raw(parent, (*seen, name))
        except ProfileError as exc:
            if str(exc).startswith("unknown site"):
                raise ProfileError(f"{source}: extends = {parent!r}: {exc}") from exc
            raise
        base.pop("name", None)
        data = _merge(base, data)
    return data, source


def _check_selector(source: str, key: str, value: Any) -> None:
    from soupsieve import SelectorSyntaxError
    from soupsieve import compile as css_compile

    values = value if isinstance(value, list) else [value]
    for v in values:
        if not isinstance(v, str) or not v.strip():
            raise ProfileError(f"{source}: {key} must be a CSS selector string (or a list of them), got {v!r}")
        try:
            css_compile(v)
        except SelectorSyntaxError as exc:
            raise ProfileError(f"{source}: {key} = {v!r} is not a valid CSS selector ({exc})") from exc


def validate(data: dict[str, Any], source: str) -> Profile:
    """Check a profile's fields and build it, or raise ProfileError naming the file and the field."""
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ProfileError(f"{source}: unknown keys {sorted(unknown)}; allowed: {sorted(_TOP_KEYS)}")
    for key in _REQUIRED:
        if key not in data:
            raise ProfileError(f"{source}: missing required key {key!r}")
    base = data["base_url"]
    if not isinstance(base, str) or urlsplit(base).scheme not in ("http", "https") or not urlsplit(base).netloc:
        raise ProfileError(f"{source}: base_url must be an http(s) URL, got {base!r}")
    starts = data["start_pages"]
    if not isinstance(starts, list) or not starts or not all(isinstance(s, str) for s in starts):
        raise ProfileError(f"{source}: start_pages must be a non-empty list of URLs or paths")
    listing = data.get("listing", {})
    article = data.get("article", {})
    for section, allowed, name in ((listing, _LISTING_KEYS, "listing"), (article, _ARTICLE_KEYS, "article")):
        if not isinstance(section, dict):
            raise ProfileError(f"{source}: [{name}] must be a table")
        extra = set(section) - allowed
        if extra:
            raise ProfileError(f"{source}: unknown keys in [{name}]: {sorted(extra)}; allowed: {sorted(allowed)}")
    for key in ("article_links", "next_page"):
        if key in listing:
            _check_selector(source, f"listing.{key}", listing[key])
    for key in _SELECTOR_KEYS:
        if key in article:
            _check_selector(source, f"article.{key}", article[key])
    pattern = None
    if "url_pattern" in article:
        try:
            pattern = re.compile(article["url_pattern"])
        except re.error as exc:
            raise ProfileError(f"{source}: article.url_pattern is not a valid regex ({exc})") from exc
        if "article_id" not in pattern.groupindex:
            raise ProfileError(f"{source}: article.url_pattern must have a named group (?P<article_id>...)")
    delay = data.get("delay")
    if delay is not None and (not isinstance(delay, int | float) or delay < 0):
        raise ProfileError(f"{source}: delay must be a non-negative number of seconds")
    cats = data.get("categories", {})
    if not isinstance(cats, dict):
        raise ProfileError(f"{source}: [categories] must map category ids to names")
    sections = data.get("section_types", {})
    if not isinstance(sections, dict) or not all(isinstance(v, str) for v in sections.values()):
        raise ProfileError(f"{source}: [section_types] must map section names to article type codes")
    from ..classify.taxonomy import codes

    bad = sorted(set(sections.values()) - set(codes()))
    if bad:
        raise ProfileError(f"{source}: [section_types] names unknown article types {bad}; known: {', '.join(codes())}")
    extras = family_fields(data, source)
    selectors = {k: v for k, v in article.items() if k not in ("url_pattern", "exclude_patterns")}
    return Profile(
        name=data["name"],
        base_url=base.rstrip("/") + "/",
        start_pages=tuple(starts),
        title=data.get("title", ""),
        owner=data.get("owner"),
        allowed_hosts=tuple(data.get("allowed_hosts", ())),
        delay=delay,
        article_links=listing.get("article_links", "a[href]"),
        next_page=listing.get("next_page"),
        url_pattern=pattern,
        selectors=selectors,
        categories={str(k): str(v) for k, v in cats.items()},
        section_types=dict(sections),
        source=source,
        **extras,
    )


def load_profile(name: str, base_url: str | None = None) -> Profile:
    """Load and validate a profile by name (``vkskh``, ``sample``) or by the path of a .toml file."""
    data, source = _raw(name)
    if source.startswith(f"pipeline/sites/{PRESET_DIR}/") and "base_url" not in data:
        raise ProfileError(f"{name!r} is a CMS family preset, not a site: start a profile with "
                           f'extends = "{name}" and a base_url, or draft one with `vks sites probe URL`')
    profile = validate(data, source)
    return profile.with_base_url(base_url) if base_url else profile


def available() -> list[str]:
    names = {p.name[:-5] for p in resources.files(__name__).iterdir() if p.name.endswith(".toml")} - DATA_FILES
    for d in _user_dirs():
        names |= {p.stem for p in d.glob("*.toml")}
    return sorted(names)


def presets() -> list[str]:
    """The CMS family presets shipped in ``pipeline/sites/presets/`` (names usable in ``extends``)."""
    folder = resources.files(__name__).joinpath(PRESET_DIR)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


_PLACEHOLDER_URL = "https://preset.invalid/"


def load_preset(family: str) -> Profile:
    """A family preset validated as a profile (on a placeholder base URL), or ProfileError."""
    if family not in presets():
        raise ProfileError(f"unknown family preset {family!r}; known: {', '.join(presets())}")
    data, source = _raw(family)
    data = {"name": family, "base_url": _PLACEHOLDER_URL, "start_pages": ["/"], **data}
    return validate(data, source)


def profile_for(base_url: str, family: str = "generic", name: str | None = None, owner: str | None = None,
                start_pages: list[str] | None = None) -> Profile:
    """A ready profile for a portal that has none: the family preset on ``base_url``.

    ``start_pages`` is ``["/"]`` unless better ones are given; ``name`` defaults to the host."""
    if family not in presets():
        raise ProfileError(f"unknown family preset {family!r}; known: {', '.join(presets())}")
    host = urlsplit(base_url).netloc
    data = {"name": name or host_name(host), "extends": family, "base_url": base_url,
            "start_pages": list(start_pages or ["/"])}
    if owner:
        data["owner"] = owner
    base, _ = _raw(family)
    base.pop("name", None)
    return validate(_merge(base, data), f"preset {family} on {base_url}")


def host_name(host: str) -> str:
    """A profile name made from a host: ``www.vksdaklak.gov.vn`` -> ``vksdaklak``."""
    host = host.lower().split(":")[0].removeprefix("www.")
    for suffix in (".gov.vn", ".edu.vn", ".com.vn", ".vn"):
        if host.endswith(suffix):
            host = host[: -len(suffix)]
            break
    return re.sub(r"[^a-z0-9]+", "-", host).strip("-") or "site"

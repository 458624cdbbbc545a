"""Site profiles: one TOML file per portal, validated on load.

A profile says where a portal's listings start, how to find article links and the next page, how to read
an article id from its URL, which CSS selectors hold the title, date, lead, body, author and category, and
which unit owns the portal. ``extends = "other"`` starts from another profile and overrides what it sets.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..errors import ProfileError

_REQUIRED = ("name", "base_url", "start_pages")
_ARTICLE_KEYS = {
    "url_pattern", "title", "date", "date_meta", "lead", "body", "author", "author_max_words",
    "category", "drop", "canonical",
}
_LISTING_KEYS = {"article_links", "next_page"}
_TOP_KEYS = {"name", "title", "base_url", "owner", "start_pages", "allowed_hosts", "extends", "listing",
             "article", "categories", "delay", "description", "section_types"}


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

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc

    def hosts(self) -> set[str]:
        return {self.host, *self.allowed_hosts}

    def start_urls(self) -> list[str]:
        return [urljoin(self.base_url, p) for p in self.start_pages]

    def match_article(self, url: str) -> dict[str, str] | None:
        """The named groups of ``url_pattern`` for an article URL of this site, else None."""
        parts = urlsplit(url)
        if parts.netloc not in self.hosts() or self.url_pattern is None:
            return None
        m = self.url_pattern.search(parts.path)
        return m.groupdict() if m else None

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
            res = resources.files(__name__).joinpath(f"{name_or_path}.toml")
            if not res.is_file():
                raise ProfileError(
                    f"unknown site {name_or_path!r}; known sites: {', '.join(available())} "
                    "(or pass the path of a .toml profile)"
                )
            text, source = res.read_text(encoding="utf-8"), f"pipeline/sites/{name_or_path}.toml"
    try:
        return tomllib.loads(text), source
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{source}: not valid TOML ({exc})") from exc


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
        base, _ = _raw(parent, (*seen, name))
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
    for key in ("title", "date", "lead", "body", "author", "category", "drop", "date_meta", "canonical"):
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
    selectors = {k: v for k, v in article.items() if k != "url_pattern"}
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
    )


def load_profile(name: str, base_url: str | None = None) -> Profile:
    """Load and validate a profile by name (``vkskh``, ``sample``) or by the path of a .toml file."""
    data, source = _raw(name)
    profile = validate(data, source)
    return profile.with_base_url(base_url) if base_url else profile


def available() -> list[str]:
    names = {p.name[:-5] for p in resources.files(__name__).iterdir() if p.name.endswith(".toml")}
    for d in _user_dirs():
        names |= {p.stem for p in d.glob("*.toml")}
    return sorted(names)

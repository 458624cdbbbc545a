"""The effective profile of a portal that has no hand-written one.

Built from what the portal shows (robots.txt, the home page): the CMS family is detected
(``pipeline.sites.families.detect``), the family's preset (``pipeline/sites/presets/<family>.toml``, with its
``extends``) gives discovery paths, URL rules and selectors, and the registry of known procuracy portals
gives the owner. The result is saved as TOML under ``data/raw/profiles/<site>.toml`` so that ``vks process``,
which parses the raw pages later, reads them with the same preset and selectors.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ProfileError
from ..sites import Profile, _merge, validate
from .recognise import ArticleRule

GENERIC = "generic"


@dataclass
class Site:
    """A portal to collect: its validated profile plus the raw profile dict (with the keys only the
    collector reads: ``family``, ``[discovery]``, ``[urls]``, ``[article] exclude_patterns``)."""

    profile: Profile
    raw: dict[str, Any]
    evidence: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def base_url(self) -> str:
        return self.profile.base_url

    @property
    def family(self) -> str:
        return str(self.raw.get("family") or GENERIC)

    @property
    def discovery(self) -> dict[str, Any]:
        return dict(self.raw.get("discovery") or {})

    def hosts(self) -> set[str]:
        return self.profile.hosts()

    def article_rule(self) -> ArticleRule:
        article = self.raw.get("article") or {}
        pattern = re.compile(article["url_pattern"]) if article.get("url_pattern") else None
        exclude = [re.compile(p) for p in article.get("exclude_patterns") or []]
        return ArticleRule(pattern, exclude)


def site_name(url: str) -> str:
    """A portal's site name: its host, without ``www.`` or a default port (``127.0.0.1:8765`` keeps its port)."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = parts.netloc.lower()
    if host.endswith((":80", ":443")):
        host = host.rsplit(":", 1)[0]
    return host[4:] if host.startswith("www.") else host


def _hosts_of(base_url: str) -> list[str]:
    # a portal answers on www. and the bare host alike; redirects between them stay allowed
    host = urlsplit(base_url).netloc.lower()
    other = host[4:] if host.startswith("www.") else f"www.{host}"
    return [other] if not re.match(r"^[\d.:\[\]]+$", host) else []


def preset(family: str) -> dict[str, Any]:
    """The raw preset of a CMS family (``pipeline/sites/presets/<family>.toml``, its ``extends`` merged),
    {} for a family without one."""
    from ..sites import _raw, presets

    if family not in presets():
        return {}
    data, _ = _raw(family)
    data.pop("name", None)
    return data


def registry_entry(host: str) -> Any:
    """The registry's entry for a host (name, owner, family), or None (also before the registry exists)."""
    try:
        from ..sites.registry import lookup
    except ImportError:
        return None
    return lookup(host)


def entry_field(entry: Any, name: str) -> Any:
    if entry is None:
        return None
    return entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)


def effective_profile(base_url: str, family: str, name: str | None = None, title: str = "") -> dict[str, Any]:
    """The raw profile of a portal: the family's preset, the registry's owner, this base URL."""
    name = name or site_name(base_url)
    entry = registry_entry(name)
    data = _merge(preset(family), {
        "name": name, "family": family, "base_url": base_url.rstrip("/") + "/",
        "title": title or entry_field(entry, "owner") or name, "start_pages": ["/"],
        "allowed_hosts": _hosts_of(base_url),
    })
    data.pop("extends", None)
    owner = entry_field(entry, "owner")
    if owner:
        data["owner"] = owner
    return data


def _known_keys() -> tuple[set[str], dict[str, set[str]]]:
    from .. import sites

    sections = {"listing": getattr(sites, "_LISTING_KEYS", set()), "article": getattr(sites, "_ARTICLE_KEYS", set())}
    return set(getattr(sites, "_TOP_KEYS", set())), sections


def to_site(raw: dict[str, Any], source: str, evidence: list[str] | None = None) -> Site:
    """Validate the keys the profile loader knows; keep the rest for the collector."""
    top, sections = _known_keys()
    core = {k: v for k, v in raw.items() if k in top}
    for section, keys in sections.items():
        if isinstance(core.get(section), dict):
            core[section] = {k: v for k, v in core[section].items() if k in keys}
    article = core.get("article") or {}
    if "article_id" not in str(article.get("url_pattern", "(?P<article_id>")):
        # a preset's pattern may only say "this is an article"; the collector keys articles by URL
        article.pop("url_pattern", None)
    return Site(validate(core, source), raw, list(evidence or []))


def profile_path(raw_dir: Path, name: str) -> Path:
    return raw_dir / "profiles" / f"{name}.toml"


def save_site(raw_dir: Path, site: Site) -> Path:
    """Write the effective profile (atomically) where ``vks process`` looks for it."""
    path = profile_path(raw_dir, site.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    head = (f"# Effective profile of {site.name}, written by `vks scrape --url` (family {site.family}).\n"
            + "".join(f"# evidence: {e}\n" for e in site.evidence))
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(head + dumps_toml(site.raw), encoding="utf-8")
    tmp.replace(path)
    return path


def load_saved(raw_dir: Path, name: str) -> Site | None:
    """The saved effective profile of a site, or None when there is none."""
    path = profile_path(raw_dir, name)
    if not path.is_file():
        return None
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML ({exc}); delete it and scrape the site again") from exc
    return to_site(raw, str(path))


def is_effective(profile: Profile | None) -> bool:
    """Whether a profile was built by `vks scrape --url` (from a preset) rather than written by hand."""
    return profile is not None and (profile.source.startswith("<") or "/profiles/" in profile.source.replace("\\", "/"))


def read_article(html: str, url: str, profile: Profile | None):
    """Parse an article page with its profile; for a profile built from a family preset, whose selectors
    may miss a portal's own theme, fall back to generic extraction (a hand-written profile's miss means
    "no article here" and stays a ParseError)."""
    from ..errors import ParseError
    from ..parse.article import parse_article

    try:
        return parse_article(html, url, profile)
    except ParseError:
        if not is_effective(profile):
            raise
        return parse_article(html, url, None)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise ProfileError(f"cannot write {value!r} to a profile")


def dumps_toml(data: dict[str, Any], prefix: str = "") -> str:
    """TOML for a profile dict (scalars, lists, nested tables); the stdlib only reads TOML."""
    lines = [f"{_key(k)} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, dict) and v is not None]
    for k, v in data.items():
        if isinstance(v, dict):
            name = f"{prefix}{_key(k)}"
            lines += ["", f"[{name}]", dumps_toml(v, name + ".").rstrip("\n")]
    return "\n".join(line for line in lines) + "\n"


def _key(k: Any) -> str:
    k = str(k)
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else _toml_value(k)

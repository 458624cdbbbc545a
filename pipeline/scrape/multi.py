"""Collecting many portals in one run: ``vks run --all`` / ``--sites a,b``.

Concurrent across hosts, polite within each: one thread per host, each with its own Fetcher (one
connection, the delay and robots.txt of that host), so two portals never wait on each other and no portal
ever sees two requests from us at once. A portal that fails completely is reported and the others go on.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..config import Settings
from ..errors import ConfigError, VksError
from .crawl import ScrapeSummary
from .site import site_name

log = logging.getLogger(__name__)

MAX_THREADS = 16


@dataclass
class Target:
    name: str  # the site name: the registry host (an override changes where it is fetched, not its name)
    base_url: str


@dataclass
class SiteResult:
    target: Target
    summary: ScrapeSummary | None = None
    error: str | None = None

    @property
    def fell_short(self) -> bool:
        """The portal could not be collected, some pages failed, or discovery found no article at all (a
        robots.txt that forbids everything, a home page with nothing to follow)."""
        s = self.summary
        if self.error is not None or s is None or s.failed:
            return True
        return s.family is not None and s.articles_found == 0


def _field(entry: Any, name: str) -> Any:
    return entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)


def registry_targets(registry: Path | None = None) -> list[Target]:
    """Every portal in the registry (``pipeline/sites/registry.toml``, or the file ``registry``)."""
    try:
        from ..sites.registry import load_registry
    except ImportError as exc:
        raise ConfigError("no registry of portals in this installation (pipeline/sites/registry.toml)") from exc
    if registry is not None and not registry.is_file():
        raise ConfigError(f"{registry}: registry file not found")
    entries = load_registry(registry) if registry is not None else load_registry()
    entries = entries.values() if isinstance(entries, dict) else entries
    out = []
    for entry in entries:
        host = str(_field(entry, "host"))
        path = str(_field(entry, "path") or "").rstrip("/")
        out.append(Target(site_name(host), f"https://{host}{path}/"))
    return out


def parse_overrides(value: str | None) -> dict[str, str]:
    """``name=URL,name=URL``, or the path of a TOML file of ``name = "URL"`` lines (optionally under
    ``[base_urls]``): where to fetch a registry portal from instead (tests, mirrors)."""
    if not value:
        return {}
    path = Path(value)
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the base-URL overrides ({exc})") from exc
        data = data.get("base_urls", data)
        return {site_name(k): str(v) for k, v in data.items()}
    out = {}
    for item in filter(None, (p.strip() for p in value.split(","))):
        name, sep, url = item.partition("=")
        if not sep or urlsplit(url.strip()).scheme not in ("http", "https"):
            raise ConfigError(f"--base-url-map: {item!r} is not NAME=URL (e.g. vksdaklak.gov.vn=http://127.0.0.1:8001/)")
        out[site_name(name.strip())] = url.strip()
    return out


def select_targets(names: list[str] | None, overrides: dict[str, str], registry: Path | None = None) -> list[Target]:
    """The registry's portals (all when ``names`` is None, else the named ones; a name not in the registry
    is taken as a host), with their base URLs overridden where asked. With ``--all``, an override for a
    name the registry lacks adds that portal."""
    if names is None:
        targets = registry_targets(registry)
        targets += [Target(n, u) for n, u in overrides.items() if n not in {t.name for t in targets}]
    else:
        known = {t.name: t for t in _registry_or_empty(registry)}
        targets = [known.get(site_name(n)) or Target(site_name(n), f"https://{site_name(n)}/") for n in names]
    return [Target(t.name, overrides.get(t.name, t.base_url)) for t in targets]


def _registry_or_empty(registry: Path | None) -> list[Target]:
    try:
        return registry_targets(registry)
    except VksError:
        return []


def collect_many(targets: list[Target], settings: Settings, max_pages: int | None = None, refresh: bool = False,
                 done: Callable[[SiteResult], None] | None = None) -> list[SiteResult]:
    """Collect every target, one thread per host; returns one result per target, in the given order."""
    from .collect import collect

    by_host: dict[str, list[Target]] = {}
    for t in targets:
        by_host.setdefault(urlsplit(t.base_url).netloc.lower(), []).append(t)

    hand = hand_profiles()

    def one_host(group: list[Target]) -> list[SiteResult]:
        results = []
        for t in group:  # portals sharing a host are collected one after the other
            result = SiteResult(t)
            try:
                if t.name in hand:  # a hand-written profile knows the portal better than a preset
                    from ..sites import load_profile
                    from .crawl import scrape

                    profile = load_profile(hand[t.name], t.base_url)
                    result.summary = scrape(profile, settings, max_pages=max_pages, refresh=refresh)
                else:
                    result.summary = collect(t.base_url, settings, name=t.name, max_pages=max_pages,
                                             refresh=refresh)
            except VksError as exc:
                result.error = str(exc)
            except Exception as exc:  # one portal's bug must not stop the others; it is reported
                log.exception("collecting %s failed", t.name)
                result.error = f"{type(exc).__name__}: {exc}"
            if done:
                done(result)
            results.append(result)
        return results

    results: dict[str, SiteResult] = {}
    if by_host:
        with ThreadPoolExecutor(max_workers=min(len(by_host), MAX_THREADS), thread_name_prefix="vks-host") as pool:
            for group_results in pool.map(one_host, by_host.values()):
                for r in group_results:
                    results[r.target.name] = r
    return [results[t.name] for t in targets]


def hand_profiles() -> dict[str, str]:
    """Site name (host) -> name of the bundled or user profile written for that portal (``vkskh``)."""
    from ..sites import available, load_profile

    out = {}
    for name in available():
        try:
            profile = load_profile(name)
        except VksError:
            continue  # a broken user profile is reported when it is used by name, not here
        host = site_name(profile.base_url)
        if not host.startswith(("127.0.0.1", "localhost")):
            out.setdefault(host, name)
    return out


def format_table(results: list[SiteResult]) -> str:
    """The per-site summary: family, articles found / new, requests, failures."""
    rows = [("site", "family", "found", "new", "requests", "failed", "note")]
    for r in results:
        s = r.summary
        if s is None:
            rows.append((r.target.name, "-", "-", "-", "-", "-", (r.error or "")[:80]))
            continue
        note = s.stopped_early or ("; ".join(sorted({f"{x['kind']} {x['outcome']}" for x in s.skipped}))[:80])
        rows.append((r.target.name, s.family or "-", str(s.articles_found), str(s.new_articles), str(s.requests),
                     str(s.failed), note))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows)

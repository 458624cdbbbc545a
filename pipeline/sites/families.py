"""Which CMS family a portal runs, from a few fetched pages: the signals are data (``families.toml``).

``detect(pages)`` scores every family by the signals its pages show (generator meta, headers, cookies,
characteristic asset paths, the shapes of its links) and names the best one, or ``generic`` when none
reaches the minimum score. The evidence lines say what was seen where, for a person to check.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from ..errors import ProfileError

GENERIC = "generic"
WHERE = ("generator", "header", "cookie", "html", "asset", "link")
SOURCE = "pipeline/sites/families.toml"


class Page(NamedTuple):
    """One fetched page. ``headers`` may be a dict or a list of (name, value) pairs (repeated Set-Cookie)."""

    url: str
    status: int | None
    headers: Mapping[str, str] | list[tuple[str, str]]
    html: str


@dataclass(frozen=True)
class Signal:
    family: str
    where: str
    pattern: re.Pattern
    weight: float
    what: str


@dataclass
class Detection:
    family: str
    evidence: list[str] = field(default_factory=list)  # the named family's signals, strongest first
    scores: dict[str, float] = field(default_factory=dict)  # every family that showed a signal


@lru_cache(maxsize=1)
def signals() -> tuple[float, tuple[Signal, ...]]:
    """The minimum score and the signals of ``families.toml``, validated (read once per process)."""
    from . import presets

    text = resources.files(__package__).joinpath("families.toml").read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{SOURCE}: not valid TOML ({exc})") from exc
    min_score = data.pop("min_score", 3.0)
    known = set(presets())
    out: list[Signal] = []
    for family, items in data.items():
        if family not in known or not isinstance(items, list):
            raise ProfileError(f"{SOURCE}: {family!r} must be a list of signals of a preset family ({sorted(known)})")
        for i, item in enumerate(items):
            where = f"{SOURCE}: {family}[{i}]"
            if not isinstance(item, dict) or set(item) - {"where", "pattern", "weight", "what"}:
                raise ProfileError(f"{where} must be a table of where, pattern, weight, what")
            if item.get("where") not in WHERE:
                raise ProfileError(f"{where}: where must be one of {list(WHERE)}, got {item.get('where')!r}")
            try:
                pattern = re.compile(item.get("pattern", ""))
            except re.error as exc:
                raise ProfileError(f"{where}: pattern is not a valid regex ({exc})") from exc
            weight = item.get("weight", 1)
            if not isinstance(weight, int | float) or weight <= 0:
                raise ProfileError(f"{where}: weight must be a positive number")
            out.append(Signal(family, item["where"], pattern, float(weight), item.get("what") or pattern.pattern))
    return float(min_score), tuple(out)


def _header_pairs(headers: Mapping[str, str] | list[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(headers.items()) if isinstance(headers, Mapping) else list(headers)


def _cookie_names(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return [value.split("=", 1)[0].strip() for name, value in pairs if name.lower() == "set-cookie"]


def _features(page: Page) -> dict[str, list[str]]:
    """The strings each kind of signal is matched against, for one page."""
    pairs = _header_pairs(page.headers)
    soup = BeautifulSoup(page.html or "", "lxml")
    generators = [m.get("content", "") for m in soup.find_all("meta", attrs={"name": re.compile("^generator$", re.I)})]
    generators += [v for k, v in pairs if k.lower() == "x-generator"]
    assets = [el.get(attr, "") for el, attr in
              [(el, "src") for el in soup.find_all(["script", "img"], src=True)]
              + [(el, "href") for el in soup.find_all("link", href=True)]]
    host = urlsplit(page.url).netloc
    links = []
    for a in soup.find_all("a", href=True):
        href = a["href"].strip()
        if href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        parts = urlsplit(urljoin(page.url, href))
        if parts.netloc == host:
            links.append(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    asset_paths = [urlsplit(urljoin(page.url, a)).path or a for a in assets if a]
    return {
        "generator": [g.strip() for g in generators if g.strip()],
        "header": [f"{k}: {v}" for k, v in pairs],
        "cookie": _cookie_names(pairs),
        "html": [page.html or ""],
        "asset": asset_paths,
        "link": links,
    }


def _show(text: str, m: re.Match) -> str:
    if len(text) <= 160:
        return text
    start = max(0, m.start() - 20)
    return text[start: m.end() + 20].replace("\n", " ")


def detect(pages: Iterable[Page | tuple]) -> Detection:
    """Name the CMS family of the portal these pages come from, with the evidence and every score."""
    min_score, all_signals = signals()
    hits: dict[Signal, str] = {}
    for raw in pages:
        page = raw if isinstance(raw, Page) else Page(*raw)
        feats = _features(page)
        for sig in all_signals:
            if sig in hits:
                continue
            for text in feats[sig.where]:
                m = sig.pattern.search(text)
                if m:
                    hits[sig] = f"{sig.what}: {sig.where} {_show(text, m)!r} at {page.url}"
                    break
    scores: dict[str, float] = {}
    for sig in hits:
        scores[sig.family] = scores.get(sig.family, 0.0) + sig.weight
    order = [s.family for s in all_signals]
    ranked = sorted(scores, key=lambda f: (-scores[f], order.index(f)))
    if not ranked or scores[ranked[0]] < min_score:
        evidence = [f"no family reached the minimum score {min_score:g}"
                    + (f" (best: {ranked[0]} {scores[ranked[0]]:g})" if ranked else "")]
        return Detection(GENERIC, evidence, scores)
    best = ranked[0]
    mine = sorted((s for s in hits if s.family == best), key=lambda s: -s.weight)
    return Detection(best, [hits[s] for s in mine], scores)

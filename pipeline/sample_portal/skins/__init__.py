"""The sample portal in the dress of each CMS family of procuracy portals ("skins", see PORTALS.md).

Every skin serves the same sample articles with its family's URL shapes, markup, page chrome, feeds and
sitemaps, and its family's traps. ``truth(skin, base_url)`` says what a collector should find.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from .. import content
from ..content import SampleArticle
from .common import Request, Response

if TYPE_CHECKING:
    from ..server import Portal

_MODULES = ("vnpt", "nukeviet", "wordpress", "joomla", "sharepoint", "aspnet")
DEFAULT_SKIN = "vnpt"


@dataclass(frozen=True)
class Skin:
    """One family's dress. ``resolve`` answers a request; ``canonical`` is an article's one true path;
    ``dated`` says whether the skin shows an article's publication date anywhere (page, feed or API)."""

    name: str
    family: str
    resolve: Callable[[Request], Response]
    canonical: Callable[[SampleArticle], str]
    dated: Callable[[SampleArticle], bool]
    server_header: str = "Apache"


def skin_names() -> tuple[str, ...]:
    return _MODULES


def get_skin(name: str) -> Skin:
    """The skin called ``name``; ValueError naming the known skins otherwise."""
    if name not in _MODULES:
        raise ValueError(f"unknown sample portal skin {name!r}; choose one of: {', '.join(_MODULES)}")
    return import_module(f"{__name__}.{name}").SKIN


def served_articles(skin: str) -> tuple[SampleArticle, ...]:
    """The distinct articles a skin serves (every skin serves every sample article once)."""
    get_skin(skin)
    return content.articles()


def served_count(skin: str) -> int:
    return len(served_articles(skin))


def truth(skin: str, base_url: str) -> list[dict]:
    """What a collector should find on ``skin`` served at ``base_url``: one record per distinct article with
    its canonical ``url``, ``id``, ``title``, ``published`` (YYYY-MM-DD, None where the skin shows no date),
    ``lead``, ``body`` (paragraphs joined by blank lines), ``author`` and ``category`` (section name)."""
    sk = get_skin(skin)
    base = base_url.rstrip("/")
    return [
        {"url": base + sk.canonical(a), "id": a.id, "title": a.title,
         "published": a.published.isoformat() if sk.dated(a) else None,
         "lead": a.lead, "body": "\n\n".join(a.body), "author": a.author,
         "category": content.category(a.category).name}
        for a in served_articles(skin)
    ]


class SkinPortal:
    """A portal answering in one skin; keeps the request log the tests read."""

    def __init__(self, skin: str):
        self.skin = get_skin(skin)
        self.server_header = self.skin.server_header
        self.requests: list[tuple[str, int]] = []
        self._lock = threading.Lock()

    def log(self, path: str, status: int) -> None:
        with self._lock:
            self.requests.append((path, status))

    def answer(self, method: str, path: str, query: str, form: dict[str, str], host: str) -> Response:
        req = Request(path=path, query=dict(parse_qsl(query, keep_blank_values=True)), base=f"http://{host}",
                      method=method, form=form)
        return self.skin.resolve(req)


def make_portal(skin: str = DEFAULT_SKIN, edited: bool = False) -> Portal | SkinPortal:
    """A portal for ``skin``: the vkskh-shaped ``Portal`` for ``vnpt`` (``edited`` applies to it only)."""
    get_skin(skin)
    if skin == "vnpt":
        from ..server import Portal

        return Portal(edited=edited)
    return SkinPortal(skin)

"""Does a page hold one article? Signals the page itself gives (facts: PORTALS.md "Generic signals").

- ``og:type=article`` (NukeViet when OpenGraph is on; not WordPress core);
- JSON-LD ``NewsArticle``/``Article``/``BlogPosting`` (Joomla 5, plugins) — not the Organization block
  NukeViet puts in every head;
- schema.org microdata: NukeViet's ``NewsArticle``, Joomla 3's ``Article`` — exactly one (a category blog
  lists many);
- exactly one ``<article>`` element (WordPress themes, Drupal 8+; a listing has many);
- a WordPress ``?p=N`` shortlink (posts only; pages get ``?page_id=N``).
``rel=canonical`` and the shortlink are returned for the caller to key the article by.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bs4 import BeautifulSoup

ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "reportagenewsarticle", "report", "analysisnewsarticle"}
_WP_POST_SHORTLINK = re.compile(r"[?&]p=\d+(?:$|&)")


def _jsonld_types(soup: BeautifulSoup) -> list[str]:
    types: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            t = node.get("@type")
            for one in t if isinstance(t, list) else [t]:
                if isinstance(one, str):
                    types.append(one)
            if "@graph" in node:
                walk(node["@graph"])

    for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
        try:
            walk(json.loads(script.string or ""))
        except (ValueError, TypeError):
            continue  # a broken JSON-LD block says nothing
    return types


def _link(soup: BeautifulSoup, rel: str) -> str | None:
    for el in soup.find_all("link", href=True):
        if rel in [r.lower() for r in (el.get("rel") or [])]:
            return el["href"].strip() or None
    return None


def article_signals(html: str | BeautifulSoup) -> dict[str, Any]:
    """What the page says about itself: og:type, JSON-LD and microdata types, <article> count, canonical,
    shortlink, and the count of article-ish microdata items."""
    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html or "", "lxml")
    og = soup.find("meta", attrs={"property": "og:type"})
    microdata = [el.get("itemtype", "").rstrip("/").rsplit("/", 1)[-1] for el in soup.find_all(attrs={"itemtype": True})]
    return {
        "og_type": (og.get("content") or "").strip().lower() if og else None,
        "jsonld_types": _jsonld_types(soup),
        "microdata_types": microdata,
        "microdata_articles": sum(1 for t in microdata if t.lower() in ARTICLE_TYPES),
        "article_elements": len(soup.find_all("article")),
        "canonical": _link(soup, "canonical"),
        "shortlink": _link(soup, "shortlink"),
    }


def looks_like_article(html: str | BeautifulSoup) -> bool:
    """True when the page declares itself one article (see the module doc for the signals)."""
    s = article_signals(html)
    if s["og_type"] == "article":
        return True
    if any(t.lower() in ARTICLE_TYPES for t in s["jsonld_types"]):
        return True
    if s["microdata_articles"] == 1 or s["article_elements"] == 1:
        return True
    return bool(s["shortlink"] and _WP_POST_SHORTLINK.search(s["shortlink"]))

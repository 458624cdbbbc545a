"""The sample portal's articles (original writing, kept as data with their type and gold entities)."""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources

ENTITY_TYPES = ("DOCREF", "DATE", "UNIT", "PERSON", "LAW")


@dataclass(frozen=True)
class Category:
    key: str
    id: int
    name: str
    slug: str


@dataclass(frozen=True)
class SampleArticle:
    id: int
    category: str
    also_in: tuple[str, ...]
    type: str
    published: date
    date_display: str  # printed | meta | text | none
    title: str
    lead: str
    body: tuple[str, ...]
    images: tuple[dict, ...]
    caption_repeats_title: bool
    author: str
    entities: dict[str, list[str]]
    revision: dict | None = field(default=None, hash=False)

    @property
    def slug(self) -> str:
        return slugify(self.title)

    def revised(self) -> SampleArticle:
        """The edited version of this article (itself when it has no revision)."""
        if not self.revision:
            return self
        from dataclasses import replace

        return replace(
            self,
            title=self.revision.get("title", self.title),
            lead=self.revision.get("lead", self.lead),
            body=tuple(self.revision.get("body", self.body)),
            revision=None,
        )

    @property
    def text(self) -> str:
        """Title, lead, body and byline as one text: what the pipeline's NLP runs on."""
        return "\n\n".join([self.title, self.lead, *self.body, self.author])


def published_at(a: SampleArticle) -> datetime:
    """The article's publication time: its date with a deterministic time of day, so pages are stable."""
    return datetime(a.published.year, a.published.month, a.published.day, 7 + a.id % 10, (a.id * 7) % 60)


def edited_at(a: SampleArticle) -> datetime:
    """When the portal's editors last touched the article: always days after publication."""
    return published_at(a) + timedelta(days=2 + a.id % 19, hours=1 + a.id % 5, minutes=a.id % 13)


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:90].rstrip("-")


@cache
def settings() -> dict:
    return tomllib.loads(resources.files(__package__).joinpath("portal.toml").read_text(encoding="utf-8"))


@cache
def categories() -> tuple[Category, ...]:
    return tuple(Category(c["key"], int(c["id"]), c["name"], slugify(c["name"])) for c in settings()["categories"])


def category(key: str) -> Category:
    for c in categories():
        if c.key == key:
            return c
    raise KeyError(f"unknown sample category {key!r}")


def _load(data: dict) -> SampleArticle:
    return SampleArticle(
        id=int(data["id"]),
        category=data["category"],
        also_in=tuple(data.get("also_in") or ()),
        type=data["type"],
        published=date.fromisoformat(data["published"]),
        date_display=data.get("date_display", "printed"),
        title=data["title"].strip(),
        lead=data["lead"].strip(),
        body=tuple(p.strip() for p in data["body"] if p.strip()),
        images=tuple(data.get("images") or ()),
        caption_repeats_title=bool(data.get("caption_repeats_title")),
        author=data["author"].strip(),
        entities={t: list(data.get("entities", {}).get(t, [])) for t in ENTITY_TYPES},
        revision=data.get("revision"),
    )


@cache
def articles() -> tuple[SampleArticle, ...]:
    """All sample articles, newest first."""
    folder = resources.files(__package__).joinpath("articles")
    items = [_load(json.loads(f.read_text(encoding="utf-8"))) for f in folder.iterdir() if f.name.endswith(".json")]
    return tuple(sorted(items, key=lambda a: (a.published, a.id), reverse=True))


def article(article_id: int) -> SampleArticle:
    for a in articles():
        if a.id == article_id:
            return a
    raise KeyError(article_id)


def gold_records() -> list[dict]:
    """The sample articles in the gold format of ``vks evaluate`` (text = title, lead, body, byline)."""
    owner = settings()["owner"]
    return [
        {"id": f"sample-{a.id}", "url": None, "site": "sample", "published": a.published, "owner": owner,
         "text": a.text, "article_type": a.type, "entities": {t: list(a.entities[t]) for t in ENTITY_TYPES}}
        for a in articles()
    ]

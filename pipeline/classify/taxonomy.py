"""The article types as data (taxonomy.toml): codes, names, keyword cues."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class ArticleType:
    code: str
    name: str
    cues: tuple[tuple[str, float], ...]


@cache
def types() -> tuple[ArticleType, ...]:
    data = tomllib.loads(resources.files(__package__).joinpath("taxonomy.toml").read_text(encoding="utf-8"))
    return tuple(ArticleType(t["code"], t["name"], tuple((k, float(v)) for k, v in t.get("cues", {}).items()))
                 for t in data["types"])


def codes() -> tuple[str, ...]:
    return tuple(t.code for t in types())


def name_of(code: str) -> str:
    for t in types():
        if t.code == code:
            return t.name
    raise KeyError(f"unknown article type {code!r}; known: {', '.join(codes())}")

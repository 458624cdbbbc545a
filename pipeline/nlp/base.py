"""What every entity extractor shares: the Entity record, the Context, and span bookkeeping."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

ENTITY_TYPES = ("DOCREF", "DATE", "UNIT", "PERSON", "LAW")


@dataclass(frozen=True)
class Context:
    """What an extractor may know besides the text."""

    published: date | None = None
    site: str | None = None
    owner: str | None = None  # the unit that publishes the portal, e.g. "Viện kiểm sát nhân dân tỉnh Khánh Hòa"


@dataclass
class Entity:
    type: str
    text: str  # as written: text[start:end]
    value: str  # normalised (ENTITIES.md)
    start: int
    end: int
    sentence: int = 0
    method: str = "rule"
    attrs: dict[str, Any] = field(default_factory=dict)


class Spans:
    """Character ranges already claimed by an earlier extractor (a date inside a document number is none)."""

    def __init__(self, spans: list[tuple[int, int]] | None = None):
        self._spans = sorted(spans or [])

    def add(self, start: int, end: int) -> None:
        self._spans.append((start, end))
        self._spans.sort()

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self._spans)

    @classmethod
    def of(cls, entities: list[Entity]) -> Spans:
        return cls([(e.start, e.end) for e in entities])

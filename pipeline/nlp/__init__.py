"""The NLP stage: underthesea tokenisation and the entity extractors (one module per entity kind).

``annotate(text, context)`` returns the sentences with their tokens and the entities found, each entity with
offsets into ``text``. Extractors are plain functions ``(text, context) -> list[Entity]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .tokenize import Sentence, sentence_index, tokenize


@dataclass(frozen=True)
class Context:
    """What an extractor may know besides the text."""

    published: date | None = None
    site: str | None = None
    owner: str | None = None  # the unit that publishes the portal


@dataclass
class Entity:
    type: str
    text: str
    value: str
    start: int
    end: int
    sentence: int = 0
    method: str = "rule"
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Annotation:
    sentences: list[Sentence]
    entities: list[Entity]


def extract_entities(text: str, context: Context, spans: list[tuple[int, int]] | None = None) -> list[Entity]:
    """All entities of ``text``. Entity extractors arrive with the entity-extraction work; none yet."""
    entities: list[Entity] = []
    if spans:
        for ent in entities:
            ent.sentence = sentence_index(spans, ent.start)
    return entities


def annotate(text: str, context: Context | None = None) -> Annotation:
    context = context or Context()
    sentences = tokenize(text)
    spans = [(s.start, s.end) for s in sentences]
    return Annotation(sentences, extract_entities(text, context, spans))


__all__ = ["Annotation", "Context", "Entity", "annotate", "extract_entities", "tokenize"]

"""The NLP stage: underthesea tokenisation and the entity extractors (one module per entity kind).

``annotate(text, context)`` returns the sentences with their tokens and the entities found, each entity with
offsets into ``text``. Extractors are plain functions ``(text, context) -> list[Entity]``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import ENTITY_TYPES, Context, Entity, Spans
from .tokenize import Sentence, sentence_index, tokenize


@dataclass
class Annotation:
    sentences: list[Sentence]
    entities: list[Entity]


def extract_entities(text: str, context: Context, spans: list[tuple[int, int]] | None = None) -> list[Entity]:
    """All entities of ``text`` (already normalised), in text order.

    Order matters: document numbers are found first on the raw text, so that ``02/2024`` inside
    ``02/2024/TT-BTP`` is never a date; each later extractor sees what the earlier ones claimed.
    """
    from . import dates, docrefs, laws, persons, unit_open, unit_parser

    entities: list[Entity] = []
    for extractor in (docrefs.extract, dates.extract, laws.extract, unit_parser.extract, unit_open.extract):
        entities.extend(extractor(text, context, entities))
    # a unit the grammar read alone and an open-class name then took as its parent is one mention
    entities = unit_open.fold_parents(entities)
    entities.extend(persons.extract(text, context, entities))
    entities.sort(key=lambda e: (e.start, e.end, e.type))
    if spans:
        for ent in entities:
            ent.sentence = sentence_index(spans, ent.start)
    return entities


def annotate(text: str, context: Context | None = None) -> Annotation:
    context = context or Context()
    sentences = tokenize(text)
    spans = [(s.start, s.end) for s in sentences]
    return Annotation(sentences, extract_entities(text, context, spans))


__all__ = ["ENTITY_TYPES", "Annotation", "Context", "Entity", "Spans", "annotate", "extract_entities", "tokenize"]

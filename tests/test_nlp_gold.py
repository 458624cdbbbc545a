"""The evaluation gate: entity extraction scored on gold written by hand from ENTITIES.md.

Two gold sets, both the project's own text:
- ``sample``: the sample portal's 90 articles and their gold;
- ``classes``: ``tests/data/entity_gold.jsonl``, short articles written for the gate, one or more sentences
  per class of phrasing (unit classes, document-number shapes, resolution), gold written from ENTITIES.md
  before the extractor was run on them.

Gold is never edited to match the output. Each floor sits within .03 of what the gate measures, so a
regression of one extractor fails it; ``test_the_gate_fails_when_an_extractor_is_switched_off`` shows that.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import EntityScores, load_gold, predict_entities
from pipeline.nlp import dates, docrefs, laws, persons, unit_open, unit_parser
from pipeline.sample_portal.content import gold_records

CLASSES = Path(__file__).parent / "data" / "entity_gold.jsonl"

# measured (sample / classes): DOCREF 1.000 / 1.000, DATE 1.000 / 1.000, UNIT 1.000 / 1.000,
# PERSON 1.000 / .952, LAW 1.000 / 1.000, micro 1.000 / .993
FLOORS = {
    "sample": {"DOCREF": 0.97, "DATE": 0.97, "UNIT": 0.97, "PERSON": 0.97, "LAW": 0.97, "micro": 0.97},
    "classes": {"DOCREF": 0.97, "DATE": 0.97, "UNIT": 0.97, "PERSON": 0.93, "LAW": 0.97, "micro": 0.97},
}
# the extractor functions behind each entity type (the UNIT grammar and its open classes)
EXTRACTORS = {"DOCREF": [docrefs], "DATE": [dates], "LAW": [laws], "UNIT": [unit_parser, unit_open],
              "PERSON": [persons]}


def records(name: str) -> list[dict]:
    if name == "sample":
        return gold_records()
    return load_gold(CLASSES)


def score(name: str) -> dict:
    s = EntityScores()
    for rec in records(name):
        s.add(predict_entities(rec), rec["entities"])
    return s.to_dict()


def failures(name: str, got: dict) -> list[str]:
    return [t for t, floor in FLOORS[name].items() if got[t]["f1"] < floor]


@pytest.fixture(scope="module", params=list(FLOORS))
def gate(request) -> tuple[str, dict]:
    return request.param, score(request.param)


def test_f1_stays_above_its_floor(gate):
    name, got = gate
    assert all(got[t]["support"] > 0 for t in FLOORS[name])
    assert failures(name, got) == [], {t: got[t] for t in failures(name, got)}


def test_the_gate_covers_every_entity_type(gate):
    name, got = gate
    assert set(FLOORS[name]) == set(got)


@pytest.mark.parametrize("entity_type", list(EXTRACTORS))
def test_the_gate_fails_when_an_extractor_is_switched_off(monkeypatch, entity_type):
    for module in EXTRACTORS[entity_type]:
        monkeypatch.setattr(module, "extract", lambda text, context, found: [])
    for name in FLOORS:
        assert entity_type in failures(name, score(name)), f"{name}: the gate did not see {entity_type} go"


def test_the_class_gold_is_hand_written_for_every_type():
    gold = records("classes")
    assert len(gold) >= 12
    for t in EXTRACTORS:
        assert sum(len(r["entities"][t]) for r in gold) >= 3, t

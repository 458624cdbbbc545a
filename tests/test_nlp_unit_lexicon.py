"""The UNIT lexicon data file and the modules that read it: checked, read lazily, names importable."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import resources

import pytest

from pipeline.nlp import unit_lexicon, unit_parser
from pipeline.nlp.places import Place, parse_place
from pipeline.nlp.unit_lexicon import CENTRAL_UNITS, DEPARTMENT_NAMES, LexiconError, checked
from pipeline.nlp.units_table import slug, unit_id, units_table

from .conftest import ROOT, clean_env


def raw() -> dict:
    return tomllib.loads(resources.files("pipeline.nlp").joinpath("data", "unit_lexicon.toml").read_text("utf-8"))


def test_public_names_are_read_from_the_data_file():
    assert CENTRAL_UNITS["Bộ Chính trị"] == "party" and "Tổ chức cán bộ" in DEPARTMENT_NAMES
    assert parse_place("tỉnh Khánh Hòa", 0) == Place("tỉnh", "Khánh Hòa", 0, 14, True)
    assert slug("Viện kiểm sát nhân dân") == unit_id("Viện kiểm sát nhân dân") == "vien-kiem-sat-nhan-dan"
    assert callable(units_table) and callable(unit_parser.extract)
    with pytest.raises(AttributeError):
        unit_lexicon.NO_SUCH_NAME  # noqa: B018


def test_every_handler_of_the_data_file_has_a_reader():
    assert set(unit_parser.HANDLERS) == unit_lexicon.HANDLERS
    assert {h.handler for _rx, h in unit_lexicon.head_table().heads} <= set(unit_parser.HANDLERS)


@pytest.mark.parametrize(("change", "message"), [
    ({"handler": "no_such_reader"}, "known handler"),
    ({"kind": "club"}, "known kind"),
    ({"regex": "front"}, "either a regex or phrases"),
    ({"spelling": ["X"]}, "unknown keys"),
])
def test_a_wrong_head_is_refused_with_what_is_wrong(change, message):
    data = raw()
    data["head"][0] = {**data["head"][0], **change}
    with pytest.raises(LexiconError, match=message):
        checked(data)


def test_a_regex_head_names_a_regex_of_the_code():
    data = raw()
    data["head"][0] = {"canonical": "X", "handler": "sub", "kind": "other", "regex": "no_such_regex"}
    with pytest.raises(LexiconError, match="no regex"):
        checked(data)


def test_nothing_is_read_or_compiled_at_import():
    code = ("import pipeline.nlp.unit_parser as p, pipeline.nlp.unit_lexicon as l, pipeline.nlp.places as g; "
            "print(l.lexicon.cache_info().currsize, l.head_table.cache_info().currsize, "
            "g.gazetteer.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean_env(), capture_output=True,
                         text=True, check=True)
    assert out.stdout.split() == ["0", "0", "0"]

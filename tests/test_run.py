"""Orchestration lives in pipeline/run.py: the CLI and the demo call it, it checks its targets itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pipeline import run
from pipeline.config import load_settings
from pipeline.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_the_cli_and_the_demo_leave_the_pipeline_to_run_py():
    cli, demo = imported(ROOT / "pipeline" / "cli.py"), imported(ROOT / "pipeline" / "demo.py")
    # the stages themselves are run.py's business
    for stage in (".process", ".scrape", ".scrape.collect", ".classify.corpus", ".lock"):
        assert stage not in cli, f"cli.py imports {stage}: orchestration belongs in pipeline/run.py"
    assert ".cli" not in demo and ".run" in demo


@pytest.mark.parametrize("targets", [{}, {"site": "sample", "url": "http://127.0.0.1:1/"},
                                     {"all_sites": True, "sites": "a,b"}])
def test_a_run_needs_exactly_one_target(tmp_path, targets):
    with pytest.raises(ConfigError, match="exactly one of"):
        run.collect(load_settings(data_dir=tmp_path), "run", **targets)
    assert not (tmp_path / "raw").exists()  # refused before anything was touched


def test_a_base_url_map_goes_with_a_registry_run(tmp_path):
    with pytest.raises(ConfigError, match="--all or --sites"):
        run.collect(load_settings(data_dir=tmp_path), "scrape", site="sample", base_url_map="a=http://x/")


def test_training_needs_two_types(tmp_path):
    from pipeline.errors import VksError

    with pytest.raises(VksError, match="two types"):
        run.training_examples(load_settings(data_dir=tmp_path), no_project=True)

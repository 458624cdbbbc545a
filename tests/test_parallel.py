"""`vks process --workers 2` (a real Dask LocalCluster, two worker processes) gives the very tables of the
serial run, row for row."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from pipeline import dataset
from pipeline.process import process

from .conftest import settings_for
from .test_interrupt import comparable_tables


@pytest.fixture(scope="module")
def parallel_run(demo_data, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("parallel") / "data"
    shutil.copytree(demo_data / "raw", data_dir / "raw")
    summary = process(settings_for(data_dir, workers=2, batch_size=40))
    return data_dir, summary


@pytest.mark.slow
def test_two_workers_give_the_tables_of_the_serial_run(demo_data, parallel_run):
    data_dir, summary = parallel_run
    assert summary.parsed == 90
    want, got = comparable_tables(demo_data), comparable_tables(data_dir)
    for name in ("articles", "tokens", "entities"):
        assert len(got[name]) == len(want[name]) > 0
        pd.testing.assert_frame_equal(got[name], want[name], check_like=True, obj=name)


@pytest.mark.slow
def test_the_parallel_run_is_committed_in_batches_and_queryable(parallel_run):
    data_dir, _ = parallel_run
    # 90 articles in batches of 40: three commits of articles after the table's creation
    history = [h for h in _history(data_dir, "articles") if h.get("vks.operation") == "replace"]
    assert len(history) == 3
    n = dataset.query("SELECT count(*) AS n FROM articles", data_dir)["n"].iloc[0]
    assert n == 90


def _history(data_dir, name: str) -> list[dict]:
    from deltalake import DeltaTable

    return DeltaTable(str(dataset.table_path(name, data_dir))).history()


def test_a_worker_reuses_a_model_with_the_same_bytes_and_loads_a_changed_one(tmp_path, monkeypatch):
    from pipeline import parallel

    monkeypatch.setattr(parallel, "_LOADED", {})
    loads = []

    def load_model(path):
        loads.append(path)
        return (f"model from {path.name}", {})

    a, b = tmp_path / "a.skops", tmp_path / "b.skops"
    a.write_bytes(b"same bytes")
    b.write_bytes(b"same bytes")  # another run's data directory, the same model
    first = parallel._verified_model(a, load_model, lambda p: "id")
    assert parallel._verified_model(b, load_model, lambda p: "id") == first
    assert loads == [a]
    b.write_bytes(b"a retrained model")
    assert parallel._verified_model(b, load_model, lambda p: "id")[0] == "model from b.skops"
    assert loads == [a, b]

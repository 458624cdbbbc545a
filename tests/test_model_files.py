"""Model files can't run code: skops with an explicit list of trusted types; a pickle (whatever its name,
even with a matching manifest) or a file holding an unknown type is refused with the way to retrain; no
pickle is loaded anywhere; a missing model is trained with a notice, never silently."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import pickle
from pathlib import Path

import pytest
import skops.io as sio
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from pipeline.classify import ModelError, load_model, model_path, train_and_save
from pipeline.classify.corpus import Example
from pipeline.classify.model import TRUSTED_TYPES, save_model

from .conftest import ROOT, vks

TINY = [Example("phiên tòa xét xử bị cáo " * 20, "kiem_sat", "t"), Example("hội nghị tổng kết " * 20, "hoi_nghi", "t")] * 3


def write_with_manifest(path: Path, blob: bytes) -> None:
    """A model file plus the manifest an attacker would write beside it (the checksum proves nothing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(blob)
    manifest = {"format": 2, "sha256": hashlib.sha256(blob).hexdigest(), "kind": "custom"}
    path.with_name(path.name + ".json").write_text(json.dumps(manifest), encoding="utf-8")


class Payload:
    """Unpickling this creates a marker file: proof that the file's code ran."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_crafted_pickle_renamed_as_the_model_is_refused_unread(tmp_path):
    marker = tmp_path / "code-ran"
    path = model_path(tmp_path / "data")
    write_with_manifest(path, pickle.dumps(Payload(marker)))
    with pytest.raises(ModelError, match=r"a pickle.*refused unread.*vks classify train"):
        load_model(path)
    out = vks("classify", "predict", "--text", "phiên tòa", "--data-dir", str(tmp_path / "data"), check=False)
    assert out.returncode == 3, out.stderr
    assert "a pickle" in out.stderr and "`vks classify train`" in out.stderr
    assert not marker.exists()
    pickle.loads(path.read_bytes())  # the payload is real: unpickled, it runs
    assert marker.exists()


def test_a_skops_file_with_an_unknown_type_is_refused(tmp_path):
    # a FunctionTransformer calling os.system: skops stores the function by name; building it would call it
    hostile = Pipeline([("run", FunctionTransformer(os.system))])
    path = model_path(tmp_path)
    write_with_manifest(path, sio.dumps(hostile))
    with pytest.raises(ModelError, match=r"types vks does not trust \((posix|os)\.system\).*vks classify train"):
        load_model(path)


def test_a_model_with_a_type_outside_the_list_is_not_saved(tmp_path):
    with pytest.raises(ModelError, match="TRUSTED_TYPES"):
        save_model(Pipeline([("run", FunctionTransformer(os.getcwd))]), tmp_path / "m.skops", {})
    assert not (tmp_path / "m.skops").exists()


def test_a_saved_model_is_skops_and_names_the_types_it_needed(tmp_path):
    pipe, saved = train_and_save(TINY, model_path(tmp_path), "custom")
    assert saved.path.read_bytes()[:2] == b"PK"  # a zip (skops), not a pickle
    assert set(saved.manifest["trusted_types"]) <= set(TRUSTED_TYPES)
    assert "pipeline.classify.features.CueScores" in saved.manifest["trusted_types"]
    loaded, _ = load_model(saved.path)
    texts = ["phiên tòa xét xử bị cáo", "hội nghị tổng kết"]
    assert (loaded.predict_proba(texts) == pipe.predict_proba(texts)).all()


def test_an_old_pickle_model_is_pointed_out_and_replaced_with_a_notice(tmp_path):
    data = tmp_path / "data"
    old = data / "models" / "article_types.pkl"
    old.parent.mkdir(parents=True)
    old.write_bytes(pickle.dumps({"not": "loaded"}))
    out = vks("classify", "predict", "--text", "Hội nghị tổng kết công tác năm", "--data-dir", str(data))
    assert "article_types.pkl is a pickle, which vks no longer loads" in out.stderr
    assert "default model" in out.stderr  # trained, or copied from the session's cache: said either way
    assert model_path(data).exists() and old.read_bytes() == pickle.dumps({"not": "loaded"})
    again = vks("classify", "predict", "--text", "Hội nghị tổng kết công tác năm", "--data-dir", str(data))
    assert again.stderr == ""  # once there, the model is used without a word


UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "joblib", "shelve", "marshal"}


def unsafe_loads(source: str) -> list[str]:
    """Imports of modules that unpickle, ``read_pickle`` calls, ``allow_pickle=True`` and ``trusted=True``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in UNSAFE_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in UNSAFE_MODULES:
            found.append(node.module)
        elif isinstance(node, ast.Attribute) and node.attr in ("read_pickle", "load_pickle"):
            found.append(node.attr)
        elif (isinstance(node, ast.keyword) and node.arg in ("allow_pickle", "trusted")
              and isinstance(node.value, ast.Constant) and node.value.value is True):
            found.append(f"{node.arg}=True")
    return found


def test_no_pickle_is_loaded_anywhere_in_the_package():
    hits = {str(p.relative_to(ROOT)): found for p in sorted((ROOT / "pipeline").rglob("*.py"))
            if (found := unsafe_loads(p.read_text(encoding="utf-8")))}
    assert hits == {}


def test_the_pickle_scan_finds_what_it_looks_for():
    # the scan above can fail: each of these lines alone is caught
    for line in ("import pickle", "from joblib import load", "import pandas as pd\npd.read_pickle('x')",
                 "np.load('x', allow_pickle=True)", "skops.io.load('x', trusted=True)"):
        assert unsafe_loads(line), line
    assert unsafe_loads("x = 'a pickle can run code'") == []

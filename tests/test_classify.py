"""The article-type classifier: estimator contract, reproducible training, verified model files,
cross-validated quality on the project's own labelled data, and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.utils.estimator_checks import parametrize_with_checks

from pipeline.classify import ModelError, default_model, load_model, model_path, predict, train_and_save
from pipeline.classify.corpus import Example, project_examples, read_labelled
from pipeline.classify.features import CueScores, GenreScores
from pipeline.classify.model import build_pipeline
from pipeline.classify.taxonomy import codes
from pipeline.classify.weak import keyword_label, keyword_rule, section_label

from .conftest import ROOT, vks

# 5-fold cross-validation on the project's own labelled data (494 examples). Measured on 2026-12-05 with
# scikit-learn 1.9.1: accuracy 0.9737, macro-F1 0.9779. The floors sit within .03 below what is measured,
# so a real regression fails; they only move up, on purpose (measure again and raise them when it improves).
CV_FLOORS = {"accuracy": 0.95, "macro_f1": 0.95}


@parametrize_with_checks([CueScores(), GenreScores()])
def test_cue_transformer_contract(estimator, check):
    # the transformer declares text input, so scikit-learn runs the checks that apply to it
    check(estimator)


def test_cue_scores_learn_only_in_fit():
    est = CueScores()
    assert not hasattr(est, "types_")
    assert est.fit(["phiên tòa xét xử bị cáo"]) is est
    assert est.types_ == list(codes())
    X = est.transform(["Phiên tòa xét xử bị cáo về tội lừa đảo", "Hội nghị tổng kết công tác năm"])
    names = list(est.get_feature_names_out())
    assert X.shape == (2, 2 * len(codes()))
    assert X[0, names.index("cue_kiem_sat")] > X[0, names.index("cue_hoi_nghi")]
    assert X[1, names.index("cue_hoi_nghi")] > X[1, names.index("cue_kiem_sat")]
    assert build_pipeline().get_params()["clf__estimator__C"] == 0.5  # hyper-parameters stored untouched
    with pytest.raises(ValueError, match="iterable of texts"):
        est.transform([[1.0, 2.0]])


def test_weak_labels():
    assert keyword_label("Tòa án xét xử bị cáo, Viện kiểm sát truy tố bị can về tội lừa đảo chiếm đoạt tài sản") == "kiem_sat"
    assert keyword_label("Hôm nay trời đẹp") is None  # abstains
    assert keyword_rule("Hôm nay trời đẹp") == "khac"
    assert section_label("Thi đua - Khen thưởng", {"Thi đua - Khen thưởng": "thi_dua"}) == "thi_dua"
    assert section_label("Tin hoạt động", {"Thi đua - Khen thưởng": "thi_dua"}) is None


def test_project_data_covers_every_type():
    examples = project_examples()
    assert {e.label for e in examples} == set(codes())
    assert all(len(e.text) > 200 for e in examples)


def _train_in_subprocess(path, seed: str) -> bytes:
    code = ("import sys; from pathlib import Path; from pipeline.classify import train_and_save; "
            "from pipeline.classify.corpus import project_examples; "
            "train_and_save(project_examples(), Path(sys.argv[1]), 'default')")
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, cwd=ROOT, env=env)
    return path.read_bytes()


@pytest.mark.slow
def test_training_twice_gives_the_same_model_bit_for_bit(tmp_path):
    a = _train_in_subprocess(tmp_path / "a.skops", "1")
    b = _train_in_subprocess(tmp_path / "b.skops", "2")
    assert a == b
    out = vks("classify", "train", "--data-dir", str(tmp_path / "data"))
    assert "trained the default model" in out.stdout
    assert (tmp_path / "data" / "models" / "article_types.skops").read_bytes() == a


def test_a_tampered_model_is_refused(tmp_path):
    examples = [Example("phiên tòa xét xử bị cáo " * 20, "kiem_sat", "t"), Example("hội nghị tổng kết " * 20, "hoi_nghi", "t")] * 3
    path = model_path(tmp_path)
    train_and_save(examples, path, "custom")
    load_model(path)  # verified: loads
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(ModelError, match="does not match the manifest"):
        load_model(path)
    with pytest.raises(ModelError, match="refused"):
        default_model(tmp_path)  # never silently replaced either
    out = vks("classify", "predict", "--text", "phiên tòa", "--data-dir", str(tmp_path), check=False)
    assert out.returncode == 3 and "does not match the manifest" in out.stderr


def cv_scores(make_pipeline) -> dict[str, float]:
    """Accuracy and macro-F1 of a pipeline under the gate's 5-fold cross-validation."""
    examples = project_examples()
    X, y = [e.text for e in examples], [e.label for e in examples]
    pred = cross_val_predict(make_pipeline(), X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0))
    return {"accuracy": accuracy_score(y, pred), "macro_f1": f1_score(y, pred, average="macro")}


def check_floors(scores: dict[str, float]) -> None:
    for name, floor in CV_FLOORS.items():
        assert scores[name] >= floor, f"{name} {scores[name]:.4f} is below its floor {floor} (measured: {scores})"


@pytest.mark.slow
def test_cross_validation_on_project_data_stays_above_its_floor():
    check_floors(cv_scores(build_pipeline))


def test_the_floors_fail_a_broken_pipeline():
    # the gate can fail: the model with its text features switched off (only the genre-marker rates are
    # left, a cheap stand-in for a broken feature union) falls below the floors
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    def broken():
        return Pipeline([("genre", GenreScores()), ("clf", LinearSVC(class_weight="balanced", random_state=0))])

    scores = cv_scores(broken)
    with pytest.raises(AssertionError, match="is below its floor"):
        check_floors(scores)


def test_train_on_a_labelled_review_file(tmp_path):
    csv_path = tmp_path / "review.csv"
    csv_path.write_text(
        "article_id,title,label,text\n"
        "a,Xét xử,kiem_sat,\"Tòa án xét xử bị cáo về tội trộm cắp tài sản, Kiểm sát viên giữ quyền công tố.\"\n"
        "b,Tập huấn,dao_tao,\"Lớp tập huấn kỹ năng xét hỏi cho kiểm sát viên được khai giảng.\"\n"
        "c,,,\"chưa gán nhãn\"\n", encoding="utf-8")
    assert [e.label for e in read_labelled(csv_path)] == ["kiem_sat", "dao_tao"]
    out = vks("classify", "train", "--data", str(csv_path), "--data-dir", str(tmp_path / "d"))
    assert "custom model" in out.stdout and "'file:review.csv': 2" in out.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\nabc,unknown_type\n", encoding="utf-8")
    out = vks("classify", "train", "--data", str(bad), "--data-dir", str(tmp_path / "d"), check=False)
    assert out.returncode == 2 and "unknown type 'unknown_type'" in out.stderr


@pytest.mark.slow
def test_process_types_articles_and_review_lists_the_least_confident(demo_data, tmp_path):
    import pipeline

    articles = pipeline.load("articles", demo_data)
    assert articles["article_type"].isin(codes()).all()
    assert articles["type_score"].between(0, 1).all()
    out_csv = tmp_path / "review.csv"
    vks("classify", "review", "--out", str(out_csv), "-n", "7", "--data-dir", str(demo_data))
    import pandas as pd

    review = pd.read_csv(out_csv)
    assert len(review) == 7
    assert review["score_1"].is_monotonic_increasing
    assert review["score_1"].max() <= articles["type_score"].sort_values().iloc[6] + 1e-4  # rounded to 4 places
    assert (review["type_1"] != review["type_2"]).all()
    preds = json.loads(vks("classify", "predict", "--json", "--data-dir", str(demo_data)).stdout)
    assert {p["article_id"]: p["article_type"] for p in preds} == dict(zip(articles["article_id"], articles["article_type"], strict=True))


def test_predict_returns_top_two():
    examples = project_examples()
    pipe = build_pipeline().fit([e.text for e in examples], [e.label for e in examples])
    (p,) = predict(pipe, ["Viện kiểm sát nhân dân tỉnh tổ chức Hội nghị tổng kết công tác năm 2024, triển khai nhiệm vụ năm 2025."])
    assert p.article_type == "hoi_nghi"
    assert 1 >= p.score >= p.second_score >= 0 and p.second_type != p.article_type


@pytest.mark.slow
def test_train_with_weak_labels_from_the_crawl(demo_data, tmp_path):
    import shutil

    data_dir = tmp_path / "data"
    shutil.copytree(demo_data / "processed", data_dir / "processed")
    out = vks("classify", "train", "--weak", "--no-project-data", "--data-dir", str(data_dir))
    n = int(out.stderr.split("weak labels: ")[1].split()[0])
    assert 20 <= n <= 90  # sections that name a type, and clear keyword votes; the rest abstain
    assert "custom model" in out.stdout and f"'weak': {n}" in out.stdout
    pipe, manifest = load_model(model_path(data_dir))
    assert manifest["kind"] == "custom" and manifest["sources"] == {"weak": n}
    assert set(pipe.classes_) <= set(codes())


@pytest.mark.slow
def test_a_new_model_retypes_the_table_and_an_unchanged_one_does_not(demo_data, tmp_path):
    import shutil

    import pipeline

    data_dir = tmp_path / "data"
    shutil.copytree(demo_data, data_dir)
    before = pipeline.load("articles", data_dir)
    assert before["type_model"].nunique() == 1
    from pipeline import dataset

    vks("process", "--data-dir", str(data_dir), "-q")
    assert dataset.version("articles", data_dir) == dataset.version("articles", demo_data)  # no commit
    csv_path = tmp_path / "labels.csv"
    csv_path.write_text("text,label\n" + "".join(f"\"{t}\",{lab}\n" for t, lab in [
        ("Tòa án xét xử bị cáo, kiểm sát viên thực hành quyền công tố tại phiên tòa.", "kiem_sat")] * 3),
        encoding="utf-8")
    vks("classify", "train", "--data", str(csv_path), "--data-dir", str(data_dir))
    vks("process", "--data-dir", str(data_dir), "-q")
    after = pipeline.load("articles", data_dir)
    assert after["type_model"].nunique() == 1 and after["type_model"].iloc[0] != before["type_model"].iloc[0]


@pytest.mark.slow
def test_default_model_is_cached_per_user_and_a_bad_cache_entry_is_ignored(tmp_path, monkeypatch):
    import time

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    default_model(tmp_path / "a")
    cached = list((tmp_path / "cache" / "vks-pipeline" / "models").glob("default-*.skops"))
    assert len(cached) == 1
    start = time.monotonic()
    default_model(tmp_path / "b")  # copied from the cache, not trained
    assert time.monotonic() - start < 3
    assert model_path(tmp_path / "b").read_bytes() == model_path(tmp_path / "a").read_bytes()
    blob = bytearray(cached[0].read_bytes())
    blob[100] ^= 0xFF
    cached[0].write_bytes(bytes(blob))
    default_model(tmp_path / "c")  # the bad entry is refused by its checksum and the model trained again
    assert model_path(tmp_path / "c").read_bytes() == model_path(tmp_path / "a").read_bytes()

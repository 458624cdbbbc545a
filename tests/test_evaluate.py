"""`vks evaluate`: the gold format, the scores, the predictions file and the baseline."""

from __future__ import annotations

import json

import pytest

from pipeline.errors import ConfigError
from pipeline.evaluate import Counts, EntityScores, load_gold

from .conftest import vks

RECORD = {
    "id": "t1", "url": "https://vks.example.vn/a", "site": "vks.example.vn", "published": "2024-07-09",
    "owner": "Viện kiểm sát nhân dân tỉnh Khánh Hòa",
    "text": "Sáng 08/7, Viện kiểm sát nhân dân tỉnh tổ chức hội nghị triển khai Kế hoạch số 12/KH-VKS.",
    "article_type": "hoi_nghi",
    "entities": {"DOCREF": ["12/KH-VKS"], "DATE": ["2024-07-08"], "UNIT": ["Viện kiểm sát nhân dân tỉnh Khánh Hòa"],
                 "PERSON": [], "LAW": []},
}


def test_counts_and_micro_scores():
    c = Counts()
    c.add({"a", "b"}, {"b", "c", "d"})
    assert (c.tp, c.fp, c.fn) == (1, 1, 2)
    assert c.scores() == {"precision": 0.5, "recall": 0.3333, "f1": 0.4, "support": 3}
    s = EntityScores()
    s.add({"UNIT": ["Uỷ ban nhân dân  tỉnh"], "DATE": ["2024-01-01"]},
          {"UNIT": ["ủy ban nhân dân tỉnh"], "DATE": []})
    out = s.to_dict()
    assert out["UNIT"]["f1"] == 1.0  # compared after tone folding, case folding, space collapsing
    assert out["DATE"]["precision"] == 0.0
    assert out["micro"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1}


def test_evaluate_json_and_predictions(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(RECORD, ensure_ascii=False) + "\n\n", encoding="utf-8")
    preds = tmp_path / "preds.jsonl"
    out = vks("evaluate", "--gold", str(gold), "--json", "--predictions", str(preds), "--quiet",
              env={"VKS_DATA_DIR": str(tmp_path / "data")})
    report = json.loads(out.stdout)
    assert set(report["entities"]) == {"DOCREF", "DATE", "UNIT", "PERSON", "LAW", "micro"}
    for scores in report["entities"].values():
        assert set(scores) == {"precision", "recall", "f1", "support"}
    assert report["entities"]["DOCREF"]["support"] == 1
    types = report["types"]
    assert set(types) >= {"accuracy", "macro_f1", "per_class", "confusion"}
    assert set(types["per_class"]) == {"hoi_nghi"}
    assert set(report["baselines"]) == {"keyword_rules", "majority_class"}
    assert report["baselines"]["keyword_rules"]["types"]["accuracy"] == 1.0  # "hội nghị triển khai" is a cue
    lines = [json.loads(line) for line in preds.read_text(encoding="utf-8").splitlines()]
    assert [p["id"] for p in lines] == ["t1"]
    assert lines[0]["article_type"] in {"hoi_nghi", "kiem_sat", "khac", "dao_tao", "thi_dua", "phap_luat",
                                        "dang_doan_the", "to_chuc_can_bo", "thanh_tra", "ky_niem", "chuyen_doi_so"}
    assert set(lines[0]["entities"]) == {"DOCREF", "DATE", "UNIT", "PERSON", "LAW"}


@pytest.mark.slow
def test_baseline_is_scored_side_by_side(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    report = json.loads(vks("evaluate", "--gold", str(gold), "--json", "--baseline", "underthesea", "-q").stdout)
    base = report["baselines"]["underthesea"]["entities"]
    assert base["DATE"]["f1"] == 0.0 and base["DOCREF"]["f1"] == 0.0  # ner() has no such types
    assert base["UNIT"]["support"] == 1


@pytest.mark.parametrize("line, message", [("{not json", "not JSON"), ('{"id": 1}', "string 'text'"),
                                            ('{"text": "x", "published": "06/01/2021"}', "YYYY-MM-DD")])
def test_bad_gold_lines_name_the_line(tmp_path, line, message):
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"text": "ok"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"g.jsonl:2: .*{message}"):
        load_gold(gold)
    out = vks("evaluate", "--gold", str(gold), check=False)
    assert out.returncode == 2 and "g.jsonl:2" in out.stderr

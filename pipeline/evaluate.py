"""``vks evaluate``: score the NLP (and, once built, the article-type classifier) on a gold file.

Gold format (one JSON object per line, the format of the project's evaluation sets):

    {"id": "...", "url": "...", "site": "vkskh.gov.vn", "published": "2021-01-06" | null,
     "owner": "Viện kiểm sát nhân dân tỉnh Khánh Hòa" | null, "text": "...", "article_type": "hoi_nghi",
     "entities": {"DOCREF": [...], "DATE": [...], "UNIT": [...], "PERSON": [...], "LAW": [...]}}

``entities`` lists the unique normalised values of each type (ENTITIES.md). Scoring: per record, the set of
predicted values of a type against the gold set, compared after NFC, tone-placement folding, case folding
and whitespace collapsing; true/false positives and misses are summed over records per type (micro), and
over all types for ``micro``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import ConfigError
from .nlp import ENTITY_TYPES, Context, annotate
from .text import comparable, normalise_text


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[str], gold: set[str]) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    def scores(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": self.tp + self.fn}


@dataclass
class EntityScores:
    per_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in ENTITY_TYPES})

    def add(self, predicted: dict[str, Iterable[str]], gold: dict[str, Iterable[str]]) -> None:
        for t in ENTITY_TYPES:
            self.per_type[t].add({comparable(v) for v in predicted.get(t, [])},
                                 {comparable(v) for v in gold.get(t, [])})

    def to_dict(self) -> dict[str, dict]:
        out = {t: c.scores() for t, c in self.per_type.items()}
        total = Counts(sum(c.tp for c in self.per_type.values()), sum(c.fp for c in self.per_type.values()),
                       sum(c.fn for c in self.per_type.values()))
        out["micro"] = total.scores()
        return out


def load_gold(path: Path) -> list[dict]:
    """Read and check a gold JSONL file; errors name the line and the problem."""
    if not path.exists():
        raise ConfigError(f"{path}: gold file not found")
    records = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{path}:{n}: not JSON ({exc})") from exc
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                raise ConfigError(f"{path}:{n}: a record needs at least a string 'text'")
            rec.setdefault("id", f"line{n}")
            ents = rec.get("entities") or {}
            if not isinstance(ents, dict):
                raise ConfigError(f"{path}:{n}: 'entities' must map types to lists of values")
            rec["entities"] = {t: list(ents.get(t) or []) for t in ENTITY_TYPES}
            if rec.get("published"):
                try:
                    rec["published"] = date.fromisoformat(rec["published"])
                except (TypeError, ValueError) as exc:
                    raise ConfigError(f"{path}:{n}: 'published' must be YYYY-MM-DD or null") from exc
            records.append(rec)
    if not records:
        raise ConfigError(f"{path}: no records")
    return records


def context_of(record: dict) -> Context:
    return Context(published=record.get("published") or None, site=record.get("site"), owner=record.get("owner"))


def predict_entities(record: dict) -> dict[str, list[str]]:
    """The same NLP that ``vks process`` runs, on a gold record's text."""
    ann = annotate(normalise_text(record["text"]), context_of(record))
    out: dict[str, list[str]] = {t: [] for t in ENTITY_TYPES}
    for e in ann.entities:
        if e.type in out and e.value not in out[e.type]:
            out[e.type].append(e.value)
    return out


def underthesea_entities(record: dict) -> dict[str, list[str]]:
    """Stock underthesea ``ner()``: ORG -> UNIT, PER -> PERSON, values as written."""
    from underthesea import ner

    mapping = {"ORG": "UNIT", "PER": "PERSON"}
    out: dict[str, list[str]] = {t: [] for t in ENTITY_TYPES}
    current: list[str] = []
    label = None

    def close() -> None:
        if label in mapping and current:
            value = " ".join(current)
            if value not in out[mapping[label]]:
                out[mapping[label]].append(value)

    for paragraph in record["text"].split("\n"):
        if not paragraph.strip():
            continue
        for token in ner(paragraph):
            word, tag = token[0], token[-1]
            if tag.startswith("B-") or tag == "O" or (tag.startswith("I-") and tag[2:] != label):
                close()
                current, label = ([word], tag[2:]) if tag != "O" else ([], None)
            else:
                current.append(word)
        close()
        current, label = [], None
    return out


BASELINES: dict[str, Callable[[dict], dict[str, list[str]]]] = {"underthesea": underthesea_entities}


def type_scores(gold: list[str], predicted: list[str]) -> dict:
    """Accuracy, macro-F1 over the gold codes, per-class precision/recall/F1/support, confusion matrix."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    labels = sorted(set(gold))
    p, r, f, n = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    all_labels = sorted(set(gold) | set(predicted))
    matrix = confusion_matrix(gold, predicted, labels=all_labels)
    return {
        "accuracy": round(float(accuracy_score(gold, predicted)), 4),
        "macro_f1": round(float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)), 4),
        "per_class": {c: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                          "f1": round(float(f[i]), 4), "support": int(n[i])} for i, c in enumerate(labels)},
        "confusion": {"labels": all_labels, "matrix": matrix.tolist()},
    }


def classify_records(records: list[dict], model=None) -> dict[str, list[str]]:
    """Article types of gold records by the model and by the two baselines (keyword rules, majority class)."""
    from collections import Counter

    from .classify import predict
    from .classify.corpus import project_examples
    from .classify.weak import keyword_rule

    if model is None:
        from .classify import default_model
        from .config import load_settings

        model = default_model(load_settings().data_dir)
    texts = [r["text"] for r in records]
    majority = Counter(e.label for e in project_examples()).most_common(1)[0][0]
    return {"model": [p.article_type for p in predict(model, texts)],
            "keyword_rules": [keyword_rule(t) for t in texts],
            "majority_class": [majority] * len(texts)}


def evaluate(records: list[dict], baseline: str | None = None, progress: Callable[[int, int], None] | None = None,
             types: bool = True, model=None) -> tuple[dict, list[dict]]:
    """Score every record; returns (report, predictions)."""
    if baseline is not None and baseline not in BASELINES:
        raise ConfigError(f"unknown baseline {baseline!r}; known: {', '.join(BASELINES)}")
    ours, theirs = EntityScores(), EntityScores()
    predictions = []
    for i, rec in enumerate(records):
        pred = predict_entities(rec)
        ours.add(pred, rec["entities"])
        predictions.append({"id": rec["id"], "entities": pred})
        if baseline:
            theirs.add(BASELINES[baseline](rec), rec["entities"])
        if progress:
            progress(i + 1, len(records))
    report: dict = {"records": len(records), "entities": ours.to_dict()}
    if baseline:
        report["baselines"] = {baseline: {"entities": theirs.to_dict()}}
    gold_types = [r.get("article_type") for r in records]
    if types and all(gold_types):
        typed = classify_records(records, model)
        report["types"] = type_scores(gold_types, typed["model"])
        report.setdefault("baselines", {})
        for name in ("keyword_rules", "majority_class"):
            report["baselines"][name] = {"types": type_scores(gold_types, typed[name])}
        for pred, code in zip(predictions, typed["model"], strict=True):
            pred["article_type"] = code
    return report, predictions


def format_report(report: dict) -> str:
    base_name = next((k for k, v in report.get("baselines", {}).items() if "entities" in v), None)
    lines = [f"{report['records']} records", "", "entities      precision  recall     f1  support"
             + (f"   | {base_name} f1" if base_name else "")]
    for t, s in report["entities"].items():
        line = f"  {t:10} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f} {s['support']:8d}"
        if base_name:
            line += f"   | {report['baselines'][base_name]['entities'][t]['f1']:.3f}"
        lines.append(line)
    if "types" in report:
        t = report["types"]
        lines += ["", "article types       accuracy  macro-F1",
                  f"  model             {t['accuracy']:8.3f}  {t['macro_f1']:8.3f}"]
        for name in ("keyword_rules", "majority_class"):
            b = report["baselines"][name]["types"]
            lines.append(f"  {name:17} {b['accuracy']:8.3f}  {b['macro_f1']:8.3f}")
        lines += ["", "  class            precision  recall     f1  support"]
        for code, s in t["per_class"].items():
            lines.append(f"  {code:16} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f} {s['support']:8d}")
        labels = t["confusion"]["labels"]
        lines += ["", "  confusion (rows: gold, columns: predicted)", "  " + " " * 16 + " ".join(f"{c[:6]:>6}" for c in labels)]
        for code, row in zip(labels, t["confusion"]["matrix"], strict=True):
            lines.append(f"  {code:16}" + " ".join(f"{v:6d}" for v in row))
    return "\n".join(lines)

"""The article-type model: a scikit-learn Pipeline, trained reproducibly, saved with a verified checksum.

Features: TF-IDF over syllable uni- and bigrams of the whole text and over its underthesea words, TF-IDF
over the opening of the text (title and lead, where the main event is announced), the taxonomy's
keyword-cue scores, and the rates of a few genre markers (dates, questions, provisions, defendants, honorifics, a first person). Model: a linear
SVM with calibrated probabilities (``type_score`` is the top probability).

Saving: a pickle written beside a manifest that records its sha256; ``load_model`` checks the sum before
unpickling and refuses a file that does not match. The default model is trained on the project's own
labelled data (the sample portal's articles and the corpus in ``classify/data``) with a fixed seed, so
``vks classify train`` rebuilds it bit for bit; it is cached under ``data/models``.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import LinearSVC

from .. import __version__
from ..errors import VksError
from ..io import atomic_write
from .features import CueScores, GenreScores, lead_part, syllable_ngrams, word_tokens

SEED = 13
MODEL_FORMAT = 2  # 2: pickled without a memo (the bytes depend only on the model)


class ModelError(VksError):
    """A model file is missing, tampered with, or unusable."""

    exit_code = 3


def build_pipeline(seed: int = SEED, C: float = 0.5) -> Pipeline:
    features = FeatureUnion([
        ("text", TfidfVectorizer(analyzer=syllable_ngrams, sublinear_tf=True, min_df=2, max_df=0.9, norm="l2")),
        ("words", TfidfVectorizer(analyzer=word_tokens, sublinear_tf=True, min_df=2, max_df=0.9, norm="l2")),
        ("opening", Pipeline([
            ("cut", FunctionTransformer(_openings)),
            ("tfidf", TfidfVectorizer(analyzer=syllable_ngrams, sublinear_tf=True, min_df=2, norm="l2")),
        ])),
        ("cues", CueScores()),
        ("genre", GenreScores()),
    ], transformer_weights={"text": 1.0, "words": 1.0, "opening": 1.0, "cues": 0.5, "genre": 0.5})
    svm = LinearSVC(C=C, class_weight="balanced", random_state=seed, max_iter=20000)
    return Pipeline([("features", features), ("clf", CalibratedClassifierCV(svm, cv=3, method="sigmoid"))])


def _openings(texts):
    return [lead_part(t) for t in texts]


def _strip_volatile(pipe: Pipeline) -> Pipeline:
    # TfidfVectorizer.stop_words_ is a set (its pickle order follows string hashing): not needed to predict
    for est in _walk(pipe):
        if isinstance(est, TfidfVectorizer) and hasattr(est, "stop_words_"):
            del est.stop_words_
    return pipe


def _walk(est):
    yield est
    if isinstance(est, Pipeline):
        for _, step in est.steps:
            yield from _walk(step)
    elif isinstance(est, FeatureUnion):
        for _, part in est.transformer_list:
            yield from _walk(part)


MIN_PER_CLASS = 3  # the probability calibration cross-validates in 3 folds


def usable(texts: list[str], labels: list[str]) -> tuple[list[str], list[str], list[str]]:
    """The examples of types with at least MIN_PER_CLASS examples, and the types left out."""
    from collections import Counter

    counts = Counter(labels)
    dropped = sorted(c for c, n in counts.items() if n < MIN_PER_CLASS)
    keep = [i for i, y in enumerate(labels) if counts[y] >= MIN_PER_CLASS]
    return [texts[i] for i in keep], [labels[i] for i in keep], dropped


def train(texts: list[str], labels: list[str], seed: int = SEED) -> Pipeline:
    if len(texts) != len(labels) or not texts:
        raise ValueError("train needs as many labels as texts, and at least one of each")
    texts, labels, _ = usable(texts, labels)
    if len(set(labels)) < 2:
        raise ValueError(f"need at least {MIN_PER_CLASS} examples of at least two types to train")
    np.random.seed(seed)
    return _strip_volatile(build_pipeline(seed).fit(texts, labels))


@dataclass(frozen=True)
class SavedModel:
    path: Path
    sha256: str
    manifest: dict


def save_model(pipe: Pipeline, path: Path, meta: dict) -> SavedModel:
    """Write ``path`` (pickle) and ``path.json`` (manifest with the sha256), atomically."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=5)
    # no memo: which equal strings happen to be one object depends on what the process did before
    # (a model loaded and used, then another trained), and the memo would write that into the bytes
    pickler.fast = True
    pickler.dump(pipe)
    blob = buf.getvalue()
    digest = hashlib.sha256(blob).hexdigest()
    manifest = {"format": MODEL_FORMAT, "sha256": digest, "pipeline_version": __version__, **meta}
    for target, data in ((path, blob), (manifest_path(path), json.dumps(manifest, indent=2, sort_keys=True).encode())):
        atomic_write(target, data)
    return SavedModel(path, digest, manifest)


def manifest_path(path: Path) -> Path:
    """Where the manifest (sha256, training facts) of a saved model lives."""
    return path.with_name(path.name + ".json")


def model_id(path: Path) -> str:
    """A short id of a saved model: the start of its recorded sha256."""
    return json.loads(manifest_path(path).read_text(encoding="utf-8"))["sha256"][:16]


def load_model(path: Path) -> tuple[Pipeline, dict]:
    """Load a saved model after checking its sha256 against its manifest; never unpickle unverified bytes."""
    mpath = manifest_path(path)
    if not path.exists() or not mpath.exists():
        raise ModelError(f"{path}: no model here (expected the file and its manifest {mpath.name}); "
                         "run `vks classify train`")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
        expected = manifest["sha256"]
    except (ValueError, KeyError) as exc:
        raise ModelError(f"{mpath}: unreadable model manifest; run `vks classify train` to rebuild") from exc
    blob = path.read_bytes()
    actual = hashlib.sha256(blob).hexdigest()
    if actual != expected:
        raise ModelError(f"{path}: sha256 {actual[:12]}... does not match the manifest ({expected[:12]}...): the "
                         "model file was changed or corrupted and is refused. Run `vks classify train` to rebuild it")
    try:
        pipe = pickle.loads(blob)  # noqa: S301 - verified against the recorded sha256 above
    except Exception as exc:
        raise ModelError(f"{path}: cannot load the model ({exc}); run `vks classify train` to rebuild it") from exc
    return pipe, manifest

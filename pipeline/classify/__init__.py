"""Article types (TAXONOMY.md): the taxonomy as data, weak labels, the scikit-learn model, prediction.

    from pipeline.classify import default_model, predict
    model = default_model(data_dir)
    predict(model, ["Viện kiểm sát nhân dân tỉnh ... tổ chức hội nghị tổng kết ..."])
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sklearn

from .corpus import Example, fingerprint, project_examples
from .features import FEATURES_VERSION, TokenizedText
from .model import MODEL_FORMAT, ModelError, load_model, manifest_path, model_id, save_model, train

log = logging.getLogger(__name__)

MODEL_NAME = "article_types.skops"
LEGACY_NAME = "article_types.pkl"  # the pickle earlier versions wrote: never loaded, only pointed out


@dataclass(frozen=True)
class Prediction:
    article_type: str
    score: float
    second_type: str
    second_score: float


def model_path(data_dir: Path) -> Path:
    return Path(data_dir) / "models" / MODEL_NAME


def train_and_save(examples: list[Example], path: Path, kind: str):
    from .model import usable

    texts, labels = [e.text for e in examples], [e.label for e in examples]
    try:
        pipe = train(texts, labels)
    except ValueError as exc:
        raise ModelError(f"cannot train: {exc}") from exc
    dropped = usable(texts, labels)[2]
    if dropped:
        log.warning("left out types with fewer than 3 examples: %s", ", ".join(dropped))
    sources: dict[str, int] = {}
    for e in examples:
        sources[e.source] = sources.get(e.source, 0) + 1
    meta = {"kind": kind, "features": FEATURES_VERSION, "examples": len(examples), "sources": sources, "training_sha256": fingerprint(examples),
            "sklearn": sklearn.__version__, "classes": sorted(str(c) for c in pipe.classes_),
            "left_out_types": dropped}
    return pipe, save_model(pipe, path, meta)


def _cache_dir() -> Path:
    import os

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vks-pipeline" / "models"


def _copy_model(src: Path, dst: Path) -> None:
    from ..io import atomic_write

    for a, b in ((manifest_path(src), manifest_path(dst)), (src, dst)):
        atomic_write(b, a.read_bytes())


def _stderr(message: str) -> None:
    print(f"vks: {message}", file=sys.stderr, flush=True)


def default_model(data_dir: Path, notice: Callable[[str], None] | None = _stderr):
    """The model ``vks process`` uses: ``data/models/article_types.skops`` if present and current, else the
    default model trained (reproducibly) on the project's own labelled data and saved there.

    Training is never silent: ``notice`` (stderr by default) is told when the default model is trained or
    taken from the cache, and why. Trained default models are also kept in a per-user cache
    (``~/.cache/vks-pipeline/models``), keyed by their training data and scikit-learn version, so a new data
    directory does not train again; a cached file is checked like any other."""
    say = notice or (lambda _message: None)
    path = model_path(data_dir)
    examples = project_examples()
    training = fingerprint(examples)
    key = f"default-{training[:16]}-sklearn{sklearn.__version__}-f{FEATURES_VERSION}-m{MODEL_FORMAT}.skops"
    if path.exists():
        pipe, manifest = load_model(path)  # a tampered or untrusted file raises: never silently replaced
        if manifest.get("kind") != "default":
            return pipe
        if (manifest.get("training_sha256") == training and manifest.get("sklearn") == sklearn.__version__
                and manifest.get("features") == FEATURES_VERSION and manifest.get("format") == MODEL_FORMAT):
            return pipe
        why = f"the project's training data, features or scikit-learn changed since {path} was trained"
    else:
        legacy = path.with_name(LEGACY_NAME)
        why = (f"{legacy} is a pickle, which vks no longer loads; there is no {path.name} yet" if legacy.exists()
               else f"there is no article-type model in {path.parent} yet")
    cached = _cache_dir() / key
    if cached.exists():
        try:
            pipe, _ = load_model(cached)
        except ModelError as exc:
            say(f"ignoring a bad cached model: {exc}")
        else:
            _copy_model(cached, path)
            say(f"{why}: using the default model from the cache ({cached}), saved to {path}")
            return pipe
    say(f"{why}: training the default model on the project's own labelled data (reproducible, the same as "
        f"`vks classify train`; takes a few seconds) and saving it to {path}")
    pipe, _ = train_and_save(examples, path, "default")
    try:
        _copy_model(path, cached)
    except OSError as exc:  # a read-only home is no reason to fail
        log.info("could not cache the default model: %s", exc)
    return pipe


def predict(pipe, texts: list[str], words: list[list[str]] | None = None) -> list[Prediction]:
    """Top two types with scores. ``words``: each text's underthesea words, when the NLP stage has them
    already (the text is then not segmented again); without them the texts are segmented here."""
    if not texts:
        return []
    if words is not None:
        texts = [TokenizedText(t, w) for t, w in zip(texts, words, strict=True)]
    proba = pipe.predict_proba(texts)
    classes = pipe.classes_
    order = np.argsort(-proba, axis=1, kind="stable")
    return [Prediction(str(classes[o[0]]), float(p[o[0]]), str(classes[o[1]]), float(p[o[1]]))
            for p, o in zip(proba, order, strict=True)]


__all__ = ["ModelError", "Prediction", "default_model", "load_model", "model_id", "model_path", "predict",
           "train_and_save"]

"""The article-type model: a scikit-learn Pipeline, trained reproducibly, saved with a verified checksum.

Features: TF-IDF over syllable uni- and bigrams of the whole text and over its underthesea words, TF-IDF
over the opening of the text (title and lead, where the main event is announced), the taxonomy's
keyword-cue scores, and the rates of a few genre markers (dates, questions, provisions, defendants, honorifics, a first person). Model: a linear
SVM with calibrated probabilities (``type_score`` is the top probability).

Saving: a skops file (``skops.io``: a zip of JSON and NumPy arrays; loading it builds objects only of the
types it is told to trust, it runs no code from the file), written beside a manifest with its sha256 and
the types it needed trusted. ``load_model`` refuses a file that does not match the sum, that is not a skops
file (a pickle, whatever it is named) or that holds a type outside ``TRUSTED_TYPES``. Nothing here unpickles.
The default model is trained on the project's own labelled data (the sample portal's articles and the corpus
in ``classify/data``) with a fixed seed, and the file is written canonically, so ``vks classify train``
rebuilds it bit for bit; it is cached under ``data/models``.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
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
MODEL_FORMAT = 2  # 1: pickle (no longer loaded), 2: skops

# The types a model file may hold beyond those skops trusts by default (builtins, NumPy, SciPy sparse
# matrices and scikit-learn's public estimators). Each is code of this project or a private scikit-learn
# class of the pipeline above; a file naming any other type is refused. A new type enters only by being
# added here, after reading what it does when built.
TRUSTED_TYPES: tuple[str, ...] = (
    "pipeline.classify.features.CueScores",
    "pipeline.classify.features.GenreScores",
    "pipeline.classify.features.syllable_ngrams",  # the vectorisers' analysers (functions, looked up by name)
    "pipeline.classify.features.word_tokens",
    "pipeline.classify.model._openings",  # the FunctionTransformer that cuts a text's opening
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
)
RETRAIN = "run `vks classify train` to build a model file vks can load (or delete the file and let the next command train the default model)"


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
    """Write ``path`` (skops) and ``path.json`` (manifest with the sha256), atomically."""
    import skops.io as sio

    blob = _canonical(sio.dumps(pipe))
    untrusted = sorted(sio.get_untrusted_types(data=blob))
    unknown = [t for t in untrusted if t not in TRUSTED_TYPES]
    if unknown:  # caught when saving, so that a model never loads only by widening trust at load time
        raise ModelError(f"the model holds types outside pipeline.classify.model.TRUSTED_TYPES: {', '.join(unknown)}; "
                         "add them there only after checking that building them runs no unexpected code")
    digest = hashlib.sha256(blob).hexdigest()
    manifest = {"format": MODEL_FORMAT, "sha256": digest, "pipeline_version": __version__,
                "trusted_types": untrusted, **meta}
    path.parent.mkdir(parents=True, exist_ok=True)
    for target, data in ((path, blob), (manifest_path(path), json.dumps(manifest, indent=2, sort_keys=True).encode())):
        atomic_write(target, data)
    return SavedModel(path, digest, manifest)


_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def _canonical(blob: bytes) -> bytes:
    """The same skops file with everything that varies between runs made fixed.

    skops names its array files and memo ids after ``id()`` of the objects (and byte blobs after a uuid)
    and stamps the zip entries with the time: renumber ids and files in the order the schema first mentions
    them, fix the times and the entry order. The content is untouched, so the file loads the same.
    """
    src = zipfile.ZipFile(io.BytesIO(blob))
    schema = json.loads(src.read("schema.json"))
    ids: dict[int, int] = {}
    files: dict[str, str] = {}

    def walk(node):
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "__id__" and isinstance(value, int):
                    value = ids.setdefault(value, len(ids) + 1)
                elif key == "file" and isinstance(value, str):
                    value = files.setdefault(value, f"{len(files) + 1:06d}{Path(value).suffix}")
                out[key] = walk(value)
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    schema = walk(schema)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as out:
        entries = [("schema.json", json.dumps(schema, indent=2).encode())]
        entries += sorted((new, src.read(old)) for old, new in files.items())
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, data)
    return buf.getvalue()


def manifest_path(path: Path) -> Path:
    """Where the manifest (sha256, training facts) of a saved model lives."""
    return path.with_name(path.name + ".json")


def model_id(path: Path) -> str:
    """A short id of a saved model: the start of its recorded sha256."""
    return json.loads(manifest_path(path).read_text(encoding="utf-8"))["sha256"][:16]


def load_model(path: Path) -> tuple[Pipeline, dict]:
    """Load a saved model: its sha256 must match the manifest, and it must be a skops file holding only
    trusted types. A pickle (the old format, or a crafted file under any name) is refused unread."""
    import skops.io as sio

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
    # the manifest travels with the file, so it proves nothing about who wrote it: the format and the types
    # inside are checked on their own
    if not zipfile.is_zipfile(io.BytesIO(blob)):
        kind = "a pickle" if blob[:1] == b"\x80" else "not a skops model file"
        raise ModelError(f"{path}: {kind}; vks loads only skops model files (a pickle can run code when loaded), "
                         f"so this file is refused unread. To replace it, {RETRAIN}")
    try:
        untrusted = sio.get_untrusted_types(data=blob)
    except Exception as exc:  # skops raises several kinds on a malformed schema
        raise ModelError(f"{path}: not a readable skops model file ({exc}); {RETRAIN}") from exc
    unknown = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if unknown:
        raise ModelError(f"{path}: the model file holds types vks does not trust ({', '.join(unknown)}) and is "
                         f"refused unloaded; {RETRAIN}")
    try:
        pipe = sio.loads(blob, trusted=[t for t in untrusted if t in TRUSTED_TYPES])
    except Exception as exc:
        raise ModelError(f"{path}: cannot load the model ({exc}); {RETRAIN}") from exc
    if not isinstance(pipe, Pipeline):
        raise ModelError(f"{path}: holds a {type(pipe).__name__}, not a model pipeline; {RETRAIN}")
    return pipe, manifest

"""Feature transformers for the article-type model (scikit-learn's estimator contract)."""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from ..text import normalise_text
from .taxonomy import codes
from .weak import keyword_scores

_SYLLABLE = re.compile(r"\w+")
TITLE_SEP = "\n\n"


def syllables(text: str) -> list[str]:
    """Lower-cased syllables of the normalised text (the analyser of the n-gram vectoriser)."""
    return _SYLLABLE.findall(normalise_text(text).lower())


def syllable_ngrams(text: str, n: int = 2) -> list[str]:
    toks = syllables(text)
    out = list(toks)
    for k in range(2, n + 1):
        out.extend(" ".join(toks[i:i + k]) for i in range(len(toks) - k + 1))
    return out


def lead_part(text: str, chars: int = 600) -> str:
    """The opening of an article (title and first sentences), where its main event is announced."""
    return text[:chars]


class CueScores(TransformerMixin, BaseEstimator):
    """The keyword cues of each type, on the whole text and on its opening, scaled by ``log1p``."""

    def __init__(self, opening_chars: int = 600):
        self.opening_chars = opening_chars

    def fit(self, X, y=None):
        self.types_ = list(codes())
        self.n_features_in_ = 1
        return self

    def transform(self, X):
        rows = []
        for text in X:
            whole = keyword_scores(text)
            head = keyword_scores(text[: self.opening_chars])
            rows.append([whole[c] for c in self.types_] + [head[c] for c in self.types_])
        return sparse.csr_matrix(np.log1p(np.asarray(rows, dtype=float)))

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"cue_{c}" for c in self.types_] + [f"cue_head_{c}" for c in self.types_], dtype=object)

"""Feature transformers for the article-type model (scikit-learn's estimator contract)."""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from ..text import NormalisedText, normalise_text
from .taxonomy import codes
from .weak import keyword_scores

# bumped when a feature is computed differently: a saved default model with another number is retrained
# (2: words segmented sentence by sentence, as the NLP stage does)
FEATURES_VERSION = 2
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


class TokenizedText(NormalisedText):
    """A normalised text that carries its underthesea words (``words``), as the NLP stage produced them:
    the model reads them instead of segmenting the text a second time. A plain ``str`` is normalised and
    segmented as before."""

    words: tuple[str, ...]

    def __new__(cls, text: str, words) -> TokenizedText:
        obj = super().__new__(cls, text)
        obj.words = tuple(words)
        return obj

    def __reduce__(self):  # keep the words when a text is pickled (to or from a Dask worker)
        return (TokenizedText, (str(self), self.words))


def word_tokens(text: str) -> list[str]:
    """Lower-cased underthesea words (multi-syllable words kept whole: "viện kiểm sát", "xét xử").

    Segmented sentence by sentence exactly as the NLP stage does (``nlp.tokenize``), so the words the
    stage hands over (:class:`TokenizedText`) are the words the model was trained on."""
    words = getattr(text, "words", None)
    if words is None:
        from ..nlp.tokenize import tokenize

        words = [w for s in tokenize(normalise_text(text)) for w in s.tokens]
    return [w.lower() for w in words if any(c.isalnum() for c in w)]


def lead_part(text: str, chars: int = 600) -> str:
    """The opening of an article (title and first sentences), where its main event is announced."""
    head = text[:chars]
    return NormalisedText(head) if isinstance(text, NormalisedText) else head


def _check_texts(X) -> None:
    if isinstance(X, str) or not all(isinstance(x, str) for x in X):
        raise ValueError("expected an iterable of texts (str), e.g. a list or a pandas Series of strings")


class CueScores(TransformerMixin, BaseEstimator):
    """The keyword cues of each type, on the whole text and on its opening, scaled by ``log1p``."""

    def __init__(self, opening_chars: int = 600):
        self.opening_chars = opening_chars

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False  # a list of texts, not a numeric matrix
        tags.input_tags.string = True
        return tags

    def fit(self, X, y=None):
        _check_texts(X)
        self.types_ = list(codes())
        return self

    def transform(self, X):
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "types_")
        _check_texts(X)
        rows = []
        for text in X:
            whole = keyword_scores(text)
            head = keyword_scores(lead_part(text, self.opening_chars))
            rows.append([whole[c] for c in self.types_] + [head[c] for c in self.types_])
        return sparse.csr_matrix(np.log1p(np.asarray(rows, dtype=float)))

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"cue_{c}" for c in self.types_] + [f"cue_head_{c}" for c in self.types_], dtype=object)


# how an article is written, whatever it is about: event reports carry dates, titles and people; research
# and Q&A carry questions, provisions and a first person; casework carries defendants
_GENRE = (
    ("day_month", re.compile(r"\b\d{1,2}/\d{1,2}(?:/\d{4})?\b")),
    ("article_of_law", re.compile(r"\bĐiều \d+")),
    ("question", re.compile(r"\?")),
    ("defendant", re.compile(r"\b(?:bị cáo|bị can)\b", re.I)),
    ("honorific", re.compile(r"\b(?:ông|bà|đồng chí)\b", re.I)),
    ("first_person", re.compile(r"\b(?:chúng tôi|tác giả)\b", re.I)),
    ("time_of_day", re.compile(r"\b(?:ngày|sáng|chiều)\b", re.I)),
)


class GenreScores(TransformerMixin, BaseEstimator):
    """Per-1,000-character rates of a few genre markers, scaled by ``log1p``."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags

    def fit(self, X, y=None):
        _check_texts(X)
        self.markers_ = [name for name, _ in _GENRE]
        return self

    def transform(self, X):
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "markers_")
        _check_texts(X)
        rows = []
        for text in X:
            per_k = max(len(text), 1) / 1000
            rows.append([len(p.findall(text)) / per_k for _, p in _GENRE])
        return sparse.csr_matrix(np.log1p(np.asarray(rows, dtype=float).reshape(len(rows), len(_GENRE))))

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"genre_{m}" for m in self.markers_], dtype=object)

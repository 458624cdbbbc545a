"""Sentence splitting and word segmentation with underthesea, with offsets into the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARA = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    tokens: tuple[str, ...]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence: paragraphs first (a line never spans two), then underthesea."""
    from underthesea import sent_tokenize

    spans: list[tuple[int, int]] = []
    for para in _PARA.finditer(text):
        chunk = para.group()
        if not chunk.strip():
            continue
        pos = 0
        for sent in sent_tokenize(chunk):
            sent = sent.strip()
            if not sent:
                continue
            at = chunk.find(sent, pos)
            if at < 0:  # underthesea changed the text: fall back to what is left of the paragraph
                at = pos
                end = len(chunk)
            else:
                end = at + len(sent)
            spans.append((para.start() + at, para.start() + end))
            pos = end
        if pos < len(chunk.rstrip()) and spans and spans[-1][1] < para.start() + len(chunk.rstrip()):
            spans[-1] = (spans[-1][0], para.start() + len(chunk.rstrip()))
    return spans


def tokenize(text: str) -> list[Sentence]:
    """Sentences with their word tokens (multi-syllable words joined by a space, as underthesea does)."""
    from underthesea import word_tokenize

    return [
        Sentence(i, s, e, tuple(word_tokenize(text[s:e])))
        for i, (s, e) in enumerate(sentence_spans(text))
    ]


def sentence_index(spans: list[tuple[int, int]], offset: int) -> int:
    """The index of the sentence holding ``offset`` (the last one starting before it)."""
    lo, hi = 0, len(spans) - 1
    best = 0
    while lo <= hi:
        mid = (lo + hi) // 2
        if spans[mid][0] <= offset:
            best = mid
            lo = mid + 1
        else:
            hi = mid - 1
    return best

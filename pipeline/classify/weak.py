"""Weak labelling functions: turn an unlabelled crawl into training labels.

Two sources, each may abstain (None): keyword cues per type (taxonomy.toml), and the portal's section
mapped to a type by the site profile (``[section_types]``). ``weak_label`` combines them: a section that
names a type wins; otherwise the keyword vote, when it is clear enough.
"""

from __future__ import annotations

import re
from functools import cache

from ..text import normalise_text
from .taxonomy import types

TITLE_WEIGHT = 3.0


@cache
def _cue_pattern() -> tuple[re.Pattern, dict[str, list[tuple[str, float]]]]:
    index: dict[str, list[tuple[str, float]]] = {}
    for t in types():
        for cue, weight in t.cues:
            index.setdefault(cue, []).append((t.code, weight))
    alternatives = sorted(index, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(c) for c in alternatives) + r")(?!\w)")
    return pattern, index


def keyword_scores(text: str, title: str = "") -> dict[str, float]:
    """Cue weight per type; a cue in the title counts TITLE_WEIGHT times."""
    pattern, index = _cue_pattern()
    scores: dict[str, float] = {t.code: 0.0 for t in types()}
    for part, factor in ((title, TITLE_WEIGHT), (text, 1.0)):
        if not part:
            continue
        for m in pattern.finditer(normalise_text(part).lower()):
            for code, weight in index[m.group(1)]:
                scores[code] += weight * factor
    return scores


def keyword_label(text: str, title: str = "", min_score: float = 3.0, min_margin: float = 1.25) -> str | None:
    """The type the cues point at, or None when they are too weak or too close to call."""
    ranked = sorted(keyword_scores(text, title).items(), key=lambda kv: (-kv[1], kv[0]))
    (best, s1), (_, s2) = ranked[0], ranked[1]
    if s1 < min_score or s1 < s2 * min_margin:
        return None
    return best


def keyword_rule(text: str, title: str = "") -> str:
    """The keyword rules alone as a classifier (a baseline): never abstains, falls back to ``khac``."""
    scores = keyword_scores(text, title)
    best = max(sorted(scores), key=lambda c: scores[c])
    return best if scores[best] > 0 else "khac"


def section_label(category: str | None, section_types: dict[str, str]) -> str | None:
    if not category:
        return None
    key = normalise_text(category).strip().casefold()
    for section, code in section_types.items():
        if normalise_text(section).strip().casefold() == key:
            return code
    return None


def weak_label(text: str, title: str = "", category: str | None = None,
               section_types: dict[str, str] | None = None) -> str | None:
    return section_label(category, section_types or {}) or keyword_label(text, title)

"""Text pieces shared by the UNIT modules: the spacing allowed inside a unit name, words and the end of a
word, and the normalised key under which place and department names are looked up."""

from __future__ import annotations

import re

# inside a unit name words are separated by spaces, or by one line break (hard-wrapped portal text)
SP = r"(?:[ \t]*\n[ \t]*|[ \t]+)"
WS = re.compile(r"[ \t]*(?:\n[ \t]*)?")
END = r"(?![^\W_])"  # the end of a word
WORD = re.compile(r"[^\W_]+")
ANY_WORD = re.compile(r"(?<![^\W_])[^\W\d_][^\W_]*")  # a word that starts with a letter


def name_key(name: str) -> str:
    """Lookup key of a place name: case-folded, one kind of apostrophe, hyphens read as spaces."""
    name = name.replace("’", "'").replace("‘", "'").replace("-", " ")
    return re.sub(r"\s+", " ", name).strip().casefold()


def squash(s: str) -> str:
    """Runs of white space (line breaks too) as one space, none at the ends."""
    return re.sub(r"\s+", " ", s).strip()

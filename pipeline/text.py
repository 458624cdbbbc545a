"""Vietnamese text normalisation that keeps offsets.

``normalise`` returns the NFC text with ``Ð`` folded to ``Đ``, old tone placement folded to the new style
(``hoà`` -> ``hòa``, ``uỷ`` -> ``ủy``), typographic dashes to ``-`` and odd spaces to plain spaces, together with
a map from every position of the result to a position of the input, so an entity found in the normalised
text can be pointed back at what was written.
"""

from __future__ import annotations

import re
import unicodedata

# Tone marks as combining characters (NFD): grave, acute, hook above, tilde, dot below.
_TONES = "\u0300\u0301\u0309\u0303\u0323"
_VOWEL = "aăâeêioôơuưy"
# o+a / o+e / u+y carrying the tone on the second vowel at the end of a syllable ("hoà", "thuỷ");
# not after "q", where "u" belongs to the consonant ("quý" is already right).
_OLD_TONE = re.compile(
    rf"(?<![qQ])([oOuU])([aAeEyY])([{_TONES}])(?![{_VOWEL}{_VOWEL.upper()}a-zA-Z\u0300-\u036f])"
)
_CHAR_MAP = str.maketrans(
    {
        "\u00d0": "Đ",  # Icelandic eth, common in old Vietnamese fonts
        "\u00f0": "đ",
        "\u0189": "Đ",
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": " ",  # zero-width space: kept as a space so offsets stay one to one
        "\ufeff": " ",
    }
)


def nfc(text: str) -> str:
    """NFC only (the first step of ``normalise_text``)."""
    return unicodedata.normalize("NFC", text)


def _fold_syllables(nfd: str) -> str:
    def swap(m: re.Match) -> str:
        # the tone moves to the first vowel; lengths are unchanged in NFD
        return m.group(1) + m.group(3) + m.group(2)

    return _OLD_TONE.sub(swap, nfd)


def fold(text: str) -> str:
    """Fold an NFC string: Ð->Đ, dashes, spaces, old tone placement. Same length as the input."""
    text = text.translate(_CHAR_MAP)
    if not any(c in text for c in "àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ"):
        return text
    out = []
    # fold word by word so each NFC character maps to exactly one output character; a stray combining mark
    # (not \w) stays with its word, or the word's new last letter and the mark would be left uncomposed
    for token in re.split(r"([^\w\u0300-\u036f]+)", text):
        if not token or not token[0].isalpha():
            out.append(token)
            continue
        folded = unicodedata.normalize("NFC", _fold_syllables(unicodedata.normalize("NFD", token)))
        out.append(folded if len(folded) == len(token) else token)
    return "".join(out)


def normalise(text: str) -> tuple[str, list[int]]:
    """Return ``(normalised, offsets)`` where ``offsets[i]`` is the input position of output char ``i``.

    ``offsets`` has one extra entry (the input length) so an end offset maps too.
    """
    offsets: list[int] = []
    pieces: list[str] = []
    # NFC changes lengths; compose cluster by cluster (a base char plus its combining marks).
    for m in re.finditer(r".[\u0300-\u036f]*", text, flags=re.S):
        composed = unicodedata.normalize("NFC", m.group())
        pieces.append(composed)
        offsets.extend([m.start()] * len(composed))
    composed_text = "".join(pieces)
    offsets.append(len(text))
    return fold(composed_text), offsets


class NormalisedText(str):
    """A text already normalised (the text the NLP stage ran on): ``normalise_text`` returns it as is,
    which spares the classifier's features three passes over every article."""


def normalise_text(text: str) -> str:
    """The normalised text alone (NFC + fold)."""
    if isinstance(text, NormalisedText):
        return text
    return fold(unicodedata.normalize("NFC", text))


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces inside lines and trim each line (paragraph breaks are kept)."""
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def comparable(value: str) -> str:
    """The form in which gold and predicted values are compared: normalised, case-folded, spaces collapsed."""
    return re.sub(r"\s+", " ", normalise_text(value)).strip().casefold()


def encode_cp1258(text: str) -> bytes:
    """Encode Vietnamese as windows-1258 does: base letters (with their hats) plus a separate tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text).translate({0xD0: "Đ", 0xF0: "đ"}):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += (base + tones).encode("cp1258", errors="replace")
    return bytes(out)

"""Bytes -> text for HTML pages in any encoding a Vietnamese portal serves (UTF-8, windows-1258, BOMs)."""

from __future__ import annotations

import re

from bs4.dammit import UnicodeDammit

from ..text import nfc

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_ALIASES = {"windows-1258": "cp1258", "x-cp1258": "cp1258", "tcvn": "cp1258", "utf8": "utf-8"}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = _ALIASES.get(name, name)
    try:
        "".encode(name)
    except LookupError:
        return None
    return name


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode an HTML body: BOM, then the HTTP charset, then the page's meta charset, then a guess.

    The result is NFC, so pages stored in decomposed Unicode come out composed.
    """
    if body.startswith(b"\xef\xbb\xbf"):
        return nfc(body[3:].decode("utf-8", errors="replace"))
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if body.startswith(bom):
            return nfc(body[2:].decode(codec, errors="replace"))
    declared = []
    if content_type:
        m = _CHARSET.search(content_type)
        if m:
            declared.append(_codec(m.group(1)))
    m = _CHARSET.search(body[:4096].decode("ascii", errors="ignore"))
    if m:
        declared.append(_codec(m.group(1)))
    for codec in [c for c in declared if c]:
        try:
            return nfc(body.decode(codec))
        except UnicodeDecodeError:
            continue
    try:
        return nfc(body.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    guess = UnicodeDammit(body, ["utf-8", "cp1258", "cp1252"], is_html=True)
    if guess.unicode_markup is not None:
        return nfc(guess.unicode_markup)
    return nfc(body.decode("cp1258", errors="replace"))

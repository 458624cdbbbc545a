"""Labelled examples for the article-type model: the project's own data, a user's labelled file, and weak
labels over a crawl."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import ConfigError
from .taxonomy import codes
from .weak import weak_label


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    source: str  # sample | corpus | file:<name> | weak


def article_text(title: str | None, body: str | None) -> str:
    """What the model reads: the title, then the article (as gold records hold them)."""
    return "\n\n".join(p for p in (title, body) if p)


def project_examples() -> list[Example]:
    """The sample portal's articles and the bundled corpus (original writing, labelled by TAXONOMY.md)."""
    from ..sample_portal.content import articles

    out = [Example(a.text, a.type, "sample") for a in articles()]
    folder = resources.files(__package__).joinpath("data")
    for f in sorted((p for p in folder.iterdir() if p.name.startswith("corpus") and p.name.endswith(".jsonl")),
                    key=lambda p: p.name):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rec = json.loads(line)
                if rec["type"] not in codes():
                    raise ConfigError(f"classify/data/{f.name}:{n}: unknown type {rec['type']!r}")
                out.append(Example(article_text(rec.get("title"), rec["text"]), rec["type"], "corpus"))
    return out


def read_labelled(path: Path) -> list[Example]:
    """A labelled CSV (columns text + label or article_type, optional title) or JSONL file."""
    if not path.exists():
        raise ConfigError(f"{path}: labelled file not found")
    rows: list[dict] = []
    try:
        if path.suffix.lower() == ".csv":
            with open(path, encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
        else:
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError, csv.Error) as exc:
        raise ConfigError(f"{path}: cannot read labelled examples ({exc})") from exc
    out = []
    for n, row in enumerate(rows, 1):
        label = (row.get("label") or row.get("article_type") or row.get("type") or "").strip()
        text = row.get("text") or ""
        if not label:
            continue  # an unlabelled row of a review file: skipped
        if label not in codes():
            raise ConfigError(f"{path}: row {n}: unknown type {label!r}; known: {', '.join(codes())}")
        if not text.strip():
            raise ConfigError(f"{path}: row {n}: no text")
        out.append(Example(article_text(row.get("title"), text) if row.get("title") and not text.startswith(
            row["title"]) else text, label, f"file:{path.name}"))
    if not out:
        raise ConfigError(f"{path}: no labelled rows (fill the 'label' column with type codes)")
    return out


def weak_examples(articles, section_types_of) -> list[Example]:
    """Weak labels over a crawled ``articles`` table; articles the rules abstain on are left out."""
    out = []
    for row in articles.itertuples():
        label = weak_label(row.text, "", row.category, section_types_of(row.site))
        if label:
            out.append(Example(row.text, label, "weak"))
    return out


def fingerprint(examples: list[Example]) -> str:
    h = hashlib.sha256()
    for ex in examples:
        h.update(ex.label.encode())
        h.update(b"\0")
        h.update(ex.text.encode())
        h.update(b"\1")
    return h.hexdigest()

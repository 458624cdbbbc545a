"""Export the tables to one SQLite file for browsing with Datasette (``vks export sqlite``, ``vks serve``).

Every table and view the catalog shows (``pipeline.dataset.query``) is copied, except the pipeline's own
bookkeeping and ``tokens`` (one row per sentence: too big to browse, and the text is in ``articles``), so the
research tables other stages add (``documents``, ``citations``, ``unit_activity``, ``syndication``, ...) come
along when they exist and are simply absent when they do not. Articles get a ``year``, the units they
mention and the documents they cite (JSON arrays, for Datasette's array facets), and a full-text index.

Search folds Vietnamese: SQLite's ``unicode61 remove_diacritics 2`` tokenizer drops tone marks but keeps
"đ" (a letter of its own, not a "d" with a mark), so the index holds each title and text twice, as written
and folded (no marks, đ -> d). A query typed with or without marks, with "đ" or "d", then finds the article;
``vks serve`` also folds the query (see ``datasette_plugins/vks_search.py``), so both give the same rows.
"""

from __future__ import annotations

import json
import logging
import math
import os
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from ..errors import DatasetError

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

# bump when the layout of the export changes: `vks serve` re-exports a file of another version
EXPORT_VERSION = "1"
META_TABLE = "vks_export"
FTS_TABLE = "articles_fts"
FTS_TOKENIZER = "unicode61 remove_diacritics 2"

# catalog objects left out of the export, and why (printed by `vks export sqlite`)
LEFT_OUT = {
    "tokens": "one row per sentence, too big to browse (the text is in articles)",
    "crawl_log": "the crawler's ledger, not research data",
    "crawl_history": "every state of the crawler's ledger, not research data",
    "skips": "pages the pipeline could not parse, not research data",
    "vks_meta": "the catalog's own bookkeeping",
}
# tables written first, so that the others can point at them
PRIMARY_KEYS = {"articles": "article_id", "units": "unit_id", "documents": "doc_id"}
# (table or "*", column) -> the table whose primary key it names; Datasette turns these into links
LINKS: dict[tuple[str, str], str] = {
    ("*", "article_id"): "articles",
    ("*", "unit_id"): "units",
    ("*", "doc_id"): "documents",
    ("doc_refs", "number"): "documents",  # the DOCREF entity's normalised value, as documents.doc_id
    ("units", "predecessor"): "units",
    ("units", "successor"): "units",
    ("unit_links", "predecessor"): "units",
    ("unit_links", "successor"): "units",
}
# columns worth an index beside the links: the facets of `vks serve`
INDEXED = {"articles": ["site", "article_type", "year", "published_at", "category"],
           "entities": ["type", "value"], "unit_mentions": ["unit"], "citations": ["published_at"],
           "unit_activity": ["month"], "syndication": ["cluster_id"]}
# the order of the articles' columns in the export (any other column follows, as the catalog gives it)
ARTICLE_COLUMNS = ["article_id", "published_at", "year", "site", "title", "article_type", "type_score",
                   "category", "units_mentioned", "documents_cited", "url", "lead", "body", "author", "text"]

_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "\u00f0": "d", "\u00d0": "D", "\u0189": "D"})


def fold_for_search(text: str | None) -> str:
    """The text without tone or vowel marks and with "đ" as "d" ("Đảng ủy" -> "Dang uy")."""
    if not text:
        return ""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", stripped.translate(_D_MAP))


def default_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / "exports" / "vks.db"


# -- reading the catalog ---------------------------------------------------------------------------

def catalog_frames(data_dir: Path | str) -> dict[str, tuple[pd.DataFrame, dict[str, str]]]:
    """Every table and view of the catalog worth exporting: name -> (rows, column -> DuckDB type)."""
    from .. import dataset

    columns = dataset.query("SELECT table_name, column_name, data_type FROM information_schema.columns "
                            "ORDER BY table_name, ordinal_position", data_dir)
    out: dict[str, tuple[pd.DataFrame, dict[str, str]]] = {}
    for name, cols in columns.groupby("table_name", sort=False):
        if name in LEFT_OUT or not str(name).isidentifier():
            continue
        types = dict(zip(cols["column_name"], cols["data_type"], strict=True))
        out[str(name)] = (dataset.query(f'SELECT * FROM "{name}"', data_dir), types)
    if "articles" not in out:
        raise DatasetError(f"{dataset.processed_dir(data_dir)}: no articles table yet; run `vks process` "
                           "(or `vks demo`) first")
    return out


def shape_articles(articles: pd.DataFrame, unit_mentions: pd.DataFrame | None = None,
                   doc_refs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Articles with ``year``, ``units_mentioned`` and ``documents_cited`` (sorted lists), columns reordered."""
    df = articles.copy()
    published = pd.to_datetime(df["published_at"], errors="coerce")
    df["year"] = published.dt.year.astype("Int64")
    df["units_mentioned"] = _lists_per_article(df["article_id"], unit_mentions, "unit")
    df["documents_cited"] = _lists_per_article(df["article_id"], doc_refs, "number")
    first = [c for c in ARTICLE_COLUMNS if c in df.columns]
    return df[first + [c for c in df.columns if c not in first]]


def _lists_per_article(ids: pd.Series, rows: pd.DataFrame | None, column: str) -> list[list[str]]:
    if rows is None or column not in rows.columns or not len(rows):
        return [[] for _ in ids]
    grouped = rows.dropna(subset=[column]).groupby("article_id")[column].agg(lambda s: sorted(set(s)))
    return [grouped.get(i, []) for i in ids]


# -- writing SQLite --------------------------------------------------------------------------------

def _sqlite_type(duck_type: str) -> type:
    t = duck_type.upper()
    if t.endswith("[]") or t.startswith(("STRUCT", "MAP")):
        return str
    if t in {"BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
             "UINTEGER", "UBIGINT"}:
        return int
    if t in {"DOUBLE", "FLOAT", "REAL"} or t.startswith("DECIMAL"):
        return float
    return str


def _value(v: object, duck_type: str) -> object:
    """One cell as SQLite stores it: ISO dates, JSON lists, plain numbers, NULL for missing."""
    if v is None or v is pd.NaT or v is pd.NA:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "tolist") and not isinstance(v, str | bytes):  # numpy arrays and scalars
        v = v.tolist()
    if isinstance(v, list | tuple | dict):
        return json.dumps(v, ensure_ascii=False, default=str)
    if isinstance(v, datetime | pd.Timestamp):
        if duck_type.upper() == "DATE":
            return v.strftime("%Y-%m-%d")
        return v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


def _rows(df: pd.DataFrame, types: dict[str, str]) -> Iterator[dict]:
    cols = list(df.columns)
    kinds = [types.get(c, "VARCHAR") for c in cols]
    for record in df.itertuples(index=False, name=None):
        yield {c: _value(v, k) for c, v, k in zip(cols, record, kinds, strict=True)}


def write_sqlite(frames: dict[str, tuple[pd.DataFrame, dict[str, str]]], out: Path | str) -> Path:
    """Write the frames (already shaped) to ``out`` atomically: a temporary file, fsynced, then renamed."""
    import sqlite_utils

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(tmp)
        keyed = _unique_keys(frames)
        order = [n for n in PRIMARY_KEYS if n in frames] + sorted(n for n in frames if n not in PRIMARY_KEYS)
        for name in order:
            df, types = frames[name]
            columns = {c: _sqlite_type(types.get(c, "VARCHAR")) for c in df.columns}
            links = _links(name, df, types, keyed)
            table = db.table(name)
            table.create(columns, pk=PRIMARY_KEYS[name] if name in keyed else None, foreign_keys=links)
            table.insert_all(_rows(df, types), batch_size=500)
            for column in sorted({fk[0] for fk in links} | set(INDEXED.get(name, [])) & set(df.columns)):
                table.create_index([column], if_not_exists=True)
        _full_text_index(db)
        db.table(META_TABLE).insert_all([
            {"key": "export_version", "value": EXPORT_VERSION},
            {"key": "exported_at", "value": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")},
            {"key": "tables", "value": json.dumps(order)},
        ], pk="key")
        db.execute("ANALYZE")
        db.conn.commit()
        db.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DatasetError(f"{out}: cannot write the SQLite export ({exc}); check free space and "
                               "permissions, or pass another --out") from exc
        raise
    return out


def _unique_keys(frames: dict[str, tuple[pd.DataFrame, dict[str, str]]]) -> set[str]:
    """The tables whose primary-key column is filled and unique (a table that breaks it gets rowids)."""
    keyed = set()
    for name, pk in PRIMARY_KEYS.items():
        if name in frames and pk in frames[name][0].columns:
            values = frames[name][0][pk]
            if values.notna().all() and values.is_unique:
                keyed.add(name)
            else:
                log.warning("%s.%s is not a unique key: exported without links to it", name, pk)
    return keyed


def _links(name: str, df: pd.DataFrame, types: dict[str, str], keyed: set[str]) -> list[tuple[str, str, str]]:
    out = []
    for column in df.columns:
        target = LINKS.get((name, column)) or LINKS.get(("*", column))
        if (target and target in keyed and (target != name or column != PRIMARY_KEYS[target])
                and _sqlite_type(types.get(column, "VARCHAR")) is str):
            out.append((column, target, PRIMARY_KEYS[target]))
    return out


def _full_text_index(db) -> None:
    """A contentless FTS5 table over the articles' titles and texts, as written and folded.

    Contentless: the index only, keyed by the articles' rowids, so the folded copies cost no stored text
    and the articles table stays as the pipeline wrote it."""
    db.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, text, content='', "
               f"tokenize='{FTS_TOKENIZER}')")
    rows = db.execute("SELECT rowid, title, text FROM articles").fetchall()
    db.conn.executemany(f"INSERT INTO {FTS_TABLE} (rowid, title, text) VALUES (?, ?, ?)",
                        [(rowid, _both(title), _both(text)) for rowid, title, text in rows])


def _both(text: str | None) -> str:
    text = text or ""
    folded = fold_for_search(text)
    return text if folded == text else f"{text}\n{folded}"


# -- the entry points ------------------------------------------------------------------------------

def export_frames(data_dir: Path | str) -> dict[str, tuple[pd.DataFrame, dict[str, str]]]:
    """The catalog's tables, read and shaped for the export."""
    frames = catalog_frames(data_dir)
    articles, types = frames["articles"]
    mentions = frames.get("unit_mentions", (None, {}))[0]
    refs = frames.get("doc_refs", (None, {}))[0]
    shaped = shape_articles(articles, mentions, refs)
    frames["articles"] = (shaped, {**types, "year": "INTEGER", "units_mentioned": "VARCHAR[]",
                                   "documents_cited": "VARCHAR[]"})
    return frames


def export_sqlite(data_dir: Path | str, out: Path | str | None = None) -> Path:
    """Export the tables of ``data_dir`` to a SQLite file (default ``<data_dir>/exports/vks.db``)."""
    return write_sqlite(export_frames(data_dir), out or default_path(data_dir))


def newest_table_time(data_dir: Path | str) -> float:
    """The last time anything under ``processed/`` changed (Parquet files, Delta logs, the catalog)."""
    from .. import dataset

    folder = dataset.processed_dir(data_dir)
    times = [p.stat().st_mtime for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]
    return max(times, default=0.0)


def export_version(path: Path | str) -> str | None:
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'export_version'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def is_stale(path: Path | str, data_dir: Path | str) -> bool:
    """Whether the export is missing, older than the tables, or written by another export version."""
    path = Path(path)
    if not path.exists():
        return True
    return path.stat().st_mtime < newest_table_time(data_dir) or export_version(path) != EXPORT_VERSION


def table_names(path: Path | str) -> list[str]:
    import sqlite_utils

    return sqlite_utils.Database(path).table_names()


def counts(path: Path | str, names: Iterable[str] | None = None) -> dict[str, int]:
    import sqlite_utils

    db = sqlite_utils.Database(path)
    return {n: db.table(n).count for n in (names or db.table_names())
            if n != META_TABLE and not n.startswith((FTS_TABLE, "sqlite_"))}

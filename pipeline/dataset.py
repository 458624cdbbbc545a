"""The processed tables: schemas, atomic Parquet writes, the DuckDB catalog, and reading them back.

This is the one module that writes processed data. Each table is one Parquet file under
``data/processed/``, replaced atomically (write a temporary file, fsync, rename), so a reader or a killed
run never sees half a table. Columns are only ever added; every file carries ``vks.schema_version``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import DatasetError
from .research import unit_activity

SCHEMA_VERSION = "1"

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("article_id", pa.string()),
        ("site", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("published_at", pa.date32()),
        ("date_source", pa.string()),  # page | meta | time | htmldate | text | null
        ("category", pa.string()),
        ("lead", pa.string()),
        ("body", pa.string()),
        ("author", pa.string()),
        ("text", pa.string()),
        ("article_type", pa.string()),
        ("type_score", pa.float64()),
        ("raw_sha256", pa.string()),
        ("fetched_at", pa.timestamp("s", tz="UTC")),
        ("processed_at", pa.timestamp("s", tz="UTC")),
        ("pipeline_version", pa.string()),
        ("parse_method", pa.string()),
        ("type_model", pa.string()),  # sha256 (first 16) of the model that typed the article
    ]),
    "tokens": pa.schema([
        ("article_id", pa.string()),
        ("sentence", pa.int32()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("tokens", pa.list_(pa.string())),
    ]),
    "entities": pa.schema([
        ("article_id", pa.string()),
        ("type", pa.string()),
        ("text", pa.string()),
        ("value", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("sentence", pa.int32()),
        ("method", pa.string()),
        ("attrs", pa.string()),  # JSON object; DuckDB: attrs->>'$.doc_type'
    ]),
    "units": pa.schema([
        ("unit_id", pa.string()),
        ("name", pa.string()),
        ("kind", pa.string()),
        ("level", pa.string()),
        ("province", pa.string()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
        ("predecessor", pa.string()),
        ("successor", pa.string()),
        ("source", pa.string()),  # gazetteer | regional_units | mention (pipeline/research/units.py)
    ]),
    "unit_links": pa.schema([  # the evidence of each predecessor -> successor link of `units`
        ("predecessor", pa.string()),
        ("successor", pa.string()),
        ("source", pa.string()),  # gazetteer | regional_units | article
        ("article_id", pa.string()),
        ("evidence", pa.string()),  # the article's words, or the act the data file names
    ]),
    "crawl_log": pa.schema([
        ("url", pa.string()),
        ("site", pa.string()),
        ("kind", pa.string()),
        ("article_key", pa.string()),
        ("first_fetched", pa.string()),
        ("last_fetched", pa.string()),
        ("status", pa.int32()),
        ("outcome", pa.string()),
        ("etag", pa.string()),
        ("last_modified", pa.string()),
        ("sha256", pa.string()),
        ("warc_file", pa.string()),
        ("warc_offset", pa.int64()),
        ("content_type", pa.string()),
        ("error", pa.string()),
        ("attempts", pa.int32()),
        ("found_on", pa.string()),
    ]),
    "skips": pa.schema([
        ("url", pa.string()),
        ("site", pa.string()),
        ("raw_sha256", pa.string()),
        ("reason", pa.string()),
        ("processed_at", pa.timestamp("s", tz="UTC")),
    ]),
}
TABLES = tuple(SCHEMAS)


def processed_dir(data_dir: Path | str | None) -> Path:
    if data_dir is None:
        from .config import load_settings

        data_dir = load_settings().data_dir
    return Path(data_dir) / "processed"


def table_path(name: str, data_dir: Path | str | None) -> Path:
    if name not in SCHEMAS:
        raise DatasetError(f"unknown table {name!r}; tables: {', '.join(TABLES)}")
    return processed_dir(data_dir) / f"{name}.parquet"


def empty(name: str) -> pd.DataFrame:
    return SCHEMAS[name].empty_table().to_pandas()


def to_arrow(name: str, df: pd.DataFrame) -> pa.Table:
    schema = SCHEMAS[name]
    df = df.reindex(columns=schema.names)
    table = pa.Table.from_pandas(df, schema=schema, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta.pop(b"pandas", None)
    meta[b"vks.schema_version"] = SCHEMA_VERSION.encode()
    meta[b"vks.table"] = name.encode()
    return table.replace_schema_metadata(meta)


def write_table(name: str, df: pd.DataFrame, data_dir: Path | str) -> Path:
    """Replace a table atomically."""
    path = table_path(name, data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(to_arrow(name, df), tmp, compression="zstd")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DatasetError(f"{path}: cannot write the {name} table ({exc}); check free space and permissions") from exc
    return path


def remove_stale_temp_files(data_dir: Path | str) -> list[Path]:
    """Delete half-written table and catalog files left by a killed run (call while holding the lock)."""
    folder = processed_dir(data_dir)
    stale = [p for p in folder.glob(".*.tmp")] + [p for p in folder.glob(".catalog.*.duckdb*")] if folder.exists() else []
    for p in stale:
        p.unlink(missing_ok=True)
    return stale


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_table(name: str, data_dir: Path | str | None, missing_ok: bool = False) -> pd.DataFrame:
    path = table_path(name, data_dir)
    if not path.exists():
        if missing_ok:
            return empty(name)
        raise DatasetError(f"{path}: no {name} table yet; run `vks process` (or `vks demo`) first")
    try:
        df = pq.read_table(path).to_pandas()
    except (OSError, pa.ArrowException) as exc:
        raise DatasetError(
            f"{path}: the {name} table is unreadable ({exc}). It is rebuilt from data/raw: delete it and run "
            "`vks process --rebuild`"
        ) from exc
    # a table written before a column was added reads with that column empty
    for column in SCHEMAS[name].names:
        if column not in df.columns:
            df[column] = None
    return df


def load_table(name: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """The public reader behind ``pipeline.load``."""
    return read_table(name, data_dir)


# -- the DuckDB catalog ----------------------------------------------------------------------------
# derived views: name -> (tables it needs, SQL)
VIEWS: dict[str, tuple[tuple[str, ...], str]] = {
    "doc_refs": (("entities", "articles"), """
        SELECT e.article_id, a.site, a.published_at, e.value AS number, e.text,
               e.attrs->>'$.doc_type' AS doc_type, e.attrs->>'$.code' AS code,
               e.attrs->>'$.seq' AS seq, TRY_CAST(e.attrs->>'$.year' AS INTEGER) AS year,
               CAST(e.attrs->'$.issuers' AS VARCHAR[]) AS issuers,
               TRY_CAST(e.attrs->>'$.issue_date' AS DATE) AS issue_date,
               e.sentence, e.start, e."end"
        FROM entities e JOIN articles a USING (article_id)
        WHERE e.type = 'DOCREF'"""),
    "unit_mentions": (("entities", "articles"), """
        SELECT e.article_id, a.site, a.published_at, e.value AS unit, e.text,
               e.attrs->>'$.unit_id' AS unit_id, e.attrs->>'$.kind' AS kind,
               e.attrs->>'$.level' AS level, e.attrs->>'$.place' AS place,
               e.sentence, e.start, e."end"
        FROM entities e JOIN articles a USING (article_id)
        WHERE e.type = 'UNIT'"""),
    "unit_activity": (unit_activity.NEEDS, unit_activity.SQL),
}


def build_catalog(data_dir: Path | str) -> Path:
    """(Re)create ``catalog.duckdb`` with one view per table (and the derived views), atomically."""
    import duckdb

    folder = processed_dir(data_dir)
    path = folder / "catalog.duckdb"
    tmp = folder / f".catalog.{os.getpid()}.duckdb"
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        for name in TABLES:
            p = table_path(name, data_dir)
            if p.exists():
                con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_sql_str(str(p.resolve()))})")
        for name, (needs, sql) in VIEWS.items():
            if all(table_path(t, data_dir).exists() for t in needs):
                con.execute(f"CREATE VIEW {name} AS {sql}")
        con.execute("CREATE TABLE vks_meta AS SELECT ? AS schema_version", [SCHEMA_VERSION])
    finally:
        con.close()
    os.replace(tmp, path)
    Path(str(tmp) + ".wal").unlink(missing_ok=True)
    return path


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


_READ_ONLY_TYPES = {"SELECT", "EXPLAIN", "PRAGMA"}


def query(sql: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """Answer one read-only SQL statement over the tables."""
    import duckdb

    path = processed_dir(data_dir) / "catalog.duckdb"
    if not path.exists():
        raise DatasetError(f"{path}: no catalog yet; run `vks process` (or `vks demo`) first")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise DatasetError(f"SQL error: {exc}") from exc
    if len(statements) != 1:
        raise DatasetError(f"give exactly one SQL statement (got {len(statements)})")
    kind = statements[0].type.name
    if kind not in _READ_ONLY_TYPES:
        raise DatasetError(f"vks query is read-only: {kind} statements are refused; use SELECT")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise DatasetError(f"{path}: cannot open the catalog ({exc}); run `vks process` to rebuild it") from exc
    try:
        return con.execute(sql).df()
    except duckdb.Error as exc:
        raise DatasetError(f"SQL error: {exc}") from exc
    finally:
        con.close()


def to_json_records(df: pd.DataFrame) -> str:
    return json.dumps(json.loads(df.to_json(orient="records", date_format="iso", force_ascii=False)),
                      ensure_ascii=False, indent=None)

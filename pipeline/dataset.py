"""The processed tables: schemas, Delta Lake storage, the DuckDB catalog, and reading them back.

This is the one module that writes processed data. Each table is a Delta Lake table (Parquet files plus a
transaction log) in ``data/processed/<name>/``. A run commits what it adds: rows of the articles it
processed replace that article's earlier rows in one commit (an overwrite restricted to
``article_id IN (...)``), ``crawl_log`` grows by appending, so a run that adds k articles writes O(k) rows
and never rewrites the rest. Each commit is atomic: a reader or a killed run sees the previous version or
the next one, never half of one. Columns are only ever added; every commit carries ``vks.schema_version``.

Why Delta Lake: ACID commits and versions on plain files (no server), a predicate overwrite that is
exactly "replace this article's rows", compaction and vacuum, and readers everywhere (pandas via
``deltalake``, DuckDB, Spark, Dask). DuckDB reads Delta through its ``delta`` extension, which needs a
download; the catalog instead points each view at the Parquet files of the table's current version
(``DeltaTable.file_uris()``), which works offline and gives every query one consistent version.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .errors import DatasetError, QueryRefused
from .io import atomic_write
from .io import remove_stale_temp_files as _remove_temp
from .research import documents as _documents
from .research import unit_activity

log = logging.getLogger(__name__)

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
        ("fetched_at", pa.timestamp("us", tz="UTC")),
        ("processed_at", pa.timestamp("us", tz="UTC")),
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
    "syndication": pa.schema([  # one story on several portals (pipeline/research/syndication.py)
        ("cluster_id", pa.string()),  # the article_id of the cluster's first publication
        ("article_id", pa.string()),
        ("site", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("published_at", pa.date32()),
        ("first_publisher", pa.string()),
        ("is_first", pa.bool_()),
        ("lag_days", pa.int32()),
        ("similarity", pa.float64()),
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
        ("processed_at", pa.timestamp("us", tz="UTC")),
    ]),
}
TABLES = tuple(SCHEMAS)
# tables the research step writes (pipeline/research/refresh.py: `vks research`, or after `vks run`/`vks demo`)
RESEARCH_TABLES = ("units", "unit_links", "syndication")
# tables whose rows belong to one article: a processed article replaces its rows by this key
KEYS = {"articles": "article_id", "tokens": "article_id", "entities": "article_id", "skips": "url"}
# the order pipeline.load() returns rows in (what the tables were sorted by when they were rewritten whole)
ORDER = {
    "articles": (["published_at", "article_id"], [False, True]),
    "tokens": (["article_id", "sentence"], [True, True]),
    "entities": (["article_id", "start", "end", "type"], [True, True, True, True]),
}
# a table is compacted once it holds more active files than this (each run adds one file per table)
MAX_FILES = 48
# vacuum keeps files that left the table less than this long ago: a reader still on an older version (a
# notebook that opened the catalog before a compaction) keeps working
RETAIN_HOURS = 24.0


def processed_dir(data_dir: Path | str | None) -> Path:
    if data_dir is None:
        from .config import load_settings

        data_dir = load_settings().data_dir
    return Path(data_dir) / "processed"


def table_path(name: str, data_dir: Path | str | None) -> Path:
    """The Delta table directory of ``name``."""
    if name not in SCHEMAS:
        raise DatasetError(f"unknown table {name!r}; tables: {', '.join(TABLES)}")
    return processed_dir(data_dir) / name


def legacy_path(name: str, data_dir: Path | str | None) -> Path:
    """Where a table lived before Delta Lake: one plain Parquet file."""
    return processed_dir(data_dir) / f"{name}.parquet"


def empty(name: str) -> pd.DataFrame:
    return SCHEMAS[name].empty_table().to_pandas()


def to_arrow(name: str, df: pd.DataFrame | pa.Table) -> pa.Table:
    """``df`` as an Arrow table in the table's schema (columns reordered, types cast)."""
    schema = SCHEMAS[name]
    if isinstance(df, pa.Table):
        missing = [f for f in schema if f.name not in df.column_names]
        for f in missing:
            df = df.append_column(f, pa.nulls(df.num_rows, f.type))
        return df.select(schema.names).cast(schema)
    df = df.reindex(columns=schema.names)
    table = pa.Table.from_pandas(df, schema=schema, preserve_index=False)
    return table.replace_schema_metadata(None)


def _commit_meta(name: str, operation: str):
    from deltalake import CommitProperties

    return CommitProperties(custom_metadata={"vks.schema_version": SCHEMA_VERSION, "vks.table": name,
                                             "vks.operation": operation})


def _open(name: str, data_dir: Path | str | None):
    """The Delta table, or None when it does not exist yet."""
    from deltalake import DeltaTable
    from deltalake.exceptions import TableNotFoundError

    path = table_path(name, data_dir)
    if not (path / "_delta_log").is_dir():
        return None
    try:
        return DeltaTable(str(path))
    except TableNotFoundError:  # a log directory without a commit: a first write killed part way
        return None
    except Exception as exc:
        raise _unreadable(name, path, exc) from exc


def _unreadable(name: str, path: Path, exc: BaseException) -> DatasetError:
    return DatasetError(f"{path}: the {name} table is unreadable ({exc}). It is rebuilt from data/raw: "
                        "run `vks process --rebuild`")


def exists(name: str, data_dir: Path | str | None) -> bool:
    return _open(name, data_dir) is not None or legacy_path(name, data_dir).exists()


def version(name: str, data_dir: Path | str | None) -> int | None:
    """The table's current Delta version (None: no table)."""
    dt = _open(name, data_dir)
    return None if dt is None else dt.version()


def schema_version(name: str, data_dir: Path | str | None) -> str | None:
    """The ``vks.schema_version`` recorded with the table's last commit."""
    dt = _open(name, data_dir)
    return None if dt is None else dt.history(1)[0].get("vks.schema_version")


def file_count(name: str, data_dir: Path | str | None) -> int:
    dt = _open(name, data_dir)
    return 0 if dt is None else len(dt.file_uris())


def row_count(name: str, data_dir: Path | str | None) -> int:
    """Rows in the current version, from the transaction log's statistics (no data file is read)."""
    dt = _open(name, data_dir)
    if dt is None:
        return 0
    adds = pa.table(dt.get_add_actions(flatten=True))  # an arro3 table: to pyarrow without a copy
    return sum(n or 0 for n in adds.column("num_records").to_pylist())


def _sql_in(column: str, values: Iterable[str]) -> str:
    return f"{column} IN ({', '.join(_sql_str(v) for v in values)})"


def read_arrow(name: str, data_dir: Path | str | None, columns: list[str] | None = None,
               where: tuple[str, Iterable[str]] | None = None, missing_ok: bool = True) -> pa.Table:
    """The table (or some of its columns, or the rows whose ``where[0]`` is in ``where[1]``) as Arrow."""
    dt = _open(name, data_dir)
    if dt is None:
        legacy = legacy_path(name, data_dir)
        if legacy.exists():  # written before the move to Delta Lake and not upgraded yet: still readable
            table = _read_legacy(name, legacy)
        elif missing_ok:
            table = SCHEMAS[name].empty_table()
        else:
            raise DatasetError(f"{table_path(name, data_dir)}: no {name} table yet; {_how_to_build([name], data_dir)}")
    else:
        import pyarrow.dataset as ds

        try:
            # a table written before a column was added reads with that column empty
            present = set(dt.schema().to_arrow().names)
            want = [c for c in (columns or SCHEMAS[name].names) if c in present]
            flt = None
            if where is not None:
                flt = ds.field(where[0]).isin(list(where[1]))
            table = dt.to_pyarrow_dataset().to_table(columns=want, filter=flt)
        except DatasetError:
            raise
        except Exception as exc:
            raise _unreadable(name, table_path(name, data_dir), exc) from exc
    wanted = columns or SCHEMAS[name].names
    for col in wanted:
        if col not in table.column_names:
            table = table.append_column(SCHEMAS[name].field(col), pa.nulls(table.num_rows, SCHEMAS[name].field(col).type))
    # delta-rs may hand strings back as large or view types: one schema whatever wrote the files
    return table.select(wanted).cast(pa.schema([SCHEMAS[name].field(c) for c in wanted]))


def _read_legacy(name: str, path: Path) -> pa.Table:
    import pyarrow.parquet as pq

    try:
        return pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        raise _unreadable(name, path, exc) from exc


def read_table(name: str, data_dir: Path | str | None, missing_ok: bool = False,
               columns: list[str] | None = None) -> pd.DataFrame:
    return read_arrow(name, data_dir, columns, missing_ok=missing_ok).to_pandas()


def load_table(name: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """The public reader behind ``pipeline.load``: the current version of a table, in its usual order.

    ``crawl_log`` holds every state a URL went through (it grows by appending); ``load`` gives the latest
    per URL, the ledger as it stands, as it always did; ``load("crawl_history")`` gives them all."""
    if name in VIEWS:  # documents, citations, unit_activity, ...: what `vks query` shows under that name
        return _load_view(name, data_dir)
    history = name == "crawl_history"
    if history:
        name = "crawl_log"
    if name not in SCHEMAS:
        raise DatasetError(f"unknown table {name!r}; tables: {', '.join(TABLES)}, crawl_history; "
                           f"views: {', '.join(VIEWS)}")
    # once processing has run, a table it writes only when it has rows (skips, crawl_log) loads empty
    df = read_table(name, data_dir, missing_ok=name not in RESEARCH_TABLES and exists("articles", data_dir))
    if history:
        return df
    if name == "crawl_log":
        df = latest_per_url(df)
    if name in ORDER and len(df):
        by, ascending = ORDER[name]
        df = df.sort_values(by, ascending=ascending, na_position="last", kind="stable").reset_index(drop=True)
    return df


def _how_to_build(missing: list[str], data_dir: Path | str | None) -> str:
    """What to run to build the tables ``missing``: the research step once processing has run, else process."""
    if set(missing) <= set(RESEARCH_TABLES) and exists("articles", data_dir):
        return "run `vks research` (`vks run` and `vks demo` build it after processing)"
    return "run `vks process` (or `vks demo`) first"


def _load_view(name: str, data_dir: Path | str | None) -> pd.DataFrame:
    missing = [t for t in VIEWS[name][0] if not exists(t, data_dir)]
    if missing:
        raise DatasetError(f"no {name} view yet: it reads the {', '.join(missing)} table(s); "
                           f"{_how_to_build(missing, data_dir)}")
    return query(f"SELECT * FROM {name} ORDER BY ALL", data_dir)  # a view has no order of its own: give one


def latest_per_url(df: pd.DataFrame) -> pd.DataFrame:
    if not len(df):
        return df
    df = df.sort_values(["url", "attempts", "last_fetched"], na_position="first", kind="stable")
    return df.drop_duplicates("url", keep="last").reset_index(drop=True)


# -- writing ----------------------------------------------------------------------------------------
def _write(name: str, table: pa.Table, data_dir: Path | str, mode: str, predicate: str | None = None,
           operation: str = "write") -> None:
    from deltalake import write_deltalake

    path = table_path(name, data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    dt = _open(name, data_dir)
    if dt is not None:
        _add_missing_columns(name, dt)
    elif predicate is not None:
        predicate, mode = None, "append"  # nothing to replace in a table that does not exist yet
    try:
        write_deltalake(str(path), table, mode=mode, predicate=predicate,
                        description=f"vks table {name}; schema version {SCHEMA_VERSION}",
                        commit_properties=_commit_meta(name, operation))
    except OSError as exc:
        raise DatasetError(f"{path}: cannot write the {name} table ({exc}); check free space and permissions") from exc
    except Exception as exc:
        if "No space" in str(exc) or "Permission denied" in str(exc) or "Read-only" in str(exc):
            raise DatasetError(f"{path}: cannot write the {name} table ({exc}); check free space and "
                               "permissions") from exc
        raise


def _add_missing_columns(name: str, dt) -> None:
    """Columns are only ever added: a table from an older version gains the new ones (empty)."""
    from deltalake import Field
    from deltalake.schema import Schema

    present = set(dt.schema().to_arrow().names)
    missing = [f for f in SCHEMAS[name] if f.name not in present]
    if missing:
        fields = Schema.from_arrow(pa.schema(missing)).fields
        dt.alter.add_columns([Field(f.name, f.type, nullable=True) for f in fields])


def replace_rows(name: str, rows: pd.DataFrame | pa.Table, data_dir: Path | str, keys: Iterable[str]) -> None:
    """In one commit, drop the rows whose key is in ``keys`` and add ``rows`` (whose keys are among them).

    Only files holding a replaced key are rewritten (copy on write); new keys touch no existing file."""
    keys = sorted(set(keys))
    if not keys:
        return
    _write(name, to_arrow(name, rows), data_dir, "overwrite", _sql_in(KEYS[name], keys), "replace")


def append_rows(name: str, rows: pd.DataFrame | pa.Table, data_dir: Path | str) -> None:
    table = to_arrow(name, rows)
    if table.num_rows or _open(name, data_dir) is None:
        _write(name, table, data_dir, "append", operation="append")


def rewrite_table(name: str, data_dir: Path | str, transform, batch_size: int = 500) -> None:
    """Rewrite every row of a table through ``transform`` (DataFrame -> DataFrame) in one commit, streamed
    in record batches: for a change that touches every row (a new model re-types every article), where
    replacing batch after batch by key would rewrite the same files over and over."""
    dt = _open(name, data_dir)
    if dt is None:
        return
    scanner = dt.to_pyarrow_dataset().scanner(batch_size=batch_size)

    def batches():
        for batch in scanner.to_batches():
            if batch.num_rows:
                # a file from before a column was added lacks it: completed here, empty
                rows = to_arrow(name, pa.Table.from_batches([batch])).to_pandas()
                yield from to_arrow(name, transform(rows)).to_batches()

    # the files being read stay on disk until a vacuum, after this commit has replaced them
    _write(name, pa.RecordBatchReader.from_batches(SCHEMAS[name], batches()), data_dir, "overwrite",
           operation="rewrite")


def write_table(name: str, df: pd.DataFrame | pa.Table, data_dir: Path | str) -> Path:
    """Replace a whole table in one commit (the previous versions stay readable until vacuumed)."""
    _write(name, to_arrow(name, df), data_dir, "overwrite", operation="overwrite")
    return table_path(name, data_dir)


def reset_table(name: str, data_dir: Path | str) -> None:
    """Empty a table for ``--rebuild``; a table too broken to open is moved out of the way first."""
    path = table_path(name, data_dir)
    try:
        dt = _open(name, data_dir)
    except DatasetError:
        dt = None
        broken = path.with_name(f".{name}.broken")
        shutil.rmtree(broken, ignore_errors=True)
        path.rename(broken)
        log.warning("moved the unreadable %s table to %s", name, broken)
    if dt is not None or not path.exists():
        write_table(name, SCHEMAS[name].empty_table(), data_dir)


def upgrade_legacy(data_dir: Path | str) -> list[str]:
    """Convert the tables of a data directory written as plain Parquet files into Delta tables.

    Streams each file in record batches (a large tokens table is never held whole); the old file is
    deleted only after the Delta commit, so a run killed part way redoes or finishes the upgrade."""
    import pyarrow.parquet as pq

    done = []
    for name in TABLES:
        legacy = legacy_path(name, data_dir)
        if not legacy.exists():
            continue
        if _open(name, data_dir) is None:
            try:
                pf = pq.ParquetFile(legacy)
                batches = (to_arrow(name, pa.Table.from_batches([b])) for b in pf.iter_batches(batch_size=50_000))
                first = True
                for batch in batches:
                    _write(name, batch, data_dir, "overwrite" if first else "append", operation="upgrade")
                    first = False
                if first:
                    write_table(name, SCHEMAS[name].empty_table(), data_dir)
            except (OSError, pa.ArrowException) as exc:
                raise _unreadable(name, legacy, exc) from exc
        legacy.unlink()
        done.append(name)
    return done


def compact(data_dir: Path | str, names: Iterable[str] | None = None, min_files: int = 2,
            retain_hours: float = RETAIN_HOURS) -> dict[str, dict]:
    """Rewrite each table's small files into few large ones (a new version, same rows), then delete the
    files no version newer than ``retain_hours`` needs. Returns files before/after per table."""
    out: dict[str, dict] = {}
    for name in names or TABLES:
        dt = _open(name, data_dir)
        if dt is None:
            continue
        before = len(dt.file_uris())
        if before >= min_files:
            dt.optimize.compact(commit_properties=_commit_meta(name, "compact"))
        removed = dt.vacuum(retention_hours=int(retain_hours), enforce_retention_duration=False, dry_run=False)
        out[name] = {"files_before": before, "files_after": len(dt.file_uris()), "deleted": len(removed),
                     "version": dt.version()}
    return out


def compact_if_needed(data_dir: Path | str, names: Iterable[str]) -> dict[str, dict]:
    """Automatic compaction: the tables holding more than MAX_FILES active files."""
    crowded = [n for n in names if file_count(n, data_dir) > MAX_FILES]
    return compact(data_dir, crowded) if crowded else {}


def remove_stale_temp_files(data_dir: Path | str) -> list[Path]:
    """Delete half-written files a killed run left (call while holding the lock). A Delta table needs no
    cleaning: data files a killed run wrote without committing are never read, and vacuum removes them."""
    return _remove_temp(processed_dir(data_dir))


# -- the DuckDB catalog ----------------------------------------------------------------------------
# derived views: name -> (tables it needs, SQL or a function of the data directory giving it)
VIEWS: dict[str, tuple[tuple[str, ...], str | Callable[[Path | str], str]]] = {
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
    "documents": (_documents.DOCUMENTS_NEEDS, _documents.DOCUMENTS_SQL),
    "citations": (_documents.CITATIONS_NEEDS, _documents.citations_sql),
    "unit_activity": (unit_activity.NEEDS, unit_activity.SQL),
}


# views over the stored tables that are not the stored table itself: name -> (table, SQL over it)
DERIVED = {
    # crawl_log stores every state a URL went through; the view shows the ledger as it stands
    "crawl_log": ("crawl_log", "SELECT * FROM crawl_history QUALIFY row_number() OVER "
                               "(PARTITION BY url ORDER BY attempts DESC, last_fetched DESC) = 1"),
}
STORED_AS = {"crawl_log": "crawl_history"}  # the catalog's name for a stored table when a view takes its name


def table_versions(data_dir: Path | str) -> dict[str, int | None]:
    return {name: version(name, data_dir) for name in TABLES}


def catalog_path(data_dir: Path | str | None) -> Path:
    return processed_dir(data_dir) / "catalog.duckdb"


def catalog_is_current(data_dir: Path | str) -> bool:
    """Whether ``catalog.duckdb`` points at the current version of every table."""
    import duckdb

    path = catalog_path(data_dir)
    if not path.exists():
        return False
    try:
        con = open_catalog(path)
        try:
            recorded = con.execute("SELECT versions FROM vks_meta").fetchone()[0]
        finally:
            con.close()
    except (duckdb.Error, DatasetError, TypeError):
        return False
    return json.loads(recorded or "{}") == {k: v for k, v in table_versions(data_dir).items()}


def build_catalog(data_dir: Path | str) -> Path:
    """(Re)create ``catalog.duckdb`` atomically: one view per table over the Parquet files of the table's
    current Delta version (a consistent snapshot), and the derived views."""
    versions = table_versions(data_dir)

    def write(tmp: Path) -> None:
        import duckdb

        con = duckdb.connect(str(tmp))
        try:
            sources = table_sources(data_dir)
            _create_empty_tables(con, sources)
            _create_views(con, sources, data_dir)
            con.execute("CREATE TABLE vks_meta AS SELECT ? AS schema_version, ? AS versions",
                        [SCHEMA_VERSION, json.dumps(versions)])
        finally:
            con.close()

    return atomic_write(catalog_path(data_dir), write)


def table_sources(data_dir: Path | str | None) -> dict[str, list[str]]:
    """The Parquet files of each stored table's current version (a consistent snapshot; [] for a table
    with no data file yet), for the tables that exist."""
    out: dict[str, list[str]] = {}
    for name in TABLES:
        if not exists(name, data_dir):
            continue
        dt = _open(name, data_dir)
        out[name] = ([f.removeprefix("file://") for f in dt.file_uris()] if dt is not None
                     else [str(legacy_path(name, data_dir).resolve())])
    return out


def _create_empty_tables(con, sources: dict[str, list[str]]) -> None:
    # a table with no data file yet is an empty table with the right columns (made from Arrow, which a
    # sandbox must do before it shuts external access)
    for name, files in sources.items():
        if not files:
            con.register("empty_arrow", SCHEMAS[name].empty_table())
            con.execute(f"CREATE TABLE {STORED_AS.get(name, name)} AS SELECT * FROM empty_arrow")
            con.unregister("empty_arrow")


def _create_views(con, sources: dict[str, list[str]], data_dir: Path | str | None) -> None:
    """One view per stored table over its files, the views that take a stored table's name, and VIEWS."""
    for name, files in sources.items():
        if files:
            listed = ", ".join(_sql_str(f) for f in files)
            con.execute(f"CREATE VIEW {STORED_AS.get(name, name)} AS "
                        f"SELECT * FROM read_parquet([{listed}], union_by_name = true)")
        if name in DERIVED:
            con.execute(f"CREATE VIEW {name} AS {DERIVED[name][1]}")
    for name, (needs, sql) in VIEWS.items():
        if all(t in sources for t in needs):
            con.execute(f"CREATE VIEW {name} AS {sql(data_dir) if callable(sql) else sql}")


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


_READ_ONLY_TYPES = {"SELECT", "EXPLAIN", "PRAGMA"}

# what a refused query is told: the sandbox's rules and the way to do the refused thing instead
SANDBOX_RULES = ("vks query is read-only and reads only the project's tables and views ({tables}): files, "
                 "URLs, COPY, ATTACH, INSTALL/LOAD and SET are refused. Use one SELECT (or EXPLAIN/PRAGMA) over "
                 "those names; to read other files, use DuckDB or pandas yourself (e.g. pipeline.load(\"articles\"))")

# DuckDB settings of the sandbox. Auto-install and auto-load are off so that no query (a URL in read_parquet,
# a function of an unloaded extension) ever makes DuckDB download or load an extension.
_SANDBOX_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def sandbox(data_dir: Path | str | None = None):
    """A DuckDB connection that sees the project's tables and views and nothing else.

    The views are created while the Parquet files of the tables are the only paths DuckDB may open
    (``allowed_paths``); then external access is switched off and the configuration locked, so no later
    statement can read another file, a URL or an extension, write a file, attach a database or change a
    setting. This is what ``vks query``, ``pipeline.query()`` and anything serving SQL must use.
    """
    import duckdb

    folder = processed_dir(data_dir)
    sources = table_sources(data_dir)
    con = duckdb.connect(":memory:", config=_SANDBOX_CONFIG)
    try:
        _create_empty_tables(con, sources)
        # allowed_paths can only be set on a started database, and only while external access is on
        con.execute("SET allowed_paths = ?", [[f for files in sources.values() for f in files]])
        con.execute("SET enable_external_access = false")
        _create_views(con, sources, data_dir)
        con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:
        con.close()
        raise DatasetError(f"{folder}: cannot open the tables for SQL ({exc}); run `vks process` to rebuild them") from exc
    return con


def _names(data_dir: Path | str | None) -> str:
    tables = [n for n in TABLES if exists(n, data_dir)]
    views = [n for n, (needs, _) in VIEWS.items() if all(t in tables for t in needs)]
    return ", ".join(tables + views) or "none yet"


def open_catalog(path: Path):
    """The one place a read-only connection to the catalog is opened (connection settings go here)."""
    import duckdb

    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise DatasetError(f"{path}: cannot open the catalog ({exc}); run `vks process` to rebuild it") from exc


def query(sql: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """Answer one read-only SQL statement over the tables, in the sandbox (see ``sandbox``)."""
    import duckdb

    path = catalog_path(data_dir)
    if not path.exists():
        raise DatasetError(f"{path}: no catalog yet; run `vks process` (or `vks demo`) first")
    rules = SANDBOX_RULES.format(tables=_names(data_dir))
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise DatasetError(f"SQL error: {exc}") from exc
    if len(statements) != 1:
        raise QueryRefused(f"give exactly one SQL statement (got {len(statements)}). {rules}")
    kind = statements[0].type.name
    if kind not in _READ_ONLY_TYPES:
        shown = {"LOAD": "INSTALL/LOAD"}.get(kind, kind)  # DuckDB files INSTALL under LOAD
        raise QueryRefused(f"{shown} statements are refused. {rules}")
    con = sandbox(data_dir)
    try:
        return con.execute(sql).df()
    except duckdb.PermissionException as exc:
        raise QueryRefused(f"refused: {_first_line(exc)}. {rules}") from exc
    except duckdb.InvalidInputException as exc:
        if "configuration has been locked" in str(exc):
            raise QueryRefused(f"refused: {_first_line(exc)}. {rules}") from exc
        raise DatasetError(f"SQL error: {exc}") from exc
    except duckdb.Error as exc:
        raise DatasetError(f"SQL error: {exc}") from exc
    finally:
        con.close()


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0].rstrip(".")


def to_json_records(df: pd.DataFrame) -> str:
    return json.dumps(json.loads(df.to_json(orient="records", date_format="iso", force_ascii=False)),
                      ensure_ascii=False, indent=None)

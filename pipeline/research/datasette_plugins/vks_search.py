"""Datasette plugin that ``vks serve`` loads (``--plugins-dir``): Vietnamese-folding search, and a unit's
name linking to the articles that mention it.

The export indexes every title and text as written and folded (``fold_for_search``: no marks, đ -> d). Here
the query is folded too, so "Đảng", "Dang" and "dang" are the same query and find the same articles: without
this a query with "đ" would only match the written text, and one with "d" would also find "dạng".
Datasette escapes each search with the SQL function ``escape_fts``; this plugin registers its own after
Datasette's (``trylast``), which folds the query first. ``vn_fold(text)`` is there for canned and custom SQL.
"""

from __future__ import annotations

from urllib.parse import quote

from datasette import hookimpl
from datasette.utils import escape_fts
from markupsafe import Markup, escape

from pipeline.research.export_sqlite import fold_for_search


def escape_fts_folded(query: str) -> str:
    return escape_fts(fold_for_search(query))


@hookimpl(trylast=True)
def prepare_connection(conn) -> None:
    conn.create_function("vn_fold", 1, fold_for_search, deterministic=True)
    conn.create_function("escape_fts", 1, escape_fts_folded, deterministic=True)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """In the units table, a unit's name links to the canned query listing the articles that mention it."""
    if table != "units" or column != "name" or not value:
        return None
    columns = row.keys()  # a sqlite3.Row: `in row` would look among the values
    if "unit_id" not in columns:
        return None
    if "articles_mentioning_unit" not in (datasette.metadata("queries", database=database) or {}):
        return None
    href = f"{datasette.urls.query(database, 'articles_mentioning_unit')}?unit={quote(str(row['unit_id']))}"
    return Markup(f'<a href="{escape(href)}" title="articles mentioning this unit">{escape(value)}</a>')

"""Datasette's metadata for the SQLite export, generated from what the export holds.

Facets, labels and search per table, and canned queries for the researchers' questions. A facet is set only
for a column that exists, a canned query only when the tables it reads exist. Where a research table of the
contract (``citations``, ``unit_activity``) is missing, the same question is answered from the entity views
every catalog has (``doc_refs``, ``unit_mentions``), less completely, and the query says so.
"""

from __future__ import annotations

from pathlib import Path

from .export_sqlite import FTS_TABLE, META_TABLE

TITLE = "Vietnamese procuracy portals (VKSND)"
DESCRIPTION = (
    "Articles collected from procuracy portals, the entities found in them (units, documents, people, "
    "dates, laws) and the research tables built from them. Read-only. Search articles with or without tone "
    "marks (\"Đảng\" = \"Dang\"); facet by portal, type, year and unit; follow a unit or a document to the "
    "articles that mention it; the canned queries answer the usual questions.")

# table -> settings; "facets" keep only the columns the table has
TABLES: dict[str, dict] = {
    "articles": {"label_column": "title", "sort_desc": "published_at", "fts_table": FTS_TABLE,
                 "fts_pk": "rowid",
                 "facets": ["site", "article_type", "year", "category", {"array": "units_mentioned"}],
                 "description": "One row per article. The search box finds words with or without tone marks; "
                                "units_mentioned and documents_cited list the article's entities."},
    "units": {"label_column": "name", "facets": ["kind", "level", "province"],
              "description": "Units (procuracies, courts, police, governments, party bodies) with their "
                             "predecessor and successor across the 1 July 2025 reform. A unit's page links "
                             "to the mentions of it."},
    "entities": {"facets": ["type", "method"],
                 "description": "Every entity found in an article; article_id links to the article."},
    "unit_mentions": {"facets": ["unit", "kind", "level", "site"],
                      "description": "One row per unit mention: facet by unit to see who is written about."},
    "doc_refs": {"facets": ["doc_type", "site", "year"],
                 "description": "One row per document reference in an article."},
    "documents": {"sort_desc": "n_citations", "facets": ["doc_type", "year", "n_sites"],
                  "description": "One row per distinct cited document; its page links to its citations."},
    "citations": {"sort_desc": "published_at", "facets": ["site", "unit", "doc_id"],
                  "description": "One row per (article, document) citation, with the citing portal and unit."},
    "unit_activity": {"sort": "month", "facets": ["basis", "unit"],
                      "description": "Mentions per unit per month, as written and rolled up to today's "
                                     "successor."},
    "syndication": {"facets": ["first_publisher", "site", "is_first"],
                    "description": "The same story on several portals: one row per copy, with the first "
                                   "publisher and the lag in days."},
    META_TABLE: {"hidden": True},
}

_CITATIONS_FROM_DOC_REFS = "(SELECT article_id, number AS doc_id, site, NULL AS unit, published_at FROM doc_refs)"
_ACTIVITY_FROM_MENTIONS = ("(SELECT substr(published_at, 1, 7) || '-01' AS month, 'as_written' AS basis, unit_id, "
                           "unit, COUNT(*) AS mentions FROM unit_mentions WHERE published_at IS NOT NULL "
                           "GROUP BY 1, 2, 3, 4)")

# name -> (title, description, SQL with {placeholders}, [(tables needed, {placeholder: source}), ...]):
# the first source whose tables all exist is used
QUERIES: dict[str, tuple[str, str, str, list[tuple[tuple[str, ...], dict[str, str]]]]] = {
    "most_cited_documents_per_year": (
        "Most-cited documents per year",
        "The ten documents cited by the most articles in each year (year of the citing article).",
        """WITH per_year AS (
  SELECT CAST(substr(published_at, 1, 4) AS INTEGER) AS year, doc_id,
         COUNT(DISTINCT article_id) AS articles, COUNT(*) AS citations, COUNT(DISTINCT site) AS portals
  FROM {citations} WHERE published_at IS NOT NULL AND doc_id IS NOT NULL GROUP BY 1, 2),
ranked AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY year ORDER BY articles DESC, citations DESC, doc_id) AS rank
  FROM per_year)
SELECT year, rank, doc_id, articles, citations, portals FROM ranked WHERE rank <= 10 ORDER BY year DESC, rank""",
        [(("citations",), {"citations": "citations"}),
         (("doc_refs",), {"citations": _CITATIONS_FROM_DOC_REFS})],
    ),
    "who_cites_document": (
        "Who cites a document, over time",
        "Per month, the portals and units whose articles cite the document (its number, or part of it, "
        "e.g. 57-NQ/TW).",
        """SELECT substr(published_at, 1, 7) AS month, doc_id, site, unit,
       COUNT(DISTINCT article_id) AS articles, group_concat(DISTINCT article_id) AS article_ids
FROM {citations}
WHERE :document <> '' AND doc_id LIKE '%' || :document || '%'
GROUP BY 1, 2, 3, 4 ORDER BY month, site, unit""",
        [(("citations",), {"citations": "citations"}),
         (("doc_refs",), {"citations": _CITATIONS_FROM_DOC_REFS})],
    ),
    "unit_monthly_activity": (
        "One unit's monthly activity across 1 July 2025",
        "Mentions per month of the units whose id or name contains the words given (with or without tone "
        "marks), as written and rolled up to today's successor: give a regional procuracy to see its "
        "district predecessors' months before the reform counted in rolled_up.",
        """SELECT month, unit_id, unit,
       SUM(CASE WHEN basis = 'as_written' THEN mentions END) AS as_written,
       SUM(CASE WHEN basis = 'current' THEN mentions END) AS rolled_up,
       CASE WHEN month < '2025-07-01' THEN 'before 1 July 2025' ELSE 'from 1 July 2025' END AS reform
FROM {unit_activity}
WHERE :unit <> '' AND (unit_id = :unit OR vn_fold(unit) LIKE '%' || vn_fold(:unit) || '%')
GROUP BY month, unit_id, unit ORDER BY unit_id, month""",
        [(("unit_activity",), {"unit_activity": "unit_activity"}),
         (("unit_mentions",), {"unit_activity": _ACTIVITY_FROM_MENTIONS})],
    ),
    "articles_mentioning_unit": (
        "Articles mentioning a unit",
        "The articles that mention a unit (its id, or words of its name with or without tone marks).",
        """SELECT a.article_id, a.published_at, a.site, a.title, m.unit, COUNT(*) AS mentions
FROM unit_mentions m JOIN articles a ON a.article_id = m.article_id
WHERE :unit <> '' AND (m.unit_id = :unit OR vn_fold(m.unit) LIKE '%' || vn_fold(:unit) || '%')
GROUP BY a.article_id, m.unit ORDER BY a.published_at DESC, a.article_id""",
        [(("unit_mentions", "articles"), {})],
    ),
    "reprinted_stories": (
        "Stories reprinted across portals",
        "Stories published on more than one portal: the first publisher, the portals that reprinted it and "
        "their lag in days.",
        """SELECT cluster_id, first_publisher, MAX(CASE WHEN is_first THEN title END) AS title,
       MIN(published_at) AS first_published, COUNT(*) AS copies, COUNT(DISTINCT site) AS portals,
       group_concat(CASE WHEN NOT is_first THEN site || ' +' || COALESCE(lag_days, '?') || 'd' END, ', ')
         AS reprinted_by,
       MAX(lag_days) AS max_lag_days
FROM syndication GROUP BY cluster_id, first_publisher HAVING COUNT(DISTINCT site) > 1
ORDER BY portals DESC, first_published DESC""",
        [(("syndication",), {})],
    ),
}
# the source used when a research table is missing, so the page can say what the answer lacks
_FALLBACK_NOTE = " (Answered from {tables}: the {missing} table is not in this export.)"


def canned_queries(tables: set[str]) -> dict[str, dict]:
    """The canned queries whose tables exist in the export, with the best source for each."""
    out = {}
    for name, (title, description, sql, sources) in QUERIES.items():
        for i, (needs, fill) in enumerate(sources):
            if set(needs) <= tables:
                note = "" if i == 0 else _FALLBACK_NOTE.format(tables=", ".join(needs),
                                                               missing=", ".join(sources[0][0]))
                out[name] = {"title": title, "description": description + note, "sql": sql.format(**fill)}
                break
    return out


def table_metadata(columns: dict[str, list[str]]) -> dict[str, dict]:
    """Per-table settings for the tables the export holds, facets kept to the columns that exist."""
    out = {}
    for name, settings in TABLES.items():
        if name not in columns:
            continue
        have = set(columns[name])
        entry = {k: v for k, v in settings.items() if k != "facets"}
        facets = [f for f in settings.get("facets", [])
                  if (f if isinstance(f, str) else next(iter(f.values()))) in have]
        if facets:
            entry["facets"] = facets
        for key in ("label_column", "sort", "sort_desc"):
            if key in entry and entry[key] not in have:
                del entry[key]
        out[name] = entry
    return out


def metadata(db_path: Path | str) -> dict:
    """Datasette's metadata for the export at ``db_path`` (a database named after the file's stem)."""
    import sqlite_utils

    db = sqlite_utils.Database(db_path)
    columns = {name: db.table(name).columns_dict.keys() for name in db.table_names()}
    columns = {name: list(cols) for name, cols in columns.items()}
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "databases": {Path(db_path).stem: {
            "description": DESCRIPTION,
            "tables": table_metadata(columns),
            "queries": canned_queries(set(columns)),
        }},
    }

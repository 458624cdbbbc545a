"""Documents and who cites them: the ``documents`` and ``citations`` views of the catalog.

Both are derived from the ``doc_refs`` view (one row per DOCREF entity) so they follow the extractor with no
table of their own to keep in step. A document is its DOCREF value (ENTITIES.md's normalised number). The
same number can name two documents: Party documents are numbered afresh each term ("35-CT/TW" of 2014, 2019
and 2024) and an office's plans each year ("15/KH-VKS"); the attributes of a document are then the ones its
citing articles give most often (ties: the smallest), and ``issue_date`` the date they give most often.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .owners import owners_sql, site_owners

# tables the views read (the catalog creates a view only when they all exist)
DOCUMENTS_NEEDS = ("entities", "articles")
CITATIONS_NEEDS = ("entities", "articles", "tokens", "units")


def _most_frequent(column: str, alias: str, where: str) -> str:
    """A CTE body: per doc_id, the value of `column` written most often (ties: the smallest)."""
    return (f"SELECT doc_id, first({column} ORDER BY n DESC, {column}) AS {alias} FROM "
            f"(SELECT number AS doc_id, {column}, count(*) AS n FROM doc_refs WHERE {where} GROUP BY ALL) "
            "GROUP BY doc_id")


DOCUMENTS_SQL = f"""
    WITH counts AS (
        SELECT number AS doc_id, min(published_at) AS first_cited, max(published_at) AS last_cited,
               count(*) AS n_citations, count(DISTINCT article_id) AS n_articles, count(DISTINCT site) AS n_sites
        FROM doc_refs GROUP BY number),
    types AS ({_most_frequent("doc_type", "doc_type", "doc_type IS NOT NULL")}),
    issuers AS ({_most_frequent("issuers", "issuers", "len(issuers) > 0")}),
    years AS ({_most_frequent("year", "year", "year IS NOT NULL")}),
    dates AS ({_most_frequent("issue_date", "issue_date", "issue_date IS NOT NULL")})
    SELECT c.doc_id, t.doc_type, coalesce(i.issuers, []::VARCHAR[]) AS issuers,
           -- a Party number carries no year: the issue date gives it
           coalesce(y.year, year(d.issue_date))::INTEGER AS year, d.issue_date,
           c.first_cited, c.last_cited, c.n_citations, c.n_articles, c.n_sites
    FROM counts c
    LEFT JOIN types t USING (doc_id) LEFT JOIN issuers i USING (doc_id)
    LEFT JOIN years y USING (doc_id) LEFT JOIN dates d USING (doc_id)"""

CITATIONS_TEMPLATE = """
    WITH owners AS ({owners}),
    cited AS (  -- an article citing a document twice is one citation, at its first mention
        SELECT article_id, number AS doc_id, site, published_at, arg_min(sentence, start) AS sentence_no
        FROM doc_refs GROUP BY article_id, number, site, published_at)
    SELECT c.article_id, c.doc_id, c.site, o.unit_id, coalesce(u.name, o.owner) AS unit, c.published_at,
           substring(a.text, t.start + 1, t."end" - t.start) AS sentence
    FROM cited c
    JOIN articles a USING (article_id)
    LEFT JOIN tokens t ON t.article_id = c.article_id AND t.sentence = c.sentence_no
    LEFT JOIN owners o ON o.site = c.site
    LEFT JOIN units u ON u.unit_id = o.unit_id"""


def citations_sql(data_dir: Path | str) -> str:
    """The ``citations`` view's SQL, with the owners of the sites this data directory knows written in."""
    return CITATIONS_TEMPLATE.format(owners=owners_sql(site_owners(data_dir)))


# -- pandas helpers for notebooks (plain functions over the views' DataFrames) -------------------------

def most_cited_per_year(citations: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    """The `top` documents cited by the most articles in each year of publication: year, doc_id, articles,
    rank (1 = most cited; ties by doc_id). Citations without a publication date are left out."""
    dated = citations.dropna(subset=["published_at"])
    if dated.empty:
        return pd.DataFrame(columns=["year", "doc_id", "articles", "rank"])
    years = pd.to_datetime(dated["published_at"]).dt.year.rename("year")
    counts = dated.groupby([years, dated["doc_id"]])["article_id"].nunique().rename("articles").reset_index()
    counts = counts.sort_values(["year", "articles", "doc_id"], ascending=[True, False, True])
    counts["rank"] = counts.groupby("year").cumcount() + 1
    return counts[counts["rank"] <= top].reset_index(drop=True)


def citing_sites_over_time(citations: pd.DataFrame, doc_id: str, period: str = "Q") -> pd.DataFrame:
    """Articles citing `doc_id` per site and period (`period`: a pandas period alias, "M", "Q" or "Y"):
    period (its first day), site, articles."""
    rows = citations[(citations["doc_id"] == doc_id) & citations["published_at"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=["period", "site", "articles"])
    starts = pd.to_datetime(rows["published_at"]).dt.to_period(period).dt.start_time.rename("period")
    out = rows.groupby([starts, rows["site"]])["article_id"].nunique().rename("articles").reset_index()
    return out.sort_values(["period", "site"]).reset_index(drop=True)

"""The article-document-unit graph, for Gephi, Cytoscape or networkx (``vks export graph``).

Nodes carry ``kind`` (article | document | unit | site) and a ``label``; ids are ``<kind>:<id>``. Edges
carry ``relation``:
- article -> document ``cites`` (``weight``: the mentions in the article's text);
- article -> unit ``mentions`` (``weight``: the mentions);
- site -> article ``publishes``, and the site's owner unit -> site ``publishes``.
Only articles that cite a document are in the graph: the graph is about documents and who cites them.
The relation is not called ``type``: GEXF reserves an edge's ``type`` for directed/undirected.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import IO, Any

import networkx as nx
import numpy as np
import pandas as pd

FORMATS = ("graphml", "gexf")


def _value(v: Any) -> Any:
    """A value GraphML and GEXF can store (str, int, float, bool), or None to leave the attribute out."""
    if isinstance(v, list | tuple | np.ndarray):  # issuers: one string, as Gephi reads no lists
        return ";".join(str(x) for x in v)
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, np.generic):
        return _value(v.item())
    if isinstance(v, bool | int | float | str):
        return v
    return str(v)


def _attrs(**kwargs: Any) -> dict[str, Any]:
    return {k: val for k, v in kwargs.items() if (val := _value(v)) is not None and val != ""}


def build_graph(documents: pd.DataFrame, citations: pd.DataFrame, articles: pd.DataFrame,
                mentions: pd.DataFrame, cite_counts: pd.DataFrame | None = None) -> nx.DiGraph:
    """The graph from the views' DataFrames: ``documents``, ``citations``, ``articles`` (article_id, site,
    url, title, published_at, category, article_type), ``mentions`` (article_id, unit_id, unit, kind, level,
    n: one row per article and unit) and ``cite_counts`` (article_id, doc_id, n: mentions per citation;
    1 each when not given)."""
    g = nx.DiGraph()
    for d in documents.itertuples(index=False):
        g.add_node(f"document:{d.doc_id}", **_attrs(
            kind="document", label=d.doc_id, doc_type=d.doc_type, issuers=d.issuers, year=d.year,
            issue_date=d.issue_date, first_cited=d.first_cited, last_cited=d.last_cited,
            n_citations=d.n_citations, n_articles=d.n_articles, n_sites=d.n_sites))
    citing = set(citations["article_id"])
    for a in articles[articles["article_id"].isin(citing)].itertuples(index=False):
        node = f"article:{a.article_id}"
        g.add_node(node, **_attrs(kind="article", label=a.title, site=a.site, url=a.url,
                                  published_at=a.published_at, category=a.category, article_type=a.article_type))
        g.add_node(f"site:{a.site}", **_attrs(kind="site", label=a.site))
        g.add_edge(f"site:{a.site}", node, relation="publishes")
    weights = {} if cite_counts is None else {
        (r.article_id, r.doc_id): int(r.n) for r in cite_counts.itertuples(index=False)}
    for c in citations.itertuples(index=False):
        g.add_edge(f"article:{c.article_id}", f"document:{c.doc_id}", relation="cites",
                   weight=weights.get((c.article_id, c.doc_id), 1))
        if isinstance(c.unit_id, str) and c.unit_id:
            owner = f"unit:{c.unit_id}"
            if owner not in g:
                g.add_node(owner, **_attrs(kind="unit", label=c.unit, unit_id=c.unit_id))
            g.add_edge(owner, f"site:{c.site}", relation="publishes")
    for m in mentions[mentions["article_id"].isin(citing)].itertuples(index=False):
        uid = m.unit_id if isinstance(m.unit_id, str) and m.unit_id else m.unit
        node = f"unit:{uid}"
        if node not in g or "unit_kind" not in g.nodes[node]:
            g.add_node(node, **_attrs(kind="unit", label=m.unit, unit_id=m.unit_id, unit_kind=m.kind,
                                      level=m.level))
        g.add_edge(f"article:{m.article_id}", node, relation="mentions", weight=int(m.n))
    return g


def load_graph(data_dir: Path | str | None = None) -> nx.DiGraph:
    """The graph of a data directory, read through its catalog."""
    from ..dataset import query
    from ..errors import DatasetError

    def q(sql: str) -> pd.DataFrame:
        return query(sql, data_dir)

    views = set(q("SELECT view_name FROM duckdb_views() WHERE NOT internal")["view_name"])
    if not {"documents", "citations"} <= views:
        raise DatasetError("the catalog has no documents/citations views (it was built by an older version, "
                           "or there are no entities yet); run `vks process --rebuild`")

    return build_graph(
        q("SELECT * FROM documents ORDER BY doc_id"),
        q("SELECT * FROM citations ORDER BY article_id, doc_id"),
        q("SELECT article_id, site, url, title, published_at, category, article_type FROM articles "
          "WHERE article_id IN (SELECT article_id FROM citations) ORDER BY article_id"),
        q("SELECT article_id, unit_id, unit, any_value(kind) AS kind, any_value(level) AS level, count(*) AS n "
          "FROM unit_mentions WHERE article_id IN (SELECT article_id FROM citations) "
          "GROUP BY article_id, unit_id, unit ORDER BY article_id, unit"),
        q("SELECT article_id, number AS doc_id, count(*) AS n FROM doc_refs GROUP BY ALL"),
    )


def neighbourhood(g: nx.DiGraph, node: str, radius: int = 2) -> nx.DiGraph:
    """The part of the graph within `radius` steps of `node`, edges taken in either direction."""
    return nx.ego_graph(g, node, radius=radius, undirected=True)


def write_graph(g: nx.DiGraph, out: str | Path | IO[bytes], fmt: str) -> None:
    """Write the graph as GraphML or GEXF (1.2) to a path or a binary stream."""
    if fmt == "graphml":
        nx.write_graphml(g, out, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(g, out, encoding="utf-8", version="1.2draft")
    else:
        raise ValueError(f"unknown graph format {fmt!r}; formats: {', '.join(FORMATS)}")

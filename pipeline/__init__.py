"""vks-pipeline: Vietnamese procuracy portals -> raw crawl -> articles, tokens, entities, types.

    >>> import pipeline
    >>> articles = pipeline.load("articles")          # a pandas DataFrame
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def load(table: str, data_dir=None):
    """Return a table as a pandas DataFrame: articles, tokens, entities, skips, crawl_log (crawl_history for
    every state a URL went through), the research tables units, unit_links, syndication, and the catalog's
    views (documents, citations, unit_activity, doc_refs, unit_mentions), as ``vks query`` shows them.

    ``data_dir`` defaults to the configured data directory (``VKS_DATA_DIR`` or ``./data``).
    """
    from .dataset import load_table

    return load_table(table, data_dir)


def query(sql: str, data_dir=None):
    """Answer one read-only SQL statement over the tables and views; returns a DataFrame."""
    from .dataset import query as _query

    return _query(sql, data_dir)


__all__ = ["__version__", "load", "query"]

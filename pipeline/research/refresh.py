"""The researchers' stored tables, rebuilt over the whole collection: ``units`` + ``unit_links`` (units across
the 2025 reform) and ``syndication`` (one story on several portals).

These are analyses of the whole collection (a new article can link two units or join a cluster of old ones),
so they are not part of ``vks process``, which grows the tables by what is new and costs O(new articles).
``vks run`` and ``vks demo`` refresh them after processing; ``vks research`` does it on demand. Each table is
rewritten only when its rows changed, and the catalog is rebuilt after.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import dataset


def _changed(name: str, df: pd.DataFrame, data_dir: Path) -> bool:
    if not dataset.exists(name, data_dir):
        return True  # an empty result is a table too: "no syndicated story" is an answer
    try:
        return not dataset.read_arrow(name, data_dir).equals(dataset.to_arrow(name, df))
    except Exception:  # unreadable: rewrite it
        return True


def refresh(data_dir: Path | str) -> dict[str, int]:
    """Rebuild the research tables of ``data_dir`` from its articles and entities; returns the rows of each
    table that was written (an empty dict when nothing changed or there are no articles yet)."""
    from .syndication import syndication_table
    from .units import build_units

    data_dir = Path(data_dir)
    if not dataset.exists("articles", data_dir):
        return {}
    # only what the analyses read: the UNIT rows of entities and a few article columns
    entities = dataset.read_arrow("entities", data_dir, where=("type", ["UNIT"])).to_pandas()
    articles = dataset.read_arrow("articles", data_dir, ["article_id", "site", "url", "title", "published_at",
                                                          "fetched_at", "lead", "body", "text"]).to_pandas()
    units, unit_links = build_units(articles[["article_id", "text"]], entities)
    del entities
    syndication = syndication_table(articles)
    del articles
    written: dict[str, int] = {}
    for name, df in (("units", units), ("unit_links", unit_links), ("syndication", syndication)):
        if _changed(name, df, data_dir):
            dataset.write_table(name, df, data_dir)
            written[name] = len(df)
    if written or not dataset.catalog_is_current(data_dir):
        dataset.build_catalog(data_dir)
    return written

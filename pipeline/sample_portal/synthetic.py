"""A synthetic crawl for scale runs: synthetic sample articles rendered as the sample portal serves them and
written straight into a raw WARC file and the crawl ledger, as `vks scrape` would have left them.

Skipping HTTP keeps a 10,000-article run a benchmark of `vks process`, not of the local server.
"""

from __future__ import annotations

from pathlib import Path

from .content import SampleArticle, synthetic_articles
from .server import Portal, article_path

BASE_URL = "http://sample.invalid"


def write_crawl(raw_dir: Path, items: list[SampleArticle], base_url: str = BASE_URL) -> int:
    """Archive ``items`` as fetched article pages of the ``sample`` site; returns how many."""
    from ..scrape.archive import WarcArchive
    from ..scrape.ledger import Ledger

    portal = Portal()
    raw_dir.mkdir(parents=True, exist_ok=True)
    headers = [("Content-Type", "text/html; charset=utf-8")]
    with WarcArchive(raw_dir, "sample") as archive, Ledger(raw_dir / "ledger.sqlite") as ledger:
        for a in items:
            url = base_url + article_path(a)
            body = portal.article(a).encode("utf-8")
            name, offset, sha = archive.write_response(url, 200, "OK", headers, body)
            ledger.record(url, "sample", "article", status=200, outcome="ok", warc_file=name, warc_offset=offset,
                          sha256=sha, content_type=headers[0][1], article_key=str(a.id))
    return len(items)


def synthetic_crawl(raw_dir: Path, n: int, seed: int = 0, first_id: int | None = None) -> int:
    """Write ``n`` synthetic articles (ids from ``first_id``) into the raw crawl at ``raw_dir``."""
    kwargs = {} if first_id is None else {"first_id": first_id}
    return write_crawl(raw_dir, synthetic_articles(n, seed, **kwargs))

"""Collection: the polite HTTP client, robots.txt, listing discovery, the WARC archive and the ledger."""

from .crawl import scrape

__all__ = ["scrape"]

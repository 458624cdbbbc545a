"""HTML -> article records: site-profile selectors first, trafilatura as the generic fallback."""

from .article import parse_article, parse_listing
from .dates import first_date_in_text, parse_day_first
from .html import decode_html

__all__ = ["decode_html", "first_date_in_text", "parse_article", "parse_day_first", "parse_listing"]

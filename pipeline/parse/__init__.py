"""HTML -> article records: site-profile selectors first, trafilatura as the generic fallback."""

from .article import parse_article, parse_listing
from .dates import first_date_in_text, parse_date, parse_day_first
from .generic import extract_generic
from .html import decode_html
from .signals import article_signals, looks_like_article

__all__ = ["article_signals", "decode_html", "extract_generic", "first_date_in_text", "looks_like_article",
           "parse_article", "parse_date", "parse_day_first", "parse_listing"]

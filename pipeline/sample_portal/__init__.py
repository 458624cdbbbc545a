"""An offline portal for demos and tests: original articles in the genre of vkskh.gov.vn, served locally."""

from .content import articles, categories
from .server import Portal, PortalServer

__all__ = ["Portal", "PortalServer", "articles", "categories"]

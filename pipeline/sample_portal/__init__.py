"""An offline portal for demos and tests: original articles in the genre of vkskh.gov.vn, served locally."""

from .content import articles, categories
from .server import Portal, PortalServer
from .skins import SkinPortal, served_count, skin_names, truth

__all__ = ["Portal", "PortalServer", "SkinPortal", "articles", "categories", "served_count", "skin_names", "truth"]

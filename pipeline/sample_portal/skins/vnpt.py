"""The VNPT portal skin: the original vkskh.gov.vn-shaped sample portal (``server.Portal``), the default."""

from __future__ import annotations

from ..content import SampleArticle
from . import Skin
from .common import Request, Response


def _resolve(req: Request) -> Response:
    from urllib.parse import urlencode

    from ..server import Portal

    return Response(*Portal().resolve(req.path, urlencode(req.query)))


def _canonical(a: SampleArticle) -> str:
    from ..server import article_path

    return article_path(a)


SKIN = Skin(name="vnpt", family="VNPT portal (vkskh.gov.vn)", resolve=_resolve, canonical=_canonical,
            dated=lambda a: a.date_display != "none", server_header="SamplePortal/1.0")

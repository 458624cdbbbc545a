"""A fault-injecting portal for the robustness tests: the sample portal plus paths that misbehave the way
government servers do (slow, 5xx, 429 with Retry-After, resets, short bodies, redirect loops, off-site
redirects, endless or cycling listings, oversized bodies, odd encodings, malformed HTML, error pages served
with 200, empty 200s, robots.txt exclusions, 404 and 410).

Fault articles are listed in the section ``/su-co_99_2_c.html``; each has a fixed id. ``heal()`` makes the
transient faults (slow, 5xx, resets, short bodies) answer normally, as a server does the next night.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
import unicodedata
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from ..text import encode_cp1258
from . import content
from .server import Portal

FAULT_SECTION = 99


@dataclass(frozen=True)
class Fault:
    id: int
    key: str
    expected: str  # what the scraper must do, in words
    outcome: str  # the ledger outcome after a first run
    transient: bool = False  # heals on the next run
    good: bool = False  # an article that must end up in the table


FAULTS = (
    Fault(9101, "slow", "time out, retry, give up; retried next run", "transient", transient=True),
    Fault(9102, "http_500", "retry, give up; retried next run", "transient", transient=True),
    Fault(9103, "http_502", "retry, give up; retried next run", "transient", transient=True),
    Fault(9104, "http_503_once", "retry and get the page", "ok", good=True),
    Fault(9105, "http_429_retry_after", "wait Retry-After, then get the page", "ok", good=True),
    Fault(9106, "connection_reset", "retry, give up; retried next run", "transient", transient=True),
    Fault(9107, "short_body", "detect the cut body, retry, give up; retried next run", "transient", transient=True),
    Fault(9108, "redirect_loop", "stop the loop, record it", "redirect"),
    Fault(9109, "redirect_offsite", "refuse to follow to another host", "redirect"),
    Fault(9110, "oversize_declared", "refuse the body over the size cap", "too_large"),
    Fault(9111, "oversize_streamed", "stop reading at the size cap", "too_large"),
    Fault(9112, "windows_1258", "decode windows-1258", "ok", good=True),
    Fault(9113, "utf8_bom", "decode UTF-8 with a BOM", "ok", good=True),
    Fault(9114, "no_charset", "decode without any declared charset", "ok", good=True),
    Fault(9115, "nfd", "compose decomposed Unicode", "ok", good=True),
    Fault(9116, "malformed_html", "parse broken markup", "ok", good=True),
    Fault(9117, "error_page_200", "skip a 200 page holding no article", "no_article"),
    Fault(9118, "empty_200", "skip an empty 200", "no_article"),
    Fault(9119, "http_404", "record gone; never retried", "gone"),
    Fault(9120, "http_410", "record gone; never retried", "gone"),
    Fault(9121, "robots_disallowed", "obey robots.txt: never fetched", "robots"),
)
LISTING_FAULTS = {
    "endless": "/vo-tan_98_2_c.html",  # every page links a next page
    "cycle": "/vong-lap_97_2_c.html",  # page 2's "next" goes back to page 1
}
ROBOTS = "User-agent: *\nDisallow: /quan-tri/\nDisallow: /noi-bo-\n"
# which sample article lends its content to each fault page that must parse
_DONORS = {9104: 0, 9105: 1, 9112: 2, 9113: 3, 9114: 4, 9115: 5, 9116: 6}


def fault_by_id(fault_id: int) -> Fault | None:
    return next((f for f in FAULTS if f.id == fault_id), None)


def fault_path(f: Fault) -> str:
    prefix = "noi-bo-" if f.key == "robots_disallowed" else "su-co-"
    return f"/{prefix}{f.key.replace('_', '-')}_{f.id}_{FAULT_SECTION}_2_a.html"


def donor(f: Fault) -> content.SampleArticle:
    return content.articles()[_DONORS[f.id]]


class FaultPortal(Portal):
    """The sample portal plus the faults. Counts requests per path (for "retried or not" checks)."""

    def __init__(self, slow_seconds: float = 2.0, oversize_bytes: int = 3_000_000):
        super().__init__()
        self.slow_seconds = slow_seconds
        self.oversize_bytes = oversize_bytes
        self.healed = False
        self.hits: dict[str, int] = {}
        self._hit_lock = threading.Lock()

    def heal(self) -> None:
        self.healed = True

    def hit(self, path: str) -> int:
        with self._hit_lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            return self.hits[path]

    def fault_listing(self) -> str:
        rows = "".join(f'<div class="news-item"><a class="news-item-title" href="{fault_path(f)}">Sự cố {f.key}</a></div>'
                       for f in FAULTS)
        return self.page("Sự cố", f'<h2 class="cat-title">Sự cố</h2><div class="news-list">{rows}</div>')

    def listing_fault(self, kind: str, page: int) -> str:
        base = LISTING_FAULTS[kind]
        nxt = page + 1 if kind == "endless" else (2 if page == 1 else 1)
        return self.page(f"{kind} {page}", f'<div class="news-list"></div><div class="paging">'
                                            f'<a class="next" href="{base}?page={nxt}">Trang sau »</a></div>')

    def article_html(self, f: Fault) -> str:
        html = self.article(donor(f))
        # keep the fault page's own canonical URL (the donor's would merge the two articles)
        return html.replace(f'href="{_canonical(donor(f))}"', f'href="{fault_path(f)}"')


def _canonical(a: content.SampleArticle) -> str:
    from .server import article_path

    return article_path(a)


class _FaultHandler(BaseHTTPRequestHandler):
    portal: FaultPortal
    server_version = "FaultPortal/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, length: int | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
            self.wfile.flush()
        except OSError:
            pass

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        path = parts.path
        n = self.portal.hit(self.path)
        p = self.portal
        if path == "/robots.txt":
            return self._send(200, ROBOTS.encode(), "text/plain; charset=utf-8")
        if path == f"/su-co_{FAULT_SECTION}_2_c.html":
            return self._send(200, p.fault_listing().encode())
        for kind, base in LISTING_FAULTS.items():
            if path == base:
                page = int((parse_qs(parts.query).get("page") or ["1"])[0])
                return self._send(200, p.listing_fault(kind, page).encode())
        fault = None
        if path.endswith(f"_{FAULT_SECTION}_2_a.html"):
            try:
                fault = fault_by_id(int(path.rsplit("_", 4)[-4]))
            except ValueError:
                fault = None
        if fault is None:
            status, ctype, body, headers = p.resolve(path, parts.query)
            return self._send(status, body, ctype, headers)
        return self._fault(fault, n)

    def _fault(self, f: Fault, n: int) -> None:
        p = self.portal
        healthy = p.healed and f.transient
        key = f.key
        if healthy or key in ("http_503_once", "http_429_retry_after") and n > 1:
            html = p.article_html(f) if f.id in _DONORS else _plain_article(f)
            return self._send(200, html.encode())
        if key == "slow":
            time.sleep(p.slow_seconds)
            return self._send(200, _plain_article(f).encode())
        if key in ("http_500", "http_502"):
            return self._send(int(key[-3:]), b"<h1>Server Error</h1>")
        if key == "http_503_once":
            return self._send(503, b"<h1>Service Unavailable</h1>", headers={"Retry-After": "0"})
        if key == "http_429_retry_after":
            return self._send(429, b"<h1>Too Many Requests</h1>", headers={"Retry-After": "1"})
        if key == "connection_reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return None
        if key == "short_body":
            body = _plain_article(f).encode()
            self.close_connection = True
            self._send(200, body[:300], length=len(body))
            self.connection.shutdown(socket.SHUT_RDWR)
            return None
        if key == "redirect_loop":
            return self._send(302, headers={"Location": fault_path(f) + ("?b" if "?b" not in self.path else "")})
        if key == "redirect_offsite":
            return self._send(301, headers={"Location": "http://elsewhere.invalid/bai-viet.html"})
        if key == "oversize_declared":
            return self._send(200, b"x" * p.oversize_bytes)
        if key == "oversize_streamed":
            # no Content-Length: the body ends when the connection closes
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                chunk = b"<p>" + b"y" * 65530 + b"</p>"
                for _ in range(p.oversize_bytes // len(chunk) + 1):
                    self.wfile.write(chunk)
            except OSError:
                pass
            return None
        html = p.article_html(f) if f.id in _DONORS else ""
        if key == "windows_1258":
            return self._send(200, encode_cp1258(html.replace('<meta charset="utf-8">', '<meta charset="windows-1258">')),
                              "text/html; charset=windows-1258")
        if key == "utf8_bom":
            return self._send(200, b"\xef\xbb\xbf" + html.encode(), "text/html")
        if key == "no_charset":
            return self._send(200, html.replace('<meta charset="utf-8">', "").encode(), "text/html")
        if key == "nfd":
            return self._send(200, unicodedata.normalize("NFD", html).encode())
        if key == "malformed_html":
            broken = html.replace("</p>", "").replace("</div></div>", "</div>", 2).replace("</html>", "")
            broken = broken.replace('<div class="news-sapo">', '<div class="news-sapo"><b><i>')
            return self._send(200, ("</span>" + broken).encode())
        if key == "error_page_200":
            return self._send(200, p.page("Thông báo", "<h2>Hệ thống đang bảo trì, vui lòng quay lại sau.</h2>").encode())
        if key == "empty_200":
            return self._send(200, b"")
        if key == "http_404":
            return self._send(404, b"<h1>Not Found</h1>")
        if key == "http_410":
            return self._send(410, b"<h1>Gone</h1>")
        return self._send(200, _plain_article(f).encode())  # robots_disallowed: a page nobody should ask for


def _plain_article(f: Fault) -> str:
    a = content.articles()[-1 - (f.id % 20)]
    paras = "".join(f"<p>{escape(x)}</p>" for x in a.body)
    return (f'<html><head><meta charset="utf-8"><title>{escape(a.title)}</title></head><body>'
            f'<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/su-co_99_2_c.html">Sự cố</a></div>'
            f'<div class="news-detail"><h1 class="news-title">{escape(a.title)}</h1>'
            f'<div class="news-sapo">{escape(a.lead)}</div><div class="news-content">{paras}'
            f'<p><strong>{escape(a.author)}</strong></p></div></div></body></html>')


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # the faults break connections on purpose


class FaultServer:
    """``with FaultServer() as s: s.url`` serves a FaultPortal on 127.0.0.1 in a background thread."""

    def __init__(self, portal: FaultPortal | None = None, port: int = 0):
        self.portal = portal or FaultPortal()
        handler = type("Handler", (_FaultHandler,), {"portal": self.portal})
        self.httpd = _QuietServer(("127.0.0.1", port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

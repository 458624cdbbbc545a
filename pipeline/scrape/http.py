"""A polite HTTP client: one connection per host, a delay between requests, timeouts, a size cap,
retries with exponential back-off that honour Retry-After, and redirects kept on the allowed hosts."""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter

from .urls import join_url

log = logging.getLogger(__name__)

TRANSIENT_STATUS = {408, 425, 429, 500, 502, 503, 504}
MAX_REDIRECTS = 5


@dataclass
class Response:
    """What one fetch produced: the final response, or the reason there is none."""

    url: str
    outcome: str  # ok | not_modified | gone | http_error | transient | too_large | redirect | error
    status: int | None = None
    reason: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    final_url: str | None = None
    error: str | None = None
    attempts: int = 0
    hops: list[Response] = field(default_factory=list)  # the redirect responses before this one

    def content(self) -> bytes:
        """The body with any Content-Encoding undone."""
        return decode_content(self.body, self.header("Content-Encoding"))

    def header(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (now if now is not None else datetime.now(UTC).timestamp()))


class Fetcher:
    """Fetches URLs one at a time per host. ``sleep`` is injectable so tests can count waits."""

    def __init__(
        self,
        user_agent: str,
        delay: float,
        timeout: float,
        max_bytes: int,
        retries: int,
        backoff: float,
        max_retry_after: float = 120.0,
        allowed_hosts: set[str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.delay = delay
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.allowed_hosts = allowed_hosts
        self.sleep = sleep
        self.requests_made = 0
        self._last: dict[str, float] = {}
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=1, max_retries=0, pool_block=True)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update(
            {"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
             "Accept-Language": "vi,en;q=0.5"}
        )

    def close(self) -> None:
        self.session.close()

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None and self.delay > 0:
            gap = self.delay - (time.monotonic() - last)
            if gap > 0:
                self.sleep(gap)
        self._last[host] = time.monotonic()

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        host = urlsplit(url).netloc
        self._wait_turn(host)
        self.requests_made += 1
        try:
            with self.session.get(
                url, headers=headers, timeout=self.timeout, stream=True, allow_redirects=False
            ) as r:
                resp = Response(url=url, outcome="ok", status=r.status_code, reason=r.reason or "",
                                headers=list(r.raw.headers.items()))
                declared = r.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    resp.outcome, resp.error = "too_large", f"Content-Length {declared} > cap {self.max_bytes}"
                    return resp
                chunks, size = [], 0
                # the original bytes as sent (still compressed if the server compressed them)
                for chunk in r.raw.stream(65536, decode_content=False):
                    size += len(chunk)
                    if size > self.max_bytes:
                        resp.outcome, resp.error = "too_large", f"body over the cap of {self.max_bytes} bytes"
                        return resp
                    chunks.append(chunk)
                resp.body = b"".join(chunks)
                return resp
        except requests.exceptions.Timeout as exc:
            return Response(url=url, outcome="transient", error=f"timeout after {self.timeout}s ({type(exc).__name__})")
        except requests.exceptions.ConnectionError as exc:
            return Response(url=url, outcome="transient", error=f"connection failed: {_short(exc)}")
        except requests.exceptions.ChunkedEncodingError as exc:
            return Response(url=url, outcome="transient", error=f"body cut short: {_short(exc)}")
        except urllib3.exceptions.ReadTimeoutError:
            return Response(url=url, outcome="transient", error=f"timeout after {self.timeout}s reading the body")
        except urllib3.exceptions.HTTPError as exc:
            return Response(url=url, outcome="transient", error=f"body cut short: {_short(exc)}")
        except requests.exceptions.RequestException as exc:
            return Response(url=url, outcome="error", error=f"{type(exc).__name__}: {_short(exc)}")

    def _classify(self, resp: Response) -> Response:
        if resp.status is None or resp.outcome != "ok":
            return resp
        s = resp.status
        if s == 304:
            resp.outcome = "not_modified"
        elif s in (404, 410):
            resp.outcome, resp.error = "gone", f"HTTP {s}"
        elif s in TRANSIENT_STATUS:
            resp.outcome, resp.error = "transient", f"HTTP {s}"
        elif 300 <= s < 400:
            resp.outcome = "redirect"
        elif s >= 400:
            resp.outcome, resp.error = "http_error", f"HTTP {s}"
        elif not resp.body:
            resp.outcome, resp.error = "ok", None
        return resp

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """GET with retries for transient failures and on-site redirects followed."""
        headers = headers or {}
        hops: list[Response] = []
        seen = {url}
        current = url
        attempts = 0
        while True:
            resp = self._retrying(current, headers)
            attempts += resp.attempts
            if resp.outcome != "redirect":
                break
            location = resp.header("Location")
            if not location:
                resp.outcome, resp.error = "http_error", f"HTTP {resp.status} without a Location"
                break
            target = join_url(current, location)
            if target is None:
                resp.outcome, resp.error = "http_error", f"HTTP {resp.status} to an unreadable Location: {location!r}"
                break
            hops.append(resp)
            if self.allowed_hosts is not None and urlsplit(target).netloc not in self.allowed_hosts:
                resp = Response(url=url, outcome="redirect", status=resp.status,
                                error=f"redirect to another host refused: {target}", hops=hops[:-1])
                resp.hops = hops
                break
            if target in seen or len(hops) > MAX_REDIRECTS:
                resp = Response(url=url, outcome="redirect", status=resp.status,
                                error=f"redirect loop or too many redirects at {target}")
                resp.hops = hops
                break
            seen.add(target)
            current = target
        if resp.outcome not in ("redirect",):
            resp.hops = hops
        resp.final_url = current
        resp.attempts = attempts
        return resp

    def _retrying(self, url: str, headers: dict[str, str]) -> Response:
        attempt = 0
        while True:
            resp = self._classify(self._once(url, headers))
            attempt += 1
            resp.attempts = attempt
            if resp.outcome != "transient" or attempt > self.retries:
                return resp
            wait = self.backoff * (2 ** (attempt - 1))
            ra = retry_after_seconds(resp.header("Retry-After")) if resp.status else None
            if ra is not None:
                if ra > self.max_retry_after:
                    resp.error = f"{resp.error}; Retry-After {ra:.0f}s is over the limit of {self.max_retry_after:.0f}s"
                    return resp
                wait = max(wait, ra)
            log.info("retrying %s in %.1fs (%s)", url, wait, resp.error)
            self.sleep(wait)


def decode_content(body: bytes, encoding: str | None) -> bytes:
    """Undo gzip/deflate Content-Encoding; other or broken encodings return the bytes unchanged."""
    enc = (encoding or "").strip().lower()
    if enc in ("gzip", "x-gzip", "deflate"):
        import zlib

        try:
            wbits = 16 + zlib.MAX_WBITS if "gzip" in enc else zlib.MAX_WBITS
            return zlib.decompress(body, wbits)
        except zlib.error:
            try:
                return zlib.decompress(body, -zlib.MAX_WBITS)
            except zlib.error:
                return body
    return body


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) < 200 else text[:197] + "..."

"""The polite client against a real local server: retries, Retry-After, size cap, redirects, robots."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pipeline.scrape.http import Fetcher, retry_after_seconds


class Script:
    """path -> list of (status, headers, body) answered in turn (the last one repeats)."""

    def __init__(self, routes):
        self.routes = {k: list(v) for k, v in routes.items()}
        self.hits: dict[str, int] = {}


@pytest.fixture
def server():
    servers = []

    def start(routes):
        script = Script(routes)

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                script.hits[self.path] = script.hits.get(self.path, 0) + 1
                answers = script.routes.get(self.path, [(404, {}, b"")])
                status, headers, body = answers.pop(0) if len(answers) > 1 else answers[0]
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}", script

    yield start
    for s in servers:
        s.shutdown()
        s.server_close()


def fetcher(host: str, waits: list[float], **kw) -> Fetcher:
    args = dict(user_agent="vks-test", delay=0, timeout=5, max_bytes=1000, retries=2, backoff=0.5,
                allowed_hosts={host}, sleep=waits.append)
    args.update(kw)
    return Fetcher(**args)


def test_retry_after_is_honoured_then_success(server):
    base, script = server({"/p": [(429, {"Retry-After": "3"}, b""), (503, {}, b""), (200, {}, b"ok")]})
    waits: list[float] = []
    resp = fetcher(base[7:], waits).get(base + "/p")
    assert (resp.outcome, resp.status, resp.body, resp.attempts) == ("ok", 200, b"ok", 3)
    assert waits == [3.0, 1.0]  # Retry-After beats the 0.5 s back-off; then 0.5 * 2
    assert script.hits["/p"] == 3


def test_gives_up_after_the_retry_limit(server):
    base, script = server({"/p": [(502, {}, b"")]})
    resp = fetcher(base[7:], []).get(base + "/p")
    assert (resp.outcome, resp.error, resp.attempts) == ("transient", "HTTP 502", 3)
    assert script.hits["/p"] == 3


def test_size_cap_and_gone(server):
    base, _ = server({"/big": [(200, {}, b"x" * 5000)], "/gone": [(410, {}, b"")]})
    f = fetcher(base[7:], [])
    assert f.get(base + "/big").outcome == "too_large"
    assert f.get(base + "/gone").outcome == "gone"


def test_redirects_stay_on_allowed_hosts(server):
    base, _ = server({"/a": [(301, {"Location": "/b"}, b"")], "/b": [(200, {}, b"here")],
                      "/away": [(302, {"Location": "http://example.invalid/x"}, b"")],
                      "/loop": [(302, {"Location": "/loop2"}, b"")], "/loop2": [(302, {"Location": "/loop"}, b"")]})
    f = fetcher(base[7:], [])
    resp = f.get(base + "/a")
    assert (resp.outcome, resp.body, resp.final_url) == ("ok", b"here", base + "/b")
    assert len(resp.hops) == 1
    away = f.get(base + "/away")
    assert away.outcome == "redirect" and "another host" in away.error
    loop = f.get(base + "/loop")
    assert loop.outcome == "redirect" and "loop" in loop.error


def test_retry_after_http_date():
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == pytest.approx(10.0)
    assert retry_after_seconds("soon") is None

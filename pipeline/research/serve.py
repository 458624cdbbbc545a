"""``vks serve``: the SQLite export, browsable read-only in Datasette on localhost.

The export is (re)made when it is missing, older than the tables or of another export version; its metadata
(facets, labels, canned queries) is generated beside it. Datasette runs in a child process, read-only: the
file is opened ``--immutable`` (SQLite's read-only, unchanging mode), only SELECT is accepted, no write or
upload plugin is loaded (only ours, which folds Vietnamese searches), and every query has a time limit.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, VksError
from . import datasette_meta
from .export_sqlite import default_path, export_sqlite, is_stale

PLUGINS_DIR = Path(__file__).parent / "datasette_plugins"
# Datasette settings: a time limit on every query (facets get their own), long cells cut in table views
SETTINGS = {"sql_time_limit_ms": 3000, "facet_time_limit_ms": 1000, "truncate_cells_html": 300,
            "default_page_size": 50, "max_returned_rows": 1000}
READY_TIMEOUT = 60.0


@dataclass
class Prepared:
    db: Path
    metadata: Path
    exported: bool  # whether the export was (re)made now


def prepare(data_dir: Path | str, db: Path | str | None = None, force: bool = False) -> Prepared:
    """Export when needed and write the metadata beside the export."""
    db = Path(db) if db else default_path(data_dir)
    exported = force or is_stale(db, data_dir)
    if exported:
        export_sqlite(data_dir, db)
    meta = db.with_name(db.stem + "-metadata.json")
    tmp = meta.with_name(f".{meta.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(datasette_meta.metadata(db), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, meta)
    return Prepared(db, meta, exported)


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def datasette_command(prepared: Prepared, host: str, port: int) -> list[str]:
    cmd = [sys.executable, "-m", "datasette", "serve", "--immutable", str(prepared.db),
           "--metadata", str(prepared.metadata), "--plugins-dir", str(PLUGINS_DIR),
           "--host", host, "--port", str(port)]
    for key, value in SETTINGS.items():
        cmd += ["--setting", key, str(value)]
    return cmd


def url_for(host: str, port: int) -> str:
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = READY_TIMEOUT) -> None:
    """Wait until Datasette answers, or fail with what happened (it exited; it never answered)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise VksError(f"datasette stopped at start (exit code {proc.returncode}); see its message above "
                           "(a port in use? try another --port)")
        try:
            with urllib.request.urlopen(url + "-/versions.json", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise VksError(f"datasette did not answer on {url} within {timeout:.0f} s")


def can_open_browser() -> bool:
    """Whether a graphical browser can open: on a headless machine Python's webbrowser falls back to a
    text browser that takes over the terminal, so there we only print the URL."""
    return sys.platform in ("darwin", "win32") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def serve(data_dir: Path | str, host: str = "127.0.0.1", port: int = 8001, open_browser: bool = True,
          db: Path | str | None = None, echo: Callable[[str], None] = print) -> int:
    """Export if needed, run Datasette until Ctrl-C (or until it stops); returns its exit code."""
    if port < 0 or port > 65535:
        raise ConfigError(f"--port {port}: give a port between 1 and 65535 (0: any free port)")
    prepared = prepare(data_dir, db)
    echo(f"{'exported' if prepared.exported else 'export up to date'}: {prepared.db}")
    port = port or free_port(host)
    url = url_for(host, port)
    proc = subprocess.Popen(datasette_command(prepared, host, port))
    restore = _stop_on_sigterm()
    try:
        wait_ready(url, proc)
        db_url = url + prepared.db.stem
        echo(f"vks serve: {url} (articles: {db_url}/articles, canned queries: {db_url}); Ctrl-C to stop")
        if host not in ("127.0.0.1", "localhost", "::1"):
            echo(f"note: listening on {host}, so other machines can reach it too")
        if open_browser and can_open_browser():
            import webbrowser

            webbrowser.open(url)
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        _stop(proc)
        restore()


def _stop_on_sigterm() -> Callable[[], None]:
    """Make SIGTERM (a service manager, `kill`, `timeout`) stop us like Ctrl-C does, so that Datasette is
    stopped with us rather than left running."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

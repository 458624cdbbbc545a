"""Shared fixtures: the sample portal on a real local HTTP server, and a data directory built from it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.config import load_settings
from pipeline.process import process
from pipeline.research.refresh import refresh
from pipeline.sample_portal import Portal, PortalServer
from pipeline.scrape import scrape
from pipeline.sites import load_profile

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _session_model_cache(tmp_path_factory):
    # module- and session-scoped fixtures run before the per-test isolation below: they too must never
    # read or write the user's own model cache
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
        yield


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path_factory):
    # the user's own settings never leak into a test
    for key in list(os.environ):
        if key.startswith("VKS_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("VKS_CONFIG", str(tmp_path_factory.getbasetemp() / "no-vks.toml"))
    # one model cache for the session, never the user's own
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture
def portal():
    with PortalServer(portal=Portal()) as server:
        yield server


def settings_for(data_dir: Path, **overrides):
    return load_settings(config_file=None, data_dir=data_dir, delay=0.0, **overrides)


def crawl(server: PortalServer, data_dir: Path, **kwargs):
    profile = load_profile("sample", server.url)
    return scrape(profile, settings_for(data_dir), **kwargs)


def clean_env() -> dict[str, str]:
    """This process's environment without any VKS_* setting, for the subprocesses tests start."""
    return {k: v for k, v in os.environ.items() if not k.startswith("VKS_")}


def vks(*args: str, env: dict | None = None, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess."""
    full_env = clean_env()
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          env=full_env, cwd=kwargs.pop("cwd", ROOT), **kwargs)
    if check and proc.returncode != 0:
        raise AssertionError(f"vks {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory) -> Path:
    """A data directory holding a full scrape + process of the sample portal (built once per session)."""
    data_dir = tmp_path_factory.mktemp("demo-data")
    with PortalServer(portal=Portal()) as server:
        profile = load_profile("sample", server.url)
        settings = load_settings(config_file=None, data_dir=data_dir, delay=0.0)
        scrape(profile, settings)
    process(settings)
    refresh(data_dir)  # the research tables, as `vks demo` builds them
    return data_dir


# where test_faults.py leaves its table for the report below (the tests themselves never read it)
FAULT_TABLE_KEY = pytest.StashKey[list]()


def pytest_sessionfinish(session):
    # under pytest-xdist the fault suite runs in a worker: hand its table to the controller, which prints it
    rows = session.config.stash.get(FAULT_TABLE_KEY, None)
    if rows and hasattr(session.config, "workeroutput"):
        session.config.workeroutput["fault_table"] = [[r.key, r.expected, str(r.observed), r.lost] for r in rows]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    rows = getattr(node, "workeroutput", {}).get("fault_table")
    if rows:
        node.config.stash[FAULT_TABLE_KEY] = [SimpleNamespace(key=k, expected=e, observed=o, lost=n)
                                              for k, e, o, n in rows]


def pytest_terminal_summary(terminalreporter):
    """Print the fault suite's table: fault, expected behaviour, observed, articles lost."""
    rows = terminalreporter.config.stash.get(FAULT_TABLE_KEY, None)
    if not rows:
        return
    w = terminalreporter
    w.section("fault suite")
    w.write_line(f"{'fault':22} {'expected behaviour':52} {'observed':40} lost")
    for row in rows:
        w.write_line(f"{row.key:22} {row.expected[:52]:52} {row.observed[:40]:40} {row.lost:4d}")

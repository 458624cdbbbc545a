"""The SQL sandbox of `vks query` and `pipeline.query()`: the project's tables and views answer; files,
URLs, writes, attached databases, extensions and settings are refused with a clear error and no network."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

import pipeline
from pipeline.dataset import sandbox
from pipeline.errors import QueryRefused

from .conftest import vks


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local TCP port that records any connection made to it (nothing should ever connect)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


def connections(sock: socket.socket) -> int:
    n = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return n
        conn.close()
        n += 1


def hostile(port: int, outside: str, data_dir: str) -> dict[str, str]:
    """Statements the sandbox refuses, by what they try."""
    return {
        "read_csv outside": f"SELECT * FROM read_csv('{outside}')",
        "read_csv /etc/passwd": "SELECT * FROM read_csv('/etc/passwd')",
        "read_text": "SELECT * FROM read_text('/etc/passwd')",
        "read_blob": "SELECT * FROM read_blob('/etc/hostname')",
        "glob": "SELECT * FROM glob('/etc/*')",
        "copy": f"COPY (SELECT 1) TO '{data_dir}/processed/x.csv'",
        "explain analyze copy": f"EXPLAIN ANALYZE COPY (SELECT 1) TO '{data_dir}/processed/y.csv'",
        "attach": f"ATTACH '{data_dir}/processed/z.duckdb'",
        "install": "INSTALL httpfs",
        "load": "LOAD httpfs",
        "url": f"SELECT * FROM read_parquet('http://127.0.0.1:{port}/x.parquet')",
        "url csv": f"SELECT * FROM read_csv('http://127.0.0.1:{port}/x.csv')",
        "set": "SET enable_external_access = true",
        "pragma setting": "PRAGMA threads = 1",
        "two statements": "SELECT 1; SELECT 2",
    }


CASES = list(hostile(0, "", ""))


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_statement_is_refused_without_network(demo_data, tmp_path, listener, case):
    outside = tmp_path / "secret.csv"
    outside.write_text("secret\nthe data directory's neighbour\n", encoding="utf-8")
    before = sorted(p.name for p in (demo_data / "processed").iterdir())
    sql = hostile(listener.getsockname()[1], str(outside), str(demo_data))[case]
    with pytest.raises(QueryRefused, match="read-only") as info:
        pipeline.query(sql, demo_data)
    message = str(info.value)
    assert "the project's tables and views (articles" in message and "unit_mentions" in message
    assert "secret" not in message.replace("secret.csv", "")  # nothing of the file comes back
    assert connections(listener) == 0
    assert sorted(p.name for p in (demo_data / "processed").iterdir()) == before


def test_the_command_refuses_with_exit_code_2(demo_data, tmp_path, listener):
    outside = tmp_path / "secret.csv"
    outside.write_text("secret\n", encoding="utf-8")
    for case, sql in hostile(listener.getsockname()[1], str(outside), str(demo_data)).items():
        out = vks("query", sql, "--data-dir", str(demo_data), check=False)
        assert out.returncode == 2, (case, out.stdout, out.stderr)
        assert "read-only" in out.stderr and "SELECT" in out.stderr, (case, out.stderr)
        assert "Traceback" not in out.stderr and not out.stdout
    assert connections(listener) == 0


def test_tables_views_and_pragmas_still_answer(demo_data):
    n = len(pipeline.load("articles", demo_data))
    assert pipeline.query("SELECT count(*) AS n FROM articles", demo_data).iloc[0]["n"] == n
    assert len(pipeline.query("SELECT * FROM doc_refs LIMIT 3", demo_data)) == 3
    assert len(pipeline.query("SELECT * FROM unit_mentions JOIN units USING (unit_id) LIMIT 3", demo_data)) == 3
    shown = set(pipeline.query("PRAGMA show_tables", demo_data)["name"])
    assert {"articles", "entities", "tokens", "units", "crawl_log", "doc_refs", "unit_mentions"} <= shown
    assert len(pipeline.query("EXPLAIN SELECT * FROM articles", demo_data)) >= 1
    assert pipeline.query("SELECT current_setting('enable_external_access') AS x", demo_data).iloc[0]["x"] == False  # noqa: E712


def test_the_sandbox_connection_is_locked(demo_data):
    con = sandbox(demo_data)
    try:
        settings = dict(con.execute("SELECT name, value FROM duckdb_settings() WHERE name IN ("
                                    "'enable_external_access', 'autoinstall_known_extensions', "
                                    "'autoload_known_extensions', 'lock_configuration')").fetchall())
    finally:
        con.close()
    assert settings == {"enable_external_access": "false", "autoinstall_known_extensions": "false",
                        "autoload_known_extensions": "false", "lock_configuration": "true"}

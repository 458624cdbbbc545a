"""The crawl ledger: one SQLite row per URL, what makes re-runs incremental and crashed runs resumable.

Columns (table ``urls``): site, kind (listing | article | robots | sitemap | feed), article_key (the article id
read from the URL by the site profile), first/last fetched, HTTP status, outcome, ETag, Last-Modified, body
sha256, WARC file + offset of the latest good response, error text, attempts.

Outcomes: ``ok`` (200 with a body), ``not_modified`` (304 to a conditional GET), ``gone`` (404/410),
``http_error`` (other 4xx), ``transient`` (timeouts, resets, 429, 5xx after the retries), ``too_large``,
``redirect`` (off-site or looping redirect), ``robots`` (disallowed), ``not_article`` (a page the URL rule
of a portal without a hand-written profile took for an article, but which does not look like one),
``error`` (anything else). Terminal outcomes (ok, not_modified, gone, http_error, too_large, redirect,
robots, not_article) are not fetched again by a normal run; ``transient`` and ``error`` are.

Kinds: robots, listing, article, and for portals collected without a hand-written profile also sitemap,
feed and api (the WordPress REST API).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import DataDirError

SCHEMA_VERSION = 1
TERMINAL = ("ok", "not_modified", "gone", "http_error", "too_large", "redirect", "robots", "not_article")
GOOD = ("ok", "not_modified")

_DDL = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    kind TEXT NOT NULL,
    article_key TEXT,
    first_fetched TEXT,
    last_fetched TEXT,
    status INTEGER,
    outcome TEXT,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT,
    warc_file TEXT,
    warc_offset INTEGER,
    content_type TEXT,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    found_on TEXT
);
CREATE INDEX IF NOT EXISTS urls_article ON urls (site, article_key);
CREATE TABLE IF NOT EXISTS listings (
    site TEXT NOT NULL,
    start_url TEXT NOT NULL,
    complete_at TEXT,
    PRIMARY KEY (site, start_url)
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    command TEXT NOT NULL,
    site TEXT,
    started TEXT NOT NULL,
    finished TEXT,
    outcome TEXT,
    summary TEXT
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""

COLUMNS = (
    "url", "site", "kind", "article_key", "first_fetched", "last_fetched", "status", "outcome", "etag",
    "last_modified", "sha256", "warc_file", "warc_offset", "content_type", "error", "attempts", "found_on",
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    """A thin wrapper over the SQLite file; every write is its own committed transaction."""

    def __init__(self, path: Path, readonly: bool = False):
        self.path = path
        try:
            if readonly:
                if not path.exists():
                    raise DataDirError(f"{path}: no crawl ledger here; run `vks scrape` first")
                self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(path, timeout=30)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=FULL")
                self.db.executescript(_DDL)
                self.db.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                )
                self.db.commit()
            self.db.row_factory = sqlite3.Row
            self.db.execute("SELECT count(*) FROM urls").fetchone()
        except sqlite3.DatabaseError as exc:
            raise DataDirError(
                f"{path}: the crawl ledger is unreadable ({exc}). Move it aside and run `vks scrape` again; "
                "the WARC files beside it keep every page already fetched"
            ) from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self.db:
            yield self.db

    def get(self, url: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM urls WHERE url = ?", (url,)).fetchone()

    def is_known(self, site: str, url: str, article_key: str | None) -> bool:
        """True when the URL (or, for articles, any URL of the same article) reached a terminal outcome."""
        marks = ",".join("?" * len(TERMINAL))
        if article_key is not None:
            row = self.db.execute(
                f"SELECT 1 FROM urls WHERE site = ? AND article_key = ? AND outcome IN ({marks}) LIMIT 1",
                (site, article_key, *TERMINAL),
            ).fetchone()
            if row:
                return True
        row = self.db.execute(
            f"SELECT 1 FROM urls WHERE url = ? AND outcome IN ({marks})", (url, *TERMINAL)
        ).fetchone()
        return row is not None

    def has_other_url(self, site: str, url: str) -> bool:
        """Whether another URL already holds the article this URL's row is keyed to."""
        row = self.db.execute(
            "SELECT 1 FROM urls a JOIN urls b ON b.site = a.site AND b.article_key = a.article_key AND b.url != a.url "
            "WHERE a.url = ? AND a.site = ? AND a.article_key IS NOT NULL AND b.outcome IN ('ok', 'not_modified') "
            "LIMIT 1", (url, site)).fetchone()
        return row is not None

    def record(self, url: str, site: str, kind: str, **fields: Any) -> None:
        """Insert or update the URL's row. A response without a body keeps the last good WARC pointer."""
        fields = {k: v for k, v in fields.items() if k in COLUMNS}
        stamp = fields.pop("last_fetched", None) or now()
        with self._tx() as db:
            row = db.execute("SELECT attempts FROM urls WHERE url = ?", (url,)).fetchone()
            if row is None:
                db.execute(
                    "INSERT INTO urls (url, site, kind, first_fetched) VALUES (?, ?, ?, ?)",
                    (url, site, kind, stamp if fields.get("status") is not None else None),
                )
            sets = {"last_fetched": stamp, "kind": kind, **fields}
            if fields.get("status") is not None:
                db.execute("UPDATE urls SET first_fetched = coalesce(first_fetched, ?) WHERE url = ?", (stamp, url))
            cols = ", ".join(f"{k} = ?" for k in sets)
            db.execute(f"UPDATE urls SET {cols}, attempts = attempts + 1 WHERE url = ?", (*sets.values(), url))

    def listing_complete(self, site: str, start_url: str) -> bool:
        row = self.db.execute(
            "SELECT complete_at FROM listings WHERE site = ? AND start_url = ?", (site, start_url)
        ).fetchone()
        return bool(row and row[0])

    def mark_listing_complete(self, site: str, start_url: str) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO listings VALUES (?, ?, ?) ON CONFLICT(site, start_url) DO UPDATE SET complete_at = ?",
                (site, start_url, now(), now()),
            )

    def articles(self, site: str | None = None) -> list[sqlite3.Row]:
        """The latest good response of every article page (one row per URL)."""
        sql = "SELECT * FROM urls WHERE kind = 'article' AND warc_file IS NOT NULL"
        args: tuple = ()
        if site:
            sql += " AND site = ?"
            args = (site,)
        return self.db.execute(sql + " ORDER BY url", args).fetchall()

    def revalidation_targets(self, site: str) -> list[sqlite3.Row]:
        marks = ",".join("?" * len(GOOD))
        return self.db.execute(
            f"SELECT * FROM urls WHERE site = ? AND kind = 'article' AND outcome IN ({marks}) ORDER BY url",
            (site, *GOOD),
        ).fetchall()

    def rows(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute("SELECT * FROM urls ORDER BY url")]

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for kind, outcome, n in self.db.execute(
            "SELECT kind, coalesce(outcome, 'pending'), count(*) FROM urls GROUP BY 1, 2"
        ):
            out.setdefault(kind, {})[outcome] = n
        return out

    def start_run(self, command: str, site: str | None) -> int:
        with self._tx() as db:
            cur = db.execute("INSERT INTO runs (command, site, started) VALUES (?, ?, ?)", (command, site, now()))
            return int(cur.lastrowid)

    def finish_run(self, run_id: int, outcome: str, summary: dict[str, Any]) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE runs SET finished = ?, outcome = ?, summary = ? WHERE id = ?",
                (now(), outcome, json.dumps(summary, ensure_ascii=False, default=str), run_id),
            )

    def last_site_runs(self) -> list[dict[str, Any]]:
        """The latest scrape of every site (a `vks run` records its scrape under the site too)."""
        rows = self.db.execute(
            "SELECT * FROM runs WHERE id IN (SELECT max(id) FROM runs WHERE command = 'scrape' AND site IS NOT NULL "
            "GROUP BY site) ORDER BY site"
        ).fetchall()
        return [dict(r) | {"summary": json.loads(r["summary"]) if r["summary"] else None} for r in rows]

    def runs(self, limit: int = 10) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [dict(r) | {"summary": json.loads(r["summary"]) if r["summary"] else None} for r in rows]

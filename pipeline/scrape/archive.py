"""The raw archive: every HTTP response, headers and original bytes, in gzipped WARC files (warcio).

Files are only ever appended to. Each record is flushed and fsynced before the ledger points at it, so a
killed run can leave at most one torn record at the end of its own file, which nothing points at.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .. import __version__
from ..errors import DataDirError

# hop-by-hop framing that the HTTP client already undid; keeping it would make the stored record lie
_DROP_HEADERS = {"transfer-encoding", "connection", "keep-alive"}


@dataclass(frozen=True)
class StoredResponse:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes  # decoded of any Content-Encoding, as the server meant it
    date: str


class WarcArchive:
    """Appends response records to one WARC file per run under ``raw_dir/warc``."""

    def __init__(self, raw_dir: Path, site: str):
        self.dir = raw_dir / "warc"
        self.dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        self.name = f"{site}-{stamp}-{os.getpid()}.warc.gz"
        self.path = self.dir / self.name
        self._fh = open(self.path, "ab")  # noqa: SIM115 - held open for the whole run, closed in close()
        self._writer = WARCWriter(self._fh, gzip=True)
        info = self._writer.create_warcinfo_record(
            self.name, {"software": f"vks-pipeline/{__version__}", "format": "WARC File Format 1.1"}
        )
        self._write(info)

    def _write(self, record) -> int:
        offset = self._fh.tell()
        self._writer.write_record(record)
        self._fh.flush()
        os.fsync(self._fh.fileno())
        return offset

    def write_response(
        self, url: str, status: int, reason: str, headers: list[tuple[str, str]], body: bytes
    ) -> tuple[str, int, str]:
        """Store one response; returns (file name relative to raw/warc, offset, sha256 of the body)."""
        kept = [(k, v) for k, v in headers if k.lower() not in _DROP_HEADERS]
        http_headers = StatusAndHeaders(f"{status} {reason or ''}".strip(), kept, protocol="HTTP/1.1")
        record = self._writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http_headers
        )
        offset = self._write(record)
        return self.name, offset, hashlib.sha256(body).hexdigest()

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.close()

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_response(raw_dir: Path, name: str, offset: int) -> StoredResponse:
    """Read the response record at ``offset`` of ``raw_dir/warc/name``."""
    path = raw_dir / "warc" / name
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    raise DataDirError(f"{path}@{offset}: expected a response record, found {record.rec_type}")
                body = record.content_stream().read()
                headers = dict(record.http_headers.headers) if record.http_headers else {}
                return StoredResponse(
                    url=record.rec_headers.get_header("WARC-Target-URI"),
                    status=int(record.http_headers.get_statuscode()) if record.http_headers else 0,
                    headers=headers,
                    body=body,
                    date=record.rec_headers.get_header("WARC-Date"),
                )
    except FileNotFoundError as exc:
        raise DataDirError(f"{path}: WARC file named by the ledger is missing; restore it from backup") from exc
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        raise DataDirError(f"{path}@{offset}: unreadable WARC record ({exc})") from exc
    raise DataDirError(f"{path}@{offset}: no WARC record at this offset (torn file?)")


def iter_records(path: Path):
    """Yield (offset, url, status) of every complete response record; stop quietly at a torn tail."""
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                if record.rec_type == "response":
                    status = int(record.http_headers.get_statuscode()) if record.http_headers else 0
                    yield it.get_record_offset(), record.rec_headers.get_header("WARC-Target-URI"), status
        except (ArchiveLoadFailed, EOFError, OSError, ValueError):
            return

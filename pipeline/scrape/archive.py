"""The raw archive: every HTTP response, headers and original bytes, in gzipped WARC files (warcio).

Files are only ever appended to. Each record is flushed and fsynced before the ledger points at it, so a
killed run can leave at most one torn record at the end of its own file, which nothing points at.
"""

from __future__ import annotations

import hashlib
import io
import os
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .. import __version__
from ..errors import DataDirError
from ..killpoints import checkpoint

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
        buf = io.BytesIO()
        WARCWriter(buf, gzip=True).write_record(record)
        data = buf.getvalue()
        offset = self._fh.tell()
        half = len(data) // 2
        self._fh.write(data[:half])
        self._fh.flush()
        checkpoint("warc.mid_record")  # a kill here leaves a torn record at the end of this run's file
        self._fh.write(data[half:])
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
    yield from check_warc(path)[0]


def torn_offset(path: Path) -> int | None:
    """Where an incomplete gzip member (a torn record) starts at the end of a WARC file, or None."""
    pos, member_start, d = 0, 0, None
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            data = chunk
            while data:
                if d is None:
                    d, member_start = zlib.decompressobj(31), pos
                try:
                    d.decompress(data)
                except zlib.error:
                    return member_start
                if d.eof:
                    consumed = len(data) - len(d.unused_data)
                    pos, data, d = pos + consumed, d.unused_data, None
                else:
                    pos, data = pos + len(data), b""
    return member_start if d is not None else None


def check_warc(path: Path) -> tuple[list[tuple[int, str, int]], int | None]:
    """The complete response records of a WARC file, and the offset of a torn last record (or None).

    A run killed while writing leaves at most one incomplete record at the end of its own file; the ledger
    never points at it, and later runs write to new files, so it is reported and otherwise ignored.
    """
    torn = torn_offset(path)
    records: list[tuple[int, str, int]] = []
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                offset = it.get_record_offset()
                if torn is not None and offset >= torn:
                    break
                if record.rec_type == "response":
                    status = int(record.http_headers.get_statuscode()) if record.http_headers else 0
                    records.append((offset, record.rec_headers.get_header("WARC-Target-URI"), status))
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error):
            pass
    return records, torn

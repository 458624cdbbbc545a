"""One writer per data directory: an advisory lock (flock) on ``data/.vks.lock``.

The kernel drops a flock when its process dies, so a lock left by a killed run never blocks the next one.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from .errors import DataDirError, LockedError


def _holder(fd: int) -> dict:
    try:
        return json.loads(os.pread(fd, 4096, 0) or b"{}")
    except (ValueError, OSError):
        return {}


def lock_holder(data_dir: Path) -> dict | None:
    """Who holds the data directory's lock (``{"pid", "command", "since"}``), or None when it is free."""
    path = data_dir / ".vks.lock"
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _holder(fd) or {"pid": None, "command": None, "since": None}
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


@contextmanager
def data_dir_lock(data_dir: Path, command: str) -> Iterator[None]:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / ".vks.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise DataDirError(f"{data_dir}: cannot use this data directory ({exc.strerror}); "
                           "choose a writable one with --data-dir or VKS_DATA_DIR") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            info = _holder(fd)
            holder = f" (`vks {info.get('command')}`, pid {info.get('pid')}, since {info.get('since')})" if info else ""
            raise LockedError(f"{data_dir} is in use by another vks run{holder}; wait for it to finish "
                              "and try again") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "command": command,
                                  "since": datetime.now(UTC).isoformat(timespec="seconds")}).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock

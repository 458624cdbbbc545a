"""One way to write a file atomically: every file the project writes whole goes through :func:`atomic_write`.

The content goes to a temporary file in the same directory (so the rename cannot cross file systems), is
fsynced, renamed over the target, and the directory is fsynced: a reader or a killed run sees the old file
or the new one, never half of either. Temporary files are named ``.<name>.<pid>.tmp`` so that
:func:`remove_stale_temp_files` can clean what a killed run left.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .errors import DataDirError

Writer = Callable[[Path], None]


def temp_path(path: Path) -> Path:
    """The temporary sibling ``path`` is written to before the rename."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def atomic_write(path: Path | str, content: bytes | str | Writer) -> Path:
    """Write ``content`` to ``path`` atomically and durably.

    ``content`` is bytes, text (written as UTF-8), or a callback that writes the file at the path it is
    given (for writers that want a path, such as pyarrow or DuckDB); whatever else the callback leaves
    beside that path (``<tmp>.wal``) is removed.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path)
    tmp.unlink(missing_ok=True)
    try:
        if callable(content):
            content(tmp)
        else:
            tmp.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        raise DataDirError(f"{path}: cannot write ({exc.strerror or exc}); check free space and permissions "
                           "(nothing already stored was changed)") from exc
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
    return path


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete the temporary files a killed run left in ``folder`` (call while holding the data lock)."""
    if not folder.exists():
        return []
    stale = [p for p in folder.glob(".*.tmp")] + [p for p in folder.glob(".*.tmp.wal")]
    for p in stale:
        p.unlink(missing_ok=True)
    return stale

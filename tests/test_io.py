"""One atomic write: the old file or the new one, never half; nothing left behind on failure."""

from __future__ import annotations

import pytest

from pipeline.errors import DataDirError
from pipeline.io import atomic_write, remove_stale_temp_files, temp_path


def test_bytes_text_and_callback(tmp_path):
    target = tmp_path / "sub" / "f.bin"
    atomic_write(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    atomic_write(target, "Viện kiểm sát")
    assert target.read_text(encoding="utf-8") == "Viện kiểm sát"
    atomic_write(target, lambda p: p.write_bytes(b"via callback"))
    assert target.read_bytes() == b"via callback"
    assert [p.name for p in target.parent.iterdir()] == ["f.bin"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "f.txt"
    atomic_write(target, "old")

    def broken(path):
        path.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(DataDirError, match="f.txt"):
        atomic_write(target, broken)
    assert target.read_text() == "old"
    assert not temp_path(target).exists()


def test_stale_temp_files_are_removed(tmp_path):
    stale = temp_path(tmp_path / "catalog.duckdb")
    stale.write_text("left by a killed run")
    assert remove_stale_temp_files(tmp_path) == [stale]
    assert not stale.exists()

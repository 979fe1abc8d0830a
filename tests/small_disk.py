"""A real small disk for tests of full and write-protected media: a tmpfs mounted for the test (Linux, as root: CI
and the development machine; elsewhere the test is skipped), filled on demand."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


@contextlib.contextmanager
def mounted(folder: Path, size: str = "2m"):
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs Linux and root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system of `folder` (leaving about `leave` bytes); returns the filler file."""
    filler = folder / "filler.bin"
    with filler.open("wb", buffering=0) as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 4096)
    if leave:
        with filler.open("r+b") as out:
            out.truncate(max(0, filler.stat().st_size - leave))
    return filler


class FullAtCommit:
    """A connection whose next COMMIT fails as SQLite's does on a full disk (WAL pages are written at COMMIT; the
    transaction stays open, and dbmod.transaction rolls it back). Put it in place of `store.conn`; `.real` is the
    connection (a sqlite3.Connection's methods cannot be replaced)."""

    def __init__(self, real):
        self.real, self.armed = real, True

    @property
    def conn(self):  # dbmod._conn takes what is not a Connection by its .conn
        return self

    def execute(self, sql, *args):
        if self.armed and sql.strip().upper() == "COMMIT":
            self.armed = False
            raise sqlite3.OperationalError("database or disk is full")
        return self.real.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.real, name)

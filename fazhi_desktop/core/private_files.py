"""On Linux and macOS the office's own files are readable by the user alone (0600, folders 0700): the database with
its -wal, -shm and journal, backups, attachments, key files, the settings beside the database, the log and the data
folder. Other accounts on the same computer otherwise read every record (the default umask makes files 0644).

Files the user writes on purpose to a folder of her choosing (a PDF, a list, a report, a bundle, an enrolment file)
keep the usual 0644: she decides who gets them, and a PDF in a shared folder is there to be read.

Windows has no such modes (`os.chmod` only sets the read-only flag there): the data folder under the user's
profile is already the user's, and nothing here acts.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

POSIX = os.name == "posix"
OWNER_ONLY_UMASK = 0o077
FILE_MODE, FOLDER_MODE = 0o600, 0o700
#: what SQLite keeps beside a database file
DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")


@contextlib.contextmanager
def owner_only() -> Iterator[None]:
    """While the program runs, whatever it makes (files by SQLite, the log, folders) is the user's alone."""
    if not POSIX:
        yield
        return
    previous = os.umask(OWNER_ONLY_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def restrict(path: Path, mode: int) -> None:
    """Take away what `mode` does not allow from an existing file or folder (made by an earlier version, or under
    another umask). A file that is not ours, a read-only medium, a FAT stick: left as it is."""
    if not POSIX:
        return
    with contextlib.suppress(OSError):
        current = path.stat().st_mode & 0o777
        if current & ~mode:
            os.chmod(path, current & mode)


def restrict_database(db_path: Path) -> None:
    """The database file and SQLite's files beside it, readable by the user alone."""
    for suffix in DATABASE_SUFFIXES:
        restrict(db_path.with_name(db_path.name + suffix), FILE_MODE)


def create_database_file(db_path: Path) -> None:
    """An empty database file, owner-only from the start: SQLite gives its -wal and -shm the database file's mode."""
    if POSIX:
        with contextlib.suppress(OSError):  # exists, or cannot be made: SQLite says why in its own words
            os.close(os.open(db_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))

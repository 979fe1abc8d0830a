"""On Linux another account on the same PC read every record: the database, its backups and the data folder were
0644 and 0755. The office's own files are now the user's alone; a PDF she writes to a folder of her choosing is not
(she decides who gets it)."""

from __future__ import annotations

import io
import json
import os
import stat
import sys

import pytest

from fazhi_desktop.cli import main
from fazhi_desktop.core import paths
from fazhi_desktop.core.store import Store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows has no such modes")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask():
    """The umask a Linux desktop session gives (022): what made every file readable by others."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_database_its_backups_and_the_data_folder_are_the_users_alone(usual_umask, monkeypatch, tmp_path,
                                                                        valid_record):
    monkeypatch.delenv("FAZHI_DB", raising=False)
    data = paths.data_dir()
    data.mkdir(mode=0o755)  # as an earlier version left it
    assert main(["init", "--township", "640522100", "--operator", "马文"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(valid_record("meeting"), ensure_ascii=False)))
    assert main(["add", "meeting", "--json", "-"]) == 0
    assert main(["backup", "--to", str(tmp_path / "usb")]) == 0
    assert main(["pdf", "〔2026〕会记字第1号", "--kind", "minutes", "-o", str(tmp_path / "纪要.pdf")]) == 0

    db = paths.default_db_path()
    assert (mode(data), mode(db)) == (0o700, 0o600)
    [backup] = (tmp_path / "usb").glob("*.zip")
    assert mode(backup) == 0o600
    assert mode(tmp_path / "纪要.pdf") == 0o644  # written on purpose where she chose
    # into a folder the program makes for it: the folder is as readable as the file (it was 0700)
    assert main(["list", "meeting", "-o", str(tmp_path / "送审" / "会议.csv")]) == 0
    assert (mode(tmp_path / "送审"), mode(tmp_path / "送审" / "会议.csv")) == (0o755, 0o644)

    store = Store.open(db)  # SQLite's files beside it while a window writes
    store.save("meeting", valid_record("meeting"), "马文")
    assert [mode(db.with_name(db.name + s)) for s in ("-wal", "-shm")] == [0o600, 0o600]
    store.close()


def test_a_database_an_earlier_version_left_readable_by_all_is_made_the_users_alone(usual_umask, tmp_path,
                                                                                   monkeypatch):
    db = tmp_path / "office.db"
    monkeypatch.setenv("FAZHI_DB", str(db))
    assert main(["init", "--township", "640522100", "--operator", "马文"]) == 0
    os.chmod(db, 0o644)

    assert main(["list", "meeting"]) == 0

    assert mode(db) == 0o600

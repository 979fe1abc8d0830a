"""One database opened through a symlink (or a folder's link, or `..` through one) made its lock file beside the
path as given, so a second window opened the same database: now the lock is beside the file the system finds, and
the refusal still names the path the user gave."""

from __future__ import annotations

import os

import pytest

from fazhi_desktop.core.instance import AlreadyOpen, InstanceLock, is_locked, lock_path

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symlinks as on Linux, macOS")


@pytest.fixture
def office(tmp_path):
    """台账/office.db, a link to it beside 台账, and a link to the folder."""
    (tmp_path / "台账").mkdir()
    db = tmp_path / "台账" / "office.db"
    db.write_bytes(b"")
    (tmp_path / "桌面.db").symlink_to(db)
    (tmp_path / "快捷").symlink_to(tmp_path / "台账", target_is_directory=True)
    return db


def spellings(office):
    root = office.parent.parent
    return [root / "桌面.db", root / "快捷" / "office.db", root / "快捷" / ".." / "台账" / "office.db"]


def test_a_second_window_through_another_path_is_refused_naming_that_path(office):
    with InstanceLock.acquire(office):
        for other in spellings(office):
            assert is_locked(other)
            with pytest.raises(AlreadyOpen, match=f"该数据库已在另一个窗口中打开：{other.absolute()}"):
                InstanceLock.acquire(other)
    for other in spellings(office):  # and the other way round
        with InstanceLock.acquire(other):
            assert is_locked(office)


def test_one_lock_file_beside_the_database(office):
    assert {lock_path(p) for p in [office, *spellings(office)]} == {office.resolve().parent / "office.db.lock"}

"""The keys folder a deleted database left: found only when no database is there, set aside under a dated name
(never deleted), a second one the same second numbered, and a name already taken refused, not overwritten."""

from __future__ import annotations

from datetime import datetime

import pytest

from fazhi_desktop.core.bundle import left_keys
from fazhi_desktop.core.bundle.common import BundleError

WHEN = datetime(2026, 11, 28, 16, 47, 0)


def test_a_left_folder_is_set_aside_under_a_dated_name_with_its_files(tmp_path):
    db = tmp_path / "office.db"
    folder = tmp_path / "office-keys"
    assert left_keys.left_keys(db) is None  # no folder
    folder.mkdir()
    assert left_keys.left_keys(db) is None  # an empty one is no one's key
    (folder / "township.key").write_text("secret")
    assert left_keys.left_keys(db) == folder
    db.write_text("")
    assert left_keys.left_keys(db) is None  # its database is there: the office's own keys
    db.unlink()
    target = left_keys.aside_name(folder, WHEN)
    assert target.name == "office-keys-旧-20261128-164700"
    left_keys.set_aside(folder, target)
    assert not folder.exists() and (target / "township.key").read_text() == "secret"
    folder.mkdir()
    assert left_keys.aside_name(folder, WHEN).name == "office-keys-旧-20261128-164700-2"
    with pytest.raises(BundleError, match="已有同名的文件夹"):
        left_keys.set_aside(folder, target)
    assert folder.is_dir() and (target / "township.key").is_file()

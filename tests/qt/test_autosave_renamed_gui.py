# ruff: noqa: F811  (the `typed` fixture imported from test_autosave_gui)
"""恢复未保存的内容 after the database was renamed (office.db → fazhi.db with its `-files`, as README tells for
moving data, the `-autosave` left under the old name): offered, since the drafts belong to the database, not to its
file name; never to another database the folder was copied beside (core/autosave.py)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/, whatever pytest's import mode

from test_autosave_gui import CASE, start, typed  # noqa: F401  (fixture: 马丽's draft left by a power cut)

from fazhi_desktop.core import accounts, autosave
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

STAFF_PASSWORD = "mima-2026"


def test_a_renamed_database_offers_what_was_typed_before_the_power_cut(qtbot, typed, dialogs, ui_settings):
    typed.close()
    new = typed.path.with_name("fazhi.db")
    typed.path.rename(new)
    files = typed.path.with_name("office-files")
    if files.exists():
        files.rename(new.with_name("fazhi-files"))
    store = Store.open(new, ledgers=typed.ledgers, clock=typed.clock)
    try:
        window, offered = start(qtbot, store, dialogs, ui_settings, "马丽")
        assert offered is not None and CASE in offered.rows[next(iter(offered.rows))][0].text()
        offered.close()
        window.close()
    finally:
        store.close()


def test_another_database_is_not_offered_a_copied_folder(qtbot, typed, dialogs, ui_settings, tmp_path):
    other = init_database(tmp_path / "other.db", "640522100", office="海城镇司法所", ledgers=typed.ledgers,
                          clock=typed.clock)
    try:
        other.user = accounts.add_account(other, "admin", "系统管理员", "管理员", STAFF_PASSWORD)
        accounts.add_account(other, "马丽", None, "录入员", STAFF_PASSWORD, temporary=False)
        accounts.logout(other)
        shutil.copytree(autosave.folder(typed.path), autosave.folder(other.path))
        window, offered = start(qtbot, other, dialogs, ui_settings, "马丽")
        assert offered is None
        window.close()
    finally:
        other.close()

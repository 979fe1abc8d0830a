"""设置 → 备份 said nothing of the data restores set aside (`office-before-restore-…`: the office's records, kept
for good): it now lists them with their age and size, and 删除较早的… deletes those older than the days chosen,
listed and asked first (Enter: 取消), never the newest."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

import pytest

from fazhi_desktop.core.backup import create_backup, restore, set_aside
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.main_window import SETTINGS_PAGE, create_main_window

ACTOR = "杨芳"


@pytest.fixture
def restored(store, tmp_path, valid_record):
    """The database restored once (the newest set aside) and an older set-aside copy from 60 days ago."""
    store.save("meeting", valid_record("meeting", title="备份里的会议"), ACTOR)
    backup = create_backup(store.path, tmp_path / "usb").path
    store.close()
    restore(store.path, backup, ACTOR)
    newest = set_aside.find(store.path)[0]
    old = f"office-before-restore-{datetime.now() - timedelta(days=60):%Y%m%d-%H%M%S}"
    for path in newest.paths:
        copy = path.with_name(path.name.replace(newest.name, old))
        (shutil.copytree if path.is_dir() else shutil.copyfile)(path, copy)
    return newest.name, old


def test_the_backup_section_lists_what_restores_set_aside_and_deletes_the_older_when_asked(
        restored, qtbot, dialogs, ui_settings, tmp_path):
    newest, old = restored
    store = Store.open(tmp_path / "office.db")
    win = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(win)
    win.show()
    win.show_page(SETTINGS_PAGE)
    section = win.backup.section
    said = section.set_aside_label.text()
    assert f"{newest}（" in said and f"{old}（" in said and "60 天前" in said and "不会自动删除" in said
    assert section.set_aside_button.isEnabled()
    section.set_aside_days.setValue(30)
    section.set_aside_button.click()  # Enter (or 取消) keeps them
    kind, _title, text = dialogs.shown[-1]
    assert kind == "confirm" and dialogs.confirm_defaults[-1] is False
    assert f"{old}（" in text and f"最近一份 {newest} 保留" in text and f"{newest}（" not in text
    assert [s.name for s in set_aside.find(store.path)] == [newest, old]
    dialogs.confirm_answers.append(True)
    section.set_aside_button.click()
    assert "已删除 1 份恢复时换下的数据" in dialogs.shown[-1][2]
    assert [s.name for s in set_aside.find(store.path)] == [newest]
    assert f"{old}（" not in section.set_aside_label.text() and f"{newest}（" in section.set_aside_label.text()
    assert not section.set_aside_button.isEnabled()  # the newest alone: always kept

# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""After a restore from backup the 恢复完成 box said once what to do before entering new records (send the old PC's
last bundle, import the county's receipt, enter again what was on paper only), and never again: the next clerk to
open the program saw nothing of it. The main window shows the three steps briefly as a banner from the restore
until a county receipt is imported, or a 所长 clicks 不再提示; never at the county."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.backup import after_restore, create_backup, restore
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.clock import utc_iso
from fazhi_desktop.core.errors import PermissionDenied
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.main_window import create_main_window

ACTOR = "杨芳"


def open_window(qtbot, store, dialogs, ui_settings):
    window = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_banner_stays_from_the_restore_until_the_head_dismisses_it(qtbot, store, dialogs, ui_settings, beijing_time,
                                                                          valid_record, tmp_path, clock, request):
    store.save("meeting", valid_record("meeting"), ACTOR)
    backup = create_backup(store.path, tmp_path / "usb", clock=clock).path
    path, ledgers = store.path, store.ledgers
    store.close()
    clock.advance(days=3)
    restore(path, backup, "admin", clock=clock, ledgers=ledgers)
    restored = Store.open(path, ledgers, clock)
    request.addfinalizer(restored.close)  # after the windows are closed
    window = open_window(qtbot, restored, dialogs, ui_settings)
    banner = window.restore_banner
    assert banner.isVisibleTo(window)
    text = banner.label.text()
    assert text.startswith("本数据库已从 2026-06-01 16:00 的备份恢复，尚未导入县里在恢复之后写的回执。"
                           "录入新记录之前请先：")
    assert "①" in text and "② 请县里写回执，在“数据交换 → 导入县级回执”中导入" in text and "③" in text
    again = open_window(qtbot, restored, dialogs, ui_settings)  # the next start: said again
    assert again.restore_banner.isVisibleTo(again)
    again.restore_banner.dismiss_button.click()
    assert not again.restore_banner.isVisibleTo(again)
    last = open_window(qtbot, restored, dialogs, ui_settings)
    assert not last.restore_banner.isVisibleTo(last)


def test_importing_the_countys_receipt_ends_it_and_a_clerk_may_not_dismiss_it(world, clock):
    town = world.town()
    assert world.import_(world.export(town).path).ok
    clock.advance(hours=1)
    now = utc_iso(clock())  # as the restore writes it in the restored database (restoring._note)
    town.store.set_settings(restored_at=now, restored_backup_created_at=now)
    assert after_restore.pending(town.store) is not None
    town.store.user = SimpleNamespace(role="clerk", name="马丽")
    with pytest.raises(PermissionDenied, match="录入员无权关闭从备份恢复后的提示"):
        after_restore.dismiss(town.store)
    town.store.user = None
    clock.advance(minutes=5)
    world.receipt(town)
    assert after_restore.pending(town.store) is None
    assert after_restore.pending(world.county) is None


def test_a_receipt_the_county_wrote_before_the_restore_does_not_end_it(world, clock):
    """The clerk imported the receipt still on her stick (written before the old PC died, before the bundles it
    sent last): the banner went, though the county had not yet said where the numbers stand."""
    town = world.town()
    assert world.import_(world.export(town).path).ok
    old = write_receipts(world.county, world.keys, town.usb, [town.code])[0].path  # written before the restore
    clock.advance(hours=1)
    now = utc_iso(clock())
    town.store.set_settings(restored_at=now, restored_backup_created_at=now)
    clock.advance(minutes=5)
    import_receipt(town.store, old, "杨芳")
    assert after_restore.pending(town.store) is not None
    clock.advance(minutes=5)
    world.receipt(town)  # the county's receipt written after the restore
    assert after_restore.pending(town.store) is None

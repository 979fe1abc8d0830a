# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""写回执 at the county whenever the reviewer wants it, for the bundles already imported (it was reachable only in
the import window, right after an import), and a short message by township name that fits the screen."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/test_bundles_gui.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import COUNTY_PASS, county_template, world  # noqa: F401
from test_bundles_gui import ScriptedPrompts, make_window, menu_action

from fazhi_desktop.core.bundle.receipts import ReceiptWritten
from fazhi_desktop.qt import fonts, import_dialog
from fazhi_desktop.qt.dialogs import message_box
from fazhi_desktop.qt.receipts_view import receipts_message

ACTOR = "杨芳"


def imported_earlier(world, valid_record, *codes: str) -> None:
    """Bundles of these townships imported on an earlier visit (the import window long closed)."""
    for code in codes:
        town = world.town(code)
        town.store.save("meeting", valid_record("meeting"), ACTOR)
        world.import_(world.export(town).path)


def test_receipts_are_written_from_the_menu_for_bundles_imported_earlier(qtbot, world, valid_record, dialogs,
                                                                        ui_settings, tmp_path, clock):
    imported_earlier(world, valid_record, "640522100", "640522101")
    stick = tmp_path / "U盘"
    stick.mkdir()
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts(folder=stick))
    menu_action(window, "写回执").trigger()
    receipts = window.receipts_dialog
    assert [receipts.table.item(r, 0).text() for r in range(receipts.table.rowCount())] == ["海城镇", "李旺镇"]
    assert receipts.chosen() == ["640522100", "640522101"]  # both imported since their last receipt (none yet)
    assert receipts.table.item(0, 4).text() == "从未"
    assert not receipts.write_button.isEnabled()  # the county's passphrase opens the signing key
    qtbot.keyClicks(receipts.passphrase, COUNTY_PASS)
    qtbot.mouseClick(receipts.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: receipts.task is None and bool(dialogs.shown), timeout=30000)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("info", "已写回执")
    assert "海城镇：确认到变更第 1 条" in text and "李旺镇：确认到变更第 1 条" in text and "640522" not in text
    assert sorted(p.name for p in stick.iterdir()) == [
        "fazhi-receipt-640522100-000001.json", "fazhi-receipt-640522100-000001.json.minisig",
        "fazhi-receipt-640522101-000001.json", "fazhi-receipt-640522101-000001.json.minisig"]
    assert receipts.table.item(0, 4).text() != "从未"

    # a later visit: only 海城镇 sent something new, and only it is ticked
    clock.advance(hours=1)
    imported_earlier(world, valid_record, "640522100")
    receipts.refresh()
    qtbot.mouseClick(receipts.new_button, Qt.MouseButton.LeftButton)
    assert receipts.chosen() == ["640522100"]
    receipts.close()


def test_a_freshly_opened_import_window_writes_receipts_for_what_was_imported_before(qtbot, world, valid_record,
                                                                                   dialogs, ui_settings):
    imported_earlier(world, valid_record, "640522100")
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    dialog = import_dialog.open_import_dialog(window)
    assert dialog.receipt_button.isEnabled()  # it was greyed out until the stick had been imported again
    qtbot.mouseClick(dialog.receipt_button, Qt.MouseButton.LeftButton)
    receipts = dialog.receipts_dialog
    assert receipts.chosen() == ["640522100"] and receipts.passphrase.isVisibleTo(receipts)
    receipts.close()
    dialog.close()


def test_the_receipt_message_of_eighteen_townships_fits_a_laptop_screen_in_large_text(qtbot):
    """18 townships gave a box 705 pixels tall of wrapped file names and codes, 1,917 in 长者模式."""
    codes = ["640522001", "640522100", "640522101", "640522103", "640522104", "640522105", "640522200", "640522201",
             "640522202", "640522206", "640522207", "640522208", "640522209", "640522210", "640522211", "640522212",
             "640522213", "640522214"]
    written = [ReceiptWritten(code, Path(f"/media/U盘/fazhi-receipt-{code}-000125.json"), 125, 2) for code in codes]
    text = receipts_message(written, Path("/media/U盘"))
    assert "海城镇：确认到变更第 125 条" in text and "甘城乡：确认到变更第 125 条" in text and "640522" not in text
    app = QApplication.instance()
    fonts.apply_text_size(app, True)
    try:
        box = message_box(QMessageBox.Icon.Information, None, "已写回执", text, QMessageBox.StandardButton.Ok)
        qtbot.addWidget(box)
        box.show()
        QApplication.processEvents()
        label = box.findChild(QLabel, "qt_msgbox_label")
        line = label.fontMetrics().height()
        assert box.height() <= 600 and label.height() < line * 16, (box.height(), label.height())  # 800x600 screen
        assert box.width() <= box.screen().availableGeometry().width()
        box.close()
    finally:
        fonts.apply_text_size(app, False)


def written_from_menu(qtbot, world, dialogs, ui_settings, stick):
    """写回执 from the menu for the townships ticked, onto `stick`: the dialog and the box shown after it."""
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts(folder=stick))
    menu_action(window, "写回执").trigger()
    receipts = window.receipts_dialog
    qtbot.keyClicks(receipts.passphrase, COUNTY_PASS)
    qtbot.mouseClick(receipts.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: receipts.task is None and bool(dialogs.shown), timeout=30000)
    return receipts, dialogs.shown[-1]


def not_all_written(qtbot, world, dialogs, ui_settings, stick):
    """The dialog and the text of the box saying that not all were written."""
    receipts, (kind, title, text) = written_from_menu(qtbot, world, dialogs, ui_settings, stick)
    assert (kind, title) == ("error", "回执没有全部写出")
    return receipts, text


def test_receipts_that_stop_half_way_say_which_went_and_leave_the_rest_ticked(qtbot, world, valid_record, dialogs,
                                                                              ui_settings, tmp_path):
    """The second receipt could not be written: the box named only that file, 上次写回执 still said 从未 for the
    township whose receipt was on the stick, and the county keys had to be unlocked again."""
    imported_earlier(world, valid_record, "640522100", "640522101")
    stick = tmp_path / "U盘"
    (stick / "fazhi-receipt-640522101-000001.json").mkdir(parents=True)
    receipts, text = not_all_written(qtbot, world, dialogs, ui_settings, stick)
    assert text.startswith("已写出 1 份回执（海城镇）；其余 1 份未写：李旺镇。原因：无法写入 ")
    assert receipts.table.item(0, 4).text() != "从未" and receipts.table.item(1, 4).text() == "从未"
    assert receipts.chosen() == ["640522101"] and receipts.keys is not None  # another stick: one click
    receipts.close()


def test_a_township_without_a_print_key_is_named_and_the_other_receipt_written(qtbot, world, valid_record, dialogs,
                                                                                ui_settings, tmp_path):
    """海城镇's missing print key stopped the batch: 李旺镇 got no receipt either."""
    imported_earlier(world, valid_record, "640522100", "640522101")
    world.county.conn.execute("DELETE FROM settings WHERE key LIKE 'print_key.640522100.%'")
    stick = tmp_path / "U盘"
    stick.mkdir()
    receipts, text = not_all_written(qtbot, world, dialogs, ui_settings, stick)
    assert text.startswith("已写出 1 份回执（李旺镇）；1 份不能写：\n县里没有海城镇（640522100）的打印核验密钥")
    assert [p.name for p in stick.iterdir() if p.suffix == ".json"] == ["fazhi-receipt-640522101-000001.json"]
    assert receipts.table.item(0, 4).text() == "从未" and receipts.table.item(1, 4).text() != "从未"
    assert receipts.chosen() == []  # another stick would not help 海城镇: it sends a bundle first
    receipts.close()


def test_the_receipt_message_names_once_the_townships_whose_older_program_cannot_take_the_catalogs():
    """A rollout: the county's receipts carry its catalogs, which a township on the older program reads past; the
    message said nothing of it, so its 本年度指标 kept its own targets unnoticed."""
    written = [ReceiptWritten("640522100", Path("/media/U盘/a.json"), 12, 1, older="乡镇的程序较旧（…）"),
               ReceiptWritten("640522101", Path("/media/U盘/b.json"), 7, 1),
               ReceiptWritten("640522103", Path("/media/U盘/c.json"), 9, 1, older="乡镇的程序较旧（…）")]
    text = receipts_message(written, Path("/media/U盘"))
    assert ("注意：海城镇、西安镇的程序较旧，读不了回执带去的县里指标目录，其“本年度指标”仍按自己的目录计算："
            "请为这些乡镇升级程序，升级后再导入这份回执即同步。") in text
    assert "李旺镇、" not in text


def test_the_message_after_writing_names_the_catalogs_the_receipts_carry(qtbot, world, valid_record, dialogs,
                                                                        ui_settings, tmp_path):
    """写回执 said nothing of the county's catalogs the receipts carry (twenty-fifth session): one line names them."""
    from catalog_notices import NOTICE_2024, notice_2024

    from fazhi_desktop.core.indicators import use_catalog

    imported_earlier(world, valid_record, "640522100")
    use_catalog(world.county, notice_2024(tmp_path))
    stick = tmp_path / "U盘"
    stick.mkdir()
    receipts, (kind, title, text) = written_from_menu(qtbot, world, dialogs, ui_settings, stick)
    assert (kind, title) == ("info", "已写回执")
    assert f"回执同时带去县里的指标目录：《{NOTICE_2024}》（2024.1，2024 年起）" in text
    receipts.close()
